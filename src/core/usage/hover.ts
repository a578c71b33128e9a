/** Hover text for a Graph call in code: its least-privileged permissions per kind. */
import type { DocumentFormat } from '../analyze';
import { codeSpan, escapeMarkdown } from '../markdown';
import type { PermissionStore } from '../store';
import type { PermissionKind } from '../storeData';
import { detectGraphCalls, type GraphCall } from './detect';
import { leastForCall, noPathDataMessage } from './leastPrivilege';

/** The detected call whose range holds `offset`, if any. */
export function callAt(text: string, format: DocumentFormat, offset: number): GraphCall | undefined {
  return detectGraphCalls(text, format).find((c) => offset >= c.start && offset <= c.end);
}

/** Markdown (escaped) for a call: method + path, then per kind the least-privileged permissions. */
export function callHoverMarkdown(store: PermissionStore, call: GraphCall, maxPerKind = 3): string {
  const head = `**Microsoft Graph call** ${codeSpan(`${call.method} ${call.version === 'beta' ? '/beta' : ''}${call.path}`)}`;
  if (!store.loadPathData()) return `${head}\n\n${escapeMarkdown(noPathDataMessage(store))}`;
  const per = leastForCall(store, call);
  const lines = [head, ''];
  for (const kind of ['Delegated', 'Application'] as PermissionKind[]) {
    const c = per[kind];
    if (!c.length) {
      lines.push(`- **${kind}**: no upstream permission lists this path`);
      continue;
    }
    const shown = c.slice(0, maxPerKind).map((x, i) => `${codeSpan(x.name)}${i === 0 ? ' (least privileged)' : ''}`);
    lines.push(`- **${kind}**: ${shown.join(', ')}${c.length > maxPerKind ? escapeMarkdown(` and ${c.length - maxPerKind} more`) : ''}`);
  }
  return lines.join('\n');
}
