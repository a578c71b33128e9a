/**
 * Renders the least-privilege report (call sites → needed permissions → requested permissions)
 * as JSON and as Markdown. Everything from code or metadata is escaped in Markdown.
 */
import { codeSpan, escapeMarkdown } from '../markdown';
import type { AppUsageReport, CallSite } from './leastPrivilege';

export function reportJson(apps: readonly AppUsageReport[]): object {
  return {
    version: 1,
    apps: apps.map((a) => ({
      folder: a.folder,
      ...(a.app ? { app: a.app } : {}),
      store: a.store,
      hasPathData: a.hasPathData,
      notes: a.notes,
      manifests: a.manifests,
      calls: a.calls.map((c) => ({
        file: c.file,
        line: c.line,
        column: c.column,
        method: c.method,
        path: c.path,
        ...(c.version ? { version: c.version } : {}),
        source: c.source,
        snippet: c.snippet,
        kind: c.kind,
        kindReason: c.kindReason,
        leastPrivileged: c.leastPrivileged ?? null,
        ...(c.onlyKind ? { onlyKind: c.onlyKind } : {}),
        candidates: c.candidates,
        coveredBy: c.coveredBy,
      })),
      needed: a.needed,
      requested: a.requested,
      findings: a.findings.map((f) => ({
        rule: f.code,
        severity: f.severity,
        file: f.file,
        line: f.line,
        column: f.column,
        message: f.message,
        fixes: f.fixes.map((x) => x.title),
      })),
      unmatched: a.unmatched,
    })),
  };
}

function cell(text: string): string {
  return escapeMarkdown(text);
}

function code(text: string): string {
  return codeSpan(text).replace(/\|/g, '\\|');
}

/** `POST /communications/calls` taken as Delegated: the path exists, for Application only. */
export function onlyKindText(c: CallSite): string {
  if (!c.onlyKind) return '';
  return `the path exists, but only ${c.onlyKind.kind} permissions allow it (least privileged: ${c.onlyKind.least}); this call is taken as ${c.kind}`;
}

/** An app whose least privilege is off by setting (no report). */
export function disabledAppMarkdown(name: string, manifests: readonly string[]): string {
  return `## ${cell(name)}\n\nLeast privilege off by the graphPermissionLens.leastPrivilege.excludeManifests setting for ${manifests.map(code).join(', ')}.\n`;
}

export function reportMarkdown(apps: readonly AppUsageReport[]): string {
  const out: string[] = ['# Least-privilege report', ''];
  for (const a of apps) {
    out.push(`## ${a.folder ? cell(a.folder) : 'App'}`, '');
    if (a.app) out.push(`App boundary: ${cell(a.app.boundary)}.`, '');
    if (a.app?.excluded.length) out.push(`Least privilege off (setting) for: ${a.app.excluded.map(code).join(', ')}.`, '');
    out.push(`Metadata: ${cell(a.store)}.`, '');
    for (const n of a.notes) out.push(`> ${cell(n)}`, '');
    if (!a.hasPathData) {
      out.push(`Detected ${a.calls.length} Graph call${a.calls.length === 1 ? '' : 's'}; without path data no permission can be matched to them.`, '');
      continue;
    }
    out.push(`Manifests: ${a.manifests.length ? a.manifests.map(code).join(', ') : 'none found (only the needed permissions are listed)'}.`, '');
    out.push('### Call sites', '');
    if (!a.calls.length) out.push('No Graph calls detected.', '');
    else {
      out.push('| Where | Call | Kind | Least privileged | Requested that allow it |', '|---|---|---|---|---|');
      for (const c of a.calls) {
        const kind = `${c.kind} (${cell(c.kindReason)})`;
        const least = c.leastPrivileged ? code(c.leastPrivileged) : c.onlyKind ? `*${cell(onlyKindText(c))}*` : '*no upstream path matches*';
        const covered = c.coveredBy.length ? c.coveredBy.map(code).join(', ') : a.manifests.length && c.leastPrivileged ? '**none**' : '-';
        out.push(`| ${code(`${c.file}:${c.line}`)} | ${code(`${c.method} ${c.version === 'beta' ? '/beta' : ''}${c.path}`)} | ${kind} | ${least} | ${covered} |`);
      }
      out.push('');
    }
    out.push('### Needed permissions (least-privileged set covering every matched call)', '');
    if (!a.needed.length) out.push('None.', '');
    else {
      out.push('| Permission | Kind | Calls | Requested |', '|---|---|---:|---|');
      for (const n of a.needed) out.push(`| ${code(n.name)} | ${n.kind} | ${n.calls.length} | ${n.requested ? 'yes' : '**no**'} |`);
      out.push('');
    }
    if (a.manifests.length) {
      out.push('### Requested permissions', '');
      if (!a.requested.length) out.push('None.', '');
      else {
        out.push('| Manifest | Permission | Kind | Calls allowed | Status |', '|---|---|---|---:|---|');
        for (const r of a.requested) {
          const status =
            r.status === 'over-broad' ? `over-broad: ${code(r.narrower ?? '')} suffices` : r.status === 'not-graph-path' ? 'no Graph paths (sign-in or other)' : r.status;
          out.push(`| ${code(`${r.file}:${r.line}`)} | ${code(r.name)} | ${r.kind} | ${r.calls.length} | ${status} |`);
        }
        out.push('');
      }
    }
    if (a.findings.length) {
      out.push('### Findings', '');
      for (const f of a.findings) out.push(`- ${code(`${f.file}:${f.line}:${f.column}`)} **${f.code}** (${f.severity}): ${cell(f.message)}`);
      out.push('');
    }
  }
  return out.join('\n');
}
