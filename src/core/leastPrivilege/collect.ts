/**
 * One least-privilege run over a folder (workspace folder or repository root), shared by the
 * editor and the CLI: group the files into apps (apps.ts), analyse each app on its own, and say
 * why a call matched nothing when only the other kind's permissions allow it.
 */
import { formatOf } from '../analyze';
import { runSteps, type Steps } from '../steps';
import type { PermissionStore } from '../store/store';
import type { PermissionKind } from '../store/storeData';
import { describeOrigin, groupIntoApps, type AppGroup, type AppOptions } from './apps';
import { analyzeUsageSteps, candidatesFor, type AppUsageReport, type UsageFile, type UsageOptions } from './analysis';

/** A JSON file the analysis treats as a manifest (same test as analyzeUsage, without parsing). */
export function looksLikeManifest(f: UsageFile): boolean {
  return (f.format ?? formatOf(f.path)) === 'json' && /"(requiredResourceAccess|required_resource_access|resourceAccess)"/.test(f.text);
}

export interface AppRun {
  group: AppGroup;
  /** Undefined when least privilege is off for every manifest of the app. */
  report?: AppUsageReport;
}

/**
 * Calls that matched no permission of their kind but do match the other kind: `POST
 * /communications/calls` taken as Delegated exists only for Application. Fills `onlyKind` on
 * those calls (a note in the report instead of "no upstream path matches").
 */
export function explainUnmatched(report: AppUsageReport, store: PermissionStore): void {
  for (const i of report.unmatched) {
    const c = report.calls[i];
    const other: PermissionKind = c.kind === 'Application' ? 'Delegated' : 'Application';
    const cands = candidatesFor(store, c, other);
    if (cands.length) c.onlyKind = { kind: other, least: cands[0].name };
  }
}

/** Groups the folder's files into apps and analyses each; `folder` names the folder in the reports. */
export function analyzeApps(
  folder: string,
  files: readonly UsageFile[],
  allPaths: readonly string[],
  store: PermissionStore,
  opts: UsageOptions & AppOptions = {},
): AppRun[] {
  return runSteps(analyzeAppsSteps(folder, files, allPaths, store, opts));
}

/** `analyzeApps` as steps (core/steps.ts). */
export function* analyzeAppsSteps(
  folder: string,
  files: readonly UsageFile[],
  allPaths: readonly string[],
  store: PermissionStore,
  opts: UsageOptions & AppOptions = {},
): Steps<AppRun[]> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const groups = groupIntoApps(
    files.map((f) => ({ path: f.path, format: f.format ?? formatOf(f.path), manifest: looksLikeManifest(f) })),
    allPaths,
    opts,
  );
  const runs: AppRun[] = [];
  for (const group of groups) {
    yield;
    if (!group.manifests.length && group.excluded.length) {
      runs.push({ group });
      continue;
    }
    const mine = [...group.manifests, ...group.code].map((p) => byPath.get(p)).filter((f): f is UsageFile => !!f);
    const report = yield* analyzeUsageSteps(mine, store, opts);
    report.folder = group.root ? `${folder}/${group.root}` : folder;
    report.app = { name: group.name, root: group.root, origin: group.origin, boundary: describeOrigin(group), excluded: group.excluded };
    if (store.hasMethods) explainUnmatched(report, store);
    runs.push({ group, report });
  }
  return runs;
}
