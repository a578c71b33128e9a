/**
 * The one rule loop shared by the permission rules (rules/index.ts) and the payload rules
 * (payloads/rules/index.ts): overrides, `off`, cancellation, a failing rule isolated, sorted output.
 */
import { RuleDiagnostic, type Diagnostic, type Report, type Severity, type SeveritySetting } from './types';

export interface RunnableRule<C> {
  id: string;
  defaultSeverity: Severity;
  check(ctx: C, report: Report): void;
}

export interface RuleRunOptions {
  overrides?: Readonly<Record<string, SeveritySetting>>;
  isCancelled?: () => boolean;
}

/** Runs every enabled rule. Never throws: a rule that fails is skipped and its error returned. */
export function runRuleSet<C>(rules: readonly RunnableRule<C>[], ctx: C, opts: RuleRunOptions = {}): { diagnostics: Diagnostic[]; errors: string[] } {
  const diagnostics: Diagnostic[] = [];
  const errors: string[] = [];
  for (const rule of rules) {
    if (opts.isCancelled?.()) break;
    const setting = opts.overrides?.[rule.id];
    if (setting === 'off') continue;
    try {
      rule.check(ctx, (d) => {
        const severity: Severity = setting ?? d.severity ?? rule.defaultSeverity;
        // Fixes stay unbuilt until read (RuleDiagnostic).
        diagnostics.push(new RuleDiagnostic(rule.id, severity, d.message, d.start, d.end, d.fixes));
      });
    } catch (e) {
      errors.push(`${rule.id}: ${(e as Error).message}`);
    }
  }
  diagnostics.sort((a, b) => a.start - b.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { diagnostics, errors };
}
