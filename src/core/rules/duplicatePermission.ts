/**
 * duplicate-permission — the same permission twice under one resource application.
 */
import type { ResolvedReference } from '../permissions/resolve';
import type { Rule } from './types';
import { declared, removeListElement } from './util';

/**
 * Per resourceAccess block (the offset of its resourceAppId): a file may hold several applications
 * (an export, a Bicep file), each with its own Graph block, and those are not duplicates of each other.
 */
function key(r: ResolvedReference): string {
  const app = `${r.resourceAppId}@${r.ref.resourceAppRange?.start ?? ''}`;
  if (r.permission) return `${app}|${r.permission.id}|${r.permission.kind}`;
  return `${app}|${r.ref.form}|${r.ref.name.toLowerCase()}|${r.ref.declaredKind ?? ''}`;
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
    const seen = new Map<string, ResolvedReference>();
    for (const r of declared(ctx.analysis.references)) {
      if (r.ref.position !== 'resourceAccess') continue;
      const k = key(r);
      const first = seen.get(k);
      if (!first) {
        seen.set(k, r);
        continue;
      }
      const pos = ctx.analysis.lines.position(first.ref.start);
      const where = ` (first on line ${pos.line + 1})`;
      const name = r.match?.name ?? r.ref.text;
      report({
        start: r.ref.start,
        end: r.ref.end,
        message: `${name}${r.permission ? ` (${r.permission.kind})` : ''} is already listed${where}.`,
        fixes: () => (r.ref.entry ? [{ title: 'Remove the repeated entry', edits: [removeListElement(ctx.text, r.ref.entry.start, r.ref.entry.end)], preferred: true }] : []),
      });
    }
  },
};
