/**
 * Methods per permission: the Microsoft Graph methods (HTTP method + path) each permission unlocks,
 * from the upstream pathSets, and the Markdown section the hover and the detail page show.
 */
import { GRAPH_APP_ID } from '../guid';
import { codeSpan, escapeMarkdown } from '../markdown';
import type { Permission, PermissionMatch, PermissionStore } from '../store';
import type { PathSetRecord, PermissionKind, UpstreamScheme } from '../storeData';

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

export interface MethodsSectionOptions {
  /** Maximum paths listed per HTTP method and kind before "and N more" (default 4). */
  maxLines?: number;
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

/**
 * Markdown lines (already escaped) listing the methods each kind of a permission unlocks, grouped
 * by HTTP method, least-privileged marked, with the privilege level and admin consent of the kind.
 * Without path data, says how to get it. Undefined for permissions outside Microsoft Graph
 * (upstream has no paths for them).
 */
export function methodsSection(store: PermissionStore, match: PermissionMatch, opts: MethodsSectionOptions = {}): string | undefined {
  const kinds: Permission[] = [match.application, match.delegated].filter((p): p is Permission => !!p);
  if (!kinds.length || match.resourceAppId !== GRAPH_APP_ID) return undefined;
  if (!store.hasMethods) {
    return '*Graph methods this permission unlocks:* not in the metadata in use. Run **Graph Permissions: Update Metadata** to load the upstream path data.';
  }
  const max = Math.max(1, opts.maxLines ?? 4);
  const star = String.fromCharCode(0x2605);
  const dash = String.fromCharCode(0x2014);
  const lines: string[] = [];
  for (const p of kinds) {
    const methods = store.methodsOf(p);
    if (!methods) continue;
    if (lines.length) lines.push('');
    const level = privilegeLevelText(p.privilegeLevel);
    const facts = [level ? `privilege level ${escapeMarkdown(level)}` : '', p.adminConsentRequired ? 'admin consent required' : 'no admin consent needed'].filter(Boolean).join(', ');
    const head = `**${p.kind}** ${dash} ${facts}`;
    if (!methods.length) {
      lines.push(`${head}: no Graph methods listed upstream.`);
      continue;
    }
    const leastCount = methods.filter((m) => m.least).length;
    lines.push(`${head}: ${methods.length} method${methods.length === 1 ? '' : 's'}, least privileged for ${leastCount || 'none'}:`);
    for (const g of groupByMethod(methods)) {
      const shown = g.entries.slice(0, max).map((m) => {
        const ver = m.version === 'beta' ? ' (beta)' : '';
        const also = m.alsoRequires?.length ? ` (also requires ${m.alsoRequires.map(codeSpan).join(', ')})` : '';
        return `${codeSpan(m.path)}${ver}${m.least ? ' ' + star : ''}${also}`;
      });
      const more = g.entries.length > max ? `, ${escapeMarkdown(`and ${g.entries.length - max} more`)}` : '';
      lines.push(`- **${escapeMarkdown(g.method)}** (${g.entries.length}): ${shown.join(', ')}${more}`);
    }
  }
  if (!lines.length) return undefined;
  return [`*Graph methods this permission unlocks* (${star} = least privileged for the kind; ${PATHS_VERSION_NOTE}):`, '', ...lines].join('\n');
}

/**
 * One line for the hover: "27 methods, least-privileged for 12 — details" for the permission's own
 * kind (`detailsLink`, already safe Markdown, links to the detail page). Without path data, says how
 * to get it. Undefined outside Microsoft Graph (upstream has no paths there).
 */
export function methodsSummary(store: PermissionStore, match: PermissionMatch, p: Permission, detailsLink?: string): string | undefined {
  if (match.resourceAppId !== GRAPH_APP_ID) return undefined;
  if (!store.hasMethods) return 'Graph methods: not in the metadata in use; **Graph Permissions: Update Metadata** loads them.';
  const methods = store.methodsOf(p);
  if (!methods) return undefined;
  const dash = String.fromCharCode(0x2014);
  const tail = detailsLink ? ` ${dash} ${detailsLink}` : '';
  if (!methods.length) return `No Graph methods listed upstream for ${p.kind}${tail}`;
  const least = methods.filter((m) => m.least).length;
  return `${methods.length} method${methods.length === 1 ? '' : 's'}, least-privileged for ${least || 'none'}${tail}`;
}
