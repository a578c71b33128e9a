/**
 * The flat JSON tree (src/core/scan/jsonTree.ts) is jsonc-parser's parseTree in other clothes: the
 * same nodes — types, offsets, lengths, values, children in order — on every input, broken ones
 * included, and the same node at each offset as the binary-search look-up on parseTree's tree that
 * the resource-block fixes used before (nodeAtOffset).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parseTree, type Node, type ParseOptions } from 'jsonc-parser';
import { nodeAtOffset } from '../../src/core/rules/resourceBlocks';
import { JsonTree, NO_NODE } from '../../src/core/scan/jsonTree';
import { FIXTURES } from './helpers';

const TYPES = ['', 'object', 'array', 'property', 'string', 'number', 'boolean', 'null'];
const OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

/** The flat tree as parseTree's plain shape (no parents). */
function fromFlat(t: JsonTree, n: number): unknown {
  const kids: unknown[] = [];
  for (let i = 0; i < t.childCount(n); i++) kids.push(fromFlat(t, t.child(n, i)));
  const v = t.value(n);
  return { type: TYPES[t.type(n)], offset: t.offset(n), length: t.length(n), ...(v !== undefined ? { value: v } : {}), ...(kids.length ? { children: kids } : {}) };
}

function fromJsonc(n: Node): unknown {
  const kids = (n.children ?? []).map(fromJsonc);
  return { type: n.type, offset: n.offset, length: n.length, ...(n.value !== undefined ? { value: n.value } : {}), ...(kids.length ? { children: kids } : {}) };
}

function same(text: string): void {
  const expected = parseTree(text, [], OPTIONS);
  const t = JsonTree.parse(text, OPTIONS);
  if (!expected) {
    assert.strictEqual(t.root, NO_NODE, JSON.stringify(text));
    return;
  }
  assert.deepStrictEqual(fromFlat(t, t.root), fromJsonc(expected), JSON.stringify(text));
  assert.strictEqual(t.parent(t.root), NO_NODE);
  // Every offset of a small document; about 300 of a large one.
  const step = Math.max(1, Math.floor(text.length / 300));
  for (let o = 0; o <= text.length + 1; o += step) {
    for (const right of [false, true]) {
      const want = nodeAtOffset(expected, o, right);
      const got = t.nodeAt(o, right);
      assert.deepStrictEqual(got === NO_NODE ? undefined : [t.offset(got), t.length(got), TYPES[t.type(got)]], want && [want.offset, want.length, want.type], `${JSON.stringify(text)} at ${o} (${right})`);
    }
  }
}

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...jsonFiles(p));
    else if (/\.jsonc?$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('JsonTree: parseTree as flat arrays', () => {
  it('builds the same tree as parseTree for every JSON test fixture', () => {
    const files = jsonFiles(FIXTURES);
    assert.ok(files.length > 20, `${files.length} fixtures`);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      // Each fixture and its truncations (half-typed documents).
      same(text);
      for (const cut of [0.2, 0.5, 0.9]) same(text.slice(0, Math.floor(text.length * cut)));
    }
  });

  it('builds the same tree on broken and odd documents', () => {
    for (const text of ['', ' ', '{', '[', '{"a"', '{"a":', '{"a": }', '{"a" 1}', '{,}', '[1,,2]', '[1 2]', '{"a":1,}', '[1,]', '1 2', '"x', '{"a": "b', '// c\n{"a": /* x */ 1}', '{"a": {"b": [1, {"c": null}]}, "a": true}', '{"a": tru}', '{"a": -}', '{1: 2}', '[{"a":1}{"b":2}]']) same(text);
  });

  it('builds the same tree on random JSON-ish text', () => {
    const token = fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '"id"', '"x y"', '1', '-2.5e3', 'true', 'null', ' ', '\n', '// c\n', '/* c */', '"', 'x', '"resourceAppId"', '"resourceAccess"');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (parts) => same(parts.join(''))),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});
