/**
 * The one typed settings model (`graphPermissionLens.*`), read the same way by every host: the VS
 * Code client (from `workspace.getConfiguration`), the language server (from
 * `workspace/configuration`) and the CLI (from its flags). Raw values are validated here, once.
 */
import { DEFAULT_RISK_THRESHOLD, parseRiskThreshold } from '../permissions/risk';
import { parseRuleOverrides } from '../rules';
import type { SeveritySetting } from '../rules/types';
import type { PermissionKind } from '../store/storeData';

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
  leastPrivilege: LeastPrivilegeSettings;
}

/** `leastPrivilege.*`: how a folder is split into apps, and the kind assumed where nothing says. */
export interface LeastPrivilegeSettings {
  /** The kind of a manifest or scope list that does not say (`leastPrivilege.defaultKind`). */
  defaultKind: PermissionKind;
  /** Manifest glob → the code globs of its app (`leastPrivilege.apps`); invalid entries dropped. */
  apps: Record<string, string[]>;
  /** Manifest globs that are not apps (`leastPrivilege.excludeManifests`). */
  excludeManifests: string[];
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
  leastPrivilege: Object.freeze({ defaultKind: 'Delegated', apps: {}, excludeManifests: [] }),
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
    leastPrivilege: readLeastPrivilege(get),
  };
}

function readLeastPrivilege(get: RawSettings): LeastPrivilegeSettings {
  const kind = get('leastPrivilege.defaultKind', 'Delegated');
  const apps: Record<string, string[]> = {};
  const raw = get('leastPrivilege.apps', {});
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      if (k.trim()) apps[k] = list;
    }
  }
  const ex = get('leastPrivilege.excludeManifests', []);
  return {
    defaultKind: typeof kind === 'string' && kind.toLowerCase() === 'application' ? 'Application' : 'Delegated',
    apps,
    excludeManifests: Array.isArray(ex) ? ex.filter((x): x is string => typeof x === 'string') : [],
  };
}
