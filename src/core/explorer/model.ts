/**
 * The permission explorer's data model, shared by the sidebar tree, the QuickPick and the detail
 * page: one entry per permission name (both kinds together), grouped by resource application and
 * by resource (the name's first segment: `Calls`, `Mail`, `User`, …). Pure: no `vscode` import.
 *
 * The high-privilege marks follow a risk threshold (`graphPermissionLens.highPrivilege.riskThreshold`,
 * default 7.0), the same test as the `high-privilege` rule: every function that builds entries
 * takes it, and the caches are kept per store and threshold.
 */
import { GRAPH_APP_ID } from '../permissions/guid';
import { DEFAULT_RISK_THRESHOLD, riskOfReference, type RiskScore } from '../permissions/risk';
import { highPrivilegeKinds } from '../rules/highPrivilege';
import type { PermissionMatch, PermissionStore } from '../store/store';
import type { PermissionKind } from '../store/storeData';

/** What identifies a permission across the explorer, the commands and a restored detail page. */
export interface PermissionKey {
  name: string;
  resourceAppId: string;
}

export interface PermissionEntry extends PermissionKey {
  match: PermissionMatch;
  kinds: PermissionKind[];
  /** The name's first segment (`Calls` for `Calls.AccessMedia.All`). */
  resource: string;
  /** Admin display text: the application role's, else the delegated scope's. */
  displayText: string;
  /** Each kind whose risk score reaches the risk threshold the entry was built with, and why. */
  highPrivilege: { kind: PermissionKind; reason: string }[];
  /** The risk score of the riskier kind (src/core/permissions/risk.ts): what the explorer shows and sorts by. */
  risk?: RiskScore & { kind: PermissionKind };
}

export interface ResourceGroup {
  resource: string;
  resourceAppId: string;
  entries: PermissionEntry[];
}

export interface AppGroup {
  resourceAppId: string;
  displayName: string;
  groups: ResourceGroup[];
  count: number;
}

export function keyOf(k: PermissionKey): string {
  return `${k.resourceAppId.toLowerCase()}|${k.name.toLowerCase()}`;
}

/** `Calls.AccessMedia.All` → `Calls`; `offline_access` → `offline_access`. */
export function resourceSegment(name: string): string {
  const i = name.indexOf('.');
  return i < 0 ? name : name.slice(0, i);
}

/**
 * The high-privilege kinds of a match, with their reasons: those whose risk score reaches the
 * risk threshold — the same test as the `high-privilege` rule.
 */
export function highPrivilegeOf(match: PermissionMatch, threshold: number = DEFAULT_RISK_THRESHOLD): { kind: PermissionKind; reason: string }[] {
  return highPrivilegeKinds(match, threshold).map(({ kind, reason }) => ({ kind, reason }));
}

export function entryOf(store: PermissionStore, match: PermissionMatch, threshold: number = DEFAULT_RISK_THRESHOLD): PermissionEntry {
  return {
    name: match.name,
    resourceAppId: match.resourceAppId,
    match,
    kinds: store.kindsOf(match),
    resource: resourceSegment(match.name),
    displayText: match.application?.displayName || match.delegated?.displayName || '',
    highPrivilege: highPrivilegeOf(match, threshold),
    ...riskOfEntry(match),
  };
}

function riskOfEntry(match: PermissionMatch): { risk?: RiskScore & { kind: PermissionKind } } {
  const perms = { application: match.application, delegated: match.delegated };
  const r = riskOfReference('Unknown', perms);
  if (!r) return {};
  const a = match.application && riskOfReference('Application', perms);
  return { risk: { ...r, kind: a && a.score === r.score ? 'Application' : 'Delegated' } };
}

/** `Risk 7.0`: the item description's prefix. */
export function riskLabel(entry: { risk?: { score: number } }): string {
  return entry.risk ? `Risk ${entry.risk.score.toFixed(1)}` : '';
}

/**
 * A cache per store and risk threshold. Only the latest threshold is kept per store: the setting
 * changes rarely, and an entry list is rebuilt in a few milliseconds.
 */
export class ThresholdCache<T> {
  private readonly map = new WeakMap<PermissionStore, { threshold: number; value: T }>();

  get(store: PermissionStore, threshold: number, build: () => T): T {
    const hit = this.map.get(store);
    if (hit && hit.threshold === threshold) return hit.value;
    const value = build();
    this.map.set(store, { threshold, value });
    return value;
  }
}

const rankCache = new ThresholdCache<PermissionEntry[]>();

/** Every permission of the store, riskiest first (ties by resource app, Microsoft Graph first, then name). Cached per store and threshold. */
export function rankByRisk(store: PermissionStore, threshold: number = DEFAULT_RISK_THRESHOLD): PermissionEntry[] {
  return rankCache.get(store, threshold, () =>
    [...permissionEntries(store, threshold)].sort((a, b) => (b.risk?.score ?? -1) - (a.risk?.score ?? -1) || compareEntries(a, b)),
  );
}

const cache = new ThresholdCache<PermissionEntry[]>();

/** Every permission name of the store once (both kinds in one entry), sorted by name, Microsoft Graph first. Cached per store and threshold. */
export function permissionEntries(store: PermissionStore, threshold: number = DEFAULT_RISK_THRESHOLD): PermissionEntry[] {
  return cache.get(store, threshold, () => buildEntries(store, threshold));
}

function buildEntries(store: PermissionStore, threshold: number): PermissionEntry[] {
  const seen = new Set<string>();
  const out: PermissionEntry[] = [];
  for (const p of store.permissions()) {
    const k = keyOf({ name: p.value, resourceAppId: p.resourceAppId });
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(entryOf(store, store.matchOf(p), threshold));
  }
  return out.sort(compareEntries);
}

function compareEntries(a: PermissionKey, b: PermissionKey): number {
  const ga = a.resourceAppId === GRAPH_APP_ID ? 0 : 1;
  const gb = b.resourceAppId === GRAPH_APP_ID ? 0 : 1;
  if (ga !== gb) return ga - gb;
  if (a.resourceAppId !== b.resourceAppId) return a.resourceAppId < b.resourceAppId ? -1 : 1;
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The tree of "All permissions": resource apps (Microsoft Graph first), each with its resource groups sorted case-insensitively. */
export function groupByResource(store: PermissionStore, threshold: number = DEFAULT_RISK_THRESHOLD): AppGroup[] {
  const apps = new Map<string, AppGroup>();
  for (const e of permissionEntries(store, threshold)) {
    let app = apps.get(e.resourceAppId);
    if (!app) {
      app = { resourceAppId: e.resourceAppId, displayName: store.resourceApp(e.resourceAppId)?.displayName ?? e.resourceAppId, groups: [], count: 0 };
      apps.set(e.resourceAppId, app);
    }
    let g = app.groups.find((x) => x.resource === e.resource);
    if (!g) {
      g = { resource: e.resource, resourceAppId: e.resourceAppId, entries: [] };
      app.groups.push(g);
    }
    g.entries.push(e);
    app.count++;
  }
  const list = [...apps.values()];
  for (const a of list) a.groups.sort((x, y) => x.resource.toLowerCase().localeCompare(y.resource.toLowerCase()));
  return list; // insertion order follows permissionEntries: Graph first
}

/** The entry for a key (case-insensitive name), or undefined. */
export function findEntry(store: PermissionStore, key: PermissionKey, threshold: number = DEFAULT_RISK_THRESHOLD): PermissionEntry | undefined {
  const m = store.byName(key.name, key.resourceAppId);
  return m ? entryOf(store, m, threshold) : undefined;
}

/** "Application · Delegated" */
export function kindsLabel(kinds: readonly PermissionKind[]): string {
  return kinds.join(' · ');
}
