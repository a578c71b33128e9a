/**
 * Plain text: Markdown, text files (`.txt`, reStructuredText, AsciiDoc), HTML and Razor, XML
 * configuration, `.properties` / `.ini` / `.env` files, Jupyter notebooks and shell scripts.
 * Every reference is a `string` position (hover only, no diagnostics), and only exact whole tokens
 * count — a known permission GUID, a known dotted or underscored name in its published casing
 * (`User.Read`, `offline_access`, never `email` or `profile` as words), or a Graph-resource-prefixed
 * scope — except where the text itself calls the place a scope position:
 * - configuration keys named like scope lists: `aad.scopes=User.Read Mail.Read` (`.properties`,
 *   `.env`), `<add key="Scopes" value="…"/>` and `<Scopes>…</Scopes>` (XML) → scope lists
 *   (declared: diagnostics apply), kind from the key's name;
 * - `scope=a%20b` query and form parameters, a shell helper whose name says scope
 *   (`get_msgraph_scope "email"`), `--scope "A B"`, and a sentence that calls a list of OpenID
 *   Connect names scopes ("the OIDC scopes (openid, profile, email)") → known names in any casing,
 *   hover only.
 *
 * The kind, for the hover, when the text says it (shell scripts and docs quoting the Azure CLI):
 * `<guid>=Role` / `=Scope` (`az ad app permission add --api-permissions`) → Application / Delegated;
 * `appRoles[?value=='X']` → Application, `oauth2PermissionScopes[?value=='X']` → Delegated;
 * `--scope "A B"` (`az ad app permission grant`), `Connect-MgGraph -Scopes` quoted in prose → Delegated;
 * a kind in parentheses right after the name ("Bookings.Read.All (Delegated)", "(Application
 * permission)", "(app-only)") → that kind. analyze.ts applies these to the plain mentions of every
 * format (comments, strings).
 */
import type { DocumentFormat } from '../documentFormat';
import type { PermissionOracle } from './names';
import type { ScannedReference } from './reference';
import { Collector, kindFromName, percentDecode, plainMentions, type FormatScan, type TokenContext } from './tokens';

/** A configuration key (last segment) that names a scope or permission list. */
const CONFIG_KEY = /(?:^|[._:-])(?:[A-Za-z]*(?:scopes?|permissions|roles))$/i;

const OIDC = /^(?:openid|profile|email|offline_access)$/i;

export function scanPlain(text: string, oracle: PermissionOracle, format?: DocumentFormat): FormatScan {
  const c = new Collector(oracle);
  try {
    if (format === 'properties') configLines(c, text);
    if (format === 'xml') xmlConfig(c, text);
    scopeParameters(c, text, format === 'shell');
    plainMentions(c, text, 0, text.length);
  } catch (e) {
    c.fail(e); // never throw, never hide it
  }
  annotateKinds(c.refs.filter((r) => r.position === 'string'), text);
  return c.finish();
}

/** `aad.scopes=User.Read Mail.Read`, `GRAPH_SCOPES="User.Read,Mail.Read"`, `scopes: User.Read`. */
function configLines(c: Collector, text: string): void {
  const re = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.:-]*)[ \t]*[=:][ \t]*(.*)$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const key = m[1];
    if (!CONFIG_KEY.test(key)) continue;
    const valueStart = m.index + m[0].length - m[2].length;
    let value = m[2].replace(/[ \t]+[#;].*$/, '');
    let at = valueStart;
    const q = /^["']/.exec(value);
    if (q) {
      value = value.slice(1).replace(new RegExp(`${q[0]}.*$`), '');
      at++;
    }
    c.scopeString(value, at, { position: 'scopeList', kind: kindFromName(key.split(/[._:]/).pop() ?? key) });
  }
}

/** `<add key="Graph:Scopes" value="User.Read Mail.Read" />`, `<Scopes>User.Read</Scopes>`. */
function xmlConfig(c: Collector, text: string): void {
  const attr = /<add\b[^>]*?\bkey\s*=\s*"([^"]*)"[^>]*?\bvalue\s*=\s*"([^"]*)"/g;
  let m: RegExpExecArray | null;
  while ((m = attr.exec(text))) {
    if (!CONFIG_KEY.test(m[1])) continue;
    const at = m.index + m[0].length - 1 - m[2].length;
    c.scopeString(m[2], at, { position: 'scopeList', kind: kindFromName(m[1].split(/[._:]/).pop() ?? m[1]) });
  }
  const elem = /<([A-Za-z][\w.:-]*)>([^<]{1,2000})<\/\1>/g;
  while ((m = elem.exec(text))) {
    const tag = m[1];
    if (!CONFIG_KEY.test(tag)) continue;
    c.scopeString(m[2], m.index + tag.length + 2, { position: 'scopeList', kind: kindFromName(tag.split(/[.:]/).pop() ?? tag) });
  }
}

/**
 * Places the text itself calls scope positions, hover only: `scope=…` parameters, a shell
 * command whose name says scope with its quoted arguments, `--scope(s) "…"`, and OIDC names
 * listed in a line that calls them scopes.
 */
function scopeParameters(c: Collector, text: string, shell: boolean): void {
  const loose: TokenContext = { position: 'string', loose: true, kind: 'Delegated' };
  const param = /(?:^|[?&\s"'])scopes?=([^&\s"'<>]+)/gim;
  let m: RegExpExecArray | null;
  while ((m = param.exec(text))) {
    const raw = m[1];
    const at = m.index + m[0].length - raw.length;
    // `%20` and `+` separate scopes; decode in place, keeping offsets (a decoded run is one token).
    const re = /(?:%20|\+|%2[Cc])+|[^%+]+|%/g;
    let t: RegExpExecArray | null;
    while ((t = re.exec(raw))) {
      if (/^(?:%20|\+|%2[Cc])+$/.test(t[0]) || t[0] === '%') continue;
      const tok = percentDecode(t[0]);
      if (tok.includes('://') || tok.includes('/')) {
        if (tok.startsWith('https://')) c.token(tok, at + t.index, loose, at + t.index + t[0].length);
        continue;
      }
      c.token(tok, at + t.index, loose, at + t.index + t[0].length);
    }
  }
  if (shell) {
    const helper = /\b([\w-]*scopes?[\w-]*)[ \t]+((?:(?:"[^"\n]*"|'[^'\n]*')[ \t]*)+)/gi;
    const appRoles: TokenContext = { ...loose, kind: 'Application' };
    while ((m = helper.exec(text))) {
      const at = m.index + m[0].length - m[2].length;
      const ctx = APP_ROLE_COMMAND.test(text.slice(text.lastIndexOf('\n', m.index) + 1, m.index)) ? appRoles : loose;
      for (const q of m[2].matchAll(/"([^"\n]*)"|'([^'\n]*)'/g)) {
        const inner = q[1] ?? q[2] ?? '';
        c.scopeString(inner, at + (q.index ?? 0) + 1, ctx);
      }
    }
  }
  // "MSAL adds the OIDC scopes (openid, profile, email) to every login request": a list of two or
  // more OIDC names in a line that says scope.
  const oidcList = /\b(openid|profile|email|offline_access)((?:\s*(?:,|\/|\band\b|\bor\b)\s*(?:openid|profile|email|offline_access)\b)+)/gi;
  while ((m = oidcList.exec(text))) {
    const ls = text.lastIndexOf('\n', m.index) + 1;
    let le = text.indexOf('\n', m.index);
    if (le < 0) le = text.length;
    if (!/\bscopes?\b/i.test(text.slice(ls, le))) continue;
    for (const w of m[0].matchAll(/\b(?:openid|profile|email|offline_access)\b/gi)) {
      if (OIDC.test(w[0])) c.token(w[0], m.index + (w.index ?? 0), loose);
    }
  }
}

/**
 * CLI for Microsoft 365's `entra approleassignment add` (older `aad …`): its `--scopes` are looked up
 * among the resource's appRoles only, so they are application permissions despite the option's name.
 */
const APP_ROLE_COMMAND = /\b(?:entra|aad)[ \t]+approleassignment[ \t]+add\b/i;

/** Kinds that the text right around a plain mention states (`<guid>=Role`, `appRoles[?value=='X']`, `--scope "A B"`). */
export function annotateKinds(refs: ScannedReference[], text: string): void {
  // A parenthesised kind after a list covers the list: "User.Read.All and Group.Read.All (application)".
  const sorted = [...refs].sort((a, b) => a.start - b.start);
  const stated = new Set<ScannedReference>();
  for (let i = sorted.length - 1; i >= 0; i--) {
    const r = sorted[i];
    const pk = /^[ \t]*\((delegated|application|app[- ]only)(?:[ \t]+permissions?)?\)/i.exec(text.slice(r.end, r.end + 40));
    if (pk) {
      const kind = pk[1].toLowerCase() === 'delegated' ? 'Delegated' : 'Application';
      r.declaredKind = kind;
      stated.add(r);
      for (let j = i - 1; j >= 0 && sorted[j + 1].start - sorted[j].end <= 8 && /^[ \t]*(?:,|&|\/|and|or)?[ \t]*(?:and[ \t]+)?$/i.test(text.slice(sorted[j].end, sorted[j + 1].start)); j--) {
        sorted[j].declaredKind = kind;
        stated.add(sorted[j]);
      }
    }
  }
  for (const r of refs) {
    if (stated.has(r)) continue;
    const after = text.slice(r.end, r.end + 7);
    const tm = /^=(Role|Scope)\b/.exec(after);
    if (tm) {
      r.declaredKind = tm[1] === 'Role' ? 'Application' : 'Delegated';
      r.typeValue = { start: r.end + 1, end: r.end + 1 + tm[1].length, text: tm[1] };
      continue;
    }
    const window = text.slice(Math.max(0, r.start - 200), r.start);
    const before = window.slice(window.lastIndexOf('\n') + 1);
    if (/appRoles\[\?\s*value\s*==\s*['"`]?$/i.test(before)) r.declaredKind = 'Application';
    else if (/oauth2PermissionScopes\[\?\s*value\s*==\s*['"`]?$/i.test(before)) r.declaredKind = 'Delegated';
    else if (/(?:--scope|-Scopes?)\s+(?:@\(\s*)?["']?(?:[\w.]+["']?(?:\s*,\s*|\s+)["']?)*$/i.test(before)) {
      r.declaredKind = APP_ROLE_COMMAND.test(before) ? 'Application' : 'Delegated';
    }
  }
}
