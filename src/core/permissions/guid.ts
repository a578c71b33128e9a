/** GUID helpers shared by the store and the scanners. */

export const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isGuid(text: string): boolean {
  return text.length === 36 && GUID_RE.test(text);
}

/** Microsoft Graph's resource application id. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Office 365 SharePoint Online's resource application id. */
export const SHAREPOINT_APP_ID = '00000003-0000-0ff1-ce00-000000000000';
