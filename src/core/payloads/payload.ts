/**
 * Where a Graph resource payload is written, and which type it has:
 *
 * - JSON / JSONC: every outermost object with `"@odata.type": "#microsoft.graph.<type>"` of a type
 *   the model knows (a fixture, a recorded request, a response item).
 * - `.http` / `.rest`: the JSON body of a request. `POST <collection>` creates and `PATCH`/`PUT
 *   <collection>/{id}` updates the member type of a known collection path (paths.ts); other bodies
 *   count where they carry `@odata.type`. `beta` requests are skipped (the model is v1.0).
 * - TypeScript / JavaScript (tsReader.ts): literals typed with a type of
 *   `@microsoft/microsoft-graph-types` — `const c: Call = {…}`, `{…} satisfies MicrosoftGraph.Call`,
 *   `{…} as Call`, `Call[]` arrays — where the type name is imported from that package (named or
 *   namespace import) or written `microsoftgraph.X` (its global namespace); literals carrying
 *   `"@odata.type"`; and literals passed to `.post(…)`/`.patch(…)`/`.update(…)` after
 *   `.api('<known collection path>')` (Graph JS SDK). A literal (or the variable holding it) given
 *   to `.post(…)` is a create payload; to `.patch(…)`/`.update(…)` an update.
 */
import { payloadFormatOfFileName, payloadFormatOfLanguage } from '../formats';
import { parseHttpFile } from './httpRequests';
import { readJson } from './jsonReader';
import type { ResourceModel } from './resourceModel';
import { graphPath, typeForPath } from './resourcePaths';
import { forEachObject, odataTypeOf, type PNode, type PObject } from './tree';
import { LiteralReader, tokenize, type Token } from './tsReader';

import type { PayloadFormat } from '../documentFormat';
export type { PayloadFormat };
export type Operation = 'create' | 'update' | 'unknown';

export interface Payload {
  /** An object, or an array of objects for a typed `X[]` literal. */
  root: PNode;
  /** The declared type of the root (of its items for an array). */
  type: string;
  origin: 'odata-type' | 'request' | 'annotation' | 'sdk-call';
  operation: Operation;
  request?: { method: string; url: string; path?: string };
}

/** The payload format of a VS Code language id or a file name, if payloads are read there (the format registry, formats.ts, says where). */
export function payloadFormatOf(fileNameOrLanguage: string): PayloadFormat | undefined {
  return payloadFormatOfLanguage(fileNameOrLanguage) ?? payloadFormatOfFileName(fileNameOrLanguage);
}

const GRAPH_TYPES_PACKAGE = '@microsoft/microsoft-graph-types';

/**
 * How the payloads of one payload format are read: `mayContain`, a cheap test run before anything
 * is parsed (and before the model is loaded) — false means the text cannot hold a payload, which
 * keeps unrelated TypeScript and JSON files free; `read`, the reader.
 */
interface PayloadReader {
  mayContain(text: string): boolean;
  read(text: string, model: ResourceModel): Payload[];
}

const GRAPH_ODATA_TYPE = /#microsoft\.graph\./i;

/** The reader of each payload format; the format registry (formats.ts) says which document formats and files have which. */
export const PAYLOAD_READERS: { readonly [F in PayloadFormat]: PayloadReader } = {
  json: { mayContain: (text) => GRAPH_ODATA_TYPE.test(text), read: (text, model) => odataPayloads(readJson(text), model, 'unknown') },
  http: { mayContain: () => true, read: httpPayloads },
  ts: {
    mayContain: (text) => GRAPH_ODATA_TYPE.test(text) || text.includes(GRAPH_TYPES_PACKAGE) || /\bmicrosoftgraph\./.test(text) || /\.api\s*\(/.test(text),
    read: tsPayloads,
  },
};

/** False when the text cannot hold a payload of the format (see PayloadReader.mayContain). */
export function mayContainPayload(text: string, format: PayloadFormat): boolean {
  return PAYLOAD_READERS[format].mayContain(text);
}

/** May throw on absurd input (e.g. nesting deeper than the JSON parser recurses): typedPayloads reports it. */
export function findPayloads(text: string, format: PayloadFormat, model: ResourceModel): Payload[] {
  const reader = PAYLOAD_READERS[format];
  return reader.mayContain(text) ? reader.read(text, model) : [];
}

function odataPayloads(root: PNode | undefined, model: ResourceModel, operation: Operation, request?: Payload['request']): Payload[] {
  const out: Payload[] = [];
  forEachObject(root, (o) => {
    const t = odataTypeOf(o);
    const type = t && model.resolveTypeName(t.value);
    if (!type) return true;
    out.push({ root: o, type, origin: 'odata-type', operation, request });
    return false;
  });
  return out;
}

function operationFor(method: string, target: 'collection' | 'item'): Operation | undefined {
  if (method === 'POST' && target === 'collection') return 'create';
  if ((method === 'PATCH' || method === 'PUT') && target === 'item') return 'update';
  return undefined;
}

function httpPayloads(text: string, model: ResourceModel): Payload[] {
  const out: Payload[] = [];
  for (const req of parseHttpFile(text)) {
    if (!req.body) continue;
    const path = graphPath(req.url);
    if (path === undefined && /\/beta\//i.test(req.url)) continue;
    const root = readJson(req.body.text, req.body.start);
    if (!root) continue;
    const request = { method: req.method, url: req.url, path };
    const match = path !== undefined ? typeForPath(path) : undefined;
    const op = match && operationFor(req.method, match.target);
    if (match && op && root.kind === 'object' && model.type(match.type)) {
      out.push({ root, type: match.type, origin: 'request', operation: op, request });
      continue;
    }
    out.push(...odataPayloads(root, model, 'unknown', request));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// TypeScript / JavaScript

interface GraphImports {
  /** Local names bound to the whole package: `import * as MG from …`, `import MG from …`. */
  namespaces: Set<string>;
  /** Local name → exported name: `import { Call, User as GraphUser } from …`. */
  named: Map<string, string>;
}

/**
 * The bindings of `import … from '@microsoft/microsoft-graph-types'`, read from the tokens. One
 * pass: each import clause is read up to its `from`, a `;`, a string or the next `import`, so
 * every token is looked at a bounded number of times (a regexp over the text retried its lazy
 * clause from every `import` to the end of the file — quadratic on many unterminated imports).
 */
function graphImports(tokens: readonly Token[]): GraphImports {
  const namespaces = new Set<string>(['microsoftgraph']);
  const named = new Map<string, string>();
  const isIdent = (t: Token | undefined, v?: string): boolean => t?.kind === 'ident' && (v === undefined || t.value === v);
  for (let i = 0; i < tokens.length; i++) {
    if (!isIdent(tokens[i], 'import')) continue;
    let j = i + 1;
    while (j < tokens.length && !isIdent(tokens[j], 'from') && !isIdent(tokens[j], 'import') && tokens[j].value !== ';' && tokens[j].kind !== 'string') j++;
    const source = tokens[j + 1];
    if (!isIdent(tokens[j], 'from') || source?.kind !== 'string' || source.value !== GRAPH_TYPES_PACKAGE) {
      i = j - 1;
      continue;
    }
    let clause = tokens.slice(i + 1, j);
    if (isIdent(clause[0], 'type') && clause.length > 1 && clause[1].value !== ',') clause = clause.slice(1);
    if (clause[0]?.value === '*' && isIdent(clause[1], 'as') && isIdent(clause[2])) namespaces.add(clause[2].value);
    if (isIdent(clause[0]) && (clause.length === 1 || clause[1].value === ',')) namespaces.add(clause[0].value);
    const comma = clause.findIndex((t) => t.value === ',');
    const ns = comma >= 0 ? clause.slice(comma + 1) : [];
    if (ns[0]?.value === '*' && isIdent(ns[1], 'as') && isIdent(ns[2])) namespaces.add(ns[2].value);
    const open = clause.findIndex((t) => t.value === '{');
    if (open >= 0) {
      let part: Token[] = [];
      const take = (): void => {
        const p = isIdent(part[0], 'type') && part.length > 1 ? part.slice(1) : part;
        if (p.length === 1 && isIdent(p[0])) named.set(p[0].value, p[0].value);
        else if (p.length === 3 && isIdent(p[0]) && isIdent(p[1], 'as') && isIdent(p[2])) named.set(p[2].value, p[0].value);
        part = [];
      };
      for (let k = open + 1; k < clause.length && clause[k].value !== '}'; k++) {
        if (clause[k].value === ',') take();
        else part.push(clause[k]);
      }
      take();
    }
    i = j + 1;
  }
  return { namespaces, named };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** `Call` / `MG.Call` / `CallRecords.Session` / `SecurityNamespace.Alert` → the model's type name. */
function resolveTsType(ref: string, imports: GraphImports, model: ResourceModel): string | undefined {
  const segs = ref.split('.');
  let rest: string[];
  if (imports.namespaces.has(segs[0]) && segs.length > 1) rest = segs.slice(1);
  else if (imports.named.has(segs[0])) rest = [imports.named.get(segs[0]) as string, ...segs.slice(1)];
  else return undefined;
  const graph = rest.map((s, i) => lowerFirst(i < rest.length - 1 ? s.replace(/(.)Namespace$/, '$1') : s));
  const name = `microsoft.graph.${graph.join('.')}`;
  return model.type(name) ? name : undefined;
}

/**
 * A type reference written as tokens: `Call`, `MG.Call`, `Call[]`, `Array<Call>`, `Partial<Call>`,
 * `Readonly<Call>`, `Call | undefined`. Returns the dotted name and whether it is an array.
 */
function parseTypeRef(tokens: readonly Token[]): { name: string; array: boolean } | undefined {
  let ts = tokens.filter((t) => !(t.kind === 'ident' && (t.value === 'undefined' || t.value === 'null')));
  // Drop a trailing/leading `|` left by removing `undefined`/`null` members.
  while (ts.length && ts[ts.length - 1].value === '|') ts = ts.slice(0, -1);
  while (ts.length && ts[0].value === '|') ts = ts.slice(1);
  let array = false;
  for (;;) {
    const v = ts.map((t) => t.value);
    if (v.length >= 3 && v[v.length - 1] === '>' && ['Partial', 'Readonly', 'Required', 'Array', 'ReadonlyArray'].includes(v[0]) && v[1] === '<') {
      if (v[0] === 'Array' || v[0] === 'ReadonlyArray') array = true;
      ts = ts.slice(2, -1);
      continue;
    }
    if (v.length >= 3 && v[v.length - 2] === '[' && v[v.length - 1] === ']') {
      array = true;
      ts = ts.slice(0, -2);
      continue;
    }
    if (v.length >= 3 && v[0] === '(' && v[v.length - 1] === ')') {
      ts = ts.slice(1, -1);
      continue;
    }
    break;
  }
  const parts: string[] = [];
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (i % 2 === 0 ? t.kind !== 'ident' : t.value !== '.') return undefined;
    if (i % 2 === 0) parts.push(t.value);
  }
  if (!parts.length || ts.length % 2 === 0) return undefined;
  return { name: parts.join('.'), array };
}

/** Tokens that can precede a literal in expression position. */
const EXPR_BEFORE = new Set(['=', '(', ',', ':', '[', '?', '=>', '||', '&&', '??', '!', 'return', 'yield', 'await', 'satisfies', 'as']);

function tsPayloads(text: string, model: ResourceModel): Payload[] {
  const tokens = tokenize(text);
  const reader = new LiteralReader(tokens, text.length);
  const imports = graphImports(tokens);
  const out: Payload[] = [];
  /** Ranges claimed by recognised payloads: literals inside them are not payloads of their own. */
  const claimed: { start: number; end: number }[] = [];
  // Claimed in document order (tokens are visited in order, and payloads inside a literal in order):
  // a binary search keeps this linear-logarithmic where a scan of every range was quadratic.
  const inClaimed = (off: number): boolean => {
    let lo = 0;
    let hi = claimed.length - 1;
    let hit = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (claimed[mid].start <= off) {
        hit = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return hit >= 0 && off < claimed[hit].end;
  };
  const claim = (r: { start: number; end: number }): void => {
    let k = claimed.length;
    while (k > 0 && claimed[k - 1].start > r.start) k--; // almost always appends
    claimed.splice(k, 0, { start: r.start, end: r.end });
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct' || (t.value !== '{' && t.value !== '[')) continue;
    const prev = tokens[i - 1];
    if (prev && !(prev.kind === 'punct' ? EXPR_BEFORE.has(prev.value) : prev.kind === 'ident' && EXPR_BEFORE.has(prev.value))) continue;
    if (inClaimed(t.start)) continue;
    // `satisfies {…}` / `as {…}` are type literals.
    if (prev && prev.kind === 'ident' && (prev.value === 'satisfies' || prev.value === 'as')) continue;
    const { node, next } = t.value === '{' ? reader.readObject(i) : reader.readArray(i);
    const typed = typeOfLiteral(tokens, i, next, imports, model);
    const call = sdkCall(tokens, i);
    let type = typed?.type;
    let origin: Payload['origin'] = 'annotation';
    let operation: Operation = call?.operation ?? 'unknown';
    let request: Payload['request'];
    if (call?.path !== undefined) request = { method: call.operation === 'create' ? 'POST' : 'PATCH', url: call.path, path: call.path };
    if (type && typed && typed.array !== (node.kind === 'array')) type = undefined;
    if (!type && call?.path !== undefined && node.kind === 'object') {
      const match = typeForPath(call.path);
      if (match && operationFor(call.operation === 'create' ? 'POST' : 'PATCH', match.target) === call.operation && model.type(match.type)) {
        type = match.type;
        origin = 'sdk-call';
      }
    }
    if (type) {
      if (operation === 'unknown' && typed?.variable) operation = variableOperation(text, typed.variable);
      out.push({ root: node, type, origin, operation, request });
      claim(node);
      continue;
    }
    // Untyped literal: objects inside carrying a Graph @odata.type.
    for (const p of odataPayloads(node, model, operation, request)) {
      out.push(p);
      claim(p.root);
    }
  }
  return out;
}

/**
 * The declared type of the literal at token `i` (ending before token `next`): a `: Type =` before
 * it (with the declared variable's name), or `satisfies Type` / `as Type` after it.
 */
function typeOfLiteral(
  tokens: readonly Token[],
  i: number,
  next: number,
  imports: GraphImports,
  model: ResourceModel,
): { type: string; array: boolean; variable?: string } | undefined {
  const after = tokens[next];
  if (after?.kind === 'ident' && (after.value === 'satisfies' || after.value === 'as')) {
    const ref: Token[] = [];
    for (let k = next + 1; k < tokens.length && ref.length < 16; k++) {
      const u = tokens[k];
      if (u.kind === 'punct' && [',', ';', ')', '}', ']', '=', '&&', '||', '??'].includes(u.value) && !(u.value === ']' && ref[ref.length - 1]?.value === '[')) break;
      if (u.kind === 'ident' && (u.value === 'as' || u.value === 'satisfies')) break;
      ref.push(u);
    }
    const r = parseTypeRef(ref);
    const type = r && resolveTsType(r.name, imports, model);
    if (r && type) return { type, array: r.array };
  }
  if (tokens[i - 1]?.value === '=' && tokens[i - 1].kind === 'punct') {
    // Walk back over the type reference to its `:`.
    const ref: Token[] = [];
    let k = i - 2;
    for (; k >= 0 && ref.length < 16; k--) {
      const u = tokens[k];
      if (u.kind === 'punct' && u.value === ':') break;
      if (u.kind === 'punct' && [';', '{', '}', '=', ','].includes(u.value)) return undefined;
      ref.unshift(u);
    }
    if (k < 0 || tokens[k]?.value !== ':') return undefined;
    const r = parseTypeRef(ref);
    const type = r && resolveTsType(r.name, imports, model);
    const v = tokens[k - 1];
    if (r && type) return { type, array: r.array, variable: v?.kind === 'ident' ? v.value : undefined };
  }
  return undefined;
}

/**
 * A literal passed straight to the Graph JS SDK: `.post({…})` creates, `.patch({…})` /
 * `.update({…})` updates; the path comes from the nearest `.api('…')` of the same chain.
 */
function sdkCall(tokens: readonly Token[], i: number): { operation: Operation; path?: string } | undefined {
  const open = tokens[i - 1];
  const name = tokens[i - 2];
  const dot = tokens[i - 3];
  if (open?.value !== '(' || name?.kind !== 'ident' || (dot?.value !== '.' && dot?.value !== '?.')) return undefined;
  const operation: Operation | undefined = name.value === 'post' ? 'create' : name.value === 'patch' || name.value === 'update' ? 'update' : undefined;
  if (!operation) return undefined;
  return { operation, path: apiPathBefore(tokens, i - 3) };
}

function apiPathBefore(tokens: readonly Token[], from: number): string | undefined {
  for (let k = from; k >= 3 && from - k < 60; k--) {
    const u = tokens[k];
    if (u.kind === 'punct' && (u.value === ';' || u.value === '{' || u.value === '}')) return undefined;
    if (u.kind === 'ident' && u.value === 'api' && tokens[k + 1]?.value === '(' && (tokens[k + 2]?.kind === 'string' || tokens[k + 2]?.kind === 'template')) {
      const p = tokens[k + 2].value;
      return graphPath(p.startsWith('/') || /^https?:/i.test(p) ? p : `/${p}`);
    }
  }
  return undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `.post(c)` somewhere in the file makes the literal assigned to `c` a create payload. */
function variableOperation(text: string, variable: string): Operation {
  const v = escapeRe(variable);
  if (new RegExp(`\\.post\\s*\\(\\s*${v}\\s*[,)]`).test(text)) return 'create';
  if (new RegExp(`\\.(?:patch|update)\\s*\\(\\s*${v}\\s*[,)]`).test(text)) return 'update';
  return 'unknown';
}

/** The payload (and its root object) containing an offset. */
export function payloadAt(payloads: readonly Payload[], offset: number): Payload | undefined {
  return payloads.find((p) => offset >= p.root.start && offset <= p.root.end);
}

export type { PObject };
