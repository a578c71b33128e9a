/**
 * Converts the service-principal dump shipped in `@microsoft/teamsfx-core`
 * (`build/component/driver/aad/permissions/permissions.json`, a Graph `servicePrincipals` response)
 * into the store's resource-app records. Pure: text in, data out.
 */
import type { PermissionRecord, ResourceAppData } from '../../src/core/store/storeData';

interface SpScope {
  id?: unknown;
  value?: unknown;
  type?: unknown;
  isEnabled?: unknown;
  adminConsentDisplayName?: unknown;
  adminConsentDescription?: unknown;
  userConsentDisplayName?: unknown;
  userConsentDescription?: unknown;
}
interface SpRole {
  id?: unknown;
  value?: unknown;
  isEnabled?: unknown;
  displayName?: unknown;
  description?: unknown;
  allowedMemberTypes?: unknown;
}
interface ServicePrincipal {
  appId?: unknown;
  displayName?: unknown;
  oauth2PermissionScopes?: SpScope[];
  appRoles?: SpRole[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Display names as Microsoft writes them in the portal, keyed by appId. */
const DISPLAY_NAMES: Record<string, string> = {
  '00000003-0000-0000-c000-000000000000': 'Microsoft Graph',
  '00000003-0000-0ff1-ce00-000000000000': 'Office 365 SharePoint Online',
};

export function resourceAppsFromServicePrincipals(jsonText: string): ResourceAppData[] {
  const parsed = JSON.parse(jsonText) as { value?: ServicePrincipal[] };
  if (!parsed || !Array.isArray(parsed.value)) {
    throw new Error('expected a servicePrincipals response with a "value" array');
  }
  const apps: ResourceAppData[] = [];
  for (const sp of parsed.value) {
    const appId = str(sp.appId).toLowerCase();
    if (!GUID.test(appId)) continue;
    const permissions: PermissionRecord[] = [];
    for (const s of sp.oauth2PermissionScopes ?? []) {
      const id = str(s.id).toLowerCase();
      const value = str(s.value);
      if (!GUID.test(id) || !value) continue;
      const rec: PermissionRecord = {
        id,
        value,
        kind: 'Delegated',
        displayName: str(s.adminConsentDisplayName),
        description: str(s.adminConsentDescription),
        adminConsentRequired: str(s.type) !== 'User',
        enabled: s.isEnabled !== false,
      };
      const userDisplayName = str(s.userConsentDisplayName);
      const userDescription = str(s.userConsentDescription);
      if (userDisplayName) rec.userDisplayName = userDisplayName;
      if (userDescription) rec.userDescription = userDescription;
      permissions.push(rec);
    }
    for (const r of sp.appRoles ?? []) {
      const id = str(r.id).toLowerCase();
      const value = str(r.value);
      const members = Array.isArray(r.allowedMemberTypes) ? r.allowedMemberTypes : [];
      if (!GUID.test(id) || !value || !members.includes('Application')) continue;
      permissions.push({
        id,
        value,
        kind: 'Application',
        displayName: str(r.displayName),
        description: str(r.description),
        adminConsentRequired: true,
        enabled: r.isEnabled !== false,
      });
    }
    permissions.sort(
      (a, b) => cmp(a.value.toLowerCase(), b.value.toLowerCase()) || cmp(a.value, b.value) || cmp(a.kind, b.kind) || cmp(a.id, b.id),
    );
    apps.push({ appId, displayName: DISPLAY_NAMES[appId] ?? str(sp.displayName), permissions });
  }
  apps.sort((a, b) => cmp(a.appId, b.appId));
  return apps;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
