/**
 * Matching for the "Show Permission…" QuickPick: every word typed must occur in the permission's
 * name, one of its GUIDs, its display texts or its descriptions (case-insensitive), and results
 * are ranked name-first. Items are prepared once per store so that a keystroke is one pass of
 * `String.includes` over ~650 short strings.
 */
import { GRAPH_APP_ID } from '../permissions/guid';
import type { PermissionMatch, PermissionStore } from '../store/store';
import { DEFAULT_RISK_THRESHOLD } from '../permissions/risk';
import type { PermissionKind } from '../store/storeData';
import { kindsLabel, permissionEntries, ThresholdCache, type PermissionEntry, type PermissionKey } from './model';

/** One QuickPick item; `entry` is the store's entry (`searchItems`) or the plain-data one of a permission list (listing.ts). */
export interface SearchItem<E extends PermissionKey = PermissionEntry> {
  entry: E;
  /** QuickPick label, description and detail (plain text; QuickPick renders no Markdown in them). */
  label: string;
  description: string;
  detail: string;
  /** Lower-cased fields, prepared once. */
  nameLc: string;
  ids: string[];
  textLc: string;
}

const itemCache = new ThresholdCache<SearchItem[]>();

/** The QuickPick's items, marked high privilege at the risk threshold. Cached per store and threshold. */
export function searchItems(store: PermissionStore, threshold: number = DEFAULT_RISK_THRESHOLD): SearchItem[] {
  return itemCache.get(store, threshold, () => buildItems(store, threshold));
}

function buildItems(store: PermissionStore, threshold: number): SearchItem[] {
  return permissionEntries(store, threshold).map((entry) => {
    const { application: a, delegated: d } = entry.match;
    return searchItemOf(entry, store.resourceApp(entry.resourceAppId)?.displayName, [a?.id, d?.id].filter((t): t is string => !!t), searchTextOf(entry.match));
  });
}

/** The words the QuickPick matches beyond the name and GUIDs: display texts and descriptions of both kinds, lower-cased. */
export function searchTextOf(match: PermissionMatch): string {
  const { application: a, delegated: d } = match;
  const texts = [a?.displayName, a?.description, d?.displayName, d?.description, d?.userDisplayName, d?.userDescription].filter((t): t is string => !!t);
  return texts.join('\n').toLowerCase();
}

/** One QuickPick item of an entry: the same label, description and matching fields whichever side built the entry. */
export function searchItemOf<E extends PermissionKey & { kinds: readonly PermissionKind[]; highPrivilege: readonly unknown[]; displayText: string }>(
  entry: E,
  appName: string | undefined,
  ids: string[],
  textLc: string,
): SearchItem<E> {
  const app = entry.resourceAppId === GRAPH_APP_ID ? '' : ` · ${appName ?? entry.resourceAppId}`;
  return {
    entry,
    label: entry.name,
    description: `${kindsLabel(entry.kinds)}${app}${entry.highPrivilege.length ? ' · high privilege' : ''}`,
    detail: entry.displayText,
    nameLc: entry.name.toLowerCase(),
    ids,
    textLc,
  };
}

/** Rank of one item for the query words, or -1 when some word matches nothing. Lower is better. */
function rank(item: SearchItem<PermissionKey>, words: readonly string[], whole: string): number {
  let score = 0;
  for (const w of words) {
    if (item.nameLc.includes(w)) continue;
    if (w.length >= 4 && item.ids.some((id) => id.includes(w))) {
      score = Math.max(score, 1);
      continue;
    }
    if (item.textLc.includes(w)) {
      score = Math.max(score, 2);
      continue;
    }
    return -1;
  }
  if (score === 0) {
    // every word is in the name: exact, then prefix, then anywhere
    if (item.nameLc === whole) return 0;
    if (item.nameLc.startsWith(words[0])) return 0.1;
    return 0.2;
  }
  return score;
}

/**
 * The items matching `query`, best first (stable within a rank, so alphabetical). An empty query
 * gives every item. A GUID (or a fragment of at least 4 characters) matches the permission's ids.
 */
export function filterItems<I extends SearchItem<PermissionKey>>(items: readonly I[], query: string, limit = Infinity): I[] {
  const whole = query.trim().toLowerCase();
  if (!whole) return items.slice(0, limit);
  const words = whole.split(/\s+/);
  const buckets: I[][] = [[], [], [], [], []];
  for (const it of items) {
    const r = rank(it, words, whole);
    if (r < 0) continue;
    buckets[r === 0 ? 0 : r === 0.1 ? 1 : r === 0.2 ? 2 : r === 1 ? 3 : 4].push(it);
  }
  const out: I[] = [];
  for (const b of buckets) {
    for (const it of b) {
      if (out.length >= limit) return out;
      out.push(it);
    }
  }
  return out;
}
