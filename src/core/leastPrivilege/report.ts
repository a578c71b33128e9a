/**
 * Renders the least-privilege report (call sites → needed permissions → requested permissions)
 * as JSON and as Markdown. Everything from code or metadata is escaped in Markdown.
 */
import { codeSpan, escapeMarkdown } from '../text/markdown';
import { scopedLeastText, type AppUsageReport, type CallSite } from './analysis';

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
        ...(c.followUp ? { followUp: { kind: c.followUp.kind, of: a.calls.find((x) => x.file === c.file && x.start === c.followUp!.originStart)?.line ?? null } } : {}),
        ...(c.matchRule ? { matchRule: c.matchRule } : {}),
        ...(c.query ? { query: c.query } : {}),
        ...(c.uncheckedProperties ? { uncheckedProperties: c.uncheckedProperties } : {}),
        ...(c.scopedLeast ? { scopedLeast: c.scopedLeast } : {}),
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
      scopeFiles: a.scopeFiles,
      ...(a.identities?.length ? { identities: (reportJson(a.identities.map((x) => x.report)) as { apps: unknown[] }).apps.map((r, i) => ({ file: a.identities[i].file, identity: 'setup-script', ...(r as object) })) } : {}),
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

/** The findings of an app that belong to its setup scripts (each its own identity). */
function identityFiles(a: AppUsageReport): Set<string> {
  return new Set((a.identities ?? []).map((x) => x.file));
}

/** Call sites, needed and requested permissions of one identity (the app, or one setup script). */
function identityTables(a: AppUsageReport, out: string[], h: string, requestLabel: 'Manifest' | 'Where'): void {
  out.push(`${h} Call sites`, '');
  if (!a.calls.length) out.push('No Graph calls detected.', '');
  else {
    const requestsSomething = a.manifests.length > 0 || a.scopeFiles.length > 0;
    out.push('| Where | Call | Kind | Least privileged | Requested that allow it |', '|---|---|---|---|---|');
    for (const c of a.calls) {
      const kind = `${c.kind} (${cell(c.kindReason)})`;
      const least =
        (c.leastPrivileged ? code(c.leastPrivileged) : c.onlyKind ? `*${cell(onlyKindText(c))}*` : '*no upstream path matches*') +
        (c.scopedLeast ? ` *(${scopedLeastText(c.scopedLeast, code, cell)})*` : '');
      const covered = c.coveredBy.length ? c.coveredBy.map(code).join(', ') : requestsSomething && c.leastPrivileged ? '**none**' : '-';
      const follow = (c.followUp ? ` ${cell(followUpText(c, a))}` : '') + (c.uncheckedProperties?.length ? ` ${cell(`(properties not checked: ${c.uncheckedProperties.join(', ')})`)}` : '');
      out.push(`| ${code(`${c.file}:${c.line}`)} | ${code(`${c.method} ${c.version === 'beta' ? '/beta' : ''}${c.path}`)}${follow} | ${kind} | ${least} | ${covered} |`);
    }
    out.push('');
  }
  out.push(`${h} Needed permissions (least-privileged set covering every matched call)`, '');
  if (!a.needed.length) out.push('None.', '');
  else {
    out.push('| Permission | Kind | Calls | Requested |', '|---|---|---:|---|');
    for (const n of a.needed) out.push(`| ${code(n.name)} | ${n.kind} | ${n.calls.length} | ${n.requested ? 'yes' : '**no**'} |`);
    out.push('');
  }
  if (a.requested.length || a.manifests.length) {
    out.push(`${h} Requested permissions`, '');
    if (!a.requested.length) out.push('None.', '');
    else {
      out.push(`| ${requestLabel} | Permission | Kind | Calls allowed | Status |`, '|---|---|---|---:|---|');
      for (const r of a.requested) {
        const status =
          r.status === 'over-broad' ? `over-broad: ${code(r.narrower ?? '')} suffices` : r.status === 'not-graph-path' ? 'no Graph paths (sign-in or other)' : r.status;
        out.push(`| ${code(`${r.file}:${r.line}`)} | ${code(r.name)} | ${r.kind} | ${r.calls.length} | ${status} |`);
      }
      out.push('');
    }
  }
}

/** `(next page of line 12)`: what a paging follow-up continues. */
export function followUpText(c: CallSite, a: AppUsageReport): string {
  if (!c.followUp) return '';
  const origin = a.calls.find((x) => x.file === c.file && x.start === c.followUp!.originStart);
  const what = c.followUp.kind === 'delta-link' ? 'delta link' : c.followUp.kind === 'page-iterator' ? 'page iterator' : 'next page';
  return origin ? `(${what} of line ${origin.line})` : `(${what})`;
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
    if (a.scopeFiles.length) out.push(`Scopes requested in code or configuration: ${a.scopeFiles.map(code).join(', ')}.`, '');
    identityTables(a, out, '###', 'Manifest');
    const setup = identityFiles(a);
    const own = a.findings.filter((f) => !setup.has(f.file));
    if (own.length) {
      out.push('### Findings', '');
      for (const f of own) out.push(`- ${code(`${f.file}:${f.line}:${f.column}`)} **${f.code}** (${f.severity}): ${cell(f.message)}`);
      out.push('');
    }
    if (a.identities?.length) {
      out.push('### Setup scripts (each its own identity)', '');
      out.push("These scripts call Graph as the administrator who runs them, with the scopes they sign in with: their calls are not the app's needs, and they are compared only with their own sign-in.", '');
      for (const id of a.identities) {
        const r = id.report;
        out.push(`#### ${code(id.file)}`, '');
        const scopes = r.requested.filter((q) => q.source === 'scopes');
        out.push(`Signs in with: ${scopes.length ? scopes.map((q) => `${code(q.name)} (${q.kind})`).join(', ') : 'no scopes the analysis can read'}.`, '');
        for (const n of r.notes) if (!/^Detection is heuristic/.test(n)) out.push(`> ${cell(n)}`, ''); // the app's section already says it
        identityTables(r, out, '#####', 'Where');
        if (r.findings.length) {
          out.push('##### Findings', '');
          for (const f of r.findings) out.push(`- ${code(`${f.file}:${f.line}:${f.column}`)} **${f.code}** (${f.severity}): ${cell(f.message)}`);
          out.push('');
        }
      }
    }
  }
  return out.join('\n');
}
