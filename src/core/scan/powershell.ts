/**
 * PowerShell (`.ps1`, `.psm1`, `.psd1`) scanner.
 *
 * Where it looks, and the kind it assigns:
 * - `Connect-MgGraph -Scopes` (and `Connect-PnPOnline -Scopes`) in every form: `"A","B"`, `"A, B"`,
 *   `@("A", "B")`, a variable holding any of these, a splatted hashtable's `Scopes` → Delegated
 *   (`strong`: an unknown permission-shaped name there is reported);
 * - `-AppRoleId <guid>` (`New-MgServicePrincipalAppRoleAssignment`, `…AppRoleAssignedTo`,
 *   `New-MgUserAppRoleAssignment`, …) and `AppRoleId = …` in hashtables → Application;
 * - app-role and scope lookups: `$sp.AppRoles | Where-Object Value -eq 'X'`,
 *   `Where-Object { $_.Value -eq "X" }` → Application; the same on `Oauth2PermissionScopes` → Delegated;
 * - `New-MgOauth2PermissionGrant -Scope "A B"` and a hashtable `Scope = "…"` beside `ConsentType` → Delegated;
 * - `Find-MgGraphPermission <name> [-PermissionType Application|Delegated]` → that kind, else Unknown;
 * - `@{ Id = "<guid>"; Type = "Role" }` entries (requiredResourceAccess hashtables) → kind from `Type`;
 * - variables named like lists (`$scopes`, `$graphPermissions`, `$appRoles`) → kind from the name;
 * - a JMESPath filter in a string (`az … --query "appRoles[?value=='X'].id"`) → plain mention,
 *   Application (`oauth2PermissionScopes[?…]` → Delegated), whatever variable it is assigned to;
 * - comments, here-strings and other strings: plain mentions (hover only), with a kind the text
 *   states right after the name ("Bookings.Read.All (Delegated)").
 */
import { GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../permissions/guid';
import type { PermissionOracle } from './names';
import { Collector, kindFromName, plainMentions, type FormatScan, type TokenContext } from './tokens';
import { declaredKindOf } from './json';
import { lex, POWERSHELL, type Lexed, type Token } from '../text/lexer';

/** Tokens of the shared lexer's PowerShell dialect: bare words are `id`, operators and brackets `p`. */
type PsTok = Token;

/** PowerShell tokens and comments (the shared lexer's PowerShell dialect). */
export function lexPs(text: string): Lexed {
  return lex(text, POWERSHELL);
}

const SCOPE_COMMANDS = /^(?:Connect-MgGraph|Connect-Graph|Connect-PnPOnline|Connect-MgBetaGraph|Invoke-MgGraphRequest)$/i;
/** Comparison operators: a variable after one (or before `-contains`) is compared, not requested. */
const COMPARE_OPS = /^-(?:c|i)?(?:eq|ne|in|notin|contains|notcontains|like|notlike|match|notmatch)$/i;
const GRANT_COMMANDS = /^(?:New|Update)-Mg(?:Beta)?Oauth2PermissionGrant$/i;

export function scanPowerShell(text: string, oracle: PermissionOracle): FormatScan {
  const c = new Collector(oracle);
  let lexed: ReturnType<typeof lexPs>;
  try {
    lexed = lexPs(text);
  } catch (e) {
    c.fail(e);
    return c.finish();
  }
  const { toks, comments } = lexed;
  const str = (t: PsTok): string => text.slice(t.innerStart as number, t.innerEnd as number);
  const word = (t: PsTok): string => text.slice(t.start, t.end);

  // Pass 1: where each variable is used — as `-Scopes`, as `-AppRoleId`, in an app-role lookup,
  // only in comparisons (a watch-list), splatted into Connect-MgGraph, or as a foreach's list.
  const varUse = new Map<string, TokenContext>();
  const compared = new Set<string>();
  const splatted = new Set<string>();
  const foreachOf = new Map<string, string>();
  let command = '';
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.t === 'nl' || (t.t === 'p' && (text[t.start] === '|' || text[t.start] === ';' || text[t.start] === '{'))) command = '';
    else if (t.t === 'id' && !command && /^[A-Za-z]+-[A-Za-z0-9]+$/.test(word(t))) command = word(t);
    if (t.t === 'p' && text[t.start] === '@' && t.end === t.start + 1) {
      const n = toks[i + 1];
      if (n && n.t === 'id' && n.start === t.end && SCOPE_COMMANDS.test(command)) splatted.add(`$${word(n).toLowerCase()}`);
      continue;
    }
    if (t.t === 'id' && /^foreach$/i.test(word(t)) && toks[i + 1]?.t === 'p' && word(toks[i + 1]) === '(') {
      const a = toks[i + 2];
      const kw = toks[i + 3];
      const b = toks[i + 4];
      if (a?.t === 'var' && kw?.t === 'id' && /^in$/i.test(word(kw)) && b?.t === 'var') foreachOf.set(word(a).toLowerCase(), word(b).toLowerCase());
      continue;
    }
    if (t.t !== 'var') continue;
    const prev = previous(toks, i);
    const next = toks[i + 1];
    const name = word(t).toLowerCase();
    if (prev?.t === 'param' && /^-scopes?$/i.test(word(prev)) && SCOPE_COMMANDS.test(command)) varUse.set(name, { position: 'scopeList', kind: 'Delegated', strong: true });
    else if (prev?.t === 'param' && /^-AppRoleId$/i.test(word(prev))) varUse.set(name, { position: 'scopeList', kind: 'Application' });
    else if (prev?.t === 'param' && COMPARE_OPS.test(word(prev))) {
      const lk = lookupKind(lineBefore(text, t.start));
      if (lk) varUse.set(name, { position: 'scopeList', kind: lk });
      else compared.add(name);
    } else if (next?.t === 'param' && /^-(?:c|i)?(?:not)?contains$/i.test(word(next))) compared.add(name);
  }
  // `foreach ($p in $Permissions) { … -eq $p … }`: the list gets its item's use.
  for (const [item, list] of foreachOf) {
    const use = varUse.get(item);
    if (use && !varUse.has(list)) varUse.set(list, use);
    if (compared.has(item)) compared.add(list);
  }

  // Variables used as -Scopes / -AppRoleId / lookup sets: their assigned strings (before the
  // context walk, so that the use decides the kind over the variable's name).
  if (varUse.size) {
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      if (t.t !== 'var') continue;
      const use = varUse.get(word(t).toLowerCase());
      if (!use) continue;
      const next = toks[i + 1];
      if (!next || next.t !== 'p' || word(next) !== '=') continue;
      // the assigned value: strings up to the end of the statement (brackets may span lines)
      let d = 0;
      for (let j = i + 2; j < toks.length; j++) {
        const u = toks[j];
        if (u.t === 'p') {
          const o = word(u);
          if (o === '(' || o === '@(' || o === '{' || o === '@{' || o === '[') d++;
          else if (o === ')' || o === '}' || o === ']') d--;
          else if ((o === ';' || o === '|') && d <= 0) break;
        } else if (u.t === 'nl' && d <= 0) {
          const p = previous(toks, j);
          if (!(p && p.t === 'p' && word(p) === ',')) break;
        } else if (u.t === 'str' && u.simple) {
          c.scopeString(str(u), u.innerStart as number, use);
        }
        if (d < 0) break;
      }
    }
  }

  // Pass 2: strings and barewords in context. A statement ends at a line break, `;` or `|` at the
  // top level and directly inside a script block `{ … }` (not inside `( )`, `@( )`, `@{ }` or `[ ]`,
  // where a list or hashtable goes on); a script block starts a statement of its own.
  command = '';
  let param = '';
  const assign: { name: string; depth: number }[] = [];
  const open: { o: string; command: string; param: string }[] = [];
  const hashDepth: number[] = [];
  // The last token before this one that is not a line break, kept as we go: looking it up backwards
  // for every line break is quadratic over long runs of blank or comment lines.
  let lastNonNl: PsTok | undefined;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const prevNonNl = lastNonNl;
    if (t.t !== 'nl') lastNonNl = t;
    if (t.t === 'nl' || (t.t === 'p' && (text[t.start] === '|' || text[t.start] === ';'))) {
      const prev = prevNonNl;
      const continued = prev && prev.t === 'p' && (text[prev.start] === ',' || text[prev.start] === '|') && t.t === 'nl';
      const top = open.length ? open[open.length - 1].o : '{';
      if (!continued && top === '{') {
        command = '';
        param = '';
        while (assign.length && assign[assign.length - 1].depth >= open.length) assign.pop();
      }
      continue;
    }
    if (t.t === 'p') {
      const o = word(t);
      if (o === '(' || o === '@(' || o === '{' || o === '@{' || o === '[') {
        open.push({ o, command, param });
        if (o === '@{') hashDepth.push(open.length);
        if (o === '{') {
          command = '';
          param = '';
        }
      } else if (o === ')' || o === '}' || o === ']') {
        if (hashDepth.length && hashDepth[hashDepth.length - 1] === open.length) hashDepth.pop();
        const closed = open.pop();
        if (closed && closed.o === '{') {
          command = closed.command;
          param = closed.param;
        }
        while (assign.length && assign[assign.length - 1].depth > open.length) assign.pop();
      } else if (o === '=' && i > 0) {
        const prev = prevNonNl;
        if (prev && (prev.t === 'var' || prev.t === 'id' || prev.t === 'str')) {
          const nm = prev.t === 'str' ? str(prev) : word(prev);
          assign.push({ name: nm, depth: open.length });
        }
      }
      continue;
    }
    if (t.t === 'id' && !command && /^[A-Za-z]+-[A-Za-z0-9]+$/.test(word(t))) {
      command = word(t);
      param = '';
      continue;
    }
    if (t.t === 'param') {
      const p = word(t);
      if (!/^-(?:eq|ne|in|notin|like|notlike|match|contains|and|or|not|ieq|ceq)$/i.test(p)) param = p;
      continue;
    }
    if (t.t === 'id' && /^Find-MgGraphPermission$/i.test(command) && !param) {
      const w = word(t);
      c.token(w, t.start, { position: 'string', kind: permissionTypeOf(text, t.start) });
      continue;
    }
    if (t.t === 'id') {
      // A bareword argument: `Connect-MgGraph -Scopes Directory.Read.All, AuditLog.Read.All`.
      const ctx = command && param ? contextOf(text, t, toks, i, command, param, assign, hashDepth.length > 0, splatted, compared) : undefined;
      if (ctx && ctx.position !== 'string') c.token(word(t), t.start, ctx);
      else if (command && word(t).includes('.')) c.token(word(t), t.start, { position: 'string' }); // `Write-Host User.Read.All …`: a plain mention
      continue;
    }
    if (t.t !== 'str') continue;
    const raw = str(t);
    const at = t.innerStart as number;
    if (t.here) {
      plainMentions(c, text, at, t.innerEnd as number);
      continue;
    }
    const ctx = contextOf(text, t, toks, i, command, param, assign, hashDepth.length > 0, splatted, compared);
    if (!ctx) {
      // A string that is more than one token (`"value[].appRoles[?value=='Mail.Send'].id"`, a
      // sentence, an expansion): its plain mentions; the kind the text around one states is added
      // by annotateKinds (plain.ts) for every format.
      if (/[\s'"[\]=,;()]/.test(raw) || !t.simple) plainMentions(c, text, at, t.innerEnd as number);
      else c.token(raw, at, { position: 'string' });
      continue;
    }
    if (ctx.position === 'string') c.token(raw, at, ctx);
    else if (/\[\?|==/.test(raw)) plainMentions(c, text, at, t.innerEnd as number); // a JMESPath filter (`az … --query "…[?value=='X']"`), not a list
    else c.scopeString(raw, at, ctx);
  }

  for (const cm of comments) plainMentions(c, text, cm.start, cm.end, commentContext(text, cm.start));
  return c.finish();
}

/**
 * A `#` comment block right under a command that names SharePoint (`… -BuiltInType
 * SharePointOnline | Get-PnPAzureADServicePrincipalAvailableAppRole`, a `*.sharepoint.com` URL)
 * lists SharePoint's permissions of the same names, not Microsoft Graph's.
 */
function commentContext(text: string, at: number): TokenContext {
  if (text[at] !== '#') return { position: 'string' };
  let p = text.lastIndexOf('\n', at - 1);
  for (let n = 0; p > 0 && n < 20; n++) {
    const ls = text.lastIndexOf('\n', p - 1) + 1;
    const line = text.slice(ls, p).trim();
    p = ls - 1;
    if (!line || line.startsWith('#')) continue;
    if (/SharePointOnline|\.sharepoint\.(?:com|us)\b|00000003-0000-0ff1-ce00-000000000000/i.test(line)) return { position: 'string', appId: SHAREPOINT_APP_ID };
    break;
  }
  return { position: 'string' };
}

function previous(toks: PsTok[], i: number): PsTok | undefined {
  for (let j = i - 1; j >= 0; j--) if (toks[j].t !== 'nl') return toks[j];
  return undefined;
}

function lineBefore(text: string, at: number): string {
  // cheap exit: a lookup needs `-eq` / `-in` … right before the value
  if (!/-[A-Za-z]+\s*\(?\s*$/.test(text.slice(Math.max(0, at - 24), at))) return '';
  const from = Math.max(0, at - 400);
  const s = text.slice(from, at);
  return s.slice(s.lastIndexOf('\n') + 1);
}

/** `…AppRoles | Where-Object Value -eq` → Application; `…Oauth2PermissionScopes…` → Delegated. */
function lookupKind(line: string): 'Application' | 'Delegated' | undefined {
  if (!/-(?:c|i)?(?:eq|in|contains|like|match)\s*(?:\(?\s*)?$/i.test(line)) return undefined;
  if (/AppRoles?\b/i.test(line) && /\bValue\b/i.test(line)) return 'Application';
  if (/(?:Oauth2PermissionScopes|PublishedPermissionScopes)\b/i.test(line) && /\bValue\b/i.test(line)) return 'Delegated';
  return undefined;
}

function permissionTypeOf(text: string, at: number): 'Application' | 'Delegated' | undefined {
  const line = text.slice(at, Math.min(text.length, at + 200)).split('\n')[0];
  const m = /-PermissionType\s+['"]?(Application|Delegated)/i.exec(line);
  return m ? (m[1].toLowerCase() === 'application' ? 'Application' : 'Delegated') : undefined;
}

function contextOf(
  text: string,
  t: PsTok,
  toks: PsTok[],
  i: number,
  command: string,
  param: string,
  assign: { name: string; depth: number }[],
  inHash: boolean,
  splatted: ReadonlySet<string>,
  compared: ReadonlySet<string>,
): TokenContext | undefined {
  const p = param.toLowerCase();
  if ((p === '-scopes' || p === '-scope') && SCOPE_COMMANDS.test(command)) {
    // `Connect-MgGraph -Identity -Scopes …`: an app-only sign-in, whose "scopes" are the application permissions it relies on.
    const appOnly = /Connect-(?:Mg|Graph)/i.test(command) && statementHasParam(text, toks, i, APP_ONLY_PARAM);
    return { position: 'scopeList', kind: appOnly ? 'Application' : 'Delegated', strong: /Connect-(?:Mg|Graph)/i.test(command) };
  }
  if (p === '-approle' && /-PnPAzureADServicePrincipal/i.test(command)) {
    // PnP: `-AppRole "Sites.Selected" -BuiltInType SharePointOnline` is SharePoint's role of that name.
    const bt = builtInType(text, toks, i);
    return { position: 'scopeList', kind: 'Application', appId: bt === 'sharepointonline' ? SHAREPOINT_APP_ID : GRAPH_APP_ID };
  }
  if (p === '-scope' && GRANT_COMMANDS.test(command)) return { position: 'scopeList', kind: 'Delegated', strong: true };
  if (p === '-approleid') return { position: 'scopeList', kind: 'Application' };
  if (/^Find-MgGraphPermission$/i.test(command) && (!p || p === '-searchstring')) return { position: 'string', kind: permissionTypeOf(text, t.start) };
  const lk = lookupKind(lineBefore(text, t.start));
  if (lk) return { position: 'scopeList', kind: lk };
  const key = assign.length ? assign[assign.length - 1].name.replace(/^\$/, '') : '';
  if (key) {
    const k = key.toLowerCase();
    if (k === 'approleid') return { position: 'scopeList', kind: 'Application' };
    if (k === 'scopes' && inHash && (/Connect-(?:Mg|Graph)/i.test(command) || assign.some((a) => a.depth < assign[assign.length - 1].depth && splatted.has(a.name.toLowerCase())))) {
      return { position: 'scopeList', kind: 'Delegated', strong: true };
    }
    if (k === 'scope' && inHash && /consenttype/i.test(hashText(text, toks, i).text)) return { position: 'scopeList', kind: 'Delegated', strong: true };
    if (k === 'id' && inHash) {
      const h = hashText(text, toks, i);
      const m = /\bType\s*=\s*(['"])(Role|Scope)\1/i.exec(h.text);
      if (m) {
        const start = h.start + m.index + m[0].indexOf(m[2]);
        return { position: 'scopeList', kind: declaredKindOf(m[2]), typeValue: { start, end: start + m[2].length, text: m[2] } };
      }
    }
    if (/(?:scopes?|permissions|roles)$/i.test(key) && !/^app_?roles$/i.test(key) && !/^oauth2permissionscopes$/i.test(k)) {
      const ctx: TokenContext = { position: 'scopeList', kind: kindFromName(key) };
      // A list the script only compares against what a tenant holds: a watch-list, not a request.
      if (assign.length === 1 && compared.has(assign[0].name.toLowerCase())) ctx.role = 'watch';
      return ctx;
    }
  }
  return undefined;
}

const APP_ONLY_PARAM = /^-(?:Identity|CertificateThumbprint|CertificateName|CertificateSubjectName|Certificate|ClientSecretCredential|EnvironmentVariable)$/i;

/** Whether the statement around token i (same line, or joined by backticks) has a parameter matching `re`. */
function statementHasParam(text: string, toks: PsTok[], i: number, re: RegExp): boolean {
  const stop = (u: PsTok): boolean => u.t === 'nl' || (u.t === 'p' && (text[u.start] === ';' || text[u.start] === '|' || text[u.start] === '{' || text[u.start] === '}'));
  for (let j = i; j >= 0 && i - j < 200 && !stop(toks[j]); j--) if (toks[j].t === 'param' && re.test(text.slice(toks[j].start, toks[j].end))) return true;
  for (let j = i + 1; j < toks.length && j - i < 200 && !stop(toks[j]); j++) if (toks[j].t === 'param' && re.test(text.slice(toks[j].start, toks[j].end))) return true;
  return false;
}

/** The `-BuiltInType` value of the statement token i belongs to (lower case), when written. */
function builtInType(text: string, toks: PsTok[], i: number): string | undefined {
  for (let j = i + 1; j < toks.length && j - i < 60; j++) {
    const u = toks[j];
    if (u.t === 'nl' || (u.t === 'p' && (text[u.start] === ';' || text[u.start] === '|'))) break;
    if (u.t === 'param' && /^-BuiltInType$/i.test(text.slice(u.start, u.end))) {
      const v = toks[j + 1];
      if (v && (v.t === 'id' || v.t === 'str')) return (v.t === 'str' ? text.slice(v.innerStart as number, v.innerEnd as number) : text.slice(v.start, v.end)).toLowerCase();
    }
  }
  return undefined;
}

/** Text of the innermost `@{ … }` around token i (bounded), with its start offset. */
function hashText(text: string, toks: PsTok[], i: number): { text: string; start: number } {
  let d = 0;
  let start = toks[i].start;
  for (let j = i - 1; j >= 0 && i - j < 200; j--) {
    const u = toks[j];
    if (u.t !== 'p') continue;
    const o = text.slice(u.start, u.end);
    if (o === '}' || o === ')') d++;
    else if (o === '{' || o === '@{' || o === '(' || o === '@(') {
      if (d === 0) {
        start = u.start;
        break;
      }
      d--;
    }
  }
  let end = toks[i].end;
  d = 0;
  for (let j = i + 1; j < toks.length && j - i < 200; j++) {
    const u = toks[j];
    end = u.end;
    if (u.t !== 'p') continue;
    const o = text.slice(u.start, u.end);
    if (o === '{' || o === '@{' || o === '(' || o === '@(') d++;
    else if (o === '}' || o === ')') {
      if (d === 0) break;
      d--;
    }
  }
  return { text: text.slice(start, end), start };
}
