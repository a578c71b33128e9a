/**
 * Bicep (`.bicep`, `.bicepparam`) and Terraform (`.tf`) scanners: one walk over the tree that
 * brace.ts builds, with each language's symbol rules.
 *
 * Where they look, and the kind they assign:
 * - `requiredResourceAccess` / `required_resource_access` objects and blocks (Bicep
 *   `Microsoft.Graph/applications`, azuread `azuread_application`, msgraph `msgraph_resource`
 *   bodies): each `resourceAccess` / `resource_access` entry's `id` (GUID, name, a
 *   `….app_role_ids["…"]` / `….oauth2_permission_scope_ids["…"]` lookup, or a known name passed
 *   to a helper such as `roleIdOf('AuditLog.Read.All', sp.appRoles)`) → `resourceAccess`,
 *   kind from `type` (`Role` → Application, `Scope` → Delegated), resource app from
 *   `resourceAppId` / `resource_app_id` (a GUID, a variable, `published_app_ids…MicrosoftGraph`,
 *   or a service principal whose `appId` / `client_id` resolves);
 * - `appRoleId` / `app_role_id` (`Microsoft.Graph/appRoleAssignedTo`, `azuread_app_role_assignment`,
 *   msgraph `…/appRoleAssignedTo` bodies) → Application;
 * - `app_role_ids["…"]` anywhere → Application, `oauth2_permission_scope_ids["…"]` → Delegated;
 *   Bicep `filter(sp.appRoles, r => r.value == '…')` → Application, `…oauth2PermissionScopes…` → Delegated;
 * - `scope` (`Microsoft.Graph/oauth2PermissionGrants`, any object with `consentType`) and
 *   `claim_values` (`azuread_service_principal_delegated_permission_grant`) → Delegated scope strings;
 * - params, variables, locals and keys named like scope / permission lists (`graphScopes`,
 *   `appRoles` used as a variable, `delegated_permissions`), and arrays whose items are all
 *   known permission names (one dotted at least) → `scopeList`, kind from the name
 *   (…scope…/delegated → Delegated, …role…/application → Application, else Unknown);
 * - comments and other strings: plain mentions (`string`, hover only).
 * Never: an app's own `appRoles` / `app_role` / `oauth2PermissionScopes` /
 * `oauth2_permission_scope` (and `azuread_application_app_role` / `…_permission_scope`
 * resources), lookups on an app's own roles (`azuread_application.x.app_role_ids`), other GUIDs.
 */
import { GRAPH_APP_ID, isGuid, SHAREPOINT_APP_ID } from '../permissions/guid';
import type { PermissionKind } from '../store/storeData';
import { BICEP, HCL, parseBrace, type Arr, type BraceDoc, type Node, type Obj, type Prop, type Str } from './brace';
import { declaredKindOf } from './json';
import type { PermissionOracle } from './names';
import type { ScannedReference } from './reference';
import { Collector, kindFromName, plainMentions, type FormatScan, type TokenContext } from './tokens';

type Lang = 'bicep' | 'hcl';

/** Keys whose subtrees define the app's own roles and scopes, or credentials. */
const SKIP = new Set([
  'approles',
  'approle',
  'oauth2permissionscopes',
  'oauth2permissionscope',
  'oauth2permissions',
  'preauthorizedapplications',
  'preauthorizedapplication',
  'knownclientapplications',
  'keycredentials',
  'passwordcredentials',
  'identifieruris',
  'password',
]);

/** Resource types whose whole body defines the app's own roles / scopes. */
const OWN_DEFINITION_TYPES = /^(?:azuread_application_app_role|azuread_application_permission_scope|azuread_application_pre_authorized)$/;

/** Variable / key names that hold permission lists. */
const LIST_NAME = /(?:scopes?|permissions|roles|claim_?values)$/i;

const norm = (k: string): string => k.toLowerCase().replace(/[_-]/g, '');

interface Ctx {
  /** Bicep resource type (`Microsoft.Graph/appRoleAssignedTo@v1.0`) or Terraform resource type. */
  resourceType?: string;
  tok: TokenContext;
  /** The param / var / local the value is bound to, for the kind of an all-names array. */
  listName?: string;
}

export function scanBicep(text: string, oracle: PermissionOracle): FormatScan {
  return new StructuredScanner(text, oracle, 'bicep').run();
}

export function scanTerraform(text: string, oracle: PermissionOracle): FormatScan {
  return new StructuredScanner(text, oracle, 'hcl').run();
}

class StructuredScanner {
  private readonly c: Collector;
  private doc!: BraceDoc;
  private readonly symbols = new Map<string, Node | Obj>();

  constructor(
    private readonly text: string,
    private readonly oracle: PermissionOracle,
    private readonly lang: Lang,
  ) {
    this.c = new Collector(oracle);
  }

  run(): FormatScan {
    try {
      this.doc = parseBrace(this.text, this.lang === 'bicep' ? BICEP : HCL);
    } catch (e) {
      this.c.fail(e);
      return this.c.finish();
    }
    this.collectSymbols();
    this.walkObj(this.doc.body, { tok: { position: 'string' } }, true);
    for (const cm of this.doc.comments) plainMentions(this.c, this.text, cm.start, cm.end);
    return this.c.finish();
  }

  // ---- symbols ----

  private collectSymbols(): void {
    for (const p of this.doc.body.props) {
      if (this.lang === 'bicep') {
        if (/^(?:param|var|resource|module|output)$/.test(p.key) && p.labels[0] && p.value) this.symbols.set(p.labels[0].text, p.value);
      } else if (p.key === 'locals' && p.value?.type === 'object') {
        for (const q of p.value.props) if (q.value) this.symbols.set(`local.${q.key}`, q.value);
      } else if (p.key === 'variable' && p.labels[0] && p.value?.type === 'object') {
        const def = p.value.props.find((q) => q.key === 'default');
        if (def?.value) this.symbols.set(`var.${p.labels[0].text}`, def.value);
      } else if (p.key === 'resource' && p.labels.length >= 2 && p.value) {
        this.symbols.set(`${p.labels[0].text}.${p.labels[1].text}`, p.value);
      } else if (p.key === 'data' && p.labels.length >= 2 && p.value) {
        this.symbols.set(`data.${p.labels[0].text}.${p.labels[1].text}`, p.value);
      }
    }
  }

  private raw(s: Str): string {
    return this.text.slice(s.innerStart, s.innerEnd);
  }

  /** The symbol a reference expression (`graphSp.appId`, `data.azuread_service_principal.g.client_id`) starts with. */
  private symbolOf(chain: string): { node: Node | Obj; rest: string[]; name: string } | undefined {
    const parts = chain.split('.');
    for (let n = Math.min(3, parts.length); n >= 1; n--) {
      const name = parts.slice(0, n).join('.');
      const node = this.symbols.get(name);
      if (node) return { node, rest: parts.slice(n), name };
    }
    return undefined;
  }

  /** Resolves a resource-app expression to an app id. */
  resolveApp(node: Node | undefined, depth = 0): string | undefined {
    if (!node || depth > 4) return undefined;
    if (node.type === 'string') {
      const v = this.raw(node).trim();
      if (isGuid(v)) return this.oracle.resourceAppId(v) ?? v.toLowerCase();
      return this.oracle.resourceAppId(v);
    }
    const t = this.text.slice(node.start, node.end);
    if (t.length > 400) return undefined;
    return this.resolveChain(t, depth);
  }

  /** Resolves an expression's text (`graphSp.appId`, `data.azuread_service_principal.g.client_id`). */
  resolveChain(t: string, depth = 0): string | undefined {
    if (/\bMicrosoftGraph\b/.test(t)) return GRAPH_APP_ID;
    if (/\bOffice365SharePointOnline\b/.test(t)) return SHAREPOINT_APP_ID;
    const m = /[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*/.exec(t);
    if (!m || depth > 4) return undefined;
    const sym = this.symbolOf(m[0]);
    if (!sym) return undefined;
    if (sym.node.type === 'object' || (sym.node.type === 'expr' && sym.node.parts.some((p) => p.type === 'object'))) {
      const obj = sym.node.type === 'object' ? sym.node : (sym.node.parts.find((p) => p.type === 'object') as Obj);
      const idProp = obj.props.find((p) => /^(?:appId|application_id|client_id)$/.test(p.key));
      return this.resolveApp(idProp?.value, depth + 1);
    }
    return this.resolveApp(sym.node, depth + 1);
  }

  /** The resource type of a symbol (`azuread_application`, `Microsoft.Graph/applications@v1.0`). */
  private symbolType(chain: string): string | undefined {
    const sym = this.symbolOf(chain);
    if (!sym) return undefined;
    if (this.lang === 'hcl') return sym.name.startsWith('data.') ? sym.name.split('.')[1] : sym.name.split('.')[0];
    for (const p of this.doc.body.props) {
      if (p.key === 'resource' && p.labels[0]?.text === sym.name) return p.labels.find((l) => l.str)?.text;
    }
    return undefined;
  }

  // ---- walk ----

  private walkObj(obj: Obj, ctx: Ctx, top = false): void {
    const handled = this.requiredResourceAccess(obj, ctx);
    const keys = new Set(obj.props.map((p) => norm(p.key)));
    const grantLike = keys.has('consenttype') || (keys.has('clientid') && keys.has('resourceid') && keys.has('scope'));
    for (const p of obj.props) {
      if (handled.has(p)) continue;
      const k = norm(p.key);
      if (SKIP.has(k)) continue;
      if (!p.value) continue;
      if (top) {
        this.topLevel(p, ctx);
        continue;
      }
      this.prop(p, ctx, grantLike, obj);
    }
  }

  private topLevel(p: Prop, ctx: Ctx): void {
    const value = p.value as Node;
    if (this.lang === 'bicep') {
      if (p.key === 'resource' || p.key === 'module') {
        const type = p.labels.find((l) => l.str)?.text;
        this.walkValue(value, { resourceType: type, tok: { position: 'string' } });
        return;
      }
      if ((p.key === 'param' || p.key === 'var' || p.key === 'output') && p.labels[0]) {
        this.named(p.labels[0].text, value, ctx);
        return;
      }
      if (p.key === 'using') return;
      this.prop(p, ctx, false, this.doc.body);
      return;
    }
    if (p.key === 'resource' || p.key === 'data') {
      const type = p.labels[0]?.text ?? '';
      if (OWN_DEFINITION_TYPES.test(type)) return;
      this.walkValue(value, { resourceType: type, tok: { position: 'string' } });
      return;
    }
    if (p.key === 'locals' && value.type === 'object') {
      for (const q of value.props) if (q.value && !SKIP.has(norm(q.key))) this.named(q.key, q.value, ctx);
      return;
    }
    if (p.key === 'variable' && p.labels[0] && value.type === 'object') {
      for (const q of value.props) {
        if (!q.value) continue;
        if (q.key === 'default') this.named(p.labels[0].text, q.value, ctx);
        else this.walkValue(q.value, ctx);
      }
      return;
    }
    // .tfvars-style `graph_scopes = [...]` at top level, provider blocks, …
    this.prop(p, ctx, false, this.doc.body);
  }

  /** A named value (param, var, local, key): a list name makes its strings a scope list. */
  private named(name: string, value: Node, ctx: Ctx): void {
    if (LIST_NAME.test(name) && !/^(?:app_?roles?|oauth2_?permission_?scopes?)$/i.test(name)) {
      this.walkValue(value, { ...ctx, tok: { position: 'scopeList', kind: kindFromName(name) } });
      return;
    }
    this.walkValue(value, { ...ctx, listName: name });
  }

  private prop(p: Prop, ctx: Ctx, grantLike: boolean, owner: Obj): void {
    const value = p.value as Node;
    const k = norm(p.key);
    if (k === 'approleid') {
      this.walkValue(value, { ...ctx, tok: { position: 'scopeList', kind: 'Application' } });
      return;
    }
    if (k === 'scope' && (grantLike || /oauth2PermissionGrant/i.test(ctx.resourceType ?? ''))) {
      this.walkValue(value, { ...ctx, tok: { position: 'scopeList', kind: 'Delegated', strong: true } });
      return;
    }
    if (k === 'claimvalues' || (k === 'scope' && /delegated_permission_grant/.test(ctx.resourceType ?? ''))) {
      this.walkValue(value, { ...ctx, tok: { position: 'scopeList', kind: 'Delegated', strong: /delegated_permission_grant/.test(ctx.resourceType ?? '') } });
      return;
    }
    if (this.lang === 'hcl' && k === 'foreach') {
      const body = this.text.slice(owner.start, owner.end);
      if (body.length < 20000) {
        if (/app_role_ids\s*\[\s*each\./.test(body) && !this.ownAppLookup(body)) {
          this.walkValue(value, { ...ctx, tok: { position: 'scopeList', kind: 'Application', strong: this.lookupIsGraph(body, 'app_role_ids') } });
          return;
        }
        if (/oauth2_permission_scope_ids\s*\[\s*each\./.test(body) && !this.ownAppLookup(body)) {
          this.walkValue(value, { ...ctx, tok: { position: 'scopeList', kind: 'Delegated', strong: this.lookupIsGraph(body, 'oauth2_permission_scope_ids') } });
          return;
        }
      }
    }
    if (LIST_NAME.test(p.key) && k !== 'scope') {
      this.walkValue(value, { ...ctx, tok: { position: 'scopeList', kind: kindFromName(p.key) } });
      return;
    }
    if (p.key === 'dynamic' && value.type === 'object') {
      // dynamic "resource_access" { for_each = …; content { … } }: names in for_each are entries
      const label = p.labels[0]?.text ?? '';
      this.walkObj(value, { ...ctx, tok: { position: 'string' }, resourceType: ctx.resourceType ?? label });
      return;
    }
    this.walkValue(value, { ...ctx, tok: { ...ctx.tok, kind: ctx.tok.position === 'string' ? undefined : ctx.tok.kind } });
  }

  private walkValue(node: Node, ctx: Ctx): void {
    switch (node.type) {
      case 'string':
        this.string(node, ctx);
        return;
      case 'object':
        this.walkObj(node, ctx);
        return;
      case 'array':
        this.array(node, ctx);
        return;
      case 'expr':
        for (const part of node.parts) this.walkValue(part, ctx);
        return;
    }
  }

  private array(arr: Arr, ctx: Ctx): void {
    let c = ctx;
    if (ctx.tok.position === 'string' && this.allKnownNames(arr)) {
      c = { ...ctx, tok: { position: 'scopeList', kind: ctx.listName ? kindFromName(ctx.listName) : undefined } };
    }
    for (const item of arr.items) this.walkValue(item, c);
  }

  /** An array of simple strings that are all known permission names, one dotted at least. */
  private allKnownNames(arr: Arr): boolean {
    if (arr.items.length === 0 || arr.items.length > 500) return false;
    let dotted = false;
    for (const it of arr.items) {
      if (it.type !== 'string' || !it.simple) return false;
      const v = this.raw(it);
      if (!this.oracle.isKnownName(v, true)) return false;
      if (v.includes('.')) dotted = true;
    }
    return dotted;
  }

  private string(s: Str, ctx: Ctx): void {
    const lead = this.leadContext(s);
    if (lead === null) return; // a lookup of the app's own roles / another API's: never a Graph permission
    const tok: TokenContext = lead ?? ctx.tok;
    const raw = this.raw(s);
    if (tok.position === 'string') {
      if (/\s/.test(raw) || !s.simple) plainMentions(this.c, this.text, s.innerStart, s.innerEnd);
      else this.c.token(raw, s.innerStart, tok);
      return;
    }
    if (!s.simple && !/\s/.test(raw)) {
      if (raw.includes('${')) return;
    }
    this.c.scopeString(raw, s.innerStart, tok);
  }

  /**
   * The context the text right before a string gives it: `app_role_ids[`, `role.value == `.
   * null: the string is a lookup on the app's own roles or another API's — not a Graph permission.
   */
  private leadContext(s: Str): TokenContext | undefined | null {
    let j = s.start - 1;
    while (j >= 0 && (this.text.charCodeAt(j) === 32 || this.text.charCodeAt(j) === 9)) j--;
    const prev = this.text[j];
    if (prev !== '[' && prev !== '=' && prev !== '~') return undefined; // cheap exit for almost every string
    const from = Math.max(0, s.start - 300);
    const lead = this.text.slice(from, s.start);
    const idx = prev === '[' ? /([\w.\]["-]+)\.(app_role_ids|oauth2_permission_scope_ids)\s*\[\s*$/.exec(lead) : null;
    if (idx) {
      const chain = idx[1].replace(/\[[^\]]*\]/g, '');
      const type = this.symbolType(chain);
      if (type && /^azuread_application$/.test(type)) return null; // the app's own roles / scopes
      const app = this.resolveChain(chain);
      if (app && app !== GRAPH_APP_ID && app !== SHAREPOINT_APP_ID) return null;
      const kind: PermissionKind = idx[2] === 'app_role_ids' ? 'Application' : 'Delegated';
      return { position: 'scopeList', kind, strong: app === GRAPH_APP_ID, appId: app };
    }
    const line = lead.slice(lead.lastIndexOf('\n') + 1);
    const cmp = /\b(appRoles|oauth2PermissionScopes)\b.*\.value\s*(?:==|=~)\s*$/i.exec(line);
    if (cmp) {
      return { position: 'scopeList', kind: cmp[1].toLowerCase() === 'approles' ? 'Application' : 'Delegated' };
    }
    return undefined;
  }

  private ownAppLookup(body: string): boolean {
    const m = /([\w.-]+)\.(?:app_role_ids|oauth2_permission_scope_ids)\s*\[/.exec(body);
    if (!m) return false;
    return this.symbolType(m[1]) === 'azuread_application';
  }

  private lookupIsGraph(body: string, what: string): boolean {
    const m = new RegExp(`([\\w.-]+)\\.${what}\\s*\\[`).exec(body);
    if (!m) return false;
    return this.resolveChain(m[1]) === GRAPH_APP_ID;
  }

  // ---- requiredResourceAccess ----

  private requiredResourceAccess(obj: Obj, _ctx: Ctx): Set<Prop> {
    const handled = new Set<Prop>();
    const appProp = obj.props.find((p) => norm(p.key) === 'resourceappid');
    const accessProps = obj.props.filter((p) => norm(p.key) === 'resourceaccess');
    if (!appProp || accessProps.length === 0) return handled;
    handled.add(appProp);
    for (const a of accessProps) handled.add(a);
    const appNode = appProp.value;
    const appId = this.resolveApp(appNode);
    let appText: string | undefined;
    let appRange: { start: number; end: number } | undefined;
    if (appNode?.type === 'string') {
      appText = this.raw(appNode);
      appRange = { start: appNode.innerStart, end: appNode.innerEnd };
      if (appNode.simple) this.c.addApp({ ...appRange, text: appText, appId: this.oracle.resourceAppId(appText.trim()) });
    } else if (appNode) {
      appText = this.text.slice(appNode.start, appNode.end);
    }
    const entries: { obj: Obj; range: { start: number; end: number }; label?: Prop }[] = [];
    for (const a of accessProps) {
      const v = a.value;
      if (!v) continue;
      if (v.type === 'object' && v.props.length && v.props.every((p) => p.value?.type === 'object' && p.value.props.some((q) => norm(q.key) === 'id'))) {
        // A map of entries keyed by permission name (Azure CAF: `resource_access = { openid = { id = "…", type = "Scope" } }`).
        for (const p of v.props) {
          const e = p.value as Obj;
          entries.push({ obj: e, range: { start: p.start, end: e.end }, label: p });
        }
      } else if (v.type === 'object') entries.push({ obj: v, range: { start: a.start, end: v.end } }); // HCL block
      else if (v.type === 'array') {
        for (const it of v.items) {
          if (it.type === 'object') entries.push({ obj: it, range: { start: it.start, end: it.end } });
          else if (it.type === 'expr') for (const part of it.parts) if (part.type === 'object') entries.push({ obj: part, range: { start: part.start, end: part.end } });
        }
      } else if (v.type === 'expr') {
        this.walkValue(v, { tok: { position: 'string' } });
      }
    }
    for (const { obj: e, range, label } of entries) {
      const idProp = e.props.find((p) => norm(p.key) === 'id');
      const typeProp = e.props.find((p) => norm(p.key) === 'type');
      const ctx: TokenContext = { position: 'resourceAccess', appId, entry: range };
      if (appText !== undefined) ctx.appText = appText;
      if (appRange) ctx.appRange = appRange;
      if (typeProp?.value?.type === 'string') {
        const t = this.raw(typeProp.value);
        ctx.typeValue = { start: typeProp.value.innerStart, end: typeProp.value.innerEnd, text: t };
        const k = declaredKindOf(t);
        if (k) ctx.kind = k;
      }
      if (label && this.oracle.isKnownName(label.key, false, appId ?? GRAPH_APP_ID)) {
        // The map key names the entry's permission: a hover, never a second request.
        const ref: ScannedReference = { start: label.keyStart, end: label.keyStart + label.key.length, text: label.key, form: 'name', name: label.key, position: 'string' };
        if (ctx.kind) ref.declaredKind = ctx.kind;
        if (appId) ref.resourceAppId = appId;
        this.c.addRef(ref);
      }
      const idv = idProp?.value;
      if (!idv) continue;
      if (idv.type === 'string') {
        const raw = this.raw(idv).trim();
        if (raw && idv.simple) this.c.token(raw, idv.innerStart + this.raw(idv).indexOf(raw), ctx);
      } else if (idv.type === 'expr') {
        for (const part of strings(idv)) {
          const lead = this.leadContext(part);
          if (lead === null) continue;
          if (lead === undefined) {
            // `id: appRoleId('Application.Read.All', graphSp.appRoles)`: a helper that maps a name to
            // its id — the entry's permission when the string is a known one (never other strings).
            const raw = this.raw(part);
            if (part.simple && this.oracle.isKnownName(raw, false, appId ?? GRAPH_APP_ID)) this.c.token(raw, part.innerStart, ctx);
            continue;
          }
          const k = ctx.kind ?? lead.kind;
          this.c.token(this.raw(part), part.innerStart, { ...ctx, kind: k, appId: ctx.appId ?? lead.appId });
        }
      }
    }
    return handled;
  }
}

/** Every string inside an expression, depth first. */
function strings(node: Node, out: Str[] = [], depth = 0): Str[] {
  if (depth > 50) return out;
  if (node.type === 'string') out.push(node);
  else if (node.type === 'expr') for (const p of node.parts) strings(p, out, depth + 1);
  else if (node.type === 'array') for (const p of node.items) strings(p, out, depth + 1);
  return out;
}
