/**
 * Completion inside payloads: property names not yet present (required first, read-only last),
 * enum members and booleans in value position, and `@odata.type` values valid at the position
 * (the declared type and the types derived from it).
 */
import { GRAPH_NAMESPACE, ResourceModel, typeLabel, type PropertyInfo } from './resourceModel';
import type { PayloadFormat } from './payload';
import { propertyHover, typeHover } from './payloadHover';
import type { TypedObject } from './walker';
import { locate, type TypedPayload } from './walker';
import { JS, skipTrivia } from '../text/lexer';

export type PayloadCompletionKind = 'property' | 'enumMember' | 'type' | 'value';

export interface PayloadCompletionItem {
  label: string;
  kind: PayloadCompletionKind;
  /** Plain text (type, flags). */
  detail?: string;
  /** Escaped Markdown. */
  documentation?: string;
  /** Snippet syntax when `snippet` is true, else plain text. */
  insertText: string;
  snippet?: boolean;
  sortText: string;
  filterText?: string;
  preselect?: boolean;
}

export interface PayloadCompletionResult {
  items: PayloadCompletionItem[];
  /** The range the items replace (UTF-16 offsets, end exclusive). */
  replaceStart: number;
  replaceEnd: number;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

function snippetEscape(s: string): string {
  return s.replace(/[\\$}]/g, '\\$&');
}

/** The quote to write strings with: JSON always `"`, TS/JS the quote used nearby, else `'`. */
function quoteFor(format: PayloadFormat, text: string, near: number): string {
  if (format !== 'ts') return '"';
  const window = text.slice(Math.max(0, near - 2000), near + 2000);
  const single = (window.match(/'/g) ?? []).length;
  const double = (window.match(/"/g) ?? []).length;
  return double > single ? '"' : "'";
}

/** A snippet for a new value of the property's type. */
function valueSnippet(model: ResourceModel, info: PropertyInfo, q: string): string {
  const enumType = model.enumType(info.type);
  let one: string;
  if (enumType && enumType.members.length && enumType.members.every((m) => /^[\w.-]+$/.test(m))) one = `${q}\${1|${enumType.members.join(',')}|}${q}`;
  else if (info.type === 'Edm.String' || enumType) one = `${q}$1${q}`;
  else if (info.type === 'Edm.Boolean') one = '${1|true,false|}';
  else if (info.type === 'Edm.Number') one = '${1:0}';
  else if (model.isStructured(info.type)) {
    const derived = model.derivedTypes(info.type);
    if (derived.length && !info.collection) {
      const choices = [info.type, ...derived].filter((n) => /^[\w.]+$/.test(n)).map((n) => `#${n}`);
      return `{ ${q}@odata.type${q}: ${q}\${1|${choices.join(',')}|}${q}$0 }`;
    }
    one = info.collection ? '{$1}' : '{$1}';
  } else one = '$1';
  return info.collection ? `[${one}]` : one;
}

function propertyItem(model: ResourceModel, obj: TypedObject, info: PropertyInfo, insert: string, snippet: boolean, filterText?: string): PayloadCompletionItem {
  const create = obj.payload.operation === 'create' && obj.depth === 0;
  const rank = info.readOnly ? (create ? '9' : '8') : info.required || (create && info.requiredOnCreate) ? '0' : info.requiredWhen ? '1' : '5';
  const flags = [info.readOnly ? 'read-only' : '', info.required ? 'required' : create && info.requiredOnCreate ? 'required on create' : ''].filter(Boolean);
  return {
    label: info.name,
    kind: 'property',
    detail: `${typeLabel(info)}${flags.length ? ` — ${flags.join(', ')}` : ''}`,
    documentation: propertyHover(model, info, obj.type),
    insertText: insert,
    snippet,
    sortText: `${rank}_${info.name}`,
    filterText,
  };
}

export function payloadCompletions(
  text: string,
  offset: number,
  format: PayloadFormat,
  model: ResourceModel,
  typed: readonly TypedPayload[],
): PayloadCompletionResult | undefined {
  const loc = locate(typed, offset);
  if (!loc) return undefined;
  switch (loc.kind) {
    case 'key': {
      const obj = loc.prop.owner;
      const p = loc.prop.prop;
      const present = new Set(obj.props.filter((x) => x !== loc.prop).map((x) => x.prop.name));
      const q = p.quote ?? (format === 'ts' ? '' : '"');
      const items: PayloadCompletionItem[] = [];
      const withValue = p.colon === undefined && !p.shorthand;
      // A key typed in the middle of an object gets its value, and a comma before the next property.
      const comma = withValue ? commaBefore(text, p.keyEnd) : '';
      for (const info of model.properties(obj.type).values()) {
        if (present.has(info.name)) continue;
        const key = q || IDENT.test(info.name) ? `${q}${info.name}${q}` : `'${info.name}'`;
        const insert = withValue ? `${snippetEscape(key)}: ${valueSnippet(model, info, q || quoteFor(format, text, offset))}${comma}` : snippetEscape(key);
        items.push(propertyItem(model, obj, info, insert, true, `${q}${info.name}${q}`));
      }
      if (!present.has('@odata.type')) {
        const it = odataKeyItem(q || quoteFor(format, text, offset), p.colon === undefined, q);
        if (p.colon === undefined) it.insertText += commaBefore(text, p.keyEnd);
        items.push(it);
      }
      return { items, replaceStart: p.keyStart, replaceEnd: p.keyEnd };
    }
    case 'objectGap': {
      const obj = loc.object;
      const present = new Set(obj.props.map((x) => x.prop.name));
      const { start, end, word } = wordAt(text, offset);
      const q = format === 'ts' ? quoteFor(format, text, offset) : '"';
      const keyQuote = format === 'ts' ? '' : '"';
      const comma = commaBefore(text, end);
      const items: PayloadCompletionItem[] = [];
      for (const info of model.properties(obj.type).values()) {
        if (present.has(info.name)) continue;
        const key = keyQuote || IDENT.test(info.name) ? `${keyQuote}${info.name}${keyQuote}` : `${q}${info.name}${q}`;
        items.push(propertyItem(model, obj, info, `${snippetEscape(key)}: ${valueSnippet(model, info, q)}${comma}`, true, word.startsWith('"') ? `"${info.name}` : info.name));
      }
      if (!present.has('@odata.type')) {
        const it = odataKeyItem(q, true, format === 'ts' ? q : '"');
        it.insertText += comma;
        items.push(it);
      }
      return { items, replaceStart: start, replaceEnd: end };
    }
    case 'odataType': {
      const obj = loc.object;
      const q = loc.node?.quote ?? quoteFor(format, text, offset);
      const candidates = obj.depth === 0 && obj.payload.origin === 'odata-type' ? model.typeNames() : [obj.declaredType, ...model.derivedTypes(obj.declaredType)];
      const withDocs = candidates.length <= 200;
      const items = candidates.map((name, i): PayloadCompletionItem => ({
        label: `#${name}`,
        kind: 'type',
        detail: ResourceModel.shortName(name),
        documentation: withDocs ? typeHover(model, name) : undefined,
        insertText: `${q}#${name}${q}`,
        sortText: `${i === 0 && candidates.length > 1 && !model.type(name)?.properties.length ? '5' : '1'}_${name}`,
        filterText: `${q}#${name}${q}`,
      }));
      if (loc.node) return { items, replaceStart: loc.node.start, replaceEnd: loc.node.end };
      return { items, replaceStart: offset, replaceEnd: offset };
    }
    case 'value':
    case 'valueGap': {
      const info = loc.kind === 'value' ? loc.value.info : loc.info;
      const node = loc.kind === 'value' ? loc.node : undefined;
      if (node && node.kind !== 'string' && node.kind !== 'boolean' && node.kind !== 'null') return undefined;
      const q = node?.kind === 'string' ? node.quote : quoteFor(format, text, offset);
      const items: PayloadCompletionItem[] = [];
      const enumType = model.enumType(info.type);
      if (enumType) {
        enumType.members.forEach((m, i) => {
          items.push({ label: m, kind: 'enumMember', detail: ResourceModel.shortName(info.type), insertText: `${q}${m}${q}`, sortText: `${String(i).padStart(4, '0')}`, filterText: `${q}${m}${q}` });
        });
      } else if (info.type === 'Edm.Boolean' && (!node || node.kind !== 'string')) {
        for (const b of ['true', 'false']) items.push({ label: b, kind: 'value', detail: 'Boolean', insertText: b, sortText: b });
      } else return undefined;
      if (node) return { items, replaceStart: node.start, replaceEnd: node.end };
      return { items, replaceStart: offset, replaceEnd: offset };
    }
  }
  return undefined;
}

function odataKeyItem(q: string, withValue: boolean, keyQuote: string): PayloadCompletionItem {
  const key = `${keyQuote || q}@odata.type${keyQuote || q}`;
  return {
    label: '@odata.type',
    kind: 'property',
    detail: `the type of this object (#${GRAPH_NAMESPACE}.…)`,
    insertText: withValue ? `${key}: ${q}#${GRAPH_NAMESPACE}.$1${q}` : key,
    snippet: true,
    sortText: '1_@odata.type',
    filterText: key,
  };
}

/** The word being typed around `offset` (letters, digits, `_`, `$`, `@`, `.`, and a leading quote). */
/**
 * `,` when an inserted property at `at` is followed by another property (the next significant
 * character, past whitespace and comments, starts a key), else nothing: the result stays valid
 * JSON (or TypeScript) wherever the completion inserts.
 */
export function commaBefore(text: string, at: number): string {
  const c = text[skipTrivia(text, at, JS)];
  return c === undefined || c === '}' || c === ',' || c === ']' || c === ')' ? '' : ',';
}

function wordAt(text: string, offset: number): { start: number; end: number; word: string } {
  let s = offset;
  while (s > 0 && /[\w$@.]/.test(text[s - 1])) s--;
  if (s > 0 && (text[s - 1] === '"' || text[s - 1] === "'")) s--;
  let e = offset;
  while (e < text.length && /[\w$@.]/.test(text[e])) e++;
  if (text[s] === '"' || text[s] === "'") {
    if (text[e] === text[s]) e++;
  }
  return { start: s, end: e, word: text.slice(s, e) };
}
