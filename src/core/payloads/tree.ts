/**
 * A small syntax tree for payload values, shared by the JSON reader (jsonc-parser) and the TS/JS
 * object-literal reader: objects with their properties (and the exact offsets of keys, colons and
 * values), arrays, scalars, and `other` for any expression the readers do not evaluate (a
 * variable, a call, a template with substitutions). Offsets are UTF-16 offsets into the document,
 * `end` exclusive.
 */
export interface Span {
  start: number;
  end: number;
}

export interface PObject extends Span {
  kind: 'object';
  props: PProp[];
  /** Offset of the closing `}` (the end of the text when unterminated). */
  close: number;
  /** The literal spreads another object (`...base`): what it holds is unknown. */
  hasSpread?: boolean;
}

export interface PProp {
  name: string;
  keyStart: number;
  keyEnd: number;
  /** The key is written in quotes (`"state"`, `'state'`): the quote character, else undefined. */
  quote?: string;
  /** Offset of the `:` when written. */
  colon?: number;
  /** Missing while being typed (`"state": |`), or for TS methods. */
  value?: PNode;
  /** TS shorthand (`{ subject }`) or method (`{ f() {} }`). */
  shorthand?: boolean;
  method?: boolean;
  /** Start and end of the whole member (key through value). */
  start: number;
  end: number;
}

export interface PArray extends Span {
  kind: 'array';
  items: PNode[];
  close: number;
}

export interface PString extends Span {
  kind: 'string';
  value: string;
  /** The quote character as written (`"`, `'` or a backtick). */
  quote: string;
}

export interface PScalar extends Span {
  kind: 'number' | 'boolean' | 'null';
  value: number | boolean | null;
}

export interface POther extends Span {
  kind: 'other';
}

export type PNode = PObject | PArray | PString | PScalar | POther;

/** The value of a direct `"@odata.type"` property, if it is a string. */
export function odataTypeOf(obj: PObject): PString | undefined {
  const p = obj.props.find((x) => x.name === '@odata.type');
  return p?.value?.kind === 'string' ? p.value : undefined;
}

/** Calls `visit` on every object in the tree, outermost first; `false` skips its children. */
export function forEachObject(node: PNode | undefined, visit: (o: PObject) => boolean | void): void {
  if (!node) return;
  if (node.kind === 'object') {
    if (visit(node) === false) return;
    for (const p of node.props) forEachObject(p.value, visit);
  } else if (node.kind === 'array') {
    for (const i of node.items) forEachObject(i, visit);
  }
}
