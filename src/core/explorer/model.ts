/**
 * The permission explorer's data model, shared by the sidebar tree, the QuickPick and the detail
 * page: one entry per permission name (both kinds together), grouped by resource application and
 * by resource (the name's first segment: `Calls`, `Mail`, `User`, …). Pure: no `vscode` import.
 */
import { GRAPH_APP_ID } from '../permissions/guid';
import { riskOfReference, type RiskScore } from '../permissions/risk';
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
  /** High-privilege classification of each kind that has one (see rules/data/privilege.ts). */
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
 * default risk threshold — the same test as the `high-privilege` rule at its default.
 */
export function highPrivilegeOf(match: PermissionMatch): { kind: PermissionKind; reason: string }[] {
  return highPrivilegeKinds(match).map(({ kind, reason }) => ({ kind, reason }));
}

export function entryOf(store: PermissionStore, match: PermissionMatch): PermissionEntry {
  return {
    name: match.name,
    resourceAppId: match.resourceAppId,
    match,
    kinds: store.kindsOf(match),
    resource: resourceSegment(match.name),
    displayText: match.application?.displayName || match.delegated?.displayName || '',
    highPrivilege: highPrivilegeOf(match),
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
export function riskLabel(entry: PermissionEntry): string {
  return entry.risk ? `Risk ${entry.risk.score.toFixed(1)}` : '';
}

const rankCache = new WeakMap<PermissionStore, PermissionEntry[]>();

/** Every permission of the store, riskiest first (ties by resource app, Microsoft Graph first, then name). Cached per store. */
export function rankByRisk(store: PermissionStore): PermissionEntry[] {
  const hit = rankCache.get(store);
  if (hit) return hit;
  const out = [...permissionEntries(store)].sort((a, b) => (b.risk?.score ?? -1) - (a.risk?.score ?? -1) || compareEntries(a, b));
  rankCache.set(store, out);
  return out;
}

const cache = new WeakMap<PermissionStore, PermissionEntry[]>();

/** Every permission name of the store once (both kinds in one entry), sorted by name, Microsoft Graph first. Cached per store. */
export function permissionEntries(store: PermissionStore): PermissionEntry[] {
  const hit = cache.get(store);
  if (hit) return hit;
  const seen = new Set<string>();
  const out: PermissionEntry[] = [];
  for (const p of store.permissions()) {
    const k = keyOf({ name: p.value, resourceAppId: p.resourceAppId });
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(entryOf(store, store.matchOf(p)));
  }
  out.sort(compareEntries);
  cache.set(store, out);
  return out;
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
export function groupByResource(store: PermissionStore): AppGroup[] {
  const apps = new Map<string, AppGroup>();
  for (const e of permissionEntries(store)) {
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
export function findEntry(store: PermissionStore, key: PermissionKey): PermissionEntry | undefined {
  const m = store.byName(key.name, key.resourceAppId);
  return m ? entryOf(store, m) : undefined;
}

/** "Application · Delegated" */
export function kindsLabel(kinds: readonly PermissionKind[]): string {
  return kinds.join(' · ');
}
