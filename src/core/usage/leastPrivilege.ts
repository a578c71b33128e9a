/**
 * Least privilege from code usage: match detected Graph calls against the upstream pathSets,
 * compute the least-privileged permissions that cover them, and compare with what the app's
 * manifests request → `permission-unused`, `permission-over-broad`, `permission-missing`.
 *
 * "App" = one workspace folder (the CLI's folder argument): every manifest in it is compared with
 * every call detected in it. Needs the upstream path data (`store.hasMethods`).
 */
import { analyzeText, formatOf, type DocumentFormat } from '../analyze';
import { GRAPH_APP_ID } from '../guid';
import type { ResolvedReference } from '../resolve';
import { removeListElement, replaceName, replaceToken } from '../rules/util';
import type { Diagnostic, Fix, Severity } from '../rules/types';
import type { Permission, PermissionStore } from '../store';
import type { PermissionKind, UpstreamScheme } from '../storeData';
import { schemesOfKind } from '../upstream/methods';
import { LineIndex } from '../text';
import { detectAuth, kindAt } from './auth';
import { CODE_FORMATS, detectGraphCalls, type GraphCall } from './detect';
import { addPermissionEdit } from './manifestEdit';
import { callKeys, compileTemplate, pathMatches, type CompiledTemplate } from './paths';

/** The OpenID Connect scopes: Graph delegated permissions that serve sign-in, never a Graph call. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

export const USAGE_RULE_IDS = ['permission-unused', 'permission-over-broad', 'permission-missing'] as const;
export type UsageRuleId = (typeof USAGE_RULE_IDS)[number];

export const USAGE_RULES: Record<UsageRuleId, { defaultSeverity: Severity; summary: string }> = {
  'permission-unused': { defaultSeverity: 'information', summary: 'Requested, but no Graph call detected in the code needs it (detection is never complete).' },
  'permission-over-broad': { defaultSeverity: 'warning', summary: 'A narrower permission covers every detected call that uses this one.' },
  'permission-missing': { defaultSeverity: 'warning', summary: 'A detected Graph call needs a permission the manifest does not request.' },
};

export const NO_PATH_DATA_MESSAGE =
  'Least privilege needs the upstream path data (which Graph methods each permission unlocks); the bundled metadata has none. ' +
  'Run "Graph Permissions: Update Metadata" in VS Code, or pass --metadata <folder or URL> to the CLI.';

// ---------------------------------------------------------------------------------------------
// Path index over the store's pathSets.

interface IndexEntry {
  name: string;
  method: string;
  tpl: CompiledTemplate;
  schemes: UpstreamScheme[];
  least: UpstreamScheme[];
  version?: 'v1.0' | 'beta';
}

interface PathIndex {
  bySegments: Map<number, IndexEntry[]>;
  /** `${lower name}|${kind}` → number of method+path entries (how broad a permission is). */
  breadth: Map<string, number>;
}

const indexCache = new WeakMap<PermissionStore, PathIndex>();

function pathIndex(store: PermissionStore): PathIndex {
  const cached = indexCache.get(store);
  if (cached) return cached;
  const bySegments = new Map<number, IndexEntry[]>();
  const breadth = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of store.permissions()) {
    if (p.resourceAppId !== GRAPH_APP_ID) continue;
    const lower = p.value.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    for (const set of store.pathSetsOf(p.value) ?? []) {
      for (const path of set.paths) {
        const tpl = compileTemplate(path.path);
        for (const method of set.methods) {
          const e: IndexEntry = { name: p.value, method: method.toUpperCase(), tpl, schemes: set.schemes, least: path.least ?? [], version: path.version };
          let list = bySegments.get(tpl.keys.length);
          if (!list) bySegments.set(tpl.keys.length, (list = []));
          list.push(e);
          for (const kind of ['Application', 'Delegated'] as PermissionKind[]) {
            if (set.schemes.some((s) => schemesOfKind(kind).includes(s))) breadth.set(`${lower}|${kind}`, (breadth.get(`${lower}|${kind}`) ?? 0) + 1);
          }
        }
      }
    }
  }
  const idx = { bySegments, breadth };
  indexCache.set(store, idx);
  return idx;
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

/** 0 when the permission's resource (`User` of `User.Read.All`) names a segment of the path (`/users`), else 1. */
function affinity(c: Candidate): number {
  const res = c.name.split('.')[0].toLowerCase();
  return c.template
    .toLowerCase()
    .split('/')
    .some((s) => s.length > 1 && !s.startsWith('{') && s.startsWith(res))
    ? 0
    : 1;
}

function rankKey(store: PermissionStore, c: Candidate): number[] {
  const idx = pathIndex(store);
  return [c.least ? 0 : 1, affinity(c), c.privilegeLevel ?? 3, accessRank(c.name), idx.breadth.get(`${c.name.toLowerCase()}|${c.kind}`) ?? 0];
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function breadthOf(store: PermissionStore, name: string, kind: PermissionKind): number {
  return pathIndex(store).breadth.get(`${name.toLowerCase()}|${kind}`) ?? 0;
}

/**
 * The permissions of a kind that allow a call, best (least privileged) first: upstream's
 * least-privileged marker, then the privilege level, then ReadBasic < Read < ReadWrite, then how
 * many paths the permission unlocks. Empty when no pathSet matches (or no path data).
 */
export function candidatesFor(store: PermissionStore, call: Pick<GraphCall, 'method' | 'path' | 'version'>, kind: PermissionKind): Candidate[] {
  if (!store.hasMethods) return [];
  const keys = callKeys(call.path);
  const want = schemesOfKind(kind);
  const byName = new Map<string, Candidate>();
  for (const e of pathIndex(store).bySegments.get(keys.length) ?? []) {
    if (e.method !== call.method) continue;
    if (e.version && call.version && e.version !== call.version) continue;
    if (!e.schemes.some((s) => want.includes(s))) continue;
    if (!pathMatches(keys, e.tpl)) continue;
    const match = store.byName(e.name);
    const permission = kind === 'Application' ? match?.application : match?.delegated;
    if (!permission || permission.enabled === false) continue;
    const least = e.least.some((s) => want.includes(s) && e.schemes.includes(s));
    const prev = byName.get(e.name.toLowerCase());
    // Prefer the more specific template (fewer placeholders), and keep any least marker.
    if (prev) {
      prev.least ||= least;
      continue;
    }
    byName.set(e.name.toLowerCase(), { name: permission.value, kind, permission, least, privilegeLevel: permission.privilegeLevel, template: e.tpl.template });
  }
  return [...byName.values()].sort((a, b) => compareKeys(rankKey(store, a), rankKey(store, b)) || (a.name < b.name ? -1 : 1));
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
}

export interface CallSite extends GraphCall {
  file: string;
  line: number;
  column: number;
  kind: PermissionKind;
  /** Why this kind: `ClientSecretCredential (line 4)`, `app: …`, `manifest requests only …`, `default setting`. */
  kindReason: string;
  /** Least-privileged first (at most 5 kept). */
  candidates: { name: string; least: boolean }[];
  /** The least-privileged permission for this call, when any pathSet matches. */
  leastPrivileged?: string;
  /** Requested permissions (any manifest of the app, same kind) that allow this call. */
  coveredBy: string[];
}

export interface RequestedPermission {
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

export interface AppUsageReport {
  /** The app folder (as given). */
  folder: string;
  hasPathData: boolean;
  store: string;
  calls: CallSite[];
  /** The least-privileged set covering every matched call, per kind. */
  needed: NeededPermission[];
  requested: RequestedPermission[];
  manifests: string[];
  findings: UsageFinding[];
  /** Calls no pathSet matches (unknown path, or a path upstream does not list). */
  unmatched: number[];
  notes: string[];
}

interface ManifestInfo {
  file: UsageFile;
  format: DocumentFormat;
  refs: ResolvedReference[];
  lines: LineIndex;
}

function isGraphManifestRef(r: ResolvedReference): boolean {
  return r.ref.position === 'resourceAccess' && r.resourceAppId === GRAPH_APP_ID && !!r.match;
}

/**
 * The whole analysis of one app (one folder's files). Pure: the caller reads the files. Never
 * throws on odd input.
 */
export function analyzeUsage(files: readonly UsageFile[], store: PermissionStore, opts: UsageOptions = {}): AppUsageReport & { folder: string } {
  const report: AppUsageReport = {
    folder: '',
    hasPathData: store.hasMethods,
    store: store.describe(),
    calls: [],
    needed: [],
    requested: [],
    manifests: [],
    findings: [],
    unmatched: [],
    notes: [],
  };
  // 1. Manifests and calls.
  const manifests: ManifestInfo[] = [];
  const rawCalls: { call: GraphCall; file: UsageFile; lines: LineIndex; auth?: { kind: PermissionKind; evidence: string; line: number } }[] = [];
  const appAuth = new Set<PermissionKind>();
  const appEvidence: string[] = [];
  for (const f of files) {
    const format = f.format ?? formatOf(f.path);
    if (!format) continue;
    if (format === 'json') {
      const analysis = analyzeText(f.text, format, store);
      const refs = analysis.references.filter(isGraphManifestRef);
      if (refs.length || /"requiredResourceAccess"|"required_resource_access"/.test(f.text)) {
        manifests.push({ file: f, format, refs, lines: analysis.lines });
      }
      continue;
    }
    if (!CODE_FORMATS.includes(format)) continue;
    const calls = detectGraphCalls(f.text, format);
    const evidence = detectAuth(f.text, format);
    const lines = new LineIndex(f.text);
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
  const requestedKinds = new Set<PermissionKind>();
  for (const m of manifests) for (const r of m.refs) if (r.kind !== 'Unknown') requestedKinds.add(r.kind);

  // 2. Kind per call: forced, else the file's authentication, else the app's (when unanimous), else
  //    the manifests' (when they request one kind only), else the default.
  for (const { call, file, lines, auth } of rawCalls) {
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
      kindReason = `the manifests request only ${kind} permissions`;
    } else {
      kind = opts.defaultKind ?? 'Delegated';
      kindReason = 'default (the code does not say how it authenticates)';
    }
    const pos = lines.position(call.start);
    const cands = candidatesFor(store, call, kind);
    report.calls.push({
      ...call,
      file: file.path,
      line: pos.line + 1,
      column: pos.character + 1,
      kind,
      kindReason,
      candidates: cands.slice(0, 5).map((c) => ({ name: c.name, least: c.least })),
      leastPrivileged: cands[0]?.name,
      coveredBy: [],
    });
  }
  if (!store.hasMethods) {
    report.notes.push(NO_PATH_DATA_MESSAGE);
    for (const m of manifests) for (const r of m.refs) report.requested.push(requestedOf(m, r, [], 'not-graph-path'));
    return report;
  }
  report.notes.push('Detection is heuristic and never complete: calls built at run time, other SDK styles and other files are not seen.');

  // Candidate lists per call (full, for coverage).
  const full: Candidate[][] = report.calls.map((c) => candidatesFor(store, c, c.kind));
  full.forEach((cands, i) => {
    if (!cands.length) report.unmatched.push(i);
  });

  // 3. The least-privileged set covering all matched calls, per kind.
  report.needed = minimalCover(
    store,
    report.calls.map((c, i) => ({ i, kind: c.kind, cands: full[i] })).filter((x) => x.cands.length),
  ).map((n) => ({ ...n, requested: false }));

  // 4. Per manifest: compare.
  const allows = (name: string, i: number): boolean => full[i].some((c) => c.name.toLowerCase() === name.toLowerCase());
  for (const m of manifests) {
    const graphRefs = m.refs.filter((r) => r.permission || r.kind === 'Unknown');
    const requestedOfKind = (kind: PermissionKind): ResolvedReference[] => graphRefs.filter((r) => r.kind === kind || r.kind === 'Unknown');
    // Coverage.
    report.calls.forEach((c, i) => {
      for (const r of requestedOfKind(c.kind)) {
        const name = r.match?.name as string;
        if (allows(name, i) && !c.coveredBy.includes(name)) c.coveredBy.push(name);
      }
    });
    for (const r of graphRefs) {
      const name = r.match?.name as string;
      const kinds: PermissionKind[] = r.kind === 'Unknown' ? (store.kindsOf(r.match!)) : [r.kind];
      const calls = report.calls.map((_, i) => i).filter((i) => kinds.includes(report.calls[i].kind) && allows(name, i));
      const hasPaths = kinds.some((k) => breadthOf(store, name, k) > 0);
      if (!hasPaths) {
        report.requested.push(requestedOf(m, r, calls, 'not-graph-path'));
        continue;
      }
      if (!calls.length && OIDC_SCOPES.has(name.toLowerCase())) {
        // openid, profile, email, offline_access serve sign-in: no Graph call "needs" them.
        report.requested.push(requestedOf(m, r, calls, 'used'));
        continue;
      }
      if (!calls.length) {
        report.requested.push(requestedOf(m, r, calls, 'unused'));
        addFinding(report, m, opts, {
          code: 'permission-unused',
          start: r.ref.start,
          end: r.ref.end,
          message:
            `${name}${r.kind === 'Unknown' ? '' : ` (${r.kind})`} is requested, but no ${kinds.join('/')} Graph call detected in this app's code needs it. ` +
            'Detection is never complete (dynamic URLs, other SDKs, scripts outside the folder): check before removing it.',
          fixes: r.ref.entry ? [{ title: `Remove ${name}`, edits: [removeListElement(m.file.text, r.ref.entry.start, r.ref.entry.end)] }] : [],
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
      for (const i of calls) for (const c of full[i]) if (c.kind === kind) pool.set(c.name.toLowerCase(), c);
      for (const q of pool.values()) {
        if (q.name.toLowerCase() === name.toLowerCase()) continue;
        if (breadthOf(store, q.name, kind) > myBreadth) continue;
        let ok = true;
        let worst: number[] = [0, 0, 0, 0, 0];
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
        const requested = graphRefs.some((o) => o !== r && o.match?.name.toLowerCase() === q.name.toLowerCase() && (o.kind === kind || o.kind === 'Unknown'));
        const cand = { name: q.name, permission: q.permission, requested, key: worst };
        if (!best || Number(cand.requested) > Number(best.requested) || (cand.requested === best.requested && compareKeys(cand.key, best.key) < 0)) best = cand;
      }
      if (!best) {
        report.requested.push(requestedOf(m, r, calls, 'used'));
        continue;
      }
      report.requested.push({ ...requestedOf(m, r, calls, 'over-broad'), narrower: best.name });
      const distinct = [...new Set(calls.map((i) => `${report.calls[i].method} ${report.calls[i].path}`))];
      const callText = distinct.slice(0, 3).join(', ');
      const more = distinct.length > 3 ? ` and ${distinct.length - 3} more` : '';
      const fixes: Fix[] = [];
      if (best.requested) {
        if (r.ref.entry) fixes.push({ title: `Remove ${name} (${best.name} is requested and covers its calls)`, edits: [removeListElement(m.file.text, r.ref.entry.start, r.ref.entry.end)], preferred: true });
      } else {
        fixes.push({
          title: `Replace with ${best.name}`,
          edits: [r.ref.form === 'guid' ? replaceToken(r, best.permission.id) : replaceName(r, best.name)],
          preferred: true,
        });
      }
      addFinding(report, m, opts, {
        code: 'permission-over-broad',
        start: r.ref.start,
        end: r.ref.end,
        message: `${name} (${kind}) is broader than needed: every detected call that uses it (${callText}${more}) is also allowed by the narrower ${best.name}${best.requested ? ', which the manifest already requests' : ''}.`,
        fixes,
      });
    }
    // Missing: calls no requested permission of their kind allows.
    const uncovered = report.calls
      .map((c, i) => ({ i, kind: c.kind, cands: full[i] }))
      .filter((x) => x.cands.length && !requestedOfKind(x.kind).some((r) => allows(r.match?.name as string, x.i)));
    for (const need of minimalCover(store, uncovered)) {
      const match = store.byName(need.name);
      const permission = need.kind === 'Application' ? match?.application : match?.delegated;
      if (!permission) continue;
      const first = report.calls[need.calls[0]];
      const callText = need.calls
        .slice(0, 3)
        .map((i) => `${report.calls[i].method} ${report.calls[i].path} (${report.calls[i].file}:${report.calls[i].line})`)
        .join(', ');
      const more = need.calls.length > 3 ? ` and ${need.calls.length - 3} more` : '';
      const useNames = m.refs.some((r) => r.ref.form === 'name') || /(^|[\\/])aad\.manifest\.json$/i.test(m.file.path);
      const edit = addPermissionEdit(m.file.text, permission, useNames ? 'name' : 'guid');
      const anchor = edit?.anchor ?? graphAnchor(m) ?? { start: 0, end: 0 };
      addFinding(report, m, opts, {
        code: 'permission-missing',
        start: anchor.start,
        end: anchor.end,
        message: `The code calls ${callText}${more} (${need.kind}), which needs a permission this manifest does not request: the least-privileged is ${need.name}.`,
        fixes: edit ? [{ title: `Add ${need.name} (${need.kind})`, edits: [edit.edit], preferred: true }] : [],
      });
      void first;
    }
  }
  const requestedNames = new Set(report.requested.map((r) => `${r.name.toLowerCase()}|${r.kind}`));
  for (const n of report.needed) n.requested = requestedNames.has(`${n.name.toLowerCase()}|${n.kind}`);
  report.findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start || a.code.localeCompare(b.code)));
  return report;
}

function graphAnchor(m: ManifestInfo): { start: number; end: number } | undefined {
  const idx = m.file.text.indexOf('"requiredResourceAccess"');
  if (idx >= 0) return { start: idx + 1, end: idx + '"requiredResourceAccess"'.length - 1 };
  const r = m.refs[0];
  return r && { start: r.ref.start, end: r.ref.end };
}

function requestedOf(m: ManifestInfo, r: ResolvedReference, calls: number[], status: RequestedPermission['status']): RequestedPermission {
  const pos = m.lines.position(r.ref.start);
  return {
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

function addFinding(report: AppUsageReport, m: ManifestInfo, opts: UsageOptions, d: Omit<Diagnostic, 'severity'>): void {
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
