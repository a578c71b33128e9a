/**
 * The scan's SARIF log: paths relative to the repository root (`%SRCROOT%`, the git working tree
 * holding the current directory, else the current directory), the repository's provenance, the
 * scan category, and the CI summary's data under `run.properties`. Platform code (paths, git).
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ALL_RULES } from '../core/rules/index';
import { buildSarif, relativePathToUri, type LocatedDiagnostic, type RuleInfo, type SarifArtifact, type SarifNotification } from '../core/sarif';
import { incompleteMessage } from '../core/analyze';
import { USAGE_RULE_INFOS } from '../core/leastPrivilege/analysis';
import { findGitRepository } from './git';

export const DEFAULT_CATEGORY = 'graph-permission-lens';

/** What the SARIF writer needs of one scanned file. */
export interface SarifFileReport {
  path: string;
  diagnostics?: LocatedDiagnostic[];
  ruleErrors?: string[];
  /** Why the file could not be analysed in full: an error notification (fail closed). */
  incomplete?: string;
  skipped?: string;
  error?: string;
}

export interface SarifReportInput {
  toolVersion: string;
  reports: readonly SarifFileReport[];
  /** Texts of the files with diagnostics (snippets, line hashes). */
  texts: ReadonlyMap<string, string>;
  /** Rules to describe: the scan's, plus the least-privilege ones when they ran. */
  leastPrivilege: boolean;
  category?: string;
  extraNotifications?: readonly SarifNotification[];
  runProperties?: Record<string, unknown>;
  cwd?: string;
}

/** Where a file goes in SARIF: relative to the root when inside it, else a file: URI. */
export function artifactOf(file: string, cwd: string, root: string): SarifArtifact {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(root, abs);
  if (rel && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) return { uri: relativePathToUri(rel), relative: true };
  return { uri: pathToFileURL(abs).href, relative: false };
}

/** The rules a scan describes in SARIF. */
export function scanRules(leastPrivilege: boolean): readonly RuleInfo[] {
  return leastPrivilege ? [...ALL_RULES, ...USAGE_RULE_INFOS] : ALL_RULES;
}

export function sarifReport(input: SarifReportInput): object {
  const cwd = input.cwd ?? process.cwd();
  const repo = findGitRepository(cwd);
  const root = repo?.root ?? cwd;
  const notifications: SarifNotification[] = [];
  for (const r of input.reports) {
    const artifact = artifactOf(r.path, cwd, root);
    if (r.error) notifications.push({ level: 'error', message: `${r.path}: ${r.error}`, artifact });
    else if (r.skipped) notifications.push({ level: 'note', message: `${r.path}: skipped (${r.skipped})`, artifact });
    if (r.incomplete) notifications.push({ level: 'error', message: `${r.path}: ${incompleteMessage(r.incomplete)}`, artifact });
    for (const e of r.ruleErrors ?? []) notifications.push({ level: 'error', message: `${r.path}: rule failed: ${e}`, artifact });
  }
  notifications.push(...(input.extraNotifications ?? []));
  let srcRoot = pathToFileURL(root).href;
  if (!srcRoot.endsWith('/')) srcRoot += '/';
  const category = (input.category ?? DEFAULT_CATEGORY).replace(/\/+$/, '');
  return buildSarif({
    toolVersion: input.toolVersion,
    rules: scanRules(input.leastPrivilege),
    srcRoot,
    automationId: `${category}/`,
    ...(repo?.provenance ? { versionControl: repo.provenance } : {}),
    files: input.reports
      .filter((r) => r.diagnostics?.length)
      .map((r) => ({ artifact: artifactOf(r.path, cwd, root), diagnostics: r.diagnostics ?? [], text: input.texts.get(r.path) })),
    notifications,
    ...(input.runProperties ? { runProperties: input.runProperties } : {}),
  });
}
