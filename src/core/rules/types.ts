/**
 * The rule model: each rule (one per file in this folder) has a stable id — the diagnostic `code`
 * in VS Code, the CLI and SARIF — a default severity, documentation, and the fixes it offers.
 * Offsets are UTF-16 offsets into the document text, `end` exclusive.
 */
import type { Analysis } from '../analyze';
import type { PermissionStore } from '../store/store';
import type { Diagnostic, Fix, Severity } from '../diagnostic';

export { RuleDiagnostic, SEVERITY_ORDER, type Diagnostic, type Fix, type RuleOverrides, type Severity, type SeveritySetting, type TextEdit } from '../diagnostic';

/** Settings that change what a rule reports (beyond its severity). */
export interface RuleOptions {
  /** `high-privilege` reports a permission whose risk score for its kind is at or above this (0.0–10.0). */
  riskThreshold: number;
}

export interface RuleContext {
  text: string;
  analysis: Analysis;
  store: PermissionStore;
  options: RuleOptions;
}

/**
 * How a rule reports. `fixes` may be a function: it runs when the fixes are first read (a code
 * action, the CLI's output), not during the check — pass one when building the edits costs more
 * than a title.
 */
export type Report = (d: Omit<Diagnostic, 'code' | 'severity' | 'fixes'> & { severity?: Severity; fixes?: Fix[] | (() => Fix[]) }) => void;

export interface RuleDoc {
  /** One sentence: what the rule finds. */
  summary: string;
  /** Why it matters / how to fix it, for README and SARIF help. */
  help: string;
  /** A short example of text the rule reports. */
  example: string;
  /** What the quick-fix does, when there is one. */
  fix?: string;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  doc: RuleDoc;
  check(ctx: RuleContext, report: Report): void;
}
