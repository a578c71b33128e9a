/**
 * What the explorer's views show, as plain data (no class instances, JSON as is): the permission
 * list of the All permissions tree and the Show Permission picker, a permission resolved from a
 * command argument, the metadata in use, and the permission references of one file for the
 * workspace inventory. The language server answers the explorer's requests with these functions
 * (src/server/explorerHandlers.ts) and the browser entry calls the same ones in the extension host
 * (src/vscode/inHostExplorerSource.ts), so that the two cannot drift. Pure: no `vscode` import.
 *
 * The grouping of the tree (`groupList`) and the risk order (`rankList`) run on the list, wherever
 * it came from, and give the same order as model.ts `groupByResource` / `rankByRisk` on the store.
 */
import { formatOf, analyzeText } from '../analyze';
import { DEFAULT_RISK_THRESHOLD, type RiskBand } from '../permissions/risk';
import type { PermissionStore } from '../store/store';
import type { PermissionKind } from '../store/storeData';
import { skipReason, usagesOfFile, type UsageLocation } from './inventory';
import { entryOf, keyOf, permissionEntries, ThresholdCache, type PermissionEntry, type PermissionKey } from './model';
import { searchItemOf, searchTextOf, type SearchItem } from './search';

/** One permission name (both kinds) as the trees and the picker show it. */
export interface ExplorerEntry extends PermissionKey {
  kinds: PermissionKind[];
  /** The name's first segment (`Calls` for `Calls.AccessMedia.All`). */
  resource: string;
  /** Admin display text: the application role's, else the delegated scope's. */
  displayText: string;
  /** Each kind whose risk score reaches the risk threshold of the list, and why. */
  highPrivilege: { kind: PermissionKind; reason: string }[];
  /** The risk score of the riskier kind, its band and kind (the detail page has the factors). */
  risk?: { score: number; band: RiskBand; kind: PermissionKind };
  /** The GUID of each kind, application first. */
  ids: { kind: PermissionKind; id: string }[];
  /** Display texts and descriptions of both kinds, lower-cased: what the picker matches words against (lists asked `withSearchText`). */
  searchText?: string;
}

/** The permission list of a store at a risk threshold. */
export interface PermissionList {
  /** The store it comes from, for messages: "the bundled metadata (Microsoft Graph upstream of 2026-08-07)". */
  source: string;
  /** Every permission name once, sorted by name, Microsoft Graph first (model.ts `permissionEntries`). */
  entries: ExplorerEntry[];
  /** Display names of the resource apps the entries name (apps the store does not name are absent). */
  apps: { appId: string; displayName: string }[];
}

/** The metadata in use, as Show Metadata Info, the view description and the picker tell it. */
export interface MetadataInfo {
  /** `the bundled metadata (Microsoft Graph upstream of 2026-08-07)` */
  describe: string;
  /** `628 permission names (473 application and 420 delegated GUIDs)…` */
  countsText: string;
  /** Permission names (the picker's placeholder). */
  names: number;
  /** `2026-08-07`: the date of the data. */
  dataDate: string;
  /** `bundled, upstream of 2026-08-07`: the All permissions view's description. */
  dataLabel: string;
  /** `pkg@1.0.0, …`: what the package was built from. */
  sources: string;
  snapshotDate: string;
  origin: string;
  /** Whether the store has Graph methods per permission (path data): the status bar's tooltip says so. */
  hasMethods: boolean;
}

/** The usages of one file: its known permission references, or why it was not read. */
export interface FileReferences {
  uri: string;
  usages: { key: PermissionKey; location: UsageLocation }[];
  /** Not read: over the size limit, or binary. */
  skipped?: 'oversized' | 'binary';
  /** Could not be read or analysed (the message). */
  error?: string;
}

/** The plain-data entry of a store entry. */
export function explorerEntry(e: PermissionEntry, withSearchText = false): ExplorerEntry {
  const { application: a, delegated: d } = e.match;
  const ids = [a, d].filter((p) => !!p).map((p) => ({ kind: p.kind, id: p.id }));
  return {
    name: e.name,
    resourceAppId: e.resourceAppId,
    kinds: [...e.kinds],
    resource: e.resource,
    displayText: e.displayText,
    highPrivilege: e.highPrivilege.map((h) => ({ ...h })),
    ...(e.risk ? { risk: { score: e.risk.score, band: e.risk.band, kind: e.risk.kind } } : {}),
    ids,
    ...(withSearchText ? { searchText: searchTextOf(e.match) } : {}),
  };
}

const listCache = new ThresholdCache<PermissionList>();
const searchListCache = new ThresholdCache<PermissionList>();

/** Every permission of the store as the explorer lists it. Cached per store and threshold. */
export function permissionList(store: PermissionStore, threshold: number = DEFAULT_RISK_THRESHOLD, withSearchText = false): PermissionList {
  return (withSearchText ? searchListCache : listCache).get(store, threshold, () => {
    const entries = permissionEntries(store, threshold).map((e) => explorerEntry(e, withSearchText));
    const apps = new Map<string, string>();
    for (const e of entries) {
      if (apps.has(e.resourceAppId)) continue;
      const name = store.resourceApp(e.resourceAppId)?.displayName;
      if (name) apps.set(e.resourceAppId, name);
    }
    return { source: store.describe(), entries, apps: [...apps].map(([appId, displayName]) => ({ appId, displayName })) };
  });
}

/** A resource app's display name in a list, or its id. */
export function appNameOf(list: PermissionList, appId: string): string {
  return list.apps.find((a) => a.appId === appId)?.displayName ?? appId;
}

export interface ListResourceGroup {
  resource: string;
  resourceAppId: string;
  entries: ExplorerEntry[];
}

export interface ListAppGroup {
  resourceAppId: string;
  displayName: string;
  groups: ListResourceGroup[];
  count: number;
}

/** The tree of All permissions from a list: resource apps in list order (Microsoft Graph first), resource groups sorted case-insensitively. */
export function groupList(list: PermissionList): ListAppGroup[] {
  const names = new Map(list.apps.map((a) => [a.appId, a.displayName]));
  const apps = new Map<string, ListAppGroup & { byResource: Map<string, ListResourceGroup> }>();
  for (const e of list.entries) {
    let app = apps.get(e.resourceAppId);
    if (!app) {
      app = { resourceAppId: e.resourceAppId, displayName: names.get(e.resourceAppId) ?? e.resourceAppId, groups: [], count: 0, byResource: new Map() };
      apps.set(e.resourceAppId, app);
    }
    let g = app.byResource.get(e.resource);
    if (!g) {
      g = { resource: e.resource, resourceAppId: e.resourceAppId, entries: [] };
      app.byResource.set(e.resource, g);
      app.groups.push(g);
    }
    g.entries.push(e);
    app.count++;
  }
  return [...apps.values()].map(({ byResource: _, ...a }) => {
    a.groups.sort((x, y) => x.resource.toLowerCase().localeCompare(y.resource.toLowerCase()));
    return a;
  });
}

/** The list riskiest first; ties keep the list's order (by resource app, Microsoft Graph first, then name), as model.ts `rankByRisk`. */
export function rankList(list: PermissionList): ExplorerEntry[] {
  return [...list.entries].sort((a, b) => (b.risk?.score ?? -1) - (a.risk?.score ?? -1));
}

/** The picker's items of a list asked `withSearchText` (search.ts `filterItems` matches them). */
export function listSearchItems(list: PermissionList): SearchItem<ExplorerEntry>[] {
  const names = new Map(list.apps.map((a) => [a.appId, a.displayName]));
  return list.entries.map((e) =>
    searchItemOf(
      e,
      names.get(e.resourceAppId),
      e.ids.map((i) => i.id),
      e.searchText ?? '',
    ),
  );
}

/**
 * A permission named by a command argument (case-insensitive name, in the key's resource app; with
 * `anyApp`, in any resource app when that one does not have it), or undefined.
 */
export function resolvePermission(store: PermissionStore, key: PermissionKey, threshold: number = DEFAULT_RISK_THRESHOLD, anyApp = false): ExplorerEntry | undefined {
  let m = store.byName(key.name, key.resourceAppId);
  if (!m && anyApp) m = store.resourceApps().map((a) => store.byName(key.name, a.appId)).find((x) => !!x);
  return m ? explorerEntry(entryOf(store, m, threshold)) : undefined;
}

export function metadataInfo(store: PermissionStore): MetadataInfo {
  const p = store.provenance;
  return {
    describe: store.describe(),
    countsText: store.countsText(),
    names: store.counts().names,
    dataDate: store.dataDate,
    dataLabel: store.dataLabel,
    sources: p.sources.map((s) => `${s.package}@${s.version}`).join(', '),
    snapshotDate: p.snapshotDate,
    origin: p.origin,
    hasMethods: store.hasMethods,
  };
}

/** The file name of a URI's path (formats like `aad.manifest.json` are told by name). */
function baseName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/** True for a URI whose file name is of a format the scanners read (only those are inventoried). */
export function isInventoried(uri: string): boolean {
  return formatOf(baseName(uri)) !== undefined;
}

/**
 * The known permission references of one file's text (open editors' unsaved text, or the file read
 * by the host), or why it is not read: over `maxFileSizeKB`, or `bytes` (the file as read, when
 * the host has them) look binary. A file of no format the scanners read has none.
 */
export function fileReferences(store: PermissionStore, uri: string, text: string, maxFileSizeKB: number, bytes?: Uint8Array): FileReferences {
  const format = formatOf(baseName(uri));
  if (!format) return { uri, usages: [] };
  const why = skipReason(bytes ? bytes.length : text.length, maxFileSizeKB, bytes);
  if (why) return { uri, usages: [], skipped: why };
  try {
    const analysis = analyzeText(text, format, store);
    const usages = usagesOfFile(uri, analysis.references, (o) => analysis.lines.position(o)).map((u) => ({ key: { name: u.match.name, resourceAppId: u.match.resourceAppId }, location: u.location }));
    return { uri, usages };
  } catch (e) {
    return { uri, usages: [], error: (e as Error).message };
  }
}

/** Entries of a list by key (`keyOf`), for the workspace tree's items. */
export function entriesByKey(list: PermissionList): Map<string, ExplorerEntry> {
  return new Map(list.entries.map((e) => [keyOf(e), e]));
}
