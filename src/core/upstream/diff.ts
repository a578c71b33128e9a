/** What changed between two permission stores: added, removed and changed permissions (by resource app, GUID and kind). */
import type { Permission, PermissionStore } from '../store/store';

export interface DiffEntry {
  resourceAppId: string;
  id: string;
  kind: Permission['kind'];
  name: string;
  /** For changed entries: the fields that differ, with before → after where short. */
  changes?: string[];
}

export interface StoreDiff {
  added: DiffEntry[];
  removed: DiffEntry[];
  changed: DiffEntry[];
  /** Graph methods (distinct method + path, PermissionStore.counts), before and after (0 without path data). */
  methodsBefore: number;
  methodsAfter: number;
  /**
   * Permissions that had no description before and have one after (the bundled metadata carries
   * facts for every permission but sentences only where its npm source has them): not a change of
   * the facts, counted apart.
   */
  describedAfter: number;
}

const FIELDS = ['value', 'displayName', 'description', 'userDisplayName', 'userDescription', 'adminConsentRequired', 'enabled', 'hidden', 'privilegeLevel'] as const;
const SHORT = new Set(['value', 'adminConsentRequired', 'enabled', 'hidden', 'privilegeLevel']);
const SENTENCES = new Set(['displayName', 'description', 'userDisplayName', 'userDescription']);

function key(p: Permission): string {
  return `${p.resourceAppId}|${p.id}|${p.kind}|${p.value.toLowerCase()}`;
}

function entry(p: Permission): DiffEntry {
  return { resourceAppId: p.resourceAppId, id: p.id, kind: p.kind, name: p.value };
}

/** The store's own figure (PermissionStore.counts: distinct method + path), so the messages agree. */
function countMethods(s: PermissionStore): number {
  if (!s.loadPathData()) return 0;
  return s.counts().methods ?? 0;
}

function show(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}

export function diffStores(before: PermissionStore, after: PermissionStore): StoreDiff {
  const a = new Map(before.permissions().map((p) => [key(p), p]));
  const b = new Map(after.permissions().map((p) => [key(p), p]));
  const byIdKind = (m: Map<string, Permission>): Map<string, Permission> => new Map([...m.values()].map((p) => [`${p.resourceAppId}|${p.id}|${p.kind}`, p]));
  const aIdKind = byIdKind(a);
  const added: DiffEntry[] = [];
  const removed: DiffEntry[] = [];
  const changed: DiffEntry[] = [];
  const matchedBefore = new Set<Permission>();
  let describedAfter = 0;
  for (const [k, p] of b) {
    // Same GUID+kind under another name counts as a change (a rename), not as add + remove.
    const q = a.get(k) ?? (a.has(k) ? undefined : aIdKind.get(`${p.resourceAppId}|${p.id}|${p.kind}`));
    if (!q || matchedBefore.has(q)) {
      added.push(entry(p));
      continue;
    }
    matchedBefore.add(q);
    const changes: string[] = [];
    if (!q.description && p.description) describedAfter++;
    for (const f of FIELDS) {
      const x = (q as unknown as Record<string, unknown>)[f];
      const y = (p as unknown as Record<string, unknown>)[f];
      if ((x ?? '') === (y ?? '') || (f === 'hidden' && !x && !y)) continue;
      if (SENTENCES.has(f) && !x) continue; // a sentence the bundled metadata lacked: describedAfter
      changes.push(SHORT.has(f) ? `${f}: ${show(x)} → ${show(y)}` : f);
    }
    if (changes.length) changed.push({ ...entry(p), changes });
  }
  for (const p of a.values()) if (!matchedBefore.has(p)) removed.push(entry(p));
  const order = (x: DiffEntry, y: DiffEntry): number => (x.name.toLowerCase() < y.name.toLowerCase() ? -1 : x.name.toLowerCase() > y.name.toLowerCase() ? 1 : x.kind < y.kind ? -1 : 1);
  return {
    added: added.sort(order),
    removed: removed.sort(order),
    changed: changed.sort(order),
    methodsBefore: countMethods(before),
    methodsAfter: countMethods(after),
    describedAfter,
  };
}

/** "412 added, 3 removed, 57 changed" */
export function diffSummary(d: StoreDiff): string {
  const parts = [`${d.added.length} added`, `${d.removed.length} removed`, `${d.changed.length} changed`];
  const methods = d.methodsAfter !== d.methodsBefore ? `; Graph methods ${d.methodsBefore} → ${d.methodsAfter}` : '';
  const described = d.describedAfter ? `; descriptions for ${d.describedAfter} permission${d.describedAfter === 1 ? '' : 's'} the bundled metadata has none for` : '';
  return parts.join(', ') + methods + described;
}

/** A plain-text report of the whole diff (for an output channel or a virtual document). */
export function formatDiff(d: StoreDiff, title: string): string {
  const lines = [title, '', diffSummary(d), ''];
  const section = (head: string, list: DiffEntry[]): void => {
    lines.push(`${head} (${list.length})`);
    for (const e of list) lines.push(`  ${e.name} (${e.kind}) ${e.id}${e.changes ? ' — ' + e.changes.join('; ') : ''}`);
    lines.push('');
  };
  section('Added', d.added);
  section('Removed', d.removed);
  section('Changed', d.changed);
  return lines.join('\n');
}
