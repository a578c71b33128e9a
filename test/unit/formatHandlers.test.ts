/**
 * The format registry (src/core/formats.ts) is the one place that says, per format, which code does
 * the work: its scanner, its comment lexer, its Graph call detectors and its payload reader. Every
 * entry has what its role needs (a check that fails when one is missing), the dispatching functions
 * answer through it, and the lazily loaded YAML scanner stays out of a start that reads no YAML.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { DOCUMENT_FORMATS, scanText } from '../../src/core/analyze';
import { CALL_FORMATS, FORMATS, formatInfo, type FormatInfo } from '../../src/core/formats';
import { CALL_DETECTORS, detectGraphCalls } from '../../src/core/leastPrivilege/detect';
import { PAYLOAD_READERS } from '../../src/core/payloads/payload';
import { commentRanges } from '../../src/core/scan/comments';
import { bundledStore, ROOT } from './helpers';

interface Implementations {
  callDetectors: object;
  payloadReaders: object;
}

const has = (o: object, key: string): boolean => Object.hasOwn(o, key) && typeof (o as Record<string, unknown>)[key] !== 'undefined';

/** What an entry lacks for its role: a scanner for every format, a reader for a payload format, detectors and comments for call formats. */
function registryProblems(formats: readonly FormatInfo[], impl: Implementations): string[] {
  const problems: string[] = [];
  for (const f of formats) {
    if (typeof f.scan !== 'function') problems.push(`${f.format}: no scanner`);
    if (f.payload && !has(impl.payloadReaders, f.payload.format)) problems.push(`${f.format}: no reader for its payload format '${f.payload.format}'`);
    if (f.usage === 'calls') {
      if (!f.calls?.length) problems.push(`${f.format}: least privilege reads its calls, but it names no call detector`);
      if (typeof f.comments !== 'function') problems.push(`${f.format}: least privilege reads its calls, but it has no comment lexer`);
    } else if (f.calls?.length) problems.push(`${f.format}: names call detectors, but least privilege does not read its calls`);
    for (const name of f.calls ?? []) if (!has(impl.callDetectors, name)) problems.push(`${f.format}: no call detector '${name}'`);
  }
  return problems;
}

const IMPLEMENTATIONS: Implementations = { callDetectors: CALL_DETECTORS, payloadReaders: PAYLOAD_READERS };

/** A copy of the registry with one entry changed. */
function withEntry(format: string, change: (f: FormatInfo) => FormatInfo): FormatInfo[] {
  assert.ok(formatInfo(format), format);
  return FORMATS.map((f) => (f.format === format ? change({ ...f }) : f));
}

/** One Graph call per call format, as written in that language. */
interface Sample {
  call: string;
  comment: string;
  found: string;
}
const CALLS: Record<string, Sample> = {
  powershell: { call: 'Get-MgUserMessage -UserId $id', comment: '# ', found: 'GET /users/{id}/messages' },
  javascript: { call: "await client.api('/me/messages').get();", comment: '// ', found: 'GET /me/messages' },
  csharp: { call: 'var m = await graphClient.Me.Messages.GetAsync();', comment: '// ', found: 'GET /Me/Messages' },
  python: { call: 'r = requests.get("https://graph.microsoft.com/v1.0/me/messages")', comment: '# ', found: 'GET /me/messages' },
  java: { call: 'var m = graphClient.me().messages().get();', comment: '// ', found: 'GET /me/messages' },
  http: { call: 'GET https://graph.microsoft.com/v1.0/me/messages', comment: '# ', found: 'GET /me/messages' },
};

describe('format registry: the work per format', () => {
  const store = bundledStore();

  it('every format has a scanner, and the formats with payloads or calls have their readers, detectors and comment lexers', () => {
    assert.deepStrictEqual(
      FORMATS.map((f) => f.format),
      [...DOCUMENT_FORMATS],
    );
    assert.deepStrictEqual(registryProblems(FORMATS, IMPLEMENTATIONS), []);
    assert.deepStrictEqual(
      FORMATS.filter((f) => f.payload).map((f) => `${f.format}:${f.payload?.format}`),
      ['json:json', 'javascript:ts', 'http:http'],
    );
  });

  it('the check fails when a scanner, a payload reader, a call detector or a comment lexer is missing', () => {
    const noScanner = withEntry('bicep', (f) => ({ ...f, scan: undefined as unknown as FormatInfo['scan'] }));
    assert.deepStrictEqual(registryProblems(noScanner, IMPLEMENTATIONS), ['bicep: no scanner']);

    const readersWithoutTs: Partial<Record<keyof typeof PAYLOAD_READERS, unknown>> = { ...PAYLOAD_READERS };
    delete readersWithoutTs.ts;
    assert.deepStrictEqual(registryProblems(FORMATS, { ...IMPLEMENTATIONS, payloadReaders: readersWithoutTs }), ["javascript: no reader for its payload format 'ts'"]);

    const noCalls = withEntry('java', (f) => ({ ...f, calls: undefined }));
    assert.deepStrictEqual(registryProblems(noCalls, IMPLEMENTATIONS), ['java: least privilege reads its calls, but it names no call detector']);

    const detectorsWithoutKiota: Partial<Record<keyof typeof CALL_DETECTORS, unknown>> = { ...CALL_DETECTORS };
    delete detectorsWithoutKiota.kiota;
    assert.deepStrictEqual(registryProblems(FORMATS, { ...IMPLEMENTATIONS, callDetectors: detectorsWithoutKiota }), [
      "javascript: no call detector 'kiota'",
      "csharp: no call detector 'kiota'",
      "python: no call detector 'kiota'",
      "java: no call detector 'kiota'",
    ]);

    const noComments = withEntry('python', (f) => ({ ...f, comments: undefined }));
    assert.deepStrictEqual(registryProblems(noComments, IMPLEMENTATIONS), ['python: least privilege reads its calls, but it has no comment lexer']);

    const strayCalls = withEntry('markdown', (f) => ({ ...f, calls: ['url'] }));
    assert.deepStrictEqual(registryProblems(strayCalls, IMPLEMENTATIONS), ['markdown: names call detectors, but least privilege does not read its calls']);
  });

  it("scanText scans every format with its entry's scanner (YAML's loaded on first use)", () => {
    for (const format of DOCUMENT_FORMATS) {
      const scan = scanText('', format, store);
      assert.deepStrictEqual([scan.references, scan.incomplete], [[], undefined], format);
    }
    assert.throws(() => scanText('', 'constructor' as never, store), /no scanner for the format 'constructor'/);
  });

  it("detectGraphCalls finds a call in every call format with its entry's detectors, and skips it commented out with its entry's comment lexer", () => {
    assert.deepStrictEqual(Object.keys(CALLS).sort(), [...CALL_FORMATS].sort());
    for (const [format, { call, comment, found }] of Object.entries(CALLS) as [FormatInfo['format'], Sample][]) {
      assert.deepStrictEqual(
        detectGraphCalls(call, format).map((c) => `${c.method} ${c.path}`),
        [found],
        format,
      );
      const commented = `${comment}${call}`;
      assert.deepStrictEqual(commentRanges(commented, format), [{ start: 0, end: commented.length }], format);
      assert.deepStrictEqual(detectGraphCalls(commented, format), [], format);
    }
    assert.deepStrictEqual(detectGraphCalls(CALLS.javascript.call, 'markdown'), [], 'a format without detectors has no calls');
    assert.deepStrictEqual(commentRanges('// x', 'bicep'), [], 'a format without a comment lexer has no comment ranges');
  });

  it('the YAML parser is not loaded until the first YAML document', () => {
    // A fresh Node process over the compiled sources: the hosts' data module (which sets the loader), the
    // registry and the language service, then a JSON check; the `yaml` package must not be loaded before YAML.
    const out = path.join(ROOT, 'out', 'src');
    const script = `
      const path = require('path');
      const out = ${JSON.stringify(out)};
      const data = require(path.join(out, 'platform', 'node', 'data.js'));
      require(path.join(out, 'core', 'formats.js'));
      require(path.join(out, 'core', 'service', 'index.js'));
      const { analyzeText } = require(path.join(out, 'core', 'analyze.js'));
      const store = data.loadPermissionStore(${JSON.stringify(path.join(ROOT, 'data'))});
      const yamlLoaded = () => Object.keys(require.cache).some((k) => /[\\\\/]node_modules[\\\\/]yaml[\\\\/]/.test(k));
      const json = analyzeText('{"scope": "User.Read"}', 'json', store).references.length;
      const before = yamlLoaded();
      const yaml = analyzeText('scopes:\\n  - User.Read\\n', 'yaml', store).references.length;
      process.stdout.write(JSON.stringify({ json, before, yaml, after: yamlLoaded() }));
    `;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout), { json: 1, before: false, yaml: 1, after: true });
  });
});
