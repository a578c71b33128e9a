/** Typed access to the `graphPermissionLens.*` settings. */
import * as vscode from 'vscode';
import { DEFAULT_RISK_THRESHOLD, parseRiskThreshold } from '../core/risk';
import { parseRuleOverrides } from '../core/rules';
import { RISK_THRESHOLD_SETTING } from '../core/service/settings';
import type { SeveritySetting } from '../core/rules/types';

export const SECTION = 'graphPermissionLens';
/** The largest `maxFileSizeKB` honoured (package.json says the same): 20 MiB. */
export const MAX_FILE_SIZE_KB = 20480;

export interface LensConfig {
  hoverEnabled: boolean;
  maxFileSizeKB: number;
  validate: 'onType' | 'onSave';
  debounceMs: number;
  rules: Record<string, SeveritySetting>;
  /** What was wrong with `graphPermissionLens.rules`, to tell the user once. */
  ruleProblems: string[];
  /** `highPrivilege.riskThreshold` (0.0–10.0, default 7.0). */
  riskThreshold: number;
  /** What was wrong with other settings, in sentences naming the setting. */
  settingProblems: string[];
}

export function readConfig(scope?: vscode.ConfigurationScope): LensConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const { overrides, problems } = parseRuleOverrides(c.get<unknown>('rules', {}));
  const threshold = parseRiskThreshold(c.get<unknown>('highPrivilege.riskThreshold', DEFAULT_RISK_THRESHOLD), RISK_THRESHOLD_SETTING);
  return {
    hoverEnabled: c.get<boolean>('hover.enabled', true),
    // Bounded whatever the settings file says: every check runs on the extension host.
    maxFileSizeKB: Math.min(MAX_FILE_SIZE_KB, Math.max(1, Number(c.get<number>('maxFileSizeKB', 5120)) || 5120)),
    validate: c.get<string>('validate', 'onType') === 'onSave' ? 'onSave' : 'onType',
    debounceMs: Math.min(5000, Math.max(0, c.get<number>('validateDelay', 300))),
    rules: overrides,
    ruleProblems: problems,
    riskThreshold: threshold.value,
    settingProblems: threshold.problem ? [threshold.problem] : [],
  };
}
