/**
 * The CLI `lookup`'s view of a permission beyond its identifiers and texts (the CLI's version of the
 * detail page): privilege level, admin consent, the Graph methods per kind with least-privileged
 * marks, and the resource types it touches. Pure: the caller passes the store and, when it has
 * read data/resources.json, the resource index. Terminal output is made safe by the caller.
 */
import type { Permission, PermissionMatch, PermissionStore } from '../store/store';
import { groupByMethod, PATHS_VERSION_NOTE, privilegeLevelText } from '../upstream/methods';
import type { ResourceIndex } from './resources';
import { looksHandMade } from '../permissions/guid';
import { servedByNote, unverifiedGuidNote } from '../permissions/notes';
import { wellKnownAppName } from '../permissions/wellKnownApps';

export interface LookupMethod {
  method: string;
  path: string;
  least: boolean;
  alsoRequires?: string[];
}

export interface LookupKindFacts {
  privilegeLevel: number | null;
  adminConsentRequired: boolean;
  hidden: boolean;
  personalAccounts?: boolean;
  /** Null when the store has no path data. */
  methods: LookupMethod[] | null;
  /** The service Microsoft's provisioning data names behind the permission (it is still requested under Graph). */
  servedBy?: { appId: string; displayName?: string };
  /** The GUID's hex digits run in sequence: possibly a placeholder in the published metadata. */
  unverifiedId?: true;
}

export interface LookupResources {
  certainty: string;
  note?: string;
  types: { name: string; properties: string[] }[];
}

export function kindFacts(store: PermissionStore, p: Permission): LookupKindFacts {
  const methods = store.methodsOf(p);
  const f: LookupKindFacts = {
    privilegeLevel: p.privilegeLevel ?? null,
    adminConsentRequired: p.adminConsentRequired,
    hidden: !!p.hidden,
    methods: methods ? methods.map((m) => ({ method: m.method, path: m.path, least: m.least, ...(m.alsoRequires ? { alsoRequires: [...m.alsoRequires] } : {}) })) : null,
  };
  if (p.kind === 'Delegated') f.personalAccounts = !!p.personal;
  if (p.servedBy) {
    const name = wellKnownAppName(p.servedBy);
    f.servedBy = { appId: p.servedBy, ...(name ? { displayName: name } : {}) };
  }
  if (looksHandMade(p.id)) f.unverifiedId = true;
  return f;
}

export function lookupResources(index: ResourceIndex, match: PermissionMatch): LookupResources {
  const r = index.resourcesOf(match.name, match.resourceAppId);
  return {
    certainty: r.mapping.certainty,
    ...(r.mapping.note ? { note: r.mapping.note } : {}),
    types: r.tables.map((t) => ({ name: t.name, properties: t.properties.map((x) => x.name) })),
  };
}

/** Text lines (unescaped: the CLI strips control characters) for one kind: facts and methods grouped by method. */
export function kindFactLines(store: PermissionStore, p: Permission, indent = '              '): string[] {
  const f = kindFacts(store, p);
  const level = privilegeLevelText(p.privilegeLevel);
  const facts = [level ? `privilege level ${level}` : 'privilege level unknown', p.hidden ? 'hidden upstream' : '', p.personal ? 'also personal accounts' : ''].filter(Boolean);
  const lines = [`${indent}${facts.join(', ')}`];
  if (!f.methods) {
    lines.push(`${indent}Graph methods: not in ${store.describe()} (run with --metadata for upstream path data)`);
    return lines;
  }
  if (!f.methods.length) {
    lines.push(`${indent}Graph methods: none listed upstream`);
    return lines;
  }
  const least = f.methods.filter((m) => m.least).length;
  lines.push(`${indent}Graph methods (${f.methods.length}, least privileged for ${least}; * = least privileged; ${PATHS_VERSION_NOTE}):`);
  for (const g of groupByMethod(store.methodsOf(p) ?? [])) {
    for (const m of g.entries) {
      lines.push(`${indent}  ${m.least ? '*' : ' '} ${m.method.padEnd(6)} ${m.path}${m.alsoRequires?.length ? `  (also requires ${m.alsoRequires.join(', ')})` : ''}`);
    }
  }
  return lines;
}

/** The notes of the hover and the detail page about a permission's ids and service, as text lines (unescaped, as kindFactLines). */
export function noteLines(match: PermissionMatch, indent = '  '): string[] {
  const kinds = [match.application, match.delegated].filter((p): p is Permission => !!p);
  return [unverifiedGuidNote(kinds), servedByNote(kinds)].filter((n): n is string => !!n).map((n) => `${indent}${n}`);
}

export function resourceLines(r: LookupResources, indent = '  '): string[] {
  const lines: string[] = [];
  if (!r.types.length) {
    lines.push(`${indent}Resources: ${r.note ?? 'none mapped'}`);
    return lines;
  }
  lines.push(`${indent}Resources${r.certainty === 'name' ? ' (matched by name only)' : ''}:`);
  for (const t of r.types) lines.push(`${indent}  ${t.name}: ${t.properties.join(', ')}`);
  return lines;
}
