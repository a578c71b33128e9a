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
import type { PermissionMatch } from '../../store/store';
import type { PermissionKind } from '../../store/storeData';

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

/**
 * The same classification by GUID, for the kinds listed above (GUIDs are per kind), from the bundled
 * metadata. Where a document writes a GUID, the GUID decides: metadata that gives a listed GUID
 * another name (a relabelled "User.Read.Harmless") does not shed the warning.
 */
export const HIGH_PRIVILEGE_IDS: ReadonlyMap<string, string> = new Map([
  ['9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', 'RoleManagement.ReadWrite.Directory'], // Application
  ['d01b97e9-cbc0-49fe-810a-750afd5527a3', 'RoleManagement.ReadWrite.Directory'], // Delegated
  ['06b708a9-e830-4db3-a914-8e69da51d44f', 'AppRoleAssignment.ReadWrite.All'], // Application
  ['84bccea3-f856-4a8a-967b-dbe0a3d53a64', 'AppRoleAssignment.ReadWrite.All'], // Delegated
  ['1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'Application.ReadWrite.All'], // Application
  ['bdfbf15f-ee85-4955-8675-146e8e5296b5', 'Application.ReadWrite.All'], // Delegated
  ['19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'Directory.ReadWrite.All'], // Application
  ['7e05723c-0bb0-42da-be95-ae9f08a6e53c', 'Domain.ReadWrite.All'], // Application
  ['8e8e4742-1d95-4f68-9d56-6ee75648c72a', 'DelegatedPermissionGrant.ReadWrite.All'], // Application
  ['41ce6ca6-6826-4807-84f1-1c82854f7ee5', 'DelegatedPermissionGrant.ReadWrite.All'], // Delegated
  ['01c0a623-fc9b-48e9-b794-0756f8e8f067', 'Policy.ReadWrite.ConditionalAccess'], // Application
  ['29c18626-4985-4dcd-85c0-193eef327366', 'Policy.ReadWrite.AuthenticationMethod'], // Application
  ['50483e42-d915-4231-9639-7fdb7fd190e5', 'UserAuthenticationMethod.ReadWrite.All'], // Application
  ['2f6817f8-7b12-4f0f-bc18-eeaf60705a9e', 'PrivilegedAccess.ReadWrite.AzureADGroup'], // Application
  ['8c026be3-8e26-4774-9372-8d5d6f21daff', 'RoleAssignmentSchedule.ReadWrite.Directory'], // Delegated
  ['62ade113-f8e0-4bf9-a6ba-5acb31db32fd', 'RoleEligibilitySchedule.ReadWrite.Directory'], // Delegated
  ['89c8469c-83ad-45f7-8ff2-6e3d4285709e', 'ServicePrincipalEndpoint.ReadWrite.All'], // Application
  ['9241abd9-d0e6-425a-bd4f-47ba86e767a4', 'DeviceManagementConfiguration.ReadWrite.All'], // Application
  ['e330c4f0-4170-414e-a55a-2f022ec2b57b', 'DeviceManagementRBAC.ReadWrite.All'], // Application
  ['a82116e5-55eb-4c41-a434-62fe8a61c773', 'Sites.FullControl.All'], // Application
  ['9492366f-7969-46a4-8d15-ed1a20078fff', 'Sites.ReadWrite.All'], // Application
  ['75359482-378d-4052-8f01-80520e7db3cd', 'Files.ReadWrite.All'], // Application
  ['e2a3a72e-5f79-4c64-b1b1-878b674786c9', 'Mail.ReadWrite'], // Application
  ['810c84a8-4a9e-49e6-bf7d-12d183f40d01', 'Mail.Read'], // Application
  ['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Mail.Send'], // Application
  ['6931bccd-447a-43d1-b442-00a195474933', 'MailboxSettings.ReadWrite'], // Application
  ['6b7d71aa-70aa-4810-a8d9-5d9fb2830017', 'Chat.Read.All'], // Application
  ['7b2449af-6ccd-4f4d-9f78-e550c193f0d1', 'ChannelMessage.Read.All'], // Application
  ['741f803b-c850-494e-b5df-cde7c675a1ca', 'User.ReadWrite.All'], // Application
  ['62a82d76-70ea-41e2-9197-370581804d09', 'Group.ReadWrite.All'], // Application
]);

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
