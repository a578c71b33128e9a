/**
 * How code authenticates to Microsoft Graph, which decides the permission kind its calls need:
 * client credentials, certificates and managed identity → Application; interactive, device-code,
 * authorization-code and on-behalf-of flows → Delegated.
 */
import type { DocumentFormat } from '../analyze';
import type { PermissionKind } from '../storeData';

export interface AuthEvidence {
  kind: PermissionKind;
  /** What was found (`ClientSecretCredential`), for reports. */
  evidence: string;
  start: number;
  end: number;
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
  /\bAppOnlyAuthProvider\b/g,
];

const DELEGATED: RegExp[] = [
  /\bInteractiveBrowserCredential\b/g,
  /\bDeviceCodeCredential\b/g,
  /\bUsernamePasswordCredential\b/g,
  /\bAuthorizationCodeCredential\b/g,
  /\bOnBehalfOfCredential\b/g,
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
];

/** Every authentication hint in a document, in text order. */
export function detectAuth(text: string, _format?: DocumentFormat): AuthEvidence[] {
  const out: AuthEvidence[] = [];
  const collect = (list: RegExp[], kind: PermissionKind): void => {
    for (const re of list) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) {
        const ev = /Connect-MgGraph/i.test(m[0]) ? `Connect-MgGraph ${/\s(-\w+)\b\s*$/.exec(m[0])?.[1] ?? ''}`.trim() : m[0];
        out.push({ kind, evidence: ev, start: m.index, end: m.index + m[0].length });
      }
    }
  };
  collect(APPLICATION, 'Application');
  collect(DELEGATED, 'Delegated');
  connectMgGraph(text, APP_FLAGS, 'Application', out);
  connectMgGraph(text, SCOPES_FLAG, 'Delegated', out);
  return out.sort((a, b) => a.start - b.start);
}

const CONNECT = /\bConnect-MgGraph\b/gi;
const APP_FLAGS = /\s-(?:CertificateThumbprint|CertificateName|Certificate|ClientSecretCredential|Identity)\b/gi;
const SCOPES_FLAG = /\s-Scopes\b/gi;

/**
 * `Connect-MgGraph … -Identity` (or `-Scopes`) on one line: what the regexp
 * `/\bConnect-MgGraph\b[^\n]*?\s-Identity\b/gi` matches, in one pass. The regexp is quadratic: each
 * `Connect-MgGraph` without the flag scans to the end of its line, and a line can hold thousands.
 * Here the next flag and the next line break are found once and reused while they lie ahead.
 */
function connectMgGraph(text: string, flagRe: RegExp, kind: PermissionKind, out: AuthEvidence[]): void {
  const connect = new RegExp(CONNECT.source, CONNECT.flags);
  const flags = new RegExp(flagRe.source, flagRe.flags);
  let flag: RegExpExecArray | null | undefined; // undefined: not searched yet; null: none left
  let newline = -2; // the first line break at or after the current command's end (-1: none)
  let m: RegExpExecArray | null;
  while ((m = connect.exec(text))) {
    const end = m.index + m[0].length;
    if (flag !== null && (flag === undefined || flag.index < end)) {
      flags.lastIndex = end;
      flag = flags.exec(text);
    }
    if (newline !== -1 && newline < end) newline = text.indexOf('\n', end);
    if (!flag) return; // no flag anywhere after: no later command has one either
    // `[^\n]*?\s`: the whitespace before the flag may be the line break itself, not one past it.
    if (newline !== -1 && flag.index > newline) continue;
    const stop = flag.index + flag[0].length;
    out.push({ kind, evidence: `Connect-MgGraph ${flag[0].trim()}`, start: m.index, end: stop });
    connect.lastIndex = stop;
  }
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
