/**
 * The least-privilege report as plain data: what the report page shows and exports, built from the
 * service's `leastPrivilege` results of one or more folders. The language server sends it to the
 * VS Code client (src/server/protocol.ts `LeastPrivilegeReportRequest`); the browser entry builds it
 * in the extension host from the same results. Plain (JSON-safe): no store objects, no edits — a
 * finding's fixes are asked for by its id (the service's `codeActions`), while its file is still the
 * text analysed. Its Markdown is what the CLI's `least-privilege` prints for one folder.
 */
import type { AppUsageReport, UsageFinding } from '../leastPrivilege/analysis';
import { disabledAppMarkdown, reportMarkdown } from '../leastPrivilege/report';
import type { LeastPrivilegeResult } from './leastPrivilege';

/** A finding on the page: what the page shows of it (no store objects, fixes by title). */
export interface ReportFinding {
  code: string;
  severity: UsageFinding['severity'];
  message: string;
  start: number;
  end: number;
  file: string;
  line: number;
  column: number;
  subject?: string;
  fixes: { title: string; preferred?: boolean; edits: [] }[];
}

/** An app report as plain data (its findings as `ReportFinding`s; setup scripts' reports likewise). */
export type ReportAppData = Omit<AppUsageReport, 'findings' | 'identities'> & {
  findings: ReportFinding[];
  identities: { file: string; report: ReportAppData }[];
};

/** Where a finding's fixes are asked for: its file and its id in the service that found it. */
export interface ReportFindingRef {
  uri: string;
  id: string;
}

export interface ReportApp {
  /** The app's name (its folder in the workspace folder, or the setting's glob). */
  name: string;
  /** Undefined when least privilege is off for every manifest of the app. */
  report?: ReportAppData;
  /** Manifests whose least privilege is off by setting. */
  excluded: string[];
  /** Parallel to `report.findings`: where each finding's fixes are asked for (null: not shown as a diagnostic). */
  findings: (ReportFindingRef | null)[];
}

export interface ReportFolder {
  /** The workspace folder's URI (files are relative to it). */
  uri: string;
  name: string;
  apps: ReportApp[];
}

export interface LeastPrivilegeReportModel {
  folders: ReportFolder[];
  /** The Markdown export (for one folder, what the CLI's `least-privilege` prints). */
  markdown: string;
  /** Why no permission could be compared with the code (no path data), when so. */
  noPathData?: string;
  /** Workspace folders that were not analysed, and why (e.g. not on disk for the language server). */
  unread?: { name: string; why: string }[];
}

/** The analysed folders as the report page's model. */
export function leastPrivilegeReportModel(runs: readonly { uri: string; name: string; result: LeastPrivilegeResult }[], noPathData?: string): LeastPrivilegeReportModel {
  const multi = runs.length > 1;
  const reports = runs.flatMap((f) => f.result.apps.flatMap((r) => (r.report ? [r.report] : [])));
  const off = runs.flatMap((f) => f.result.apps.filter((r) => !r.report).map((r) => disabledAppMarkdown(multi ? `${f.name}/${r.group.name}` : r.group.name, r.group.excluded)));
  const folders = runs.map(({ uri, name, result }): ReportFolder => {
    const refs = new Map<UsageFinding, ReportFindingRef>(result.files.flatMap((f) => f.diagnostics.map((d) => [d.finding, { uri: f.uri, id: d.id }] as const)));
    return {
      uri,
      name,
      apps: result.apps.map((run) => ({
        name: run.group.name,
        ...(run.report ? { report: plainReport(run.report) } : {}),
        excluded: [...run.group.excluded],
        findings: run.report?.findings.map((f) => refs.get(f) ?? null) ?? [],
      })),
    };
  });
  return { folders, markdown: [reportMarkdown(reports), ...off].join('\n'), ...(noPathData ? { noPathData } : {}) };
}

function plainFinding(f: UsageFinding): ReportFinding {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    start: f.start,
    end: f.end,
    file: f.file,
    line: f.line,
    column: f.column,
    ...(f.subject ? { subject: f.subject } : {}),
    // Titles only: the edits are the service's, asked for by the finding's id when a fix is chosen.
    fixes: f.fixes.map((x) => ({ title: x.title, ...(x.preferred ? { preferred: true } : {}), edits: [] })),
  };
}

/** A report without store objects or edits, JSON-safe (the rest of a report is plain data already). */
function plainReport(r: AppUsageReport): ReportAppData {
  const { findings, identities, ...rest } = r;
  const copy = JSON.parse(JSON.stringify(rest)) as Omit<ReportAppData, 'findings' | 'identities'>;
  return { ...copy, findings: findings.map(plainFinding), identities: identities.map((i) => ({ file: i.file, report: plainReport(i.report) })) };
}
