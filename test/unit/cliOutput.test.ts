/**
 * The CLI's output helpers: JSON written in pieces equals JSON.stringify (so a large scan never has
 * to fit in one string), and terminal-safe text keeps every character visible and on one line.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { jsonChunks, terminalSafe } from '../../src/cliOutput';

describe('CLI output', () => {
  it('jsonChunks joined is exactly JSON.stringify(value, null, 2)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => assert.strictEqual([...jsonChunks(v)].join(''), JSON.stringify(v, null, 2))),
      { numRuns: 300 },
    );
    const withUndefined = { a: undefined, b: [undefined, 1], c: { d: undefined } };
    assert.strictEqual([...jsonChunks(withUndefined)].join(''), JSON.stringify(withUndefined, null, 2));
  });

  it('a large report is written in pieces no larger than one entry', () => {
    const ref = { name: 'User.Read', kind: 'Delegated', id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', line: 1, column: 1, text: 'User.Read' };
    const report = { store: { permissions: 1 }, files: [{ path: 'x.json', references: Array.from({ length: 50000 }, () => ref) }] };
    let max = 0;
    let total = 0;
    for (const c of jsonChunks(report)) {
      max = Math.max(max, c.length);
      total += c.length;
    }
    assert.ok(total > 5_000_000, `${total}`);
    assert.ok(max < 400, `largest piece ${max} characters`);
  });

  it('terminalSafe escapes controls, ANSI, line breaks, bidi and zero-width characters, and nothing else', () => {
    assert.strictEqual(terminalSafe('X\u001b[2J\nfake'), 'X\\u001b[2J\\nfake');
    assert.strictEqual(terminalSafe('a\u202eb\u2066c\u200bd\ufeffe\u009bf\r\tg\u2028'), 'a\\u202eb\\u2066c\\u200bd\\ufeffe\\u009bf\\r\\tg\\u2028');
    assert.strictEqual(terminalSafe('User.Read — Ünïcödé 日本 😀'), 'User.Read — Ünïcödé 日本 😀');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(terminalSafe(s), /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/);
      }),
      { numRuns: 300 },
    );
  });
});
