/**
 * The high-privilege classification and the risky pairs, as documented data.
 *
 * Sources (the rationale of each entry says which applies):
 * - [ref]  Microsoft Graph permissions reference, learn.microsoft.com/graph/permissions-reference
 *          (what each permission allows).
 * - [tier] "Tier 0" of the community classification of Graph application permissions by
 *          Emilien Socchi, github.com/emiliensocchi/azure-tiering (paths to Global Administrator).
 * - [ops]  Microsoft Entra security operations guide for applications,
 *          learn.microsoft.com/entra/architecture/security-operations-applications
 *          (permissions to monitor: app role assignments, credentials, consent grants).
 * `kinds` is the kinds for which the entry holds: delegated permissions are bounded by the
 * signed-in user's own rights, so tenant-wide data access is listed for Application only.
 */
import type { PermissionMatch } from '../../store';
import type { PermissionKind } from '../../storeData';

/**
 * The upstream privilege level from which a permission counts as high privilege: Microsoft rates
 * each scheme of each permission 1 (lowest) … 4 (highest) in its published permission data
 * (microsoft-graph-devx-content `privilegeLevel`); level 4 is reported. The documented list below
 * adds the tier-0 paths to tenant takeover that the levels rate lower or do not rate, with reasons.
 */
export const HIGH_PRIVILEGE_LEVEL = 4;

export interface PrivilegeEntry {
  name: string;
  kinds: readonly PermissionKind[];
  reason: string;
  source: string;
}

const BOTH: readonly PermissionKind[] = ['Application', 'Delegated'];
const APP: readonly PermissionKind[] = ['Application'];

export const HIGH_PRIVILEGE: readonly PrivilegeEntry[] = [
  { name: 'RoleManagement.ReadWrite.Directory', kinds: BOTH, reason: 'can assign any Entra role, Global Administrator included: a direct path to tenant takeover', source: 'tier, ref' },
  { name: 'AppRoleAssignment.ReadWrite.All', kinds: BOTH, reason: 'can grant any application permission to any app, itself included, without admin consent', source: 'tier, ops' },
  { name: 'Application.ReadWrite.All', kinds: BOTH, reason: 'can add credentials to any application or service principal and act as it, with all of its permissions', source: 'tier, ops' },
  { name: 'Directory.ReadWrite.All', kinds: APP, reason: 'can read and write most directory objects across the tenant (users, groups, apps)', source: 'ref' },
  { name: 'Domain.ReadWrite.All', kinds: APP, reason: 'can add and federate domains, which lets an attacker mint tokens for users of that domain', source: 'tier' },
  { name: 'DelegatedPermissionGrant.ReadWrite.All', kinds: BOTH, reason: 'can grant any delegated permission to any app for every user, without consent', source: 'tier, ops' },
  { name: 'Policy.ReadWrite.ConditionalAccess', kinds: APP, reason: 'can disable or weaken every Conditional Access policy (MFA, device and location rules)', source: 'ref' },
  { name: 'Policy.ReadWrite.AuthenticationMethod', kinds: APP, reason: 'can change the tenant\'s authentication methods policy, for example enable Temporary Access Pass', source: 'ref' },
  { name: 'UserAuthenticationMethod.ReadWrite.All', kinds: APP, reason: 'can add sign-in methods (phone, Temporary Access Pass) to any user, administrators included', source: 'tier' },
  { name: 'PrivilegedAccess.ReadWrite.AzureADGroup', kinds: APP, reason: 'can make any principal a member or owner of privileged-access groups, including role-assignable ones', source: 'tier' },
  { name: 'RoleAssignmentSchedule.ReadWrite.Directory', kinds: BOTH, reason: 'can create active Entra role assignments through Privileged Identity Management', source: 'tier' },
  { name: 'RoleEligibilitySchedule.ReadWrite.Directory', kinds: BOTH, reason: 'can make any principal eligible for any Entra role through Privileged Identity Management', source: 'tier' },
  { name: 'ServicePrincipalEndpoint.ReadWrite.All', kinds: APP, reason: 'can change service principal endpoints, redirecting other apps\' traffic', source: 'ref' },
  { name: 'DeviceManagementConfiguration.ReadWrite.All', kinds: APP, reason: 'can deploy scripts and configuration to every Intune-managed device: code execution on endpoints', source: 'tier' },
  { name: 'DeviceManagementRBAC.ReadWrite.All', kinds: APP, reason: 'can assign Intune roles, including to itself', source: 'tier' },
  { name: 'Sites.FullControl.All', kinds: APP, reason: 'has full control of every SharePoint site and OneDrive in the tenant', source: 'ref' },
  { name: 'Sites.ReadWrite.All', kinds: APP, reason: 'can read and write every document in every SharePoint site', source: 'ref' },
  { name: 'Files.ReadWrite.All', kinds: APP, reason: 'can read and write every user\'s files in the tenant', source: 'ref' },
  { name: 'Mail.ReadWrite', kinds: APP, reason: 'can read, change and delete mail in every mailbox of the tenant', source: 'ref' },
  { name: 'Mail.Read', kinds: APP, reason: 'can read mail in every mailbox of the tenant (scope it with an application access policy)', source: 'ref' },
  { name: 'Mail.Send', kinds: APP, reason: 'can send mail as any user of the tenant (scope it with an application access policy)', source: 'ref' },
  { name: 'MailboxSettings.ReadWrite', kinds: APP, reason: 'can create forwarding and inbox rules in every mailbox', source: 'ref' },
  { name: 'Chat.Read.All', kinds: APP, reason: 'can read every Teams chat message in the tenant', source: 'ref' },
  { name: 'ChannelMessage.Read.All', kinds: APP, reason: 'can read every Teams channel message in the tenant', source: 'ref' },
  { name: 'User.ReadWrite.All', kinds: APP, reason: 'can change every user\'s profile, including properties used for sign-in and recovery', source: 'ref' },
  { name: 'Group.ReadWrite.All', kinds: APP, reason: 'can change every group\'s membership, which many apps and policies use for access', source: 'ref' },
  { name: 'Directory.AccessAsUser.All', kinds: ['Delegated'], reason: 'acts with the full directory rights of the signed-in user, an administrator\'s included', source: 'ref' },
];

export interface RiskyPair {
  a: string;
  b: string;
  reason: string;
  source: string;
}

export const RISKY_PAIRS: readonly RiskyPair[] = [
  {
    a: 'Policy.ReadWrite.AuthenticationMethod',
    b: 'UserAuthenticationMethod.ReadWrite.All',
    reason: 'together they can enable Temporary Access Pass and issue one for any user, then sign in as that user (administrators included)',
    source: 'tier',
  },
  {
    a: 'Group.ReadWrite.All',
    b: 'Policy.ReadWrite.ConditionalAccess',
    reason: 'together they can edit Conditional Access policies and the groups those policies include or exclude, exempting any account from MFA',
    source: 'ref',
  },
  {
    a: 'Mail.ReadWrite',
    b: 'MailboxSettings.ReadWrite',
    reason: 'together they can read any mailbox and hide a forwarding rule in it: the usual business-email-compromise setup',
    source: 'ref',
  },
  {
    a: 'Application.ReadWrite.OwnedBy',
    b: 'AppRoleAssignment.ReadWrite.All',
    reason: 'together they can grant any permission to an app the caller owns and add credentials to it',
    source: 'tier',
  },
];

let byName: Map<string, PrivilegeEntry> | undefined;

/**
 * Why a kind of a permission is high privilege, or undefined: the documented entry's reason, else
 * the upstream privilege level when it reaches HIGH_PRIVILEGE_LEVEL. Graph permissions only.
 */
export function highPrivilegeReason(match: PermissionMatch, kind: PermissionKind): string | undefined {
  byName ??= new Map(HIGH_PRIVILEGE.map((e) => [e.name.toLowerCase(), e]));
  const p = kind === 'Application' ? match.application : match.delegated;
  if (!p) return undefined;
  const e = byName.get(match.name.toLowerCase());
  if (e && e.kinds.includes(kind)) return e.reason;
  if (p.privilegeLevel !== undefined && p.privilegeLevel >= HIGH_PRIVILEGE_LEVEL) {
    return `is rated privilege level ${p.privilegeLevel} of 4 (the highest) in Microsoft's published permission data`;
  }
  return undefined;
}
