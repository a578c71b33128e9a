/**
 * What GitHub code scanning needs of the SARIF log beyond the schema: rule help and ranking data,
 * fingerprints that survive edits, repository-relative paths with provenance, the least-privilege
 * findings in the same run, GitHub's upload limits, and Microsoft's SARIF Multitool's verdict.
 */
import * as assert from 'assert';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { main } from '../../src/cli';
import { lineHashes } from '../../src/core/fingerprint';
import { SETTING_RULE_IDS } from '../../src/core/rules/index';
import { buildSarif, GITHUB_LIMITS, RULE_TRAITS, ruleHelpUri, type LocatedDiagnostic } from '../../src/core/sarif';
import { normalizeRemote, remoteUrl } from '../../src/ci/git';
import { FIXTURES, ROOT } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF logs are checked as plain JSON */

const BIN = path.join(ROOT, 'bin', 'graph-permission-lens.js');
const DATA = path.join(ROOT, 'data');
const USAGE = path.join(FIXTURES, 'usage');
const LIMITS = { minGraphPermissions: 1 };

let validator: ValidateFunction | undefined;
function validate(log: unknown): void {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));
  }
  assert.ok(validator(log), JSON.stringify(validator.errors?.slice(0, 5), null, 2));
}

/** GitHub's documented upload limits, and what code scanning reads. */
function checkGithubLimits(log: any): void {
  assert.ok(log.runs.length <= GITHUB_LIMITS.runsPerFile);
  for (const run of log.runs) {
    assert.ok(run.results.length <= GITHUB_LIMITS.resultsPerRun);
    assert.ok(run.tool.driver.rules.length <= GITHUB_LIMITS.rulesPerRun);
    for (const rule of run.tool.driver.rules) assert.ok((rule.properties?.tags ?? []).length <= GITHUB_LIMITS.tagsPerRule, rule.id);
    for (const r of run.results) {
      assert.ok(r.locations.length >= 1 && r.locations.length <= GITHUB_LIMITS.locationsPerResult);
      assert.ok(r.partialFingerprints.primaryLocationLineHash, `${r.ruleId}: primaryLocationLineHash`);
    }
  }
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-sarif-'));
}

/** A git repository made of files only (the CLI reads .git without a git binary). */
function fakeGitRepo(dir: string, remote = 'https://someone:s3cret@github.com/contoso/graph-app.git'): string {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  fs.mkdirSync(path.join(dir, '.git', 'refs', 'heads'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(dir, '.git', 'refs', 'heads', 'main'), `${sha}\n`);
  fs.writeFileSync(path.join(dir, '.git', 'config'), `[core]\n\tbare = false\n[remote "upstream"]\n\turl = git@github.com:other/x.git\n[remote "origin"]\n\turl = ${remote}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`);
  return sha;
}

// A small manifest of our own: two high-privilege grants and a permission listed three times.
const MANIFEST = `{
  "displayName": "fingerprint test",
  "requiredResourceAccess": [
    {
      "resourceAppId": "00000003-0000-0000-c000-000000000000",
      "resourceAccess": [
        { "id": "b633e1c5-b582-4048-a93e-9f11b44c7e96", "type": "Role" },
        { "id": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "type": "Role" },
        { "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope" },
        { "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope" },
        { "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope" }
      ]
    }
  ]
}
`;

function scanIn(cwd: string, ...args: string[]): any {
  const r = spawnSync(process.execPath, [BIN, 'scan', '--format', 'sarif', ...args], { cwd, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

async function runMain(args: string[], dataDir = DATA): Promise<{ code: number; log?: any }> {
  const dir = tmpDir();
  const out = path.join(dir, 'out.sarif');
  const code = await main([...args, '--output', out], dataDir, { limits: LIMITS });
  return { code, log: fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined };
}

describe('SARIF for GitHub code scanning', () => {
  before(function () {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: `npm test` builds it first');
  });

  it('describes every rule with helpUri, help Markdown, precision, tags, and security-severity for security rules', () => {
    for (const id of SETTING_RULE_IDS) assert.ok(RULE_TRAITS.has(id), `RULE_TRAITS lacks ${id}`);
    const log = scanIn(ROOT, 'test/fixtures/manifests');
    validate(log);
    const rules = log.runs[0].tool.driver.rules;
    for (const r of rules) {
      assert.strictEqual(r.helpUri, ruleHelpUri(r.id));
      assert.match(r.help.markdown, new RegExp(`\\(${ruleHelpUri(r.id).replace(/[.?*+^$()[\]{}|\\/]/g, '\\$&')}\\)`));
      assert.ok(['very-high', 'high', 'medium', 'low'].includes(r.properties.precision), r.id);
      const security = r.properties.tags.includes('security');
      assert.strictEqual(security, r.properties['security-severity'] !== undefined, r.id);
      if (security) assert.match(r.properties['security-severity'], /^\d+\.\d$/);
    }
    // high-privilege's severity is the highest risk score among its results.
    const high = rules.find((r: any) => r.id === 'high-privilege');
    const scores = log.runs[0].results.filter((r: any) => r.ruleId === 'high-privilege').map((r: any) => Number(r.properties['security-severity']));
    assert.ok(scores.length >= 2);
    assert.strictEqual(Number(high.properties['security-severity']), Math.max(...scores));
    assert.deepStrictEqual(log.runs[0].automationDetails, { id: 'graph-permission-lens/' });
    checkGithubLimits(log);
  });

  it('fingerprints survive lines inserted above and change when the finding changes', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'app.manifest.json');
    fs.writeFileSync(file, MANIFEST);
    const before = scanIn(dir, '.').runs[0].results;
    // Messages may quote line numbers ("first on line 9"): those move with the edit.
    const keyOf = (r: any): string => `${r.ruleId}|${r.message.text.replace(/line \d+/g, 'line N')}`;
    const keyed = (results: any[]): [string, any][] => {
      const seen = new Map<string, number>();
      return results.map((r: any) => {
        const n = (seen.get(keyOf(r)) ?? 0) + 1;
        seen.set(keyOf(r), n);
        return [`${keyOf(r)}#${n}`, r];
      });
    };
    assert.ok(before.length >= 3, JSON.stringify(before.map((r: any) => r.ruleId)));

    // Three lines inserted above every finding.
    fs.writeFileSync(file, MANIFEST.replace('{\n', '{\n  "description": "inserted",\n  "notes": "lines",\n  "tags": [],\n'));
    const after = new Map(keyed(scanIn(dir, '.').runs[0].results));
    for (const [key, r] of keyed(before)) {
      const a = after.get(key);
      assert.ok(a, `${r.ruleId} still reported`);
      assert.strictEqual(a.locations[0].physicalLocation.region.startLine, r.locations[0].physicalLocation.region.startLine + 3);
      assert.deepStrictEqual(a.partialFingerprints, r.partialFingerprints, `${r.ruleId}: ${r.message.text}`);
    }

    // Mail.Send (Application) → Mail.ReadWrite (Application): a different finding on the same line.
    fs.writeFileSync(file, MANIFEST.replace('b633e1c5-b582-4048-a93e-9f11b44c7e96', 'e2a3a72e-5f79-4c64-b1b1-878b674786c9'));
    const changed = scanIn(dir, '.').runs[0].results;
    const oldMail = before.find((r: any) => r.ruleId === 'high-privilege' && r.message.text.startsWith('Mail.Send'));
    const newMail = changed.find((r: any) => r.ruleId === 'high-privilege' && r.message.text.startsWith('Mail.ReadWrite'));
    assert.ok(oldMail && newMail);
    assert.notStrictEqual(newMail.partialFingerprints['graphPermissionLens/v1'], oldMail.partialFingerprints['graphPermissionLens/v1']);
    assert.notStrictEqual(newMail.partialFingerprints.primaryLocationLineHash, oldMail.partialFingerprints.primaryLocationLineHash);
    // The untouched findings keep their own key.
    const oldRole = before.find((r: any) => r.message.text.startsWith('RoleManagement.ReadWrite.Directory'));
    const newRole = changed.find((r: any) => r.message.text.startsWith('RoleManagement.ReadWrite.Directory'));
    assert.strictEqual(newRole.partialFingerprints['graphPermissionLens/v1'], oldRole.partialFingerprints['graphPermissionLens/v1']);
    // Two identical findings in one file are told apart by their occurrence.
    const dup = changed.filter((r: any) => r.ruleId === 'duplicate-permission');
    assert.strictEqual(dup.length, 2);
    assert.strictEqual(new Set(dup.map((r: any) => r.partialFingerprints['graphPermissionLens/v1'])).size, dup.length);
  });

  it('primaryLocationLineHash: whitespace-insensitive, CRLF as LF, numbered among equal hashes', () => {
    const a = lineHashes('{\n  "a": 1\n}\n');
    const b = lineHashes('{\r\n\t"a":1\r\n}\r\n');
    assert.deepStrictEqual(a, b);
    const same = lineHashes('x\nx\n');
    assert.notStrictEqual(same[0], same[1]);
    assert.match(same[0], /^[0-9a-f]+:1$/);
  });

  it('paths are relative to the repository root, with its provenance (credentials dropped)', () => {
    const dir = tmpDir();
    const sha = fakeGitRepo(dir);
    fs.mkdirSync(path.join(dir, 'apps', 'mail'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'apps', 'mail', 'app.manifest.json'), MANIFEST);
    const log = scanIn(path.join(dir, 'apps'), '.', '--category', 'permissions/apps');
    validate(log);
    const run = log.runs[0];
    assert.deepStrictEqual(run.versionControlProvenance, [
      { repositoryUri: 'https://github.com/contoso/graph-app.git', revisionId: sha, branch: 'main', mappedTo: { uriBaseId: '%SRCROOT%' } },
    ]);
    assert.strictEqual(run.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(fs.realpathSync(dir)).href}/`);
    assert.ok(run.results.every((r: any) => r.locations[0].physicalLocation.artifactLocation.uri === 'apps/mail/app.manifest.json'));
    assert.deepStrictEqual(run.automationDetails, { id: 'permissions/apps/' });
    assert.ok(!JSON.stringify(log).includes('s3cret'));
  });

  it('reads remotes the way git writes them', () => {
    assert.strictEqual(normalizeRemote('git@github.com:contoso/app.git'), 'https://github.com/contoso/app.git');
    assert.strictEqual(normalizeRemote('https://x-access-token:abc@github.com/o/r?x=1'), 'https://github.com/o/r');
    assert.strictEqual(normalizeRemote('ssh://git@ssh.dev.azure.com/v3/org/p/r'), 'ssh://ssh.dev.azure.com/v3/org/p/r');
    assert.strictEqual(normalizeRemote('/srv/git/repo.git'), undefined);
    assert.strictEqual(normalizeRemote('C:\\repos\\x'), undefined);
    assert.strictEqual(remoteUrl('[remote "a"]\n url = https://h/a\n[remote "origin"]\n url = https://h/o\n'), 'https://h/o');
    assert.strictEqual(remoteUrl('[core]\n url = https://h/a\n'), undefined);
  });

  describe('least privilege in the same run (scan --least-privilege)', () => {
    const app = path.join(USAGE, 'app-daemon');
    const meta = path.join(USAGE, 'upstream');

    it('adds permission-unused, -over-broad and -missing results, described as rules, with risk and fingerprints', async () => {
      const { code, log } = await runMain(['scan', '--format', 'sarif', '--least-privilege', '--metadata', meta, app]);
      assert.strictEqual(code, 0);
      validate(log);
      checkGithubLimits(log);
      const run = log.runs[0];
      const ids = run.tool.driver.rules.map((r: any) => r.id);
      for (const id of ['permission-unused', 'permission-over-broad', 'permission-missing']) assert.ok(ids.includes(id), id);
      const lp = run.results.filter((r: any) => r.ruleId.startsWith('permission-') && r.ruleId !== 'permission-type-mismatch');
      assert.deepStrictEqual(lp.map((r: any) => r.ruleId).sort(), ['permission-missing', 'permission-over-broad', 'permission-over-broad', 'permission-unused']);
      for (const r of lp) {
        assert.strictEqual(r.locations[0].physicalLocation.artifactLocation.uri, 'test/fixtures/usage/app-daemon/entra.manifest.json');
        assert.ok(r.locations[0].physicalLocation.region.snippet.text.length > 0);
        assert.ok(r.partialFingerprints['graphPermissionLens/v1']);
      }
      assert.ok(lp.filter((r: any) => r.ruleId !== 'permission-missing').every((r: any) => Number(r.properties['security-severity']) > 0));
      const apps = run.properties.graphPermissionLens.apps;
      assert.strictEqual(apps.length, 1);
      assert.ok(apps[0].needed.length >= 1 && apps[0].requested.length === 3);
    });

    it('obeys --rules and --fail-on like every other rule', async () => {
      assert.strictEqual((await runMain(['scan', '--format', 'sarif', '--least-privilege', '--metadata', meta, '--fail-on', 'warning', app])).code, 1);
      const off = await runMain([
        'scan', '--format', 'sarif', '--least-privilege', '--metadata', meta, '--fail-on', 'warning',
        '--rules', 'permission-over-broad=off,permission-missing=off,high-privilege=off,permission-unused=error', app,
      ]);
      assert.ok(!off.log.runs[0].results.some((r: any) => r.ruleId === 'permission-over-broad' || r.ruleId === 'permission-missing'));
      const unused = off.log.runs[0].results.filter((r: any) => r.ruleId === 'permission-unused');
      assert.ok(unused.length === 1 && unused[0].level === 'error');
      assert.strictEqual(off.code, 1, 'permission-unused raised to error fails the gate');
      const quiet = await runMain(['scan', '--format', 'sarif', '--least-privilege', '--metadata', meta, '--fail-on', 'error', '--rules', 'high-privilege=off', app]);
      assert.strictEqual(quiet.code, 0);
    });

    it('without path data: a warning notification, and no least-privilege results', async () => {
      // A store folder with the permissions but no data/paths.json (the bundled store has paths).
      const data = tmpDir();
      fs.copyFileSync(path.join(DATA, 'permissions.json'), path.join(data, 'permissions.json'));
      fs.copyFileSync(path.join(DATA, 'resources.json'), path.join(data, 'resources.json'));
      const { code, log } = await runMain(['scan', '--format', 'sarif', '--least-privilege', app], data);
      assert.strictEqual(code, 0);
      const notes = log.runs[0].invocations[0].toolExecutionNotifications;
      assert.ok(notes.some((n: any) => n.level === 'warning' && /path data/.test(n.message.text)));
      assert.ok(!log.runs[0].results.some((r: any) => r.ruleId === 'permission-unused'));
    });
  });

  it('keeps the most severe results within GitHub\'s per-run limit, and says so', () => {
    const diag = (i: number, severity: LocatedDiagnostic['severity']): LocatedDiagnostic => ({
      code: 'first-rule', severity, message: `m${i}`, line: 1 + i, column: 1, endLine: 1 + i, endColumn: 2, fixes: [],
    });
    const many = Array.from({ length: GITHUB_LIMITS.resultsPerRun + 5 }, (_, i) => diag(i, i === GITHUB_LIMITS.resultsPerRun + 4 ? 'error' : 'hint'));
    const log: any = buildSarif({
      toolVersion: '0.0.0',
      rules: [{ id: 'first-rule', defaultSeverity: 'hint', doc: { summary: 's', help: 'h', example: 'e' } }],
      files: [{ artifact: { uri: 'a.json', relative: true }, diagnostics: many }],
    });
    const results = log.runs[0].results;
    assert.strictEqual(results.length, GITHUB_LIMITS.resultsPerRun);
    assert.ok(results.some((r: any) => r.level === 'error'));
    assert.match(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /25000 most severe/);
  });

  describe("Microsoft's SARIF Multitool (validate --rule-kind Sarif;Gh)", () => {
    /** Notes the multitool gives that code scanning does not use, with why they stay. */
    const ACCEPTED_NOTES: Record<string, string> = {
      SARIF2002: 'message arguments (message.id + arguments) instead of text: code scanning shows message.text',
      SARIF2006: 'URIs should be reachable: the multitool fetches helpUri and $schema over HTTP, and tests run offline',
      SARIF2009: 'conventional rule ids (TOOL1234): our ids are the kebab-case ids of --rules and the settings, kept stable',
    };
    let exe: string | undefined;
    before(function () {
      try {
        // The package's main export is the path of the platform's binary.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        exe = require('@microsoft/sarif-multitool') as string;
      } catch (e) {
        console.log(`    (skipped: @microsoft/sarif-multitool is not installed for this platform: ${(e as Error).message})`);
        this.skip();
      }
      if (!exe || !fs.existsSync(exe)) {
        console.log(`    (skipped: no SARIF Multitool binary for ${process.platform}/${process.arch})`);
        this.skip();
      }
      // Its postinstall (chmod u+x) may not have run: the tarball's mode normally suffices.
      try {
        fs.accessSync(exe as string, fs.constants.X_OK);
      } catch {
        fs.chmodSync(exe as string, 0o755);
      }
      const probe = spawnSync(exe as string, ['--version'], { encoding: 'utf8', timeout: 60_000 });
      if (probe.error || probe.status !== 0) {
        console.log(`    (skipped: the SARIF Multitool does not run here: ${probe.error?.message ?? probe.stderr.trim().split('\n')[0]})`);
        this.skip();
      }
    });

    it('reports no errors or warnings, and only notes code scanning does not use', async function () {
      this.timeout(180_000);
      // A repository with the fixture manifests and a least-privilege app, scanned from its root.
      const dir = tmpDir();
      fakeGitRepo(dir);
      fs.cpSync(path.join(FIXTURES, 'manifests'), path.join(dir, 'manifests'), { recursive: true });
      fs.cpSync(path.join(USAGE, 'app-daemon'), path.join(dir, 'app-daemon'), { recursive: true });
      const sarif = path.join(dir, 'results.sarif');
      const cwd = process.cwd();
      let code: number;
      try {
        process.chdir(dir);
        code = await main(['scan', '--format', 'sarif', '--least-privilege', '--metadata', path.join(USAGE, 'upstream'), '--output', sarif, 'manifests', 'app-daemon'], DATA, { limits: LIMITS });
      } finally {
        process.chdir(cwd);
      }
      assert.strictEqual(code, 0);
      const log = JSON.parse(fs.readFileSync(sarif, 'utf8'));
      assert.ok(log.runs[0].results.length >= 20);
      const out = path.join(dir, 'validation.sarif');
      const r = spawnSync(exe as string, ['validate', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning;Note', '--log', 'ForceOverwrite', '--output', out, sarif], {
        encoding: 'utf8',
        timeout: 150_000,
      });
      assert.strictEqual(r.status, 0, `${r.stdout}\n${r.stderr}`);
      const results: any[] = JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results ?? [];
      const counts = new Map<string, number>();
      for (const x of results) counts.set(`${x.ruleId} ${x.level ?? 'warning'}`, (counts.get(`${x.ruleId} ${x.level ?? 'warning'}`) ?? 0) + 1);
      console.log(`    multitool on ${log.runs[0].results.length} results: ${[...counts].map(([k, n]) => `${k} ×${n}`).join(', ') || 'nothing'}`);
      const serious = results.filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined);
      assert.deepStrictEqual(serious.map((x) => `${x.ruleId}: ${JSON.stringify(x.message.arguments)}`), []);
      const unexpected = results.filter((x) => !(x.ruleId in ACCEPTED_NOTES));
      assert.deepStrictEqual(unexpected.map((x) => `${x.ruleId}: ${JSON.stringify(x.message.arguments)}`), []);
    });
  });
});
