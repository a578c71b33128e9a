/**
 * The permission store: look-ups by GUID and by name, "did you mean", and the known resource
 * applications. Built from a `PermissionStoreFile` (see storeData.ts); pure, no I/O.
 */
import { GRAPH_APP_ID, isGuid } from '../permissions/guid';
import { STORE_FORMAT } from './storeData';
import type { PathSetRecord, PermissionKind, PermissionRecord, PermissionStoreFile, Provenance, UpstreamScheme } from './storeData';
import { decodePathData } from './pathData';
import { expandMethods, type PermissionMethod } from '../upstream/methods';
import { WELL_KNOWN_APPS } from '../permissions/wellKnownApps';
import type { PermissionOracle } from '../scan/names';

export interface Permission extends PermissionRecord {
  resourceAppId: string;
}

/** Everything known under one name in one resource app: the delegated scope and/or the application role. */
export interface PermissionMatch {
  /** Canonical casing, as published. */
  name: string;
  resourceAppId: string;
  delegated?: Permission;
  application?: Permission;
}

export interface ResourceAppInfo {
  appId: string;
  displayName: string;
  /** Permission names the store holds for it, a name with both kinds once, as StoreCounts.names (0 for apps it only knows by id). */
  permissionCount: number;
}

/**
 * The store's figures, defined once: every message that counts permissions (the status tooltip, the
 * resource hover, the Show Permission search, the log, Update Metadata, Show Metadata Info) uses
 * these, so the numbers agree.
 */
export interface StoreCounts {
  /** Permission names, one per resource app and name (a name with both kinds counts once): the explorer's entries. */
  names: number;
  /** Permission GUIDs of each kind. */
  application: number;
  delegated: number;
  /** Graph methods (distinct HTTP method + path) the path data lists; undefined while it is not loaded. */
  methods?: number;
}

export class StoreFormatError extends Error {}

export interface StoreOptions {
  /**
   * Reads the text of the path data file (`data/paths.json`) when first needed: methods, least
   * privilege. The store itself is usable (and fast to load) without it.
   */
  pathData?: () => string;
}

/** One use of a Graph path by a permission (the path table read by path). */
export interface PathUse {
  /** Permission name as published. */
  name: string;
  method: string;
  /** Path as published (no API version: v1.0 and beta paths are mixed upstream). */
  path: string;
  schemes: readonly UpstreamScheme[];
  /** Schemes for which the permission is the least-privileged choice here. */
  least: readonly UpstreamScheme[];
  alsoRequires?: readonly string[];
}

export class PermissionStore implements PermissionOracle {
  readonly provenance: Provenance;
  /** What the store was built from (kept, not copied): a client hands an upstream store to its language server as is. */
  readonly file: PermissionStoreFile;
  /** A GUID can name more than one permission: the same role id under Graph and SharePoint, or both kinds (`User.Export.All`). */
  private readonly byIdMap = new Map<string, Permission[]>();
  /** key: `${appId}|${lowercased name}` */
  private readonly byNameMap = new Map<string, PermissionMatch>();
  /** The same matches by app id, then lower-cased name: byName looks up without building a key string (hot in scans). */
  private readonly byAppName = new Map<string, Map<string, PermissionMatch>>();
  /**
   * The same matches by app id, then the match's own name as published: a name written in its
   * canonical casing (most are) is found without lower-casing it first. Same keys as byAppName.
   */
  private readonly byAppExact = new Map<string, Map<string, PermissionMatch>>();
  private readonly candidates = new Map<string, SuggestCandidate[]>();
  private readonly suggestMemo = new Map<string, string[]>();
  private readonly apps = new Map<string, ResourceAppInfo>();
  private readonly appAliases = new Map<string, string>();
  /**
   * resourceApp's answers by the text as written (null: no such app). Every rule asks it per
   * reference (storeCovers, appName) with the few resourceAppId texts of a document; the answer
   * never changes after construction. Bounded like suggestMemo: a document may write any text.
   */
  private readonly appMemo = new Map<string, ResourceAppInfo | null>();
  private readonly all: Permission[] = [];
  /** Graph path sets per lower-cased permission name; undefined when the store has no path data (or not yet loaded). */
  private pathSets: Map<string, PathSetRecord[]> | undefined;
  private pathLoader: (() => string) | undefined;
  private pathProblem: string | undefined;
  private byPathMap: Map<string, PathUse[]> | undefined;
  private methodCount: number | undefined;
  /** Methods per permission, built once per store: a hover must not re-expand a large upstream file each time. */
  private readonly methodsMemo = new Map<Permission, readonly PermissionMethod[]>();

  constructor(file: PermissionStoreFile, options: StoreOptions = {}) {
    this.provenance = file.provenance;
    this.file = file;
    if (file.methods) this.pathSets = new Map(Object.entries(file.methods).map(([k, v]) => [k.toLowerCase(), v]));
    else this.pathLoader = options.pathData;
    for (const app of file.resourceApps) {
      const appId = app.appId.toLowerCase();
      this.apps.set(appId, { appId, displayName: app.displayName, permissionCount: app.permissions.length });
      this.appAliases.set(app.displayName.toLowerCase(), appId);
      for (const rec of app.permissions) {
        const p: Permission = { ...rec, id: rec.id.toLowerCase(), resourceAppId: appId };
        this.all.push(p);
        const same = this.byIdMap.get(p.id);
        if (same) same.push(p);
        else this.byIdMap.set(p.id, [p]);
        const key = `${appId}|${p.value.toLowerCase()}`;
        let m = this.byNameMap.get(key);
        if (!m) {
          m = { name: p.value, resourceAppId: appId };
          this.byNameMap.set(key, m);
          let names = this.byAppName.get(appId);
          if (!names) this.byAppName.set(appId, (names = new Map()));
          names.set(p.value.toLowerCase(), m);
        }
        // First of a kind wins (upstream lists DelegatedWork before a DelegatedPersonal-only GUID).
        if (p.kind === 'Delegated') m.delegated ??= p;
        else m.application ??= p;
      }
    }
    // Per app, the same unit as counts().names: one per permission name (a name with both kinds once).
    for (const [appId, info] of this.apps) info.permissionCount = this.byAppName.get(appId)?.size ?? 0;
    for (const [appId, names] of this.byAppName) this.byAppExact.set(appId, new Map([...names.values()].map((m) => [m.name, m])));
    for (const w of WELL_KNOWN_APPS) {
      if (!this.apps.has(w.appId)) this.apps.set(w.appId, { appId: w.appId, displayName: w.displayName, permissionCount: 0 });
      for (const alias of [w.displayName, ...w.aliases]) {
        if (!this.appAliases.has(alias.toLowerCase())) this.appAliases.set(alias.toLowerCase(), w.appId);
      }
    }
  }

  /** Parses and validates a store file's text. Throws StoreFormatError with a readable message. */
  static fromJson(text: string, options: StoreOptions = {}): PermissionStore {
    return new PermissionStore(PermissionStore.parseFile(text), options);
  }

  /** Parses and validates a store file's text into its data. Throws StoreFormatError. */
  static parseFile(text: string): PermissionStoreFile {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new StoreFormatError(`the permission store is not valid JSON (${(e as Error).message})`);
    }
    const f = data as Partial<PermissionStoreFile>;
    if (!f || typeof f !== 'object' || f.format !== STORE_FORMAT || !Array.isArray(f.resourceApps) || !f.provenance) {
      throw new StoreFormatError(`the permission store has an unexpected shape (expected format ${STORE_FORMAT})`);
    }
    for (const app of f.resourceApps) {
      if (!app || typeof app.appId !== 'string' || !isGuid(app.appId) || !Array.isArray(app.permissions)) {
        throw new StoreFormatError('the permission store has a resource app without a valid appId or permissions');
      }
      for (const p of app.permissions) {
        if (!p || typeof p.id !== 'string' || !isGuid(p.id) || typeof p.value !== 'string' || (p.kind !== 'Application' && p.kind !== 'Delegated')) {
          throw new StoreFormatError(`the permission store has an invalid permission entry under ${app.appId}`);
        }
        p.displayName = typeof p.displayName === 'string' ? p.displayName : '';
        p.description = typeof p.description === 'string' ? p.description : '';
      }
    }
    if (f.methods !== undefined && (!f.methods || typeof f.methods !== 'object' || Array.isArray(f.methods))) {
      throw new StoreFormatError('the permission store has an invalid methods map');
    }
    return f as PermissionStoreFile;
  }

  /**
   * For messages: "the bundled metadata (Microsoft Graph upstream of 2026-08-07)", "the bundled
   * snapshot of 2024-06-10" (a store made from npm packages alone), "the upstream data of …".
   */
  describe(): string {
    if (this.provenance.origin !== 'bundled') return `the upstream data of ${this.provenance.snapshotDate}`;
    const up = this.provenance.upstream;
    return up ? `the bundled metadata (Microsoft Graph upstream of ${up.date})` : `the bundled snapshot of ${this.provenance.snapshotDate}`;
  }

  /**
   * True for a store that lacks many current permissions: a snapshot made from npm packages alone
   * (no upstream facts). Unknown names and GUIDs are then only information. The bundled store made
   * with upstream facts and every upstream import are complete as of their date.
   */
  get isPartial(): boolean {
    return this.provenance.origin === 'bundled' && !this.provenance.upstream;
  }

  /** Short, for the status bar and the explorer: "bundled, upstream of 2026-08-07" / "updated, upstream of 2026-09-10". */
  get dataLabel(): string {
    const p = this.provenance;
    if (p.origin !== 'bundled') return `updated, upstream of ${p.snapshotDate}`;
    return p.upstream ? `bundled, upstream of ${p.upstream.date}` : `bundled, ${p.snapshotDate}`;
  }

  /** Every permission record: one per GUID and kind (a name with both kinds counts twice). See counts(). */
  get size(): number {
    return this.all.length;
  }

  /** The figures every message shows (see StoreCounts). Methods are counted once the path data is loaded. */
  counts(): StoreCounts {
    let application = 0;
    for (const p of this.all) if (p.kind === 'Application') application++;
    const c: StoreCounts = { names: this.byNameMap.size, application, delegated: this.all.length - application };
    if (this.pathSets) {
      if (this.methodCount === undefined) {
        const seen = new Set<string>();
        for (const list of this.pathSets.values()) for (const set of list) for (const m of set.methods) for (const p of set.paths) seen.add(`${m.toUpperCase()} ${p.path.toLowerCase()}`);
        this.methodCount = seen.size;
      }
      c.methods = this.methodCount;
    }
    return c;
  }

  /** `628 permission names (473 application and 420 delegated GUIDs)`, plus `, 23,935 Graph methods` once known: the one wording. */
  countsText(): string {
    const c = this.counts();
    const methods = c.methods !== undefined ? `, ${c.methods} Graph methods` : '';
    return `${c.names} permission names (${c.application} application and ${c.delegated} delegated GUIDs)${methods}`;
  }

  /**
   * The date of the data (Microsoft's published permissions, as of), labelled as such — not the date
   * the package or the download was made: `data of 2026-08-07`.
   */
  get dataDate(): string {
    const p = this.provenance;
    return p.origin === 'bundled' && p.upstream ? p.upstream.date : p.snapshotDate;
  }

  permissions(): readonly Permission[] {
    return this.all;
  }

  /**
   * The permission with this GUID. Where the GUID is shared, prefer the given resource app, then
   * the given kind, then Microsoft Graph.
   */
  byId(guid: string, resourceAppId?: string, kind?: PermissionKind): Permission | undefined {
    const all = this.byIdMap.get(guid.toLowerCase());
    if (!all) return undefined;
    if (all.length === 1) return all[0];
    const app = resourceAppId?.toLowerCase();
    const score = (p: Permission): number =>
      (app && p.resourceAppId === app ? 4 : 0) + (kind && p.kind === kind ? 2 : 0) + (p.resourceAppId === GRAPH_APP_ID ? 1 : 0);
    // The first of the highest score (what a stable sort by score would put first), without a copy and a sort.
    let best = all[0];
    let bestScore = score(best);
    for (let i = 1; i < all.length; i++) {
      const s = score(all[i]);
      if (s > bestScore) {
        best = all[i];
        bestScore = s;
      }
    }
    return best;
  }

  /** Every permission with this GUID (usually one). */
  byIdAll(guid: string): readonly Permission[] {
    return this.byIdMap.get(guid.toLowerCase()) ?? [];
  }

  /** Case-insensitive; the result carries the canonical casing. Defaults to Microsoft Graph. */
  byName(name: string, resourceAppId: string = GRAPH_APP_ID): PermissionMatch | undefined {
    // The canonical casing first: the match whose name it is is the one its lower-cased form finds.
    const exact = (this.byAppExact.get(resourceAppId) ?? this.byAppExact.get(resourceAppId.toLowerCase()))?.get(name);
    if (exact) return exact;
    const names = this.byAppName.get(resourceAppId) ?? this.byAppName.get(resourceAppId.toLowerCase());
    const lower = name.toLowerCase();
    const hit = names?.get(lower);
    // (A miss under Graph loads the path data once, to tell these apart from unknown names.)
    if (hit || resourceAppId !== GRAPH_APP_ID || !this.paths()?.has(lower)) return hit;
    // Upstream lists it with Graph paths but deploys it under another resource app
    // (LicenseAssignment.Read.All, ExchangeMessageTrace.Read.All): the match names that app.
    return this.graphListedElsewhere(lower);
  }

  private graphListedElsewhere(lower: string): PermissionMatch | undefined {
    for (const [appId, names] of this.byAppName) {
      if (appId === GRAPH_APP_ID) continue;
      const m = names.get(lower);
      if (m) return m;
    }
    return undefined;
  }

  /**
   * True when the store carries upstream path data (methods per permission), loaded or still to be
   * loaded on first need. False without any, or once loading it failed (see pathDataProblem).
   */
  get hasMethods(): boolean {
    return !!this.pathSets || (!!this.pathLoader && !this.pathProblem);
  }

  /** True once the path data is in memory (it loads on the first methodsOf / pathSetsOf / pathUses). */
  get pathDataLoaded(): boolean {
    return !!this.pathSets;
  }

  /** Why the path data could not be loaded (then hasMethods is false), for one message to the user. */
  get pathDataProblem(): string | undefined {
    return this.pathProblem;
  }

  /**
   * Loads the path data now if it is still to be loaded (features that need it call this first, so
   * a missing or broken paths file is reported, never taken for "no permission allows this call").
   * Returns hasMethods afterwards. Never throws.
   */
  loadPathData(): boolean {
    this.paths();
    return this.hasMethods;
  }

  /** The path sets, loading them on first need. Never throws: a failure is kept in pathProblem. */
  private paths(): Map<string, PathSetRecord[]> | undefined {
    if (this.pathSets || !this.pathLoader || this.pathProblem) return this.pathSets;
    try {
      this.pathSets = decodePathData(this.pathLoader()).byName;
      this.pathLoader = undefined;
    } catch (e) {
      this.pathProblem = `the Graph path data could not be loaded (${(e as Error).message})`;
    }
    return this.pathSets;
  }

  /**
   * The Graph methods (method + path) a permission unlocks, for its kind, least-privileged first.
   * Undefined when the store has no path data; empty when upstream lists no paths for it.
   */
  methodsOf(p: Permission): readonly PermissionMethod[] | undefined {
    const sets = this.paths();
    if (!sets) return undefined;
    // Graph's path data belongs to Graph's permission of that name; another app's permission has it
    // only when upstream lists it with Graph paths under that app alone (LicenseAssignment.Read.All).
    if (p.resourceAppId !== GRAPH_APP_ID && this.byAppName.get(GRAPH_APP_ID)?.has(p.value.toLowerCase())) return [];
    let methods = this.methodsMemo.get(p);
    if (!methods) this.methodsMemo.set(p, (methods = expandMethods(sets.get(p.value.toLowerCase()) ?? [], p.kind)));
    return methods;
  }

  /**
   * The raw upstream path sets of a Graph permission name, as published (schemes, methods, paths
   * with `least` and `alsoRequires`); undefined without path data, empty when upstream lists none.
   */
  pathSetsOf(name: string): readonly PathSetRecord[] | undefined {
    const sets = this.paths();
    return sets && (sets.get(name.toLowerCase()) ?? []);
  }

  /**
   * The path table read by path: every permission (of this store) that upstream lists for a path,
   * with method, schemes, least-privileged marks and companions. The path is matched as published
   * (case-insensitive, placeholders as written: `/users/{id}`). Undefined without path data.
   */
  pathUses(path: string): readonly PathUse[] | undefined {
    const sets = this.paths();
    if (!sets) return undefined;
    if (!this.byPathMap) {
      const map = new Map<string, PathUse[]>();
      for (const [lower, list] of sets) {
        const m = this.byName(lower);
        if (!m) continue;
        for (const set of list) {
          for (const p of set.paths) {
            const key = p.path.toLowerCase();
            let uses = map.get(key);
            if (!uses) map.set(key, (uses = []));
            for (const method of set.methods) {
              const u: PathUse = { name: m.name, method, path: p.path, schemes: set.schemes, least: p.least ?? [] };
              if (p.alsoRequires) u.alsoRequires = p.alsoRequires;
              uses.push(u);
            }
          }
        }
      }
      this.byPathMap = map;
    }
    return this.byPathMap.get(path.toLowerCase()) ?? [];
  }

  /** The permission of one kind under a name (Graph by default). */
  permissionOf(name: string, kind: PermissionKind, resourceAppId: string = GRAPH_APP_ID): Permission | undefined {
    const m = this.byName(name, resourceAppId);
    return kind === 'Application' ? m?.application : m?.delegated;
  }

  /** Upstream privilege level (1 lowest … 4 highest) of a permission of one kind; undefined when the data has none. */
  privilegeLevel(name: string, kind: PermissionKind, resourceAppId: string = GRAPH_APP_ID): number | undefined {
    return this.permissionOf(name, kind, resourceAppId)?.privilegeLevel;
  }

  /** Whether a permission of one kind needs admin consent; undefined when the name has no such kind. */
  adminConsentRequired(name: string, kind: PermissionKind, resourceAppId: string = GRAPH_APP_ID): boolean | undefined {
    return this.permissionOf(name, kind, resourceAppId)?.adminConsentRequired;
  }

  /** The match holding a given permission (both kinds of the same name). */
  matchOf(p: Permission): PermissionMatch {
    return this.byName(p.value, p.resourceAppId) as PermissionMatch;
  }

  /** A resource application by id or by display name / alias ("Microsoft Graph"). */
  resourceApp(idOrName: string): ResourceAppInfo | undefined {
    const memo = this.appMemo.get(idOrName);
    if (memo !== undefined) return memo ?? undefined;
    const key = idOrName.trim().toLowerCase();
    const id = isGuid(key) ? key : this.appAliases.get(key);
    const app = id ? this.apps.get(id) : undefined;
    if (this.appMemo.size >= 10000) this.appMemo.clear();
    this.appMemo.set(idOrName, app ?? null);
    return app;
  }

  resourceApps(): ResourceAppInfo[] {
    return [...this.apps.values()];
  }

  /**
   * "Did you mean" for a name the store does not know: same name in other casing first, then names
   * within a small edit distance (dots count), best first.
   */
  suggest(name: string, resourceAppId: string = GRAPH_APP_ID, max = 3): string[] {
    const exact = this.byName(name, resourceAppId);
    if (exact && exact.name !== name) return [exact.name];
    // Memoised: the editor re-runs the rules on every edit, with the same unknown names.
    const memoKey = `${resourceAppId.toLowerCase()}|${max}|${name}`;
    const memo = this.suggestMemo.get(memoKey);
    if (memo) return [...memo];
    const lower = name.toLowerCase();
    const limit = Math.max(2, Math.floor(lower.length / 6));
    const scored: { name: string; d: number }[] = [];
    const hist = charHistogram(lower);
    for (const c of this.suggestCandidates(resourceAppId.toLowerCase())) {
      if (Math.abs(c.lower.length - lower.length) > limit) continue;
      // Cheap lower bound first: each edit changes the character histogram by at most 2.
      if (histogramDistance(hist, c.hist, 2 * limit) > 2 * limit) continue;
      const d = damerauLevenshtein(lower, c.lower, limit);
      if (d <= limit) scored.push({ name: c.name, d });
    }
    scored.sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : 1));
    const result = scored.slice(0, max).map((s) => s.name);
    if (this.suggestMemo.size >= 10000) this.suggestMemo.clear();
    this.suggestMemo.set(memoKey, result);
    return [...result];
  }

  /** Every name of one app (lower-cased, with its histogram), built on first use. */
  private suggestCandidates(appId: string): readonly SuggestCandidate[] {
    let list = this.candidates.get(appId);
    if (!list) {
      list = [...(this.byAppName.get(appId) ?? new Map<string, PermissionMatch>())].map(([lower, m]) => ({ lower, name: m.name, hist: charHistogram(lower) }));
      this.candidates.set(appId, list);
    }
    return list;
  }

  // PermissionOracle: what the scanners need.
  isKnownId(guid: string): boolean {
    return this.byIdMap.has(guid.toLowerCase());
  }

  /** Teams RSC permissions (another namespace for scanners: see PermissionRecord.rsc) do not count as known names here. */
  isKnownName(name: string, caseSensitive: boolean, resourceAppId: string = GRAPH_APP_ID): boolean {
    const m = this.byName(name, resourceAppId);
    return !!m && (!caseSensitive || m.name === name) && !(m.application ?? m.delegated)?.rsc;
  }

  resourceAppId(idOrName: string): string | undefined {
    return this.resourceApp(idOrName)?.appId;
  }

  kindsOf(m: PermissionMatch): PermissionKind[] {
    const k: PermissionKind[] = [];
    if (m.application) k.push('Application');
    if (m.delegated) k.push('Delegated');
    return k;
  }
}

interface SuggestCandidate {
  lower: string;
  name: string;
  hist: Uint8Array;
}

/** Character counts in 32 buckets (by code unit mod 32): a lower bound for edit distances. */
function charHistogram(s: string): Uint8Array {
  const h = new Uint8Array(32);
  for (let i = 0; i < s.length; i++) {
    const b = s.charCodeAt(i) & 31;
    if (h[b] < 255) h[b]++;
  }
  return h;
}

/** L1 distance of two histograms, stopping once past `stop`. */
function histogramDistance(a: Uint8Array, b: Uint8Array, stop: number): number {
  let d = 0;
  for (let i = 0; i < 32 && d <= stop; i++) d += Math.abs(a[i] - b[i]);
  return d;
}

// Row buffers reused across calls (no allocation per candidate in suggest's loop).
let rowPrev2 = new Int32Array(64);
let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);

/** Optimal-string-alignment distance with an early exit once every cell exceeds `limit`. */
export function damerauLevenshtein(a: string, b: string, limit = Infinity): number {
  const n = a.length;
  const m = b.length;
  if (rowCur.length < m + 1) {
    rowPrev2 = new Int32Array(m + 1);
    rowPrev = new Int32Array(m + 1);
    rowCur = new Int32Array(m + 1);
  }
  let prev2 = rowPrev2;
  let prev = rowPrev;
  let cur = rowCur;
  for (let j = 0; j <= m; j++) {
    prev2[j] = 0;
    prev[j] = j;
    cur[j] = 0;
  }
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return rowMin;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}
