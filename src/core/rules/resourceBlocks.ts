/**
 * The `{ "resourceAppId": …, "resourceAccess": [ … ] }` blocks of a JSON manifest, and edits that
 * move an entry between them or merge two of them, keeping the JSON valid: removals take the item's
 * comma with them (removeListElement); additions copy the entries' own text after the
 * last item of the target list, in the list's layout (one line or one entry per line).
 * On the scanner's tree of the same version (Analysis.jsonTree), parsed here only when there is none.
 *
 * Linear in the document: a manifest with thousands of blocks and misplaced entries asks for a
 * block per entry, so look-ups go down the tree by binary search (jsonc-parser's findNodeAtOffset
 * scans each level's children from the start), each list's blocks are indexed once, and nothing
 * rescans the whole text per edit.
 */
import type { Node } from 'jsonc-parser';
import type { Analysis } from '../analyze';
import { JSON_ARRAY, JSON_OBJECT, JSON_PROPERTY, JSON_STRING, JsonTree, NO_NODE } from '../scan/jsonTree';
import type { PermissionStore } from '../store/store';
import type { TextEdit } from './types';
import { removeListElement } from './util';

/** A block; its nodes are nodes of the blocks' tree (`ResourceBlocks.tree`). */
export interface ResourceBlock {
  node: number;
  /** The `resourceAppId` string node. */
  appNode: number;
  /** The `resourceAccess` array node. */
  access: number;
  /** The resolved app id (lower case), or the written text when the store does not know it. */
  appId: string;
}

function lineIndent(text: string, offset: number): string {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  let e = ls;
  while (e < text.length && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 9)) e++;
  return text.slice(ls, e);
}

/**
 * The innermost node of a jsonc-parser tree holding `offset` (as findNodeAtOffset: `includeRightBound`
 * counts the offset just after a node as inside it), found by binary search over each level's
 * children, which jsonc-parser keeps in document order. (The flat tree's is JsonTree.nodeAt.)
 */
export function nodeAtOffset(root: Node, offset: number, includeRightBound = false): Node | undefined {
  const inside = (n: Node): boolean => offset >= n.offset && (offset < n.offset + n.length || (includeRightBound && offset === n.offset + n.length));
  if (!inside(root)) return undefined;
  let node = root;
  for (;;) {
    const kids = node.children;
    if (!kids?.length) return node;
    let lo = 0;
    let hi = kids.length - 1;
    // The last child starting at or before the offset.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (kids[mid].offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    let next = kids[lo].offset <= offset && inside(kids[lo]) ? kids[lo] : undefined;
    // With the right bound, a node ending at the offset may sit just before one starting there.
    if (!next && includeRightBound && lo > 0 && inside(kids[lo - 1])) next = kids[lo - 1];
    if (!next) return node;
    node = next;
  }
}

const SHARED = new WeakMap<Analysis, ResourceBlocks>();

export class ResourceBlocks {
  private parsed: JsonTree | undefined | null = null;
  private readonly blocks = new Map<number, ResourceBlock | undefined>();
  private readonly lists = new Map<number, ResourceBlock[]>();
  private readonly byApp = new Map<number, Map<string, ResourceBlock>>();
  private newline: string | undefined;

  /** `tree`: the document's tree when the scanner kept it (Analysis.jsonTree); else parsed on first need. */
  constructor(
    readonly text: string,
    readonly store: PermissionStore,
    tree?: JsonTree,
  ) {
    if (tree) this.parsed = tree;
  }

  /** The tree the blocks' nodes belong to (undefined when the text cannot be parsed). */
  get tree(): JsonTree | undefined {
    if (this.parsed === null) {
      try {
        this.parsed = JsonTree.parse(this.text, { allowTrailingComma: true, disallowComments: false });
      } catch {
        this.parsed = undefined; // absurd nesting: no fix rather than a wrong one
      }
    }
    return this.parsed;
  }

  /**
   * The blocks of an analysed JSON document, shared by the rules of one check (indexed once): one
   * per analysis, text and store.
   */
  static of(text: string, analysis: Analysis, store: PermissionStore): ResourceBlocks {
    const cached = SHARED.get(analysis);
    if (cached && cached.text === text && cached.store === store) return cached;
    const blocks = new ResourceBlocks(text, store, analysis.jsonTree);
    SHARED.set(analysis, blocks);
    return blocks;
  }

  resolve(appText: string): string {
    return this.store.resourceApp(appText)?.appId ?? appText.trim().toLowerCase();
  }

  /** The block an object is, if it is one (one object per node: blocks compare by identity). */
  private blockOf(obj: number): ResourceBlock | undefined {
    const t = this.tree;
    if (!t || obj === NO_NODE || t.type(obj) !== JSON_OBJECT) return undefined;
    if (this.blocks.has(obj)) return this.blocks.get(obj);
    const appNode = t.prop(obj, 'resourceAppId');
    const access = t.prop(obj, 'resourceAccess');
    const block =
      appNode === NO_NODE || t.type(appNode) !== JSON_STRING || access === NO_NODE || t.type(access) !== JSON_ARRAY
        ? undefined
        : { node: obj, appNode, access, appId: this.resolve(String(t.value(appNode))) };
    this.blocks.set(obj, block);
    return block;
  }

  /** The block whose `resourceAppId` value holds `offset`. */
  blockAt(offset: number): ResourceBlock | undefined {
    const t = this.tree;
    const n = t ? t.nodeAt(offset, true) : NO_NODE;
    if (!t || n === NO_NODE || t.type(n) !== JSON_STRING) return undefined;
    const p = t.parent(n);
    if (p === NO_NODE || t.type(p) !== JSON_PROPERTY || t.child(p, 1) !== n) return undefined;
    return this.blockOf(t.parent(p));
  }

  /** The `resourceAccess` entry object starting at `offset`. */
  entryAt(offset: number): number | undefined {
    const t = this.tree;
    if (!t) return undefined;
    let e = t.nodeAt(offset + 1, false);
    while (e !== NO_NODE && !(t.type(e) === JSON_OBJECT && t.offset(e) === offset)) e = t.parent(e);
    return e === NO_NODE ? undefined : e;
  }

  /** The nodes of an array or object, in order. */
  children(n: number): number[] {
    const t = this.tree;
    const out: number[] = [];
    if (!t) return out;
    for (let i = 0; i < t.childCount(n); i++) out.push(t.child(n, i));
    return out;
  }

  childCount(n: number): number {
    return this.tree?.childCount(n) ?? 0;
  }

  /** The node holding `n`, NO_NODE for the root. */
  parent(n: number): number {
    return this.tree?.parent(n) ?? NO_NODE;
  }

  isArray(n: number): boolean {
    return n !== NO_NODE && this.tree?.type(n) === JSON_ARRAY;
  }

  offset(n: number): number {
    return this.tree?.offset(n) ?? 0;
  }

  length(n: number): number {
    return this.tree?.length(n) ?? 0;
  }

  value(n: number): unknown {
    return this.tree?.value(n);
  }

  /** Every block in the same array as `block` (itself included), in order. Indexed once per array. */
  siblings(block: ResourceBlock): readonly ResourceBlock[] {
    const arr = this.parent(block.node);
    if (!this.isArray(arr)) return [block];
    let out = this.lists.get(arr);
    if (!out) {
      out = [];
      for (const c of this.children(arr)) {
        const b = this.blockOf(c);
        if (b) out.push(b);
      }
      this.lists.set(arr, out);
    }
    return out;
  }

  /** The first block for `appId` in the same array as `block` (possibly `block` itself). */
  firstOfApp(block: ResourceBlock, appId: string): ResourceBlock | undefined {
    const arr = this.parent(block.node);
    if (!this.isArray(arr)) return block.appId === appId ? block : undefined;
    let index = this.byApp.get(arr);
    if (!index) {
      index = new Map();
      for (const b of this.siblings(block)) if (!index.has(b.appId)) index.set(b.appId, b);
      this.byApp.set(arr, index);
    }
    return index.get(appId);
  }

  slice(n: number): string {
    return this.text.slice(this.offset(n), this.offset(n) + this.length(n));
  }

  /** Removes an array item (an entry or a whole block), with its comma. */
  remove(n: number): TextEdit[] {
    // Not jsonc-parser's modify: removing the last item of a one-line list (`…}]`) it leaves a `}`
    // behind; removeListElement handles first, last, only items and comments between them.
    return [removeListElement(this.text, this.offset(n), this.offset(n) + this.length(n))];
  }

  /** Appends item texts to an array, after its last item, in the array's layout. */
  append(arr: number, items: readonly string[]): TextEdit {
    const nl = (this.newline ??= this.text.includes('\r\n') ? '\r\n' : '\n');
    // The first and last items only (not a list of all: a fix per entry of a long list stays linear).
    const count = this.childCount(arr);
    const at0 = this.offset(arr);
    if (count) {
      const t = this.tree as JsonTree;
      const last = t.child(arr, count - 1);
      const sameLine = !this.text.slice(at0, this.offset(t.child(arr, 0))).includes('\n');
      const sep = sameLine ? ', ' : `,${nl}${lineIndent(this.text, this.offset(last))}`;
      const at = this.offset(last) + this.length(last);
      return { start: at, end: at, newText: sep + items.join(sep) };
    }
    const indent = lineIndent(this.text, at0);
    const sep = `,${nl}${indent}  `;
    return { start: at0 + 1, end: at0 + 1, newText: `${nl}${indent}  ${items.join(sep)}${nl}${indent}` };
  }

  /** `id|type` of an entry, for telling repeats apart when merging. */
  entryKey(entry: number): string {
    const t = this.tree;
    const id = t ? t.prop(entry, 'id') : NO_NODE;
    const type = t ? t.prop(entry, 'type') : NO_NODE;
    const v = (n: number): unknown => (n === NO_NODE ? undefined : this.value(n));
    return `${String(v(id) ?? '').trim().toLowerCase()}|${String(v(type) ?? '').trim().toLowerCase()}`;
  }
}
