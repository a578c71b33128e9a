/**
 * Source code scanner: TypeScript / JavaScript, C#, Java (C-like lexing) and Python.
 *
 * Only string literals and comments are read. A string's context is found by walking back over
 * the tokens before it to the key, variable or call it is an argument or element of:
 * - MSAL / Azure Identity scope arguments — a key, variable or parameter named like scopes
 *   (`scopes: [...]`, `SCOPES = [...]`, `string[] scopes = new[] {...}`, `scopes=[...]`,
 *   `.WithScopes(...)`, `addScopes(...)`, `acquireToken*(...)`, `acquire_token_*(...)`,
 *   `getToken(...)`, `loginPopup(...)`, `new TokenRequestContext(...)`) → scope lists and scope
 *   strings, names → Delegated (static names are only requested in user flows);
 * - `.default` → a special mention: Application when the file uses client credentials or a
 *   managed identity (`ClientSecretCredential`, `acquire_token_for_client`, …), Delegated when it
 *   signs users in only, otherwise undetermined;
 * - `https://graph.microsoft.com/<Name>` in any string → Delegated scope;
 * - `appRoleId` / `AppRoleId = Guid.Parse("…")` → Application; `{ Id = …, Type = "Role" }` → kind from Type;
 * - constants of a class, enum or object named for scopes (`static class GraphScopes`, `enum
 *   Scopes`, `const graphScopes = {…}`) → Delegated scope list; named for app roles
 *   (`class JobAppRoles`) → Application, hover only (an API's own app roles share the shape);
 * - a constant whose name is an item of a scopes list (`DefaultScopes = { MailRead }`) → Delegated;
 * - variables named like permission lists (`graphPermissions`, `appRoles`) and arrays whose
 *   items are all known permission names (one dotted at least) → scope list, kind from the name;
 * - comments and other strings: plain mentions (hover only).
 */
import { declaredKindOf, ID_KEY } from './json';
import type { PermissionOracle } from './names';
import { APP_FLOW, Collector, kindFromName, plainMentions, type FormatScan, type TokenContext } from './tokens';
import { CSHARP, JAVA, JS, lex, PYTHON, type Lexed, type Token } from '../text/lexer';

export type CodeLanguage = 'js' | 'csharp' | 'java' | 'python';

/** Tokens of the shared lexer: strings, identifiers and numbers (`id`), punctuation (`p`), regular expressions. */
type CTok = Token;

const USER_FLOW =
  /acquireTokenSilent|acquireTokenPopup|acquireTokenRedirect|loginPopup|loginRedirect|ssoSilent|AcquireTokenInteractive|AcquireTokenSilent|AcquireTokenOnBehalfOf|acquire_token_interactive|acquire_token_silent|acquire_token_by_auth_code_flow|initiate_auth_code_flow|acquire_token_by_device_flow|InteractiveBrowserCredential|DeviceCodeCredential|OnBehalfOfCredential|AuthorizationCodeCredential|useMsal|MsalProvider|TeamsUserCredential|getSSOToken/;

const SCOPE_OWNER =
  /^(?:\w*[Ss]copes?\w*|\w*SCOPES?|scope|withScopes|WithScopes|addScopes?|AcquireToken\w*|acquireToken\w*|acquire_token\w*|getToken|GetToken(?:Async)?|get_token|loginPopup|loginRedirect|ssoSilent|initiate_auth_code_flow|get_authorization_request_url|TokenRequestContext|getAccessToken|GetAccessTokenForUserAsync|GetAccessTokenForAppAsync|EnableTokenAcquisitionToCallDownstreamApi|AddMicrosoftGraph|login)$/;

const LIST_OWNER = /(?:[Pp]ermissions|PERMISSIONS|[Rr]oles|ROLES)$/;
const APP_ROLE_OWNER = /^(?:appRoleId|AppRoleId|app_role_id)$/;

export function scanCode(text: string, oracle: PermissionOracle, lang: CodeLanguage): FormatScan {
  const c = new Collector(oracle);
  let lexed: { toks: CTok[]; comments: { start: number; end: number }[] };
  try {
    lexed = lang === 'python' ? lexPython(text) : lexCLike(text, lang);
  } catch (e) {
    c.fail(e);
    return c.finish();
  }
  const { toks, comments } = lexed;
  const app = APP_FLOW.test(text);
  const user = USER_FLOW.test(text);
  const flow: 'Application' | 'Delegated' | undefined = app && !user ? 'Application' : user && !app ? 'Delegated' : undefined;
  const arrayCache = new Map<number, boolean>();
  const w = (t: CTok): string => text.slice(t.start, t.end);
  const inner = (t: CTok): string => text.slice(t.innerStart as number, t.innerEnd as number);

  /** Are all items of the group opened at toks[o] known permission names (one dotted at least)? */
  const allKnown = (o: number): boolean => {
    const cached = arrayCache.get(o);
    if (cached !== undefined) return cached;
    const close = w(toks[o]) === '[' ? ']' : w(toks[o]) === '{' ? '}' : ')';
    let ok = false;
    let dotted = false;
    let count = 0;
    for (let j = o + 1; j < toks.length && j - o < 400; j++) {
      const u = toks[j];
      if (u.t === 'p' && w(u) === close) {
        ok = count > 0 && dotted;
        break;
      }
      if (u.t === 'p' && w(u) === ',') continue;
      if (u.t !== 'str' || !u.simple) break;
      const v = inner(u);
      if (!oracle.isKnownName(v, true)) break;
      if (v.includes('.')) dotted = true;
      count++;
    }
    arrayCache.set(o, ok);
    return ok;
  };

  /** The flow nearest before `at` (the credential or token call written last), else the file's. */
  const flowAt = (at: number): 'Application' | 'Delegated' | undefined => {
    const from = Math.max(0, at - 1500);
    const win = text.slice(from, at);
    const last = (re: RegExp): number => {
      const g = new RegExp(re.source, 'g');
      let m: RegExpExecArray | null;
      let pos = -1;
      while ((m = g.exec(win))) {
        pos = m.index;
        if (m[0].length === 0) g.lastIndex++;
      }
      return pos;
    };
    const a = last(APP_FLOW);
    const u = last(USER_FLOW);
    if (a < 0 && u < 0) return flow;
    return a > u ? 'Application' : 'Delegated';
  };

  const contextOf = (i: number): TokenContext | undefined => {
    let budget = 60;
    let firstOpener = -1;
    for (let j = i - 1; j >= 0 && budget > 0; j--, budget--) {
      const u = toks[j];
      if (u.t === 'str') continue;
      const s = w(u);
      if (u.t === 'p' || u.t === 'regex') {
        if (s === ',' || s === '.' || s === '<' || s === '>' || s === '?' || s === '!' || s === '@' || s === '*') continue;
        if (s === ')' || s === ']' || s === '}') {
          // skip the balanced group backwards
          let d = 1;
          for (j--; j >= 0 && d > 0 && budget > 0; j--, budget--) {
            const x = w(toks[j]);
            if (toks[j].t !== 'p') continue;
            if (x === ')' || x === ']' || x === '}') d++;
            else if (x === '(' || x === '[' || x === '{') d--;
          }
          j++;
          continue;
        }
        if (s === '(' || s === '[' || s === '{') {
          if (firstOpener < 0) firstOpener = j;
          const prev = toks[j - 1];
          if (prev && prev.t === 'id') {
            const r = ownerContext(w(prev));
            if (r) return r;
          }
          continue;
        }
        if (s === ':' || s === '=') {
          if (s === ':' && w(toks[j - 1] ?? u) === ':') return undefined;
          const key = toks[j - 1];
          if (key && (key.t === 'id' || key.t === 'str')) {
            const name = key.t === 'str' ? inner(key) : w(key);
            const r = ownerContext(name);
            if (r) return r;
          }
          break;
        }
        break; // `;`, operators, `=>`: the statement starts here
      }
      // identifiers: type names, `new`, modifiers — keep walking
    }
    if (firstOpener >= 0 && allKnown(firstOpener)) return { position: 'scopeList' };
    return undefined;
  };

  const { declKind, scopeIdents } = declarations(toks, text, lang);

  const ownerContext = (name: string): TokenContext | undefined => {
    if (APP_ROLE_OWNER.test(name)) return { position: 'scopeList', kind: 'Application' };
    if (SCOPE_OWNER.test(name)) return { position: 'scopeList', kind: 'Delegated', flow };
    if (LIST_OWNER.test(name)) return { position: 'scopeList', kind: kindFromName(name) };
    return undefined;
  };

  // Open declaration bodies (`class GraphScopes {`, `enum Scopes {`, `const graphScopes = {`) around
  // the current token, innermost last, with the kind their name implies.
  const decls: { close: number; kind: 'Application' | 'Delegated' }[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    while (decls.length && decls[decls.length - 1].close < i) decls.pop();
    const dk = declKind.get(i);
    if (dk) decls.push(dk);
    if (t.t !== 'str') continue;
    const raw = inner(t);
    if (raw.length === 0 || raw.length > 4096) continue;
    const at = t.innerStart as number;
    let ctx = contextOf(i);
    if (!ctx && !/\s/.test(raw) && i >= 2 && toks[i - 1].t === 'p' && (w(toks[i - 1]) === '=' || w(toks[i - 1]) === ':') && toks[i - 2].t === 'id' && scopeIdents.has(w(toks[i - 2]))) {
      // `const string MailboxSettingsRead = "MailboxSettings.Read"` whose name a scopes list uses
      // (`DefaultScopes = { UserReadWrite, MailboxSettingsRead }`): a scope.
      ctx = { position: 'scopeList', kind: 'Delegated' };
    }
    if (!ctx && decls.length && !/\s/.test(raw)) {
      // A constant of a class, enum or object named for scopes (`static class GraphScopes`,
      // `enum Scopes`) is a delegated scope; of one named for app roles, an application permission
      // (hover only: an API's own app roles share the shape).
      const kind = decls[decls.length - 1].kind;
      const key = i >= 2 && toks[i - 1].t === 'p' ? toks[i - 2] : undefined;
      if (!(key && (key.t === 'id' || key.t === 'str') && ID_KEY.test(key.t === 'str' ? inner(key) : w(key)))) {
        ctx = kind === 'Delegated' ? { position: 'scopeList', kind } : { position: 'string', kind };
      }
    }
    if (!ctx && raw.length === 36) {
      // `Id = Guid.Parse("…"), Type = "Role"`: a requiredResourceAccess entry in code
      const after = text.slice(t.end, Math.min(text.length, t.end + 120));
      const m = /^[^{}]*?\b[Tt]ype\s*[:=]\s*(["'])(Role|Scope)\1/.exec(after);
      const before = text.slice(Math.max(0, t.start - 60), t.start);
      if (m && /\b[Ii]d\s*[:=][^,;{}]*$/.test(before)) {
        const start = t.end + m.index + m[0].lastIndexOf(m[2]);
        ctx = { position: 'scopeList', kind: declaredKindOf(m[2]), typeValue: { start, end: start + m[2].length, text: m[2] } };
      }
    }
    // `{ id: "…" }`, `user.Id = "…"`, `tenant_id="…"`: the value of an identifier key is an id of
    // something else (a user, a tenant, an object), as in JSON (scan/json.ts) — no mention at all.
    if (!ctx && i >= 2 && toks[i - 1].t === 'p' && (w(toks[i - 1]) === ':' || w(toks[i - 1]) === '=')) {
      const key = toks[i - 2];
      if ((key.t === 'id' || (key.t === 'str' && key.simple)) && ID_KEY.test(key.t === 'str' ? inner(key) : w(key))) continue;
    }
    if (ctx) {
      if (/\.default\b/i.test(raw)) ctx = { ...ctx, flow: flowAt(t.start) };
      c.scopeString(raw, at, ctx);
      continue;
    }
    // A Graph resource URI makes a scope by construction.
    if (/^https:\/\/[\w.-]+\/[A-Za-z.]/.test(raw) && !/\s/.test(raw)) {
      const before = c.refs.length + c.specials.length;
      c.token(raw, at, { position: 'scopeList', kind: 'Delegated', flow: /\.default$/i.test(raw) ? flowAt(t.start) : flow });
      if (c.refs.length + c.specials.length > before) continue;
    }
    if (/\s/.test(raw) || !t.simple) plainMentions(c, text, at, t.innerEnd as number);
    else c.token(raw, at, { position: 'string' });
  }
  for (const cm of comments) plainMentions(c, text, cm.start, cm.end);
  return c.finish();
}

/** C-like tokens and comments (the shared lexer's JavaScript, C# or Java dialect). */
export function lexCLike(text: string, lang: CodeLanguage): Lexed {
  return lex(text, lang === 'js' ? JS : lang === 'csharp' ? CSHARP : lang === 'java' ? JAVA : PYTHON);
}

/** Python tokens and comments (the shared lexer's Python dialect). */
export function lexPython(text: string): Lexed {
  return lex(text, PYTHON);
}

/** The kind a declaration's or list's name implies: scopes → Delegated, app roles → Application. */
function declarationKind(name: string): 'Application' | 'Delegated' | undefined {
  if (/scope/i.test(name)) return 'Delegated';
  if (/approle|roles?$/i.test(name)) return 'Application';
  return undefined;
}

const DECL_KEYWORD = /^(?:class|enum|interface|struct|record|object)$/;

/**
 * One linear pass over the tokens (each group is looked into at most once, up to a bound):
 * - `declKind`: the bodies of declarations named for scopes or app roles (`class GraphScopes {`,
 *   `enum Scopes {`, `const graphScopes = {`, `GRAPH_SCOPES = {`), keyed by their `{` token, with
 *   the index of the matching `}` and the kind;
 * - `scopeIdents`: identifiers written as items of a scopes list (`DefaultScopes = { UserReadWrite,
 *   MailboxSettingsRead }`, `scopes: [USER_READ]`, `WithScopes(MailRead)`), whose constants are
 *   then scopes too.
 */
function declarations(toks: CTok[], text: string, lang: CodeLanguage): { declKind: Map<number, { close: number; kind: 'Application' | 'Delegated' }>; scopeIdents: Set<string> } {
  const w = (t: CTok): string => text.slice(t.start, t.end);
  const declKind = new Map<number, { close: number; kind: 'Application' | 'Delegated' }>();
  const scopeIdents = new Set<string>();
  const closeOf = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.t !== 'p') continue;
    const s = w(t);
    if (s === '{' || s === '[' || s === '(') stack.push(i);
    else if (s === '}' || s === ']' || s === ')') {
      const o = stack.pop();
      if (o !== undefined) closeOf.set(o, i);
    }
  }
  for (const [o, close] of closeOf) {
    const opener = w(toks[o]);
    let owner = '';
    let isDecl = false;
    if (opener === '{' && lang !== 'python') {
      // `public static class GraphScopes : Base {`, `export enum Scopes {`
      for (let j = o - 1; j >= 0 && o - j <= 12; j--) {
        const u = toks[j];
        if (u.t === 'p' && /^[;{}()=]$/.test(w(u))) break;
        if (u.t === 'id' && DECL_KEYWORD.test(w(u)) && toks[j + 1]?.t === 'id') {
          owner = w(toks[j + 1]);
          isDecl = true;
          break;
        }
      }
    }
    if (!owner) {
      // `Name(` (a call), else `Name = {`, `Name: [`, `Name = new string[] {`, `"name": [`
      let j = o - 1;
      if (opener === '(' && toks[j]?.t === 'id') owner = w(toks[j]);
      else {
        while (j >= 0 && o - j <= 8 && (toks[j].t === 'id' || /^[[\]<>]$/.test(w(toks[j])))) j--;
        const eq = toks[j];
        const key = toks[j - 1];
        if (eq && eq.t === 'p' && (w(eq) === '=' || w(eq) === ':') && key) {
          if (key.t === 'id') owner = w(key);
          else if (key.t === 'str') owner = text.slice(key.innerStart as number, key.innerEnd as number);
        }
      }
    }
    if (!owner) continue;
    const kind = declarationKind(owner);
    if (!kind) continue;
    if (opener === '{' && (isDecl || lang === 'js' || lang === 'python')) declKind.set(o, { close, kind });
    if (kind === 'Delegated' && !isDecl) {
      // direct items only (nested groups are skipped whole): every token is looked at once
      for (let j = o + 1; j < close; j++) {
        const u = toks[j];
        const inner = closeOf.get(j);
        if (inner !== undefined) {
          j = inner;
          continue;
        }
        if (u.t !== 'id') continue;
        const next = toks[j + 1];
        if (next && next.t === 'p' && (w(next) === '=' || w(next) === ':' || w(next) === '(')) continue; // a key or a call
        scopeIdents.add(w(u));
      }
    }
  }
  return { declKind, scopeIdents };
}
