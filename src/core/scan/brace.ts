/**
 * A tolerant parser for the brace-and-newline configuration languages Bicep and HCL (Terraform):
 * enough structure to know which key a string stands under, which object holds a
 * `resourceAppId` beside its `resourceAccess` entries, and what a symbol (`var`, `param`,
 * `locals`, `resource`, `data`) is bound to. Expressions are kept as text plus the objects,
 * arrays and strings inside them. Never throws; linear in the text; no recursion deeper than
 * MAX_DEPTH (deeper groups are skipped flat).
 */

import { BICEP, HCL, lex as lexText, type Dialect } from '../text/lexer';

export interface Str {
  type: 'string';
  /** Range including the quotes. */
  start: number;
  end: number;
  /** Content range (without quotes). */
  innerStart: number;
  innerEnd: number;
  /** False when the string has escapes or interpolation: its raw text is not its value. */
  simple: boolean;
}

export interface Obj {
  type: 'object';
  start: number;
  end: number;
  props: Prop[];
}

export interface Arr {
  type: 'array';
  start: number;
  end: number;
  items: Node[];
}

export interface Expr {
  type: 'expr';
  start: number;
  end: number;
  /** Objects, arrays and strings written inside the expression, in order. */
  parts: Node[];
}

export type Node = Str | Obj | Arr | Expr;

export interface Prop {
  /** The first word of the head: the key (`resourceAppId`), or the keyword (`resource`, `param`). */
  key: string;
  keyStart: number;
  /** The rest of the head: identifiers and strings (`resource "azuread_application" "app"`). */
  labels: { text: string; start: number; end: number; str?: Str }[];
  value?: Node;
  start: number;
  end: number;
}

export interface Comment {
  start: number;
  end: number;
}

export interface BraceDoc {
  body: Obj;
  comments: Comment[];
  strings: Str[];
}

type Tok =
  | { t: 'str'; s: Str }
  | { t: 'id'; start: number; end: number }
  | { t: 'p'; ch: string; start: number; end: number }
  | { t: 'nl'; start: number; end: number };

export type { Dialect };
export { BICEP, HCL };

const MAX_DEPTH = 200;

/** The shared lexer's tokens in the parser's shape: strings as `Str` nodes, punctuation with its text. */
export function lex(text: string, d: Dialect): { toks: Tok[]; comments: Comment[]; strings: Str[] } {
  const lexed = lexText(text, d);
  const toks: Tok[] = [];
  const strings: Str[] = [];
  for (const t of lexed.toks) {
    if (t.t === 'str') {
      const s: Str = { type: 'string', start: t.start, end: t.end, innerStart: t.innerStart as number, innerEnd: t.innerEnd as number, simple: t.simple as boolean };
      toks.push({ t: 'str', s });
      strings.push(s);
    } else if (t.t === 'p') toks.push({ t: 'p', ch: t.end - t.start === 1 ? text[t.start] : text.slice(t.start, t.end), start: t.start, end: t.end });
    else toks.push(t as Tok); // `id` and `nl` tokens have the parser's shape already
  }
  return { toks, comments: lexed.comments, strings };
}

export function parseBrace(text: string, d: Dialect): BraceDoc {
  const { toks, comments, strings } = lex(text, d);
  const p = new Parser(text, toks);
  const body: Obj = { type: 'object', start: 0, end: text.length, props: [] };
  p.body(body, undefined, 0);
  return { body, comments, strings };
}

const CLOSE: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

class Parser {
  i = 0;
  constructor(
    private readonly text: string,
    private readonly toks: Tok[],
  ) {}

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  private isP(t: Tok | undefined, ch: string): boolean {
    return !!t && t.t === 'p' && t.ch === ch;
  }

  /** Properties until `closer` (or the end). */
  body(obj: Obj, closer: string | undefined, depth: number): void {
    for (;;) {
      const t = this.peek();
      if (!t) return;
      if (closer && this.isP(t, closer)) {
        obj.end = (t as { end: number }).end;
        this.i++;
        return;
      }
      if (t.t === 'nl' || this.isP(t, ',') || this.isP(t, ';')) {
        this.i++;
        continue;
      }
      if (t.t === 'p' && (t.ch === '}' || t.ch === ']' || t.ch === ')')) {
        // a stray closer: leave it to the enclosing level when it is its closer
        if (closer) {
          obj.end = t.start;
          return;
        }
        this.i++;
        continue;
      }
      const before = this.i;
      const prop = this.prop(depth);
      if (prop) obj.props.push(prop);
      if (this.i === before) this.i++;
    }
  }

  private prop(depth: number): Prop | undefined {
    const first = this.peek() as Tok;
    const labels: Prop['labels'] = [];
    let key = '';
    let keyStart = first.t === 'nl' ? first.start : 'start' in first ? first.start : first.s.start;
    const start = keyStart;
    // The head: words and strings up to `=`, `:` or `{`.
    for (;;) {
      const t = this.peek();
      if (!t || t.t === 'nl') return undefined;
      if (t.t === 'id') {
        const w = this.text.slice(t.start, t.end);
        if (!key) {
          key = w;
          keyStart = t.start;
        } else labels.push({ text: w, start: t.start, end: t.end });
        this.i++;
        continue;
      }
      if (t.t === 'str') {
        const w = this.text.slice(t.s.innerStart, t.s.innerEnd);
        if (!key) {
          key = w;
          keyStart = t.s.innerStart;
        } else labels.push({ text: w, start: t.s.innerStart, end: t.s.innerEnd, str: t.s });
        this.i++;
        continue;
      }
      if (t.ch === '.' || t.ch === '?' || t.ch === '@') {
        this.i++;
        continue;
      }
      if (t.ch === '(') {
        // a decorator's or function's arguments in the head: parse and drop
        this.i++;
        this.group(')', depth + 1);
        continue;
      }
      if (t.ch === '=' || t.ch === ':') {
        this.i++;
        const value = this.expr(depth + 1, ['nl', ',', ';', '}', ']', ')']);
        return { key, keyStart, labels, value, start, end: value ? value.end : t.end };
      }
      if (t.ch === '{') {
        this.i++;
        const obj: Obj = { type: 'object', start: t.start, end: this.text.length, props: [] };
        if (depth < MAX_DEPTH) this.body(obj, '}', depth + 1);
        else this.skipTo('}');
        return { key, keyStart, labels, value: obj, start, end: obj.end };
      }
      return undefined;
    }
  }

  private skipTo(closer: string): void {
    // flat skip with a bracket counter (used beyond MAX_DEPTH)
    let depth = 1;
    while (this.i < this.toks.length) {
      const t = this.toks[this.i++];
      if (t.t !== 'p') continue;
      if (t.ch === '{' || t.ch === '[' || t.ch === '(') depth++;
      else if (t.ch === '}' || t.ch === ']' || t.ch === ')') {
        depth--;
        if (depth === 0 && t.ch === closer) return;
      }
    }
  }

  /** An expression up to a stop token at this level; returns the single node it is, or an Expr. */
  expr(depth: number, stops: string[]): Node | undefined {
    const parts: Node[] = [];
    let start = -1;
    let end = -1;
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.t === 'nl') {
        if (stops.includes('nl')) break;
        this.i++;
        continue;
      }
      if (t.t === 'p' && stops.includes(t.ch)) break;
      const ts = t.t === 'str' ? t.s.start : t.start;
      if (start < 0) start = ts;
      if (t.t === 'str') {
        parts.push(t.s);
        end = t.s.end;
        this.i++;
        continue;
      }
      if (t.t === 'p' && t.ch === '{') {
        this.i++;
        const obj: Obj = { type: 'object', start: t.start, end: this.text.length, props: [] };
        if (depth < MAX_DEPTH) this.body(obj, '}', depth + 1);
        else this.skipTo('}');
        parts.push(obj);
        end = obj.end;
        continue;
      }
      if (t.t === 'p' && t.ch === '[') {
        this.i++;
        const arr: Arr = { type: 'array', start: t.start, end: this.text.length, items: [] };
        if (depth < MAX_DEPTH) this.array(arr, depth + 1);
        else this.skipTo(']');
        parts.push(arr);
        end = arr.end;
        continue;
      }
      if (t.t === 'p' && t.ch === '(') {
        this.i++;
        const g = this.group(')', depth + 1);
        parts.push(...g.parts);
        end = g.end;
        continue;
      }
      if (t.t === 'p' && (t.ch === '}' || t.ch === ']' || t.ch === ')')) break; // stray closer
      end = (t as { end: number }).end;
      this.i++;
    }
    if (start < 0) return undefined;
    if (parts.length === 1 && parts[0].start === start && parts[0].end === end) return parts[0];
    return { type: 'expr', start, end, parts };
  }

  private group(closer: string, depth: number): Expr {
    const start = this.toks[this.i - 1]?.t === 'p' ? (this.toks[this.i - 1] as { start: number }).start : 0;
    const parts: Node[] = [];
    if (depth >= MAX_DEPTH) {
      this.skipTo(closer);
      return { type: 'expr', start, end: this.prevEnd(), parts };
    }
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.t === 'p' && t.ch === closer) {
        this.i++;
        break;
      }
      if (t.t === 'p' && (t.ch === '}' || t.ch === ']' || t.ch === ')')) break;
      if (t.t === 'nl' || (t.t === 'p' && t.ch === ',')) {
        this.i++;
        continue;
      }
      const before = this.i;
      const e = this.expr(depth, [',', CLOSE['('] === closer ? ')' : closer, '}', ']', ')']);
      if (e) {
        if (e.type === 'expr') parts.push(...e.parts);
        else parts.push(e);
      }
      if (this.i === before) this.i++;
    }
    return { type: 'expr', start, end: this.prevEnd(), parts };
  }

  private array(arr: Arr, depth: number): void {
    for (;;) {
      const t = this.peek();
      if (!t) return;
      if (t.t === 'p' && t.ch === ']') {
        arr.end = t.end;
        this.i++;
        return;
      }
      if (t.t === 'p' && (t.ch === '}' || t.ch === ')')) {
        arr.end = t.start;
        return;
      }
      if (t.t === 'nl' || (t.t === 'p' && t.ch === ',')) {
        this.i++;
        continue;
      }
      const before = this.i;
      const e = this.expr(depth, ['nl', ',', ']', '}', ')']);
      if (e) arr.items.push(e);
      if (this.i === before) this.i++;
    }
  }

  private prevEnd(): number {
    const t = this.toks[this.i - 1];
    if (!t) return 0;
    return t.t === 'str' ? t.s.end : t.end;
  }
}
