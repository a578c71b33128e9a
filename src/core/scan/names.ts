/**
 * Token-level helpers for permission names as they appear in scope strings and lists.
 */
import { GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../permissions/guid';

/** What a scanner needs to know about the store to tell permissions from other strings. */
export interface PermissionOracle {
  isKnownId(guid: string): boolean;
  /** True when `name` is a permission of `resourceAppId` (Graph by default); exact casing when `caseSensitive`. */
  isKnownName(name: string, caseSensitive: boolean, resourceAppId?: string): boolean;
  /** Resolves a resource app id or display name to its app id. */
  resourceAppId(idOrName: string): string | undefined;
}

/** Resource URIs under which a scope is written as `<uri>/<Permission>` in MSAL and token requests. */
const RESOURCE_PREFIXES: { re: RegExp; appId: string }[] = [
  { re: /^https:\/\/(?:graph\.microsoft\.com|canary\.graph\.microsoft\.com|graph\.microsoft\.us|dod-graph\.microsoft\.us|microsoftgraph\.chinacloudapi\.cn)\//i, appId: GRAPH_APP_ID },
  { re: /^https:\/\/[a-z0-9-]+\.sharepoint\.(?:com|us|cn|de)\//i, appId: SHAREPOINT_APP_ID },
  { re: /^00000003-0000-0000-c000-000000000000\//i, appId: GRAPH_APP_ID },
];

export interface SplitName {
  /** Length of the resource prefix (0 when none). */
  prefixLength: number;
  /** App id the prefix names, when there is one. */
  appId?: string;
  name: string;
}

export function splitResourcePrefix(token: string): SplitName {
  // Every prefix starts with `h`/`H` (https, the only case-insensitive one) or `0`: most tokens are settled by their first character.
  const c = token.charCodeAt(0);
  if (c !== 104 && c !== 72 && c !== 48) return { prefixLength: 0, name: token };
  for (const p of RESOURCE_PREFIXES) {
    const m = p.re.exec(token);
    if (m) return { prefixLength: m[0].length, appId: p.appId, name: token.slice(m[0].length) };
  }
  return { prefixLength: 0, name: token };
}

/**
 * Looks like a permission name: word characters, dots, hyphens (`CallRecord-PstnCalls.Read.All`),
 * underscores (`offline_access`). Used to skip obviously unrelated tokens cheaply.
 */
export const NAME_SHAPE = /^[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;

/** One RegExp for every call (the loop below runs to the end, so no call sees another's lastIndex). */
const SCOPE_TOKEN = /[^\s,;]+/g;

/** Splits a space- or comma-separated scope string into tokens with their offsets in `s`. */
export function splitScopeString(s: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = SCOPE_TOKEN;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push({ text: m[0], start: m.index });
  return out;
}
