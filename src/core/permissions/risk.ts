/**
 * One risk score per permission and kind, 0.0–10.0: what `lookup` shows, what SARIF carries as
 * `security-severity`, and what the CI summary ranks by. Pure: no store access, no I/O.
 *
 *   score = 1.5 × privilegeLevel            (upstream level 1–4 of the permission's scheme)
 *         + 1.0 if admin consent is required
 *         + 1.0 if the kind is Application   (tenant-wide: no signed-in user bounds it)
 *   then: at least 7.0 when the high-privilege rule lists the permission for this kind
 *         (src/core/rules/data/privilege.ts), 10.0 for a Tier 0 application permission and
 *         9.0 for a Tier 0 delegated one (below: a path to tenant takeover),
 *   clamped to 0.0–10.0 and rounded to one decimal.
 *
 * Without an upstream privilege level (the bundled snapshot, permissions upstream leaves
 * unlevelled) the level is estimated from the name — see `estimatePrivilegeLevel` — and the result
 * says so (`levelSource: 'estimated'`).
 *
 * GitHub code scanning reads `security-severity` as: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium,
 * 0.1–3.9 low; `riskBand` gives the same names.
 *
 * Application weighs 1.0, less than one privilege level (1.5): Microsoft rates each kind's scheme on
 * its own, so an Application permission's level already says much of its reach; with the two equal,
 * every level-3 admin-consent Application permission (533 of the 1214 bundled pairs) scored the same
 * 7.0 as a level-4 delegated one, and no threshold could tell the highest-rated permissions from
 * half the store. With 1.0, "high" (≥ 7.0, the default `high-privilege` threshold) is: level 4 with
 * admin consent, the documented high-privilege list and Tier 0 (measured by
 * `npm run measure:risk-threshold`, see the README).
 */
import { HIGH_PRIVILEGE, HIGH_PRIVILEGE_IDS } from '../rules/data/privilege';
import type { PermissionKind } from '../store/storeData';

export interface TierZeroEntry {
  name: string;
  kinds: readonly PermissionKind[];
  /** How the permission leads to control of the tenant. */
  reason: string;
  /** The public source the classification follows (see SOURCES below). */
  source: string;
}

/**
 * Sources:
 * - azure-tiering: "Tier 0" of the classification of Microsoft Graph application permissions by
 *   Emilien Socchi, https://github.com/emiliensocchi/azure-tiering (permissions with a known path to
 *   Global Administrator).
 * - graph-ref: Microsoft Graph permissions reference, https://learn.microsoft.com/graph/permissions-reference
 *   (what the permission allows), and the Entra security operations guide for applications,
 *   https://learn.microsoft.com/entra/architecture/security-operations-applications.
 * Delegated entries act with the signed-in user's rights: a path to takeover when an administrator
 * uses the app, so they score 9.0 rather than 10.0.
 */
const APP: readonly PermissionKind[] = ['Application'];
const BOTH: readonly PermissionKind[] = ['Application', 'Delegated'];

export const TIER_ZERO: readonly TierZeroEntry[] = [
  { name: 'RoleManagement.ReadWrite.Directory', kinds: BOTH, reason: 'can assign any Entra role, Global Administrator included', source: 'azure-tiering, graph-ref' },
  { name: 'AppRoleAssignment.ReadWrite.All', kinds: BOTH, reason: 'can grant any application permission (this list included) to any app, itself too', source: 'azure-tiering' },
  { name: 'Application.ReadWrite.All', kinds: BOTH, reason: 'can add a credential to any app or service principal and act with its permissions', source: 'azure-tiering' },
  { name: 'Directory.ReadWrite.All', kinds: APP, reason: 'can change most directory objects, for example reset non-admin users and add owners to apps', source: 'graph-ref' },
  { name: 'DelegatedPermissionGrant.ReadWrite.All', kinds: BOTH, reason: 'can grant any delegated permission to any app for every user, without consent', source: 'azure-tiering' },
  { name: 'Domain.ReadWrite.All', kinds: APP, reason: 'can add and federate a domain, then mint tokens for its users', source: 'azure-tiering' },
  { name: 'PrivilegedAccess.ReadWrite.AzureADGroup', kinds: APP, reason: 'can add members to role-assignable groups through PIM for Groups', source: 'azure-tiering' },
  { name: 'RoleAssignmentSchedule.ReadWrite.Directory', kinds: BOTH, reason: 'can activate Entra role assignments through PIM', source: 'azure-tiering' },
  { name: 'RoleEligibilitySchedule.ReadWrite.Directory', kinds: BOTH, reason: 'can make any principal eligible for any Entra role through PIM', source: 'azure-tiering' },
  { name: 'UserAuthenticationMethod.ReadWrite.All', kinds: APP, reason: 'can add a sign-in method (a Temporary Access Pass) to any user, administrators included', source: 'azure-tiering' },
  { name: 'DeviceManagementRBAC.ReadWrite.All', kinds: APP, reason: 'can assign Intune roles, itself included, and so reach every managed device', source: 'azure-tiering' },
];

const TIER_ZERO_BY_NAME = new Map(TIER_ZERO.map((e) => [e.name.toLowerCase(), e]));
const HIGH_BY_NAME = new Map(HIGH_PRIVILEGE.map((e) => [e.name.toLowerCase(), e]));

export const HIGH_PRIVILEGE_FLOOR = 7.0;
/**
 * The default risk threshold: `high-privilege` reports a permission whose score for its kind is at
 * or above it, and the CI summary counts such grants as high-risk. GitHub's "high" band; the
 * setting `graphPermissionLens.highPrivilege.riskThreshold`, the CLI's `--risk-threshold` and the
 * Action's `risk-threshold` input change it.
 */
export const DEFAULT_RISK_THRESHOLD = 7.0;
/** The same as DEFAULT_RISK_THRESHOLD (its first name). */
export const HIGH_RISK_THRESHOLD = DEFAULT_RISK_THRESHOLD;
export const MIN_RISK_THRESHOLD = 0;
export const MAX_RISK_THRESHOLD = 10;

/**
 * Validates a risk threshold from a setting (a number) or the command line (a decimal string):
 * 0.0–10.0. A bad value gives the default and a sentence saying what was wrong, for the user.
 */
export function parseRiskThreshold(raw: unknown, name: string): { value: number; problem?: string } {
  const fallback = { value: DEFAULT_RISK_THRESHOLD };
  if (raw === undefined || raw === null) return fallback;
  let n: number | undefined;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && /^\s*[0-9]+(\.[0-9]+)?\s*$/.test(raw)) n = Number(raw);
  const shown = typeof raw === 'string' ? `'${raw}'` : typeof raw === 'number' ? String(raw) : JSON.stringify(raw) ?? typeof raw;
  if (n === undefined || !Number.isFinite(n)) {
    return { ...fallback, problem: `${name} must be a number from ${formatRisk(MIN_RISK_THRESHOLD)} to ${formatRisk(MAX_RISK_THRESHOLD)}, not ${shown}; using ${formatRisk(DEFAULT_RISK_THRESHOLD)}` };
  }
  if (n < MIN_RISK_THRESHOLD || n > MAX_RISK_THRESHOLD) {
    return { ...fallback, problem: `${name} must be from ${formatRisk(MIN_RISK_THRESHOLD)} to ${formatRisk(MAX_RISK_THRESHOLD)} (risk scores run from 0.0 to 10.0), not ${shown}; using ${formatRisk(DEFAULT_RISK_THRESHOLD)}` };
  }
  return { value: n };
}

export interface RiskInput {
  /** The permission name as published (`Mail.Send`); compared case-insensitively. */
  name: string;
  kind: PermissionKind;
  /** Upstream privilege level of this kind's scheme (1 lowest … 4 highest); undefined when unknown. */
  privilegeLevel?: number;
  adminConsentRequired: boolean;
}

export interface RiskScore {
  /** 0.0–10.0, one decimal. */
  score: number;
  band: RiskBand;
  /** The level used (1–4). */
  level: number;
  levelSource: 'metadata' | 'estimated';
  tierZero?: TierZeroEntry;
  /** Why, in short phrases: `privilege level 3`, `admin consent`, `Application`, `Tier 0: …`. */
  factors: string[];
}

export type RiskBand = 'critical' | 'high' | 'medium' | 'low' | 'none';

export function riskBand(score: number): RiskBand {
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : score > 0 ? 'low' : 'none';
}

const SIGN_IN = new Set(['openid', 'profile', 'email', 'offline_access']);

/**
 * The privilege level a permission probably has when upstream gives none, from its name and kind:
 * 1 for the OpenID Connect scopes; 3 for every Application permission (upstream gives most of them
 * 3, and the tenant-takeover ones are caught by the Tier 0 list); for Delegated, 3 when tenant-wide
 * (`.All`, `.Directory`) or writing (`ReadWrite`, `Manage`, `FullControl`, `Send`, …), else 2.
 * Measured against the upstream levels in test/unit/risk.test.ts (about 80% exact, all but a few
 * within one level).
 */
export function estimatePrivilegeLevel(name: string, kind: PermissionKind): number {
  const n = name.toLowerCase();
  if (SIGN_IN.has(n)) return 1;
  if (kind === 'Application') return 3;
  const tenantWide = /\.(all|directory)$/.test(n);
  const writes = /(^|\.)(readwrite|fullcontrol|manage|write|send|accessasuser)(\.|$)/.test(n);
  return tenantWide || writes ? 3 : 2;
}

function round1(x: number): number {
  return Math.round(Math.min(10, Math.max(0, x)) * 10) / 10;
}

export function riskScore(p: RiskInput): RiskScore {
  const known = typeof p.privilegeLevel === 'number' && p.privilegeLevel >= 1 && p.privilegeLevel <= 4;
  const level = known ? Math.round(p.privilegeLevel as number) : estimatePrivilegeLevel(p.name, p.kind);
  const factors = [`privilege level ${level}${known ? '' : ' (estimated from the name)'}`];
  let score = 1.5 * level;
  if (p.adminConsentRequired) {
    score += 1;
    factors.push('admin consent');
  }
  if (p.kind === 'Application') {
    score += 1.0;
    factors.push('Application (tenant-wide)');
  }
  const key = p.name.toLowerCase();
  const high = HIGH_BY_NAME.get(key);
  if (high && high.kinds.includes(p.kind) && score < HIGH_PRIVILEGE_FLOOR) {
    score = HIGH_PRIVILEGE_FLOOR;
    factors.push('high-privilege list');
  }
  const tier = TIER_ZERO_BY_NAME.get(key);
  const tierZero = tier && tier.kinds.includes(p.kind) ? tier : undefined;
  if (tierZero) {
    score = Math.max(score, p.kind === 'Application' ? 10 : 9);
    factors.push(`Tier 0: ${tierZero.reason}`);
  }
  const s = round1(score);
  return { score: s, band: riskBand(s), level, levelSource: known ? 'metadata' : 'estimated', ...(tierZero ? { tierZero } : {}), factors };
}

/** `7.0` — scores always print with one decimal. */
export function formatRisk(score: number): string {
  return score.toFixed(1);
}

/**
 * The score of a store permission (its own kind, level and consent flag). A GUID of the documented
 * high-privilege list keeps the list's name (and so its floor and Tier 0 rank) whatever name the
 * metadata gives it: a relabelled "User.Read.Harmless" scores as the permission its GUID is.
 */
export function riskOfPermission(p: { id?: string; value: string; kind: PermissionKind; privilegeLevel?: number; adminConsentRequired: boolean }): RiskScore {
  const name = (p.id !== undefined ? HIGH_PRIVILEGE_IDS.get(p.id) : undefined) ?? p.value;
  return riskScore({ name, kind: p.kind, privilegeLevel: p.privilegeLevel, adminConsentRequired: p.adminConsentRequired });
}

/**
 * The score of a reference: the permission of the kind written, or — when the text does not say
 * the kind — the higher of the kinds the name has (the conservative reading).
 */
export function riskOfReference(
  kind: PermissionKind | 'Unknown',
  permissions: { application?: Parameters<typeof riskOfPermission>[0]; delegated?: Parameters<typeof riskOfPermission>[0] },
  own?: Parameters<typeof riskOfPermission>[0],
): RiskScore | undefined {
  if (own) return riskOfPermission(own);
  const candidates = kind === 'Application' ? [permissions.application] : kind === 'Delegated' ? [permissions.delegated] : [permissions.application, permissions.delegated];
  let best: RiskScore | undefined;
  for (const p of candidates) {
    if (!p) continue;
    const r = riskOfPermission(p);
    if (!best || r.score > best.score) best = r;
  }
  return best;
}
