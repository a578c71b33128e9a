/**
 * `scan --least-privilege`: each folder named on the command line is one app; its least-privilege
 * findings (`permission-unused`, `-over-broad`, `-missing`) join the scan's diagnostics, so they
 * reach SARIF, `--rules` and `--fail-on` like every other rule. Platform code: reads the folders
 * and hands them to the language service's `leastPrivilege` entry point (each folder one app).
 */
import * as path from 'path';
import { riskOfPermission } from '../core/permissions/risk';
import { locateDiagnostic, type LocatedDiagnostic } from '../core/sarif';
import type { SeveritySetting } from '../core/rules/types';
import { createLanguageService, DEFAULT_SETTINGS, type LanguageService } from '../core/service';
import type { PermissionStore } from '../core/store/store';
import type { PermissionKind } from '../core/store/storeData';
import { LineIndex } from '../core/text/text';
import { readAppFolder } from '../platform/node/walk';
import type { AppUsageReport } from '../core/leastPrivilege/analysis';

export interface LeastPrivilegeOptions {
  kind?: PermissionKind;
  defaultKind?: PermissionKind;
  rules: Record<string, SeveritySetting>;
  /** The scan's language service (one parse per file for every check); default a new one over `store`. */
  service?: LanguageService;
}

export interface AppFindings {
  /** The folder as given. */
  folder: string;
  report: AppUsageReport;
  /** Per file (path as the scan names it: folder joined with the app-relative path): the findings, and the text they refer to. */
  files: Map<string, { text: string; diagnostics: LocatedDiagnostic[] }>;
}

export function leastPrivilegeFindings(folder: string, store: PermissionStore, o: LeastPrivilegeOptions): AppFindings {
  const files = readAppFolder(folder).map((f) => ({ uri: path.join(folder, ...f.path.split('/')), version: 1, path: f.path, text: f.text }));
  const service = o.service ?? createLanguageService({ store: () => store });
  const settings = { ...DEFAULT_SETTINGS, rules: o.rules, leastPrivilege: { ...DEFAULT_SETTINGS.leastPrivilege, defaultKind: o.defaultKind ?? DEFAULT_SETTINGS.leastPrivilege.defaultKind } };
  const result = service.leastPrivilege({ name: folder, files, allPaths: [] }, settings, { kind: o.kind, oneApp: true });
  const report = result.apps[0].report as AppUsageReport;
  const out = new Map<string, { text: string; diagnostics: LocatedDiagnostic[] }>();
  for (const r of result.files) {
    if (!r.diagnostics.length) continue;
    const lines = new LineIndex(r.text);
    const diagnostics = r.diagnostics.map(({ finding: f }) => ({
      ...locateDiagnostic(f, lines),
      ...(f.permission ? { risk: riskOfPermission(f.permission).score } : {}),
      ...(f.subject ? { subject: f.subject } : {}),
    }));
    out.set(r.uri, { text: r.text, diagnostics });
  }
  return { folder, report, files: out };
}

/** The per-app table of the CI summary (SARIF `run.properties`): what is requested and what the code needs. */
export function appSummary(a: AppFindings, store: PermissionStore): object {
  const risk = (name: string, kind: PermissionKind | 'Unknown'): number | undefined => {
    const m = store.byName(name);
    const p = kind === 'Application' ? m?.application : kind === 'Delegated' ? m?.delegated : (m?.application ?? m?.delegated);
    return p ? riskOfPermission(p).score : undefined;
  };
  return {
    folder: a.folder.split(path.sep).join('/'),
    hasPathData: a.report.hasPathData,
    calls: a.report.calls.length,
    manifests: a.report.manifests,
    needed: a.report.needed.map((n) => ({
      name: n.name,
      kind: n.kind,
      calls: n.calls.length,
      requested: n.requested,
      // Every call it is needed for is allowed by some requested permission (a broader one, when not this).
      covered: n.calls.every((i) => (a.report.calls[i]?.coveredBy.length ?? 0) > 0),
      risk: risk(n.name, n.kind),
    })),
    requested: a.report.requested.map((r) => ({
      name: r.name,
      kind: r.kind,
      status: r.status,
      ...(r.narrower ? { narrower: r.narrower } : {}),
      file: r.file,
      line: r.line,
      risk: risk(r.name, r.kind),
    })),
    notes: a.report.notes,
  };
}
