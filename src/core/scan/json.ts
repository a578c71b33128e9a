/**
 * Finds permission references in JSON / JSONC text with jsonc-parser's error-tolerant tree, so
 * that half-typed manifests still yield every reference that can be located.
 *
 * Recognised:
 * - Entra app manifests (legacy Azure AD Graph shape and Microsoft Graph shape) and Teams Toolkit
 *   `aad.manifest.json`: any object with `resourceAppId` and a `resourceAccess` array; the entries'
 *   `id` (GUID or name) and `type` (`Scope` / `Role`);
 * - values under keys that hold scopes (`scopes`, `scope`, `permissions`, …): arrays of names and
 *   space/comma-separated scope strings;
 * - any other string whose whole value is a known permission GUID, or a known dotted permission
 *   name in its exact casing, or `https://graph.microsoft.com/<name>`.
 * Unknown GUIDs outside `resourceAccess` are ignored (tenant ids, object ids, other APIs); known
 * resource application ids become resource-app mentions.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { isGuid } from '../guid';
import type { PermissionKind } from '../storeData';
import { NAME_SHAPE, splitResourcePrefix, splitScopeString, type PermissionOracle } from './names';
import type { ResourceAppMention, ScanResult, ScannedReference } from './reference';

/** Keys whose values hold scopes or permission names. */
const SCOPE_KEY = /^(?:scopes?|graphScopes|defaultScopes|requiredScopes|permissions|delegatedPermissions|applicationPermissions|requiredPermissions|appPermissions|apiPermissions|graphPermissions|roles|appRoleValues)$|scopes?$/i;

/**
 * Keys whose subtrees define an app's OWN scopes and roles (Entra manifest `api.oauth2PermissionScopes`,
 * `appRoles`, …) or hold credentials: their GUIDs and values are never Graph permissions.
 */
const SKIP_KEYS = new Set([
  'oauth2PermissionScopes',
  'oauth2Permissions',
  'appRoles',
  'preAuthorizedApplications',
  'knownClientApplications',
  'keyCredentials',
  'passwordCredentials',
  'identifierUris',
]);

/** An unknown name after a Graph resource URI counts only if shaped like one (`Mail.Send`, not `v1.0`). */
const PERMISSION_LIKE = /^[A-Z][A-Za-z0-9-]*(?:\.[A-Za-z][A-Za-z0-9-]*)+$/;

export function declaredKindOf(type: string): PermissionKind | undefined {
  const t = type.trim().toLowerCase();
  if (t === 'scope') return 'Delegated';
  if (t === 'role') return 'Application';
  return undefined;
}

export function scanJson(text: string, oracle: PermissionOracle): ScanResult {
  const result: ScanResult = { references: [], resourceApps: [] };
  let root: Node | undefined;
  try {
    const errors: ParseError[] = [];
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch {
    return result; // jsonc-parser recursion on absurd nesting: nothing can be located safely
  }
  if (!root) return result;
  new JsonScanner(text, oracle, result).walk(root);
  result.references.sort((a, b) => a.start - b.start);
  result.resourceApps.sort((a, b) => a.start - b.start);
  return result;
}

class JsonScanner {
  /** Offsets of string nodes already taken by a structural rule. */
  private readonly handled = new Set<number>();

  constructor(
    private readonly text: string,
    private readonly oracle: PermissionOracle,
    private readonly out: ScanResult,
  ) {}

  /** Iterative walk: deep nesting must not overflow the stack. */
  walk(root: Node): void {
    const stack: { node: Node; scope: boolean }[] = [{ node: root, scope: false }];
    while (stack.length) {
      const { node, scope } = stack.pop() as { node: Node; scope: boolean };
      switch (node.type) {
        case 'object': {
          this.resourceAccessBlock(node);
          const props = node.children ?? [];
          for (let i = props.length - 1; i >= 0; i--) stack.push({ node: props[i], scope: false });
          break;
        }
        case 'property': {
          const [key, value] = node.children ?? [];
          if (!key || !value) break;
          const name = typeof key.value === 'string' ? key.value : '';
          if (SKIP_KEYS.has(name)) break;
          stack.push({ node: value, scope: SCOPE_KEY.test(name) });
          break;
        }
        case 'array': {
          const items = node.children ?? [];
          for (let i = items.length - 1; i >= 0; i--) stack.push({ node: items[i], scope });
          break;
        }
        case 'string':
          if (!this.handled.has(node.offset)) this.stringValue(node, scope);
          break;
        default:
          break;
      }
    }
  }

  /** `{ "resourceAppId": …, "resourceAccess": [ { "id": …, "type": … } ] }` */
  private resourceAccessBlock(obj: Node): void {
    const appNode = prop(obj, 'resourceAppId');
    const accessNode = prop(obj, 'resourceAccess');
    if (!appNode || appNode.type !== 'string' || !accessNode || accessNode.type !== 'array') return;
    const appText = String(appNode.value);
    const known = this.oracle.resourceAppId(appText);
    const appId = known ?? (isGuid(appText.trim()) ? appText.trim().toLowerCase() : undefined);
    const appRange = this.inner(appNode);
    this.out.resourceApps.push({ ...appRange, text: appText, appId: known } satisfies ResourceAppMention);
    this.handled.add(appNode.offset);
    for (const entry of accessNode.children ?? []) {
      if (entry.type !== 'object') continue;
      const idNode = prop(entry, 'id');
      if (!idNode || idNode.type !== 'string') continue;
      this.handled.add(idNode.offset);
      const typeNode = prop(entry, 'type');
      const value = String(idNode.value).trim();
      if (!value) continue;
      const range = this.inner(idNode);
      const ref: ScannedReference = {
        ...range,
        text: value,
        form: isGuid(value) ? 'guid' : 'name',
        name: value,
        position: 'resourceAccess',
        resourceAppId: appId,
        resourceAppText: appText,
        resourceAppRange: appRange,
        entry: { start: entry.offset, end: entry.offset + entry.length },
      };
      if (ref.form === 'name') {
        const split = splitResourcePrefix(value);
        ref.name = split.name;
      }
      if (typeNode && typeNode.type === 'string') {
        this.handled.add(typeNode.offset);
        const t = String(typeNode.value);
        ref.typeValue = { ...this.inner(typeNode), text: t };
        ref.declaredKind = declaredKindOf(t);
      }
      this.out.references.push(ref);
    }
  }

  private stringValue(node: Node, scope: boolean): void {
    const value = node.value;
    if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return;
    const range = this.inner(node);
    const raw = this.text.slice(range.start, range.end);
    if (isGuid(value)) {
      const id = value.toLowerCase();
      if (this.oracle.isKnownId(id)) {
        this.push({ ...range, text: value, form: 'guid', name: value, position: scope ? 'scopeList' : 'string' });
      } else {
        const appId = this.oracle.resourceAppId(id);
        if (appId) this.out.resourceApps.push({ ...range, text: value, appId });
      }
      return;
    }
    if (scope && raw === value) {
      // A list item or a space/comma-separated scope string; sub-token offsets need an unescaped string.
      for (const tok of splitScopeString(value)) this.token(tok.text, range.start + tok.start, 'scopeList');
      return;
    }
    if (/\s/.test(value)) return;
    this.token(value, range.start, 'string', raw === value ? undefined : range.end);
  }

  /** Considers one token; `endOverride` when escapes make the raw length differ from the value's. */
  private token(tok: string, start: number, position: 'scopeList' | 'string', endOverride?: number): void {
    const split = splitResourcePrefix(tok);
    const name = split.name;
    if (!NAME_SHAPE.test(name)) return;
    if (split.appId && !this.oracle.isKnownName(name, false, split.appId) && !PERMISSION_LIKE.test(name)) return;
    const end = endOverride ?? start + tok.length;
    const base = { start, end, text: tok, form: 'name' as const, name, position, resourceAppId: split.appId };
    if (split.appId) {
      // `https://graph.microsoft.com/Xxx.Yyy` is a Graph scope by construction, known or not.
      this.push(base);
      return;
    }
    if (position === 'scopeList') {
      if (this.oracle.isKnownName(name, false)) this.push(base);
      return;
    }
    // A free-standing string: exact casing and a dotted name, or it is too likely to be something else.
    if (name.includes('.') && this.oracle.isKnownName(name, true)) this.push(base);
  }

  private push(ref: ScannedReference): void {
    if (ref.resourceAppId === undefined) delete ref.resourceAppId;
    this.out.references.push(ref);
  }

  /** The range of a string node's content, without its quotes (tolerates an unterminated string). */
  private inner(node: Node): { start: number; end: number } {
    const start = node.offset + 1;
    let end = node.offset + node.length;
    if (end > start && this.text.charCodeAt(end - 1) === 34 /* " */) end -= 1;
    return { start: Math.min(start, end), end };
  }
}

function prop(obj: Node, name: string): Node | undefined {
  for (const p of obj.children ?? []) {
    if (p.type === 'property' && p.children && p.children[0]?.value === name) return p.children[1];
  }
  return undefined;
}
