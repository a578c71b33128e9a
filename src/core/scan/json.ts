/**
 * Finds permission references in JSON / JSONC text with jsonc-parser's error-tolerant parse (as a
 * flat tree, jsonTree.ts), so that half-typed manifests still yield every reference that can be
 * located.
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
import { JSON_ARRAY, JSON_OBJECT, JSON_PROPERTY, JSON_STRING, JsonTree, NO_NODE } from './jsonTree';
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

// Module constants, not literals in the per-string functions: a literal is a new RegExp each time it runs.
const WHITESPACE = /\s/;
const DEFAULT_SCOPE = /(?:^|\/)\.default$/i;

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

/**
 * What a property's key means to the walk, by the key alone (a document repeats a few keys
 * thousands of times: classified once each, not by a regular expression per property).
 */
interface KeyClass {
  skip: boolean;
  /** An id key: a string value under it is never a permission. */
  id: boolean;
  /** The context of the value (a scope key's is shared: contexts are read-only). */
  ctx: WalkCtx;
  /** `scope` (any casing): inside an oauth2PermissionGrant its values are delegated. */
  grantScope: boolean;
}

const KEY_CLASSES = new Map<string, KeyClass>();
const MAX_KEY_CLASSES = 4096;

function classifyKey(name: string): KeyClass {
  let c = KEY_CLASSES.get(name);
  if (c) return c;
  const scope = name !== 'appRoleId' && name !== 'AppRoleId' && SCOPE_KEY.test(name);
  c = {
    skip: SKIP_KEYS.has(name),
    id: ID_KEY.test(name),
    ctx: name === 'appRoleId' || name === 'AppRoleId' ? APP_ROLE_ID : scope ? { scope: true, kind: kindFromName(name) } : PLAIN,
    grantScope: scope && name.toLowerCase() === 'scope',
  };
  // Bounded: a document of unique keys must not grow the cache without end.
  if (KEY_CLASSES.size < MAX_KEY_CLASSES) KEY_CLASSES.set(name, c);
  return c;
}

/** Scratch for one pass over an object's properties (the walk is iterative: one object at a time). */
interface ObjectKeys {
  resourceAppId: number;
  resourceAccess: number;
  consentType: boolean;
  clientId: boolean;
  resourceId: boolean;
  scope: boolean;
}

export function scanJson(text: string, oracle: PermissionOracle): FormatScan {
  const result: FormatScan = { references: [], resourceApps: [], specials: [] };
  let tree: JsonTree;
  try {
    tree = JsonTree.parse(text, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
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
  if (tree.root === NO_NODE) return result;
  new JsonScanner(text, tree, oracle, result).walk(tree.root);
  result.references.sort((a, b) => a.start - b.start);
  result.resourceApps.sort((a, b) => a.start - b.start);
  result.specials.sort((a, b) => a.start - b.start);
  // One parse per document: the resource-block rules and fixes use the same tree.
  Object.defineProperty(result, 'jsonTree', { value: tree, enumerable: false });
  return result;
}

class JsonScanner {
  /** Offsets of string nodes already taken by a structural rule. */
  private readonly handled = new Set<number>();

  /** Nodes (by offset) whose subtrees are not Graph permissions (Teams RSC lists). */
  private readonly skipped = new Set<number>();

  constructor(
    private readonly text: string,
    private readonly tree: JsonTree,
    private readonly oracle: PermissionOracle,
    private readonly out: FormatScan,
  ) {}

  /** Iterative walk: deep nesting must not overflow the stack. */
  walk(root: number): void {
    const t = this.tree;
    if (t.type(root) === JSON_OBJECT) this.teamsManifest(root);
    // Two parallel stacks rather than a pair object per node: the walk visits every node of the tree.
    const nodes: number[] = [root];
    const ctxs: WalkCtx[] = [PLAIN];
    const keys: ObjectKeys = { resourceAppId: NO_NODE, resourceAccess: NO_NODE, consentType: false, clientId: false, resourceId: false, scope: false };
    const skipped = this.skipped;
    while (nodes.length) {
      const node = nodes.pop() as number;
      const ctx = ctxs.pop() as WalkCtx;
      if (skipped.size !== 0 && skipped.has(t.offset(node))) continue;
      switch (t.type(node)) {
        case JSON_OBJECT: {
          objectKeys(t, node, keys);
          if (keys.resourceAppId !== NO_NODE && keys.resourceAccess !== NO_NODE) this.resourceAccessBlock(keys.resourceAppId, keys.resourceAccess);
          // An oauth2PermissionGrant (`clientId`, `consentType`, `resourceId`, `scope`): delegated scopes.
          const grant = keys.consentType || (keys.clientId && keys.resourceId && keys.scope);
          const propCtx = grant ? GRANT : PLAIN;
          for (let i = t.childCount(node) - 1; i >= 0; i--) {
            nodes.push(t.child(node, i));
            ctxs.push(propCtx);
          }
          break;
        }
        case JSON_PROPERTY: {
          const key = t.child(node, 0);
          const value = t.child(node, 1);
          if (key === NO_NODE || value === NO_NODE) break;
          const name = t.value(key);
          const c = classifyKey(typeof name === 'string' ? name : '');
          if (c.skip) break;
          // A tenant, client, object or subscription id that happens to equal a permission GUID is still an id.
          if (c.id && t.type(value) === JSON_STRING) break;
          nodes.push(value);
          ctxs.push(c.grantScope && ctx.kind ? { scope: true, kind: ctx.kind } : c.ctx);
          break;
        }
        case JSON_ARRAY: {
          for (let i = t.childCount(node) - 1; i >= 0; i--) {
            nodes.push(t.child(node, i));
            ctxs.push(ctx);
          }
          break;
        }
        case JSON_STRING:
          if (!this.handled.has(t.offset(node))) this.stringValue(node, ctx.scope, ctx.kind);
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
  private teamsManifest(root: number): void {
    const t = this.tree;
    // `prop` as on parseTree's nodes: a missing property (or one without a value) is undefined.
    const prop = (obj: number | undefined, name: string): number | undefined => {
      if (obj === undefined) return undefined;
      const v = t.prop(obj, name);
      return v === NO_NODE ? undefined : v;
    };
    const schema = prop(root, '$schema');
    const isTeams =
      (schema !== undefined && t.type(schema) === JSON_STRING && TEAMS_SCHEMA.test(String(t.value(schema)))) ||
      (prop(root, 'manifestVersion') !== undefined &&
        (prop(root, 'webApplicationInfo') ?? prop(root, 'bots') ?? prop(root, 'staticTabs') ?? prop(root, 'composeExtensions')) !== undefined);
    if (!isTeams) return;
    const rsc = prop(prop(prop(root, 'authorization') ?? root, 'permissions') ?? root, 'resourceSpecific');
    if (rsc !== undefined && t.type(rsc) === JSON_ARRAY && prop(root, 'authorization') !== undefined) {
      this.skipped.add(t.offset(rsc));
      for (let i = 0; i < t.childCount(rsc); i++) {
        const item = t.child(rsc, i);
        if (t.type(item) !== JSON_OBJECT) continue;
        const n = prop(item, 'name');
        const ty = prop(item, 'type');
        const nv = n === undefined ? undefined : t.value(n);
        if (n === undefined || t.type(n) !== JSON_STRING || typeof nv !== 'string' || !nv) continue;
        const s: SpecialMention = { ...this.inner(n), kind: 'rsc', text: nv };
        const tv = ty !== undefined && t.type(ty) === JSON_STRING ? String(t.value(ty)) : '';
        if (tv === 'Application' || tv === 'Delegated') s.flow = tv;
        this.out.specials.push(s);
      }
    }
    const wai = prop(root, 'webApplicationInfo');
    const legacy = prop(wai, 'applicationPermissions');
    if (legacy !== undefined && t.type(legacy) === JSON_ARRAY) {
      this.skipped.add(t.offset(legacy));
      for (let i = 0; i < t.childCount(legacy); i++) {
        const item = t.child(legacy, i);
        const v = t.value(item);
        if (t.type(item) === JSON_STRING && typeof v === 'string' && v) this.out.specials.push({ ...this.inner(item), kind: 'rsc', text: v, flow: 'Application' });
      }
    }
  }

  /** `{ "resourceAppId": …, "resourceAccess": [ { "id": …, "type": … } ] }`: the object's first such properties' values. */
  private resourceAccessBlock(appNode: number, accessNode: number): void {
    const t = this.tree;
    if (t.type(appNode) !== JSON_STRING || t.type(accessNode) !== JSON_ARRAY) return;
    const appText = String(t.value(appNode));
    const known = this.oracle.resourceAppId(appText);
    const appId = known ?? (isGuid(appText.trim()) ? appText.trim().toLowerCase() : undefined);
    const appRange = this.inner(appNode);
    this.out.resourceApps.push({ start: appRange.start, end: appRange.end, text: appText, appId: known } satisfies ResourceAppMention);
    this.handled.add(t.offset(appNode));
    for (let i = 0; i < t.childCount(accessNode); i++) {
      const entry = t.child(accessNode, i);
      if (t.type(entry) !== JSON_OBJECT) continue;
      const idNode = t.prop(entry, 'id');
      if (idNode === NO_NODE || t.type(idNode) !== JSON_STRING) continue;
      this.handled.add(t.offset(idNode));
      const typeNode = t.prop(entry, 'type');
      const value = String(t.value(idNode)).trim();
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
        entry: { start: t.offset(entry), end: t.offset(entry) + t.length(entry) },
      };
      if (ref.form === 'name') {
        const split = splitResourcePrefix(value);
        ref.name = split.name;
      }
      if (typeNode !== NO_NODE && t.type(typeNode) === JSON_STRING) {
        this.handled.add(t.offset(typeNode));
        const tv = String(t.value(typeNode));
        const tr = this.inner(typeNode);
        ref.typeValue = { start: tr.start, end: tr.end, text: tv };
        ref.declaredKind = declaredKindOf(tv);
      }
      this.out.references.push(ref);
    }
  }

  private stringValue(node: number, scope: boolean, kind?: PermissionKind): void {
    const value = this.tree.value(node);
    if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return;
    const range = this.inner(node);
    const raw = this.text.slice(range.start, range.end);
    if (isGuid(value)) {
      const id = value.toLowerCase();
      if (this.oracle.isKnownId(id)) {
        const ref: ScannedReference = { start: range.start, end: range.end, text: value, form: 'guid', name: value, position: scope ? 'scopeList' : 'string' };
        if (scope && kind) ref.declaredKind = kind;
        this.push(ref);
      } else {
        const appId = this.oracle.resourceAppId(id);
        if (appId) this.out.resourceApps.push({ start: range.start, end: range.end, text: value, appId });
      }
      return;
    }
    if (scope && raw === value) {
      // A list item or a space/comma-separated scope string; sub-token offsets need an unescaped string.
      for (const tok of splitScopeString(value)) this.token(tok.text, range.start + tok.start, 'scopeList', undefined, kind);
      return;
    }
    if (WHITESPACE.test(value)) return;
    this.token(value, range.start, 'string', raw === value ? undefined : range.end);
  }

  /** Considers one token; `endOverride` when escapes make the raw length differ from the value's. */
  private token(tok: string, start: number, position: 'scopeList' | 'string', endOverride?: number, kind?: PermissionKind): void {
    const split = splitResourcePrefix(tok);
    const name = split.name;
    if (DEFAULT_SCOPE.test(tok)) {
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
  private inner(node: number): { start: number; end: number } {
    const start = this.tree.offset(node) + 1;
    let end = this.tree.offset(node) + this.tree.length(node);
    if (end > start && this.text.charCodeAt(end - 1) === 34 /* " */) end -= 1;
    return { start: Math.min(start, end), end };
  }
}

/**
 * One pass over an object's properties for what the walk asks of every object: as `prop` would
 * find them (the first property of each name; a property without a value counts as absent).
 */
function objectKeys(t: JsonTree, obj: number, out: ObjectKeys): void {
  let app: number | null = null;
  let access: number | null = null;
  let consentType: number | null = null;
  let clientId: number | null = null;
  let resourceId: number | null = null;
  let scope: number | null = null;
  const n = t.childCount(obj);
  for (let i = 0; i < n; i++) {
    const p = t.child(obj, i);
    if (t.type(p) !== JSON_PROPERTY) continue;
    const key = t.child(p, 0);
    if (key === NO_NODE) continue;
    const name = t.value(key);
    if (typeof name !== 'string') continue;
    switch (name) {
      case 'resourceAppId':
        if (app === null) app = t.child(p, 1);
        break;
      case 'resourceAccess':
        if (access === null) access = t.child(p, 1);
        break;
      case 'consentType':
        if (consentType === null) consentType = t.child(p, 1);
        break;
      case 'clientId':
        if (clientId === null) clientId = t.child(p, 1);
        break;
      case 'resourceId':
        if (resourceId === null) resourceId = t.child(p, 1);
        break;
      case 'scope':
        if (scope === null) scope = t.child(p, 1);
        break;
    }
  }
  out.resourceAppId = app ?? NO_NODE;
  out.resourceAccess = access ?? NO_NODE;
  out.consentType = consentType !== null && consentType !== NO_NODE;
  out.clientId = clientId !== null && clientId !== NO_NODE;
  out.resourceId = resourceId !== null && resourceId !== NO_NODE;
  out.scope = scope !== null && scope !== NO_NODE;
}
