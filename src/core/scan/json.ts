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
import { isGuid } from '../permissions/guid';
import type { PermissionKind } from '../store/storeData';
import { NAME_SHAPE, splitResourcePrefix, splitScopeString, type PermissionOracle } from './names';
import type { ResourceAppMention, ScannedReference } from './reference';
import type { SpecialMention } from './special';
import { Collector, incompleteReason, kindFromName, plainMentions, type FormatScan } from './tokens';

/** Keys whose string values are identifiers of other things, never permissions (JSON, and keys in code: scan/code.ts). */
export const ID_KEY = /^(?:id|objectId|tenantId|tenant|clientId|client_id|appId|applicationId|directoryId|subscriptionId|principalId|resourceId|keyId|tenant_id|object_id|app_id)$/i;

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

/** `$schema` of a Teams app manifest (`…/teams/v1.17/MicrosoftTeams.schema.json`). */
const TEAMS_SCHEMA = /MicrosoftTeams\.schema\.json|json-schemas\/teams\//i;

interface WalkCtx {
  scope: boolean;
  kind?: PermissionKind;
}

// Shared read-only contexts for the common cases: the walk visits every node, so no allocation there.
const PLAIN: WalkCtx = { scope: false };
const GRANT: WalkCtx = { scope: false, kind: 'Delegated' };
const APP_ROLE_ID: WalkCtx = { scope: true, kind: 'Application' };

export function scanJson(text: string, oracle: PermissionOracle): FormatScan {
  const result: FormatScan = { references: [], resourceApps: [], specials: [] };
  let root: Node | undefined;
  try {
    const errors: ParseError[] = [];
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (e) {
    // jsonc-parser recurses: absurd nesting overflows the stack. Nothing can be located by structure,
    // so say so (the caller reports the file as not analysed) and keep the plain mentions for hovers.
    const c = new Collector(oracle);
    try {
      plainMentions(c, text, 0, text.length);
    } catch {
      // the reason below already says the file was not analysed
    }
    return { ...c.finish(), incomplete: incompleteReason(e) };
  }
  if (!root) return result;
  new JsonScanner(text, oracle, result).walk(root);
  result.references.sort((a, b) => a.start - b.start);
  result.resourceApps.sort((a, b) => a.start - b.start);
  result.specials.sort((a, b) => a.start - b.start);
  // One parse per document: the resource-block fixes of the rules use the same tree.
  Object.defineProperty(result, 'jsonTree', { value: root, enumerable: false });
  return result;
}

class JsonScanner {
  /** Offsets of string nodes already taken by a structural rule. */
  private readonly handled = new Set<number>();

  /** Nodes (by offset) whose subtrees are not Graph permissions (Teams RSC lists). */
  private readonly skipped = new Set<number>();

  constructor(
    private readonly text: string,
    private readonly oracle: PermissionOracle,
    private readonly out: FormatScan,
  ) {}

  /** Iterative walk: deep nesting must not overflow the stack. */
  walk(root: Node): void {
    if (root.type === 'object') this.teamsManifest(root);
    // Two parallel stacks rather than a pair object per node: the walk visits every node of the tree.
    const nodes: Node[] = [root];
    const ctxs: WalkCtx[] = [PLAIN];
    while (nodes.length) {
      const node = nodes.pop() as Node;
      const ctx = ctxs.pop() as WalkCtx;
      if (this.skipped.has(node.offset)) continue;
      switch (node.type) {
        case 'object': {
          this.resourceAccessBlock(node);
          // An oauth2PermissionGrant (`clientId`, `consentType`, `resourceId`, `scope`): delegated scopes.
          const grant = !!prop(node, 'consentType') || (!!prop(node, 'clientId') && !!prop(node, 'resourceId') && !!prop(node, 'scope'));
          const props = node.children ?? [];
          const propCtx = grant ? GRANT : PLAIN;
          for (let i = props.length - 1; i >= 0; i--) {
            nodes.push(props[i]);
            ctxs.push(propCtx);
          }
          break;
        }
        case 'property': {
          const [key, value] = node.children ?? [];
          if (!key || !value) break;
          const name = typeof key.value === 'string' ? key.value : '';
          if (SKIP_KEYS.has(name)) break;
          // A tenant, client, object or subscription id that happens to equal a permission GUID is still an id.
          if (value.type === 'string' && ID_KEY.test(name)) break;
          nodes.push(value);
          if (name === 'appRoleId' || name === 'AppRoleId') ctxs.push(APP_ROLE_ID);
          else if (SCOPE_KEY.test(name)) ctxs.push({ scope: true, kind: name.toLowerCase() === 'scope' && ctx.kind ? ctx.kind : kindFromName(name) });
          else ctxs.push(PLAIN);
          break;
        }
        case 'array': {
          const items = node.children ?? [];
          for (let i = items.length - 1; i >= 0; i--) {
            nodes.push(items[i]);
            ctxs.push(ctx);
          }
          break;
        }
        case 'string':
          if (!this.handled.has(node.offset)) this.stringValue(node, ctx.scope, ctx.kind);
          break;
        default:
          break;
      }
    }
  }

  /**
   * A Teams app manifest: resource-specific consent permissions (`authorization.permissions.resourceSpecific[].name`,
   * and the older `webApplicationInfo.applicationPermissions`) are a different namespace from Graph's —
   * they get their own mention and are kept out of the walk.
   */
  private teamsManifest(root: Node): void {
    const schema = prop(root, '$schema');
    const isTeams =
      (schema?.type === 'string' && TEAMS_SCHEMA.test(String(schema.value))) ||
      (!!prop(root, 'manifestVersion') && !!(prop(root, 'webApplicationInfo') || prop(root, 'bots') || prop(root, 'staticTabs') || prop(root, 'composeExtensions')));
    if (!isTeams) return;
    const rsc = prop(prop(prop(root, 'authorization') ?? root, 'permissions') ?? root, 'resourceSpecific');
    if (rsc && rsc.type === 'array' && prop(root, 'authorization')) {
      this.skipped.add(rsc.offset);
      for (const item of rsc.children ?? []) {
        if (item.type !== 'object') continue;
        const n = prop(item, 'name');
        const t = prop(item, 'type');
        if (n?.type !== 'string' || typeof n.value !== 'string' || !n.value) continue;
        const s: SpecialMention = { ...this.inner(n), kind: 'rsc', text: n.value };
        const tv = t?.type === 'string' ? String(t.value) : '';
        if (tv === 'Application' || tv === 'Delegated') s.flow = tv;
        this.out.specials.push(s);
      }
    }
    const wai = prop(root, 'webApplicationInfo');
    const legacy = wai && prop(wai, 'applicationPermissions');
    if (legacy && legacy.type === 'array') {
      this.skipped.add(legacy.offset);
      for (const item of legacy.children ?? []) {
        if (item.type === 'string' && typeof item.value === 'string' && item.value) this.out.specials.push({ ...this.inner(item), kind: 'rsc', text: item.value, flow: 'Application' });
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
    this.out.resourceApps.push({ start: appRange.start, end: appRange.end, text: appText, appId: known } satisfies ResourceAppMention);
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
      // Explicit fields, not a spread: object spread is a slow path in V8 and this runs per entry.
      const ref: ScannedReference = {
        start: range.start,
        end: range.end,
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
        const tr = this.inner(typeNode);
        ref.typeValue = { start: tr.start, end: tr.end, text: t };
        ref.declaredKind = declaredKindOf(t);
      }
      this.out.references.push(ref);
    }
  }

  private stringValue(node: Node, scope: boolean, kind?: PermissionKind): void {
    const value = node.value;
    if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return;
    const range = this.inner(node);
    const raw = this.text.slice(range.start, range.end);
    if (isGuid(value)) {
      const id = value.toLowerCase();
      if (this.oracle.isKnownId(id)) {
        const ref: ScannedReference = { ...range, text: value, form: 'guid', name: value, position: scope ? 'scopeList' : 'string' };
        if (scope && kind) ref.declaredKind = kind;
        this.push(ref);
      } else {
        const appId = this.oracle.resourceAppId(id);
        if (appId) this.out.resourceApps.push({ ...range, text: value, appId });
      }
      return;
    }
    if (scope && raw === value) {
      // A list item or a space/comma-separated scope string; sub-token offsets need an unescaped string.
      for (const tok of splitScopeString(value)) this.token(tok.text, range.start + tok.start, 'scopeList', undefined, kind);
      return;
    }
    if (/\s/.test(value)) return;
    this.token(value, range.start, 'string', raw === value ? undefined : range.end);
  }

  /** Considers one token; `endOverride` when escapes make the raw length differ from the value's. */
  private token(tok: string, start: number, position: 'scopeList' | 'string', endOverride?: number, kind?: PermissionKind): void {
    const split = splitResourcePrefix(tok);
    const name = split.name;
    if (/(?:^|\/)\.default$/i.test(tok)) {
      const resource = tok.slice(0, tok.length - '.default'.length).replace(/\/$/, '');
      const s: SpecialMention = { start, end: endOverride ?? start + tok.length, kind: 'default-scope', text: tok };
      if (resource) s.resource = resource;
      if (split.appId) s.resourceAppId = split.appId;
      this.out.specials.push(s);
      return;
    }
    if (!NAME_SHAPE.test(name)) return;
    if (split.appId && !this.oracle.isKnownName(name, false, split.appId) && !PERMISSION_LIKE.test(name)) return;
    const end = endOverride ?? start + tok.length;
    const base: ScannedReference = { start, end, text: tok, form: 'name' as const, name, position, resourceAppId: split.appId };
    if (position === 'scopeList' && kind) base.declaredKind = kind;
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
