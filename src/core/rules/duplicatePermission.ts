/**
 * duplicate-permission — the same permission twice under one resource application.
 */
import type { ResolvedReference } from '../permissions/resolve';
import type { Fix, Rule } from './types';
import { declared, removeListElement } from './util';

/**
 * Per resourceAccess block (the offset of its resourceAppId): a file may hold several applications
 * (an export, a Bicep file), each with its own Graph block, and those are not duplicates of each other.
 * Within a block, a resolved permission is the same by GUID and kind; an unresolved token by its
 * form, lower-cased name and declared kind. Maps keyed by those parts (no key string built per
 * reference: every entry of a manifest passes here).
 */
type Seen = Map<string | undefined, Map<number | undefined, Map<string, ResolvedReference>[]>>;

/** The key's class within a block: a resolved permission by its kind, a token by its form and declared kind. */
function classOf(r: ResolvedReference): number {
  if (r.permission) return r.permission.kind === 'Application' ? 0 : 1;
  const dk = r.ref.declaredKind;
  return (r.ref.form === 'guid' ? 2 : 5) + (dk === undefined ? 0 : dk === 'Application' ? 1 : 2);
}

function firstOf(seen: Seen, r: ResolvedReference): ResolvedReference | undefined {
  let byBlock = seen.get(r.resourceAppId);
  if (!byBlock) seen.set(r.resourceAppId, (byBlock = new Map()));
  const start = r.ref.resourceAppRange?.start;
  let block = byBlock.get(start);
  if (!block) byBlock.set(start, (block = []));
  const c = classOf(r);
  const tokens = (block[c] ??= new Map());
  const token = r.permission ? r.permission.id : r.ref.name.toLowerCase();
  const first = tokens.get(token);
  if (!first) tokens.set(token, r);
  return first;
}

/** The fix, built when read (outside the rule's loop: a closure inside would cost a context per reference). */
function removeFix(text: string, r: ResolvedReference): () => Fix[] {
  return () => (r.ref.entry ? [{ title: 'Remove the repeated entry', edits: [removeListElement(text, r.ref.entry.start, r.ref.entry.end)], preferred: true }] : []);
}

export const duplicatePermission: Rule = {
  id: 'duplicate-permission',
  defaultSeverity: 'warning',
  doc: {
    summary: 'The same permission listed twice in one resourceAccess block.',
    help: 'A repeated entry adds nothing and hides mistakes in reviews (the second one was often meant to be something else).',
    example: '"resourceAccess": [{ "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope" }, { "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope" }]',
    fix: 'Remove the repeated entry.',
  },
  check(ctx, report) {
    const seen: Seen = new Map();
    const refs = declared(ctx.analysis.references);
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      if (r.ref.position !== 'resourceAccess') continue;
      const first = firstOf(seen, r);
      if (!first) continue;
      const pos = ctx.analysis.lines.position(first.ref.start);
      const where = ` (first on line ${pos.line + 1})`;
      const name = r.match?.name ?? r.ref.text;
      report({
        start: r.ref.start,
        end: r.ref.end,
        message: `${name}${r.permission ? ` (${r.permission.kind})` : ''} is already listed${where}.`,
        fixes: removeFix(ctx.text, r),
      });
    }
  },
};
