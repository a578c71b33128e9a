/**
 * The reference model shared by every scanner: where a permission (or a resource application) is
 * written in a document, and what the surrounding text says about it. Offsets are UTF-16 code-unit
 * offsets into the scanned text, `end` exclusive.
 */
import type { PermissionKind } from '../store/storeData';

export interface TextRange {
  start: number;
  end: number;
}

/**
 * Where a reference stands:
 * - `resourceAccess`: the `id` of a `requiredResourceAccess[].resourceAccess[]` entry — the store
 *   must know it, so an unknown value is worth reporting;
 * - `scopeList`: a list or string whose key says it holds permissions (`scopes`, `scope`, …);
 * - `string`: any other string that happens to be exactly a known permission — reported only
 *   when known, never diagnosed as unknown.
 */
export type ReferencePosition = 'resourceAccess' | 'scopeList' | 'string';

export interface ScannedReference extends TextRange {
  /** The token as written (without quotes). */
  text: string;
  form: 'guid' | 'name';
  /** For `name` form: the permission name with any resource URI prefix removed. */
  name: string;
  position: ReferencePosition;
  /** Kind declared by the surroundings (`"type": "Scope"` → Delegated, `"Role"` → Application). */
  declaredKind?: PermissionKind;
  /** The `type` value as written, with its range, when there is one. */
  typeValue?: TextRange & { text: string };
  /** The resource application the position belongs to, when the document says (resolved id). */
  resourceAppId?: string;
  /** `resourceAppId` as written (a GUID, or a display name such as "Microsoft Graph"). */
  resourceAppText?: string;
  /** Range of the `resourceAppId` value (inside its quotes), for fixes that change it. */
  resourceAppRange?: TextRange;
  /** Range of the enclosing `resourceAccess` entry object, for fixes that remove it. */
  entry?: TextRange;
  /**
   * The kind the file means when the reference's own context does not say (how the file signs in,
   * what it grants, what its prose says), with the reason shown in the hover. Weaker than
   * `declaredKind`: it never makes a name of the other kind a mismatch.
   */
  inferredKind?: PermissionKind;
  kindReason?: string;
  /**
   * `watch`: a list the file only compares or prints (an audit script's high-priority permissions),
   * not a request — hovered, but the rules that judge requests skip it.
   */
  role?: 'watch';
}

/** A resource application id or name written in a resource position (`resourceAppId`). */
export interface ResourceAppMention extends TextRange {
  text: string;
  /** The resolved app id, when known. */
  appId?: string;
}

export interface ScanResult {
  references: ScannedReference[];
  resourceApps: ResourceAppMention[];
}

/** Finds the reference or resource-app mention whose range contains `offset` (end inclusive, for the caret after a token). */
export function findAt(scan: ScanResult, offset: number): ScannedReference | ResourceAppMention | undefined {
  for (const r of scan.references) if (offset >= r.start && offset <= r.end) return r;
  for (const a of scan.resourceApps) if (offset >= a.start && offset <= a.end) return a;
  return undefined;
}

export function isPermissionReference(x: ScannedReference | ResourceAppMention): x is ScannedReference {
  return (x as ScannedReference).form !== undefined;
}
