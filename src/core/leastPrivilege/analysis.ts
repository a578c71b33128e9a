/**
 * Least privilege from code usage: match detected Graph calls against the upstream pathSets,
 * compute the least-privileged permissions that cover them, and compare with what the app's
 * manifests request → `permission-unused`, `permission-over-broad`, `permission-missing`.
 *
 * "App" = one workspace folder (the CLI's folder argument): every manifest in it is compared with
 * every call detected in it. Needs the upstream path data (`store.hasMethods`).
 */
import { analyzeText, formatOf, type Analysis, type DocumentFormat } from '../analyze';
import { GRAPH_APP_ID } from '../permissions/guid';
import type { ResolvedReference } from '../permissions/resolve';
import { removeListElement, replaceName, replaceToken } from '../rules/util';
import type { Diagnostic, Fix, Severity } from '../rules/types';
import type { Permission, PermissionStore } from '../store/store';
import type { PathSetRecord, PermissionKind } from '../store/storeData';
import { schemesOfKind } from '../upstream/methods';
import { LineIndex } from '../text/text';
import type { JsonTree } from '../scan/jsonTree';
import { runSteps, type Steps } from '../steps';
import { detectAuth, kindAt, kindEvidence } from './auth';
import { deriveCmdlets, type CmdletIndex } from './cmdlets';
import { addBaseUrls, callContext, CODE_FORMATS, detectGraphCalls, type CallContext, type GraphCall } from './detect';
import { addScopeEdit, coversCompanion, isScopeRequest, isSetupScript, psRequestedScopes, removeScopeEdit } from './requests';
import { addPermissionEdit, requiredResourceAccessOf } from './manifestEdit';
import { PathTable, schemesOf, type FallbackRule } from './matcher';
import type { GraphVersion } from './requestPaths';
import type { UpstreamScheme } from '../store/storeData';

/** A fallback rule of the matcher, or a property-level match (`$select=mailboxSettings`). */
export type MatchRule = FallbackRule | 'property-select';

/** The OpenID Connect scopes: Graph delegated permissions that serve sign-in, never a Graph call. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

export const USAGE_RULE_IDS = ['permission-unused', 'permission-over-broad', 'permission-missing'] as const;
export type UsageRuleId = (typeof USAGE_RULE_IDS)[number];

export const USAGE_RULES: Record<UsageRuleId, { defaultSeverity: Severity; summary: string; help: string; example: string; fix?: string }> = {
  'permission-unused': {
    defaultSeverity: 'information',
    summary: 'Requested, but no Graph call detected in the code needs it (detection is never complete).',
    help: 'An unused grant is attack surface with no benefit. Check that no call the detector cannot see (URLs built at run time, other SDKs, scripts elsewhere) needs it, then remove it.',
    example: 'Mail.Send requested by a manifest whose app only calls GET /users',
    fix: 'Remove the permission.',
  },
  'permission-over-broad': {
    defaultSeverity: 'warning',
    summary: 'A narrower permission covers every detected call that uses this one.',
    help: 'Request the least-privileged permission that allows the calls the app makes; the finding names it, from the upstream least-privilege markers and path data.',
    example: 'User.ReadWrite.All (Application) beside code that only calls GET /users: User.Read.All suffices',
    fix: 'Replace it with the narrower permission (or remove it when the narrower one is already requested).',
  },
  'permission-missing': {
    defaultSeverity: 'warning',
    summary: 'A detected Graph call needs a permission the manifest does not request.',
    help: 'The call will fail with 403 Forbidden at run time. The finding names the least-privileged permission that allows it, of the kind the code authenticates with.',
    example: 'POST /users/{id}/sendMail in code, no Mail.Send in the manifest',
    fix: 'Add the least-privileged permission to the manifest.',
  },
};

/** The least-privilege rules in the shape SARIF and the docs use (id, default severity, doc). */
export const USAGE_RULE_INFOS: readonly { id: UsageRuleId; defaultSeverity: Severity; doc: { summary: string; help: string; example: string; fix?: string } }[] = USAGE_RULE_IDS.map((id) => {
  const { defaultSeverity, ...doc } = USAGE_RULES[id];
  return { id, defaultSeverity, doc };
});

export const NO_PATH_DATA_MESSAGE =
  'Least privilege needs the upstream path data (which Graph methods each permission unlocks); the metadata in use has none. ' +
  'Run "Graph Permissions: Update Metadata" in VS Code, or pass --metadata <folder or URL> to the CLI.';

/** The no-path-data message, with the reason when the bundled path data could not be loaded. */
export function noPathDataMessage(store: PermissionStore): string {
  return store.pathDataProblem ? `Least privilege is off: ${store.pathDataProblem}. Reinstall the extension, or use Update Metadata / --metadata.` : NO_PATH_DATA_MESSAGE;
}

// ---------------------------------------------------------------------------------------------
// The path table over the store's pathSets (see matcher.ts), and how broad each permission is.

interface StoreTables {
  tables: Map<'v1.0' | 'beta', PathTable>;
  /** `${lower name}|${kind}` → number of method+path entries (how broad a permission is). */
  breadth: Map<string, number>;
  sets: [string, readonly PathSetRecord[]][];
}

const tableCache = new WeakMap<PermissionStore, StoreTables>();

function storeTables(store: PermissionStore): StoreTables {
  const cached = tableCache.get(store);
  if (cached) return cached;
  const breadth = new Map<string, number>();
  const seen = new Set<string>();
  const sets: [string, readonly PathSetRecord[]][] = [];
  for (const p of store.permissions()) {
    if (p.resourceAppId !== GRAPH_APP_ID) continue;
    const lower = p.value.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    const list = store.pathSetsOf(p.value) ?? [];
    sets.push([p.value, list]);
    for (const set of list) {
      for (const kind of ['Application', 'Delegated'] as PermissionKind[]) {
        if (!set.schemes.some((s) => schemesOfKind(kind).includes(s))) continue;
        const key = `${lower}|${kind}`;
        breadth.set(key, (breadth.get(key) ?? 0) + set.paths.length * set.methods.length);
      }
    }
  }
  const t: StoreTables = { tables: new Map(), breadth, sets };
  tableCache.set(store, t);
  return t;
}

const cmdletCache = new WeakMap<PermissionStore, CmdletIndex>();

/** PowerShell cmdlet names derived from the store's path table (empty without path data). */
export function cmdletIndexOf(store: PermissionStore): CmdletIndex {
  let idx = cmdletCache.get(store);
  if (!idx) cmdletCache.set(store, (idx = store.hasMethods ? deriveCmdlets(pathTableOf(store).operations()) : new Map()));
  return idx;
}

/** What the call detector should know about an app (base URLs in any of its files, cmdlet names). */
export function usageContext(store: PermissionStore, files: readonly { text: string; format?: DocumentFormat }[]): CallContext {
  return callContext(files, cmdletIndexOf(store));
}

/** The store's path table for a Graph version (built once per store and version). */
export function pathTableOf(store: PermissionStore, version: 'v1.0' | 'beta' = 'v1.0'): PathTable {
  const t = storeTables(store);
  let table = t.tables.get(version);
  if (!table) t.tables.set(version, (table = new PathTable(t.sets, version)));
  return table;
}

/** A permission that allows a call, with what ranks it. */
export interface Candidate {
  name: string;
  kind: PermissionKind;
  permission: Permission;
  /** Upstream marks it least-privileged for this path (and kind). */
  least: boolean;
  privilegeLevel?: number;
  /** The template it matched (`/users/{id}`). */
  template: string;
  /** Upstream's own least-privileged choice for this call (kibali's FetchLeastPrivilege). */
  pick: boolean;
  /** Companions: this permission counts only together with one of these (`AlsoRequires=`). */
  alsoRequires?: string[];
  /** How the path was matched when not as written (`/me` as `/users/{id}`, suffix dropped, `$select`). */
  rule?: MatchRule;
  /**
   * Scoped to a part of the resource the path addresses as a whole, or (not marked least) to one
   * aspect of it, while a general permission of that resource also allows the call
   * (`Group-NestingSupport.ReadWrite.All`, `Group.ManageProtection.All` on `/groups/{id}`): ranked
   * after every candidate that is not (see `partialFor`).
   */
  partial?: boolean;
}

/**
 * The resource and the part of it a permission is scoped to, when its name qualifies the resource
 * with a hyphen (`Group-NestingSupport.ReadWrite.All` → `Group` / `NestingSupport`,
 * `UserAuthMethod-Email.Read` → `UserAuthMethod` / `Email`): such a permission covers one property or
 * sub-feature of the resource, not the resource as a whole. Undefined for a general name.
 */
export function scopedPart(name: string): { resource: string; part: string } | undefined {
  const m = /^([A-Za-z0-9]+)-([A-Za-z0-9]+)\./.exec(name);
  return m ? { resource: m[1], part: m[2] } : undefined;
}

/** ReadBasic < Read < other verbs < ReadWrite < FullControl / Manage. */
function accessRank(name: string): number {
  const seg = name.split('.');
  if (seg.includes('ReadBasic')) return 0;
  if (seg.includes('Read')) return 1;
  if (seg.includes('ReadWrite')) return 3;
  if (seg.includes('FullControl') || seg.includes('Manage') || seg.includes('ManageAsApp')) return 4;
  return 2;
}

/**
 * 0 when the permission's resource (`User` of `User.Read.All`, `GroupMember` of
 * `GroupMember.Read.All`) names a segment of the path (`/users`, `/groups`): the segment starts
 * with the resource, or the resource with the segment's singular. Else 1.
 */
function affinity(c: Candidate): number {
  const res = c.name.split('.')[0].toLowerCase();
  return c.template
    .toLowerCase()
    .split('/')
    .some((s) => s.length > 1 && !s.startsWith('{') && (s.startsWith(res) || (s.length > 3 && res.startsWith(s.replace(/s$/, '')))))
    ? 0
    : 1;
}

/**
 * True when a candidate covers only part of what the call addresses: its name is scoped to a part of
 * a resource (`Group-NestingSupport.ReadWrite.All`), the path addresses that resource itself (its
 * last literal segment, `delta` and `$…` aside, is the resource's collection: `/groups`,
 * `/groups/{id}`, `/groups/delta`), and a general permission of the same resource (`Group.*`) also
 * allows the call. Upstream may mark such a permission least-privileged on the resource's path
 * because it unlocks that path for its part, but it does not grant the call as a whole. A scoped
 * permission on a path below the resource (`Domain-InternalFederation.*` on
 * `/domains/{id}/federationConfiguration`, `LifecycleWorkflows-Reports.*` on `…/workflows/{id}/runs`)
 * is the sub-feature's own permission and keeps its rank.
 *
 * The same holds, when upstream does not mark it least, for a permission whose access part
 * qualifies its verb (`Group.ManageProtection.All`, `User.EnableDisableAccount.All`: one aspect of
 * the resource) beside a plain permission of the resource (`Group.ReadWrite.All`): on
 * `PATCH /groups/{id}`, where upstream marks no general permission least, the privilege level alone
 * would choose the aspect.
 */
function partialFor(c: Candidate, all: readonly Candidate[]): boolean {
  const scoped = scopedPart(c.name);
  const aspect = !scoped && !c.least && isAspect(c.name);
  if (!scoped && !aspect) return false;
  const resource = (scoped?.resource ?? c.name.split('.')[0]).toLowerCase();
  const literal = c.template
    .toLowerCase()
    .split('/')
    .filter((s) => s && !s.startsWith('{') && !s.startsWith('$') && s !== 'delta');
  const last = literal[literal.length - 1];
  if (!last || (last !== resource && last.replace(/s$/, '') !== resource)) return false;
  return all.some((o) => o !== c && o.name.split('.')[0].toLowerCase() === resource && !scopedPart(o.name) && !isAspect(o.name));
}

/** An access part that qualifies its verb (`ManageProtection`, `EnableDisableAccount`): one aspect of the resource. */
function isAspect(name: string): boolean {
  const access = name.split('.')[1] ?? '';
  return access !== 'ReadWrite' && access !== 'ReadBasic' && (access.match(/[A-Z][a-z0-9]*/g) ?? []).length >= 2;
}

/**
 * The least-privileged permissions marked by upstream that the ranking passed over as scoped to
 * part of the resource (`partialFor`), and whether they were the only ones marked. Undefined when none.
 */
export function scopedLeastOf(cands: readonly Pick<Candidate, 'name' | 'least' | 'partial'>[]): { names: string[]; only: boolean } | undefined {
  const names = cands.filter((c) => c.least && c.partial).map((c) => c.name);
  return names.length ? { names, only: !cands.some((c) => c.least && !c.partial) } : undefined;
}

/**
 * What the hover and the reports say about `scopedLeastOf`. Plain text by default; a host passes
 * how to write a name (a code span) and a run of text (escaped).
 */
export function scopedLeastText(s: { names: readonly string[]; only: boolean }, name: (n: string) => string = (n) => n, text: (t: string) => string = (t) => t): string {
  const parts = [...new Set(s.names.map((n) => n.split('.')[0]))];
  const one = s.names.length === 1;
  return (
    text(`${s.only ? 'upstream marks only' : 'upstream also marks'} `) +
    s.names.map(name).join(text(', ')) +
    text(` least-privileged here, but ${one ? 'it is' : 'they are'} scoped to part of the resource (`) +
    parts.map(name).join(text(', ')) +
    text(`) and ${one ? 'does' : 'do'} not allow the call as a whole: ranked after the general permissions`)
  );
}

/** A read method: a Read permission marked least is enough, a ReadWrite one is not the least choice. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/** Each candidate's rank key, computed once by candidatesFor (it depends on the call's other candidates). */
const rankKeys = new WeakMap<Candidate, number[]>();

function rankKey(store: PermissionStore, c: Candidate): number[] {
  return rankKeys.get(c) ?? computeRankKey(store, c, false);
}

function computeRankKey(store: PermissionStore, c: Candidate, readRank: boolean): number[] {
  return [
    c.partial ? 1 : 0,
    // A Teams resource-specific consent permission is granted per team or chat by a Teams app's
    // own manifest, not in an app registration: never the least choice while a tenant one allows the call.
    c.permission.rsc ? 1 : 0,
    readRank && c.least && accessRank(c.name) >= 3 ? 1 : 0,
    c.pick ? 0 : 1,
    c.least ? 0 : 1,
    affinity(c),
    c.privilegeLevel ?? 3,
    accessRank(c.name),
    storeTables(store).breadth.get(`${c.name.toLowerCase()}|${c.kind}`) ?? 0,
  ];
}

/** Compares rank keys; a missing element counts as 0 (the empty key is the best possible). */
function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

function breadthOf(store: PermissionStore, name: string, kind: PermissionKind): number {
  return storeTables(store).breadth.get(`${name.toLowerCase()}|${kind}`) ?? 0;
}

/**
 * The permissions of a kind that allow a call, best (least privileged) first: a permission scoped
 * to a part (or, not marked least, an aspect) of the resource the path addresses as a whole goes
 * last when a general one of that resource allows the call (`partialFor`); a Teams
 * resource-specific consent permission after every tenant one; for a read, a ReadWrite
 * permission marked least after a Read one marked least; then upstream's own choice (kibali's FetchLeastPrivilege) and least-privileged
 * marker, the path's affinity, the privilege level, ReadBasic < Read < ReadWrite, and how many
 * paths the permission unlocks. Empty when no pathSet matches (or no path data).
 */
export function candidatesFor(store: PermissionStore, call: Pick<GraphCall, 'method' | 'path' | 'version'> & { query?: string }, kind: PermissionKind): Candidate[] {
  if (!store.loadPathData()) return [];
  const table = pathTableOf(store, call.version ?? 'v1.0');
  const schemes = schemesOf(kind);
  const prop = propertyPath(call, table, schemes);
  const match = (prop && table.match(prop, call.method, schemes)) || table.match(call.path, call.method, schemes);
  if (!match) return [];
  const rule: MatchRule | undefined = prop && match.matchedPath === prop.replace(/\/+$/, '') ? 'property-select' : match.rule;
  // Upstream's choice: the first scheme of the kind that marks one (work accounts before personal).
  const picked = new Set<string>();
  for (const s of schemes) {
    const l = table.leastPrivilege(match.resource, call.method, s);
    if (!l.length) continue;
    for (const alt of l) picked.add(alt[0].toLowerCase());
    break;
  }
  const byName = new Map<string, Candidate>();
  for (const s of schemes) {
    for (const c of table.claims(match.resource, call.method, s)) {
      const key = c.permission.toLowerCase();
      const prev = byName.get(key);
      if (prev) {
        prev.least ||= c.least;
        continue;
      }
      const m = store.byName(c.permission);
      const permission = kind === 'Application' ? m?.application : m?.delegated;
      if (!permission || permission.enabled === false) continue;
      const cand: Candidate = { name: permission.value, kind, permission, least: c.least, privilegeLevel: permission.privilegeLevel, template: match.resource.template, pick: picked.has(key) };
      if (c.alsoRequires.length) cand.alsoRequires = [...c.alsoRequires];
      if (rule) cand.rule = rule;
      byName.set(key, cand);
    }
  }
  const all = [...byName.values()];
  for (const c of all) if (partialFor(c, all)) c.partial = true;
  // For a read, a ReadWrite permission marked least goes after a Read one marked least (not scoped to a part).
  const readRank = READ_METHODS.has(call.method.toUpperCase()) && all.some((c) => c.least && !c.partial && accessRank(c.name) <= 1);
  for (const c of all) rankKeys.set(c, computeRankKey(store, c, readRank));
  return all.sort((a, b) => compareKeys(rankKey(store, a), rankKey(store, b)) || (a.name < b.name ? -1 : 1));
}

/** The properties a call's query names in `$select` and `$expand` (lower-cased, `id` and `*` left out). */
export function queryProperties(query: string | undefined): string[] {
  if (!query) return [];
  const out: string[] = [];
  for (const m of query.matchAll(/(?:^|[?&])\$(?:select|expand)=([^&]*)/gi)) {
    // `$expand=manager($select=id)`: the property before the options.
    let v = m[1];
    try {
      v = decodeURIComponent(v);
    } catch {
      // keep as written
    }
    for (const part of v.replace(/\([^()]*\)/g, '').split(',')) {
      const name = part.trim().split('/')[0].toLowerCase();
      if (name && name !== 'id' && name !== '*' && /^[a-z][\w@.]*$/i.test(name) && !out.includes(name)) out.push(name);
    }
  }
  return out;
}

/**
 * Property-level needs that the path alone does not show, where the published data has them: a
 * selected or expanded property that upstream lists as a path of its own under the resource
 * (`GET /me?$select=mailboxSettings` needs what `GET /me/mailboxSettings` needs; `$expand=manager`
 * what `/users/{id}/manager` needs). The data has no entry for other properties
 * (`signInActivity`, …): `uncheckedProperties` names them, and the hover and report say so.
 */
function propertyPath(call: { method: string; path: string; query?: string }, table: PathTable, schemes: readonly UpstreamScheme[]): string | undefined {
  if (call.method !== 'GET') return undefined;
  for (const p of queryProperties(call.query)) {
    const sub = ownPath(table, call.path, p, schemes);
    if (sub) return sub;
  }
  return undefined;
}

/** `/me/mailboxSettings` when the data lists the property as a path of its own under the resource (as written, no fallback). */
function ownPath(table: PathTable, path: string, property: string, schemes: readonly UpstreamScheme[]): string | undefined {
  const sub = `${path.replace(/\/+$/, '')}/${property}`;
  const m = table.match(sub, 'GET', schemes);
  return m && !m.rule && m.resource.template.split('/').pop()?.toLowerCase() === property ? sub : undefined;
}

/** The selected or expanded properties of a call that the published data says nothing about (their needs are not checked). */
export function uncheckedProperties(store: PermissionStore, call: { method: string; path: string; version?: GraphVersion; query?: string }): string[] {
  const props = queryProperties(call.query);
  if (!props.length || !store.loadPathData()) return props;
  const table = pathTableOf(store, call.version ?? 'v1.0');
  const schemes = [...schemesOf('Delegated'), ...schemesOf('Application')];
  return props.filter((p) => call.method !== 'GET' || !ownPath(table, call.path, p, schemes));
}

/** Least-privileged permissions per kind for one call (the hover). */
export function leastForCall(store: PermissionStore, call: Pick<GraphCall, 'method' | 'path' | 'version'>): Record<PermissionKind, Candidate[]> {
  return { Application: candidatesFor(store, call, 'Application'), Delegated: candidatesFor(store, call, 'Delegated') };
}

// ---------------------------------------------------------------------------------------------
// The report model.

export interface UsageFile {
  /** Path relative to the app folder (or absolute); used in the report as given. */
  path: string;
  text: string;
  /** Defaults to formatOf(path). */
  format?: DocumentFormat;
}

export type KindSetting = PermissionKind;

export interface UsageOptions {
  /** Kind for calls whose code says nothing about authentication (and the app cannot tell). Default Delegated. */
  defaultKind?: KindSetting;
  /** Forces one kind for every call (CLI `--kind`). */
  kind?: KindSetting;
  /** Severity per rule id (`off` drops it). */
  overrides?: Partial<Record<string, Severity | 'off'>>;
  /** Set when analysing one setup script as its own identity (no further splitting). */
  identity?: 'setup-script';
  /**
   * The permission analysis of a file (default: `analyzeText`). The language service passes its
   * parse of the document version, so that a file open in the editor is parsed once for every feature.
   */
  analyze?: (file: UsageFile, format: DocumentFormat) => Analysis;
}

export interface CallSite extends GraphCall {
  file: string;
  line: number;
  column: number;
  kind: PermissionKind;
  /** Why this kind: `ClientSecretCredential (line 4)`, `app: …`, `manifest requests only …`, `default setting`. */
  kindReason: string;
  /** Least-privileged first (at most 5 kept); `alsoRequires` when the permission counts only with a companion. */
  candidates: { name: string; least: boolean; alsoRequires?: string[] }[];
  /** How the path matched when not as written (see `MatchRule`). */
  matchRule?: MatchRule;
  /** Selected or expanded properties whose needs the published data does not list (not checked). */
  uncheckedProperties?: string[];
  /** Permissions upstream marks least here that are scoped to part of the resource, ranked after the general ones (`scopedLeastOf`). */
  scopedLeast?: { names: string[]; only: boolean };
  /** The least-privileged permission for this call, when any pathSet matches. */
  leastPrivileged?: string;
  /** Requested permissions (any manifest of the app, same kind) that allow this call. */
  coveredBy: string[];
  /** When no permission of `kind` allows the call but the other kind's do (collect.ts). */
  onlyKind?: { kind: PermissionKind; least: string };
}

/** Where a request is written: an app manifest, or a scope list in code or configuration. */
export type RequestSource = 'manifest' | 'scopes';

export interface RequestedPermission {
  source: RequestSource;
  file: string;
  name: string;
  kind: PermissionKind | 'Unknown';
  id?: string;
  line: number;
  column: number;
  /** Indexes into `calls` of the calls it allows. */
  calls: number[];
  status: 'used' | 'unused' | 'over-broad' | 'not-graph-path';
  /** For over-broad: the narrower permission that covers the same calls. */
  narrower?: string;
}

export interface UsageFinding extends Diagnostic {
  /** The permission the finding is about, `name|kind` (a stable key for SARIF fingerprints). */
  subject?: string;
  /** The permission the finding is about, for its risk score. */
  permission?: Permission;
  file: string;
  line: number;
  column: number;
}

export interface NeededPermission {
  name: string;
  kind: PermissionKind;
  /** Indexes into `calls`. */
  calls: number[];
  requested: boolean;
}

/** The app boundary a report covers (apps.ts), when the folder was grouped into apps. */
export interface AppInfo {
  name: string;
  /** The app's folder relative to the analysed folder (`''` = its root), or the setting's glob. */
  root: string;
  origin: string;
  /** Why the boundary is what it is. */
  boundary: string;
  /** Manifests whose least privilege is off by setting. */
  excluded: string[];
}

export interface AppUsageReport {
  /** The app folder (as given). */
  folder: string;
  app?: AppInfo;
  hasPathData: boolean;
  store: string;
  calls: CallSite[];
  /** The least-privileged set covering every matched call, per kind. */
  needed: NeededPermission[];
  requested: RequestedPermission[];
  manifests: string[];
  /** Files whose scope lists (MSAL scopes, appsettings `Scopes`, `Connect-MgGraph -Scopes`, …) the app requests in code. */
  scopeFiles: string[];
  findings: UsageFinding[];
  /** Calls no pathSet matches (unknown path, or a path upstream does not list). */
  unmatched: number[];
  notes: string[];
  /** Setup scripts, each analysed as its own identity (never mixed into the app's requests). */
  identities: { file: string; report: AppUsageReport }[];
}

interface ManifestInfo {
  file: UsageFile;
  format: DocumentFormat;
  refs: ResolvedReference[];
  lines: LineIndex;
  /** The scanner's tree of a JSON manifest (`Analysis.jsonTree`), when it has one. */
  jsonTree?: JsonTree;
}

/** One thing that states what the app requests: a manifest, or the scope lists in its code (all files together). */
interface RequestGroup {
  source: RequestSource;
  /** For messages: `the manifest` / `the scopes requested in code`. */
  label: string;
  members: ManifestInfo[];
}

function isGraphManifestRef(r: ResolvedReference): boolean {
  return r.ref.position === 'resourceAccess' && r.resourceAppId === GRAPH_APP_ID && !!r.match;
}

/**
 * The whole analysis of one app (one folder's files). Pure: the caller reads the files. Never
 * throws on odd input. Setup scripts (see `isSetupScript`) are analysed apart, each as its own
 * identity (its calls against its own `-Scopes`), in `report.identities`; their findings are on
 * their own lines and never about the app's manifests.
 */
export function analyzeUsage(files: readonly UsageFile[], store: PermissionStore, opts: UsageOptions = {}): AppUsageReport & { folder: string } {
  return runSteps(analyzeUsageSteps(files, store, opts));
}

/** `analyzeUsage` as steps (one per file, call and request), for a host that must not wait for the whole app (core/steps.ts). */
export function* analyzeUsageSteps(files: readonly UsageFile[], store: PermissionStore, opts: UsageOptions = {}): Steps<AppUsageReport & { folder: string }> {
  const report: AppUsageReport = {
    folder: '',
    hasPathData: store.loadPathData(),
    store: store.describe(),
    calls: [],
    needed: [],
    requested: [],
    manifests: [],
    scopeFiles: [],
    findings: [],
    unmatched: [],
    notes: [],
    identities: [],
  };
  // 0. Setup scripts are other identities.
  let appFiles = files;
  /** App roles or delegated grants that the app's setup scripts give it: how the app signs in when its own code does not say. */
  let setupGrant: { kind: PermissionKind; evidence: string } | undefined;
  if (!opts.identity) {
    const hasOtherCode = files.some((f) => {
      const fmt = f.format ?? formatOf(f.path);
      return !!fmt && fmt !== 'powershell' && fmt !== 'json' && fmt !== 'http' && CODE_FORMATS.includes(fmt);
    });
    const setup = files.filter((f) => isSetupScript(f.path, f.text, hasOtherCode));
    if (setup.length) {
      appFiles = files.filter((f) => !setup.includes(f));
      for (const s of setup) {
        const sub = yield* analyzeUsageSteps([s], store, { ...opts, identity: 'setup-script', defaultKind: 'Delegated' });
        report.identities.push({ file: s.path, report: sub });
        report.findings.push(...sub.findings);
        const grants = kindEvidence(s.text, 'powershell').filter((e) => e.source === 'grant');
        if (grants.length && grants.every((g) => g.kind === grants[0].kind) && (!setupGrant || setupGrant.kind === grants[0].kind)) {
          setupGrant = { kind: grants[0].kind, evidence: `${grants[0].evidence} (${s.path}:${new LineIndex(s.text).position(grants[0].start).line + 1})` };
        } else if (grants.length) setupGrant = undefined;
      }
    }
  }
  // 1. Manifests, scope lists and calls.
  const manifests: ManifestInfo[] = [];
  const scopeLists: ManifestInfo[] = [];
  const rawCalls: { call: GraphCall; file: UsageFile; lines: LineIndex; auth?: { kind: PermissionKind; evidence: string; line: number } }[] = [];
  const appAuth = new Set<PermissionKind>();
  const appEvidence: string[] = [];
  const code: { f: UsageFile; format: DocumentFormat }[] = [];
  const analyze = (f: UsageFile, format: DocumentFormat): Analysis => (opts.analyze ? opts.analyze(f, format) : analyzeText(f.text, format, store));
  for (const f of appFiles) {
    yield;
    const format = f.format ?? formatOf(f.path);
    if (!format) continue;
    if (format === 'properties' || format === 'yaml') {
      // Spring / .properties / YAML configuration: `azure.activedirectory.authorization-clients.graph.scopes=…`,
      // `spring.cloud.azure.active-directory…scopes`, `scopes: …`.
      const analysis = analyze(f, format);
      const scopes = analysis.references.filter(isScopeRequest);
      if (scopes.length) scopeLists.push({ file: f, format, refs: scopes, lines: analysis.lines });
      continue;
    }
    if (format === 'json') {
      const analysis = analyze(f, format);
      const refs = analysis.references.filter(isGraphManifestRef);
      if (refs.length || /"requiredResourceAccess"|"required_resource_access"/.test(f.text)) {
        manifests.push({ file: f, format, refs, lines: analysis.lines, jsonTree: analysis.jsonTree });
        continue;
      }
      const scopes = analysis.references.filter(isScopeRequest);
      if (scopes.length) scopeLists.push({ file: f, format, refs: scopes, lines: analysis.lines });
      continue;
    }
    if (!CODE_FORMATS.includes(format)) continue;
    code.push({ f, format });
  }
  // As `usageContext(store, appFiles)`, a file at a time.
  const baseUrls = new Map<string, string>();
  for (const f of appFiles) {
    yield;
    addBaseUrls(baseUrls, f.text);
  }
  const context: CallContext = { baseUrls, cmdlets: cmdletIndexOf(store) };
  for (const { f, format } of code) {
    yield;
    const calls = detectGraphCalls(f.text, format, context);
    const evidence = detectAuth(f.text, format);
    const lines = new LineIndex(f.text);
    if (format !== 'http') {
      let scopes = analyze(f, format).references.filter(isScopeRequest);
      // A script requests what it signs in with (`Connect-MgGraph -Scopes …`); other lists (roles it grants, …) are not its request.
      if (format === 'powershell') scopes = psRequestedScopes(f.text, scopes);
      if (scopes.length) scopeLists.push({ file: f, format, refs: scopes, lines });
    }
    for (const e of evidence) {
      appAuth.add(e.kind);
      appEvidence.push(`${e.evidence} (${f.path}:${lines.position(e.start).line + 1})`);
    }
    for (const call of calls) {
      const ev = kindAt(evidence, call.start);
      rawCalls.push({ call, file: f, lines, auth: ev && { kind: ev.kind, evidence: ev.evidence, line: lines.position(ev.start).line + 1 } });
    }
  }
  report.manifests = manifests.map((m) => m.file.path);
  report.scopeFiles = scopeLists.map((m) => m.file.path);
  const requestedKinds = new Set<PermissionKind>();
  for (const m of manifests) for (const r of m.refs) if (r.kind !== 'Unknown') requestedKinds.add(r.kind);
  if (!manifests.length && scopeLists.length) requestedKinds.add('Delegated');
  // Scope lists are delegated requests unless the app signs in only as itself.
  const scopeKind: PermissionKind = appAuth.size === 1 && appAuth.has('Application') ? 'Application' : 'Delegated';
  for (const s of scopeLists) s.refs = s.refs.map((r) => (r.kind === 'Unknown' ? { ...r, kind: scopeKind, permission: (scopeKind === 'Application' ? r.match?.application : r.match?.delegated) ?? r.permission } : r));

  // 2. Kind per call: forced, else the file's authentication, else the app's (when unanimous), else
  //    the requests' (when they ask for one kind only), else the default.
  for (const { call, file, lines, auth } of rawCalls) {
    yield;
    let kind: PermissionKind;
    let kindReason: string;
    if (opts.kind) {
      kind = opts.kind;
      kindReason = 'forced by option';
    } else if (auth) {
      kind = auth.kind;
      kindReason = `${auth.evidence} (line ${auth.line})`;
    } else if (appAuth.size === 1) {
      kind = [...appAuth][0];
      kindReason = `the app authenticates only this way: ${appEvidence[0]}`;
    } else if (requestedKinds.size === 1) {
      kind = [...requestedKinds][0];
      kindReason = manifests.length ? `the manifests request only ${kind} permissions` : `the app requests ${kind} scopes in code`;
    } else if (setupGrant) {
      kind = setupGrant.kind;
      kindReason = `the app's setup script ${kind === 'Application' ? 'assigns it app roles' : 'grants it delegated permissions'}: ${setupGrant.evidence}`;
    } else {
      kind = opts.defaultKind ?? 'Delegated';
      kindReason = 'default (the code does not say how it authenticates)';
    }
    const pos = lines.position(call.start);
    const cands = candidatesFor(store, call, kind);
    const site: CallSite = {
      ...call,
      file: file.path,
      line: pos.line + 1,
      column: pos.character + 1,
      kind,
      kindReason,
      candidates: cands.slice(0, 5).map((c) => ({ name: c.name, least: c.least, ...(c.alsoRequires ? { alsoRequires: c.alsoRequires } : {}) })),
      leastPrivileged: cands[0]?.name,
      coveredBy: [],
    };
    if (cands[0]?.rule) site.matchRule = cands[0].rule;
    const scoped = scopedLeastOf(cands);
    if (scoped) site.scopedLeast = scoped;
    const unchecked = call.query ? uncheckedProperties(store, call) : [];
    if (unchecked.length) site.uncheckedProperties = unchecked;
    report.calls.push(site);
  }
  if (!store.loadPathData()) {
    report.notes.push(noPathDataMessage(store));
    for (const m of manifests) for (const r of m.refs) report.requested.push(requestedOf(m, r, [], 'not-graph-path', 'manifest'));
    for (const m of scopeLists) for (const r of m.refs) report.requested.push(requestedOf(m, r, [], 'not-graph-path', 'scopes'));
    return report;
  }
  report.notes.push('Detection is heuristic and never complete: calls built at run time, other SDK styles and other files are not seen.');

  // Candidate lists per call (full, for coverage).
  const full: Candidate[][] = [];
  for (const c of report.calls) {
    yield;
    full.push(candidatesFor(store, c, c.kind));
  }
  full.forEach((cands, i) => {
    if (!cands.length) report.unmatched.push(i);
  });

  // 3. The least-privileged set covering all matched calls, per kind (with companions).
  report.needed = withCompanions(
    minimalCover(
      store,
      report.calls.map((c, i) => ({ i, kind: c.kind, cands: full[i] })).filter((x) => x.cands.length),
    ),
    full,
  ).map((n) => ({ ...n, requested: false }));

  // 4. Per request (each manifest; the code's scope lists together): compare.
  const groups: RequestGroup[] = manifests.map((m) => ({ source: 'manifest' as const, label: 'the manifest', members: [m] }));
  if (scopeLists.length) groups.push({ source: 'scopes', label: 'the scopes requested in code', members: scopeLists });
  const both = manifests.length > 0 && scopeLists.length > 0;
  for (const g of groups) {
    yield;
    const items = g.members.flatMap((m) => m.refs.filter((r) => r.permission || r.kind === 'Unknown').map((r) => ({ m, r })));
    const names = new Set(items.map((x) => (x.r.match?.name as string).toLowerCase()));
    /** A requested permission allows a call when it is a candidate, and its companion (if upstream wants one) is requested too. */
    const allows = (name: string, i: number): boolean =>
      full[i].some((c) => c.name.toLowerCase() === name.toLowerCase() && (!c.alsoRequires || c.alsoRequires.some((a) => [...names].some((n) => coversCompanion(n, a)))));
    const requestedOfKind = (kind: PermissionKind): { m: ManifestInfo; r: ResolvedReference }[] => items.filter((x) => x.r.kind === kind || x.r.kind === 'Unknown');
    const about = both ? (g.source === 'manifest' ? ` [about ${g.members[0].file.path}]` : ' [about the scopes requested in code]') : '';
    // Coverage.
    report.calls.forEach((c, i) => {
      for (const { r } of requestedOfKind(c.kind)) {
        const name = r.match?.name as string;
        if (allows(name, i) && !c.coveredBy.includes(name)) c.coveredBy.push(name);
      }
    });
    for (const { m, r } of items) {
      yield;
      const name = r.match?.name as string;
      const kinds: PermissionKind[] = r.kind === 'Unknown' ? store.kindsOf(r.match!) : [r.kind];
      const calls = report.calls.map((_, i) => i).filter((i) => kinds.includes(report.calls[i].kind) && allows(name, i));
      const hasPaths = kinds.some((k) => breadthOf(store, name, k) > 0);
      if (!hasPaths) {
        report.requested.push(requestedOf(m, r, calls, 'not-graph-path', g.source));
        continue;
      }
      if (!calls.length && OIDC_SCOPES.has(name.toLowerCase())) {
        // openid, profile, email, offline_access serve sign-in: no Graph call "needs" them.
        report.requested.push(requestedOf(m, r, calls, 'used', g.source));
        continue;
      }
      if (!calls.length) {
        // A companion of a used permission is used too.
        const companionOf = report.calls.some((c, i) => kinds.includes(c.kind) && full[i].some((x) => x.alsoRequires?.some((a) => a.toLowerCase() === name.toLowerCase()) && names.has(x.name.toLowerCase())));
        if (companionOf) {
          report.requested.push(requestedOf(m, r, calls, 'used', g.source));
          continue;
        }
        report.requested.push(requestedOf(m, r, calls, 'unused', g.source));
        const removal = g.source === 'manifest' ? (r.ref.entry ? removeListElement(m.file.text, r.ref.entry.start, r.ref.entry.end) : undefined) : removeScopeEdit(m.file.text, r);
        addFinding(report, m, opts, {
          subject: `${name}|${r.kind}`,
          permission: r.permission ?? (kinds.length === 1 ? (kinds[0] === 'Application' ? r.match?.application : r.match?.delegated) : undefined),
          code: 'permission-unused',
          start: r.ref.start,
          end: r.ref.end,
          message:
            `${name}${r.kind === 'Unknown' ? '' : ` (${r.kind})`} is requested${g.source === 'scopes' ? ' in code' : ''}, but no ${kinds.join('/')} Graph call detected in this app's code needs it. ` +
            'Detection is never complete (dynamic URLs, other SDKs, scripts outside the folder): check before removing it.' +
            propertyCaveat(report.calls.filter((c) => kinds.includes(c.kind))) +
            about,
          fixes: removal ? [{ title: `Remove ${name}`, edits: [removal] }] : [],
        });
        continue;
      }
      // Over-broad: a narrower permission of the same kind allows every call this one allows.
      const kind = kinds[0];
      const myKeyFor = (i: number): number[] | undefined => {
        const c = full[i].find((x) => x.name.toLowerCase() === name.toLowerCase());
        return c && rankKey(store, c);
      };
      const myBreadth = breadthOf(store, name, kind);
      let best: { name: string; permission: Permission; requested: boolean; key: number[] } | undefined;
      const pool = new Map<string, Candidate>();
      for (const i of calls) for (const c of full[i]) if (c.kind === kind && !c.alsoRequires) pool.set(c.name.toLowerCase(), c);
      for (const q of pool.values()) {
        if (q.name.toLowerCase() === name.toLowerCase()) continue;
        if (breadthOf(store, q.name, kind) > myBreadth) continue;
        let ok = true;
        let worst: number[] = [];
        for (const i of calls) {
          const qc = full[i].find((x) => x.name.toLowerCase() === q.name.toLowerCase());
          const mine = myKeyFor(i);
          if (!qc || !mine) {
            ok = false;
            break;
          }
          const qk = rankKey(store, qc);
          if (compareKeys(qk, mine) >= 0) {
            ok = false;
            break;
          }
          if (compareKeys(qk, worst) > 0) worst = qk;
        }
        if (!ok) continue;
        const requested = items.some((o) => o.r !== r && o.r.match?.name.toLowerCase() === q.name.toLowerCase() && (o.r.kind === kind || o.r.kind === 'Unknown'));
        const cand = { name: q.name, permission: q.permission, requested, key: worst };
        if (!best || Number(cand.requested) > Number(best.requested) || (cand.requested === best.requested && compareKeys(cand.key, best.key) < 0)) best = cand;
      }
      if (!best) {
        report.requested.push(requestedOf(m, r, calls, 'used', g.source));
        continue;
      }
      // A narrower permission may not read the properties the calls select (`signInActivity`): unsure, so no finding, a note.
      const caveat = propertyCaveat(calls.map((i) => report.calls[i]));
      if (caveat) {
        report.requested.push(requestedOf(m, r, calls, 'used', g.source));
        report.notes.push(`${name} (${kind}) is not judged over-broad although ${best.name} allows the same paths:${caveat}`);
        continue;
      }
      report.requested.push({ ...requestedOf(m, r, calls, 'over-broad', g.source), narrower: best.name });
      const distinct = [...new Set(calls.map((i) => `${report.calls[i].method} ${report.calls[i].path}`))];
      const callText = distinct.slice(0, 3).join(', ');
      const more = distinct.length > 3 ? ` and ${distinct.length - 3} more` : '';
      const fixes: Fix[] = [];
      if (best.requested) {
        const removal = g.source === 'manifest' ? (r.ref.entry ? removeListElement(m.file.text, r.ref.entry.start, r.ref.entry.end) : undefined) : removeScopeEdit(m.file.text, r);
        if (removal) fixes.push({ title: `Remove ${name} (${best.name} is requested and covers its calls)`, edits: [removal], preferred: true });
      } else {
        fixes.push({
          title: `Replace with ${best.name}`,
          edits: [r.ref.form === 'guid' ? replaceToken(r, best.permission.id) : replaceName(r, best.name)],
          preferred: true,
        });
      }
      addFinding(report, m, opts, {
        subject: `${name}|${kind}`,
        permission: r.permission ?? (kind === 'Application' ? r.match?.application : r.match?.delegated),
        code: 'permission-over-broad',
        start: r.ref.start,
        end: r.ref.end,
        message: `${name} (${kind}) is broader than needed: every detected call that uses it (${callText}${more}) is also allowed by the narrower ${best.name}${best.requested ? `, which ${g.label} already requests` : ''}.${about}`,
        fixes,
      });
    }
    // Missing: calls no requested permission of their kind allows.
    const uncovered = report.calls
      .map((c, i) => ({ i, kind: c.kind, cands: full[i] }))
      .filter((x) => x.cands.length && !requestedOfKind(x.kind).some(({ r }) => allows(r.match?.name as string, x.i)));
    /** The manifest's `requiredResourceAccess`, parsed once for all its missing permissions. */
    let parsed: { required: ReturnType<typeof requiredResourceAccessOf> } | undefined;
    for (const need of withCompanions(minimalCover(store, uncovered), full)) {
      yield;
      if (names.has(need.name.toLowerCase()) || (need.companionOf && [...names].some((n) => coversCompanion(n, need.name)))) continue; // a companion already requested (or one that covers it)
      const match = store.byName(need.name);
      const permission = need.kind === 'Application' ? match?.application : match?.delegated;
      if (!permission) continue;
      const callText = need.calls
        .slice(0, 3)
        .map((i) => `${report.calls[i].method} ${report.calls[i].path} (${report.calls[i].file}:${report.calls[i].line})`)
        .join(', ');
      const more = need.calls.length > 3 ? ` and ${need.calls.length - 3} more` : '';
      const pair = need.companionOf ? ` (together with ${need.companionOf}, which upstream says it also requires)` : '';
      if (g.source === 'manifest') {
        const m = g.members[0];
        const useNames = m.refs.some((r) => r.ref.form === 'name') || /(^|[\\/])aad\.manifest\.json$/i.test(m.file.path);
        const edit = addPermissionEdit(m.file.text, permission, useNames ? 'name' : 'guid', (parsed ??= { required: requiredResourceAccessOf(m.file.text, m.jsonTree) }));
        const anchor = edit?.anchor ?? graphAnchor(m) ?? { start: 0, end: 0 };
        addFinding(report, m, opts, {
          subject: `${need.name}|${need.kind}`,
          permission,
          code: 'permission-missing',
          start: anchor.start,
          end: anchor.end,
          message: `The code calls ${callText}${more} (${need.kind}), which needs a permission this manifest does not request: the least-privileged is ${need.name}${pair}.${about}`,
          fixes: edit ? [{ title: `Add ${need.name} (${need.kind})`, edits: [edit.edit], preferred: true }] : [],
        });
      } else {
        // On the first scope list that asks for this kind (else the first list), with a fix that adds to it.
        const host = items.find((x) => x.r.kind === need.kind) ?? items[0];
        if (!host) continue;
        addFinding(report, host.m, opts, {
          subject: `${need.name}|${need.kind}`,
          permission,
          code: 'permission-missing',
          start: host.r.ref.start,
          end: host.r.ref.end,
          message: `The code calls ${callText}${more} (${need.kind}), which needs a scope this app does not request in code: the least-privileged is ${need.name}${pair}.${about}`,
          fixes: [{ title: `Add ${need.name} to this scope list`, edits: [addScopeEdit(host.m.file.text, host.r, need.name)], preferred: true }],
        });
      }
    }
  }
  const requestedNames = new Set(report.requested.map((r) => `${r.name.toLowerCase()}|${r.kind}`));
  for (const n of report.needed) n.requested = requestedNames.has(`${n.name.toLowerCase()}|${n.kind}`);
  report.findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start || a.code.localeCompare(b.code)));
  return report;
}

/** ` Property-level needs of … are not checked …` when some of the calls select properties the data says nothing about. */
function propertyCaveat(calls: readonly CallSite[]): string {
  const props = [...new Set(calls.flatMap((c) => c.uncheckedProperties ?? []))];
  const interesting = props.filter((p) => !BASIC_PROPERTIES.has(p));
  if (!interesting.length) return '';
  const shown = interesting.slice(0, 4).join(', ') + (interesting.length > 4 ? ', …' : '');
  return ` The calls also select or expand properties whose needs the published permission data does not list (${shown}): those are not checked, and some properties need more than the path does.`;
}

/** Properties that every read of their resource returns (no permission of their own): not worth a caveat. */
const BASIC_PROPERTIES = new Set(
  'displayname mail userprincipalname givenname surname jobtitle mobilephone officelocation preferredlanguage businessphones from isread receiveddatetime subject organizer start end body bodypreview createddatetime lastmodifieddatetime name description'.split(' '),
);

/** Adds, for each chosen permission whose best candidate needs a companion, the companion (once). */
function withCompanions(
  needs: { name: string; kind: PermissionKind; calls: number[] }[],
  full: Candidate[][],
): { name: string; kind: PermissionKind; calls: number[]; companionOf?: string }[] {
  const out: { name: string; kind: PermissionKind; calls: number[]; companionOf?: string }[] = [...needs];
  const have = new Set(needs.map((n) => `${n.name.toLowerCase()}|${n.kind}`));
  for (const n of needs) {
    const c = n.calls.map((i) => full[i].find((x) => x.name.toLowerCase() === n.name.toLowerCase())).find((x) => x?.alsoRequires?.length);
    const companion = c?.alsoRequires?.[0];
    if (!companion) continue;
    const key = `${companion.toLowerCase()}|${n.kind}`;
    if (have.has(key)) continue;
    have.add(key);
    out.push({ name: companion, kind: n.kind, calls: n.calls, companionOf: n.name });
  }
  return out;
}

function graphAnchor(m: ManifestInfo): { start: number; end: number } | undefined {
  const idx = m.file.text.indexOf('"requiredResourceAccess"');
  if (idx >= 0) return { start: idx + 1, end: idx + '"requiredResourceAccess"'.length - 1 };
  const r = m.refs[0];
  return r && { start: r.ref.start, end: r.ref.end };
}

function requestedOf(m: ManifestInfo, r: ResolvedReference, calls: number[], status: RequestedPermission['status'], source: RequestSource): RequestedPermission {
  const pos = m.lines.position(r.ref.start);
  return {
    source,
    file: m.file.path,
    name: r.match?.name ?? r.ref.text,
    kind: r.kind,
    ...(r.permission ? { id: r.permission.id } : {}),
    line: pos.line + 1,
    column: pos.character + 1,
    calls,
    status,
  };
}

function addFinding(report: AppUsageReport, m: ManifestInfo, opts: UsageOptions, d: Omit<Diagnostic, 'severity'> & Pick<UsageFinding, 'subject' | 'permission'>): void {
  const setting = opts.overrides?.[d.code];
  if (setting === 'off') return;
  const severity = (setting as Severity | undefined) ?? USAGE_RULES[d.code as UsageRuleId].defaultSeverity;
  const pos = m.lines.position(d.start);
  report.findings.push({ ...d, severity, file: m.file.path, line: pos.line + 1, column: pos.character + 1 });
}

/**
 * A small set of permissions covering every call: each call's best candidate, then (most
 * privileged first) drop any permission whose calls the others also allow.
 */
function minimalCover(store: PermissionStore, calls: { i: number; kind: PermissionKind; cands: Candidate[] }[]): { name: string; kind: PermissionKind; calls: number[] }[] {
  const chosen = new Map<string, { name: string; kind: PermissionKind; key: number[] }>();
  for (const c of calls) {
    const best = c.cands[0];
    if (!best) continue;
    const k = `${best.name.toLowerCase()}|${c.kind}`;
    if (!chosen.has(k)) chosen.set(k, { name: best.name, kind: c.kind, key: rankKey(store, best) });
  }
  const allows = (name: string, kind: PermissionKind, c: { kind: PermissionKind; cands: Candidate[] }): boolean =>
    c.kind === kind && c.cands.some((x) => x.name.toLowerCase() === name.toLowerCase());
  const order = [...chosen.entries()].sort((a, b) => compareKeys(b[1].key, a[1].key) || (a[0] < b[0] ? -1 : 1));
  for (const [k, p] of order) {
    const others = [...chosen.entries()].filter(([ok]) => ok !== k).map(([, o]) => o);
    const mine = calls.filter((c) => c.cands[0] && allows(p.name, p.kind, c));
    if (mine.every((c) => others.some((o) => allows(o.name, o.kind, c)))) chosen.delete(k);
  }
  return [...chosen.values()]
    .map((p) => ({ name: p.name, kind: p.kind, calls: calls.filter((c) => allows(p.name, p.kind, c)).map((c) => c.i) }))
    .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.name.localeCompare(b.name)));
}
