/** Hover text for a Graph call in code: its least-privileged permissions per kind. */
import type { DocumentFormat } from '../analyze';
import { codeSpan, escapeMarkdown } from '../text/markdown';
import type { PermissionStore } from '../store/store';
import type { PermissionKind } from '../store/storeData';
import { detectGraphCalls, type CallContext, type GraphCall } from './detect';
import { leastForCall, noPathDataMessage, scopedLeastOf, scopedLeastText, uncheckedProperties, type MatchRule } from './analysis';
import { FALLBACK_TEXT } from './matcher';

/** The detected call whose range holds `offset`, if any. */
export function callAt(text: string, format: DocumentFormat, offset: number, context?: CallContext): GraphCall | undefined {
  return detectGraphCalls(text, format, context).find((c) => offset >= c.start && offset <= c.end);
}

const RULE_TEXT: Record<MatchRule, string> = {
  ...FALLBACK_TEXT,
  'property-select': 'matched by a property it selects or expands, which the permission data lists as a path of its own ($select=mailboxSettings needs what /mailboxSettings needs)',
};

/** Markdown (escaped) for a call: method + path, then per kind the least-privileged permissions. */
export function callHoverMarkdown(store: PermissionStore, call: GraphCall, maxPerKind = 3): string {
  const head = `**Microsoft Graph call** ${codeSpan(`${call.method} ${call.version === 'beta' ? '/beta' : ''}${call.path}`)}`;
  if (!store.loadPathData()) return `${head}\n\n${escapeMarkdown(noPathDataMessage(store))}`;
  const per = leastForCall(store, call);
  const lines = [head, ''];
  const rules = new Set<MatchRule>();
  const scopedNotes: string[] = [];
  for (const kind of ['Delegated', 'Application'] as PermissionKind[]) {
    const c = per[kind];
    if (!c.length && kind === 'Application' && /^\/me(?:\/|$)/i.test(call.path)) {
      lines.push(`- **${kind}**: not applicable: an app-only token has no signed-in user for ${codeSpan('/me')}`);
      continue;
    }
    if (!c.length) {
      lines.push(`- **${kind}**: no upstream permission lists this method and path (not as written, nor as /me ↔ /users/{id}, nor without /$value, /$count or /$ref)`);
      continue;
    }
    if (c[0].rule) rules.add(c[0].rule);
    const shown = c.slice(0, maxPerKind).map((x, i) => {
      const pair = x.alsoRequires?.length ? ` + ${x.alsoRequires.map(codeSpan).join(' or ')} (counts only together)` : '';
      return `${codeSpan(x.name)}${pair}${i === 0 ? ' (least privileged)' : ''}`;
    });
    lines.push(`- **${kind}**: ${shown.join(', ')}${c.length > maxPerKind ? escapeMarkdown(` and ${c.length - maxPerKind} more`) : ''}`);
    const scoped = scopedLeastOf(c);
    if (scoped) {
      const text = scopedLeastText(scoped, codeSpan, escapeMarkdown);
      if (!scopedNotes.includes(text)) scopedNotes.push(text);
    }
  }
  for (const t of scopedNotes) lines.push('', `*Scoped permission:* ${t}.`);
  for (const r of rules) lines.push('', `*Path:* ${escapeMarkdown(RULE_TEXT[r])}.`);
  const unchecked = uncheckedProperties(store, call);
  if (unchecked.length) {
    const names = unchecked.slice(0, 6).map(codeSpan).join(', ') + (unchecked.length > 6 ? escapeMarkdown(` and ${unchecked.length - 6} more`) : '');
    lines.push('', `*Property-level needs not checked* for ${names}: the published permission data has no entry for them (${codeSpan('$select')} / ${codeSpan('$expand')}); some properties need more than the path does.`);
  }
  return lines.join('\n');
}
