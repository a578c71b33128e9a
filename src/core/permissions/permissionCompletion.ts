/**
 * Completions in app-manifest permission positions (JSON / JSONC): text and offset in, plain items
 * out. Positions, as the scanner (scan/json.ts) understands them — any object with `resourceAppId`
 * and a `resourceAccess` array:
 * - `resourceAccess[].id` value: the permissions of the resource app named by the sibling
 *   `resourceAppId`, filtered by the entry's `type`, minus those already in the same array;
 * - `resourceAccess[].type` value: `Scope` / `Role`;
 * - `resourceAppId` value: the resource apps the store has permissions for.
 * GUIDs are inserted, or names where the manifest writes names (`"resourceAppId": "Microsoft Graph"`,
 * names in the sibling entries, or a Teams Toolkit `aad.manifest*.json`).
 *
 * Speed: jsonc-parser's getLocation and parseTree cost ~3 ms each on a 67 KB manifest and ~20–30 ms
 * on a 700 KB one, too slow for a completion on every keystroke. Instead a small JSONC tokenizer
 * (same lexical rules: strings end at a line break, `//` and block comments) walks BACKWARDS from the
 * caret, line by line, to the enclosing entry and resource-app object, then reads that object
 * forwards. Strings and comments are the shared lexer's (`JSONC_LINES`, read with an end bound so
 * that a line is lexed on its own); punctuation and bare literals are read here. JSON strings cannot span lines, so a line can be tokenized on its own — unless a block
 * comment opens before the caret, in which case the prefix is tokenized from the start. The work is
 * bounded by the size of the enclosing `requiredResourceAccess` item, not of the document, and a
 * caret anywhere else is rejected after tokenizing its own line. Item lists (with their Markdown)
 * are built once per store and cached.
 */
import { GRAPH_APP_ID, isGuid } from './guid';
import { permissionsReferenceUrl, resourceAppHover } from './permissionHover';
import { codeSpan, escapeMarkdown } from '../text/markdown';
import { declaredKindOf } from '../scan/json';
import type { Permission, PermissionStore, ResourceAppInfo } from '../store/store';
import { commentEnd, JSONC_LINES, stringAt } from '../text/lexer';
import type { PermissionKind } from '../store/storeData';

export type CompletionItemKind = 'permission' | 'type' | 'resourceApp';

/** One completion item. Items may be shared between calls (cached): treat them as read-only. */
export interface CompletionItem {
  /** `Calls.AccessMedia.All (Application)`, `Role`, `Microsoft Graph`. */
  label: string;
  kind: CompletionItemKind;
  /**
   * Exactly what replaces `replaceStart..replaceEnd`: inside quotes the value and its closing quote
   * (the range covers the closing quote when there is one, so the caret ends after it and `, "`
   * starts the next string); outside quotes the quoted value.
   */
  insertText: string;
  detail?: string;
  /** Markdown built from escaped metadata: safe to render untrusted. */
  documentation?: string;
  filterText?: string;
  sortText?: string;
  /** The item that fits best (the `type` matching the entry's id). */
  preselect?: boolean;
}

export interface CompletionResult {
  /** What the caret is on: a `resourceAccess` id, a `type`, or a `resourceAppId` value. */
  context: CompletionItemKind;
  items: readonly CompletionItem[];
  /** Range (UTF-16 offsets, end exclusive) the insert text replaces: the string content with its closing quote, or the caret / bare word. */
  replaceStart: number;
  replaceEnd: number;
  /** True when the caret is inside quotes (items insert the value and the closing quote). */
  inString: boolean;
}

/** Teams Toolkit manifests: `aad.manifest.json`, `aad.manifest.dev.json`, … — they write names. */
const NAMES_FILE = /(?:^|[\\/])aad\.manifest(?:\.[^\\/]+)?\.json$/i;

export function writesNamesByFileName(fileName: string | undefined): boolean {
  return !!fileName && NAMES_FILE.test(fileName);
}

/**
 * Completions at `offset` in a JSON / JSONC document, or undefined when the caret is not in a
 * position this feature completes (most of the document).
 */
export function completionsAt(text: string, offset: number, store: PermissionStore, fileName?: string): CompletionResult | undefined {
  if (!(offset >= 0 && offset <= text.length)) return undefined;
  const ctx = locate(text, offset);
  if (!ctx) return undefined;
  const names = writesNamesByFileName(fileName);
  const base = { replaceStart: ctx.replaceStart, replaceEnd: ctx.replaceEnd, inString: ctx.inString };
  if (ctx.key === 'id') {
    const items = permissionItems(store, ctx, names);
    return items && { context: 'permission', items, ...base };
  }
  if (ctx.key === 'type') {
    const items = typeItems(store, ctx);
    return items && { context: 'type', items, ...base };
  }
  const items = resourceAppItems(store, ctx, names);
  return items && { context: 'resourceApp', items, ...base };
}

// ---------------------------------------------------------------------------------------------
// Items

interface PermEntry {
  item: CompletionItem;
  id: string;
  nameLower: string;
  kind: PermissionKind;
}

interface PermList {
  entries: PermEntry[];
  items: CompletionItem[];
}

interface StoreCache {
  docs: Map<Permission, string>;
  lists: Map<string, PermList>;
  apps?: ResourceAppInfo[];
  appDocs: Map<string, string>;
}

const caches = new WeakMap<PermissionStore, StoreCache>();

function cacheOf(store: PermissionStore): StoreCache {
  let c = caches.get(store);
  if (!c) {
    c = { docs: new Map(), lists: new Map(), appDocs: new Map() };
    caches.set(store, c);
  }
  return c;
}

/** Cheap shape test (the store holds the real ones): `xxxxxxxx-xxxx-…`, 36 characters. */
function looksLikeGuid(s: string): boolean {
  return s.length === 36 && s.charCodeAt(8) === 45 && s.charCodeAt(13) === 45 && s.charCodeAt(18) === 45 && s.charCodeAt(23) === 45;
}

function pad(i: number): string {
  return String(i).padStart(4, '0');
}

/** Inside a string: the value and the closing quote (the range covers the old one); outside: quoted. */
function quote(value: string, inString: boolean): string {
  return inString ? JSON.stringify(value).slice(1) : JSON.stringify(value);
}

function permissionItems(store: PermissionStore, ctx: Context, namesByFile: boolean): readonly CompletionItem[] | undefined {
  const owner = ctx.owner;
  if (owner.appText === undefined) return undefined;
  const app = store.resourceApp(owner.appText);
  if (!app || app.permissionCount === 0) return undefined;
  const current = owner.entries.find((e) => e.start === ctx.entryStart);
  const kind = current?.type !== undefined ? declaredKindOf(current.type) : undefined;
  let names = namesByFile || !isGuid(owner.appText.trim());
  const ids = new Set<string>();
  const nameKeys = new Set<string>();
  for (const e of owner.entries) {
    if (e === current || e.id === undefined) continue;
    const id = e.id.trim().toLowerCase();
    if (!id) continue;
    // GUIDs (and anything else) are excluded by id; names also by name and declared kind.
    ids.add(id);
    if (!looksLikeGuid(id) && store.byName(id, app.appId)) {
      names = true;
      nameKeys.add(`${id}|${(e.type !== undefined && declaredKindOf(e.type)) || '*'}`);
    }
  }
  const list = permissionList(store, app, names, kind, ctx.inString);
  if (ids.size === 0) return list.items;
  const out: CompletionItem[] = [];
  for (const e of list.entries) {
    if (ids.has(e.id)) continue;
    if (nameKeys.size > 0 && (nameKeys.has(`${e.nameLower}|*`) || nameKeys.has(`${e.nameLower}|${e.kind}`))) continue;
    out.push(e.item);
  }
  return out;
}

function permissionList(store: PermissionStore, app: ResourceAppInfo, names: boolean, kind: PermissionKind | undefined, inString: boolean): PermList {
  const cache = cacheOf(store);
  const key = `${app.appId}|${names ? 'n' : 'g'}|${kind ?? '*'}|${inString ? 's' : 'q'}`;
  let list = cache.lists.get(key);
  if (list) return list;
  const perms = store.permissions().filter((p) => p.resourceAppId === app.appId && (!kind || p.kind === kind));
  perms.sort((a, b) => {
    if (a.enabled !== b.enabled) return a.enabled ? -1 : 1;
    const x = a.value.toLowerCase();
    const y = b.value.toLowerCase();
    if (x !== y) return x < y ? -1 : 1;
    return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
  });
  const entries = perms.map((p, i): PermEntry => {
    let documentation = cache.docs.get(p);
    if (documentation === undefined) {
      documentation = permissionDoc(store, app, p);
      cache.docs.set(p, documentation);
    }
    const item: CompletionItem = {
      label: `${p.value} (${p.kind})`,
      kind: 'permission',
      insertText: quote(names ? p.value : p.id, inString),
      detail: p.displayName || undefined,
      documentation,
      filterText: `${p.value} ${p.id}`,
      sortText: pad(i),
    };
    if (!item.detail) delete item.detail;
    return { item, id: p.id, nameLower: p.value.toLowerCase(), kind: p.kind };
  });
  list = { entries, items: entries.map((e) => e.item) };
  cache.lists.set(key, list);
  return list;
}

function permissionDoc(store: PermissionStore, app: ResourceAppInfo, p: Permission): string {
  const lines = [`**${escapeMarkdown(p.value)}** — ${p.kind} permission of ${escapeMarkdown(app.displayName)}`, ''];
  if (p.displayName) lines.push(`*${escapeMarkdown(p.displayName)}*`, '');
  if (p.description) lines.push(escapeMarkdown(p.description), '');
  if (!p.enabled) lines.push('$(warning) This permission is disabled in the published metadata.', '');
  lines.push(`Admin consent required: ${p.adminConsentRequired ? 'Yes' : 'No'}`, '');
  lines.push(`Id ${codeSpan(p.id)}`);
  if (app.appId === GRAPH_APP_ID) {
    lines.push('', `[Microsoft Graph permissions reference](${permissionsReferenceUrl(p.value)}) — from ${escapeMarkdown(store.describe())}`);
  }
  return lines.join('\n');
}

const TYPE_INFO: Record<'Scope' | 'Role', { kind: PermissionKind; detail: string; doc: string }> = {
  Scope: {
    kind: 'Delegated',
    detail: 'Delegated permission (on behalf of a signed-in user)',
    doc: '**Scope** — a delegated permission\n\nThe app calls the API on behalf of a signed-in user and can do at most what that user can. Users can consent to some scopes; others need admin consent.',
  },
  Role: {
    kind: 'Application',
    detail: 'Application permission (app role, no signed-in user)',
    doc: '**Role** — an application permission (app role)\n\nThe app calls the API as itself, with no signed-in user (daemons, services). Always needs admin consent.',
  },
};

function typeItems(store: PermissionStore, ctx: Context): CompletionItem[] | undefined {
  const owner = ctx.owner;
  if (owner.appText === undefined) return undefined;
  const current = owner.entries.find((e) => e.start === ctx.entryStart);
  const app = store.resourceApp(owner.appText);
  // The kinds the entry's id exists in, to put the matching type first.
  let match: Permission | undefined;
  let kinds: PermissionKind[] = [];
  const id = current?.id?.trim();
  if (id && app && app.permissionCount > 0) {
    if (isGuid(id)) {
      const all = store.byIdAll(id).filter((p) => p.resourceAppId === app.appId);
      kinds = all.map((p) => p.kind);
      match = all[0];
    } else {
      const m = store.byName(id, app.appId);
      if (m) {
        kinds = store.kindsOf(m);
        match = m.application ?? m.delegated;
      }
    }
  }
  const only = kinds.length === 1 ? kinds[0] : undefined;
  const order: ('Scope' | 'Role')[] = only === 'Application' ? ['Role', 'Scope'] : ['Scope', 'Role'];
  return order.map((t, i) => {
    const info = TYPE_INFO[t];
    const fits = only === info.kind ? match : undefined;
    const item: CompletionItem = {
      label: t,
      kind: 'type',
      insertText: quote(t, ctx.inString),
      detail: fits ? `${info.detail} — matches the id` : info.detail,
      documentation: fits ? `${info.doc}\n\nThe id is the ${info.kind} permission **${escapeMarkdown(fits.value)}**.` : info.doc,
      sortText: pad(i),
    };
    if (fits) item.preselect = true;
    return item;
  });
}

function resourceAppItems(store: PermissionStore, ctx: Context, namesByFile: boolean): CompletionItem[] | undefined {
  if (!ctx.owner.hasAccessArray && ctx.parentKey !== 'requiredResourceAccess') return undefined;
  const cache = cacheOf(store);
  const apps = (cache.apps ??= store
    .resourceApps()
    .filter((a) => a.permissionCount > 0)
    .sort((a, b) => (a.appId === GRAPH_APP_ID ? -1 : b.appId === GRAPH_APP_ID ? 1 : a.displayName.localeCompare(b.displayName))));
  let names = namesByFile;
  const present = new Set<string>();
  for (const s of ctx.siblings) {
    if (s.start === ctx.owner.start || s.appText === undefined) continue;
    const known = store.resourceApp(s.appText);
    if (!known) continue;
    present.add(known.appId);
    if (!isGuid(s.appText.trim())) names = true;
  }
  const out: CompletionItem[] = [];
  apps.forEach((a, i) => {
    if (present.has(a.appId)) return;
    let documentation = cache.appDocs.get(a.appId);
    if (documentation === undefined) {
      documentation = resourceAppHover(a);
      cache.appDocs.set(a.appId, documentation);
    }
    out.push({
      label: a.displayName,
      kind: 'resourceApp',
      insertText: quote(names ? a.displayName : a.appId, ctx.inString),
      detail: `${a.appId} · ${a.permissionCount} permissions`,
      documentation,
      filterText: `${a.displayName} ${a.appId}`,
      sortText: pad(i),
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Locating the caret: a JSONC tokenizer, walked backwards line by line

const LBRACE = 1;
const RBRACE = 2;
const LBRACKET = 3;
const RBRACKET = 4;
const COMMA = 5;
const COLON = 6;
const STRING = 7;
const LITERAL = 8;
const COMMENT = 9;

interface Tok {
  t: number;
  start: number;
  /** Exclusive; a string's end includes its closing quote when `closed`. */
  end: number;
  /** Strings: has its closing quote; comments: a block comment with its `*\/`. */
  closed: boolean;
  /** A `//` comment (runs to the end of its line). */
  line?: boolean;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

function isDelimiter(c: number): boolean {
  return isSpace(c) || c === 123 || c === 125 || c === 91 || c === 93 || c === 44 || c === 58 || c === 34 || c === 47;
}

/** The token at or after `pos`, not beyond `to`. Comments are tokens too (callers skip them). */
function lexOne(text: string, pos: number, to: number): Tok | undefined {
  while (pos < to && isSpace(text.charCodeAt(pos))) pos++;
  if (pos >= to) return undefined;
  const start = pos;
  const c = text.charCodeAt(pos);
  switch (c) {
    case 123:
      return { t: LBRACE, start, end: pos + 1, closed: true };
    case 125:
      return { t: RBRACE, start, end: pos + 1, closed: true };
    case 91:
      return { t: LBRACKET, start, end: pos + 1, closed: true };
    case 93:
      return { t: RBRACKET, start, end: pos + 1, closed: true };
    case 44:
      return { t: COMMA, start, end: pos + 1, closed: true };
    case 58:
      return { t: COLON, start, end: pos + 1, closed: true };
    case 34: {
      const str = stringAt(text, pos, JSONC_LINES, to);
      if (str) return { t: STRING, start, end: str.end, closed: !str.unterminated };
      break;
    }
    case 47: {
      const e = commentEnd(text, pos, JSONC_LINES, to);
      if (e < 0) break;
      if (text.charCodeAt(pos + 1) === 47) return { t: COMMENT, start, end: e, closed: false, line: true };
      return { t: COMMENT, start, end: e, closed: e >= pos + 4 && text.startsWith('*/', e - 2) };
    }
    default:
      break;
  }
  let e = pos + 1;
  while (e < to && !isDelimiter(text.charCodeAt(e))) e++;
  return { t: LITERAL, start, end: e, closed: true };
}

/** Tokenizes `[from, to)` into `out`, stopping after the first token that starts at or after `stopAt`. */
function lexInto(text: string, from: number, to: number, out: Tok[], stopAt = Infinity): void {
  let pos = from;
  for (;;) {
    const t = lexOne(text, pos, to);
    if (!t) return;
    out.push(t);
    if (t.start >= stopAt) return;
    pos = t.end;
  }
}

/**
 * Significant tokens before the caret, newest first; lexes one earlier line at a time. Remembers
 * what it returned, so that an object found on the way back is then read forwards without lexing
 * its beginning twice (`forwardFrom`).
 */
class Backward {
  private buf: Tok[];
  private i: number;
  /** Every token returned by prev(), newest first. */
  private readonly history: Tok[] = [];

  constructor(
    private readonly text: string,
    /** Lines can be lexed independently (no block comment opens before the caret). */
    private readonly byLine: boolean,
    /** The caret's line, lexed up to the first token at or after the caret. */
    private readonly caretLine: Tok[],
    /** Index in caretLine of the first token not before the value position. */
    private readonly caretIndex: number,
    private lineStart: number,
    /** Where lexing of the caret's line stopped. */
    private readonly resumeAt: number,
  ) {
    this.buf = caretLine;
    this.i = caretIndex;
  }

  prev(): Tok | undefined {
    for (;;) {
      while (this.i > 0) {
        const t = this.buf[--this.i];
        if (t.t !== COMMENT) {
          this.history.push(t);
          return t;
        }
      }
      if (!this.byLine || this.lineStart <= 0) return undefined;
      const end = this.lineStart - 1; // the '\n'
      const start = end > 0 ? this.text.lastIndexOf('\n', end - 1) + 1 : 0;
      this.buf = [];
      lexInto(this.text, start, end, this.buf);
      this.i = this.buf.length;
      this.lineStart = start;
    }
  }

  /** The innermost unclosed `{` or `[` before the current point. */
  enclosing(): Tok | undefined {
    let depth = 0;
    for (;;) {
      const t = this.prev();
      if (!t) return undefined;
      if (t.t === RBRACE || t.t === RBRACKET) depth++;
      else if (t.t === LBRACE || t.t === LBRACKET) {
        if (depth === 0) return t;
        depth--;
      }
    }
  }

  /** The key of the property whose value starts after the current point (`"key" :`), if any. */
  key(): string | undefined {
    const colon = this.prev();
    if (!colon || colon.t !== COLON) return undefined;
    const k = this.prev();
    return k && k.t === STRING && k.closed ? stringValue(this.text, k) : undefined;
  }

  /** A forward reader positioned just after `opener`, a token prev() returned. */
  forwardFrom(opener: Tok): Forward {
    const h = this.history.lastIndexOf(opener);
    const queue: Tok[] = [];
    for (let k = h - 1; k >= 0; k--) queue.push(this.history[k]);
    for (let k = this.caretIndex; k < this.caretLine.length; k++) queue.push(this.caretLine[k]);
    return new Forward(this.text, this.resumeAt, queue);
  }
}

/** Forward token reader from a point where the lexer state is known to be "between tokens". */
class Forward {
  private back: Tok | undefined;
  private q = 0;

  constructor(
    private readonly text: string,
    private pos: number,
    /** Tokens already lexed, from `pos` backwards: returned first. */
    private readonly queue: Tok[] = [],
  ) {}

  next(): Tok | undefined {
    if (this.back) {
      const t = this.back;
      this.back = undefined;
      return t;
    }
    while (this.q < this.queue.length) {
      const t = this.queue[this.q++];
      if (t.t !== COMMENT) return t;
    }
    for (;;) {
      const t = lexOne(this.text, this.pos, this.text.length);
      if (!t) return undefined;
      this.pos = t.end;
      if (t.t !== COMMENT) return t;
    }
  }

  pushBack(t: Tok): void {
    this.back = t;
  }
}

function stringValue(text: string, t: Tok): string {
  const raw = text.slice(t.start + 1, t.closed ? t.end - 1 : t.end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

interface EntryInfo {
  start: number;
  id?: string;
  type?: string;
}

interface OwnerInfo {
  start: number;
  /** `resourceAppId` as written, when it is a string. */
  appText?: string;
  hasAccessArray: boolean;
  entries: EntryInfo[];
}

type Key = 'id' | 'type' | 'resourceAppId';

interface Context {
  key: Key;
  replaceStart: number;
  replaceEnd: number;
  inString: boolean;
  /** The object holding `resourceAppId` and `resourceAccess`. */
  owner: OwnerInfo;
  /** For `id` / `type`: offset of the `resourceAccess` entry object around the caret. */
  entryStart: number;
  /** For `resourceAppId`: the key of the array holding the owner (`requiredResourceAccess`), and its items. */
  parentKey?: string;
  siblings: OwnerInfo[];
}

function skipValue(fw: Forward, first: Tok): void {
  if (first.t !== LBRACE && first.t !== LBRACKET) return;
  let depth = 1;
  while (depth > 0) {
    const t = fw.next();
    if (!t) return;
    if (t.t === LBRACE || t.t === LBRACKET) depth++;
    else if (t.t === RBRACE || t.t === RBRACKET) depth--;
  }
}

/** Reads an object's members after its `{`, error-tolerantly; `onValue` must consume the value. */
function readMembers(text: string, fw: Forward, onValue: (key: string, value: Tok) => void): void {
  for (;;) {
    const t = fw.next();
    if (!t || t.t === RBRACE) return;
    if (t.t === RBRACKET) return; // unbalanced: let the outer level see the end
    if (t.t === STRING) {
      const colon = fw.next();
      if (!colon) return;
      if (colon.t !== COLON) {
        fw.pushBack(colon);
        continue;
      }
      const v = fw.next();
      if (!v) return;
      if (v.t === RBRACE || v.t === COMMA || v.t === RBRACKET) {
        fw.pushBack(v);
        continue;
      }
      onValue(stringValue(text, t), v);
    } else if (t.t === LBRACE || t.t === LBRACKET) {
      skipValue(fw, t);
    }
  }
}

/** Reads a `{ resourceAppId, resourceAccess: [ { id, type } ] }` object; the first of duplicate keys wins. */
function readOwner(text: string, fw: Forward, start: number): OwnerInfo {
  const owner: OwnerInfo = { start, hasAccessArray: false, entries: [] };
  const seen = new Set<string>();
  readMembers(text, fw, (key, v) => {
    const first = !seen.has(key);
    seen.add(key);
    if (first && key === 'resourceAppId' && v.t === STRING) {
      owner.appText = stringValue(text, v);
    } else if (first && key === 'resourceAccess' && v.t === LBRACKET) {
      owner.hasAccessArray = true;
      for (;;) {
        const t = fw.next();
        if (!t || t.t === RBRACKET) return;
        if (t.t === RBRACE) {
          fw.pushBack(t);
          return;
        }
        if (t.t === LBRACE) {
          const entry: EntryInfo = { start: t.start };
          let idSeen = false;
          let typeSeen = false;
          readMembers(text, fw, (k, ev) => {
            if (k === 'id' && !idSeen) {
              idSeen = true;
              if (ev.t === STRING) entry.id = stringValue(text, ev);
            } else if (k === 'type' && !typeSeen) {
              typeSeen = true;
              if (ev.t === STRING) entry.type = stringValue(text, ev);
            }
            skipValue(fw, ev);
          });
          owner.entries.push(entry);
        } else if (t.t === LBRACKET) {
          skipValue(fw, t);
        }
      }
    } else {
      skipValue(fw, v);
    }
  });
  return owner;
}

/** The objects of an array (after its `[`), read as owners. */
function readOwnerArray(text: string, fw: Forward): OwnerInfo[] {
  const out: OwnerInfo[] = [];
  for (;;) {
    const t = fw.next();
    if (!t || t.t === RBRACKET || t.t === RBRACE) return out;
    if (t.t === LBRACE) out.push(readOwner(text, fw, t.start));
    else if (t.t === LBRACKET) skipValue(fw, t);
  }
}

function locate(text: string, offset: number): Context | undefined {
  // No block comment before the caret: every line starts outside any token.
  const blockComment = text.indexOf('/*');
  const byLine = blockComment < 0 || blockComment >= offset;
  const lineStart = byLine && offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  // Lexed to the first token at or after the caret, which may be past the line (a block comment
  // opening on this line runs on).
  const toks: Tok[] = [];
  lexInto(text, lineStart, text.length, toks, offset);

  // The token under the caret, and the index of the first token before the value position.
  let i = 0;
  let replaceStart = offset;
  let replaceEnd = offset;
  let inString = false;
  for (; i < toks.length; i++) {
    const t = toks[i];
    if (t.start >= offset) {
      // Between tokens: only where no value follows on this line (`"id": |`).
      if (t.start < lineEnd && (t.t === STRING || t.t === LITERAL || t.t === LBRACE || t.t === LBRACKET)) return undefined;
      break;
    }
    if (offset < t.end || (offset === t.end && (t.t === LITERAL || (!t.closed && (t.t === STRING || t.t === COMMENT))))) {
      if (t.t === COMMENT) return undefined;
      if (t.t === STRING) {
        inString = true;
        replaceStart = t.start + 1;
        // The closing quote is replaced too (items insert their own), so the caret ends after it.
        replaceEnd = t.end;
      } else if (t.t === LITERAL) {
        replaceStart = t.start;
        replaceEnd = t.end;
      } else {
        return undefined;
      }
      break;
    }
  }
  const resumeAt = toks.length ? toks[toks.length - 1].end : lineStart;
  const bw = new Backward(text, byLine, toks, i, lineStart, resumeAt);
  const key = bw.key();
  if (key !== 'id' && key !== 'type' && key !== 'resourceAppId') return undefined;

  const base: Omit<Context, 'owner' | 'entryStart'> = { key, replaceStart, replaceEnd, inString, siblings: [] };
  if (key === 'resourceAppId') {
    const owner = bw.enclosing();
    if (!owner || owner.t !== LBRACE) return undefined;
    const parent = bw.enclosing();
    if (parent && parent.t === LBRACKET) {
      const siblings = readOwnerArray(text, bw.forwardFrom(parent));
      const self = siblings.find((s) => s.start === owner.start);
      if (!self) return undefined;
      return { ...base, owner: self, entryStart: -1, parentKey: bw.key(), siblings };
    }
    return { ...base, owner: readOwner(text, bw.forwardFrom(owner), owner.start), entryStart: -1 };
  }
  // `id` / `type`: cheap rejection for documents without any resource access list before the caret.
  const ra = text.indexOf('"resourceAccess"');
  if (ra < 0 || ra >= offset) return undefined;
  const entry = bw.enclosing();
  if (!entry || entry.t !== LBRACE) return undefined;
  const list = bw.enclosing();
  if (!list || list.t !== LBRACKET || bw.key() !== 'resourceAccess') return undefined;
  const owner = bw.enclosing();
  if (!owner || owner.t !== LBRACE) return undefined;
  return { ...base, owner: readOwner(text, bw.forwardFrom(owner), owner.start), entryStart: entry.start };
}
