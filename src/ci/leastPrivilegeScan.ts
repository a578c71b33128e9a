/**
 * `scan --least-privilege`: each folder named on the command line is one app; its least-privilege
 * findings (`permission-unused`, `-over-broad`, `-missing`) join the scan's diagnostics, so they
 * reach SARIF, `--rules` and `--fail-on` like every other rule. Platform code: reads the folders.
 */
import * as path from 'path';
import { riskOfPermission } from '../core/permissions/risk';
import { locateDiagnostic, type LocatedDiagnostic } from '../core/sarif';
import type { SeveritySetting } from '../core/rules/types';
import type { PermissionStore } from '../core/store/store';
import type { PermissionKind } from '../core/store/storeData';
import { LineIndex } from '../core/text/text';
import { readAppFolder } from '../platform/node/walk';
import { analyzeUsage, type AppUsageReport } from '../core/leastPrivilege/analysis';

export interface LeastPrivilegeOptions {
  kind?: PermissionKind;
  defaultKind?: PermissionKind;
  rules: Record<string, SeveritySetting>;
}

export interface AppFindings {
  /** The folder as given. */
  folder: string;
  report: AppUsageReport;
  /** Per file (path as the scan names it: folder joined with the app-relative path): the findings, and the text they refer to. */
  files: Map<string, { text: string; diagnostics: LocatedDiagnostic[] }>;
}

export function leastPrivilegeFindings(folder: string, store: PermissionStore, o: LeastPrivilegeOptions): AppFindings {
  const files = readAppFolder(folder);
  const report = analyzeUsage(files, store, { kind: o.kind, defaultKind: o.defaultKind, overrides: o.rules });
  report.folder = folder;
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const out = new Map<string, { text: string; diagnostics: LocatedDiagnostic[] }>();
  for (const f of report.findings) {
    const text = texts.get(f.file);
    if (text === undefined) continue;
    const file = path.join(folder, ...f.file.split('/'));
    let entry = out.get(file);
    if (!entry) out.set(file, (entry = { text, diagnostics: [] }));
    entry.diagnostics.push({
      ...locateDiagnostic(f, new LineIndex(text)),
      ...(f.permission ? { risk: riskOfPermission(f.permission).score } : {}),
      ...(f.subject ? { subject: f.subject } : {}),
    });
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
