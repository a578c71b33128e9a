/**
 * Finds Microsoft Graph API calls in code, by text patterns (no parser): the Graph JS client
 * (`client.api('/me/messages').get()`), `fetch` / `axios` / `HttpClient` / `requests` calls to
 * `https://graph.microsoft.com/v1.0|beta/...`, `.http` request lines, Kiota fluent chains
 * (`graphClient.me.messages.get()`, `Users[id].Messages.GetAsync()`,
 * `client.users.by_user_id(x).messages.get()`), PowerShell `Invoke-MgGraphRequest` and a table of
 * common Microsoft Graph cmdlets. Detection is heuristic and never complete.
 */
import type { DocumentFormat } from '../analyze';
import { CALL_FORMATS, formatInfo, type CallDetector } from '../formats';
import { commentRanges } from '../scan/comments';
import { CALL_STRINGS, JS, matchBracketAt, PYTHON, skipTrivia as skipTriviaAt, stringAt } from '../text/lexer';
import { resolveCmdlet, type CmdletIndex } from './cmdlets';
import { DYN, normalizeGraphPath, type GraphVersion } from './requestPaths';

/**
 * What the detector knows about the rest of the app: base-URL constants defined in any of its
 * files (`GRAPH_URL = 'https://graph.microsoft.com/v1.0'`), and the PowerShell cmdlet map derived
 * from the path table.
 */
export interface CallContext {
  /** Lower-cased identifier (last member) → the Graph URL it holds, without a trailing `/`. */
  baseUrls: Map<string, string>;
  cmdlets?: CmdletIndex;
}

// The look-behind starts a match only at the first letter of an identifier (where a match from any
// later position of it would start too: what follows the identifier decides), instead of retrying
// from every character of every identifier; the matches are the same.
const BASE_DEF = /(?<![A-Za-z_$][\w$]*?)([A-Za-z_$][\w$]*)["']?\s*(?::\s*(?:str|string)\s*)?(?::|=|:=)\s*(?:new\s+URL\s*\(\s*)?[$@fFrRuU]{0,2}["'`](https:\/\/graph\.microsoft\.com(?:\/(?:v1\.0|beta))?(?:\/[A-Za-z][\w./]*)?)\/?["'`]/g;

/** Base-URL constants of an app's files (code, configuration), for `detectGraphCalls`. */
export function callContext(files: readonly { text: string; format?: DocumentFormat }[], cmdlets?: CmdletIndex): CallContext {
  const baseUrls = new Map<string, string>();
  for (const f of files) addBaseUrls(baseUrls, f.text);
  const ctx: CallContext = { baseUrls };
  if (cmdlets) ctx.cmdlets = cmdlets;
  return ctx;
}

/** Adds the base-URL constants one file defines to `baseUrls` (the first definition of a name wins), as `callContext` does for each of its files in turn. */
export function addBaseUrls(baseUrls: Map<string, string>, text: string): void {
  // Both patterns need the URL: most files of a large folder have none (and the identifier-led pattern is slow to rule out).
  if (!text.includes('https://graph.microsoft.com')) return;
  BASE_DEF.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BASE_DEF.exec(text))) {
    const name = m[1].toLowerCase();
    if (!baseUrls.has(name)) baseUrls.set(name, m[2].replace(/\/+$/, ''));
  }
  // Java .properties / .env style: graph.endpoint=https://graph.microsoft.com/v1.0
  const prop = /^\s*([\w.-]+)\s*[=:]\s*(https:\/\/graph\.microsoft\.com(?:\/(?:v1\.0|beta))?)\/?\s*$/gm;
  while ((m = prop.exec(text))) {
    const name = (m[1].split('.').pop() ?? m[1]).toLowerCase();
    if (!baseUrls.has(name)) baseUrls.set(name, m[2]);
  }
}

export type CallSource = 'graph-js-client' | 'http-client' | 'http-file' | 'kiota' | 'powershell-request' | 'powershell-cmdlet' | 'paging';

/** How a paging follow-up continues an earlier call (see `detectFollowUps`). */
export type FollowUpKind = 'next-page' | 'delta-link' | 'page-iterator';

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
  /** The query string as written (`$select=mailboxSettings`), when the call has one. */
  query?: string;
  /**
   * A paging follow-up (`requests.get(next_link)`, `new PageIterator(client, response, …)`,
   * `new DeltaRequestBuilder(deltaLink, adapter)`): it requests more of an earlier call, whose
   * method, path and version it takes; `originStart` is that call's `start`.
   */
  followUp?: { kind: FollowUpKind; originStart: number };
}

/** The formats whose Graph calls are detected (the format registry's, formats.ts). */
export const CODE_FORMATS: readonly DocumentFormat[] = CALL_FORMATS;

const HTTP_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

type Detector = (text: string, out: GraphCall[], format: DocumentFormat, context?: CallContext) => void;

/** The detectors by the names the format registry lists for each format (formats.ts `calls`, run in that order). */
export const CALL_DETECTORS: { readonly [name in CallDetector]: Detector } = {
  'js-client': detectJsClient,
  url: detectUrlCalls,
  'base-url': detectBaseUrlCalls,
  kiota: detectKiota,
  'builder-from-link': detectBuilderFromLink,
  powershell: (text, out, _format, context) => detectPowerShell(text, out, context),
  'http-file': detectHttpFile,
  paging: (text, out, format) => {
    if (out.length) detectFollowUps(text, out, format);
  },
};

/** The Graph calls in one document, found by its format's detectors (the format registry's). Never throws (returns what it found). */
export function detectGraphCalls(text: string, format: DocumentFormat, context?: CallContext): GraphCall[] {
  const out: GraphCall[] = [];
  try {
    for (const name of formatInfo(format)?.calls ?? []) CALL_DETECTORS[name](text, out, format, context);
  } catch {
    // heuristics must never break a scan
  }
  // One call per range: the first detector wins (the JS client beats the URL scan of its string).
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  // Commented-out calls (`// fetch('https://graph…')`, `<# Get-MgUser #>`) are not calls.
  let comments: ReturnType<typeof commentRanges> = [];
  try {
    if (out.length) comments = commentRanges(text, format);
  } catch {
    comments = [];
  }
  const kept: GraphCall[] = [];
  let ci = 0;
  let maxEnd = -1;
  for (const c of out) {
    while (ci < comments.length && comments[ci].end <= c.start) ci++;
    if (ci < comments.length && comments[ci].start <= c.start) continue;
    if (c.start < maxEnd) continue;
    kept.push(c);
    maxEnd = Math.max(maxEnd, c.end);
  }
  return kept;
}

function snippetOf(text: string, start: number, end: number): string {
  const s = text.slice(start, end).split(/\r?\n/)[0].trim();
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}

/** Skips whitespace and comments (line and block comments; `#` and `\` line continuations in Python) from `p`: at most 200 of them. */
function skipTrivia(text: string, p: number, format: DocumentFormat): number {
  return format === 'python' ? skipTriviaAt(text, p, PYTHON, '\\', 200) : skipTriviaAt(text, p, JS, undefined, 200);
}

/** `.name` after trivia at `p`: the name and the offset after it. */
function memberAt(text: string, p: number, format: DocumentFormat): { name: string; end: number } | undefined {
  const q = skipTrivia(text, p, format);
  if (text[q] !== '.' && !(text[q] === '?' && text[q + 1] === '.')) return undefined;
  const r = skipTrivia(text, q + (text[q] === '?' ? 2 : 1), format);
  const m = /^[A-Za-z_$][\w$]*/.exec(text.slice(r, r + 120));
  return m ? { name: m[0], end: r + m[0].length } : undefined;
}

function push(out: GraphCall[], text: string, method: string, raw: string, source: CallSource, start: number, end: number, defaultVersion?: GraphVersion): void {
  const n = normalizeGraphPath(raw);
  if (!n) return;
  const call: GraphCall = { method: method.toUpperCase(), path: n.path, version: n.version ?? defaultVersion, source, start, end, snippet: snippetOf(text, start, end) };
  if (n.query) call.query = n.query;
  out.push(call);
}

// ---------------------------------------------------------------------------------------------
// String literals with concatenation: 'a' + x + 'b' → "a\0b".

interface StringExpr {
  value: string;
  start: number;
  end: number;
}

/** Reads a string literal (JS/C#/Python/Java/PowerShell quotes, template literals, $"…", f"…") at `i`: the shared lexer's call-string dialect; `\x` is `x`. */
function readString(text: string, i: number): StringExpr | undefined {
  const s = stringAt(text, i, CALL_STRINGS);
  if (!s || s.unterminated) return undefined;
  const from = s.innerStart as number;
  const to = s.innerEnd as number;
  let value = text.slice(from, to);
  if (!s.quote?.endsWith('`') && value.includes('\\')) {
    value = '';
    for (let j = from; j < to; j++) value += text[j] === '\\' ? (text[++j] ?? '') : text[j];
  }
  return { value, start: i, end: s.end };
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
  return matchBracketAt(text, i, CALL_STRINGS, limit);
}

// ---------------------------------------------------------------------------------------------
// Graph JS client: client.api('/me/messages').select(...).get()

const JS_CLIENT_METHODS = new Map<string, string>([
  ['get', 'GET'],
  ['getstream', 'GET'],
  ['post', 'POST'],
  ['create', 'POST'],
  ['put', 'PUT'],
  ['putstream', 'PUT'],
  ['patch', 'PATCH'],
  ['update', 'PATCH'],
  ['delete', 'DELETE'],
  ['del', 'DELETE'],
]);

function detectJsClient(text: string, out: GraphCall[], format: DocumentFormat): void {
  const re = /\.\s*api\s*\(\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const s = readConcat(text, m.index + m[0].length);
    if (!s) continue;
    const open = text.lastIndexOf('(', m.index + m[0].length);
    const close = matchBracket(text, open);
    if (close < 0) continue;
    const start = text.lastIndexOf('.', m.index);
    const rootStart = findChainRoot(text, start);
    // Follow the chain: .select(...).top(5).get()
    const verb = followJsChain(text, close + 1, format);
    if (verb) {
      push(out, text, verb.method, verb.select && !s.value.includes('?') ? `${s.value}?$select=${verb.select}` : s.value, 'graph-js-client', rootStart, verb.end);
      continue;
    }
    // Stored for later: `const req = client.api('/x').version('beta');` … `await req.post(body)`.
    const assigned = /(?:^|[\s;(,])(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:await\s+)?$/.exec(text.slice(Math.max(0, rootStart - 120), rootStart));
    if (!assigned) continue;
    const name = assigned[1];
    const use = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?=\\s*\\.)`, 'g');
    use.lastIndex = close + 1;
    let u: RegExpExecArray | null;
    let found = 0;
    while ((u = use.exec(text)) && found < 20) {
      const v = followJsChain(text, u.index + name.length, format);
      if (!v) continue;
      push(out, text, v.method, s.value, 'graph-js-client', u.index, v.end);
      found++;
    }
  }
}

/**
 * The property names an SDK `select` option names: `"displayName,mailboxSettings"`,
 * `['from', 'subject']`, `u => new { u.DisplayName, u.MailboxSettings }`.
 */
function selectedNames(args: string): string | undefined {
  const lambda = /^\s*\(?\s*(\w+)\s*\)?\s*=>/.exec(args);
  const names = lambda
    ? [...args.matchAll(new RegExp(`\\b${lambda[1]}\\.(\\w+)`, 'g'))].map((m) => m[1])
    : [...args.matchAll(/["'`]([^"'`]*)["'`]/g)].flatMap((m) => m[1].split(',')).map((x) => x.trim());
  const list = names.filter((n) => /^\w+$/.test(n)).map((n) => n.charAt(0).toLowerCase() + n.slice(1));
  return list.length ? list.join(',') : undefined;
}

/** The verb at the end of a Graph JS client chain starting at `p` (`.select(…).top(5).get()`). */
function followJsChain(text: string, p: number, format: DocumentFormat): { method: string; end: number; select?: string } | undefined {
  let select: string | undefined;
  for (let guard = 0; guard < 30; guard++) {
    const step = memberAt(text, p, format);
    if (!step) return undefined;
    const paren = skipTrivia(text, step.end, format);
    if (text[paren] !== '(') return undefined;
    const endParen = matchBracket(text, paren);
    if (endParen < 0) return undefined;
    const verb = JS_CLIENT_METHODS.get(step.name.toLowerCase());
    if (/^select$/i.test(step.name)) select = selectedNames(text.slice(paren + 1, endParen));
    p = endParen + 1;
    if (verb) return select ? { method: verb, end: p, select } : { method: verb, end: p };
  }
  return undefined;
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
// URLs built from a base constant: f'{GRAPH_URL}/me', '{0}/me/events'.format(graph_url),
// graph_url + '/me/events', `${config.graphBaseUrl}/me`, $"{GraphUrl}/me".

/** Top-level Graph segments: what follows a base-URL variable that the app does not define in view. */
const TOP_SEGMENTS = new Set(
  ('me users groups sites drives drive teams chats applications servicePrincipals subscriptions communications security identity directory devices organization ' +
    'reports auditLogs education solutions planner policies deviceManagement external places print search admin invitations domains contacts directoryObjects ' +
    'directoryRoles oauth2PermissionGrants teamwork appCatalogs identityGovernance informationProtection shares roleManagement subscribedSkus employeeExperience ' +
    'copilot storage $batch')
    .toLowerCase()
    .split(' '),
);
/** Names that hold a Graph base URL by convention (`GRAPH_URL`, `graphEndpoint`, `msGraphBaseUri`). */
const BASE_NAME = /^(?:ms_?)?graph_?(?:api_?)?(?:base_?|root_?)?(?:url|uri|endpoint|base|root|host|api)$/i;

function baseOf(name: string, context: CallContext | undefined, rest: string): string | undefined {
  const last = (name.split('.').pop() ?? name).trim().toLowerCase();
  const known = context?.baseUrls.get(last);
  if (known) return known;
  if (!BASE_NAME.test(last)) return undefined;
  const first = rest.replace(/^\/+/, '').split(/[/?'"`]/)[0].toLowerCase();
  if (/^(?:v1\.0|beta)$/.test(first)) return 'https://graph.microsoft.com';
  return TOP_SEGMENTS.has(first) ? 'https://graph.microsoft.com/v1.0' : undefined;
}

function joinBase(base: string, rest: string): string {
  return `${base.replace(/\/+$/, '')}/${rest.replace(/^\/+/, '')}`;
}

function detectBaseUrlCalls(text: string, out: GraphCall[], format: DocumentFormat, context?: CallContext): void {
  // 1. A string that starts with an interpolated base: f'{GRAPH_URL}/me', `${base}/me`, $"{Base}/me".
  const interp = /(?:[$@fFrR]{0,2})(["'`])(?:\$?\{\s*([A-Za-z_$][\w$.]*)\s*\})/g;
  let m: RegExpExecArray | null;
  while ((m = interp.exec(text))) {
    const s = readConcat(text, m.index);
    if (!s) continue;
    const inner = /^\$?\{\s*[A-Za-z_$][\w$.]*\s*\}/.exec(s.value);
    if (!inner) continue;
    const rest = s.value.slice(inner[0].length);
    if (!rest.startsWith('/') && !/\/$/.test(context?.baseUrls.get((m[2].split('.').pop() ?? '').toLowerCase()) ?? '')) continue;
    const base = baseOf(m[2], context, rest);
    if (!base) continue;
    const method = methodAround(text, s.start, s.end, format);
    if (!method) continue;
    push(out, text, method.method, joinBase(base, rest), 'http-client', method.start ?? s.start, Math.max(s.end, method.end ?? s.end));
  }
  // 2. '{0}/me'.format(graph_url), String.format("%s/me", base), string.Format("{0}/me", Base).
  const fmt = /(["'])(\{0\}|%s)\//g;
  while ((m = fmt.exec(text))) {
    const s = readString(text, m.index);
    if (!s) continue;
    const after = /^\s*\.\s*format\s*\(\s*([A-Za-z_][\w.]*)/.exec(text.slice(s.end, s.end + 200));
    const before = /(?:String|string)\s*\.\s*(?:f|F)ormat\s*\(\s*$/.exec(text.slice(Math.max(0, s.start - 40), s.start));
    const argAfter = before ? /^\s*,\s*([A-Za-z_][\w.]*)/.exec(text.slice(s.end, s.end + 200)) : null;
    const name = after?.[1] ?? argAfter?.[1];
    if (!name) continue;
    const rest = s.value.slice(m[2].length);
    const base = baseOf(name, context, rest);
    if (!base) continue;
    const exprStart = before ? s.start - before[0].length : s.start;
    const exprEnd = s.end + (after ? after[0].length : argAfter![0].length);
    const method = methodAround(text, exprStart, exprEnd, format);
    if (!method) continue;
    push(out, text, method.method, joinBase(base, rest.replace(/\{\d+\}|%s/g, DYN)), 'http-client', method.start ?? exprStart, Math.max(exprEnd, method.end ?? exprEnd));
  }
  // 3. base + '/me/events' (+ more).
  const cat = /(?<![\w$.])((?:this\s*\.\s*|self\s*\.\s*)?[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\+\s*(?=[$@fF]{0,2}["'`]\/?)/g;
  while ((m = cat.exec(text))) {
    const strAt = m.index + m[0].length;
    const s = readConcat(text, strAt);
    if (!s) continue;
    const name = m[1].replace(/\s+/g, '');
    const base = baseOf(name, context, s.value);
    if (!base) continue;
    if (!s.value.startsWith('/') && !base.endsWith('/') && !/^(?:v1\.0|beta)\//.test(s.value)) continue;
    const method = methodAround(text, m.index, s.end, format);
    if (!method) continue;
    push(out, text, method.method, joinBase(base, s.value), 'http-client', method.start ?? m.index, Math.max(s.end, method.end ?? s.end));
  }
}

// ---------------------------------------------------------------------------------------------
// Kiota fluent chains.

const KIOTA_ROOT = /(?<![\w$.])(?:this\s*\.\s*|self\s*\.\s*|_)?([A-Za-z_]\w*)(?=\s*\??\.|\s*(?:\/\/|\/\*|#)[^\n]*\n\s*\.)/g;
/** Kiota request verbs (`GetAsync`, `get`, `GetAsDeltaGetResponseAsync`, `post_async` is not a thing but `get` is). */
const KIOTA_VERB = /^(get|post|patch|put|delete)(?:As\w+?)?(?:async)?$/i;
/** The older SDKs (v4 .NET, v5 Java): `.Request(…)` / `.buildRequest(…)` ends the path; then options, then the verb. */
const V4_REQUEST = /^(?:Request|buildRequest)$/;
const V4_VERBS = new Map<string, string>([
  ['get', 'GET'],
  ['getasync', 'GET'],
  ['post', 'POST'],
  ['postasync', 'POST'],
  ['addasync', 'POST'],
  ['createasync', 'POST'],
  ['patch', 'PATCH'],
  ['patchasync', 'PATCH'],
  ['updateasync', 'PATCH'],
  ['put', 'PUT'],
  ['putasync', 'PUT'],
  ['delete', 'DELETE'],
  ['deleteasync', 'DELETE'],
  ['getresponseasync', 'GET'],
  ['buildrequest', ''],
]);
const NOT_SEGMENTS = new Set(['api', 'requestadapter', 'request_adapter', 'togetrequestinformation', 'topostrequestinformation', 'configureawait', 'tostring', 'length', 'count', 'value']);
/** Calls inside a chain that do not change the path. */
const TRANSPARENT = /^(?:withUrl|with_url|WithUrl)$/;

function detectKiota(text: string, out: GraphCall[], format: DocumentFormat): void {
  let m: RegExpExecArray | null;
  KIOTA_ROOT.lastIndex = 0;
  while ((m = KIOTA_ROOT.exec(text))) {
    const root = m[1];
    if (!/graph|client$/i.test(root) || /^(?:http|rest|axios|blob|cosmos|secret|key|sql|redis|web|storage|table|queue|service_?bus|search|openai|chat|credential)/i.test(root)) continue;
    const beta = /beta/i.test(root);
    const start = m.index;
    let p = m.index + m[0].length;
    const segs: string[] = [];
    let verb: string | undefined;
    let v4 = false;
    let callSegs = 0;
    let select: string | undefined;
    for (let guard = 0; guard < 60; guard++) {
      const q = skipTrivia(text, p, format);
      if (text[q] === '[' && !v4) {
        const close = matchBracket(text, q, 400);
        if (close < 0) break;
        segs.push(DYN);
        p = close + 1;
        continue;
      }
      const mem = memberAt(text, p, format);
      if (!mem) break;
      const name = mem.name;
      p = mem.end;
      const open = skipTrivia(text, p, format);
      if (text[open] === '(') {
        const close = matchBracket(text, open);
        if (close < 0) break;
        const args = text.slice(open + 1, close).trim();
        p = close + 1;
        if (v4) {
          const v = V4_VERBS.get(name.toLowerCase());
          if (v) {
            verb = v;
            break;
          }
          if (/^select$/i.test(name)) select = selectedNames(args);
          continue; // .Select(…), .Top(5), .Filter(…), .Header(…): options
        }
        if (V4_REQUEST.test(name)) {
          v4 = true;
          continue;
        }
        if (KIOTA_VERB.test(name)) {
          verb = /^(get|post|patch|put|delete)/i.exec(name)![1].toUpperCase();
          break;
        }
        if (TRANSPARENT.test(name)) continue;
        // A getter for the client at the root: `GraphService.getClient().external()…`, `GetGraphClient().Me…`.
        if (!segs.length && !args && /client$/i.test(name)) continue;
        if (/^by[_A-Z]/.test(name) || /^By[A-Z]/.test(name) || /^item$/i.test(name)) segs.push(DYN);
        else if (format === 'java' && !args) segs.push(name);
        else if (format === 'java' && /ParameterSet\b/.test(args)) {
          segs.push(name);
          callSegs++;
        } else if (format === 'java') {
          segs.push(name, DYN); // v5 Java: users("id") is /users/{id}
          callSegs++;
        } else if (format === 'csharp') {
          segs.push(name); // v4 .NET actions and functions: .SendMail(msg, true), .Delta()
          callSegs++;
        } else break; // some other method: not a request-builder chain
        continue;
      }
      if (v4) {
        // `.Request().Expand(…)` options are calls; a property here ends the chain.
        break;
      }
      if (KIOTA_VERB.test(name)) break;
      segs.push(name);
    }
    // Without `.Request()` a .NET method-call segment is not a Kiota chain.
    if (!verb || !segs.length || segs.some((s) => NOT_SEGMENTS.has(s.toLowerCase())) || (callSegs && format === 'csharp' && !v4)) continue;
    const raw = '/' + segs.map((s) => (s === DYN ? DYN : format === 'python' ? snakeToCamel(s) : s)).join('/') + (select ? `?$select=${select}` : '');
    push(out, text, verb, raw, 'kiota', start, p, beta ? 'beta' : undefined);
    KIOTA_ROOT.lastIndex = p;
  }
}

/**
 * A request builder made from a next or delta link: `new Microsoft.Graph.Users.Delta.DeltaRequestBuilder(nextLink, adapter)`.
 * The path comes from the builder's namespace; a bare `new DeltaRequestBuilder(…)` names no path and is not counted.
 */
function detectBuilderFromLink(text: string, out: GraphCall[], format: DocumentFormat): void {
  const re = /\bnew\s+((?:[A-Za-z_]\w*\.)+)(\w+)RequestBuilder\s*\(/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const ns = m[1].split('.').filter(Boolean);
    const at = ns.findIndex((x, i) => x === 'Graph' && i > 0 && /^Microsoft$/i.test(ns[i - 1]));
    if (at < 0) continue;
    let segs = ns.slice(at + 1);
    if (segs[0] === 'Beta') segs = segs.slice(1);
    if (!segs.length) continue;
    const open = text.indexOf('(', m.index + m[0].length - 1);
    const close = matchBracket(text, open);
    if (close < 0) continue;
    const mem = memberAt(text, close + 1, format);
    if (!mem || !KIOTA_VERB.test(mem.name)) continue;
    const raw = '/' + segs.map((s) => (s === 'Item' ? DYN : s.charAt(0).toLowerCase() + s.slice(1))).join('/');
    push(out, text, /^(get|post|patch|put|delete)/i.exec(mem.name)![1], raw, 'kiota', m.index, mem.end);
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

/** Common Microsoft Graph PowerShell cmdlets, by hand (they win over the names derived from the path table, see cmdlets.ts). `Get-MgBeta…` map to beta. */
export const CMDLET_PATHS = new Map<string, CmdletPath>([
  ['get-mguser', { method: 'GET', list: '/users', item: '/users/{id}', itemParam: 'UserId' }],
  ['new-mguser', { method: 'POST', list: '/users' }],
  ['update-mguser', { method: 'PATCH', list: '/users/{id}' }],
  ['remove-mguser', { method: 'DELETE', list: '/users/{id}' }],
  ['get-mgusermessage', { method: 'GET', list: '/users/{id}/messages', item: '/users/{id}/messages/{id}', itemParam: 'MessageId' }],
  ['new-mgusermessage', { method: 'POST', list: '/users/{id}/messages' }],
  ['remove-mgusermessage', { method: 'DELETE', list: '/users/{id}/messages/{id}' }],
  ['send-mgusermail', { method: 'POST', list: '/users/{id}/sendMail' }],
  ['get-mgusermailfolder', { method: 'GET', list: '/users/{id}/mailFolders', item: '/users/{id}/mailFolders/{id}', itemParam: 'MailFolderId' }],
  ['get-mguserevent', { method: 'GET', list: '/users/{id}/events', item: '/users/{id}/events/{id}', itemParam: 'EventId' }],
  ['new-mguserevent', { method: 'POST', list: '/users/{id}/events' }],
  ['get-mgusercalendar', { method: 'GET', list: '/users/{id}/calendars', item: '/users/{id}/calendars/{id}', itemParam: 'CalendarId' }],
  ['get-mgusermanager', { method: 'GET', list: '/users/{id}/manager' }],
  ['get-mgusermemberof', { method: 'GET', list: '/users/{id}/memberOf' }],
  ['get-mguserdrive', { method: 'GET', list: '/users/{id}/drive' }],
  ['get-mgusercontact', { method: 'GET', list: '/users/{id}/contacts', item: '/users/{id}/contacts/{id}', itemParam: 'ContactId' }],
  ['get-mggroup', { method: 'GET', list: '/groups', item: '/groups/{id}', itemParam: 'GroupId' }],
  ['new-mggroup', { method: 'POST', list: '/groups' }],
  ['update-mggroup', { method: 'PATCH', list: '/groups/{id}' }],
  ['remove-mggroup', { method: 'DELETE', list: '/groups/{id}' }],
  ['get-mggroupmember', { method: 'GET', list: '/groups/{id}/members' }],
  ['new-mggroupmember', { method: 'POST', list: '/groups/{id}/members/$ref' }],
  ['get-mggroupowner', { method: 'GET', list: '/groups/{id}/owners' }],
  ['get-mgapplication', { method: 'GET', list: '/applications', item: '/applications/{id}', itemParam: 'ApplicationId' }],
  ['new-mgapplication', { method: 'POST', list: '/applications' }],
  ['update-mgapplication', { method: 'PATCH', list: '/applications/{id}' }],
  ['get-mgserviceprincipal', { method: 'GET', list: '/servicePrincipals', item: '/servicePrincipals/{id}', itemParam: 'ServicePrincipalId' }],
  ['get-mgdevice', { method: 'GET', list: '/devices', item: '/devices/{id}', itemParam: 'DeviceId' }],
  ['get-mgorganization', { method: 'GET', list: '/organization', item: '/organization/{id}', itemParam: 'OrganizationId' }],
  ['get-mgdomain', { method: 'GET', list: '/domains', item: '/domains/{id}', itemParam: 'DomainId' }],
  ['get-mgauditlogsignin', { method: 'GET', list: '/auditLogs/signIns', item: '/auditLogs/signIns/{id}', itemParam: 'SignInId' }],
  ['get-mgauditlogdirectoryaudit', { method: 'GET', list: '/auditLogs/directoryAudits', item: '/auditLogs/directoryAudits/{id}', itemParam: 'DirectoryAuditId' }],
  ['get-mgteam', { method: 'GET', list: '/teams/{id}' }],
  ['get-mgteamchannel', { method: 'GET', list: '/teams/{id}/channels', item: '/teams/{id}/channels/{id}', itemParam: 'ChannelId' }],
  ['get-mgsite', { method: 'GET', list: '/sites', item: '/sites/{id}', itemParam: 'SiteId' }],
  ['get-mgsitelist', { method: 'GET', list: '/sites/{id}/lists', item: '/sites/{id}/lists/{id}', itemParam: 'ListId' }],
  ['get-mgsubscribedsku', { method: 'GET', list: '/subscribedSkus' }],
  ['get-mgdirectoryrole', { method: 'GET', list: '/directoryRoles', item: '/directoryRoles/{id}', itemParam: 'DirectoryRoleId' }],
]);

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

/**
 * Offsets where the PowerShell SDK v1 profile switches (`Select-MgProfile -Name beta` / `v1.0`):
 * the cmdlets after a switch to beta call the beta endpoint.
 */
function profileSwitches(text: string): { at: number; beta: boolean }[] {
  const out: { at: number; beta: boolean }[] = [];
  const re = /(?<![\w-])Select-MgProfile\b(?:\s+-Name)?\s+["']?(beta|v1\.0)\b/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const ls = text.lastIndexOf('\n', m.index) + 1;
    if (/^\s*#/.test(text.slice(ls, m.index))) continue;
    out.push({ at: m.index, beta: m[1].toLowerCase() === 'beta' });
  }
  return out;
}

/** How far back a splatted cmdlet looks for its hashtable and values (characters). */
const PS_LOOKBACK = 20000;

/**
 * A cmdlet's parameters (lower-cased name → value as written): `-Property a,b` on the command, and
 * the keys of a splatted hashtable (`Get-MgUser @params` with `$params = @{ 'Select' = $select }`
 * assigned before it; a `$variable` value is read from its string assignment).
 */
function psCmdletParams(text: string, cmd: string, at: number): Map<string, string> {
  const out = new Map<string, string>();
  const direct = /(?:^|\s)-(\w+)(?::|\s+)("[^"]*"|'[^']*'|[^\s-][^\s]*)/g;
  let m: RegExpExecArray | null;
  while ((m = direct.exec(cmd))) out.set(m[1].toLowerCase(), m[2].replace(/^["']|["']$/g, ''));
  const splat = /\s@([A-Za-z_]\w*)\b/.exec(cmd);
  if (!splat) return out;
  // Only the text shortly before the command: each cmdlet looks back a bounded window (linear in the file).
  const from = Math.max(0, at - PS_LOOKBACK);
  const before = text.slice(from, at);
  const assign = [...before.matchAll(new RegExp(`\\$${splat[1]}\\s*=\\s*@\\{`, 'gi'))].pop();
  if (!assign) return out;
  const open = from + (assign.index ?? 0) + assign[0].length - 1;
  const close = matchBracket(text, open, 4000);
  if (close < 0 || close > at) return out;
  const body = text.slice(open + 1, close);
  const kv = /["']?(\w+)["']?\s*=\s*("[^"]*"|'[^']*'|\$\w+|[^;\n]+)/g;
  while ((m = kv.exec(body))) {
    let v = m[2].trim().replace(/;$/, '');
    const ref = /^\$(\w+)$/.exec(v);
    if (ref) {
      const val = [...before.matchAll(new RegExp(`\\$${ref[1]}\\s*=\\s*("[^"\\n]*"|'[^'\\n]*')`, 'gi'))].pop();
      v = val ? val[1] : '';
    }
    if (!out.has(m[1].toLowerCase())) out.set(m[1].toLowerCase(), v.replace(/^["']|["']$/g, ''));
  }
  return out;
}

/** `$select=…` / `$expand=…` from a cmdlet's `-Property` / `-Select` / `-ExpandProperty` / `-Expand`. */
function psQuery(params: ReadonlyMap<string, string>): string | undefined {
  const list = (v: string | undefined): string | undefined => v?.split(',').map((x) => x.trim()).filter((x) => /^[\w@.]+$/.test(x)).join(',') || undefined;
  const select = list(params.get('property') ?? params.get('select'));
  const expand = list(params.get('expandproperty') ?? params.get('expand'));
  const parts = [select && `$select=${select}`, expand && `$expand=${expand}`].filter(Boolean);
  return parts.length ? parts.join('&') : undefined;
}

/** A paging link as PowerShell writes it: `$response.'@odata.nextLink'`, `$r.'@odata.deltaLink'`, `$nextLink`. */
const PS_LINK = /@odata\.(?:next|delta)Link|^\$(?:\w*next\w*link|\w*delta\w*link|uri\w*next\w*)$/i;

function detectPowerShell(text: string, out: GraphCall[], context?: CallContext): void {
  const re = /(?<![\w-])(Invoke-MgGraphRequest|Invoke-MgBetaGraphRequest|(?:Get|New|Update|Remove|Send|Set|Invoke|Add|Copy|Move|Reset|Restore|Start|Stop|Test|Confirm|Revoke)-Mg(?:Beta)?[A-Za-z]+)\b/gi;
  const switches = profileSwitches(text);
  const profileBeta = (at: number): boolean => {
    let beta = false;
    for (const s of switches) if (s.at < at) beta = s.beta;
    return beta;
  };
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
      // `-Uri $response.'@odata.nextLink'`: the next page of the request before it (detectFollowUps).
      if (PS_LINK.test(uri.trim())) {
        const origin = [...out].reverse().find((c) => c.start < m!.index && c.method === 'GET' && !c.followUp);
        if (origin) out.push({ ...origin, start: m.index, end, snippet: snippetOf(text, m.index, end), source: 'paging', followUp: { kind: /delta/i.test(uri) ? 'delta-link' : 'next-page', originStart: origin.start } });
        continue;
      }
      if (/^https?:/i.test(uri) && !/^https:\/\/graph\.microsoft\.com\//i.test(uri)) continue;
      push(out, text, method, uri, 'powershell-request', m.index, end, name.includes('beta') ? 'beta' : 'v1.0');
      continue;
    }
    const beta = /-mgbeta/i.test(name) || profileBeta(m.index);
    const key = name.replace('-mgbeta', '-mg');
    const entry = CMDLET_PATHS.get(key);
    const params = psCmdletParams(text, cmd, m.index);
    const has = (p: string): boolean => new RegExp(`\\s-${p}\\b`, 'i').test(cmd) || params.has(p.toLowerCase());
    const query = psQuery(params);
    if (entry) {
      const path = entry.item && entry.itemParam && has(entry.itemParam) ? entry.item : entry.list;
      push(out, text, entry.method, entry.method === 'GET' && query ? `${path}?${query}` : path, 'powershell-cmdlet', m.index, m.index + m[1].length, beta ? 'beta' : 'v1.0');
      continue;
    }
    const derived = context?.cmdlets && resolveCmdlet(context.cmdlets, key, has);
    if (derived) push(out, text, derived.method, derived.method === 'GET' && query ? `${derived.path}?${query}` : derived.path, 'powershell-cmdlet', m.index, m.index + m[1].length, beta ? 'beta' : 'v1.0');
  }
}

// ---------------------------------------------------------------------------------------------
// Paging follow-ups: requests that fetch more of an earlier call (its next page or its delta
// link). They name no path of their own; they take the method, path and version of the call
// they continue, so they count for the permissions of that path and never show up as unknown.

/** An expression that reads a paging link off a response. */
const LINK_EXPR = /@odata\.(?:next|delta)Link|odata_(?:next|delta)_link|Odata(?:Next|Delta)Link|\bget(?:Next|Delta)Link\s*\(|\bgetNextPage\s*\(|\bget_next_page\b|\bNextPageRequest\b/;
/** A variable named for a paging link, when its assignment is out of view. */
const LINK_NAME = /^(?:_*)(?:next_?(?:page_?)?(?:link|url|uri)|delta_?(?:link|url|uri)|odata_?next_?link|odata_?delta_?link|next_?page(?:_?request)?)$/i;

interface FollowUpUse {
  kind: FollowUpKind;
  start: number;
  end: number;
  /** The response variable the link or iterator comes from, when the code says. */
  from?: string;
  /** `delta` when the builder is a delta builder (the origin is a `…/delta` call). */
  delta?: boolean;
}

function detectFollowUps(text: string, out: GraphCall[], format: DocumentFormat): void {
  if (format === 'powershell') return; // handled in detectPowerShell
  // 1. Link variables: `next_link = data['@odata.nextLink']`, `nextPage = eventPage.getNextPage();`.
  const links = new Map<string, { from?: string; delta: boolean }>();
  const assign = /(?<![\w$.])([A-Za-z_$][\w$]*)\s*(?::[^=\n;]{1,60})?=(?!=)\s*(?:await\s+)?([^;\n]{1,200})/g;
  let m: RegExpExecArray | null;
  while ((m = assign.exec(text))) {
    const rhs = m[2];
    if (!LINK_EXPR.test(rhs)) continue;
    const from = /^\(?\s*([A-Za-z_$][\w$]*)/.exec(rhs)?.[1];
    links.set(m[1], { from: from && from !== m[1] ? from : undefined, delta: /delta/i.test(rhs) });
  }
  const isLink = (arg: string): { from?: string; delta: boolean } | undefined => {
    const a = arg.trim();
    const known = links.get(a) ?? links.get(a.replace(/^(?:this|self)\s*\.\s*/, ''));
    if (known) return known;
    if (LINK_EXPR.test(a)) return { from: /^\(?\s*([A-Za-z_$][\w$]*)/.exec(a)?.[1], delta: /delta/i.test(a) };
    if (LINK_NAME.test(a.replace(/^(?:this|self)\s*\.\s*/, ''))) return { delta: /delta/i.test(a) };
    return undefined;
  };
  const uses: FollowUpUse[] = [];
  // 2. A request whose URL is a link: requests.get(next_link), fetch(nextLink), client.api(nextLink).get(),
  //    httpClient.GetAsync(nextLink), axios.get(data['@odata.nextLink']).
  const req = /(?:\b(?:requests|session|axios|http|https|httpClient|client|_httpClient|HttpClient|self\s*\.\s*\w+|this\s*\.\s*\w+|\w*[Cc]lient)\s*\.\s*)?\b(fetch|get|request|urlopen|GetAsync|GetStringAsync|GetFromJsonAsync|GetStreamAsync|api)\s*\(\s*/g;
  while ((m = req.exec(text))) {
    const open = text.lastIndexOf('(', m.index + m[0].length);
    const close = matchBracket(text, open, 2000);
    if (close < 0) continue;
    const args = text.slice(open + 1, close);
    const first = splitTopLevel(args)[0] ?? '';
    const link = isLink(first);
    if (!link) continue;
    let end = close + 1;
    if (m[1] === 'api') {
      const verb = followJsChain(text, close + 1, format);
      if (!verb || verb.method !== 'GET') continue;
      end = verb.end;
    } else if (m[1] === 'get' && !/(?:requests|session|axios|http|client)\s*\.\s*get\s*\($/i.test(text.slice(Math.max(0, open - 40), open + 1))) continue;
    // The match starts at the object when there is one (`requests.get(`, `client.api(`).
    uses.push({ kind: link.delta ? 'delta-link' : 'next-page', start: m.index, end, from: link.from, delta: link.delta });
  }
  // 3. The older SDKs' next-page builders: `nextPage.buildRequest(…).get()`, `page.NextPageRequest.GetAsync()`.
  const v4 = /(?<![\w$.])([A-Za-z_$][\w$]*)\s*\.\s*(buildRequest|Request|NextPageRequest)\b/g;
  while ((m = v4.exec(text))) {
    const viaProperty = m[2] === 'NextPageRequest';
    const link = viaProperty ? { from: m[1], delta: false } : links.get(m[1]);
    if (!link) continue;
    const verb = /^[\s\S]{0,400}?\.\s*(get|GetAsync|getAsync)\s*\(/.exec(text.slice(m.index + m[0].length));
    if (!verb || /;/.test(verb[0].slice(0, verb[0].length - verb[1].length))) continue;
    uses.push({ kind: 'next-page', start: m.index, end: m.index + m[0].length + verb[0].length, from: link.from, delta: false });
  }
  // 4. A request builder made from a link: `new DeltaRequestBuilder(deltaLink, adapter)` (no namespace).
  const builder = /(?<![\w.])new\s+(\w+)RequestBuilder\s*\(\s*/g;
  while ((m = builder.exec(text))) {
    const open = text.lastIndexOf('(', m.index + m[0].length);
    const close = matchBracket(text, open, 2000);
    if (close < 0) continue;
    const parts = splitTopLevel(text.slice(open + 1, close));
    if (parts.length < 2) continue;
    const link = isLink(parts[0]);
    if (!link) continue;
    const verb = memberAt(text, close + 1, format);
    const end = verb && KIOTA_VERB.test(verb.name) ? skipCall(text, verb.end, format) : close + 1;
    uses.push({ kind: /^delta$/i.test(m[1]) || link.delta ? 'delta-link' : 'next-page', start: m.index, end, from: link.from, delta: /^delta$/i.test(m[1]) || link.delta });
  }
  // 5. Page iterators: `new PageIterator(client, response, cb)`, `PageIterator<…>.CreatePageIterator(client, messages, …)`,
  //    `PageIterator(response, request_adapter)`, Java `.collectionPage(messages)`.
  const iter = /\b(?:new\s+PageIterator\s*(?:<[^<>()]*(?:<[^<>()]*>[^<>()]*)*>)?\s*\(|PageIterator\s*<[^<>()]*(?:<[^<>()]*>[^<>()]*)*>\s*\.\s*CreatePageIterator\s*\(|(?<![\w.])PageIterator\s*\(|\.\s*collectionPage\s*\()/g;
  while ((m = iter.exec(text))) {
    const open = m.index + m[0].length - 1;
    const close = matchBracket(text, open, 4000);
    if (close < 0) continue;
    const parts = splitTopLevel(text.slice(open + 1, close));
    const resp = (/collectionPage|^PageIterator\s*\($/.test(m[0].replace(/\s+/g, '')) && !/new/.test(m[0]) ? parts[0] : parts[1])?.trim();
    if (!resp || !/^[A-Za-z_$][\w$.]*$/.test(resp)) continue;
    uses.push({ kind: 'page-iterator', start: m.index, end: close + 1, from: resp.split('.')[0] });
  }
  if (!uses.length) return;
  const originals = out.filter((c) => !c.followUp).sort((a, b) => a.start - b.start);
  for (const u of uses) {
    if (out.some((c) => c.start <= u.start && u.start < c.end)) continue; // already a call (WithUrl chains, …)
    const origin = originOf(text, originals, u);
    if (!origin) continue;
    out.push({ ...origin, method: 'GET', start: u.start, end: u.end, snippet: snippetOf(text, u.start, u.end), source: 'paging', followUp: { kind: u.kind, originStart: origin.start } });
  }
}

/** How far before a follow-up its origin may be (characters): about a screenful of a long function. */
const FOLLOW_UP_LOOKBACK = 6000;

/** The call a follow-up continues: the one assigned to its response variable, else the nearest GET before it. */
function originOf(text: string, calls: readonly GraphCall[], u: FollowUpUse): GraphCall | undefined {
  const before = calls.filter((c) => c.start < u.start && c.method === 'GET');
  if (u.from) {
    const re = new RegExp(`(?<![\\w$.])${u.from.replace(/\$/g, '\\$')}\\s*(?::[^=\\n;]{1,60})?=(?!=)`, 'g');
    re.lastIndex = Math.max(0, u.start - FOLLOW_UP_LOOKBACK); // a bounded window before the use (linear in the file)
    let m: RegExpExecArray | null;
    let best: GraphCall | undefined;
    while ((m = re.exec(text)) && m.index < u.start) {
      const at = m.index + m[0].length;
      const stmtEnd = text.indexOf('\n', at);
      const c = before.find((x) => x.start >= at && x.start <= (stmtEnd < 0 ? text.length : stmtEnd + 400) && !/[;]/.test(text.slice(at, x.start)));
      if (c) best = c;
    }
    if (best) return best;
  }
  const candidates = u.delta ? before.filter((c) => /\/delta$/i.test(c.path)) : before;
  const near = candidates[candidates.length - 1];
  return near && u.start - near.start < FOLLOW_UP_LOOKBACK ? near : undefined;
}

/** Arguments of a call split at top-level commas. */
function splitTopLevel(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '"' || c === "'" || c === '`') {
      const s = readString(args, i);
      if (s) {
        cur += args.slice(i, s.end);
        i = s.end - 1;
        continue;
      }
    }
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && args[i - 1] !== '=')) depth = Math.max(0, depth - 1);
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

/** The offset after the call's parentheses at `p` (`GetAsync(…)`), or `p` when none follow. */
function skipCall(text: string, p: number, format: DocumentFormat): number {
  const open = skipTrivia(text, p, format);
  if (text[open] !== '(') return p;
  const close = matchBracket(text, open);
  return close < 0 ? p : close + 1;
}
