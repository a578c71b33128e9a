/**
 * The upstream importer: validates Microsoft Graph's published `permissions.json` (schemes and
 * pathSets per permission) and `provisioningInfo.json` (GUID deployments per permission) and merges
 * them over the bundled store. Pure: text in, PermissionStoreFile out, no I/O.
 *
 * Merge rules: every public Microsoft Graph deployment (resourceAppId empty or Graph's app id, or
 * another app id — the provisioning service, kept as `servedBy` — for a permission with Graph paths;
 * environment containing `public`, a valid GUID) replaces the bundled record with the same GUID and
 * kind, or is added. Hidden or disabled ones are kept and marked (`hidden`, `enabled: false`).
 * Nothing else is touched: other resource apps, non-public environments and bundled records
 * upstream does not mention stay as they are.
 */
import { GRAPH_APP_ID, isGuid } from '../permissions/guid';
import { STORE_FORMAT } from '../store/storeData';
import { utf8Length } from '../text/text';
import type { PathRecord, PathSetRecord, PermissionRecord, PermissionStoreFile, SourceInfo, UpstreamScheme } from '../store/storeData';
import { kindOfScheme } from './methods';

export type UpstreamErrorKind = 'http' | 'network' | 'timeout' | 'size' | 'truncated' | 'shape' | 'cancelled' | 'io' | 'source' | 'older';

/** Every failure of the update path: `message` is a readable sentence fragment for the user. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly kind: UpstreamErrorKind,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

export interface UpstreamLimits {
  /** Per file, in bytes (default 32 MiB; the real files are about 3 MB and 0.8 MB). */
  maxBytes: number;
  /** Fewer public Graph permissions than this means it is not the upstream data (default 200). */
  minGraphPermissions: number;
  /** More entries than these means it is not the upstream data either. */
  maxPermissions: number;
  maxDeployments: number;
  maxPaths: number;
}

export const DEFAULT_LIMITS: UpstreamLimits = {
  maxBytes: 32 * 1024 * 1024,
  minGraphPermissions: 200,
  maxPermissions: 50_000,
  maxDeployments: 200_000,
  maxPaths: 2_000_000,
};

export const SCHEMES: readonly UpstreamScheme[] = ['DelegatedWork', 'DelegatedPersonal', 'Application'];
/** Permission names as published: `User.Read`, `openid`, `CloudApp-Discovery.Read.All`. */
const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;
const METHOD_RE = /^(?:[A-Z]{3,10}|<[A-Za-z]{1,30}>)$/;
const MAX_TEXT = 10_000;
const MAX_PATH = 2_000;
/** More than this share of bad entries means the shape is wrong, not a stray entry. */
const MAX_BAD_SHARE = 0.05;

export interface SchemeInfo {
  adminDisplayName?: string;
  adminDescription?: string;
  userDisplayName?: string;
  userDescription?: string;
  requiresAdminConsent?: boolean;
  privilegeLevel?: number;
}

export interface UpstreamPermission {
  name: string;
  schemes: Partial<Record<UpstreamScheme, SchemeInfo>>;
  pathSets: PathSetRecord[];
}

export interface Deployment {
  id?: string;
  scheme: UpstreamScheme;
  environment: string;
  isHidden: boolean;
  isEnabled: boolean;
  /** Lower case; '' = Microsoft Graph. */
  resourceAppId: string;
}

export interface ParsedPermissions {
  /** key: lower-cased name. */
  permissions: Map<string, UpstreamPermission>;
  skipped: string[];
  pathCount: number;
}

export interface ParsedProvisioning {
  deployments: Map<string, Deployment[]>;
  skipped: string[];
}

function parseJson(text: string, file: string, limits: UpstreamLimits): unknown {
  if (utf8Length(text) > limits.maxBytes) {
    throw new UpstreamError(`${file} is larger than the limit of ${formatBytes(limits.maxBytes)}`, 'size');
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new UpstreamError(`${file} is not valid JSON (${(e as Error).message})`, 'shape');
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? (v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v) : undefined;
}

function checkBadShare(file: string, bad: number, total: number, what: string, examples: string[]): void {
  if (total === 0) throw new UpstreamError(`${file} has no ${what}`, 'shape');
  if (bad > Math.max(3, total * MAX_BAD_SHARE)) {
    throw new UpstreamError(`${file} has an unexpected shape: ${bad} of ${total} ${what} are invalid (${examples.slice(0, 3).join('; ')})`, 'shape');
  }
}

function parseScheme(v: unknown): SchemeInfo | undefined {
  if (!isObject(v)) return undefined;
  const s: SchemeInfo = {};
  for (const k of ['adminDisplayName', 'adminDescription', 'userDisplayName', 'userDescription'] as const) {
    const t = text(v[k]);
    if (t !== undefined) s[k] = t;
  }
  if (typeof v.requiresAdminConsent === 'boolean') s.requiresAdminConsent = v.requiresAdminConsent;
  if (typeof v.privilegeLevel === 'number' && Number.isInteger(v.privilegeLevel) && v.privilegeLevel >= 0 && v.privilegeLevel <= 10) {
    s.privilegeLevel = v.privilegeLevel;
  }
  return s;
}

function schemeList(v: unknown): UpstreamScheme[] {
  if (Array.isArray(v)) return v.filter((s): s is UpstreamScheme => SCHEMES.includes(s as UpstreamScheme));
  if (typeof v === 'string') return schemeList(v.split(',').map((s) => s.trim()));
  return [];
}

/** A path's value: `least=DelegatedWork,Application;AlsoRequires=A.Read,B.Read`, `""`, or the spec's object form. */
function parsePath(path: string, v: unknown): PathRecord | undefined {
  if (path.length > MAX_PATH || !path.startsWith('/')) return undefined;
  const rec: PathRecord = { path };
  const m = /^\/(v1\.0|beta)(?=\/)/i.exec(path);
  if (m) {
    rec.version = m[1].toLowerCase() === 'beta' ? 'beta' : 'v1.0';
    rec.path = path.slice(m[0].length);
  }
  let least: UpstreamScheme[] = [];
  let also: string[] = [];
  if (typeof v === 'string') {
    for (const part of v.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const key = part.slice(0, eq).trim().toLowerCase();
      const val = part.slice(eq + 1);
      if (key === 'least') least = schemeList(val);
      else if (key === 'alsorequires') also = val.split(',').map((s) => s.trim());
      else if (key === 'version' && /^(v1\.0|beta)$/i.test(val.trim())) rec.version = val.trim().toLowerCase() === 'beta' ? 'beta' : 'v1.0';
    }
  } else if (isObject(v)) {
    least = schemeList(v.leastPrivilegePermission);
    if (typeof v.alsoRequires === 'string') also = v.alsoRequires.split(/[,|&()\s]+/);
  } else if (v !== null && v !== undefined) {
    return undefined;
  }
  also = also.filter((s) => NAME_RE.test(s));
  if (least.length) rec.least = least;
  if (also.length) rec.alsoRequires = also;
  return rec;
}

function parsePathSet(v: unknown, schemes: Set<UpstreamScheme>): { set?: PathSetRecord; paths: number } {
  if (!isObject(v) || !Array.isArray(v.schemeKeys) || !Array.isArray(v.methods) || !isObject(v.paths)) return { paths: 0 };
  const keys = schemeList(v.schemeKeys).filter((s) => schemes.size === 0 || schemes.has(s));
  const methods = v.methods.filter((m): m is string => typeof m === 'string' && METHOD_RE.test(m));
  const paths: PathRecord[] = [];
  for (const [p, val] of Object.entries(v.paths)) {
    const rec = parsePath(p, val);
    if (rec) {
      if (rec.least) rec.least = rec.least.filter((s) => keys.includes(s));
      if (rec.least && !rec.least.length) delete rec.least;
      paths.push(rec);
    }
  }
  if (!keys.length || !methods.length) return { paths: 0 };
  return { set: { schemes: keys, methods: [...new Set(methods)], paths }, paths: paths.length };
}

/** Validates `permissions.json` (schemes and pathSets per permission name). */
export function parsePermissionsJson(text: string, limits: UpstreamLimits = DEFAULT_LIMITS, file = 'permissions.json'): ParsedPermissions {
  const data = parseJson(text, file, limits);
  if (!isObject(data) || !isObject(data.permissions)) {
    throw new UpstreamError(`${file} has an unexpected shape: no "permissions" object at the top level`, 'shape');
  }
  const entries = Object.entries(data.permissions);
  if (entries.length > limits.maxPermissions) {
    throw new UpstreamError(`${file} lists ${entries.length} permissions, more than the sane maximum of ${limits.maxPermissions}`, 'shape');
  }
  const permissions = new Map<string, UpstreamPermission>();
  const skipped: string[] = [];
  let pathCount = 0;
  for (const [name, v] of entries) {
    if (!NAME_RE.test(name) || !isObject(v) || (v.schemes !== undefined && !isObject(v.schemes)) || (v.pathSets !== undefined && !Array.isArray(v.pathSets))) {
      skipped.push(`permission ${JSON.stringify(name.slice(0, 80))}`);
      continue;
    }
    const schemes: Partial<Record<UpstreamScheme, SchemeInfo>> = {};
    for (const [k, s] of Object.entries(v.schemes ?? {})) {
      if (!SCHEMES.includes(k as UpstreamScheme)) continue;
      const info = parseScheme(s);
      if (info) schemes[k as UpstreamScheme] = info;
    }
    const pathSets: PathSetRecord[] = [];
    for (const ps of (v.pathSets as unknown[] | undefined) ?? []) {
      const r = parsePathSet(ps, new Set(Object.keys(schemes) as UpstreamScheme[]));
      if (r.set) {
        pathSets.push(r.set);
        pathCount += r.paths;
      }
    }
    if (pathCount > limits.maxPaths) {
      throw new UpstreamError(`${file} lists more than the sane maximum of ${limits.maxPaths} paths`, 'shape');
    }
    permissions.set(name.toLowerCase(), { name, schemes, pathSets });
  }
  checkBadShare(file, skipped.length, entries.length, 'permissions', skipped);
  return { permissions, skipped, pathCount };
}

/** Validates `provisioningInfo.json` (deployments per permission name). */
export function parseProvisioningJson(text: string, limits: UpstreamLimits = DEFAULT_LIMITS, file = 'provisioningInfo.json'): ParsedProvisioning {
  const data = parseJson(text, file, limits);
  if (!isObject(data) || !isObject(data.permissionDeployments)) {
    throw new UpstreamError(`${file} has an unexpected shape: no "permissionDeployments" object at the top level`, 'shape');
  }
  const deployments = new Map<string, Deployment[]>();
  const skipped: string[] = [];
  let total = 0;
  for (const [name, list] of Object.entries(data.permissionDeployments)) {
    if (!NAME_RE.test(name) || !Array.isArray(list)) {
      total++;
      skipped.push(`permission ${JSON.stringify(name.slice(0, 80))}`);
      continue;
    }
    const out: Deployment[] = [];
    for (const d of list) {
      total++;
      if (total > limits.maxDeployments) {
        throw new UpstreamError(`${file} lists more than the sane maximum of ${limits.maxDeployments} deployments`, 'shape');
      }
      const ok =
        isObject(d) &&
        SCHEMES.includes(d.scheme as UpstreamScheme) &&
        (d.id === undefined || d.id === null || d.id === '' || (typeof d.id === 'string' && isGuid(d.id))) &&
        (d.environment === undefined || typeof d.environment === 'string') &&
        (d.isHidden === undefined || typeof d.isHidden === 'boolean') &&
        (d.isEnabled === undefined || typeof d.isEnabled === 'boolean') &&
        (d.resourceAppId === undefined || d.resourceAppId === '' || (typeof d.resourceAppId === 'string' && isGuid(d.resourceAppId)));
      if (!ok) {
        skipped.push(`a deployment of ${name}`);
        continue;
      }
      const rec = d as Record<string, unknown>;
      out.push({
        id: typeof rec.id === 'string' && rec.id ? rec.id.toLowerCase() : undefined,
        scheme: rec.scheme as UpstreamScheme,
        environment: typeof rec.environment === 'string' ? rec.environment : '',
        isHidden: rec.isHidden === true,
        isEnabled: rec.isEnabled !== false,
        resourceAppId: typeof rec.resourceAppId === 'string' ? rec.resourceAppId.toLowerCase() : '',
      });
    }
    deployments.set(name, out);
  }
  checkBadShare(file, skipped.length, total, 'deployments', skipped);
  return { deployments, skipped };
}

export function isGraphDeployment(d: Deployment): boolean {
  return d.resourceAppId === '' || d.resourceAppId === GRAPH_APP_ID;
}

export function isPublicDeployment(d: Deployment): boolean {
  return d.environment
    .split(/[;,]/)
    .map((s) => s.trim().toLowerCase())
    .includes('public');
}

export interface ImportOptions {
  /** YYYY-MM-DD the data describes (the download date, or the files' date). */
  snapshotDate: string;
  /** Where the two files came from (URLs or paths), for provenance. */
  permissionsSource: string;
  provisioningSource: string;
  limits?: Partial<UpstreamLimits>;
}

export interface ImportStats {
  /** Public Graph deployments with a GUID taken from provisioningInfo.json. */
  graphPublic: number;
  /** Distinct GUID+kind among them. */
  graphPublicIds: number;
  added: number;
  overridden: number;
  hidden: number;
  disabled: number;
  /** Public Graph deployments without a GUID (nothing to resolve). */
  withoutId: number;
  /** Deployments left alone: other resource apps or non-public environments. */
  ignored: number;
  /** Public Graph permissions without an entry in permissions.json (no texts, no paths). */
  withoutTexts: number;
  /** Permissions with path data, and method+path pairs over all of them. */
  methodPermissions: number;
  methodPaths: number;
  /** Public deployments with Graph paths in permissions.json provisioned under another app id: Graph records with `servedBy`. */
  otherApps: number;
  /**
   * GUIDs upstream gives another name than the bundled store does: the bundled identity is kept
   * (a relabelled GUID must not shed its classification), and each conflict is reported here.
   */
  conflicts: string[];
  skipped: string[];
}

export interface ImportResult {
  file: PermissionStoreFile;
  stats: ImportStats;
}

const SCHEME_ORDER: Record<UpstreamScheme, number> = { Application: 0, DelegatedWork: 1, DelegatedPersonal: 2 };

/** Validates both files and merges them over the bundled store file (which is not modified). */
export function importUpstream(permissionsText: string, provisioningText: string, bundled: PermissionStoreFile, opts: ImportOptions): ImportResult {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const perms = parsePermissionsJson(permissionsText, limits);
  const prov = parseProvisioningJson(provisioningText, limits);

  const stats: ImportStats = {
    graphPublic: 0,
    graphPublicIds: 0,
    added: 0,
    overridden: 0,
    hidden: 0,
    disabled: 0,
    withoutId: 0,
    ignored: 0,
    withoutTexts: 0,
    methodPermissions: 0,
    methodPaths: 0,
    otherApps: 0,
    conflicts: [],
    skipped: [...perms.skipped, ...prov.skipped],
  };
  const bundledGraph = bundled.resourceApps.find((a) => a.appId.toLowerCase() === GRAPH_APP_ID);
  // A GUID+kind may carry two names (upstream lists `CloudApp-Disc.Read.All` and
  // `CloudApp-Discovery.Read.All` under one GUID): keep every bundled record of a key.
  const bundledByKey = new Map<string, PermissionRecord[]>();
  for (const p of bundledGraph?.permissions ?? []) {
    const k = `${p.id.toLowerCase()}|${p.kind}`;
    const list = bundledByKey.get(k);
    if (list) list.push(p);
    else bundledByKey.set(k, [p]);
  }

  // Upstream records per GUID+kind (a GUID may carry two names upstream; both are kept).
  const upstream = new Map<string, { rec: PermissionRecord; order: number }[]>();
  const texts = new Set<string>();
  for (const [name, list] of prov.deployments) {
    const perm = perms.permissions.get(name.toLowerCase());
    for (const d of list) {
      // Upstream's resourceAppId names the service that provisions a permission, not the API it is
      // requested from: a deployment under another app id (Sites.Archive.All "under SharePoint",
      // Tasks.Read "under To Do") carries a Microsoft Graph GUID. Those with Graph paths are Graph's.
      const servedBy = !isGraphDeployment(d) && isPublicDeployment(d) && d.id && perm?.pathSets.length ? d.resourceAppId : undefined;
      if (servedBy) stats.otherApps++;
      if ((!isGraphDeployment(d) && !servedBy) || !isPublicDeployment(d)) {
        stats.ignored++;
        continue;
      }
      if (!d.id) {
        stats.withoutId++;
        continue;
      }
      stats.graphPublic++;
      const kind = kindOfScheme(d.scheme);
      const key = `${d.id}|${kind}`;
      const other: UpstreamScheme = d.scheme === 'DelegatedWork' ? 'DelegatedPersonal' : 'DelegatedWork';
      const s = perm?.schemes[d.scheme] ?? (kind === 'Delegated' ? perm?.schemes[other] : undefined);
      if (!s) texts.add(name.toLowerCase());
      const sameKey = bundledByKey.get(key);
      const before = sameKey?.find((b) => b.value === name) ?? sameKey?.[0];
      const rec: PermissionRecord = {
        id: d.id,
        value: name,
        kind,
        displayName: s?.adminDisplayName ?? (before?.value === name ? before.displayName : undefined) ?? s?.userDisplayName ?? '',
        description: s?.adminDescription ?? (before?.value === name ? before.description : undefined) ?? s?.userDescription ?? '',
        adminConsentRequired: kind === 'Application' ? true : (s?.requiresAdminConsent ?? before?.adminConsentRequired ?? false),
        enabled: d.isEnabled,
      };
      if (kind === 'Delegated') {
        const ud = s?.userDisplayName ?? (s ? undefined : before?.userDisplayName);
        const ue = s?.userDescription ?? (s ? undefined : before?.userDescription);
        if (ud) rec.userDisplayName = ud;
        if (ue) rec.userDescription = ue;
      }
      if (d.isHidden) rec.hidden = true;
      if (s?.privilegeLevel !== undefined) rec.privilegeLevel = s.privilegeLevel;
      if (servedBy) rec.servedBy = servedBy;
      const arr = upstream.get(key) ?? [];
      const same = arr.find((x) => x.rec.value.toLowerCase() === name.toLowerCase());
      if (!same) arr.push({ rec, order: SCHEME_ORDER[d.scheme] });
      else if (!servedBy) delete same.rec.servedBy; // also deployed for Graph itself
      upstream.set(key, arr);
    }
  }
  stats.graphPublicIds = upstream.size;
  stats.withoutTexts = texts.size;
  if (upstream.size < limits.minGraphPermissions) {
    throw new UpstreamError(
      `the upstream files list only ${upstream.size} public Microsoft Graph permissions (at least ${limits.minGraphPermissions} expected): they are not the published metadata`,
      'shape',
    );
  }

  // A GUID the bundled store knows keeps its bundled name: upstream may add an alias beside it, but
  // a GUID relabelled upstream ("User.Read.Harmless" for RoleManagement.ReadWrite.Directory) is a conflict.
  for (const [key, arr] of upstream) {
    const before = bundledByKey.get(key);
    if (!before?.length) continue;
    const bundledNames = new Set(before.map((b) => b.value.toLowerCase()));
    if (arr.some((x) => bundledNames.has(x.rec.value.toLowerCase()))) continue;
    const [id, kind] = key.split('|');
    const kept = before.map((b) => b.value).join(', ');
    stats.conflicts.push(`${kind} permission ${id} is ${kept} in the bundled metadata but ${arr.map((x) => JSON.stringify(x.rec.value.slice(0, 80))).join(', ')} upstream: kept ${kept}`);
    upstream.set(key, before.map((b) => ({ rec: b, order: SCHEME_ORDER[b.kind === 'Application' ? 'Application' : 'DelegatedWork'] })));
  }

  const graphPerms: { rec: PermissionRecord; order: number }[] = [];
  for (const [key, list] of bundledByKey) {
    if (upstream.has(key)) continue;
    for (const p of list) graphPerms.push({ rec: p, order: SCHEME_ORDER[p.kind === 'Application' ? 'Application' : 'DelegatedWork'] });
  }
  for (const [key, arr] of upstream) {
    if (bundledByKey.has(key)) stats.overridden++;
    else stats.added++;
    for (const x of arr) {
      graphPerms.push(x);
      if (x.rec.hidden) stats.hidden++;
      if (!x.rec.enabled) stats.disabled++;
    }
  }
  graphPerms.sort(
    (a, b) =>
      (a.rec.value.toLowerCase() < b.rec.value.toLowerCase() ? -1 : a.rec.value.toLowerCase() > b.rec.value.toLowerCase() ? 1 : 0) ||
      a.order - b.order ||
      (a.rec.id < b.rec.id ? -1 : 1),
  );

  const resourceApps = bundled.resourceApps.filter((a) => a.appId.toLowerCase() !== GRAPH_APP_ID);
  resourceApps.unshift({ appId: GRAPH_APP_ID, displayName: bundledGraph?.displayName ?? 'Microsoft Graph', permissions: graphPerms.map((x) => x.rec) });

  const methods: Record<string, PathSetRecord[]> = {};
  for (const p of perms.permissions.values()) {
    if (!p.pathSets.length) continue;
    methods[p.name] = p.pathSets;
    stats.methodPermissions++;
    for (const s of p.pathSets) stats.methodPaths += s.methods.length * s.paths.length;
  }

  let delegated = 0;
  let application = 0;
  for (const a of resourceApps) {
    for (const p of a.permissions) {
      if (p.kind === 'Application') application++;
      else delegated++;
    }
  }
  const upstreamSource = (file: string, url: string): SourceInfo => ({
    package: 'microsoftgraph/microsoft-graph-devx-content',
    version: url,
    file,
    license: 'MIT',
    published: opts.snapshotDate,
  });
  const file: PermissionStoreFile = {
    format: STORE_FORMAT,
    provenance: {
      origin: 'upstream',
      sources: [
        upstreamSource('permissions/new/permissions.json', opts.permissionsSource),
        upstreamSource('permissions/new/provisioningInfo.json', opts.provisioningSource),
        ...bundled.provenance.sources,
      ],
      snapshotDate: opts.snapshotDate,
      generator: 'src/core/upstream/importer.ts',
      counts: {
        resourceApps: resourceApps.length,
        delegated,
        application,
        upstreamGraphPermissions: stats.graphPublicIds,
        hidden: stats.hidden,
        disabled: stats.disabled,
        permissionsWithMethods: stats.methodPermissions,
        methods: stats.methodPaths,
      },
    },
    resourceApps,
    methods,
  };
  return { file, stats };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}
