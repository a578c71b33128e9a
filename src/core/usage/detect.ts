/**
 * Finds Microsoft Graph API calls in code, by text patterns (no parser): the Graph JS client
 * (`client.api('/me/messages').get()`), `fetch` / `axios` / `HttpClient` / `requests` calls to
 * `https://graph.microsoft.com/v1.0|beta/...`, `.http` request lines, Kiota fluent chains
 * (`graphClient.me.messages.get()`, `Users[id].Messages.GetAsync()`,
 * `client.users.by_user_id(x).messages.get()`), PowerShell `Invoke-MgGraphRequest` and a table of
 * common Microsoft Graph cmdlets. Detection is heuristic and never complete.
 */
import type { DocumentFormat } from '../analyze';
import { DYN, normalizeGraphPath, type GraphVersion } from './paths';

export type CallSource = 'graph-js-client' | 'http-client' | 'http-file' | 'kiota' | 'powershell-request' | 'powershell-cmdlet';

export interface GraphCall {
  /** `GET`, `POST`, `PATCH`, `PUT`, `DELETE`. */
  method: string;
  /** Normalised path (`/users/{id}/messages`). */
  path: string;
  version?: GraphVersion;
  source: CallSource;
  /** Range of the call in the text (UTF-16 offsets, end exclusive): where hovers and reports point. */
  start: number;
  end: number;
  /** The code as written (first line, trimmed), for reports. */
  snippet: string;
}

export const CODE_FORMATS: readonly DocumentFormat[] = ['javascript', 'csharp', 'python', 'java', 'powershell', 'http'];

const HTTP_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

/** The Graph calls in one document. Never throws (returns what it found). */
export function detectGraphCalls(text: string, format: DocumentFormat): GraphCall[] {
  const out: GraphCall[] = [];
  try {
    switch (format) {
      case 'javascript':
        detectJsClient(text, out);
        detectUrlCalls(text, out, format);
        detectKiota(text, out, format);
        break;
      case 'csharp':
      case 'python':
      case 'java':
        detectUrlCalls(text, out, format);
        detectKiota(text, out, format);
        break;
      case 'powershell':
        detectPowerShell(text, out);
        break;
      case 'http':
        detectHttpFile(text, out);
        break;
      default:
        break;
    }
  } catch {
    // heuristics must never break a scan
  }
  // One call per range: the first detector wins (the JS client beats the URL scan of its string).
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: GraphCall[] = [];
  for (const c of out) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept;
}

function snippetOf(text: string, start: number, end: number): string {
  const s = text.slice(start, end).split(/\r?\n/)[0].trim();
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}

function push(out: GraphCall[], text: string, method: string, raw: string, source: CallSource, start: number, end: number, defaultVersion?: GraphVersion): void {
  const n = normalizeGraphPath(raw);
  if (!n) return;
  out.push({ method: method.toUpperCase(), path: n.path, version: n.version ?? defaultVersion, source, start, end, snippet: snippetOf(text, start, end) });
}

// ---------------------------------------------------------------------------------------------
// String literals with concatenation: 'a' + x + 'b' → "a\0b".

interface StringExpr {
  value: string;
  start: number;
  end: number;
}

/** Reads a string literal (JS/C#/Python/Java/PowerShell quotes, template literals, $"…", f"…") at `i`. */
function readString(text: string, i: number): StringExpr | undefined {
  let p = i;
  while (p < text.length && /[$@fFrRbBuU]/.test(text[p]) && p - i < 3) p++;
  const q = text[p];
  if (q !== '"' && q !== "'" && q !== '`') return undefined;
  let value = '';
  let j = p + 1;
  for (; j < text.length; j++) {
    const c = text[j];
    if (c === '\\' && q !== '`') {
      value += text[j + 1] ?? '';
      j++;
      continue;
    }
    if (c === q) break;
    if (c === '\n' && q !== '`') return undefined;
    value += c;
  }
  if (j >= text.length) return undefined;
  return { value, start: i, end: j + 1 };
}

/** A string expression at `i`: a literal followed by `+ expr + 'literal'` parts. */
function readConcat(text: string, i: number): StringExpr | undefined {
  const first = readString(text, i);
  if (!first) return undefined;
  let value = first.value;
  let end = first.end;
  for (;;) {
    const m = /^\s*\+\s*/.exec(text.slice(end, end + 200));
    if (!m) break;
    const at = end + m[0].length;
    const lit = readString(text, at);
    if (lit) {
      value += lit.value;
      end = lit.end;
      continue;
    }
    const ex = /^[A-Za-z_$][\w$]*(?:\s*(?:\.\s*[A-Za-z_$][\w$]*|\[[^\]\n]*\]|\([^()\n]*\)))*/.exec(text.slice(at, at + 200));
    if (!ex) break;
    value += DYN;
    end = at + ex[0].length;
  }
  return { value, start: first.start, end };
}

/** The index of the matching close bracket for the open one at `i`, skipping strings; -1 if none. */
function matchBracket(text: string, i: number, limit = 20000): number {
  const open = text[i];
  const close = open === '(' ? ')' : open === '[' ? ']' : '}';
  let depth = 0;
  const max = Math.min(text.length, i + limit);
  for (let j = i; j < max; j++) {
    const c = text[j];
    if (c === '"' || c === "'" || c === '`') {
      const s = readString(text, j);
      if (s) {
        j = s.end - 1;
        continue;
      }
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Graph JS client: client.api('/me/messages').select(...).get()

// A Map: the key is text from the document (`.constructor(…)` must not find Object's members).
const JS_CLIENT_METHODS: ReadonlyMap<string, string> = new Map(Object.entries({ get: 'GET', getstream: 'GET', post: 'POST', create: 'POST', put: 'PUT', putstream: 'PUT', patch: 'PATCH', update: 'PATCH', delete: 'DELETE', del: 'DELETE' }));

function detectJsClient(text: string, out: GraphCall[]): void {
  const re = /\.\s*api\s*\(\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const s = readConcat(text, m.index + m[0].length);
    if (!s) continue;
    const open = text.lastIndexOf('(', m.index + m[0].length);
    const close = matchBracket(text, open);
    if (close < 0) continue;
    // Follow the chain: .select(...).top(5).get()
    let p = close + 1;
    let method: string | undefined;
    for (let guard = 0; guard < 30; guard++) {
      const step = /^\s*\.\s*([A-Za-z_]\w*)\s*(?=\()/.exec(text.slice(p, p + 200));
      if (!step) break;
      const paren = p + step[0].length;
      const endParen = matchBracket(text, paren);
      if (endParen < 0) break;
      const verb = JS_CLIENT_METHODS.get(step[1].toLowerCase());
      p = endParen + 1;
      if (verb) {
        method = verb;
        break;
      }
    }
    if (!method) continue;
    const start = text.lastIndexOf('.', m.index);
    const rootStart = findChainRoot(text, start);
    push(out, text, method, s.value, 'graph-js-client', rootStart, p);
  }
}

/** Start of the expression `a.b.c` ending at `dotIndex` (walks back over identifiers and dots). */
function findChainRoot(text: string, dotIndex: number): number {
  let i = dotIndex;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  while (i > 0 && /[\w$.]/.test(text[i - 1])) i--;
  return i;
}

// ---------------------------------------------------------------------------------------------
// URL strings: fetch / axios / HttpClient / requests / RestTemplate … to graph.microsoft.com

const URL_START = /(?:[$@]{1,2}|[fFrRbBuU]{1,2})?["'`]https:\/\/graph\.microsoft\.com\/(?:v1\.0|beta)\//gi;

function detectUrlCalls(text: string, out: GraphCall[], format: DocumentFormat): void {
  let m: RegExpExecArray | null;
  URL_START.lastIndex = 0;
  while ((m = URL_START.exec(text))) {
    const s = readConcat(text, m.index);
    if (!s) continue;
    const method = methodAround(text, s.start, s.end, format);
    if (!method) continue;
    push(out, text, method.method, s.value, 'http-client', method.start ?? s.start, Math.max(s.end, method.end ?? s.end));
  }
}

/**
 * The HTTP method of the call a URL string is an argument of: the function name before it
 * (`axios.post(`, `requests.patch(`, `PostAsync(`, `HttpMethod.Delete, `), or a `method` option
 * after it (`{ method: 'POST' }`, `method="PATCH"`); GET when nothing says otherwise. Undefined
 * when the string is not in a call at all and not assigned (then it is not a request).
 */
function methodAround(text: string, start: number, end: number, _format: DocumentFormat): { method: string; start?: number; end?: number } | undefined {
  const before = text.slice(Math.max(0, start - 160), start);
  const fn = /(?:\b([A-Za-z_][\w]*)\s*\.\s*)?\b(get|post|put|patch|delete|head|request|fetch|send|getasync|postasync|putasync|patchasync|deleteasync|getstringasync|getstreamasync|getfromjsonasync|postasjsonasync|putasjsonasync|patchasjsonasync|getforobject|getforentity|postforobject|postforentity|exchange|urlopen|Request)\s*(?:<[^<>()]*>)?\s*\(\s*(?:[A-Za-z_.]*HttpMethod\s*\.\s*([A-Za-z]+)\s*,\s*)?$/i.exec(before);
  const httpMethod = /HttpMethod\s*(?:\.\s*|\(\s*["'])([A-Za-z]+)["']?\s*\)?\s*,\s*$/i.exec(before);
  const after = text.slice(end, end + 400);
  const closeIdx = depthEnd(after);
  const args = after.slice(0, closeIdx < 0 ? 400 : closeIdx);
  const opt = /\bmethod\s*[:=]\s*["'`]([A-Za-z]+)["'`]/i.exec(args) ?? /\bHttpMethod\s*\.\s*([A-Za-z]+)/.exec(args) ?? /\bMethod\s*=\s*HttpMethod\s*\.\s*([A-Za-z]+)/.exec(args);
  const callStart = fn ? start - (before.length - fn.index) : undefined;
  const callEnd = closeIdx >= 0 ? end + closeIdx + 1 : undefined;
  if (opt && HTTP_METHODS.includes(opt[1].toUpperCase())) return { method: opt[1].toUpperCase(), start: callStart, end: callEnd };
  if (httpMethod && HTTP_METHODS.includes(httpMethod[1].toUpperCase())) return { method: httpMethod[1].toUpperCase(), start: callStart, end: callEnd };
  if (fn) {
    if (fn[3] && HTTP_METHODS.includes(fn[3].toUpperCase())) return { method: fn[3].toUpperCase(), start: callStart, end: callEnd };
    const name = fn[2].toLowerCase().replace(/async$/, '').replace(/(asjson|fromjson|forobject|forentity|string|stream)$/, '');
    if (HTTP_METHODS.includes(name.toUpperCase())) return { method: name.toUpperCase(), start: callStart, end: callEnd };
    return { method: 'GET', start: callStart, end: callEnd };
  }
  // Assigned to a variable (`const url = '…'`, `url = f"…"`): a request somewhere; GET unless an option follows.
  if (/[=:]\s*$/.test(before) || /\(\s*$/.test(before)) return { method: 'GET' };
  return undefined;
}

/** Offset (in `s`) of the `)` closing the call the text is inside of, or -1. */
function depthEnd(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      if (depth === 0) return c === ')' ? i : -1;
      depth--;
    } else if (c === ';' && depth === 0) return -1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Kiota fluent chains.

const KIOTA_ROOT = /(?<![\w$.])(?:this\s*\.\s*|self\s*\.\s*|_)?([A-Za-z_]\w*)(?=\s*\.\s*[A-Za-z_])/g;
const KIOTA_VERB = /^(get|post|patch|put|delete)(?:async)?$/i;
const NOT_SEGMENTS = new Set(['api', 'withurl', 'with_url', 'requestadapter', 'request_adapter', 'toGetRequestInformation'.toLowerCase(), 'configureawait']);

function detectKiota(text: string, out: GraphCall[], format: DocumentFormat): void {
  let m: RegExpExecArray | null;
  KIOTA_ROOT.lastIndex = 0;
  while ((m = KIOTA_ROOT.exec(text))) {
    const root = m[1];
    if (!/graph|client$/i.test(root) || /^(?:http|rest|axios|blob|cosmos|secret|key|sql|redis|web)/i.test(root)) continue;
    const start = m.index;
    let p = m.index + m[0].length;
    const segs: string[] = [];
    let verb: string | undefined;
    for (let guard = 0; guard < 40; guard++) {
      const idx = /^\s*\.\s*([A-Za-z_]\w*)/.exec(text.slice(p, p + 200));
      const br = /^\s*\[/.exec(text.slice(p, p + 50));
      if (br) {
        const open = p + br[0].length - 1;
        const close = matchBracket(text, open, 400);
        if (close < 0) break;
        segs.push(DYN);
        p = close + 1;
        continue;
      }
      if (!idx) break;
      const name = idx[1];
      p += idx[0].length;
      const call = /^\s*\(/.exec(text.slice(p, p + 50));
      if (call) {
        const open = p + call[0].length - 1;
        const close = matchBracket(text, open);
        if (close < 0) break;
        const args = text.slice(open + 1, close).trim();
        p = close + 1;
        if (KIOTA_VERB.test(name)) {
          verb = name.toLowerCase().replace(/async$/, '').toUpperCase();
          break;
        }
        if (/^by[_A-Z]/.test(name) || /^By[A-Z]/.test(name)) segs.push(DYN);
        else if (!args && format === 'java') segs.push(name);
        else if (/^item$/i.test(name)) segs.push(DYN);
        else break; // some other method: not a request-builder chain
        continue;
      }
      if (KIOTA_VERB.test(name)) break;
      segs.push(name);
    }
    if (!verb || !segs.length || segs.some((s) => NOT_SEGMENTS.has(s.toLowerCase()))) continue;
    const raw = '/' + segs.map((s) => (s === DYN ? DYN : format === 'python' ? snakeToCamel(s) : s)).join('/');
    push(out, text, verb, raw, 'kiota', start, p);
    KIOTA_ROOT.lastIndex = p;
  }
}

function snakeToCamel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// .http request lines, with @variables.

function detectHttpFile(text: string, out: GraphCall[]): void {
  const vars = new Map<string, string>();
  const lineRe = /^[^\S\r\n]*(.*)$/gm;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text))) {
    const line = m[1];
    if (m[0].length === 0) lineRe.lastIndex++;
    const v = /^@([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (v) {
      vars.set(v[1].toLowerCase(), v[2]);
      continue;
    }
    const r = /^(GET|POST|PATCH|PUT|DELETE)\s+(\S+)/i.exec(line);
    if (!r) continue;
    const url = r[2].replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (all, name: string) => {
      const val = vars.get(name.toLowerCase());
      return val !== undefined && /graph\.microsoft\.com/i.test(val) ? val : all;
    });
    if (!/^https:\/\/graph\.microsoft\.com\/(?:v1\.0|beta)\//i.test(url)) continue;
    const start = m.index + (m[0].length - m[1].length);
    push(out, text, r[1], url, 'http-file', start, start + line.trimEnd().length);
  }
}

// ---------------------------------------------------------------------------------------------
// PowerShell: Invoke-MgGraphRequest and Microsoft Graph cmdlets.

interface CmdletPath {
  method: string;
  /** Path without the item id parameter. */
  list: string;
  /** Path when `itemParam` is given. */
  item?: string;
  itemParam?: string;
}

/** Common Microsoft Graph PowerShell cmdlets whose path is derivable. `Get-MgBeta…` map to beta. */
export const CMDLET_PATHS: Record<string, CmdletPath> = {
  'get-mguser': { method: 'GET', list: '/users', item: '/users/{id}', itemParam: 'UserId' },
  'new-mguser': { method: 'POST', list: '/users' },
  'update-mguser': { method: 'PATCH', list: '/users/{id}' },
  'remove-mguser': { method: 'DELETE', list: '/users/{id}' },
  'get-mgusermessage': { method: 'GET', list: '/users/{id}/messages', item: '/users/{id}/messages/{id}', itemParam: 'MessageId' },
  'new-mgusermessage': { method: 'POST', list: '/users/{id}/messages' },
  'remove-mgusermessage': { method: 'DELETE', list: '/users/{id}/messages/{id}' },
  'send-mgusermail': { method: 'POST', list: '/users/{id}/sendMail' },
  'get-mgusermailfolder': { method: 'GET', list: '/users/{id}/mailFolders', item: '/users/{id}/mailFolders/{id}', itemParam: 'MailFolderId' },
  'get-mguserevent': { method: 'GET', list: '/users/{id}/events', item: '/users/{id}/events/{id}', itemParam: 'EventId' },
  'new-mguserevent': { method: 'POST', list: '/users/{id}/events' },
  'get-mgusercalendar': { method: 'GET', list: '/users/{id}/calendars', item: '/users/{id}/calendars/{id}', itemParam: 'CalendarId' },
  'get-mgusermanager': { method: 'GET', list: '/users/{id}/manager' },
  'get-mgusermemberof': { method: 'GET', list: '/users/{id}/memberOf' },
  'get-mguserdrive': { method: 'GET', list: '/users/{id}/drive' },
  'get-mgusercontact': { method: 'GET', list: '/users/{id}/contacts', item: '/users/{id}/contacts/{id}', itemParam: 'ContactId' },
  'get-mggroup': { method: 'GET', list: '/groups', item: '/groups/{id}', itemParam: 'GroupId' },
  'new-mggroup': { method: 'POST', list: '/groups' },
  'update-mggroup': { method: 'PATCH', list: '/groups/{id}' },
  'remove-mggroup': { method: 'DELETE', list: '/groups/{id}' },
  'get-mggroupmember': { method: 'GET', list: '/groups/{id}/members' },
  'new-mggroupmember': { method: 'POST', list: '/groups/{id}/members/$ref' },
  'get-mggroupowner': { method: 'GET', list: '/groups/{id}/owners' },
  'get-mgapplication': { method: 'GET', list: '/applications', item: '/applications/{id}', itemParam: 'ApplicationId' },
  'new-mgapplication': { method: 'POST', list: '/applications' },
  'update-mgapplication': { method: 'PATCH', list: '/applications/{id}' },
  'get-mgserviceprincipal': { method: 'GET', list: '/servicePrincipals', item: '/servicePrincipals/{id}', itemParam: 'ServicePrincipalId' },
  'get-mgdevice': { method: 'GET', list: '/devices', item: '/devices/{id}', itemParam: 'DeviceId' },
  'get-mgorganization': { method: 'GET', list: '/organization', item: '/organization/{id}', itemParam: 'OrganizationId' },
  'get-mgdomain': { method: 'GET', list: '/domains', item: '/domains/{id}', itemParam: 'DomainId' },
  'get-mgauditlogsignin': { method: 'GET', list: '/auditLogs/signIns', item: '/auditLogs/signIns/{id}', itemParam: 'SignInId' },
  'get-mgauditlogdirectoryaudit': { method: 'GET', list: '/auditLogs/directoryAudits', item: '/auditLogs/directoryAudits/{id}', itemParam: 'DirectoryAuditId' },
  'get-mgteam': { method: 'GET', list: '/teams/{id}' },
  'get-mgteamchannel': { method: 'GET', list: '/teams/{id}/channels', item: '/teams/{id}/channels/{id}', itemParam: 'ChannelId' },
  'get-mgsite': { method: 'GET', list: '/sites', item: '/sites/{id}', itemParam: 'SiteId' },
  'get-mgsitelist': { method: 'GET', list: '/sites/{id}/lists', item: '/sites/{id}/lists/{id}', itemParam: 'ListId' },
  'get-mgsubscribedsku': { method: 'GET', list: '/subscribedSkus' },
  'get-mgdirectoryrole': { method: 'GET', list: '/directoryRoles', item: '/directoryRoles/{id}', itemParam: 'DirectoryRoleId' },
};
/** CMDLET_PATHS as a Map: looked up with a cmdlet name from the document. */
const CMDLET_PATH_MAP: ReadonlyMap<string, CmdletPath> = new Map(Object.entries(CMDLET_PATHS));


/** The PowerShell command starting at `i`, with backtick line continuations joined. */
function commandText(text: string, i: number): { cmd: string; end: number } {
  let j = i;
  let cmd = '';
  for (;;) {
    const nl = text.indexOf('\n', j);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(j, lineEnd).replace(/\r$/, '');
    if (/`\s*$/.test(line) && nl >= 0) {
      cmd += line.replace(/`\s*$/, ' ');
      j = nl + 1;
      continue;
    }
    // Stop at a pipe or a statement separator outside strings (good enough for one command).
    const stop = line.search(/\s\|\s|;/);
    cmd += stop >= 0 ? line.slice(0, stop) : line;
    return { cmd, end: stop >= 0 ? j + stop : j + line.trimEnd().length };
  }
}

function psParam(cmd: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|\\s)-${name}(?::|\\s+)("(?:[^"\`]|\`.)*"|'[^']*'|@\\([^)]*\\)|\\S+)`, 'i');
  const m = re.exec(cmd);
  if (!m) return undefined;
  const v = m[1];
  return /^["']/.test(v) ? v.slice(1, -1) : v;
}

function detectPowerShell(text: string, out: GraphCall[]): void {
  const re = /(?<![\w-])(Invoke-MgGraphRequest|Invoke-MgBetaGraphRequest|(?:Get|New|Update|Remove|Send|Set)-Mg(?:Beta)?[A-Za-z]+)\b/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    // Skip comments.
    const ls = text.lastIndexOf('\n', m.index) + 1;
    if (/^\s*#/.test(text.slice(ls, m.index))) continue;
    const { cmd, end } = commandText(text, m.index);
    const name = m[1].toLowerCase();
    if (name === 'invoke-mggraphrequest' || name === 'invoke-mgbetagraphrequest') {
      const uri = psParam(cmd, 'Uri') ?? /^\S+\s+(?:-Method\s+\S+\s+)?(["'][^"']+["'])/i.exec(cmd)?.[1]?.slice(1, -1);
      if (!uri) continue;
      const method = (psParam(cmd, 'Method') ?? 'GET').toUpperCase();
      if (!HTTP_METHODS.includes(method)) continue;
      if (/^https?:/i.test(uri) && !/^https:\/\/graph\.microsoft\.com\//i.test(uri)) continue;
      push(out, text, method, uri, 'powershell-request', m.index, end, name.includes('beta') ? 'beta' : 'v1.0');
      continue;
    }
    const beta = /-mgbeta/i.test(name);
    const key = name.replace('-mgbeta', '-mg');
    const entry = CMDLET_PATH_MAP.get(key);
    if (!entry) continue;
    const path = entry.item && entry.itemParam && new RegExp(`\\s-${entry.itemParam}\\b`, 'i').test(cmd) ? entry.item : entry.list;
    push(out, text, entry.method, path, 'powershell-cmdlet', m.index, m.index + m[1].length, beta ? 'beta' : 'v1.0');
  }
}
