/**
 * The language server with a real client that nobody here wrote: Neovim's built-in LSP client
 * (Debian's `neovim`), driven headless by test/lsp/neovim-probe.lua. It opens an Entra manifest
 * and a PowerShell script, and asks for a hover and a completion through the protocol.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');

function hasNeovim(): boolean {
  return spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
}

interface ProbeResult {
  errors: string[];
  manifest_filetype: string;
  script_filetype: string;
  diagnostics: { manifest: { code: string; message: string }[]; script: { code: string; message: string }[] };
  hover?: string;
  completion?: string[];
}

describe('language server in Neovim (real LSP client)', function () {
  this.timeout(90000);
  let result: ProbeResult;

  before(function () {
    if (!hasNeovim()) {
      // scripts/e2e/setup.sh installs Debian's neovim; `npm test` runs this suite after it.
      console.log('    (skipped: nvim is not installed — run scripts/e2e/setup.sh)');
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-nvim-'));
    const script = path.join(dir, 'Connect-Graph.ps1');
    fs.writeFileSync(script, 'Connect-MgGraph -Scopes "User.Read", "Mail.", "Directory.ReadAll"\n');
    const out = path.join(dir, 'out.json');
    const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(root, 'test', 'lsp', 'neovim-probe.lua')}`], {
      cwd: root,
      encoding: 'utf8',
      timeout: 80000,
      env: {
        ...process.env,
        GPL_NODE: process.execPath,
        GPL_BIN: path.join(root, 'bin', 'graph-permission-lens.js'),
        GPL_MANIFEST: path.join(root, 'test', 'fixtures', 'workspace', 'all-rules.manifest.json'),
        GPL_SCRIPT: script,
        GPL_OUT: out,
        XDG_STATE_HOME: dir,
        XDG_DATA_HOME: dir,
        XDG_CONFIG_HOME: dir,
      },
    });
    assert.ok(fs.existsSync(out), `Neovim wrote no result (exit ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout}`);
    result = JSON.parse(fs.readFileSync(out, 'utf8')) as ProbeResult;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ran without client-side errors', () => {
    assert.deepStrictEqual(result.errors, []);
  });

  it('gets the manifest diagnostics pushed', () => {
    assert.strictEqual(result.manifest_filetype, 'json');
    const codes = new Set(result.diagnostics.manifest.map((d) => d.code));
    for (const c of ['high-privilege', 'duplicate-permission', 'unknown-permission-name', 'wrong-resource-app']) assert.ok(codes.has(c), `${c} in ${[...codes].join(', ')}`);
  });

  it('hovers a7a681dc-756e-4909-b988-f160edc6655f as Calls.AccessMedia.All, with no VS Code command links', () => {
    const text = (result.hover ?? '').replace(/\\(?=[^\w\s])/g, '');
    assert.match(text, /Calls\.AccessMedia\.All/);
    assert.doesNotMatch(text, /command:/);
  });

  it('checks a PowerShell script (Neovim calls it ps1) and completes names in its -Scopes list', () => {
    assert.strictEqual(result.script_filetype, 'ps1');
    assert.ok(result.diagnostics.script.some((d) => d.code === 'unknown-permission-name' && /Directory\.ReadAll/.test(d.message)), JSON.stringify(result.diagnostics.script));
    assert.ok(result.completion?.includes('Mail.Read'), (result.completion ?? []).slice(0, 10).join(', '));
  });
});
