import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runLeastPrivilege } from '../../src/core/leastPrivilege/command';
import { RULE_IDS } from '../../src/core/rules/index';
import { readRepository } from '../../src/platform/node/walk';
import { bundledStore, FIXTURES, ROOT, SHARED_UPSTREAM } from './helpers';

const BIN = path.join(ROOT, 'bin', 'graph-permission-lens.js');
/** A manifest with a type mismatch, a duplicate and a high-privilege permission. */
const PROBLEMS = path.join(FIXTURES, 'manifests', 'problems.json');

interface Diag {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: { title: string; edits: { line: number; column: number; endLine: number; endColumn: number; newText: string }[] }[];
}

function find(diagnostics: Diag[], code: string): Diag {
  const d = diagnostics.find((x) => x.code === code);
  assert.ok(d, `no ${code} in ${JSON.stringify(diagnostics.map((x) => x.code))}`);
  return d;
}

/** 1-based line of the n-th line containing `needle`. */
function lineOf(lines: string[], needle: string, nth = 0): number {
  const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  assert.ok(hits.length > nth, needle);
  return hits[nth];
}

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('CLI (bundled dist/cli.js through bin/)', () => {
  before(function () {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: `npm test` builds it first (npm run build)');
  });

  it('lookup names Calls.AccessMedia.All (Application) for its GUID', () => {
    const r = cli('lookup', 'a7a681dc-756e-4909-b988-f160edc6655f');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /Calls\.AccessMedia\.All/);
    assert.match(r.out, /Application/);
  });

  it('lookup lists, offline, the methods (least marked), privilege level and resources of Calls.AccessMedia.All', () => {
    const t = cli('lookup', 'Calls.AccessMedia.All');
    assert.strictEqual(t.code, 0, t.err);
    assert.match(t.out, /privilege level 3 of 4/);
    assert.match(t.out, /without an API version: v1\.0 and beta paths are mixed/);
    assert.match(t.out, /^\s+ POST\s+\/communications\/calls\/\{id\}\/playprompt$/im);
    assert.match(t.out, /^\s+\* POST\s+\/communications\/calls\/\{id\}\/recordresponse$/m, 'least privileged marked');
    assert.match(t.out, /Resources:\n\s+call: .*mediaState/);
    const j = cli('lookup', '--format', 'json', 'Calls.AccessMedia.All');
    const [hit] = JSON.parse(j.out);
    assert.strictEqual(hit.application.privilegeLevel, 3);
    assert.strictEqual(hit.application.adminConsentRequired, true);
    assert.ok(hit.application.methods.some((m: { method: string; path: string; least: boolean }) => m.method === 'POST' && /^\/communications\/calls\/\{id\}\/playprompt$/i.test(m.path)));
    assert.ok(hit.application.methods.some((m: { least: boolean }) => m.least));
    assert.strictEqual(hit.delegated, null);
    assert.strictEqual(hit.resources.types[0].name, 'call');
    assert.ok(hit.resources.types[0].properties.includes('mediaState'));
  });

  it('least-privilege on a small daemon app finds over-broad, unused and missing permissions with no --metadata', () => {
    const r = cli('least-privilege', '--format', 'json', path.join(ROOT, 'test', 'fixtures', 'usage', 'app-daemon'));
    assert.strictEqual(r.code, 0, r.err);
    const rules = (JSON.parse(r.out) as { apps: { findings: { rule: string }[] }[] }).apps[0].findings.map((f) => f.rule).sort();
    assert.deepStrictEqual(rules, ['permission-missing', 'permission-over-broad', 'permission-over-broad', 'permission-unused']);
  });

  it('lookup --format json prints both kinds of a name, and suggestions for a miss (exit 1)', () => {
    const r = cli('lookup', '--format', 'json', 'mail.send', 'Directory.ReadAll');
    assert.strictEqual(r.code, 1);
    const [hit, miss] = JSON.parse(r.out);
    assert.strictEqual(hit.name, 'Mail.Send');
    assert.strictEqual(hit.application.id, 'b633e1c5-b582-4048-a93e-9f11b44c7e96');
    assert.strictEqual(hit.delegated.id, 'e383f46e-2787-4529-855e-0e479a3ffac0');
    assert.strictEqual(miss.found, false);
    assert.strictEqual(miss.suggestions[0], 'Directory.Read.All');
  });

  it('scan --format json prints the documented object with 1-based positions', () => {
    const file = path.join(FIXTURES, 'manifests', 'graph-app-manifest.json');
    const r = cli('scan', '--format', 'json', file);
    assert.strictEqual(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.ok(out.store.permissions > 600);
    assert.ok(out.store.sources.length >= 1);
    assert.strictEqual(out.files.length, 1);
    const ref = out.files[0].references[0];
    const text = fs.readFileSync(file, 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('"a7a681dc-756e-4909-b988-f160edc6655f", "type": "Role"'));
    assert.deepStrictEqual(ref, {
      name: 'Calls.AccessMedia.All',
      kind: 'Application',
      id: 'a7a681dc-756e-4909-b988-f160edc6655f',
      line: line + 1,
      column: text.split('\n')[line].indexOf('a7a681dc') + 1,
      text: 'a7a681dc-756e-4909-b988-f160edc6655f',
      // The risk score (src/core/permissions/risk.ts): estimated level 3 × 1.5 + admin consent 1 + Application 1.
      risk: 6.5,
    });
    assert.ok(Array.isArray(out.files[0].diagnostics));
  });

  it('scan --format json reports rule diagnostics with 1-based ranges and fixes', () => {
    const r = cli('scan', '--format', 'json', PROBLEMS);
    assert.strictEqual(r.code, 0, r.err);
    const file = JSON.parse(r.out).files[0];
    assert.strictEqual(file.references.length, 4);
    const diagnostics: Diag[] = file.diagnostics;
    for (const d of diagnostics) {
      // `risk` only on diagnostics about a permission.
      assert.deepStrictEqual(Object.keys(d).filter((k) => k !== 'risk'), ['code', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixes']);
      for (const f of d.fixes) {
        assert.deepStrictEqual(Object.keys(f), ['title', 'edits']);
        for (const e of f.edits) assert.deepStrictEqual(Object.keys(e), ['line', 'column', 'endLine', 'endColumn', 'newText']);
      }
    }
    const lines = fs.readFileSync(PROBLEMS, 'utf8').split('\n');
    const at = (d: Diag | { line: number; column: number; endLine: number; endColumn: number }) => {
      assert.strictEqual(d.endLine, d.line);
      return lines[d.line - 1].slice(d.column - 1, d.endColumn - 1);
    };
    const mismatch = find(diagnostics, 'permission-type-mismatch');
    assert.strictEqual(mismatch.severity, 'error');
    assert.strictEqual(mismatch.line, lineOf(lines, 'a7a681dc'));
    assert.strictEqual(at(mismatch), 'a7a681dc-756e-4909-b988-f160edc6655f');
    assert.match(mismatch.message, /Calls\.AccessMedia\.All/);
    const edit = mismatch.fixes[0].edits[0];
    assert.strictEqual(at(edit), 'Scope');
    assert.strictEqual(edit.newText, 'Role');
    const dup = find(diagnostics, 'duplicate-permission');
    assert.strictEqual(dup.severity, 'warning');
    assert.strictEqual(dup.line, lineOf(lines, 'e1fe6dd8', 1));
    assert.ok(dup.fixes.length >= 1);
    const high = find(diagnostics, 'high-privilege');
    assert.strictEqual(high.line, lineOf(lines, '9e3f62cf'));
    assert.match(high.message, /RoleManagement\.ReadWrite\.Directory/);
    assert.deepStrictEqual(
      diagnostics.map((d) => d.line),
      [...diagnostics.map((d) => d.line)].sort((x, y) => x - y),
      'sorted by position',
    );
  });

  it('scan prints diagnostics after the references, then the counts', () => {
    const r = cli('scan', 'test/fixtures/manifests/problems.json');
    assert.strictEqual(r.code, 0, r.err);
    const out = r.out.trimEnd().split('\n');
    const firstDiag = out.findIndex((l) => / {2}(error|warning|information|hint) {2}/.test(l));
    assert.strictEqual(firstDiag, 4, 'the four references come first');
    assert.match(out[0], /^test\/fixtures\/manifests\/problems\.json:7:18 {2}User\.Read \(Delegated\)/);
    assert.match(r.out, /^test\/fixtures\/manifests\/problems\.json:8:18 {2}error {2}\S.+\S {2}\[permission-type-mismatch\]$/m);
    assert.match(r.out, /^test\/fixtures\/manifests\/problems\.json:10:18 {2}warning {2}.+ {2}\[duplicate-permission\]$/m);
    assert.match(out[out.length - 2], /^4 references in 1 file \(/);
    assert.match(out[out.length - 1], /^\d+ problems \(1 error, \d+ warnings?(, \d+ information)?\)$/);
    assert.strictEqual(cli('scan', path.join(FIXTURES, 'manifests', 'aad.manifest.json')).out.trimEnd().split('\n').pop(), 'no problems');
  });

  it('--fail-on sets the exit code from the diagnostics (default never)', () => {
    const code = (...args: string[]) => {
      const r = cli('scan', ...args);
      assert.ok(r.code === 0 || r.code === 1, `${JSON.stringify(args)}: ${r.code} ${r.err}`);
      assert.ok(r.out.length > 0, 'output is printed either way');
      return r.code;
    };
    assert.strictEqual(code(PROBLEMS), 0);
    assert.strictEqual(code('--fail-on', 'never', PROBLEMS), 0);
    assert.strictEqual(code('--fail-on', 'error', PROBLEMS), 1);
    assert.strictEqual(code('--fail-on=warning', '--format', 'json', PROBLEMS), 1);
    assert.strictEqual(code('--fail-on', 'error', '--format', 'sarif', PROBLEMS), 1);
    // Without the error: warnings remain.
    assert.strictEqual(code('--fail-on', 'error', '--rules', 'permission-type-mismatch=warning', PROBLEMS), 0);
    assert.strictEqual(code('--fail-on', 'warning', '--rules', 'permission-type-mismatch=off', PROBLEMS), 1);
    // information and hint never trigger --fail-on warning.
    const allInfo = JSON.stringify(Object.fromEntries(RULE_IDS.map((id, i) => [id, i % 2 ? 'information' : 'hint'])));
    assert.strictEqual(code('--fail-on', 'warning', '--rules', allInfo, PROBLEMS), 0);
    // A file without problems passes.
    assert.strictEqual(code('--fail-on', 'warning', path.join(FIXTURES, 'manifests', 'aad.manifest.json')), 0);
  });

  it('--rules turns rules off and changes their severity (id=severity list or JSON)', () => {
    const diags = (...args: string[]): Diag[] => {
      const r = cli('scan', '--format', 'json', ...args, PROBLEMS);
      assert.strictEqual(r.code, 0, r.err);
      return JSON.parse(r.out).files[0].diagnostics;
    };
    const base = diags();
    assert.ok(base.some((d) => d.code === 'duplicate-permission'));
    assert.strictEqual(find(base, 'high-privilege').severity, 'warning');
    const changed = diags('--rules', 'duplicate-permission=off, high-privilege=error');
    assert.ok(!changed.some((d) => d.code === 'duplicate-permission'));
    assert.strictEqual(find(changed, 'high-privilege').severity, 'error');
    assert.strictEqual(changed.length, base.length - base.filter((d) => d.code === 'duplicate-permission').length);
    const json = diags('--rules', '{"duplicate-permission": "off", "high-privilege": "error"}');
    assert.deepStrictEqual(json, changed);
    // Repeated --rules merge; 'info' is accepted for information.
    const merged = diags('--rules', 'duplicate-permission=off', '--rules=permission-type-mismatch=info');
    assert.ok(!merged.some((d) => d.code === 'duplicate-permission'));
    assert.strictEqual(find(merged, 'permission-type-mismatch').severity, 'information');
    // --fail-on sees the raised severity.
    assert.strictEqual(cli('scan', '--fail-on', 'error', '--rules', 'permission-type-mismatch=off,high-privilege=error', PROBLEMS).code, 1);
  });

  it('--risk-threshold sets what high-privilege reports, for text, JSON, SARIF and --fail-on', () => {
    // Chat.Read.All 8.0, Mail.ReadWrite 7.0, User.Read.All 6.5 — all Application (risk scores of the bundled data).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-cli-risk-'));
    const file = path.join(dir, 'app.manifest.json');
    const ids = ['6b7d71aa-70aa-4810-a8d9-5d9fb2830017', 'e2a3a72e-5f79-4c64-b1b1-878b674786c9', 'df021288-bdef-4463-88db-98f22de89214'];
    fs.writeFileSync(
      file,
      JSON.stringify({ requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: ids.map((id) => ({ id, type: 'Role' })) }] }, null, 2),
    );
    const high = (...args: string[]): string[] => {
      const r = cli('scan', '--format', 'json', ...args, file);
      assert.strictEqual(r.code, 0, r.err);
      return (JSON.parse(r.out).files[0].diagnostics as Diag[]).filter((d) => d.code === 'high-privilege').map((d) => d.message.split(' ')[0]);
    };
    assert.deepStrictEqual(high(), ['Chat.Read.All', 'Mail.ReadWrite']);
    assert.deepStrictEqual(high('--risk-threshold', '7'), ['Chat.Read.All', 'Mail.ReadWrite']);
    assert.deepStrictEqual(high('--risk-threshold=7.5'), ['Chat.Read.All']);
    assert.deepStrictEqual(high('--risk-threshold', '6.5'), ['Chat.Read.All', 'Mail.ReadWrite', 'User.Read.All']);
    assert.deepStrictEqual(high('--risk-threshold', '9'), []);
    const text = cli('scan', '--risk-threshold', '7.5', file);
    assert.match(text.out, /warning {2}Chat\.Read\.All \(Application\) is a high-privilege permission: risk 8\.0 ≥ threshold 7\.5; it can read every Teams chat message/);
    // --fail-on follows: no warning left at 9.0.
    assert.strictEqual(cli('scan', '--fail-on', 'warning', file).code, 1);
    assert.strictEqual(cli('scan', '--fail-on', 'warning', '--risk-threshold', '9', file).code, 0);
    // SARIF: the threshold and the high-risk grants follow it.
    const sarif = (...args: string[]) => JSON.parse(cli('scan', '--format', 'sarif', ...args, file).out).runs[0];
    const def = sarif();
    assert.strictEqual(def.properties.graphPermissionLens.highRiskThreshold, 7);
    assert.deepStrictEqual(def.properties.graphPermissionLens.grants.map((g: { name: string }) => g.name), ['Chat.Read.All', 'Mail.ReadWrite']);
    const strict = sarif('--risk-threshold', '8');
    assert.strictEqual(strict.properties.graphPermissionLens.highRiskThreshold, 8);
    assert.deepStrictEqual(strict.properties.graphPermissionLens.grants.map((g: { name: string }) => g.name), ['Chat.Read.All']);
    assert.deepStrictEqual(strict.results.filter((r: { ruleId: string }) => r.ruleId === 'high-privilege').length, 1);
  });

  it('scans folders, reports unreadable and binary files, and exits 3 for a path it could not read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-cli-'));
    fs.writeFileSync(path.join(dir, 'a.json'), '{"scopes": ["User.Read", "Mail.Send"]}');
    fs.writeFileSync(path.join(dir, 'b.json'), Buffer.from([0x7b, 0, 0, 1, 2]));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'User.Read');
    fs.writeFileSync(path.join(dir, 'photo.png'), 'User.Read');
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'node_modules', 'c.json'), '{"scopes": ["User.Read"]}');
    const r = cli('scan', '--format', 'json', dir, path.join(dir, 'missing.json'));
    assert.strictEqual(r.code, 3, 'a named path that could not be read fails the scan');
    assert.match(r.err, /missing\.json: no such file or directory/);
    const out = JSON.parse(r.out);
    const byName = Object.fromEntries(out.files.map((f: { path: string }) => [path.basename(f.path), f]));
    assert.deepStrictEqual(Object.keys(byName).sort(), ['a.json', 'b.json', 'missing.json', 'notes.txt']);
    assert.deepStrictEqual(byName['notes.txt'].references.map((x: { name: string }) => x.name), ['User.Read']);
    assert.deepStrictEqual(byName['a.json'].references.map((x: { name: string }) => x.name), ['User.Read', 'Mail.Send']);
    assert.strictEqual(byName['b.json'].skipped, 'binary file');
    assert.match(byName['missing.json'].error, /no such file/);
    const text = cli('scan', dir);
    assert.strictEqual(text.code, 0, text.err);
    assert.match(text.out, /a\.json:1:14 {2}User\.Read \(Delegated\)/);
  });

  it('exits 2 with a one-line message on usage errors', () => {
    const cases: [string[], RegExp?][] = [
      [[]],
      [['frobnicate']],
      [['scan']],
      [['scan', '--format', 'xml', '.']],
      [['lookup', '--bogus', 'x']],
      [['lookup', '--format', 'sarif', 'User.Read'], /--format must be text or json/],
      [['scan', '--fail-on', 'information', PROBLEMS], /--fail-on must be error, warning or never/],
      [['scan', '--fail-on'], /--fail-on needs a value/],
      [['scan', '--rules', 'no-such-rule=error', PROBLEMS], /--rules: unknown rule 'no-such-rule'/],
      [['scan', '--rules', 'high-privilege=loud', PROBLEMS], /--rules: rule 'high-privilege': severity must be one of/],
      [['scan', '--rules', 'high-privilege', PROBLEMS], /--rules: expected id=severity/],
      [['scan', '--rules', '{"high-privilege": ', PROBLEMS], /--rules: not valid JSON/],
      [['scan', '--rules', '["high-privilege"]', PROBLEMS], /--rules: /],
      [['scan', '--risk-threshold', 'high', PROBLEMS], /^graph-permission-lens: --risk-threshold must be a number from 0\.0 to 10\.0, not 'high' \(see --help\)$/m],
      [['scan', '--risk-threshold', '11', PROBLEMS], /--risk-threshold must be from 0\.0 to 10\.0 \(risk scores run from 0\.0 to 10\.0\), not '11' \(see --help\)$/m],
      [['scan', '--risk-threshold', '-1', PROBLEMS], /--risk-threshold must be a number from 0\.0 to 10\.0, not '-1'/],
      [['scan', '--risk-threshold=', PROBLEMS], /--risk-threshold must be a number/],
      [['scan', '--risk-threshold'], /--risk-threshold needs a value/],
      [['lookup', '--risk-threshold', '8', 'User.Read'], /unknown option --risk-threshold/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      assert.strictEqual(r.code, 2, `args ${JSON.stringify(args)}`);
      if (args.length) assert.strictEqual(r.err.trim().split('\n').length, 1, r.err);
      if (message) assert.match(r.err, message);
      if (args.length) assert.strictEqual(r.out, '', 'nothing on stdout');
    }
  });

  it('--help documents the scan options and the exit codes', () => {
    const r = cli('--help');
    assert.strictEqual(r.code, 0);
    for (const s of ['--format text|json|sarif', '--fail-on error|warning|never', 'default never', '--rules', ...RULE_IDS]) assert.ok(r.out.includes(s), s);
  });
});

describe('CLI --metadata (upstream data through the same importer)', () => {
  const upstream = SHARED_UPSTREAM;

  it('resolves every permission offline; --metadata adds the description the bundled metadata lacks', function () {
    const prov = path.join(upstream, 'devx-provisioningInfo.json');
    if (!fs.existsSync(prov)) {
      console.log(`      (skipped: ${prov} is absent — the upstream data lives in ../shared/upstream beside the project)`);
      this.skip();
    }
    const store = bundledStore();
    const described = JSON.parse(fs.readFileSync(path.join(upstream, 'devx-permissions.json'), 'utf8')).permissions as Record<string, { schemes: Record<string, { adminDescription?: string }> }>;
    // A public Graph permission that teamsfx-core (the bundled sentences' source) does not describe, and upstream does.
    const pick = store.permissions().find(
      (p) =>
        p.resourceAppId === '00000003-0000-0000-c000-000000000000' &&
        !p.description &&
        !p.hidden &&
        p.enabled &&
        !!described[p.value]?.schemes[p.kind === 'Application' ? 'Application' : 'DelegatedWork']?.adminDescription,
    );
    assert.ok(pick, 'the bundled metadata has permissions without a description');
    const without = cli('lookup', '--format', 'json', pick.id);
    assert.strictEqual(without.code, 0, without.err);
    const [offline] = JSON.parse(without.out);
    assert.strictEqual(offline.name, pick.value);
    assert.strictEqual(offline.kind, pick.kind);
    const r = cli('lookup', '--format', 'json', '--metadata', upstream, pick.id);
    assert.strictEqual(r.code, 0, r.err);
    const [hit] = JSON.parse(r.out);
    assert.strictEqual(hit.name, pick.value);
    const kindKey = pick.kind === 'Application' ? 'application' : 'delegated';
    assert.strictEqual(offline[kindKey].description, '');
    assert.ok(hit[kindKey].description.length > 10, 'the upstream description, at run time');
  });

  it('reads a folder of hand-made fixtures, and says clearly when the source is bad', () => {
    const bad = cli('lookup', '--metadata', path.join(FIXTURES, 'manifests'), 'User.Read');
    assert.strictEqual(bad.code, 3);
    assert.match(bad.err, /^graph-permission-lens: .+/);
    assert.strictEqual(bad.err.trim().split('\n').length, 1, bad.err);
  });
});

describe('CLI fails closed and writes safely', () => {
  const GRAPH = '00000003-0000-0000-c000-000000000000';
  const RM_RW_DIRECTORY = '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8'; // RoleManagement.ReadWrite.Directory (Application)
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-closed-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A ~20 KB manifest requesting a high-privilege Role, with one value nested `depth` levels deep. */
  function deepManifest(depth: number): string {
    const filler = Array.from({ length: 200 }, (_, i) => `"note${i}": "padding padding padding padding padding padding"`).join(',\n  ');
    return `{\n  "requiredResourceAccess": [{"resourceAppId": "${GRAPH}", "resourceAccess": [{"id": "${RM_RW_DIRECTORY}", "type": "Role"}]}],\n  ${filler},\n  "deep": ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n`;
  }

  it('a file nested too deeply to parse is reported in text, JSON and SARIF, and fails --fail-on', () => {
    const file = path.join(dir, 'deep.json');
    fs.writeFileSync(file, deepManifest(20000));
    const shallow = path.join(dir, 'shallow.json');
    fs.writeFileSync(shallow, deepManifest(10));
    // The same manifest without the deep value fails on its high-privilege Role.
    assert.strictEqual(cli('scan', '--fail-on', 'warning', shallow).code, 1);

    const text = cli('scan', '--fail-on', 'warning', file);
    assert.strictEqual(text.code, 1, `a file that could not be analysed is a failure: ${text.out}`);
    assert.match(text.out, /deep\.json: error: could not be analysed: it is nested too deeply/);
    assert.doesNotMatch(text.out, /^no problems$/m);
    assert.match(text.out, /1 file could not be analysed in full/);
    assert.strictEqual(cli('scan', '--fail-on', 'error', file).code, 1);
    assert.strictEqual(cli('scan', file).code, 0, '--fail-on never only lists');

    const json = cli('scan', '--format', 'json', '--fail-on', 'warning', file);
    assert.strictEqual(json.code, 1);
    assert.match(JSON.parse(json.out).files[0].incomplete, /nested too deeply/);

    const sarif = cli('scan', '--format', 'sarif', '--fail-on', 'warning', file);
    assert.strictEqual(sarif.code, 1);
    const notes = JSON.parse(sarif.out).runs[0].invocations[0].toolExecutionNotifications as { level: string; message: { text: string } }[];
    assert.ok(notes?.some((n) => n.level === 'error' && /could not be analysed/.test(n.message.text)), JSON.stringify(notes));
  });

  it('a missing path or a named pipe is an error with a clear message (exit 3), whatever --fail-on says', function () {
    const missing = cli('scan', '--fail-on', 'warning', path.join(dir, 'nope'));
    assert.strictEqual(missing.code, 3);
    assert.match(missing.out, /nope: error: no such file or directory/);
    assert.match(missing.out, /1 path could not be read/);
    assert.strictEqual(cli('scan', path.join(dir, 'nope')).code, 3, 'also without --fail-on');
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(dir, 'pipe.json');
    assert.strictEqual(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    const r = cli('scan', fifo);
    assert.strictEqual(r.code, 3);
    assert.match(r.out, /pipe\.json: error: a named pipe, not a file or folder/);
  });

  it('least-privilege fails (exit 3, no report) on a folder it cannot read, with the reason', async () => {
    // The folder is gone between the check that it is a folder and its reading (or unreadable): never an empty report.
    const gone = path.join(dir, 'gone');
    const out: string[] = [];
    const err: string[] = [];
    const code = await runLeastPrivilege([gone], {
      out: (t) => void out.push(t),
      err: (t) => void err.push(t),
      pathKind: () => 'folder',
      readRepository,
      loadStore: async () => bundledStore(),
    });
    assert.strictEqual(code, 3);
    assert.deepStrictEqual(out, []);
    assert.strictEqual(err.join(''), `graph-permission-lens: cannot read the folder ${gone}: no such file or directory\n`);
    const file = path.join(dir, 'a-file.json');
    fs.writeFileSync(file, '{}');
    assert.deepStrictEqual(readRepository(file).rootError, 'not a folder');
  });

  it('least-privilege and scan --least-privilege on a folder without read permission, or with a subfolder without: exit 3 with the reason (as a user other than root)', function () {
    if (process.platform === 'win32') this.skip();
    // Root reads everything: as root, the commands run as `nobody` (when runuser is there), else the test is skipped.
    const asUser = process.getuid?.() !== 0 ? [] : spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status === 0 ? ['runuser', '-u', 'nobody', '--'] : undefined;
    if (!asUser) {
      console.log('    (skipped: running as root without runuser, and root reads folders without permission)');
      this.skip();
    }
    const run = (...args: string[]) => {
      const [cmd, ...rest] = [...asUser, process.execPath, BIN, ...args];
      const r = spawnSync(cmd, rest, { encoding: 'utf8', cwd: ROOT });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const app = path.join(dir, 'perm', 'app');
    fs.cpSync(path.join(FIXTURES, 'usage', 'app-daemon'), app, { recursive: true });
    fs.mkdirSync(path.join(app, 'locked'));
    fs.copyFileSync(path.join(FIXTURES, 'usage', 'app-daemon', 'entra.manifest.json'), path.join(app, 'locked', 'entra.manifest.json'));
    for (const d of [dir, path.join(dir, 'perm')]) fs.chmodSync(d, 0o755);
    fs.chmodSync(path.join(app, 'locked'), 0o000);
    try {
      const some = run('least-privilege', app);
      assert.strictEqual(some.code, 3, some.err);
      assert.match(some.out, /^# Least-privilege report/, 'the report of what could be read');
      assert.match(some.err, /1 file or folder in .*app could not be read: the report leaves it out/);
      fs.chmodSync(app, 0o000);
      const none = run('least-privilege', app);
      assert.strictEqual(none.code, 3);
      assert.strictEqual(none.out, '');
      assert.match(none.err, /cannot read the folder .*app: permission denied/);
      const scan = run('scan', '--least-privilege', app);
      assert.strictEqual(scan.code, 3);
      assert.match(scan.out, /1 path could not be read/);
    } finally {
      fs.chmodSync(app, 0o755);
      fs.chmodSync(path.join(app, 'locked'), 0o755);
    }
  });

  it('scan --help and lookup -h print the usage and exit 0', () => {
    for (const args of [['scan', '--help'], ['lookup', '-h'], ['scan', '--format', 'json', '--help']]) {
      const r = cli(...args);
      assert.strictEqual(r.code, 0, args.join(' '));
      assert.match(r.out, /^usage: graph-permission-lens/);
    }
  });

  it('rejects --max-file-size that is not a whole number, and empty --rules / --metadata', () => {
    const cases: [string[], RegExp][] = [
      [['scan', '--max-file-size', '0x10', PROBLEMS], /--max-file-size must be a positive whole number of bytes, not '0x10'/],
      [['scan', '--max-file-size', '0.5', PROBLEMS], /not '0\.5'/],
      [['scan', '--max-file-size', '1e3', PROBLEMS], /not '1e3'/],
      [['scan', '--max-file-size', ' 12', PROBLEMS], /--max-file-size/],
      [['scan', '--max-file-size', '0', PROBLEMS], /--max-file-size/],
      [['scan', '--rules', '', PROBLEMS], /--rules needs id=severity/],
      [['scan', '--rules=', PROBLEMS], /--rules needs id=severity/],
      [['scan', '--metadata', '', PROBLEMS], /--metadata needs a folder/],
      [['lookup', '--metadata', ' ', 'User.Read'], /--metadata needs a folder/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      assert.strictEqual(r.code, 2, JSON.stringify(args));
      assert.match(r.err, message);
    }
    assert.strictEqual(cli('scan', '--max-file-size', '16', PROBLEMS).code, 0);
  });

  it('a UTF-8 byte order mark does not shift the columns of line 1', () => {
    const plain = path.join(dir, 'plain.json');
    const bom = path.join(dir, 'bom.json');
    fs.writeFileSync(plain, '{"scopes": ["User.Read"]}');
    fs.writeFileSync(bom, '\ufeff{"scopes": ["User.Read"]}');
    const a = JSON.parse(cli('scan', '--format', 'json', plain).out).files[0].references[0];
    const b = JSON.parse(cli('scan', '--format', 'json', bom).out).files[0].references[0];
    assert.deepStrictEqual([b.line, b.column], [a.line, a.column]);
    assert.deepStrictEqual([a.line, a.column], [1, 14]);
  });

  it('text output escapes control characters, ANSI escapes, line breaks and bidi overrides', function () {
    if (process.platform === 'win32') this.skip();
    // eslint-disable-next-line no-control-regex
    const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
    const evilDir = path.join(dir, 'evil\u001b[31m\u202edir\nname');
    fs.mkdirSync(evilDir);
    const file = path.join(evilDir, 'm.json');
    fs.writeFileSync(file, JSON.stringify({ requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: [{ id: 'X\u001b[2J\nfake.Read\u202e', type: 'Scope' }, { id: RM_RW_DIRECTORY, type: 'Role' }] }] }));
    const r = cli('scan', evilDir);
    const lines = r.out.trimEnd().split('\n');
    for (const l of lines) assert.doesNotMatch(l, UNSAFE, `raw control character in ${JSON.stringify(l)}`);
    // One line per finding: the references, the diagnostics, the two summary lines.
    const findings = lines.filter((l) => l.includes('m.json:'));
    assert.ok(findings.length >= 2, r.out);
    const shown = evilDir.split('\u001b').join('\\u001b').split('\u202e').join('\\u202e').split('\n').join('\\n');
    for (const l of findings) assert.ok(l.startsWith(shown), l);
    assert.ok(r.out.includes('X\\u001b[2J\\nfake.Read\\u202e'), 'the hostile id is shown, escaped');
  });

  it('a closed pipe (`scan … | head -1`) ends the output quietly', async function () {
    this.timeout(30000);
    // Enough output to fill the pipe many times over.
    const many = path.join(dir, 'many.json');
    fs.writeFileSync(many, JSON.stringify({ scopes: Array.from({ length: 20000 }, () => 'User.Read') }));
    const { spawn } = await import('child_process');
    const child = spawn(process.execPath, [BIN, 'scan', many], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy(); // the reader goes away, as `head -1` does
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.strictEqual(err, '', 'nothing on stderr (no EPIPE stack trace)');
    assert.strictEqual(code, 0);
  });
});
