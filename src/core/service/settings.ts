/**
 * The one typed settings model (`graphPermissionLens.*`), read the same way by every host: the VS
 * Code client (from `workspace.getConfiguration`), the language server (from
 * `workspace/configuration`) and the CLI (from its flags). Raw values are validated here, once.
 */
import { DEFAULT_RISK_THRESHOLD, parseRiskThreshold } from '../risk';
import { parseRuleOverrides } from '../rules';
import type { SeveritySetting } from '../rules/types';

export const SETTINGS_SECTION = 'graphPermissionLens';

export interface LensSettings {
  hoverEnabled: boolean;
  completionEnabled: boolean;
  /** Documents larger than this are not analysed (they are reported as skipped). */
  maxFileSizeKB: number;
  validate: 'onType' | 'onSave';
  debounceMs: number;
  rules: Record<string, SeveritySetting>;
  /** What was wrong with the `rules` setting, to tell the user once. */
  ruleProblems: string[];
  /** `highPrivilege.riskThreshold`: `high-privilege` reports risk scores at or above it (0.0–10.0). */
  riskThreshold: number;
  /** What was wrong with other settings (full sentences naming the setting), to tell the user once. */
  settingProblems: string[];
}

/** The setting of the `high-privilege` risk threshold, as the user writes it. */
export const RISK_THRESHOLD_SETTING = `graphPermissionLens.highPrivilege.riskThreshold`;

export const DEFAULT_SETTINGS: Readonly<LensSettings> = Object.freeze({
  hoverEnabled: true,
  completionEnabled: true,
  maxFileSizeKB: 5120,
  validate: 'onType',
  debounceMs: 300,
  rules: {},
  ruleProblems: [],
  riskThreshold: DEFAULT_RISK_THRESHOLD,
  settingProblems: [],
});

/** A getter over the raw section, e.g. `(key, fallback) => config.get(key, fallback)`. */
export type RawSettings = (key: string, fallback: unknown) => unknown;

/** Reads a raw nested object (`{ hover: { enabled: false }, rules: {…} }`) as a getter of dotted keys. */
export function rawFromObject(section: unknown): RawSettings {
  return (key, fallback) => {
    let v: unknown = section;
    for (const part of key.split('.')) {
      if (!v || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, part)) {
        // VS Code-style flat keys ("hover.enabled") are accepted too.
        const flat = section && typeof section === 'object' ? (section as Record<string, unknown>)[key] : undefined;
        return flat === undefined ? fallback : flat;
      }
      v = (v as Record<string, unknown>)[part];
    }
    return v === undefined ? fallback : v;
  };
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function num(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  return Math.min(max, Math.max(min, n));
}

/** Validates raw settings into the typed model; bad values fall back to the defaults. */
export function readSettings(get: RawSettings): LensSettings {
  const { overrides, problems } = parseRuleOverrides(get('rules', {}));
  const threshold = parseRiskThreshold(get('highPrivilege.riskThreshold', DEFAULT_RISK_THRESHOLD), RISK_THRESHOLD_SETTING);
  return {
    hoverEnabled: bool(get('hover.enabled', true), true),
    completionEnabled: bool(get('completion.enabled', true), true),
    maxFileSizeKB: num(get('maxFileSizeKB', DEFAULT_SETTINGS.maxFileSizeKB), DEFAULT_SETTINGS.maxFileSizeKB, 1, Number.MAX_SAFE_INTEGER),
    validate: get('validate', 'onType') === 'onSave' ? 'onSave' : 'onType',
    debounceMs: num(get('validateDelay', 300), 300, 0, 5000),
    rules: overrides,
    ruleProblems: problems,
    riskThreshold: threshold.value,
    settingProblems: threshold.problem ? [threshold.problem] : [],
  };
}
