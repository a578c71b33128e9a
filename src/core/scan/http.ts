/**
 * HTTP request files (`.http`, `.rest` — REST Client, JetBrains HTTP client, Visual Studio).
 *
 * Where it looks, and the kind it assigns:
 * - `scope=` in token and authorize requests — URL query strings and form bodies, `%20` / `+` /
 *   space separated, URL-encoded resource prefixes (`https%3A%2F%2Fgraph.microsoft.com%2FMail.Send`)
 *   → Delegated; `…/.default` → special mention, Application when the request says
 *   `grant_type=client_credentials`, Delegated for other grant types;
 * - JSON bodies, read by the JSON scanner with offsets kept: `appRoleId` (appRoleAssignedTo,
 *   appRoleAssignments) → Application, an oauth2PermissionGrant's `scope` → Delegated,
 *   `requiredResourceAccess` (application PATCH) → kind from `type`;
 * - `@scopes = …` file variables named like scopes → Delegated;
 * - comments (`#`, `//`) → plain mentions (hover only).
 */
import { scanJson } from './json';
import type { PermissionOracle } from './names';
import { Collector, percentDecode, plainMentions, SCOPE_NAME, type FormatScan, type TokenContext } from './tokens';

export function scanHttp(text: string, oracle: PermissionOracle): FormatScan {
  const c = new Collector(oracle);
  try {
    // Requests are separated by lines starting with ###.
    const sep = /^###.*$/gm;
    let blockStart = 0;
    let m: RegExpExecArray | null;
    const blocks: { start: number; end: number }[] = [];
    while ((m = sep.exec(text))) {
      blocks.push({ start: blockStart, end: m.index });
      plainMentions(c, text, m.index, m.index + m[0].length);
      blockStart = m.index + m[0].length;
      if (m[0].length === 0) sep.lastIndex++;
    }
    blocks.push({ start: blockStart, end: text.length });
    for (const b of blocks) block(c, text, b.start, b.end, oracle);
  } catch (e) {
    c.fail(e); // never throw on odd input, never hide it
  }
  return c.finish();
}

function block(c: Collector, text: string, start: number, end: number, oracle: PermissionOracle): void {
  const body = text.slice(start, end);
  const flow: 'Application' | 'Delegated' | undefined = /grant_type=client_credentials/i.test(body)
    ? 'Application'
    : /grant_type=(?:authorization_code|password|refresh_token|urn:ietf:params:oauth:grant-type:(?:jwt-bearer|device_code))|response_type=code/i.test(body)
      ? 'Delegated'
      : undefined;
  const ctx: TokenContext = { position: 'scopeList', kind: 'Delegated', flow };
  // Lines: comments, variables; find the JSON body (after the first blank line following a request line).
  const lineRe = /[^\n]*\n?/g;
  lineRe.lastIndex = start;
  let sawRequest = false;
  let inHeaders = false;
  let bodyStart = -1;
  let lm: RegExpExecArray | null;
  while (lineRe.lastIndex < end && (lm = lineRe.exec(text))) {
    if (lm[0].length === 0) break;
    const ls = lm.index;
    const line = lm[0].replace(/\r?\n$/, '');
    const trimmed = line.trim();
    if (bodyStart < 0) {
      if (/^(?:#|\/\/)/.test(trimmed)) {
        plainMentions(c, text, ls, ls + line.length);
        continue;
      }
      const v = /^@([\w.-]+)\s*=\s*(.*)$/.exec(trimmed);
      if (v && !sawRequest) {
        if (SCOPE_NAME.test(v[1]) || /scope/i.test(v[1])) {
          const vs = ls + line.indexOf(v[2], line.indexOf('=') + 1);
          scopeValue(c, text, vs, vs + v[2].length, ctx);
        }
        continue;
      }
      if (!sawRequest && trimmed) {
        sawRequest = true;
        inHeaders = true;
        continue;
      }
      if (inHeaders && !trimmed) {
        bodyStart = lineRe.lastIndex;
        break;
      }
    }
  }
  // scope= parameters anywhere in the block (URL query, form body)
  const re = /(?:^|[?&\s])scope=([^&\s#"]*)/gim;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    const vs = start + m.index + m[0].length - m[1].length;
    scopeValue(c, text, vs, vs + m[1].length, ctx);
  }
  if (bodyStart >= 0 && bodyStart < end) {
    const bodyText = text.slice(bodyStart, end);
    const first = bodyText.trimStart()[0];
    if (first === '{' || first === '[') {
      const js = scanJson(bodyText, oracle);
      for (const r of js.references) {
        const shifted = { ...r, start: r.start + bodyStart, end: r.end + bodyStart };
        if (r.typeValue) shifted.typeValue = { ...r.typeValue, start: r.typeValue.start + bodyStart, end: r.typeValue.end + bodyStart };
        if (r.entry) shifted.entry = { start: r.entry.start + bodyStart, end: r.entry.end + bodyStart };
        if (r.resourceAppRange) shifted.resourceAppRange = { start: r.resourceAppRange.start + bodyStart, end: r.resourceAppRange.end + bodyStart };
        c.addRef(shifted);
      }
      for (const a of js.resourceApps) c.addApp({ ...a, start: a.start + bodyStart, end: a.end + bodyStart });
      for (const s of js.specials) c.addSpecial({ ...s, start: s.start + bodyStart, end: s.end + bodyStart, ...(flow && s.kind === 'default-scope' ? { flow } : {}) });
    }
  }
}

/** A scope value as written in a URL or form: separators `%20`, `+`, spaces, commas. */
function scopeValue(c: Collector, text: string, start: number, end: number, ctx: TokenContext): void {
  const raw = text.slice(start, end);
  const re = /(?:%20|\+|%2C|,|\s)+/gi;
  let last = 0;
  let m: RegExpExecArray | null;
  const pieces: { s: number; e: number }[] = [];
  while ((m = re.exec(raw))) {
    if (m.index > last) pieces.push({ s: last, e: m.index });
    last = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
  }
  if (last < raw.length) pieces.push({ s: last, e: raw.length });
  for (const p of pieces) {
    const piece = raw.slice(p.s, p.e);
    if (piece.includes('{{')) continue;
    const decoded = percentDecode(piece);
    // The token keeps the text as written; the name is the decoded one (resource prefix removed).
    if (decoded === piece) c.token(piece, start + p.s, ctx);
    else {
      const before = c.refs.length;
      c.token(decoded, start + p.s, ctx, start + p.e);
      const r = c.refs[c.refs.length - 1];
      if (c.refs.length > before && r) r.text = piece;
      const sp = c.specials.find((s) => s.start === start + p.s);
      if (sp) sp.text = piece;
    }
  }
}
