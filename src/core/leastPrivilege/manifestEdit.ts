/**
 * The edit that adds a permission to a manifest's Microsoft Graph `resourceAccess` list (Entra app
 * manifests and legacy AAD manifests: GUID + `Role`/`Scope`; Teams Toolkit `aad.manifest.json`:
 * the name), or a new Graph block to `requiredResourceAccess` when there is none.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { GRAPH_APP_ID } from '../permissions/guid';
import { JSON_ARRAY, JSON_BOOLEAN, JSON_NUMBER, JSON_OBJECT, JSON_PROPERTY, JSON_STRING, NO_NODE, type JsonTree } from '../scan/jsonTree';
import type { TextEdit } from '../rules/types';
import type { Permission } from '../store/store';

function prop(obj: Node, name: string): Node | undefined {
  const p = obj.children?.find((c) => c.type === 'property' && c.children?.[0]?.value === name);
  return p?.children?.[1];
}

function isGraphApp(v: unknown): boolean {
  return typeof v === 'string' && (v.toLowerCase() === GRAPH_APP_ID || v.trim().toLowerCase() === 'microsoft graph');
}

function lineIndent(text: string, offset: number): string {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(ls))?.[0] ?? '';
}

/** Finds `requiredResourceAccess` anywhere (top level in manifests; nested in ARM/other shapes). */
function findRequired(node: Node | undefined, depth = 0): Node | undefined {
  if (!node || depth > 8) return undefined;
  if (node.type === 'object') {
    const r = prop(node, 'requiredResourceAccess');
    if (r?.type === 'array') return r;
    for (const c of node.children ?? []) {
      const f = findRequired(c.children?.[1], depth + 1);
      if (f) return f;
    }
  } else if (node.type === 'array') {
    for (const c of node.children ?? []) {
      const f = findRequired(c, depth + 1);
      if (f) return f;
    }
  }
  return undefined;
}

/** `findRequired` over the scanner's flat tree (the same nodes as parseTree's, scan/jsonTree.ts). */
function findRequiredIn(tree: JsonTree, n: number, depth = 0): number {
  if (n === NO_NODE || depth > 8) return NO_NODE;
  const type = tree.type(n);
  if (type === JSON_OBJECT) {
    const r = tree.prop(n, 'requiredResourceAccess');
    if (r !== NO_NODE && tree.type(r) === JSON_ARRAY) return r;
    for (let k = 0; k < tree.childCount(n); k++) {
      const f = findRequiredIn(tree, tree.child(tree.child(n, k), 1), depth + 1);
      if (f !== NO_NODE) return f;
    }
  } else if (type === JSON_ARRAY) {
    for (let k = 0; k < tree.childCount(n); k++) {
      const f = findRequiredIn(tree, tree.child(n, k), depth + 1);
      if (f !== NO_NODE) return f;
    }
  }
  return NO_NODE;
}

const NODE_TYPES: Record<number, Node['type']> = { [JSON_OBJECT]: 'object', [JSON_ARRAY]: 'array', [JSON_PROPERTY]: 'property', [JSON_STRING]: 'string', [JSON_NUMBER]: 'number', [JSON_BOOLEAN]: 'boolean' };

/** A node of the flat tree and its subtree as parseTree's objects (only the small `requiredResourceAccess` array is converted). */
function toNode(tree: JsonTree, n: number, parent?: Node): Node {
  const node: { -readonly [K in keyof Node]: Node[K] } = { type: NODE_TYPES[tree.type(n)] ?? 'null', offset: tree.offset(n), length: tree.length(n), ...(parent ? { parent } : {}) };
  const value = tree.value(n);
  if (value !== undefined) node.value = value;
  if (tree.type(n) === JSON_OBJECT || tree.type(n) === JSON_ARRAY || tree.type(n) === JSON_PROPERTY) {
    const children: Node[] = [];
    for (let k = 0; k < tree.childCount(n); k++) children.push(toNode(tree, tree.child(n, k), node));
    node.children = children;
  }
  return node;
}

/**
 * The manifest's `requiredResourceAccess` array (parsed once: a caller adding several permissions
 * to the same manifest passes it to each `addPermissionEdit`), or undefined when it has none. With
 * the scanner's tree of the same text (`Analysis.jsonTree`) nothing is parsed again: on a large
 * JSON file the parse was most of least privilege's time for it.
 */
export function requiredResourceAccessOf(text: string, tree?: JsonTree): Node | undefined {
  if (tree) {
    const r = findRequiredIn(tree, tree.root);
    return r === NO_NODE ? undefined : toNode(tree, r);
  }
  try {
    return findRequired(parseTree(text, [], { allowTrailingComma: true, disallowComments: false }));
  } catch {
    return undefined;
  }
}

export function addPermissionEdit(
  text: string,
  permission: Permission,
  style: 'guid' | 'name',
  /** `requiredResourceAccessOf(text)`, when the caller has it. */
  parsed?: { required: Node | undefined },
): { edit: TextEdit; anchor: { start: number; end: number } } | undefined {
  const required = parsed ? parsed.required : requiredResourceAccessOf(text);
  if (!required) return undefined;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const type = permission.kind === 'Application' ? 'Role' : 'Scope';
  const idValue = style === 'name' ? permission.value : permission.id;
  const entryText = `{ "id": "${idValue}", "type": "${type}" }`;
  const graph = (required.children ?? []).find((e) => e.type === 'object' && isGraphApp(prop(e, 'resourceAppId')?.value));
  const access = graph && prop(graph, 'resourceAccess');
  if (graph && access?.type === 'array') {
    const anchorNode = prop(graph, 'resourceAppId') ?? access;
    const anchor = { start: anchorNode.offset, end: anchorNode.offset + anchorNode.length };
    const items = access.children ?? [];
    if (items.length) {
      const last = items[items.length - 1];
      const indent = lineIndent(text, last.offset);
      const sameLine = !text.slice(access.offset, items[0].offset).includes('\n');
      const sep = sameLine ? ', ' : `,${nl}${indent}`;
      return { edit: { start: last.offset + last.length, end: last.offset + last.length, newText: sep + entryText }, anchor };
    }
    const indent = lineIndent(text, access.offset);
    return { edit: { start: access.offset + 1, end: access.offset + 1, newText: `${nl}${indent}  ${entryText}${nl}${indent}` }, anchor };
  }
  // No Graph block: add one.
  const items = required.children ?? [];
  const resourceAppId = style === 'name' ? 'Microsoft Graph' : GRAPH_APP_ID;
  const anchor = { start: required.offset, end: required.offset + 1 };
  if (items.length) {
    const last = items[items.length - 1];
    const indent = lineIndent(text, last.offset);
    const block = `{${nl}${indent}  "resourceAppId": "${resourceAppId}",${nl}${indent}  "resourceAccess": [${nl}${indent}    ${entryText}${nl}${indent}  ]${nl}${indent}}`;
    return { edit: { start: last.offset + last.length, end: last.offset + last.length, newText: `,${nl}${indent}${block}` }, anchor };
  }
  const indent = lineIndent(text, required.offset) + '  ';
  const block = `{${nl}${indent}  "resourceAppId": "${resourceAppId}",${nl}${indent}  "resourceAccess": [${nl}${indent}    ${entryText}${nl}${indent}  ]${nl}${indent}}`;
  return { edit: { start: required.offset + 1, end: required.offset + 1, newText: `${nl}${indent}${block}${nl}${lineIndent(text, required.offset)}` }, anchor };
}
