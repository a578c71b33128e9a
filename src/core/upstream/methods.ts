/**
 * Methods per permission: the Microsoft Graph methods (HTTP method + path) each permission unlocks,
 * from the upstream pathSets, in the order the hover, the detail page and the CLI show them. Data
 * only: the store expands its path data with it, so it knows nothing of the store.
 */
import type { PathSetRecord, PermissionKind, UpstreamScheme } from '../store/storeData';

export interface PermissionMethod {
  /** `GET`, `POST`, … */
  method: string;
  /** URI template as published (`/users/{id}/messages`). */
  path: string;
  /** This permission is the least-privileged choice for this method and path (for its kind). */
  least: boolean;
  /** Permissions that must be granted alongside, when upstream says so. */
  alsoRequires?: string[];
  /** Only when upstream marks the path with a version. */
  version?: 'v1.0' | 'beta';
}

export function schemesOfKind(kind: PermissionKind): UpstreamScheme[] {
  return kind === 'Application' ? ['Application'] : ['DelegatedWork', 'DelegatedPersonal'];
}

export function kindOfScheme(scheme: UpstreamScheme): PermissionKind {
  return scheme === 'Application' ? 'Application' : 'Delegated';
}

const METHOD_ORDER = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

function methodRank(m: string): number {
  const i = METHOD_ORDER.indexOf(m);
  return i < 0 ? METHOD_ORDER.length : i;
}

function segments(path: string): number {
  return path.split('/').length;
}

/** Flattens path sets into one entry per method and path for a kind, least-privileged first, then by path. */
export function expandMethods(sets: readonly PathSetRecord[], kind: PermissionKind): PermissionMethod[] {
  const want = schemesOfKind(kind);
  const byKey = new Map<string, PermissionMethod>();
  for (const set of sets) {
    if (!set.schemes.some((s) => want.includes(s))) continue;
    for (const p of set.paths) {
      const least = !!p.least?.some((s) => want.includes(s) && set.schemes.includes(s));
      for (const method of set.methods) {
        const key = `${method} ${p.path.toLowerCase()} ${p.version ?? ''}`;
        const prev = byKey.get(key);
        if (prev) {
          prev.least ||= least;
          continue;
        }
        const m: PermissionMethod = { method, path: p.path, least };
        if (p.alsoRequires?.length) m.alsoRequires = p.alsoRequires;
        if (p.version) m.version = p.version;
        byKey.set(key, m);
      }
    }
  }
  return [...byKey.values()].sort(
    (a, b) =>
      Number(b.least) - Number(a.least) ||
      segments(a.path) - segments(b.path) ||
      (a.path.toLowerCase() < b.path.toLowerCase() ? -1 : a.path.toLowerCase() > b.path.toLowerCase() ? 1 : 0) ||
      methodRank(a.method) - methodRank(b.method),
  );
}

/** "3 of 4" for the upstream privilege level (1 = least … 4 = most privileged). */
export function privilegeLevelText(level: number | undefined): string | undefined {
  if (level === undefined || !Number.isFinite(level)) return undefined;
  return level >= 1 && level <= 4 ? `${level} of 4` : String(level);
}

/** Said wherever methods are shown: the upstream paths carry no API version. */
export const PATHS_VERSION_NOTE = 'paths as published upstream, without an API version: v1.0 and beta paths are mixed';

/** Methods grouped by HTTP method (GET, POST, PATCH, PUT, DELETE, then others), each group least-privileged first. */
export function groupByMethod<T extends { method: string }>(methods: readonly T[]): { method: string; entries: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const m of methods) {
    let g = groups.get(m.method);
    if (!g) groups.set(m.method, (g = []));
    g.push(m);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => methodRank(a) - methodRank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([method, entries]) => ({ method, entries }));
}
