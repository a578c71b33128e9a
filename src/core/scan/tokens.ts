/**
 * What every non-JSON scanner shares: one collector that decides, from a token and the context
 * its scanner found, whether the token is a permission reference, a resource-app mention or a
 * special mention (`.default`, RSC), and the plain-text tokenizer used for comments, prose and
 * free-standing strings.
 *
 * Decisions by position (see reference.ts):
 * - `resourceAccess`: every non-empty value is kept when the resource app is one the store covers
 *   (so a typo is reported); otherwise only known permissions;
 * - `scopeList`: known names (any casing) and known GUIDs; unknown names only when the context is
 *   certainly Microsoft Graph (`strong`) and they are shaped like permissions (`Mail.Sendd`);
 *   anything after a Graph resource URI (`https://graph.microsoft.com/Mail.Send`);
 * - `string` (prose, comments, unrelated strings): known GUIDs, and known names in their exact
 *   casing that contain a dot or an underscore (`User.Read`, `offline_access`) — never `email`,
 *   `profile` or `openid` as words.
 */
import { GRAPH_APP_ID, isGuid, SHAREPOINT_APP_ID } from '../permissions/guid';
import type { PermissionKind } from '../store/storeData';
import { NAME_SHAPE, splitResourcePrefix, splitScopeString, type PermissionOracle } from './names';
import type { ReferencePosition, ResourceAppMention, ScanResult, ScannedReference, TextRange } from './reference';
import { sharePointProse } from './sharePointProse';
import type { SpecialMention } from './special';

export interface FormatScan extends ScanResult {
  specials: SpecialMention[];
  /**
   * Why the scanner could not read the whole document (a parser gave up on absurd nesting, an
   * internal error): what it found is kept, and the caller must say the file was not fully analysed.
   * Scanners never swallow an exception without setting this.
   */
  incomplete?: string;
  /** JSON: the parsed tree (not enumerable), handed to the rules through the Analysis. */
  jsonTree?: import('./jsonTree').JsonTree;
}

/** The user-facing reason for an exception a scanner caught (fail closed: the caller reports it). */
export function incompleteReason(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'it is nested too deeply to be parsed';
  const msg = e instanceof Error ? e.message : String(e);
  return `the scanner failed (${msg.slice(0, 200)})`;
}

export interface TokenContext {
  position: ReferencePosition;
  kind?: PermissionKind;
  /** Resource app the context names (resolved id); Graph is assumed for names when absent. */
  appId?: string;
  /** `resourceAppId` as written and its range (requiredResourceAccess entries). */
  appText?: string;
  appRange?: TextRange;
  /** The context is certainly about Microsoft Graph: unknown permission-shaped names are kept. */
  strong?: boolean;
  typeValue?: TextRange & { text: string };
  entry?: TextRange;
  /** Flow for `.default`: Application (client credentials) or Delegated (user sign-in). */
  flow?: 'Application' | 'Delegated';
  /** A list only compared or printed (see ScannedReference.role). */
  role?: 'watch';
  /**
   * A `string` (hover-only) position that the text nevertheless calls a scope position (`scope=`
   * in prose, "the OIDC scopes (openid, profile, email)"): known names in any casing count, plain
   * words such as `openid` included.
   */
  loose?: boolean;
}

/** An unknown name counts only if shaped like a permission (`Mail.Send`, not `v1.0` or `beta`). */
export const PERMISSION_LIKE = /^[A-Z][A-Za-z0-9-]*(?:\.[A-Za-z][A-Za-z0-9-]*)+$/;

/** Teams resource-specific consent names (`ChannelMessage.Read.Group`, `MailboxItem.Read.User`): another namespace. */
export const RSC_SHAPE = /\.(?:Group|Chat|User)$/;

const DEFAULT_SCOPE = /^(.*?)\/?\.default$/i;

export class Collector {
  readonly refs: ScannedReference[] = [];
  readonly apps: ResourceAppMention[] = [];
  readonly specials: SpecialMention[] = [];
  private readonly taken = new Set<number>();
  /** Set when part of the document could not be scanned (see FormatScan.incomplete). */
  incomplete?: string;

  constructor(readonly oracle: PermissionOracle) {}

  /** Records an exception the scanner caught: the scan is reported as incomplete, never silently short. */
  fail(e: unknown): void {
    this.incomplete ??= incompleteReason(e);
  }

  /** True when a reference or mention already starts at `start`. */
  has(start: number): boolean {
    return this.taken.has(start);
  }

  addRef(ref: ScannedReference): void {
    if (this.taken.has(ref.start)) return;
    this.taken.add(ref.start);
    if (ref.resourceAppId === undefined) delete ref.resourceAppId;
    this.refs.push(ref);
  }

  addApp(m: ResourceAppMention): void {
    if (this.taken.has(m.start)) return;
    this.taken.add(m.start);
    this.apps.push(m);
  }

  addSpecial(s: SpecialMention): void {
    if (this.taken.has(s.start)) return;
    this.taken.add(s.start);
    this.specials.push(s);
  }

  /** True when the store covers the app (so an unknown permission under it can be said to be unknown). */
  covers(appId: string | undefined): boolean {
    return appId === GRAPH_APP_ID || appId === '00000003-0000-0ff1-ce00-000000000000';
  }

  /**
   * Considers one token (no surrounding quotes) at `start`. `end` defaults to start + length.
   * Returns true when something was recorded.
   */
  token(tok: string, start: number, ctx: TokenContext, end = start + tok.length): boolean {
    if (!tok || tok.length > 300) return false;
    if (tok.length === 36 && isGuid(tok)) return this.guid(tok, start, ctx, end);
    const split = splitResourcePrefix(tok);
    const name = split.name;
    if (name.length >= 8 && name.toLowerCase().endsWith('.default') && DEFAULT_SCOPE.test(tok)) {
      return this.defaultScope(tok, start, end, ctx);
    }
    if (!NAME_SHAPE.test(name)) return false;
    const appId = split.appId ?? ctx.appId;
    const base: ScannedReference = { start, end, text: tok, form: 'name', name, position: ctx.position, resourceAppId: appId };
    if (ctx.kind) base.declaredKind = ctx.kind;
    if (ctx.typeValue) base.typeValue = ctx.typeValue;
    if (ctx.entry) base.entry = ctx.entry;
    if (ctx.appText !== undefined) base.resourceAppText = ctx.appText;
    if (ctx.appRange) base.resourceAppRange = ctx.appRange;
    if (ctx.role) base.role = ctx.role;
    const lookupApp = appId ?? GRAPH_APP_ID;
    if (ctx.position === 'resourceAccess') {
      if (this.covers(appId) || this.oracle.isKnownName(name, false, lookupApp)) {
        this.addRef(base);
        return true;
      }
      return false;
    }
    if (split.appId) {
      if (this.oracle.isKnownName(name, false, split.appId) || PERMISSION_LIKE.test(name)) {
        if (ctx.position === 'string' && !this.oracle.isKnownName(name, false, split.appId)) return false;
        this.addRef(base);
        return true;
      }
      return false;
    }
    if (ctx.position === 'scopeList') {
      if (this.oracle.isKnownName(name, false, lookupApp) || (ctx.strong && PERMISSION_LIKE.test(name) && !RSC_SHAPE.test(name) && this.covers(lookupApp))) {
        this.addRef(base);
        return true;
      }
      return false;
    }
    if (ctx.loose && this.oracle.isKnownName(name, false, lookupApp)) {
      this.addRef(base);
      return true;
    }
    // Free-standing: exact casing, and a dotted or underscored name (never a plain word).
    if ((name.includes('.') || name.includes('_')) && this.oracle.isKnownName(name, true, lookupApp)) {
      this.addRef(base);
      return true;
    }
    return false;
  }

  guid(tok: string, start: number, ctx: TokenContext, end = start + tok.length): boolean {
    const id = tok.toLowerCase();
    if (this.oracle.isKnownId(id)) {
      const ref: ScannedReference = { start, end, text: tok, form: 'guid', name: tok, position: ctx.position, resourceAppId: ctx.appId };
      if (ctx.kind) ref.declaredKind = ctx.kind;
      if (ctx.role) ref.role = ctx.role;
      if (ctx.typeValue) ref.typeValue = ctx.typeValue;
      if (ctx.entry) ref.entry = ctx.entry;
      if (ctx.appText !== undefined) ref.resourceAppText = ctx.appText;
      if (ctx.appRange) ref.resourceAppRange = ctx.appRange;
      this.addRef(ref);
      return true;
    }
    if (ctx.position === 'resourceAccess' && this.covers(ctx.appId)) {
      // An unknown GUID under Graph / SharePoint: kept so that unknown-permission-id can say so.
      const ref: ScannedReference = { start, end, text: tok, form: 'guid', name: tok, position: 'resourceAccess', resourceAppId: ctx.appId };
      if (ctx.kind) ref.declaredKind = ctx.kind;
      if (ctx.typeValue) ref.typeValue = ctx.typeValue;
      if (ctx.entry) ref.entry = ctx.entry;
      if (ctx.appText !== undefined) ref.resourceAppText = ctx.appText;
      if (ctx.appRange) ref.resourceAppRange = ctx.appRange;
      this.addRef(ref);
      return true;
    }
    const appId = this.oracle.resourceAppId(id);
    if (appId) {
      this.addApp({ start, end, text: tok, appId });
      return true;
    }
    return false;
  }

  private defaultScope(tok: string, start: number, end: number, ctx: TokenContext): boolean {
    const m = DEFAULT_SCOPE.exec(tok);
    if (!m) return false;
    const resource = m[1];
    // `.default` alone, or after a resource URI / app id; not `foo.default` (a property path).
    if (resource && !/[/:]/.test(resource) && !isGuid(resource)) return false;
    const split = splitResourcePrefix(tok);
    const s: SpecialMention = { start, end, kind: 'default-scope', text: tok };
    if (resource) s.resource = resource;
    const appId = split.appId ?? (isGuid(resource) ? this.oracle.resourceAppId(resource.toLowerCase()) : undefined);
    if (appId) s.resourceAppId = appId;
    if (ctx.flow) s.flow = ctx.flow;
    this.addSpecial(s);
    return true;
  }

  /** A space/comma-separated scope string written at `start` (raw text as in the document). */
  scopeString(raw: string, start: number, ctx: TokenContext): void {
    for (const t of splitScopeString(raw)) {
      let tok = t.text;
      let s = t.start;
      // Quotes and brackets around list items written inside one string (`"['User.Read']"`).
      const lead = /^["'`([{]+/.exec(tok);
      if (lead) {
        tok = tok.slice(lead[0].length);
        s += lead[0].length;
      }
      tok = trimTrailing(tok, CLOSERS);
      if (tok.includes('${') || tok.includes('$(') || tok.includes('{{')) continue;
      this.token(tok, start + s, ctx);
    }
  }

  finish(): FormatScan {
    this.refs.sort((a, b) => a.start - b.start);
    this.apps.sort((a, b) => a.start - b.start);
    this.specials.sort((a, b) => a.start - b.start);
    const out: FormatScan = { references: this.refs, resourceApps: this.apps, specials: this.specials };
    if (this.incomplete) out.incomplete = this.incomplete;
    return out;
  }
}

const CLOSERS = new Set(['"', "'", '`', ')', ']', '}']);
const TRAILING_PUNCT = new Set(['.', ':', '/', '%', '-']);

/**
 * `s` without its trailing characters from `chars`. A loop, not `replace(/[...]+$/)`: a regexp
 * retries the run from every position of it, which is quadratic on a long run followed by
 * something else (many quotes, then `x"`).
 */
export function trimTrailing(s: string, chars: ReadonlySet<string>): string {
  let e = s.length;
  while (e > 0 && chars.has(s[e - 1])) e--;
  return e === s.length ? s : s.slice(0, e);
}

/**
 * Plain mentions in prose, comments or an unrelated string: whole tokens only. A token is a run of
 * name characters (letters, digits, `. _ -`) plus `/` and `:` so that resource URIs stay whole;
 * trailing sentence punctuation is dropped. Linear in the text.
 */
export function plainMentions(c: Collector, text: string, start: number, end: number, ctx: TokenContext = { position: 'string' }): void {
  // Search only the region: a regexp run over the whole text from `start` would find the next match
  // far past `end` on every call, which is quadratic over many small regions (comments).
  const region = text.slice(start, end);
  const re = /[A-Za-z0-9_][A-Za-z0-9_.:/%-]*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(region))) {
    const at = start + m.index;
    let tok = m[0];
    // A token that starts right after another name character is part of something bigger.
    const prev = at > 0 ? text.charCodeAt(at - 1) : 32;
    if (prev === 46 /* . */ || prev === 45 /* - */ || prev === 36 /* $ */ || prev === 64 /* @ */) continue;
    tok = trimTrailing(tok, TRAILING_PUNCT);
    if (tok.length < 4) continue;
    if (tok.length === 36 && isGuid(tok)) {
      c.token(tok, at, ctx);
      continue;
    }
    if (tok.includes('/') || tok.includes(':') || tok.includes('%')) {
      // Only resource-URI-prefixed scopes (`https://graph.microsoft.com/Mail.Send`, `…/.default`);
      // a GUID followed by `=Role` etc. was split off above; `GUID/...` is a path: skip.
      if (splitResourcePrefix(tok).prefixLength > 0) c.token(tok, at, ctx);
      continue;
    }
    if (!tok.includes('.') && !tok.includes('_')) continue;
    // Prose that calls the name SharePoint's ("the SharePoint permission Sites.Selected").
    if (ctx.appId === undefined && c.oracle.isKnownName(tok, true, SHAREPOINT_APP_ID) && sharePointProse(text, at, at + tok.length)) {
      c.token(tok, at, { ...ctx, appId: SHAREPOINT_APP_ID });
      continue;
    }
    c.token(tok, at, ctx);
  }
}

/** The kind a key or variable name implies: `scopes`, `delegated…` → Delegated; `appRoles`, `application…` → Application. */
export function kindFromName(name: string): PermissionKind | undefined {
  const k = name.toLowerCase().replace(/[-_\s]/g, '');
  if (k.includes('delegat') || k.includes('scope') || k.includes('oauth2')) return 'Delegated';
  if (k.includes('application') || k.includes('approle') || k.includes('apppermission') || /roles?$/.test(k)) return 'Application';
  return undefined;
}

/** Keys or variable names that hold scopes or permission names. */
export const SCOPE_NAME = /(?:^|[^a-z])(?:scopes?|permissions?|roles)$|scopes?$|permissions$|approles?$|Scopes?$|Permissions$|Roles$|^(?:graph|required|requested|app|api|delegated|application)(?:permissions?|roles|scopes?)$/i;

/** Decodes `%XX` escapes leniently (a bad escape stays as written). */
export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Does the text look like it uses an application (client-credentials / managed identity) flow? */
export const APP_FLOW =
  /ClientSecretCredential|ClientCertificateCredential|ClientAssertionCredential|ManagedIdentityCredential|WorkloadIdentityCredential|AcquireTokenForClient|acquire_token_for_client|acquireTokenByClientCredential|ConfidentialClientApplication\b[\s\S]{0,400}?ForClient|client_credentials|grant_type\s*[:=]\s*["']?client_credentials|-ClientSecretCredential|-CertificateThumbprint|-Identity\b|Connect-MgGraph\s+-Identity|ClientCredentialParameters|clientCredential\s*\(/;
