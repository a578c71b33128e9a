/**
 * First-party resource applications that app manifests commonly name in `resourceAppId`.
 * Only Microsoft Graph and SharePoint Online have permissions in the store; the others are listed
 * so that their ids get a "resource application" hover instead of being mistaken for permissions,
 * and so that rules know a permission GUID under them is not a Graph permission.
 *
 * Source: the application ids Microsoft documents for its first-party APIs (Entra admin center
 * "APIs my organization uses", and the "Verify first-party Microsoft applications in sign-in
 * reports" article). Display names are those shown by the service principals.
 */
export interface WellKnownApp {
  appId: string;
  displayName: string;
  /** Other spellings accepted where tools write the name instead of the id (aad.manifest.json). */
  aliases: string[];
}

export const WELL_KNOWN_APPS: readonly WellKnownApp[] = [
  { appId: '00000003-0000-0000-c000-000000000000', displayName: 'Microsoft Graph', aliases: ['Graph', 'MicrosoftGraph', 'https://graph.microsoft.com'] },
  {
    appId: '00000003-0000-0ff1-ce00-000000000000',
    displayName: 'Office 365 SharePoint Online',
    aliases: ['SharePoint', 'SharePoint Online', 'Office 365 SharePoint Online'],
  },
  { appId: '00000002-0000-0000-c000-000000000000', displayName: 'Windows Azure Active Directory (Azure AD Graph, retired)', aliases: ['Windows Azure Active Directory', 'Azure Active Directory Graph'] },
  { appId: '00000002-0000-0ff1-ce00-000000000000', displayName: 'Office 365 Exchange Online', aliases: ['Exchange Online', 'Office 365 Exchange Online'] },
  { appId: '797f4846-ba00-4fd7-ba43-dac1f8f63013', displayName: 'Windows Azure Service Management API', aliases: ['Azure Service Management'] },
  { appId: 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093', displayName: 'Azure Key Vault', aliases: [] },
  { appId: 'e406a681-f3d4-42a8-90b6-c2b029497af1', displayName: 'Azure Storage', aliases: [] },
  { appId: '00000007-0000-0000-c000-000000000000', displayName: 'Dataverse (Dynamics CRM)', aliases: ['Dynamics CRM', 'Dataverse'] },
  { appId: '00000009-0000-0000-c000-000000000000', displayName: 'Power BI Service', aliases: ['Power BI Service'] },
  { appId: 'c5393580-f805-4401-95e8-94b7a6ef2fc2', displayName: 'Office 365 Management APIs', aliases: ['Office 365 Management APIs'] },
  { appId: '00000004-0000-0ff1-ce00-000000000000', displayName: 'Skype for Business Online', aliases: [] },
  { appId: '48ac35b8-9aa8-4d74-927d-1f4a14a0b239', displayName: 'Skype and Teams Tenant Admin API', aliases: [] },
];

const BY_ID = new Map(WELL_KNOWN_APPS.map((a) => [a.appId.toLowerCase(), a.displayName]));

/** The display name of a well-known resource application, by app id (any case); undefined when unknown. */
export function wellKnownAppName(appId: string): string | undefined {
  return BY_ID.get(appId.toLowerCase());
}
