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
  /** May be computed on first read (RuleDiagnostic): read it where the fixes are needed, not before. */
  fixes: Fix[];
}

/**
 * What the rule runner returns: a diagnostic whose fixes are computed on first read. Most
 * diagnostics are only shown — their fixes are asked for by a code action on one of them, or by
 * the CLI's output — and building every edit up front (moves between resource blocks, merges,
 * removals) was a large part of a check on a big document. A fix that fails to compute is left out
 * (the diagnostic stays). Copy one field by field, not by spread: `fixes` lives on the prototype.
 */
export class RuleDiagnostic implements Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  #fixes: Fix[] | (() => Fix[]) | undefined;

  constructor(code: string, severity: Severity, message: string, start: number, end: number, fixes: Fix[] | (() => Fix[]) | undefined) {
    this.code = code;
    this.severity = severity;
    this.message = message;
    this.start = start;
    this.end = end;
    this.#fixes = fixes;
  }

  get fixes(): Fix[] {
    const f = this.#fixes;
    if (Array.isArray(f)) return f;
    let made: Fix[] = [];
    if (f) {
      try {
        made = f();
      } catch {
        // no fix rather than a wrong one, and never a failing check
      }
    }
    return (this.#fixes = made);
  }

  /** The plain form (JSON, logs): every field and the fixes. */
  toJSON(): Diagnostic {
    return { ...this, fixes: this.fixes };
  }
}

/** Severity per rule id, as the `graphPermissionLens.rules` setting and the CLI's `--rules` give it. */
export type RuleOverrides = Readonly<Record<string, SeveritySetting>>;
