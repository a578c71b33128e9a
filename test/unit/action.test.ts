/**
 * CI hosts: the GitHub Action (runner environment simulated: INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files), its committed bundle, the pre-commit hook, and the npm tarball run
 * with npx on nothing but Node.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { ACTION_INPUTS, ACTION_OUTPUTS, runAction, splitPaths } from '../../src/ci/action';
import { annotations } from '../../src/ci/summary';
import { formatOf } from '../../src/core/analyze';
import { FIXTURES, ROOT } from './helpers';

const DATA = path.join(ROOT, 'data');
const USAGE = path.join(FIXTURES, 'usage');
const LIMITS = { minGraphPermissions: 1 };

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-action-'));
}

interface Simulated {
  code: number;
  outputs: Record<string, string>;
  summary: string;
  log: string[];
  sarif: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Runs the action in-process with the runner's environment simulated. */
async function simulate(inputs: Record<string, string>): Promise<Simulated> {
  const dir = tmpDir();
  const env: Record<string, string> = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md') };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  env['INPUT_SARIF-FILE'] ??= path.join(dir, 'results.sarif');
  const log: string[] = [];
  const code = await runAction({ env, dataDir: DATA, log: (l) => log.push(l), limits: LIMITS });
  const read = (f: string): string => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  const outputs = Object.fromEntries(
    read(env.GITHUB_OUTPUT)
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const sarifFile = env['INPUT_SARIF-FILE'];
  return { code, outputs, summary: read(env.GITHUB_STEP_SUMMARY), log, sarif: fs.existsSync(sarifFile) ? JSON.parse(read(sarifFile)) : undefined };
}

describe('GitHub Action', () => {
  it('action.yml declares the inputs and outputs the code reads and writes, and runs the committed bundle on node24', () => {
    const action = parseYaml(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
    assert.deepStrictEqual(Object.keys(action.inputs).sort(), [...ACTION_INPUTS].sort());
    assert.deepStrictEqual(Object.keys(action.outputs).sort(), [...ACTION_OUTPUTS].sort());
    for (const [name, i] of Object.entries<{ description: string; required: boolean }>(action.inputs)) {
      assert.ok(i.description.length > 20 && i.required === false, name);
    }
    assert.deepStrictEqual(action.runs, { using: 'node24', main: 'action/index.js' });
    assert.ok(fs.existsSync(path.join(ROOT, 'action', 'index.js')));
  });

  it('the committed action/index.js is what `npm run build:action` produces from the current sources', function () {
    this.timeout(60_000);
    const script =
      "const { ACTION_BUILD } = await import('./scripts/action-build.mjs'); const esbuild = await import('esbuild');" +
      'const r = await esbuild.build({ ...ACTION_BUILD, write: false }); process.stdout.write(r.outputFiles[0].text);';
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.strictEqual(r.status, 0, r.stderr);
    const committed = fs.readFileSync(path.join(ROOT, 'action', 'index.js'), 'utf8');
    assert.ok(r.stdout === committed, 'action/index.js is out of date: run `npm run build:action` and commit action/index.js');
  });

  it('fails on fail-on error when a manifest has an error, with outputs, annotations and a job summary', async () => {
    const s = await simulate({ paths: 'test/fixtures/manifests/problems.json', 'fail-on': 'error' });
    assert.strictEqual(s.code, 1);
    assert.strictEqual(s.outputs.errors, '1');
    assert.strictEqual(Number(s.outputs.results), s.sarif.runs[0].results.length);
    assert.ok(Number(s.outputs.warnings) >= 1);
    assert.strictEqual(s.outputs['sarif-file'].endsWith('results.sarif'), true);
    assert.match(s.summary, /^## Graph Permission Lens/m);
    assert.match(s.summary, /fail-on `error`: \*\*failed\*\*/);
    assert.match(s.summary, /### High-risk grants \(risk ≥ 7\.0\)/);
    assert.match(s.summary, /\| error \| `permission-type-mismatch` \|/);
    assert.ok(s.log.some((l) => /^::error file=test\/fixtures\/manifests\/problems\.json,line=\d+,col=\d+,title=Graph Permission Lens%3A permission-type-mismatch::/.test(l)), s.log.join('\n'));
    assert.ok(s.log.some((l) => l.startsWith("::error title=Graph Permission Lens::findings at or above fail-on 'error'")));
  });

  it('passes with fail-on never, and with a rule turned off below the level', async () => {
    assert.strictEqual((await simulate({ paths: 'test/fixtures/manifests/problems.json', 'fail-on': 'never' })).code, 0);
    const off = await simulate({ paths: 'test/fixtures/manifests/problems.json', 'fail-on': 'error', rules: 'permission-type-mismatch=warning' });
    assert.strictEqual(off.code, 0);
    assert.strictEqual(off.outputs.errors, '0');
    assert.match(off.summary, /fail-on `error`: passed/);
  });

  it('risk-threshold: high-privilege, the high-risk count and the summary follow it; a bad value fails with exit 2', async () => {
    // problems.json requests RoleManagement.ReadWrite.Directory as Application (risk 10.0) and Calls.AccessMedia.All (6.5).
    const def = await simulate({ paths: 'test/fixtures/manifests/problems.json', 'fail-on': 'never' });
    assert.strictEqual(def.outputs['high-risk'], '1');
    assert.strictEqual(def.sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'high-privilege').length, 1);
    const low = await simulate({ paths: 'test/fixtures/manifests/problems.json', 'fail-on': 'never', 'risk-threshold': '6.5' });
    assert.strictEqual(low.outputs['high-risk'], '2');
    assert.match(low.summary, /### High-risk grants \(risk ≥ 6\.5\)/);
    assert.strictEqual(low.sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'high-privilege').length, 2);
    const bad = await simulate({ paths: 'test/fixtures/manifests/problems.json', 'risk-threshold': 'max' });
    assert.strictEqual(bad.code, 2);
  });

  it('least privilege: per app requested vs needed, the high-risk grants, and fail-on warning fails', async () => {
    const s = await simulate({
      paths: path.relative(ROOT, path.join(USAGE, 'app-daemon')),
      'fail-on': 'warning',
      'least-privilege': 'true',
      metadata: path.relative(ROOT, path.join(USAGE, 'upstream')),
      category: 'graph/app-daemon',
    });
    assert.strictEqual(s.code, 1);
    assert.match(s.summary, /### Least privilege: `test\/fixtures\/usage\/app-daemon`/);
    assert.match(s.summary, /\| Permission \| Kind \| Risk \| Requested \| Needed by the code \| Status \|/);
    assert.match(s.summary, /over-broad: `User\.Read\.All` suffices/);
    assert.match(s.summary, /\| \*\*missing\*\* \|/);
    // Needed and not requested, but a broader requested permission covers its calls: not "missing".
    assert.match(s.summary, /\| no \| yes \(\d calls?\) \| least privileged, not requested/);
    assert.match(s.summary, /\| `permission-over-broad` \|/);
    assert.deepStrictEqual(s.sarif.runs[0].automationDetails, { id: 'graph/app-daemon/' });
    assert.ok(Number(s.outputs['high-risk']) >= 1);
  });

  it('rejects a bad input with exit 2 and a message, and a failed scan with its exit code', async () => {
    const bad = await simulate({ 'least-privilege': 'maybe' });
    assert.strictEqual(bad.code, 2);
    assert.match(bad.log.join('\n'), /least-privilege must be true or false/);
    const usage = await simulate({ 'fail-on': 'sometimes' });
    assert.strictEqual(usage.code, 2);
    assert.match(usage.summary, /The scan failed \(exit 2\)/);
  });

  it('escapes workflow commands and splits paths as documented', () => {
    const log = {
      runs: [{ results: [{ ruleId: 'r', level: 'warning', message: { text: 'a\nb %' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'x,y:z.json' }, region: { startLine: 2 } } }] }] }],
    };
    assert.deepStrictEqual(annotations(log), ['::warning file=x%2Cy%3Az.json,line=2,col=1,title=Graph Permission Lens%3A r::a%0Ab %25']);
    assert.deepStrictEqual(splitPaths('a b'), ['a', 'b']);
    assert.deepStrictEqual(splitPaths('my apps/one\nother\n'), ['my apps/one', 'other']);
  });

  it('the committed bundle runs as the runner runs it (node action/index.js), exit status following fail-on', function () {
    this.timeout(60_000);
    const dir = tmpDir();
    fs.copyFileSync(path.join(FIXTURES, 'manifests', 'graph-app-manifest.json'), path.join(dir, 'app.json'));
    const run = (failOn: string) => {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        GITHUB_OUTPUT: path.join(dir, `out-${failOn}`),
        GITHUB_STEP_SUMMARY: path.join(dir, `summary-${failOn}.md`),
        INPUT_PATHS: '.',
        'INPUT_FAIL-ON': failOn,
        'INPUT_SARIF-FILE': `out/${failOn}.sarif`,
      };
      return spawnSync(process.execPath, [path.join(ROOT, 'action', 'index.js')], { cwd: dir, env, encoding: 'utf8' });
    };
    const warn = run('warning');
    assert.strictEqual(warn.status, 1, warn.stdout + warn.stderr);
    assert.match(fs.readFileSync(path.join(dir, 'summary-warning.md'), 'utf8'), /\| `Mail\.Send` \| Application \| 7\.0 high \| `app\.json:\d+` \|/);
    const err = run('error');
    assert.strictEqual(err.status, 0, err.stdout + err.stderr);
    assert.ok(JSON.parse(fs.readFileSync(path.join(dir, 'out', 'error.sarif'), 'utf8')).runs[0].results.length > 0);
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  it('runs scan --fail-on error on the changed files of the formats the scanner reads', () => {
    const hooks = parseYaml(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    assert.strictEqual(hooks.length, 1);
    const h = hooks[0];
    assert.strictEqual(h.id, 'graph-permission-lens');
    assert.strictEqual(h.language, 'node');
    assert.strictEqual(h.entry, 'graph-permission-lens scan --fail-on error');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.ok(pkg.bin['graph-permission-lens'], 'the entry is the package bin');
    assert.ok(pkg.scripts.prepack, 'pre-commit installs through npm pack: prepack builds the CLI');
    // pre-commit's `files` is a Python regex; `(?i)` is its case-insensitive flag.
    const re = new RegExp(String(h.files).replace(/^\(\?i\)/, ''), 'i');
    const names = ['a.json', 'A.JSONC', 'x.json5', 'main.bicep', 'p.bicepparam', 'main.tf', 'v.tfvars', 'c.hcl', 's.ps1', 'm.psm1', 'd.psd1', 'a.ts', 'a.tsx', 'a.mts', 'a.cts', 'a.js', 'a.jsx', 'a.mjs', 'a.cjs', 'P.cs', 'x.csx', 'a.py', 'A.java', 'r.http', 'r.rest', 'c.yml', 'c.yaml', 'R.md', 'x.markdown', 'x.mdx', 'a.sh', 'a.bash', 'a.zsh', 'a.azcli', 'a.txt', 'd.rst', 'd.adoc', 'i.html', 'v.cshtml', 'c.razor', 'web.config', 'p.csproj', 'a.xml', 'a.properties', 's.ini', '.env', 'x/.env.local', 'n.ipynb', 'a.png', 'Makefile', 'a.go', 'envoy.go'];
    for (const n of names) assert.strictEqual(re.test(n), !!formatOf(n), n);
  });
});

describe('npm package (npm pack → npx on nothing but Node)', () => {
  it('packs the bundled CLI and the store, with no runtime dependencies, and runs offline through npx', function () {
    this.timeout(240_000);
    const probe = spawnSync('npx', ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      console.log(`    (skipped: npx is not on PATH: ${probe.error?.message ?? probe.stderr})`);
      this.skip();
    }
    const dir = tmpDir();
    const env = { ...process.env, npm_config_cache: path.join(dir, 'cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
    const pack = spawnSync('npm', ['pack', ROOT, '--pack-destination', dir, '--json'], { cwd: dir, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
    assert.strictEqual(pack.status, 0, pack.stderr);
    const info = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')))[0];
    assert.deepStrictEqual(
      info.files.map((f: { path: string }) => f.path).sort(),
      ['CHANGELOG.md', 'LICENSE', 'NOTICE', 'README.md', 'bin/graph-permission-lens.js', 'data/paths.json', 'data/permissions.json', 'data/resources.json', 'dist/cli.js', 'dist/server.js', 'package.json'],
    );
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepStrictEqual(pkg.dependencies ?? {}, {}, 'the CLI is bundled: the tarball needs nothing from a registry');
    // A fresh empty npm cache and --offline: nothing can come from a registry.
    const work = fs.mkdtempSync(path.join(dir, 'work-'));
    fs.copyFileSync(path.join(FIXTURES, 'manifests', 'problems.json'), path.join(work, 'problems.json'));
    fs.copyFileSync(path.join(dir, info.filename), path.join(work, info.filename));
    const tgz = `./${info.filename}`;
    const scan = spawnSync('npx', ['--offline', '--yes', tgz, 'scan', '--format', 'json', 'problems.json'], { cwd: work, encoding: 'utf8', env });
    assert.strictEqual(scan.status, 0, scan.stderr);
    const out = JSON.parse(scan.stdout);
    assert.ok(out.files[0].diagnostics.some((d: { code: string }) => d.code === 'permission-type-mismatch'));
    const gate = spawnSync('npx', ['--offline', '--yes', tgz, 'scan', '--fail-on', 'error', 'problems.json'], { cwd: work, encoding: 'utf8', env });
    assert.strictEqual(gate.status, 1, gate.stderr);
    const lookup = spawnSync('npx', ['--offline', '--yes', tgz, 'lookup', 'RoleManagement.ReadWrite.Directory'], { cwd: work, encoding: 'utf8', env });
    assert.strictEqual(lookup.status, 0, lookup.stderr);
    assert.match(lookup.stdout, /risk 10\.0 \(critical\)/);
    // The path data ships too: the methods a permission unlocks, offline.
    const methods = spawnSync('npx', ['--offline', '--yes', tgz, 'lookup', 'Calls.AccessMedia.All'], { cwd: work, encoding: 'utf8', env });
    assert.strictEqual(methods.status, 0, methods.stderr);
    assert.match(methods.stdout, /POST +\/communications\/calls\/\{id\}\/playprompt/i);
  });
});
