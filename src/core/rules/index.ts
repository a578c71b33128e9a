/**
 * The rule registry and runner. Severity overrides come from the `graphPermissionLens.rules`
 * setting or the CLI's `--rules`, keyed by rule id.
 */
import type { Analysis } from '../analyze';
import { DEFAULT_RISK_THRESHOLD } from '../permissions/risk';
import { PAYLOAD_RULES } from '../payloads/rules';
import { USAGE_RULE_IDS } from '../leastPrivilege/analysis';
import type { PermissionStore } from '../store/store';
import { broaderThanSibling } from './broaderThanSibling';
import { duplicatePermission } from './duplicatePermission';
import { duplicateResourceApp } from './duplicateResourceApp';
import { hiddenOrDisabledPermission } from './hiddenOrDisabledPermission';
import { highPrivilege } from './highPrivilege';
import { permissionTypeMismatch } from './permissionTypeMismatch';
import { riskyCombination } from './riskyCombination';
import { runRuleSet } from './runner';
import type { Diagnostic, Rule, SeveritySetting } from './types';
import { unknownPermissionId } from './unknownPermissionId';
import { unknownPermissionName } from './unknownPermissionName';
import { wrongResourceApp } from './wrongResourceApp';

export const RULES: readonly Rule[] = [
  unknownPermissionId,
  unknownPermissionName,
  permissionTypeMismatch,
  wrongResourceApp,
  duplicatePermission,
  duplicateResourceApp,
  highPrivilege,
  broaderThanSibling,
  riskyCombination,
  hiddenOrDisabledPermission,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

/** Every rule the settings and the CLI accept: permission rules and payload rules (src/core/payloads/rules). */
export const ALL_RULES: readonly Pick<Rule, 'id' | 'defaultSeverity' | 'doc'>[] = [...RULES, ...PAYLOAD_RULES];
export const ALL_RULE_IDS: readonly string[] = ALL_RULES.map((r) => r.id);
/** Ids accepted in graphPermissionLens.rules / --rules: the rules above plus the least-privilege ones (src/core/leastPrivilege). */
export const SETTING_RULE_IDS: readonly string[] = [...ALL_RULE_IDS, ...USAGE_RULE_IDS];

import type { RuleOverrides } from '../diagnostic';
export type { RuleOverrides };

const SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

/**
 * Validates overrides from settings or the command line. Unknown ids and values are returned as
 * problems (for a clear message) and otherwise ignored.
 */
export function parseRuleOverrides(input: unknown): { overrides: Record<string, SeveritySetting>; problems: string[] } {
  const overrides: Record<string, SeveritySetting> = {};
  const problems: string[] = [];
  if (input === undefined || input === null) return { overrides, problems };
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { overrides, problems: ['rule overrides must be an object of rule id → severity'] };
  }
  for (const [id, value] of Object.entries(input as Record<string, unknown>)) {
    if (!SETTING_RULE_IDS.includes(id)) {
      problems.push(`unknown rule '${id}' (known: ${SETTING_RULE_IDS.join(', ')})`);
      continue;
    }
    const v = typeof value === 'string' ? (value.toLowerCase() === 'info' ? 'information' : value.toLowerCase()) : value;
    if (!SETTINGS.includes(v as SeveritySetting)) {
      problems.push(`rule '${id}': severity must be one of ${SETTINGS.join(', ')}`);
      continue;
    }
    overrides[id] = v as SeveritySetting;
  }
  return { overrides, problems };
}

/** Parses the CLI form `id=severity,id=severity` (or a JSON object). */
export function parseRuleOverridesArg(arg: string): { overrides: Record<string, SeveritySetting>; problems: string[] } {
  const t = arg.trim();
  if (t.startsWith('{')) {
    try {
      return parseRuleOverrides(JSON.parse(t));
    } catch {
      return { overrides: {}, problems: ['--rules: not valid JSON'] };
    }
  }
  const obj: Record<string, string> = {};
  for (const part of t.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) return { overrides: {}, problems: [`--rules: expected id=severity, got '${part}'`] };
    obj[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return parseRuleOverrides(obj);
}

export interface RunOptions {
  overrides?: RuleOverrides;
  /** The `high-privilege` risk threshold (default DEFAULT_RISK_THRESHOLD, 7.0). */
  riskThreshold?: number;
  /** Stop early (the editor cancels stale work). */
  isCancelled?: () => boolean;
}

/** Runs every enabled rule. Never throws: a rule that fails is skipped (and the error is returned). */
export function runRules(text: string, analysis: Analysis, store: PermissionStore, opts: RunOptions = {}): { diagnostics: Diagnostic[]; errors: string[] } {
  return runRuleSet(RULES, { text, analysis, store, options: { riskThreshold: opts.riskThreshold ?? DEFAULT_RISK_THRESHOLD } }, opts);
}

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
