/**
 * Property-based robustness tests (fast-check): for every document format `formatOf` knows, random
 * and mutated documents — truncated JSON, unbalanced brackets, huge strings, deep nesting, lone
 * surrogates, GUID-shaped noise, real permission GUIDs and names — never make a scanner, the
 * analysis, the rules, hovers or completions throw or hang, and every range they return lies inside
 * the document.
 *
 * `npm test` runs a bounded number of cases (the whole file takes a few seconds); `npm run fuzz` runs
 * 2,000 per property and `FUZZ_RUNS=20000 npm run fuzz` any number. A failure prints fast-check's seed
 * and shrunk input (large generated documents print as their recipe).
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, formatOf, scanText, type Analysis, type DocumentFormat } from '../../src/core/analyze';
import { completionsAt } from '../../src/core/permissions/permissionCompletion';
import { permissionHover, resourceAppHover } from '../../src/core/permissions/permissionHover';
import { resolveReference } from '../../src/core/permissions/resolve';
import { runRules } from '../../src/core/rules';
import { applyEdits } from '../../src/core/rules/util';
import { findAt, isPermissionReference } from '../../src/core/scan/reference';
import { damerauLevenshtein } from '../../src/core/store/store';
import { bundledStore, FIXTURES } from './helpers';

const store = bundledStore();
// `npm run fuzz` (npm_lifecycle_event) defaults to 2,000 cases per property; FUZZ_RUNS sets any count.
const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || (process.env.npm_lifecycle_event === 'fuzz' ? 2000 : 0));
/** Cases per property: FUZZ_RUNS when set, else a small default that keeps `npm test` fast. */
const runs = (dflt: number): number => (RUNS > 1 ? RUNS : dflt);
/** No single document (at most a few hundred KB) may take longer than this — "never hang". */
// A hang detector, not a speed test: generous, so a busy 2-core CI machine never trips it (speed: npm run bench).
const HANG_MS = Number(process.env.FUZZ_HANG_MS) || 15000;

const SAMPLE_FILES = ['x.json', 'x.bicep', 'x.tf', 'x.ps1', 'x.ts', 'x.cs', 'x.py', 'x.java', 'x.http', 'x.yaml', 'x.md', 'x.sh', 'x.txt', 'manifest.json'];
const FORMATS: DocumentFormat[] = [...new Set(SAMPLE_FILES.map((f) => formatOf(f)).filter((f): f is DocumentFormat => !!f))];

// ---------------------------------------------------------------------------------------------
// Material

const permissions = store.permissions();
const GUIDS = permissions.map((p) => p.id);
const NAMES = [...new Set(permissions.map((p) => p.value))];
const APP_IDS = ['00000003-0000-0000-c000-000000000000', '00000003-0000-0ff1-ce00-000000000000', '00000002-0000-0000-c000-000000000000'];

/** Fixture files of every format (read at run time), the seeds for mutation. */
function seeds(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.statSync(p).size < 200_000) out.push({ file: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  for (const d of ['manifests', 'formats', 'payloads', 'workspace', 'rules']) walk(path.join(FIXTURES, d));
  return out;
}
const SEEDS = seeds();
const seedsFor = (format: DocumentFormat) => {
  const own = SEEDS.filter((s) => formatOf(path.basename(s.file)) === format).map((s) => s.text);
  return own.length ? own : SEEDS.filter((s) => s.file.endsWith('.json')).map((s) => s.text);
};

const hex = fc.constantFrom(...'0123456789abcdefABCDEF');
const hexStr = (n: number) => fc.array(hex, { minLength: n, maxLength: n }).map((a) => a.join(''));
/** GUID-shaped noise: real GUIDs, random GUIDs, near misses (one group short, bad digit, braces). */
const guidNoise = fc.oneof(
  fc.constantFrom(...GUIDS, ...APP_IDS),
  fc.tuple(hexStr(8), hexStr(4), hexStr(4), hexStr(4), hexStr(12)).map((g) => g.join('-')),
  fc.tuple(fc.constantFrom(...GUIDS), fc.nat(35), fc.constantFrom('', 'g', '-', 'x', '0', '\u00e9', '\ud800')).map(([g, i, c]) => g.slice(0, i) + c + g.slice(i + 1)),
  fc.constantFrom(...GUIDS).map((g) => `{${g.toUpperCase()}}`),
);
/** Permission names as written, mangled, prefixed with a resource URI, or with a `.default`. */
const nameNoise = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.tuple(fc.constantFrom(...NAMES), fc.nat(40), fc.constantFrom('', '.', 'x', ' ', '\\', '"')).map(([n, i, c]) => n.slice(0, i) + c + n.slice(i + 1)),
  fc.constantFrom(...NAMES).map((n) => `https://graph.microsoft.com/${n}`),
  fc.constantFrom('https://graph.microsoft.com/.default', '.default', 'api://x/.default', 'offline_access openid profile', 'User.Read Mail.Send, Files.Read.All'),
);
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const structural = fc.constantFrom('{', '}', '[', ']', '"', "'", '`', ':', '=', ',', ';', '\\', '\n', '\r\n', '\t', ' ', '/', '*', '//', '/*', '*/', '#', '$', '(', ')', '@', '<', '>', '${', '"""', '---', '- ', '\u2028', '\ufeff', '\u0000');
const keyword = fc.constantFrom(
  '"resourceAppId"', '"resourceAccess"', '"requiredResourceAccess"', '"id"', '"type"', '"Role"', '"Scope"', '"scopes"', '"scope"', '"permissions"',
  'resourceAppId:', 'resourceAccess:', 'resource_app_id', 'resource_access', 'id =', 'type =', '-Scopes', 'Connect-MgGraph', 'Scopes =', 'scopes:',
  'GET https://graph.microsoft.com/v1.0/me', 'Authorization: Bearer x', '"@odata.type"', 'new[] {', 'requiredResourceAccess:', 'appRoles', 'oauth2PermissionScopes',
  '"$schema": "https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"', 'resourceSpecific', 'consentType',
);
const token = fc.oneof(
  { weight: 4, arbitrary: structural },
  { weight: 3, arbitrary: keyword },
  { weight: 2, arbitrary: guidNoise.map((g) => `"${g}"`) },
  { weight: 2, arbitrary: guidNoise },
  { weight: 2, arbitrary: nameNoise.map((n) => `"${n}"`) },
  { weight: 1, arbitrary: nameNoise },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: loneSurrogate },
);
/** A document made of random tokens. */
const tokenDoc = fc.array(token, { maxLength: 300 }).map((t) => t.join(''));

/** A structurally valid JSON manifest with random (often wrong) entries. */
const manifestDoc = fc
  .array(
    fc.record({
      app: fc.oneof(fc.constantFrom(...APP_IDS, 'Microsoft Graph', 'SharePoint', ''), guidNoise, fc.string()),
      entries: fc.array(fc.record({ id: fc.oneof(guidNoise, nameNoise, fc.string()), type: fc.constantFrom('Role', 'Scope', 'role', '', 'Delegated', 'x') }), { maxLength: 12 }),
    }),
    { maxLength: 6 },
  )
  .map((blocks) => JSON.stringify({ requiredResourceAccess: blocks.map((b) => ({ resourceAppId: b.app, resourceAccess: b.entries })) }, null, 2));

type Mutation = (s: string) => string;
/** Edits of a seed document: truncation, deletions, insertions, duplications, bracket damage, surrogates. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((f): Mutation => (s) => s.slice(0, Math.floor(s.length * f))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(200)).map(([f, n]): Mutation => (s) => {
    const i = Math.floor(s.length * f);
    return s.slice(0, i) + s.slice(i + n);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.array(token, { maxLength: 8 })).map(([f, t]): Mutation => (s) => {
    const i = Math.floor(s.length * f);
    return s.slice(0, i) + t.join('') + s.slice(i);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(400)).map(([f, n]): Mutation => (s) => {
    const i = Math.floor(s.length * f);
    return s.slice(0, i + n) + s.slice(i, i + n) + s.slice(i + n);
  }),
  fc.constantFrom<Mutation>(
    (s) => s.replace(/[{}[\]]/g, (c) => ({ '{': '[', '}': ']', '[': '{', ']': '}' })[c] as string),
    (s) => s.replace(/"/g, ''),
    (s) => s.replace(/"/g, "'"),
    (s) => s.replace(/\n/g, '\r'),
    (s) => s.split('').reverse().join(''),
    (s) => s.replace(/[a-f]/g, '\ud83d'), // lone high surrogates everywhere
    (s) => s.replace(/-/g, '\udc00'),
    (s) => '{'.repeat(50) + s,
    (s) => s + ']'.repeat(50),
  ),
);
const mutatedDoc = (format: DocumentFormat) =>
  fc.tuple(fc.constantFrom(...seedsFor(format)), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([seed, ms]) => ms.reduce((s, m) => m(s), seed));

/** A large generated document, printed by its recipe (not its megabytes) when a property fails. */
interface Big {
  text: string;
}
const big = (label: string, make: (n: number) => string, min: number, max: number): fc.Arbitrary<Big> =>
  fc.integer({ min, max }).map((n) => {
    const text = make(n);
    return { text, [fc.toStringMethod]: () => `${label} (n=${n}, ${text.length} chars)` };
  });

/** Pathological shapes: deep nesting, huge strings, long lines, many repeats, comment-only text. */
const extremeDoc: fc.Arbitrary<Big> = fc.oneof(
  big("'['.repeat(n) + ']'.repeat(n)", (n) => '['.repeat(n) + ']'.repeat(n), 1000, 60000),
  big(`'{"a":'.repeat(n) + '1' + '}'.repeat(n)`, (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n), 1000, 30000),
  big(`'{"scopes":['.repeat(n)`, (n) => '{"scopes":['.repeat(n), 1000, 30000),
  big("'- '.repeat(n) + 'User.Read'", (n) => '- '.repeat(n) + 'User.Read', 1000, 20000),
  big("'  '.repeat(n) + 'a:\\n'", (n) => '  '.repeat(n) + 'a:\n', 1000, 20000),
  big(`'('.repeat(n) + '"Mail.Send"'`, (n) => '('.repeat(n) + '"Mail.Send"', 1000, 20000),
  fc.tuple(fc.integer({ min: 10000, max: 300000 }), fc.constantFrom('a', '\\', '"', ' ', '\ud800', '.', '-', 'A.', '0')).map(([n, c]) => {
    const text = `{"scopes": "${c.repeat(n)}"}`;
    return { text, [fc.toStringMethod]: () => `{"scopes": "<${JSON.stringify(c)} x ${n}>"}` };
  }),
  big(`'"' + 'User.Read '.repeat(n) + '"'`, (n) => `"${'User.Read '.repeat(n)}"`, 1000, 20000),
  big('a resourceAccess array of n entries', (n) => `{"resourceAppId":"00000003-0000-0000-c000-000000000000","resourceAccess":[${Array.from({ length: n }, () => '{"id":"User.Read","type":"Scope"}').join(',')}]}`, 100, 3000),
  big("'/*'.repeat(n)", (n) => '/*'.repeat(n), 1000, 50000),
  big("'/**/'.repeat(n)", (n) => '/**/'.repeat(n), 1000, 25000),
  big("'# \\n'.repeat(n)", (n) => '# \n'.repeat(n), 1000, 30000),
  big("'<##>'.repeat(n)", (n) => '<##>'.repeat(n), 1000, 25000),
  big("'\"'.repeat(n)", (n) => '"'.repeat(n), 1000, 50000),
  big("'\\\\'.repeat(n)", (n) => '\\'.repeat(n), 1000, 50000),
  big('a permission GUID repeated n times', (n) => 'e1fe6dd8-ba31-4d61-89e7-88639da4683d'.repeat(n), 100, 1500),
);

// ---------------------------------------------------------------------------------------------
// Checks

function inside(text: string, r: { start: number; end: number }, what: string): void {
  assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end), `${what}: non-integer range ${r.start}..${r.end}`);
  assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `${what}: range ${r.start}..${r.end} outside 0..${text.length}`);
}

function timed<T>(what: string, fn: () => T): T {
  const t0 = Date.now();
  const v = fn();
  const ms = Date.now() - t0;
  assert.ok(ms < HANG_MS, `${what} took ${ms} ms (limit ${HANG_MS} ms)`);
  return v;
}

/** Scanner, analysis, rules, fixes and hovers on one document: the property every input must satisfy. */
function checkDocument(text: string, format: DocumentFormat): Analysis {
  // The scanner itself must not throw (analyzeText would report it as an incomplete analysis).
  const scan = timed(`scanText(${format})`, () => scanText(text, format, store));
  if (scan.incomplete !== undefined) assert.ok(typeof scan.incomplete === 'string' && scan.incomplete.length > 0, `${format}: empty incomplete reason`);
  for (const r of scan.references) inside(text, r, `${format} reference ${JSON.stringify(r.text)}`);
  for (const a of scan.resourceApps) inside(text, a, `${format} resource app`);
  for (const s of scan.specials ?? []) inside(text, s, `${format} special`);
  for (let i = 1; i < scan.references.length; i++) assert.ok(scan.references[i - 1].start <= scan.references[i].start, `${format}: references not sorted`);

  const analysis = timed(`analyzeText(${format})`, () => analyzeText(text, format, store));
  assert.strictEqual(analysis.incomplete, scan.incomplete, `${format}: the analysis reports exactly what the scanner could not read`);
  for (const r of analysis.references) {
    inside(text, r.ref, `${format} resolved reference`);
    for (const x of [r.ref.typeValue, r.ref.resourceAppRange, r.ref.entry]) if (x) inside(text, x, `${format} reference part`);
  }
  const { diagnostics, errors } = timed(`runRules(${format})`, () => runRules(text, analysis, store));
  assert.deepStrictEqual(errors, [], `${format}: a rule threw`);
  for (const d of diagnostics) {
    inside(text, d, `${format} diagnostic ${d.code}`);
    assert.ok(d.message.length > 0, `${d.code}: empty message`);
    for (const f of d.fixes) {
      for (const e of f.edits) inside(text, e, `${format} fix '${f.title}'`);
      applyEdits(text, f.edits);
    }
  }
  // Hovers, as the hover provider computes them.
  for (const r of analysis.references.slice(0, 50)) {
    const hit = findAt(analysis.scan, r.ref.start);
    assert.ok(hit, `${format}: findAt misses a reference at ${r.ref.start}`);
    if (isPermissionReference(hit)) permissionHover(store, resolveReference(store, hit));
  }
  for (const a of analysis.resourceApps.slice(0, 20)) {
    const app = a.appId ? store.resourceApp(a.appId) : undefined;
    if (app) resourceAppHover(app);
  }
  return analysis;
}

function checkCompletion(text: string, offsets: number[]): void {
  for (const raw of offsets) {
    const offset = Math.min(raw, text.length);
    const r = timed('completionsAt', () => completionsAt(text, offset, store, 'aad.manifest.json'));
    if (!r) continue;
    inside(text, { start: r.replaceStart, end: r.replaceEnd }, 'completion replace range');
    assert.ok(r.replaceStart <= offset && offset <= r.replaceEnd, `completion range ${r.replaceStart}..${r.replaceEnd} does not contain the caret ${offset}`);
  }
}

// ---------------------------------------------------------------------------------------------

describe('fuzz: scanners, analysis, rules and hovers never throw, never hang, ranges stay inside', function () {
  this.timeout(Math.max(60000, RUNS * 200));

  it(`covers every format formatOf knows from the sample names (${FORMATS.join(', ')})`, () => {
    assert.ok(FORMATS.includes('json'));
  });

  for (const format of FORMATS) {
    describe(`format ${format}`, () => {
      it('random token soup (brackets, quotes, GUID noise, names, lone surrogates)', () => {
        fc.assert(fc.property(tokenDoc, (text) => void checkDocument(text, format)), { numRuns: runs(25) });
      });

      it('mutated real documents (truncated, unbalanced, duplicated, damaged)', () => {
        fc.assert(fc.property(mutatedDoc(format), (text) => void checkDocument(text, format)), { numRuns: runs(25) });
      });

      it('arbitrary Unicode and binary text', () => {
        fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => void checkDocument(text, format)), { numRuns: runs(15) });
      });

      it('pathological shapes: deep nesting, huge strings, long repeats', () => {
        fc.assert(fc.property(extremeDoc, (doc) => void checkDocument(doc.text, format)), { numRuns: RUNS > 1 ? Math.max(20, Math.floor(RUNS / 100)) : 4 });
      });
    });
  }

  it('fails closed: a high-privilege Role before any pathological value is found, or the file is reported as not analysed', () => {
    const ROLE = '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8'; // RoleManagement.ReadWrite.Directory
    const head = `{"requiredResourceAccess":[{"resourceAppId":"${APP_IDS[0]}","resourceAccess":[{"id":"${ROLE}","type":"Role"}]}],"x":`;
    fc.assert(
      fc.property(extremeDoc, (doc) => {
        const a = checkDocument(head + doc.text + '}', 'json');
        const found = a.references.some((r) => r.permission?.id === ROLE && r.ref.position === 'resourceAccess');
        assert.ok(found || a.incomplete, 'the Role was lost without the file being reported as not analysed');
      }),
      { numRuns: RUNS > 1 ? Math.max(20, Math.floor(RUNS / 100)) : 8 },
    );
    // Nesting past what the JSON parser recurses through is the case that used to hide the file.
    const deep = head + '['.repeat(20000) + ']'.repeat(20000) + '}';
    const a = analyzeText(deep, 'json', store);
    assert.match(a.incomplete ?? '', /nested too deeply/);
  });

  it('no scanner swallows an exception: a failure at any point is thrown or reported, never an empty result', () => {
    // An oracle that fails on its k-th question stands for any bug or resource failure mid-scan.
    const failing = (k: number): typeof store => {
      let n = 0;
      const boom = (): never => {
        throw new Error('injected failure');
      };
      return new Proxy(store, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          if (typeof v !== 'function' || !['isKnownId', 'isKnownName', 'resourceAppId'].includes(String(prop))) return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
          return (...args: unknown[]) => (++n === k ? boom() : (v as (...a: unknown[]) => unknown).apply(target, args));
        },
      });
    };
    let injected = 0;
    for (const format of FORMATS) {
      fc.assert(
        fc.property(fc.oneof(mutatedDoc(format), manifestDoc), fc.integer({ min: 1, max: 40 }), (text, k) => {
          let calls = 0;
          const counting = new Proxy(store, {
            get(target, prop, receiver) {
              const v = Reflect.get(target, prop, receiver) as unknown;
              if (typeof v !== 'function') return v;
              return (...args: unknown[]) => {
                if (['isKnownId', 'isKnownName', 'resourceAppId'].includes(String(prop))) calls++;
                return (v as (...a: unknown[]) => unknown).apply(target, args);
              };
            },
          });
          scanText(text, format, counting);
          if (calls < k) return; // the failure point is never reached
          injected++;
          let threw = false;
          let reported = false;
          try {
            reported = !!scanText(text, format, failing(k)).incomplete;
          } catch {
            threw = true;
          }
          assert.ok(threw || reported, `${format}: the failure at question ${k} of ${calls} was swallowed`);
          const a = analyzeText(text, format, failing(k));
          assert.ok(a.incomplete, `${format}: analyzeText hid the failure`);
        }),
        { numRuns: runs(10) },
      );
    }
    assert.ok(injected > 0, 'failures were injected');
  });

  it('manifests with random entries: rules and fixes stay consistent', () => {
    fc.assert(
      fc.property(manifestDoc, (text) => {
        const a = checkDocument(text, 'json');
        // Valid JSON in, every fix keeps it parseable JSON.
        for (const d of runRules(text, a, store).diagnostics) for (const f of d.fixes) JSON.parse(applyEdits(text, f.edits));
      }),
      { numRuns: runs(60) },
    );
  });

  it('completions at random offsets of random and mutated documents', () => {
    const doc = fc.oneof(tokenDoc, manifestDoc, mutatedDoc('json'));
    fc.assert(
      fc.property(doc, fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), (text, offsets) => checkCompletion(text, offsets.map((o) => o % (text.length + 1)))),
      { numRuns: runs(60) },
    );
    // Out-of-range offsets are rejected, not thrown on.
    assert.strictEqual(completionsAt('{}', -1, store), undefined);
    assert.strictEqual(completionsAt('{}', 3, store), undefined);
    assert.strictEqual(completionsAt('{}', Number.NaN, store), undefined);
  });

  it('completions in pathological documents', () => {
    fc.assert(
      fc.property(extremeDoc, fc.double({ min: 0, max: 1, noNaN: true }), ({ text }, f) => checkCompletion(text, [Math.floor(text.length * f), text.length])),
      { numRuns: RUNS > 1 ? Math.max(20, Math.floor(RUNS / 100)) : 6 },
    );
  });
});

describe('fuzz: "did you mean" equals a brute-force search', () => {
  /** Textbook optimal-string-alignment distance (no early exit), the reference for the fast one. */
  function osa(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }

  function bruteSuggest(name: string, appId: string, max = 3): string[] {
    const exact = store.byName(name, appId);
    if (exact && exact.name !== name) return [exact.name];
    const lower = name.toLowerCase();
    const limit = Math.max(2, Math.floor(lower.length / 6));
    const names = [...new Set(permissions.filter((p) => p.resourceAppId === appId).map((p) => store.byName(p.value, appId)?.name as string))];
    return names
      .map((n) => ({ n, d: osa(lower, n.toLowerCase()) }))
      .filter((x) => x.d <= limit)
      .sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1))
      .slice(0, max)
      .map((x) => x.n);
  }

  const edit = fc.tuple(fc.nat(60), fc.constantFrom('del', 'ins', 'sub', 'swap'), fc.constantFrom(...'abcdeilrstAR.-_x\u00e9'));
  const apply = (s: string, [i, op, c]: [number, string, string]): string => {
    const k = s.length ? i % s.length : 0;
    if (op === 'del') return s.slice(0, k) + s.slice(k + 1);
    if (op === 'ins') return s.slice(0, k) + c + s.slice(k);
    if (op === 'sub') return s.slice(0, k) + c + s.slice(k + 1);
    return k + 1 < s.length ? s.slice(0, k) + s[k + 1] + s[k] + s.slice(k + 2) : s;
  };
  const near = fc.tuple(fc.constantFrom(...NAMES), fc.array(edit, { maxLength: 4 }), fc.boolean()).map(([n, edits, lower]) => {
    const s = edits.reduce(apply, n);
    return lower ? s.toLowerCase() : s;
  });

  it('for near misses and random strings, under Graph and SharePoint', () => {
    fc.assert(
      fc.property(fc.oneof(near, fc.string({ maxLength: 30 })), fc.constantFrom(APP_IDS[0], APP_IDS[1]), (name, app) => {
        assert.deepStrictEqual(store.suggest(name, app), bruteSuggest(name, app));
        assert.deepStrictEqual(store.suggest(name, app), bruteSuggest(name, app), 'memoised answer differs');
      }),
      { numRuns: runs(25) },
    );
  });

  it('damerauLevenshtein with a limit agrees with the textbook distance up to the limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 25 }), fc.string({ maxLength: 25 }), fc.nat(6), (a, b, limit) => {
        const d = osa(a, b);
        const fast = damerauLevenshtein(a, b, limit);
        if (d <= limit) assert.strictEqual(fast, d);
        else assert.ok(fast > limit, `${fast} ≤ ${limit} but the distance is ${d}`);
        assert.strictEqual(damerauLevenshtein(a, b), d);
      }),
      { numRuns: runs(200) },
    );
  });
});

describe('regressions found by fuzzing', () => {
  // plainMentions (scan/tokens.ts) searched the whole rest of the document from every comment:
  // quadratic in comment-only text. Each of these took seconds before the fix.
  const cases: [DocumentFormat, string][] = [
    ['csharp', '/*'.repeat(50000)],
    ['javascript', '/*'.repeat(50000)],
    ['powershell', '<##>'.repeat(25000)],
    ['bicep', '/**/'.repeat(25000)],
  ];
  for (const [format, text] of cases) {
    it(`${format}: ${text.slice(0, 4)}… × ${text.length / 4} ends (it was quadratic; speed: npm run bench)`, () => {
      timed(`scanText ${format}`, () => scanText(text, format, store));
    });
  }
});
