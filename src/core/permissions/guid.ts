/** GUID helpers shared by the store and the scanners. */

export const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isGuid(text: string): boolean {
  return text.length === 36 && GUID_RE.test(text);
}

/**
 * True when a GUID's hex digits run in sequence (`0a1b2c3d-4e5f-6a7b-8c9d-…`, `…-2c3d4e5f6a7b`): 14
 * or more digits that are one more than the digit before, or than the digit two places before. A
 * random GUID has about 2; of the 1,695 ids of the bundled store, 11 score 14 to 27 (7 names, most of
 * them hidden: `ApplicationAuthorization.*`, `OrganizationalBrandingOwners.*`, also
 * `Group-NestingSupport.*`, `ShortNotes.*`) and every other at most 9. Such an id may be a placeholder
 * in the published metadata: the hover says it is unverified. A pattern, not proof.
 */
export function looksHandMade(id: string): boolean {
  const h = id.replace(/-/g, '').toLowerCase();
  if (h.length !== 32 || !/^[0-9a-f]+$/.test(h)) return false;
  let next = 0;
  let skip = 0;
  for (let i = 1; i < h.length; i++) {
    if (parseInt(h[i], 16) === (parseInt(h[i - 1], 16) + 1) % 16) next++;
    if (i >= 2 && parseInt(h[i], 16) === (parseInt(h[i - 2], 16) + 1) % 16) skip++;
  }
  return Math.max(next, skip) >= 14;
}

/** Microsoft Graph's resource application id. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Office 365 SharePoint Online's resource application id. */
export const SHAREPOINT_APP_ID = '00000003-0000-0ff1-ce00-000000000000';
