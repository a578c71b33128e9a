/**
 * How a file authenticates to Microsoft Graph, and so which kind of permission it means — the one
 * implementation behind both the least-privilege analysis (the kind each detected call needs) and
 * the kind the scanners give a reference whose own context says nothing (hovers, rules).
 *
 * Evidence, by strength:
 * - `sign-in`: client credentials, certificates and managed identity → Application; interactive,
 *   device-code, authorization-code, on-behalf-of flows and `Connect-MgGraph -Scopes` without an
 *   app-only switch → Delegated;
 * - `grant`: the file assigns app roles (`New-MgServicePrincipalAppRoleAssignment`,
 *   `appRoleAssignedTo`, `azuread_app_role_assignment`, …) → Application, or grants delegated
 *   permissions (`New-MgOauth2PermissionGrant`, `…delegated_permission_grant`) → Delegated; the
 *   CLI for Microsoft 365's grant commands likewise (`m365 entra approleassignment add` →
 *   Application, `m365 spo serviceprincipal grant add` → Delegated);
 * - `prose`: comments and documents that say so ("application permissions", "app-only",
 *   "delegated permissions", "(Application type)", "managed identity", "daemon").
 * `detectAuth` returns sign-in evidence only (the kind a call is made with); `kindEvidence` adds
 * grants and prose (the kind of the permissions a file writes down).
 */
import type { DocumentFormat } from '../documentFormat';
import type { PermissionKind } from '../store/storeData';

export interface AuthEvidence {
  kind: PermissionKind;
  /** What was found (`ClientSecretCredential`), for reports. */
  evidence: string;
  start: number;
  end: number;
  /** How strong: a sign-in (the default), an app-role or delegated grant, or a sentence. */
  source?: 'sign-in' | 'grant' | 'prose';
}

const APPLICATION: RegExp[] = [
  /\bClientSecretCredential\b/g,
  /\bClientCertificateCredential\b/g,
  /\bClientAssertionCredential\b/g,
  /\bManagedIdentityCredential\b/g,
  /\bWorkloadIdentityCredential\b/g,
  /\bacquireTokenByClientCredential\b/g,
  /\bAcquireTokenForClient\b/g,
  /\bacquire_token_for_client\b/g,
  /\bgrant_type=client_credentials\b/g,
  /["']grant_type["']\s*:\s*["']client_credentials["']/g,
  /\bGrant_Type\s*=\s*["']client_credentials["']/gi,
  /\bAppOnlyAuthProvider\b/g,
  // REST Client (.http): an app-only token of the signed-in developer's app registration.
  /\{\{\s*\$aadV2Token\b[^{}\n]*\bappOnly\b[^{}\n]*\}\}/g,
];

const DELEGATED: RegExp[] = [
  /\bInteractiveBrowserCredential\b/g,
  /\bDeviceCodeCredential\b/g,
  /\bUsernamePasswordCredential\b/g,
  /\bAuthorizationCodeCredential\b/g,
  /\bOnBehalfOfCredential\b/g,
  /\bPublicClientApplication(?:Builder)?\b/g,
  /\bacquireTokenInteractive\b/g,
  /\bacquireTokenSilent\b/g,
  /\bacquireTokenByCode\b/g,
  /\bacquireTokenByDeviceCode\b/g,
  /\bacquireTokenOnBehalfOf\b/g,
  /\bacquireTokenPopup\b/g,
  /\bacquireTokenRedirect\b/g,
  /\bloginPopup\b/g,
  /\bloginRedirect\b/g,
  /\bAcquireTokenInteractive\b/g,
  /\bAcquireTokenSilent\b/g,
  /\bAcquireTokenOnBehalfOf\b/g,
  /\bAcquireTokenByAuthorizationCode\b/g,
  /\bAcquireTokenWithDeviceCode\b/g,
  /\bacquire_token_interactive\b/g,
  /\bacquire_token_silent\b/g,
  /\bacquire_token_by_auth_code_flow\b/g,
  /\bacquire_token_by_authorization_code\b/g,
  /\bacquire_token_by_device_flow\b/g,
  /\bacquire_token_on_behalf_of\b/g,
  /\binitiate_device_flow\b/g,
  /\bgrant_type=(?:authorization_code|urn:ietf:params:oauth:grant-type:jwt-bearer|password|urn:ietf:params:oauth:grant-type:device_code)\b/g,
  // REST Client (.http): a token of the signed-in user (`{{$aadV2Token}}` without appOnly, `{{$aadToken}}`, `{{$oidcAccessToken}}`).
  /\{\{\s*\$aadV2Token\b(?![^{}\n]*\bappOnly\b)[^{}\n]*\}\}/g,
  /\{\{\s*\$(?:aadToken|oidcAccessToken)\b[^{}\n]*\}\}/g,
];

const GRANT_APPLICATION =
  /\b(?:New-Mg(?:Beta)?ServicePrincipalAppRoleAssign(?:ment|edTo)|New-AzureA[Dd]ServiceAppRoleAssignment|Add-PnPAzureADServicePrincipalAppRole|azuread_app_role_assignment|appRoleAssignedTo|appRoleAssignments)\b/g;
const GRANT_DELEGATED = /\b(?:New-Mg(?:Beta)?Oauth2PermissionGrant|azuread_service_principal_delegated_permission_grant|oauth2PermissionGrants)\b/g;
/**
 * CLI for Microsoft 365 (`m365`, formerly `o365`). `entra approleassignment add` (older `aad …`)
 * looks its `--scopes` up among the resource's appRoles only and posts appRoleAssignments, so it
 * grants application permissions. `spo serviceprincipal grant add` (alias `spo sp grant add`) grants
 * a delegated scope to the tenant's SharePoint Online Client Extensibility principal (what SPFx
 * solutions call APIs with), as do `entra oauth2grant add` and the PowerShell equivalents
 * `Approve-SPOTenantServicePrincipalPermissionGrant` and `Grant-PnPTenantServicePrincipalPermission`.
 */
const CLI_GRANT_APPLICATION = /\b[mo]365[ \t]+(?:entra|aad)[ \t]+approleassignment[ \t]+add\b/g;
const CLI_GRANT_DELEGATED =
  /\b[mo]365[ \t]+(?:spo[ \t]+(?:serviceprincipal|sp)[ \t]+grant|(?:entra|aad)[ \t]+oauth2grant)[ \t]+add\b|\b(?:Approve-SPOTenantServicePrincipalPermissionGrant|Grant-PnPTenantServicePrincipalPermission)\b/g;

const PROSE_APPLICATION =
  /\b(?:application permissions?|app-only|app only access|application-only|daemon|managed identity|without a signed-in user)\b|\(Application(?: type| permissions?)?\)/gi;
const PROSE_DELEGATED = /\b(?:delegated permissions?|delegated scopes?|permission scopes|on behalf of the signed-in user)\b|\(Delegated\)/gi;

/** `Connect-MgGraph` / `Connect-Graph` with its switches: any app-only switch → Application, else `-Scopes` → Delegated. */
const CONNECT = /\bConnect-(?:Mg(?:Beta)?Graph|Graph)\b/gi;
const APP_ONLY_SWITCH = /\s-(CertificateThumbprint|CertificateName|CertificateSubjectName|Certificate|ClientSecretCredential|Identity|EnvironmentVariable)\b/i;

function connectEvidence(text: string, out: AuthEvidence[]): void {
  // Linear on any input: each command's window ends at the next Connect- command, at a line break
  // without a backtick continuation, or after 2000 characters, so the windows never overlap; the
  // next line break is searched once and reused while it lies ahead.
  const starts: RegExpExecArray[] = [];
  CONNECT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CONNECT.exec(text))) starts.push(m);
  let nextNl = -2; // the first line break at or after the last search position (-1: none)
  for (let i = 0; i < starts.length; i++) {
    const c = starts[i];
    const end = Math.min(text.length, c.index + 2000, i + 1 < starts.length ? starts[i + 1].index : text.length);
    let j = c.index + c[0].length;
    for (;;) {
      if (nextNl !== -1 && nextNl < j) nextNl = text.indexOf('\n', j);
      if (nextNl < 0 || nextNl >= end) {
        j = end;
        break;
      }
      let k = nextNl - 1;
      while (k >= j && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r')) k--;
      if (k >= j && text[k] === '`') {
        j = nextNl + 1;
        continue;
      }
      j = nextNl;
      break;
    }
    const cmd = text.slice(c.index, j);
    const app = APP_ONLY_SWITCH.exec(cmd);
    if (app) out.push({ kind: 'Application', evidence: `${c[0]} -${app[1]}`, start: c.index, end: c.index + c[0].length, source: 'sign-in' });
    else if (/\s-Scopes?\b/i.test(cmd)) out.push({ kind: 'Delegated', evidence: `${c[0]} -Scopes`, start: c.index, end: c.index + c[0].length, source: 'sign-in' });
  }
}

/**
 * Performance only (the evidence found is the same): each pattern above needs one of a few literal
 * words to match at all, so one case-insensitive pass over the text finds which of those words occur
 * and only the patterns whose word occurs run — a 5 MB JSON file with no sign-in in it costs one scan,
 * not one per pattern. A pattern with no listed word always runs.
 */
const NEEDLES = new Map<RegExp, readonly string[]>([
  [GRANT_APPLICATION, ['approleassign', 'pnpazureadserviceprincipalapprole', 'app_role_assignment']],
  [GRANT_DELEGATED, ['oauth2permissiongrant', 'delegated_permission_grant']],
  // The CLI commands need `m365` or `o365` (any casing found here: still a necessary word), not just
  // `grant`, which every permission name like DelegatedPermissionGrant.ReadWrite.All contains.
  [CLI_GRANT_APPLICATION, ['m365', 'o365']],
  [CLI_GRANT_DELEGATED, ['m365', 'o365', 'approve-spotenantserviceprincipalpermissiongrant', 'grant-pnptenantserviceprincipalpermission']],
  [PROSE_APPLICATION, ['application permission', 'app-only', 'app only access', 'application-only', 'daemon', 'managed identity', 'without a signed-in user', '(application']],
  [PROSE_DELEGATED, ['delegated permission', 'delegated scope', 'permission scopes', 'on behalf of the signed-in user', '(delegated)']],
  [CONNECT, ['connect-mg', 'connect-graph']],
]);
// The sign-in patterns, found by how they start: a pattern not listed here simply always runs.
for (const [start, words] of [
  ['["\']grant_type', ['grant_type']],
  ['\\bGrant_Type\\s', ['grant_type']],
  ['\\{\\{\\s*\\$aadV2Token', ['$aadv2token']],
  ['\\bPublicClientApplication(', ['publicclientapplication']],
  ['\\bgrant_type=(', ['grant_type=']],
  ['\\{\\{\\s*\\$(?:aadToken|oidcAccessToken)', ['$aadtoken', '$oidcaccesstoken']],
] as const) {
  for (const re of [...APPLICATION, ...DELEGATED]) if (re.source.startsWith(start)) NEEDLES.set(re, words);
}
// `\bWord\b` patterns: the word itself.
for (const re of [...APPLICATION, ...DELEGATED]) {
  const m = /^\\b([A-Za-z_=]+)\\b$/.exec(re.source);
  if (m && !NEEDLES.has(re)) NEEDLES.set(re, [m[1].toLowerCase()]);
}

/** One alternation of every word, longest first; and for each word, the words that are prefixes of it. */
const ALL_NEEDLES = [...new Set([...NEEDLES.values()].flat())].sort((a, b) => b.length - a.length);
const NEEDLE_RE = new RegExp(ALL_NEEDLES.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
const PREFIXES = new Map<string, readonly string[]>(ALL_NEEDLES.map((n) => [n, ALL_NEEDLES.filter((p) => n.startsWith(p))]));

/** The words of NEEDLES that occur in the text (any casing). */
function wordsIn(text: string): Set<string> {
  const found = new Set<string>();
  NEEDLE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NEEDLE_RE.exec(text))) {
    // Every word matching here is a prefix of the longest one (tried first); later starts are found
    // by resuming one character on.
    for (const p of PREFIXES.get(m[0].toLowerCase()) ?? []) found.add(p);
    NEEDLE_RE.lastIndex = m.index + 1;
  }
  return found;
}

function mayMatch(re: RegExp, words: ReadonlySet<string> | undefined): boolean {
  const needles = NEEDLES.get(re);
  return !words || !needles || needles.some((n) => words.has(n));
}

function collect(text: string, list: RegExp[], kind: PermissionKind, source: AuthEvidence['source'], out: AuthEvidence[], words?: ReadonlySet<string>): void {
  for (const re of list) {
    if (!mayMatch(re, words)) continue;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      out.push({ kind, evidence: m[0], start: m.index, end: m.index + m[0].length, source });
      if (m[0].length === 0) re.lastIndex++;
    }
  }
}

/** Every sign-in hint in a document, in text order (the kind its calls are made with). */
export function detectAuth(text: string, _format?: DocumentFormat): AuthEvidence[] {
  return signIns(text, wordsIn(text));
}

function signIns(text: string, words: ReadonlySet<string>): AuthEvidence[] {
  const out: AuthEvidence[] = [];
  collect(text, APPLICATION, 'Application', 'sign-in', out, words);
  collect(text, DELEGATED, 'Delegated', 'sign-in', out, words);
  if (mayMatch(CONNECT, words)) connectEvidence(text, out);
  return out.sort((a, b) => a.start - b.start);
}

/** Sign-in hints plus grants and sentences: what says which kind of permission a file writes down. */
export function kindEvidence(text: string, _format?: DocumentFormat): AuthEvidence[] {
  const words = wordsIn(text);
  const out = signIns(text, words);
  collect(text, [GRANT_APPLICATION, CLI_GRANT_APPLICATION], 'Application', 'grant', out, words);
  collect(text, [GRANT_DELEGATED, CLI_GRANT_DELEGATED], 'Delegated', 'grant', out, words);
  collect(text, [PROSE_APPLICATION], 'Application', 'prose', out, words);
  collect(text, [PROSE_DELEGATED], 'Delegated', 'prose', out, words);
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The kind for a call at `offset`: when the document's hints agree, theirs; when they disagree,
 * the nearest hint before the call (else the nearest after). Undefined without hints.
 */
export function kindAt(evidence: readonly AuthEvidence[], offset: number): AuthEvidence | undefined {
  if (!evidence.length) return undefined;
  if (evidence.every((e) => e.kind === evidence[0].kind)) return evidence[0];
  let best: AuthEvidence | undefined;
  for (const e of evidence) if (e.start <= offset) best = e;
  return best ?? evidence[0];
}

/**
 * The kind a file means for the permissions it writes down without saying (a plain mention, a list
 * whose name says nothing): sign-ins and grants first, sentences only without them. When the
 * strongest evidence disagrees (a script that signs in as a user to grant app roles), undefined:
 * the reference's own context must say.
 */
export function fileKind(evidence: readonly AuthEvidence[]): AuthEvidence | undefined {
  const strong = evidence.filter((e) => e.source !== 'prose');
  const pool = strong.length ? strong : evidence;
  if (!pool.length) return undefined;
  return pool.every((e) => e.kind === pool[0].kind) ? pool[0] : undefined;
}

/** The hover sentence for the kind a file gives: "this script signs in with Connect-MgGraph -Identity (line 10)". */
export function kindReason(e: AuthEvidence, line: number): string {
  const what = e.evidence.length > 60 ? `${e.evidence.slice(0, 57)}...` : e.evidence;
  if (e.source === 'grant') return `this file ${e.kind === 'Application' ? 'assigns app roles' : 'grants delegated permissions'} (${what}, line ${line})`;
  if (e.source === 'prose') return `the file says “${what}” (line ${line})`;
  return `this file signs in with ${what} (line ${line})`;
}
