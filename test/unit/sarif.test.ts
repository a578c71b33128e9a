import * as assert from 'assert';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ALL_RULES as RULES } from '../../src/core/rules/index';
import type { Rule } from '../../src/core/rules/types';
import { buildSarif, pascalCase, relativePathToUri, sarifLevel, type LocatedDiagnostic } from '../../src/core/sarif';
import { FIXTURES, ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'graph-permission-lens.js');
const MANIFESTS = path.join(FIXTURES, 'manifests');

/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF logs are checked as plain JSON */

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let validator: ValidateFunction | undefined;
/** The official SARIF 2.1.0 schema (draft-07), formats checked (uri, uri-reference, date-time). */
function validate(log: unknown): void {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    validator = ajv.compile(schema);
  }
  const ok = validator(log);
  assert.ok(ok, `invalid SARIF:\n${JSON.stringify(validator.errors?.slice(0, 10), null, 2)}`);
}

function sarifScan(...args: string[]): any {
  return sarifScanExit(0, ...args);
}

/** SARIF output of a scan expected to exit with `code` (3: a named path could not be read). */
function sarifScanExit(code: number, ...args: string[]): any {
  const r = cli('scan', '--format', 'sarif', ...args);
  assert.strictEqual(r.code, code, r.err);
  return JSON.parse(r.out);
}

describe('SARIF output (scan --format sarif)', () => {
  before(function () {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: `npm test` builds it first (npm run build)');
  });

  it('the schema check itself rejects invalid logs', () => {
    const log = (region: object, uri = 'a.json') => ({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri }, region } }] }] }],
    });
    validate(log({ startLine: 1, startColumn: 1 }));
    assert.throws(() => validate(log({ startLine: 0 })), /startLine/);
    assert.throws(() => validate(log({ startLine: 1 }, 'a b.json')), /uri-reference/);
    assert.throws(() => validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), /name/);
  });

  const manifests = fs.readdirSync(MANIFESTS).filter((f) => f.endsWith('.json')).sort();

  for (const name of manifests) {
    it(`is valid SARIF 2.1.0 for ${name}`, () => {
      validate(sarifScan(path.join('test', 'fixtures', 'manifests', name)));
    });
  }

  it('is valid SARIF 2.1.0 for the whole fixture folder, a missing file and a file outside the working directory', () => {
    const log = sarifScanExit(3, MANIFESTS, path.join(MANIFESTS, 'missing.json'), path.join(ROOT, '..', 'nope', 'x.json'));
    validate(log);
    const notes = log.runs[0].invocations[0].toolExecutionNotifications;
    assert.strictEqual(notes.length, 2);
    assert.ok(notes.every((n: any) => n.level === 'error'));
    assert.deepStrictEqual(notes[0].locations[0].physicalLocation.artifactLocation, { uri: 'test/fixtures/manifests/missing.json', uriBaseId: '%SRCROOT%' });
    assert.match(notes[1].locations[0].physicalLocation.artifactLocation.uri, /^file:\/\/\/.*\/nope\/x\.json$/);
    const uris = new Set(log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri));
    assert.ok(uris.has('test/fixtures/manifests/problems.json'), [...uris].join());
  });

  it('describes every rule in tool.driver, with results pointing at them', () => {
    const log = sarifScan('test/fixtures/manifests/problems.json');
    assert.strictEqual(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.strictEqual(log.runs.length, 1);
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.strictEqual(driver.name, 'graph-permission-lens');
    assert.match(driver.informationUri, /^https:\/\//);
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.deepStrictEqual(
      driver.rules.map((r: any) => r.id),
      RULES.map((r) => r.id),
    );
    for (const [i, d] of driver.rules.entries()) {
      const rule = RULES[i];
      assert.strictEqual(d.name, pascalCase(rule.id));
      assert.match(d.name, /^[A-Z][A-Za-z]+$/);
      assert.strictEqual(d.shortDescription.text, rule.doc.summary);
      assert.ok(d.fullDescription.text.includes(rule.doc.help));
      assert.ok(d.help.text.includes(rule.doc.help) && d.help.markdown.includes(rule.doc.example));
      assert.strictEqual(d.defaultConfiguration.level, sarifLevel(rule.defaultSeverity));
    }
    assert.strictEqual(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(ROOT).href.replace(/\/?$/, '/'));

    // The results are the JSON output's diagnostics, in SARIF form.
    const json = JSON.parse(cli('scan', '--format', 'json', 'test/fixtures/manifests/problems.json').out);
    const diagnostics: LocatedDiagnostic[] = json.files[0].diagnostics;
    assert.ok(diagnostics.length >= 3, JSON.stringify(diagnostics));
    assert.strictEqual(run.results.length, diagnostics.length);
    for (const [i, r] of run.results.entries()) {
      const d = diagnostics[i];
      assert.strictEqual(r.ruleId, d.code);
      assert.strictEqual(driver.rules[r.ruleIndex].id, r.ruleId);
      assert.strictEqual(r.level, sarifLevel(d.severity));
      assert.strictEqual(r.message.text, d.message);
      const loc = r.locations[0].physicalLocation;
      assert.deepStrictEqual(loc.artifactLocation, { uri: 'test/fixtures/manifests/problems.json', uriBaseId: '%SRCROOT%' });
      const { snippet, ...reg } = loc.region;
      assert.deepStrictEqual(reg, { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn });
      // The snippet is the text of the region; the context region holds it.
      const lines = fs.readFileSync(path.join(MANIFESTS, 'problems.json'), 'utf8').split('\n');
      if (d.line === d.endLine) assert.strictEqual(snippet.text, lines[d.line - 1].slice(d.column - 1, d.endColumn - 1));
      assert.ok(loc.contextRegion.snippet.text.includes(snippet.text));
      assert.ok(loc.contextRegion.startLine <= d.line && loc.contextRegion.endLine >= d.endLine);
      assert.strictEqual((r.fixes ?? []).length, d.fixes.filter((f) => f.edits.length).length);
    }
    const mismatch = run.results.find((r: any) => r.ruleId === 'permission-type-mismatch');
    assert.ok(mismatch, 'the Scope entry for an Application-only GUID is reported');
    assert.strictEqual(mismatch.level, 'error');
    const text = fs.readFileSync(path.join(MANIFESTS, 'problems.json'), 'utf8').split('\n');
    const reg = mismatch.locations[0].physicalLocation.region;
    assert.strictEqual(text[reg.startLine - 1].slice(reg.startColumn - 1, reg.endColumn - 1), 'a7a681dc-756e-4909-b988-f160edc6655f');
    // Its fix turns "Scope" into "Role", as a SARIF replacement.
    const rep = mismatch.fixes[0].artifactChanges[0].replacements[0];
    assert.strictEqual(text[rep.deletedRegion.startLine - 1].slice(rep.deletedRegion.startColumn - 1, rep.deletedRegion.endColumn - 1), 'Scope');
    assert.deepStrictEqual(rep.insertedContent, { text: 'Role' });
    assert.deepStrictEqual(mismatch.fixes[0].artifactChanges[0].artifactLocation, loc0(mismatch));
  });

  it('honours --rules in result levels and drops rules that are off', () => {
    const log = sarifScan('--rules', 'duplicate-permission=off,high-privilege=error', 'test/fixtures/manifests/problems.json');
    validate(log);
    const results = log.runs[0].results;
    assert.ok(!results.some((r: any) => r.ruleId === 'duplicate-permission'));
    const high = results.filter((r: any) => r.ruleId === 'high-privilege');
    assert.ok(high.length >= 1);
    assert.ok(high.every((r: any) => r.level === 'error'));
    // The rule list stays complete; defaultConfiguration keeps the defaults.
    assert.strictEqual(log.runs[0].tool.driver.rules.length, RULES.length);
  });
});

function loc0(result: any): any {
  return result.locations[0].physicalLocation.artifactLocation;
}

describe('buildSarif (pure)', () => {
  const rule = (id: string, defaultSeverity: Rule['defaultSeverity']): Rule => ({
    id,
    defaultSeverity,
    doc: { summary: `Finds ${id}.`, help: 'Fix it.', example: '{ "a": 1 }' },
    check: () => undefined,
  });
  const rules = [rule('first-rule', 'error'), rule('second-rule', 'hint')];
  const diag = (code: string, severity: LocatedDiagnostic['severity'], extra: Partial<LocatedDiagnostic> = {}): LocatedDiagnostic => ({
    code,
    severity,
    message: `${code} here`,
    line: 2,
    column: 3,
    endLine: 2,
    endColumn: 9,
    fixes: [],
    ...extra,
  });

  it('maps severities to levels: error, warning, and note for information and hint', () => {
    assert.deepStrictEqual(
      (['error', 'warning', 'information', 'hint'] as const).map(sarifLevel),
      ['error', 'warning', 'note', 'note'],
    );
    const log: any = buildSarif({
      toolVersion: '1.2.3',
      rules,
      files: [
        {
          artifact: { uri: 'a/b.json', relative: true },
          diagnostics: [diag('second-rule', 'information'), diag('first-rule', 'warning'), diag('not-a-rule', 'error')],
        },
      ],
    });
    validate(log);
    const run = log.runs[0];
    assert.deepStrictEqual(
      run.results.map((r: any) => [r.ruleId, r.ruleIndex, r.level]),
      [
        ['second-rule', 1, 'note'],
        ['first-rule', 0, 'warning'],
      ],
    );
    assert.deepStrictEqual(run.tool.driver.rules.map((r: any) => [r.name, r.defaultConfiguration.level]), [
      ['FirstRule', 'error'],
      ['SecondRule', 'note'],
    ]);
    assert.strictEqual(run.originalUriBaseIds, undefined);
  });

  it('writes fixes as replacements (deletions without insertedContent), absolute artifacts without uriBaseId, and notifications', () => {
    const log: any = buildSarif({
      toolVersion: '0.1.0',
      rules,
      srcRoot: 'file:///work/repo/',
      files: [
        {
          artifact: { uri: 'file:///elsewhere/x.json', relative: false },
          diagnostics: [
            diag('first-rule', 'error', {
              fixes: [
                { title: 'Remove', edits: [{ line: 2, column: 1, endLine: 3, endColumn: 1, newText: '' }] },
                { title: 'Insert', edits: [{ line: 1, column: 2, endLine: 1, endColumn: 2, newText: '"x": 1, ' }] },
                { title: 'Nothing', edits: [] },
              ],
            }),
          ],
        },
      ],
      notifications: [{ level: 'note', message: 'big.json: skipped', artifact: { uri: 'big.json', relative: true } }, { level: 'error', message: 'a rule failed' }],
    });
    validate(log);
    const run = log.runs[0];
    assert.deepStrictEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/repo/' } });
    const r = run.results[0];
    assert.deepStrictEqual(loc0(r), { uri: 'file:///elsewhere/x.json' });
    assert.strictEqual(r.fixes.length, 2);
    assert.deepStrictEqual(r.fixes[0], {
      description: { text: 'Remove' },
      artifactChanges: [{ artifactLocation: { uri: 'file:///elsewhere/x.json' }, replacements: [{ deletedRegion: { startLine: 2, startColumn: 1, endLine: 3, endColumn: 1 } }] }],
    });
    assert.deepStrictEqual(r.fixes[1].artifactChanges[0].replacements[0], {
      deletedRegion: { startLine: 1, startColumn: 2, endLine: 1, endColumn: 2 },
      insertedContent: { text: '"x": 1, ' },
    });
    const notes = run.invocations[0].toolExecutionNotifications;
    assert.deepStrictEqual(notes[0], {
      level: 'note',
      message: { text: 'big.json: skipped' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'big.json', uriBaseId: '%SRCROOT%' } } }],
    });
    assert.deepStrictEqual(notes[1], { level: 'error', message: { text: 'a rule failed' } });
  });

  it('names rules in PascalCase and encodes relative paths as URI references', () => {
    assert.strictEqual(pascalCase('unknown-permission-id'), 'UnknownPermissionId');
    assert.strictEqual(pascalCase('broader-than-sibling'), 'BroaderThanSibling');
    assert.strictEqual(relativePathToUri('test\\fixtures\\a b#1.json'), 'test/fixtures/a%20b%231.json');
    assert.strictEqual(relativePathToUri('./x/ü.json'), 'x/%C3%BC.json');
  });
});
