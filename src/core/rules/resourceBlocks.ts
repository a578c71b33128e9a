/**
 * The `{ "resourceAppId": …, "resourceAccess": [ … ] }` blocks of a JSON manifest, and edits that
 * move an entry between them or merge two of them, keeping the JSON valid: removals take the item's
 * comma with them (removeListElement); additions copy the entries' own text after the
 * last item of the target list, in the list's layout (one line or one entry per line).
 * Parsed on first need: only the wrong-resource-app and duplicate-resource-app fixes use it.
 */
import { findNodeAtOffset, parseTree, type Node } from 'jsonc-parser';
import type { PermissionStore } from '../store';
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
  return /^[ \t]*/.exec(text.slice(ls))?.[0] ?? '';
}

export class ResourceBlocks {
  private root: Node | undefined | null = null;

  constructor(
    private readonly text: string,
    private readonly store: PermissionStore,
  ) {}

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

  resolve(appText: string): string {
    return this.store.resourceApp(appText)?.appId ?? appText.trim().toLowerCase();
  }

  private blockOf(obj: Node | undefined): ResourceBlock | undefined {
    if (!obj || obj.type !== 'object') return undefined;
    const appNode = prop(obj, 'resourceAppId');
    const access = prop(obj, 'resourceAccess');
    if (!appNode || appNode.type !== 'string' || !access || access.type !== 'array') return undefined;
    return { node: obj, appNode, access, appId: this.resolve(String(appNode.value)) };
  }

  /** The block whose `resourceAppId` value holds `offset`. */
  blockAt(offset: number): ResourceBlock | undefined {
    const root = this.tree();
    const n = root && findNodeAtOffset(root, offset, true);
    if (!n || n.type !== 'string' || n.parent?.type !== 'property' || n.parent.children?.[1] !== n) return undefined;
    return this.blockOf(n.parent.parent);
  }

  /** The `resourceAccess` entry object starting at `offset`. */
  entryAt(offset: number): Node | undefined {
    const root = this.tree();
    const n = root && findNodeAtOffset(root, offset + 1, false);
    let e: Node | undefined = n;
    while (e && !(e.type === 'object' && e.offset === offset)) e = e.parent;
    return e;
  }

  /** Every block in the same array as `block` (itself included), in order. */
  siblings(block: ResourceBlock): ResourceBlock[] {
    const arr = block.node.parent;
    if (!arr || arr.type !== 'array') return [block];
    const out: ResourceBlock[] = [];
    for (const c of arr.children ?? []) {
      const b = c === block.node ? block : this.blockOf(c);
      if (b) out.push(b);
    }
    return out;
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
    const nl = this.text.includes('\r\n') ? '\r\n' : '\n';
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
