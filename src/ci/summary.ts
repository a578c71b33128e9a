/**
 * The GitHub job summary (Markdown) and annotations, from the scan's SARIF log: counts, the
 * high-risk grants, each app's requested vs needed permissions, the findings by severity and risk.
 * Pure. Everything from documents or metadata is escaped.
 */
import { codeSpan, escapeMarkdown } from '../core/text/markdown';
import { formatRisk, riskBand } from '../core/permissions/risk';

/* eslint-disable @typescript-eslint/no-explicit-any -- the SARIF log is read as plain JSON */

export interface Counts {
  errors: number;
  warnings: number;
  notes: number;
  results: number;
  highRisk: number;
}

export interface SummaryResult {
  level: 'error' | 'warning' | 'note' | 'none';
  ruleId: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  risk?: number;
}

const MAX_ROWS = 50;

export function resultsOf(log: any): SummaryResult[] {
  const run = log?.runs?.[0];
  return (run?.results ?? []).map((r: any) => {
    const loc = r.locations?.[0]?.physicalLocation;
    const risk = r.properties?.['security-severity'];
    return {
      level: r.level ?? 'warning',
      ruleId: String(r.ruleId),
      message: String(r.message?.text ?? ''),
      ...(loc?.artifactLocation?.uri ? { file: uriToPath(String(loc.artifactLocation.uri)) } : {}),
      ...(loc?.region?.startLine ? { line: loc.region.startLine, column: loc.region.startColumn ?? 1 } : {}),
      ...(risk !== undefined ? { risk: Number(risk) } : {}),
    };
  });
}

function uriToPath(uri: string): string {
  try {
    return uri.startsWith('file:') ? decodeURIComponent(new URL(uri).pathname) : decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

export function countsOf(log: any): Counts {
  const results = resultsOf(log);
  const grants = log?.runs?.[0]?.properties?.graphPermissionLens?.grants ?? [];
  return {
    errors: results.filter((r) => r.level === 'error').length,
    warnings: results.filter((r) => r.level === 'warning').length,
    notes: results.filter((r) => r.level === 'note' || r.level === 'none').length,
    results: results.length,
    highRisk: grants.length,
  };
}

const LEVEL_ORDER: Record<string, number> = { error: 0, warning: 1, note: 2, none: 3 };

function cell(s: string): string {
  return escapeMarkdown(s).replace(/\|/g, '\\|');
}

function code(s: string): string {
  return codeSpan(s).replace(/\|/g, '\\|');
}

function risk(score: number | undefined): string {
  return score === undefined ? '—' : `${formatRisk(score)} ${riskBand(score)}`;
}

function where(file: string | undefined, line: number | undefined): string {
  return file ? code(line ? `${file}:${line}` : file) : '—';
}

export interface SummaryOptions {
  failOn: string;
  /** Exit code of the scan: 0 passed, 1 findings at the fail-on level, else a failure. */
  exitCode: number;
  sarifFile: string;
}

export function summaryMarkdown(log: any, o: SummaryOptions): string {
  const out: string[] = ['## Graph Permission Lens', ''];
  const c = countsOf(log);
  const props = log?.runs?.[0]?.properties?.graphPermissionLens ?? {};
  const verdict =
    o.exitCode === 0 ? 'passed' : o.exitCode === 1 ? `**failed**: findings at or above \`${cell(o.failOn)}\`` : `**failed**: the scan did not complete (exit ${o.exitCode})`;
  out.push(
    `${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}, ${c.notes} note${c.notes === 1 ? '' : 's'}` +
      ` · fail-on \`${cell(o.failOn)}\`: ${verdict} · SARIF: ${code(o.sarifFile)}`,
    '',
  );
  if (props.store) out.push(`Metadata: ${cell(String(props.store))}.`, '');
  for (const n of log?.runs?.[0]?.invocations?.[0]?.toolExecutionNotifications ?? []) {
    if (n.level === 'warning' || n.level === 'error') out.push(`> **${n.level}**: ${cell(String(n.message?.text ?? ''))}`, '');
  }

  const grants: any[] = [...(props.grants ?? [])].sort((a, b) => b.risk - a.risk || String(a.name).localeCompare(String(b.name)));
  out.push(`### High-risk grants (risk ≥ ${formatRisk(Number(props.highRiskThreshold ?? 7))})`, '');
  if (!grants.length) out.push('None.', '');
  else {
    out.push('| Permission | Kind | Risk | Where |', '|---|---|---|---|');
    for (const g of grants.slice(0, MAX_ROWS)) out.push(`| ${code(String(g.name))} | ${cell(String(g.kind))} | ${risk(g.risk)} | ${where(g.file, g.line)} |`);
    if (grants.length > MAX_ROWS) out.push('', `… and ${grants.length - MAX_ROWS} more (see the SARIF file).`);
    out.push('');
  }

  for (const app of (props.apps ?? []) as any[]) {
    out.push(`### Least privilege: ${code(String(app.folder))}`, '');
    for (const n of app.notes ?? []) out.push(`> ${cell(String(n))}`, '');
    if (!app.hasPathData) continue;
    out.push(`${app.calls} Graph call${app.calls === 1 ? '' : 's'} detected; manifests: ${(app.manifests ?? []).map((m: string) => code(m)).join(', ') || 'none'}.`, '');
    // Requested vs needed, one row per permission and kind.
    type Row = { name: string; kind: string; risk?: number; requested?: any; needed?: any };
    const rows = new Map<string, Row>();
    const key = (name: string, kind: string): string => `${name.toLowerCase()}|${kind}`;
    for (const r of app.requested ?? []) rows.set(key(r.name, r.kind), { name: r.name, kind: r.kind, risk: r.risk, requested: r });
    for (const n of app.needed ?? []) {
      const row: Row = rows.get(key(n.name, n.kind)) ?? { name: n.name, kind: n.kind, risk: n.risk };
      row.needed = n;
      rows.set(key(n.name, n.kind), row);
    }
    if (!rows.size) {
      out.push('Nothing requested, nothing needed.', '');
      continue;
    }
    out.push('| Permission | Kind | Risk | Requested | Needed by the code | Status |', '|---|---|---|---|---|---|');
    const sorted = [...rows.values()].sort((a, b) => (b.risk ?? 0) - (a.risk ?? 0) || a.name.localeCompare(b.name));
    for (const r of sorted) {
      const status = r.requested
        ? r.requested.status === 'over-broad'
          ? `over-broad: ${code(String(r.requested.narrower ?? ''))} suffices`
          : r.requested.status === 'not-graph-path'
            ? 'no Graph paths (sign-in or other)'
            : cell(String(r.requested.status))
        : r.needed?.covered
          ? 'least privileged, not requested (a broader requested permission covers its calls)'
          : '**missing**';
      out.push(
        `| ${code(r.name)} | ${cell(r.kind)} | ${risk(r.risk)} | ${r.requested ? where(r.requested.file, r.requested.line) : 'no'} | ${r.needed ? `yes (${r.needed.calls} call${r.needed.calls === 1 ? '' : 's'})` : 'no'} | ${status} |`,
      );
    }
    out.push('');
  }

  const results = resultsOf(log).sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || (b.risk ?? 0) - (a.risk ?? 0));
  out.push('### Findings', '');
  if (!results.length) out.push('None.', '');
  else {
    out.push('| Level | Rule | Risk | Where | Message |', '|---|---|---|---|---|');
    for (const r of results.slice(0, MAX_ROWS)) out.push(`| ${r.level} | ${code(r.ruleId)} | ${risk(r.risk)} | ${where(r.file, r.line)} | ${cell(r.message)} |`);
    if (results.length > MAX_ROWS) out.push('', `… and ${results.length - MAX_ROWS} more (see the SARIF file).`);
    out.push('');
  }
  return out.join('\n');
}

/** Workflow-command escaping (data and properties), as @actions/core does. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=…,line=…,col=…,title=…::message` for the errors and warnings (at most `max`), most severe first. */
export function annotations(log: any, max = 50): string[] {
  return resultsOf(log)
    .filter((r) => r.level === 'error' || r.level === 'warning')
    .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || (b.risk ?? 0) - (a.risk ?? 0))
    .slice(0, max)
    .map((r) => {
      const props = [
        ...(r.file ? [`file=${escapeProperty(r.file)}`] : []),
        ...(r.line ? [`line=${r.line}`, `col=${r.column ?? 1}`] : []),
        `title=${escapeProperty(`Graph Permission Lens: ${r.ruleId}`)}`,
      ];
      return `::${r.level} ${props.join(',')}::${escapeData(r.message)}`;
    });
}
