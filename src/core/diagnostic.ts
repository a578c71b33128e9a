/**
 * What every check produces, whoever runs it (permission rules, payload rules, least privilege, the
 * language service): a diagnostic with its severity and the fixes that travel with it. A leaf
 * module (it imports nothing), so that the analysis, the rules and the hosts can all share it.
 * Offsets are UTF-16 offsets into the document text, `end` exclusive.
 */
export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITY_ORDER: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** At most one fix per diagnostic is preferred (the one a "fix all" would apply). */
  preferred?: boolean;
}

export interface Diagnostic {
  /** The rule id. */
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: Fix[];
}

/** Severity per rule id, as the `graphPermissionLens.rules` setting and the CLI's `--rules` give it. */
export type RuleOverrides = Readonly<Record<string, SeveritySetting>>;
