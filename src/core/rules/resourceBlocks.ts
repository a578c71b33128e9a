/**
 * The `{ "resourceAppId": …, "resourceAccess": [ … ] }` blocks of a JSON manifest, and edits that
 * move an entry between them or merge two of them, keeping the JSON valid: removals take the item's
 * comma with them (removeListElement); additions copy the entries' own text after the
 * last item of the target list, in the list's layout (one line or one entry per line).
 * Parsed on first need: only the wrong-resource-app and duplicate-resource-app fixes use it.
 *
 * Linear in the document: a manifest with thousands of blocks and misplaced entries asks for a
 * block per entry, so look-ups go down the tree by binary search (jsonc-parser's findNodeAtOffset
 * scans each level's children from the start), each list's blocks are indexed once, and nothing
 * rescans the whole text per edit.
 */
import { parseTree, type Node } from 'jsonc-parser';
import type { Analysis } from '../analyze';
import type { PermissionStore } from '../store/store';
import type { TextEdit } from './types';
import { removeListElement } from './util';

export interface ResourceBlock {
  node: Node;
  /** The `resourceAppId` string node. */
  appNode: Node;
  /** The `resourceAccess` array node. */
  access: Node;
  /** The resolved app id (lower case), or the written text when the store does not know it. */
  appId: string;
}

function prop(obj: Node, name: string): Node | undefined {
  const p = obj.children?.find((c) => c.type === 'property' && c.children?.[0]?.value === name);
  return p?.children?.[1];
}

function lineIndent(text: string, offset: number): string {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  let e = ls;
  while (e < text.length && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 9)) e++;
  return text.slice(ls, e);
}

/**
 * The innermost node holding `offset` (as findNodeAtOffset: `includeRightBound` counts the offset
 * just after a node as inside it), found by binary search over each level's children, which
 * jsonc-parser keeps in document order.
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
  private root: Node | undefined | null = null;
  private readonly blocks = new Map<Node, ResourceBlock | undefined>();
  private readonly lists = new Map<Node, ResourceBlock[]>();
  private readonly byApp = new Map<Node, Map<string, ResourceBlock>>();
  private newline: string | undefined;

  /** `tree`: the document's tree when the scanner kept it (Analysis.jsonTree); else parsed on first need. */
  constructor(
    readonly text: string,
    readonly store: PermissionStore,
    tree?: Node,
  ) {
    if (tree) this.root = tree;
  }

  private tree(): Node | undefined {
    if (this.root === null) {
      try {
        this.root = parseTree(this.text, [], { allowTrailingComma: true, disallowComments: false });
      } catch {
        this.root = undefined; // absurd nesting: no fix rather than a wrong one
      }
    }
    return this.root;
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
  private blockOf(obj: Node | undefined): ResourceBlock | undefined {
    if (!obj || obj.type !== 'object') return undefined;
    if (this.blocks.has(obj)) return this.blocks.get(obj);
    const appNode = prop(obj, 'resourceAppId');
    const access = prop(obj, 'resourceAccess');
    const block = !appNode || appNode.type !== 'string' || !access || access.type !== 'array' ? undefined : { node: obj, appNode, access, appId: this.resolve(String(appNode.value)) };
    this.blocks.set(obj, block);
    return block;
  }

  /** The block whose `resourceAppId` value holds `offset`. */
  blockAt(offset: number): ResourceBlock | undefined {
    const root = this.tree();
    const n = root && nodeAtOffset(root, offset, true);
    if (!n || n.type !== 'string' || n.parent?.type !== 'property' || n.parent.children?.[1] !== n) return undefined;
    return this.blockOf(n.parent.parent);
  }

  /** The `resourceAccess` entry object starting at `offset`. */
  entryAt(offset: number): Node | undefined {
    const root = this.tree();
    const n = root && nodeAtOffset(root, offset + 1, false);
    let e: Node | undefined = n;
    while (e && !(e.type === 'object' && e.offset === offset)) e = e.parent;
    return e;
  }

  /** Every block in the same array as `block` (itself included), in order. Indexed once per array. */
  siblings(block: ResourceBlock): readonly ResourceBlock[] {
    const arr = block.node.parent;
    if (!arr || arr.type !== 'array') return [block];
    let out = this.lists.get(arr);
    if (!out) {
      out = [];
      for (const c of arr.children ?? []) {
        const b = this.blockOf(c);
        if (b) out.push(b);
      }
      this.lists.set(arr, out);
    }
    return out;
  }

  /** The first block for `appId` in the same array as `block` (possibly `block` itself). */
  firstOfApp(block: ResourceBlock, appId: string): ResourceBlock | undefined {
    const arr = block.node.parent;
    if (!arr || arr.type !== 'array') return block.appId === appId ? block : undefined;
    let index = this.byApp.get(arr);
    if (!index) {
      index = new Map();
      for (const b of this.siblings(block)) if (!index.has(b.appId)) index.set(b.appId, b);
      this.byApp.set(arr, index);
    }
    return index.get(appId);
  }

  slice(n: Node): string {
    return this.text.slice(n.offset, n.offset + n.length);
  }

  /** Removes an array item (an entry or a whole block), with its comma. */
  remove(n: Node): TextEdit[] {
    // Not jsonc-parser's modify: removing the last item of a one-line list (`…}]`) it leaves a `}`
    // behind; removeListElement handles first, last, only items and comments between them.
    return [removeListElement(this.text, n.offset, n.offset + n.length)];
  }

  /** Appends item texts to an array, after its last item, in the array's layout. */
  append(arr: Node, items: readonly string[]): TextEdit {
    const nl = (this.newline ??= this.text.includes('\r\n') ? '\r\n' : '\n');
    const existing = arr.children ?? [];
    if (existing.length) {
      const last = existing[existing.length - 1];
      const sameLine = !this.text.slice(arr.offset, existing[0].offset).includes('\n');
      const sep = sameLine ? ', ' : `,${nl}${lineIndent(this.text, last.offset)}`;
      const at = last.offset + last.length;
      return { start: at, end: at, newText: sep + items.join(sep) };
    }
    const indent = lineIndent(this.text, arr.offset);
    const sep = `,${nl}${indent}  `;
    return { start: arr.offset + 1, end: arr.offset + 1, newText: `${nl}${indent}  ${items.join(sep)}${nl}${indent}` };
  }

  /** `id|type` of an entry, for telling repeats apart when merging. */
  entryKey(entry: Node): string {
    const id = prop(entry, 'id');
    const type = prop(entry, 'type');
    return `${String(id?.value ?? '').trim().toLowerCase()}|${String(type?.value ?? '').trim().toLowerCase()}`;
  }
}
