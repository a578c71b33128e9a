/**
 * The permission store: look-ups by GUID and by name, "did you mean", and the known resource
 * applications. Built from a `PermissionStoreFile` (see storeData.ts); pure, no I/O.
 */
import { GRAPH_APP_ID, isGuid } from './guid';
import { STORE_FORMAT } from './storeData';
import type { PermissionKind, PermissionRecord, PermissionStoreFile, Provenance } from './storeData';
import { WELL_KNOWN_APPS } from './wellKnownApps';
import type { PermissionOracle } from './scan/names';

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
  /** Number of permissions the store holds for it (0 for apps it only knows by id). */
  permissionCount: number;
}

export class StoreFormatError extends Error {}

export class PermissionStore implements PermissionOracle {
  readonly provenance: Provenance;
  /** A GUID can name more than one permission: the same role id under Graph and SharePoint, or both kinds (`User.Export.All`). */
  private readonly byIdMap = new Map<string, Permission[]>();
  /** key: `${appId}|${lowercased name}` */
  private readonly byNameMap = new Map<string, PermissionMatch>();
  private readonly apps = new Map<string, ResourceAppInfo>();
  private readonly appAliases = new Map<string, string>();
  private readonly all: Permission[] = [];

  constructor(file: PermissionStoreFile) {
    this.provenance = file.provenance;
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
        }
        if (p.kind === 'Delegated') m.delegated = p;
        else m.application = p;
      }
    }
    for (const w of WELL_KNOWN_APPS) {
      if (!this.apps.has(w.appId)) this.apps.set(w.appId, { appId: w.appId, displayName: w.displayName, permissionCount: 0 });
      for (const alias of [w.displayName, ...w.aliases]) {
        if (!this.appAliases.has(alias.toLowerCase())) this.appAliases.set(alias.toLowerCase(), w.appId);
      }
    }
  }

  /** Parses and validates a store file's text. Throws StoreFormatError with a readable message. */
  static fromJson(text: string): PermissionStore {
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
    return new PermissionStore(f as PermissionStoreFile);
  }

  /** "the bundled snapshot of 2024-06-10" / "upstream data of …" — for messages. */
  describe(): string {
    return this.provenance.origin === 'bundled'
      ? `the bundled snapshot of ${this.provenance.snapshotDate}`
      : `the upstream data of ${this.provenance.snapshotDate}`;
  }

  get size(): number {
    return this.all.length;
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
    return [...all].sort((a, b) => score(b) - score(a))[0];
  }

  /** Every permission with this GUID (usually one). */
  byIdAll(guid: string): readonly Permission[] {
    return this.byIdMap.get(guid.toLowerCase()) ?? [];
  }

  /** Case-insensitive; the result carries the canonical casing. Defaults to Microsoft Graph. */
  byName(name: string, resourceAppId: string = GRAPH_APP_ID): PermissionMatch | undefined {
    return this.byNameMap.get(`${resourceAppId.toLowerCase()}|${name.toLowerCase()}`);
  }

  /** The match holding a given permission (both kinds of the same name). */
  matchOf(p: Permission): PermissionMatch {
    return this.byName(p.value, p.resourceAppId) as PermissionMatch;
  }

  /** A resource application by id or by display name / alias ("Microsoft Graph"). */
  resourceApp(idOrName: string): ResourceAppInfo | undefined {
    const key = idOrName.trim().toLowerCase();
    const id = isGuid(key) ? key : this.appAliases.get(key);
    return id ? this.apps.get(id) : undefined;
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
    const lower = name.toLowerCase();
    const limit = Math.max(2, Math.floor(lower.length / 6));
    const scored: { name: string; d: number }[] = [];
    const prefix = resourceAppId.toLowerCase() + '|';
    for (const [key, m] of this.byNameMap) {
      if (!key.startsWith(prefix)) continue;
      const cand = key.slice(prefix.length);
      if (Math.abs(cand.length - lower.length) > limit) continue;
      const d = damerauLevenshtein(lower, cand, limit);
      if (d <= limit) scored.push({ name: m.name, d });
    }
    scored.sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : 1));
    return scored.slice(0, max).map((s) => s.name);
  }

  // PermissionOracle: what the scanners need.
  isKnownId(guid: string): boolean {
    return this.byIdMap.has(guid.toLowerCase());
  }

  isKnownName(name: string, caseSensitive: boolean, resourceAppId: string = GRAPH_APP_ID): boolean {
    const m = this.byName(name, resourceAppId);
    return !!m && (!caseSensitive || m.name === name);
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

/** Optimal-string-alignment distance with an early exit once every cell exceeds `limit`. */
export function damerauLevenshtein(a: string, b: string, limit = Infinity): number {
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return rowMin;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}
