/**
 * broader-than-sibling — a permission for which a narrower sibling exists (`ReadWrite` → `Read`,
 * `Read.All` → `ReadBasic.All`, `.All` → `.OwnedBy` / `.Selected` / `.Shared`, `FullControl` →
 * `Manage`). Information only: the code decides whether the narrower one is enough.
 */
import type { ResolvedReference } from '../permissions/resolve';
import type { Permission, PermissionMatch } from '../store/store';
import type { PermissionKind } from '../store/storeData';
import type { Fix, Rule } from './types';
import { declared, replaceName, replaceToken } from './util';

/** Candidate narrower names, most useful first. */
export function narrowerCandidates(name: string): string[] {
  const seg = name.split('.');
  const out: string[] = [];
  const swap = (from: string, to: string): void => {
    const i = seg.indexOf(from);
    if (i > 0) out.push([...seg.slice(0, i), to, ...seg.slice(i + 1)].join('.'));
  };
  swap('FullControl', 'Manage');
  swap('ReadWrite', 'Read');
  if (seg.length >= 3 && seg[seg.length - 1] === 'All') {
    const stem = seg.slice(0, -1);
    if (stem[stem.length - 1] === 'Read') out.push([...stem.slice(0, -1), 'ReadBasic', 'All'].join('.'));
    for (const narrow of ['OwnedBy', 'Selected', 'Shared']) out.push([...stem, narrow].join('.'));
    out.push(`${seg[0]}.Selected`);
  }
  return [...new Set(out)].filter((n) => n !== name);
}

/** narrowerCandidates by name, kept across checks (the names are the store's: bounded). */
const CANDIDATES = new Map<string, readonly string[]>();
const MAX_CANDIDATES = 8192;

function candidatesOf(name: string): readonly string[] {
  let c = CANDIDATES.get(name);
  if (!c) {
    c = narrowerCandidates(name);
    if (CANDIDATES.size < MAX_CANDIDATES) CANDIDATES.set(name, c);
  }
  return c;
}

interface Siblings {
  found: readonly { name: string; perm?: Permission }[];
  message: string;
}

/** The fixes, built when read (a function outside the rule's loop: a closure inside would cost a context per reference). */
function narrowFixes(r: ResolvedReference, found: Siblings['found']): () => Fix[] {
  return () =>
    found.map((s, i) => ({
      title: `Narrow to ${s.name}`,
      edits: [r.ref.form === 'guid' && s.perm ? replaceToken(r, s.perm.id) : replaceName(r, s.name)],
      preferred: i === 0,
    }));
}

export const broaderThanSibling: Rule = {
  id: 'broader-than-sibling',
  defaultSeverity: 'information',
  doc: {
    summary: 'A narrower permission of the same kind exists; the app may not need the broader one.',
    help:
      'Least privilege: request `Mail.Read` rather than `Mail.ReadWrite` when the app only reads, `User.ReadBasic.All` rather than `User.Read.All` when basic profiles suffice, ' +
      '`.OwnedBy` / `.Selected` variants when the app touches only its own or selected resources.',
    example: '"Scopes": "User.Read.All"  (User.ReadBasic.All exists)',
    fix: 'Replace with the narrower permission (GUID or name, as written).',
  },
  check(ctx, report) {
    // The siblings depend only on the name, its app and the kinds: looked up once per distinct triple
    // (a large manifest repeats the same few hundred permissions).
    // (app → match → the kind written, or Unknown for every kind of the match: no key string per reference)
    // The message depends on the same triple: built once with the siblings, shared by every reference.
    const memo = new Map<string, Map<PermissionMatch, Map<string, Siblings>>>();
    const refs = declared(ctx.analysis.references);
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      if (!r.match) continue;
      let byMatch = memo.get(r.resourceAppId);
      if (!byMatch) memo.set(r.resourceAppId, (byMatch = new Map()));
      let byKind = byMatch.get(r.match);
      if (!byKind) byMatch.set(r.match, (byKind = new Map()));
      let known = byKind.get(r.kind);
      if (!known) {
        const kinds: PermissionKind[] = r.kind === 'Unknown' ? ctx.store.kindsOf(r.match) : [r.kind];
        const found: { name: string; perm?: Permission }[] = [];
        for (const cand of candidatesOf(r.match.name)) {
          const m = ctx.store.byName(cand, r.resourceAppId);
          if (!m) continue;
          const same = kinds.map((k) => (k === 'Application' ? m.application : m.delegated)).find((p): p is Permission => !!p);
          if (same) found.push({ name: m.name, perm: same });
        }
        const kindText = r.kind === 'Unknown' ? '' : ` ${r.kind}`;
        const message = found.length
          ? `${r.match.name} is broader than the${kindText} permission${found.length > 1 ? 's' : ''} ${found.map((s) => s.name).join(', ')}: request the narrower one if it covers what the app does.`
          : '';
        byKind.set(r.kind, (known = { found, message }));
      }
      if (known.found.length === 0) continue;
      report({ start: r.ref.start, end: r.ref.end, message: known.message, fixes: narrowFixes(r, known.found) });
    }
  },
};
