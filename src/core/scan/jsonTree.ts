/**
 * A JSON document's syntax tree in flat arrays: the nodes jsonc-parser's `parseTree` builds — from
 * the same `visit` events, with the same offsets, lengths and values, and the same error recovery —
 * but numbered instead of one object per node (with a parent link and a children array each).
 *
 * Why not parseTree's tree: on a large manifest that object graph was most of the scan's cost in
 * allocation and garbage collection, and it stays alive for the rules of the same version. Here a
 * node is an index into typed arrays; its children are a slice of one array (in document order,
 * as parseTree's), so look-ups by offset are binary searches. jsonc-parser has no lighter tree of
 * its own; its `visit` is the parser, so the tolerance of half-typed documents is the library's.
 *
 * Node types are numbers (JSON_OBJECT, …); a node's value is that of its literal (strings, numbers,
 * booleans, null; a property's key is its first child, a string node).
 */
import { visit, type ParseOptions } from 'jsonc-parser';

export const JSON_OBJECT = 1;
export const JSON_ARRAY = 2;
export const JSON_PROPERTY = 3;
export const JSON_STRING = 4;
export const JSON_NUMBER = 5;
export const JSON_BOOLEAN = 6;
export const JSON_NULL = 7;

/** No node (a missing child, the root's parent). */
export const NO_NODE = -1;

export class JsonTree {
  /** The root node (0), or NO_NODE for an empty document. */
  readonly root: number;

  private constructor(
    readonly size: number,
    private readonly types: Uint8Array,
    private readonly offsets: Int32Array,
    private readonly lengths: Int32Array,
    private readonly parents: Int32Array,
    private readonly values: unknown[],
    /** Children of node i: kids[childStart[i] .. childStart[i + 1]). */
    private readonly childStart: Int32Array,
    private readonly kids: Int32Array,
  ) {
    this.root = size > 0 ? 0 : NO_NODE;
  }

  /**
   * Parses like `parseTree(text, [], options)`. Throws where it throws (jsonc-parser recurses: absurd
   * nesting overflows the stack).
   */
  static parse(text: string, options?: ParseOptions): JsonTree {
    let cap = Math.max(64, text.length >> 3);
    let n = 0;
    let types = new Uint8Array(cap);
    let offsets = new Int32Array(cap);
    let lengths = new Int32Array(cap);
    let parents = new Int32Array(cap);
    const values: unknown[] = [];
    let cur = NO_NODE; // parseTree's artificial root array
    const grow = (): void => {
      cap *= 2;
      const t = new Uint8Array(cap);
      t.set(types);
      types = t;
      const o = new Int32Array(cap);
      o.set(offsets);
      offsets = o;
      const l = new Int32Array(cap);
      l.set(lengths);
      lengths = l;
      const p = new Int32Array(cap);
      p.set(parents);
      parents = p;
    };
    const add = (type: number, offset: number, length: number, value: unknown): number => {
      if (n === cap) grow();
      types[n] = type;
      offsets[n] = offset;
      lengths[n] = length;
      parents[n] = cur;
      values.push(value);
      return n++;
    };
    // As parseTree: a property ends with its value, at a comma, or with its object.
    const ensurePropertyComplete = (end: number): void => {
      if (cur !== NO_NODE && types[cur] === JSON_PROPERTY) {
        lengths[cur] = end - offsets[cur];
        cur = parents[cur];
      }
    };
    visit(
      text,
      {
        onObjectBegin: (offset) => {
          cur = add(JSON_OBJECT, offset, -1, undefined);
        },
        onObjectProperty: (name, offset, length) => {
          cur = add(JSON_PROPERTY, offset, -1, undefined);
          add(JSON_STRING, offset, length, name);
        },
        onObjectEnd: (offset, length) => {
          ensurePropertyComplete(offset + length);
          lengths[cur] = offset + length - offsets[cur];
          cur = parents[cur];
          ensurePropertyComplete(offset + length);
        },
        onArrayBegin: (offset) => {
          cur = add(JSON_ARRAY, offset, -1, undefined);
        },
        onArrayEnd: (offset, length) => {
          lengths[cur] = offset + length - offsets[cur];
          cur = parents[cur];
          ensurePropertyComplete(offset + length);
        },
        onLiteralValue: (value: unknown, offset, length) => {
          add(typeof value === 'string' ? JSON_STRING : typeof value === 'number' ? JSON_NUMBER : typeof value === 'boolean' ? JSON_BOOLEAN : JSON_NULL, offset, length, value);
          ensurePropertyComplete(offset + length);
        },
        onSeparator: (sep, offset) => {
          if (sep === ',' && cur !== NO_NODE && types[cur] === JSON_PROPERTY) ensurePropertyComplete(offset);
        },
      },
      options,
    );
    // parseTree keeps the first value only (visit reads one).
    let size = n;
    for (let i = 1; i < n; i++) {
      if (parents[i] === NO_NODE) {
        size = i;
        break;
      }
    }
    // Children as slices of one array, in creation (= document) order.
    const childStart = new Int32Array(size + 1);
    for (let i = 1; i < size; i++) childStart[parents[i] + 1]++;
    for (let i = 0; i < size; i++) childStart[i + 1] += childStart[i];
    const kids = new Int32Array(Math.max(0, size - 1));
    const fill = childStart.slice(0, size);
    for (let i = 1; i < size; i++) kids[fill[parents[i]]++] = i;
    return new JsonTree(size, types, offsets, lengths, parents, values, childStart, kids);
  }

  type(n: number): number {
    return this.types[n];
  }

  offset(n: number): number {
    return this.offsets[n];
  }

  length(n: number): number {
    return this.lengths[n];
  }

  /** The parent node, NO_NODE for the root. */
  parent(n: number): number {
    return this.parents[n];
  }

  value(n: number): unknown {
    return this.values[n];
  }

  childCount(n: number): number {
    return this.childStart[n + 1] - this.childStart[n];
  }

  /** The k-th child (0-based), NO_NODE past the last. */
  child(n: number, k: number): number {
    const i = this.childStart[n] + k;
    return k >= 0 && i < this.childStart[n + 1] ? this.kids[i] : NO_NODE;
  }

  /** The value node of the first property of an object named `name` (as parseTree users' `prop`), else NO_NODE. */
  prop(obj: number, name: string): number {
    if (this.types[obj] !== JSON_OBJECT) return NO_NODE;
    const end = this.childStart[obj + 1];
    for (let i = this.childStart[obj]; i < end; i++) {
      const p = this.kids[i];
      if (this.types[p] !== JSON_PROPERTY) continue;
      const key = this.child(p, 0);
      if (key !== NO_NODE && this.values[key] === name) return this.child(p, 1);
    }
    return NO_NODE;
  }

  /**
   * The innermost node holding `offset`, as jsonc-parser's findNodeAtOffset (`includeRightBound`
   * counts the offset just after a node as inside it), by binary search over each level's children.
   */
  nodeAt(offset: number, includeRightBound = false): number {
    const inside = (n: number): boolean => offset >= this.offsets[n] && (offset < this.offsets[n] + this.lengths[n] || (includeRightBound && offset === this.offsets[n] + this.lengths[n]));
    if (this.root === NO_NODE || !inside(this.root)) return NO_NODE;
    let node = this.root;
    for (;;) {
      const from = this.childStart[node];
      const to = this.childStart[node + 1];
      if (from === to) return node;
      let lo = from;
      let hi = to - 1;
      // The last child starting at or before the offset.
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.offsets[this.kids[mid]] <= offset) lo = mid;
        else hi = mid - 1;
      }
      const k = this.kids[lo];
      let next = this.offsets[k] <= offset && inside(k) ? k : NO_NODE;
      // With the right bound, a node ending at the offset may sit just before one starting there.
      if (next === NO_NODE && includeRightBound && lo > from && inside(this.kids[lo - 1])) next = this.kids[lo - 1];
      if (next === NO_NODE) return node;
      node = next;
    }
  }
}
