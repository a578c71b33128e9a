/**
 * The least-privilege report as a webview page: per app, call sites → needed → requested, each
 * linked to its file and line, the findings with their fixes as buttons, and an export to
 * Markdown. Everything from code, manifests or metadata is escaped; scripts run only with the
 * page's nonce (no inline handlers). The page posts `{ type: 'open', app, file, line, column }`,
 * `{ type: 'fix', app, finding, fix }` and `{ type: 'copyMarkdown' | 'saveMarkdown' | 'refresh' }`.
 */
import { escapeHtml as esc } from '../text/markdown';
import { scopedLeastText, type AppUsageReport, type CallSite } from './analysis';
import { followUpText, onlyKindText } from './report';

/** One app of the page: its report, or the manifests for which least privilege is off. */
/** What names a finding on the report page: its place, rule and message (a Fix click is refused when the finding at its index is another one now). */
export function findingKey(f: { file: string; line: number; column: number; code: string; message: string }): string {
  return `${f.file}:${f.line}:${f.column} ${f.code} ${f.message}`;
}

export interface ReportPageApp {
  /** Shown as the section title (workspace folder and app). */
  title: string;
  report?: AppUsageReport;
  excluded?: string[];
}

export interface ReportPageOptions {
  nonce: string;
  cspSource: string;
  styleUri: string;
  scriptUri: string;
  /** When the analysis ran (shown). */
  generatedAt: string;
  /** Workspace folders not analysed, and why (named on the page, never left out silently). */
  unread?: readonly { name: string; why: string }[];
}

function where(app: number, file: string, line: number, column = 1): string {
  return `<a href="#" class="loc" data-action="open" data-app="${app}" data-file="${esc(file)}" data-line="${line}" data-column="${column}">${esc(file)}:${line}</a>`;
}

function codeCell(text: string): string {
  return `<code>${esc(text)}</code>`;
}

function callText(c: CallSite): string {
  return `${c.method} ${c.version === 'beta' ? '/beta' : ''}${c.path}`;
}

/** Call sites, needed and requested permissions of one identity (the app, or one of its setup scripts). */
function identityTables(r: AppUsageReport, i: number, out: string[], h: 'h3' | 'h5', requestLabel: string): void {
  out.push(`<${h}>Call sites</${h}>`);
  if (!r.calls.length) out.push('<p>No Graph calls detected.</p>');
  else {
    const requestsSomething = r.manifests.length > 0 || r.scopeFiles.length > 0;
    out.push('<table><thead><tr><th>Where</th><th>Call</th><th>Kind</th><th>Least privileged</th><th>Requested that allow it</th></tr></thead><tbody>');
    for (const c of r.calls) {
      const least =
        (c.leastPrivileged ? codeCell(c.leastPrivileged) : c.onlyKind ? `<em>${esc(onlyKindText(c))}</em>` : '<em>no upstream path matches</em>') +
        (c.scopedLeast ? ` <span class="why">(${esc(scopedLeastText(c.scopedLeast))})</span>` : '');
      const covered = c.coveredBy.length ? c.coveredBy.map(codeCell).join(', ') : requestsSomething && c.leastPrivileged ? '<strong>none</strong>' : '–';
      const follow =
        (c.followUp ? ` <span class="why">${esc(followUpText(c, r))}</span>` : '') +
        (c.uncheckedProperties?.length ? ` <span class="why">(properties not checked: ${esc(c.uncheckedProperties.join(', '))})</span>` : '');
      out.push(
        `<tr><td>${where(i, c.file, c.line, c.column)}</td><td>${codeCell(callText(c))}${follow}</td><td>${esc(c.kind)} <span class="why">(${esc(c.kindReason)})</span></td><td>${least}</td><td>${covered}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  out.push(`<${h}>Needed permissions</${h}>`, '<p class="why">The least-privileged set covering every matched call.</p>');
  if (!r.needed.length) out.push('<p>None.</p>');
  else {
    out.push('<table><thead><tr><th>Permission</th><th>Kind</th><th>Calls</th><th>Requested</th></tr></thead><tbody>');
    for (const n of r.needed) out.push(`<tr><td>${codeCell(n.name)}</td><td>${esc(n.kind)}</td><td class="num">${n.calls.length}</td><td>${n.requested ? 'yes' : '<strong>no</strong>'}</td></tr>`);
    out.push('</tbody></table>');
  }
  if (r.requested.length || r.manifests.length) {
    out.push(`<${h}>Requested permissions</${h}>`);
    if (!r.requested.length) out.push('<p>None.</p>');
    else {
      out.push(`<table><thead><tr><th>${esc(requestLabel)}</th><th>Permission</th><th>Kind</th><th>Calls allowed</th><th>Status</th></tr></thead><tbody>`);
      for (const q of r.requested) {
        const status =
          q.status === 'over-broad' ? `over-broad: ${codeCell(q.narrower ?? '')} suffices` : q.status === 'not-graph-path' ? 'no Graph paths (sign-in or other)' : esc(q.status);
        out.push(`<tr><td>${where(i, q.file, q.line, q.column)}</td><td>${codeCell(q.name)}</td><td>${esc(q.kind)}</td><td class="num">${q.calls.length}</td><td>${status}</td></tr>`);
      }
      out.push('</tbody></table>');
    }
  }
}

function appSection(a: ReportPageApp, i: number): string {
  const out: string[] = [`<section class="app-section" id="app-${i}">`, `<h2>${esc(a.title)}</h2>`];
  const r = a.report;
  if (!r) {
    out.push(`<p class="note">Least privilege is off for ${(a.excluded ?? []).map(codeCell).join(', ')} (setting <code>graphPermissionLens.leastPrivilege.excludeManifests</code>).</p>`, '</section>');
    return out.join('\n');
  }
  if (r.app) out.push(`<p class="boundary">App boundary: ${esc(r.app.boundary)}.</p>`);
  if (r.app?.excluded.length) out.push(`<p class="note">Least privilege off (setting) for ${r.app.excluded.map(codeCell).join(', ')}.</p>`);
  for (const n of r.notes) out.push(`<p class="note">${esc(n)}</p>`);
  if (!r.hasPathData) {
    out.push(`<p>Detected ${r.calls.length} Graph call${r.calls.length === 1 ? '' : 's'}; without path data no permission can be matched to them.</p>`, '</section>');
    return out.join('\n');
  }
  out.push(`<p>Manifests: ${r.manifests.length ? r.manifests.map((m) => where(i, m, 1)).join(', ') : 'none in this app (only the needed permissions are listed)'}.</p>`);
  if (r.scopeFiles.length) out.push(`<p>Scopes requested in code or configuration: ${r.scopeFiles.map((m) => where(i, m, 1)).join(', ')}.</p>`);
  identityTables(r, i, out, 'h3', 'Manifest');
  const setup = new Set(r.identities.map((x) => x.file));
  const findingItem = (f: AppUsageReport['findings'][number]): string => {
    const fi = r.findings.indexOf(f);
    // The finding's key and the fix's title travel with the click: the page may have been drawn from an older model than the one the click is resolved against.
    const buttons = f.fixes
      .map((x, xi) => `<button data-action="fix" data-app="${i}" data-finding="${fi}" data-fix="${xi}" data-key="${esc(findingKey(f))}" data-title="${esc(x.title)}"${x.preferred ? ' class="preferred"' : ''}>${esc(x.title)}</button>`)
      .join(' ');
    return `<li class="${esc(f.severity)}">${where(i, f.file, f.line, f.column)} <strong>${esc(f.code)}</strong> (${esc(f.severity)}): ${esc(f.message)}${buttons ? `<div class="fixes">${buttons}</div>` : ''}</li>`;
  };
  const own = r.findings.filter((f) => !setup.has(f.file));
  if (own.length) out.push('<h3>Findings</h3>', '<ul class="findings">', ...own.map(findingItem), '</ul>');
  if (r.identities.length) {
    out.push('<h3>Setup scripts (each its own identity)</h3>', "<p class=\"why\">These scripts call Graph as the administrator who runs them, with the scopes they sign in with: their calls are not the app's needs, and they are compared only with their own sign-in.</p>");
    for (const id of r.identities) {
      const scopes = id.report.requested.filter((q) => q.source === 'scopes');
      out.push(`<h4>${where(i, id.file, 1)}</h4>`, `<p>Signs in with: ${scopes.length ? scopes.map((q) => `${codeCell(q.name)} (${esc(q.kind)})`).join(', ') : 'no scopes the analysis can read'}.</p>`);
      identityTables(id.report, i, out, 'h5', 'Where');
      const mine = r.findings.filter((f) => f.file === id.file);
      if (mine.length) out.push('<h5>Findings</h5>', '<ul class="findings">', ...mine.map(findingItem), '</ul>');
    }
  }
  out.push('</section>');
  return out.join('\n');
}

export function reportHtml(apps: readonly ReportPageApp[], o: ReportPageOptions): string {
  const csp = ["default-src 'none'", `style-src ${o.cspSource}`, `script-src 'nonce-${o.nonce}'`, `img-src ${o.cspSource}`, `font-src ${o.cspSource}`].join('; ');
  const findings = apps.reduce((n, a) => n + (a.report?.findings.length ?? 0), 0);
  const toc = apps.length > 1 ? `<nav><ul>${apps.map((a, i) => `<li><a href="#app-${i}">${esc(a.title)}</a> (${a.report ? `${a.report.findings.length} finding${a.report.findings.length === 1 ? '' : 's'}` : 'off'})</li>`).join('')}</ul></nav>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${esc(o.styleUri)}">
<title>Least-privilege report</title>
</head>
<body class="report">
<header>
<h1>Least-privilege report</h1>
<p class="why">${apps.length} app${apps.length === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'} · ${esc(o.generatedAt)}</p>
<div class="actions"><button data-action="refresh">Refresh</button> <button data-action="copyMarkdown">Copy as Markdown</button> <button data-action="saveMarkdown">Export to Markdown…</button> <span id="status" role="status"></span></div>
</header>
${o.unread?.length ? `<p class="note unread">Not analysed: ${o.unread.map((f) => `<strong>${esc(f.name)}</strong> (${esc(f.why)})`).join('; ')}.</p>\n` : ''}${toc}
${apps.length ? apps.map(appSection).join('\n') : o.unread?.length ? '' : '<p>No workspace folder.</p>'}
<script nonce="${o.nonce}" src="${esc(o.scriptUri)}"></script>
</body>
</html>`;
}
