/**
 * A small tokenizer and object-literal reader for TypeScript / JavaScript.
 *
 * Why not the TypeScript compiler API: esbuild bundles everything `src/` imports into the
 * extension, and `typescript` would add about 9 MB to it (and a slow first parse) for what is a
 * narrow job: find object and array literals and read their keys and simple values. So this
 * reader does only that, carefully:
 *
 * - The tokens are the shared lexer's (`text/lexer.ts`, TS dialect): comments, string literals (an
 *   unterminated string ends at the line end, so a stray apostrophe in JSX text cannot swallow the
 *   file), template literals with nested `${…}` (one token; its text only when it has no
 *   substitutions), numbers, identifiers, punctuation and regular-expression literals (a `/` where
 *   an expression may start — after an operator, an opening bracket, a comma, or keywords such as
 *   `return` — starts a regex, elsewhere it divides). This file cooks string values from the
 *   tokens' content ranges.
 * - The literal reader reads `{ key: value, "key": value, shorthand, ...spread, method() {…},
 *   [computed]: value }` and `[a, b]`; values are nested literals, strings, numbers, booleans and
 *   `null`; anything else (identifiers, calls, operators, conditionals) becomes an `other` node
 *   skipped up to the next `,` or closing bracket at the same depth. `x as T`, `x satisfies T` and
 *   `x!` keep the value of `x`.
 * - It never throws and always terminates (every loop advances); unbalanced input yields what was
 *   read so far, with the unclosed literal ending at the end of the text.
 */
import type { PArray, PNode, PObject, PProp } from './tree';
import { jsEscapeEnd, lex, TS } from '../text/lexer';

export type TokenKind = 'ident' | 'string' | 'template' | 'number' | 'punct' | 'regex';

export interface Token {
  kind: TokenKind;
  /** Identifier / punctuation text, a string's cooked value, a substitution-free template's text. */
  value: string;
  start: number;
  end: number;
  /** Templates with `${…}` have no single value. */
  hasSubstitutions?: boolean;
  /** The quote character of a string token. */
  quote?: string;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** A string's value from its content `[from, to)`: escapes cooked (`jsEscapeEnd` reads them, as the lexer did). */
function cookString(text: string, from: number, to: number): string {
  const raw = text.slice(from, to);
  if (!raw.includes('\\')) return raw;
  const n = text.length;
  let value = '';
  let j = from;
  while (j < to) {
    const c = text[j];
    if (c === '\\' && j + 1 < n) {
      const e = text[j + 1];
      const end = jsEscapeEnd(text, j);
      if (e === 'u' && text[j + 2] === '{') {
        const cp = end > j + 2 ? parseInt(text.slice(j + 3, end - 1), 16) : NaN;
        value += Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      } else if ((e === 'u' && end === j + 6) || (e === 'x' && end === j + 4)) {
        value += String.fromCharCode(parseInt(text.slice(j + 2, end), 16));
      } else if (e !== '\r' && e !== '\n') {
        value += ESCAPES[e] ?? e;
      }
      j = end;
      continue;
    }
    value += c;
    j++;
  }
  return value;
}

/** A substitution-free template's value from its content `[from, to)`: `\x` stands for the escape or the character. */
function cookTemplate(text: string, from: number, to: number): string {
  const n = text.length;
  let value = '';
  for (let j = from; j < to; j++) {
    const c = text[j];
    if (c === '\\' && j + 1 < n) {
      value += ESCAPES[text[j + 1]] ?? text[j + 1];
      j++;
    } else value += c;
  }
  return value;
}

/** The tokens of `text` by the shared lexer's TS dialect, comments dropped, string values cooked. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  // One list: each lexer token becomes a reader token as it is read (the lexer keeps none).
  lex(text, TS, (t) => {
    const start = t.start;
    const end = t.end;
    if (t.t === 'str') {
      const from = t.innerStart as number;
      const to = t.innerEnd as number;
      if (t.quote === '`') {
        const subs = t.interpolated === true;
        out.push({ kind: 'template', value: subs ? '' : cookTemplate(text, from, to), start, end, hasSubstitutions: subs });
      } else out.push({ kind: 'string', value: cookString(text, from, to), start, end, quote: t.quote });
    } else if (t.t === 'id') {
      const c = text.charCodeAt(start);
      out.push({ kind: (c >= 48 && c <= 57) || c === 46 ? 'number' : 'ident', value: text.slice(start, end), start, end });
    } else out.push({ kind: t.t === 'regex' ? 'regex' : 'punct', value: text.slice(start, end), start, end });
  });
  return out;
}

const CLOSERS = new Set(['}', ']', ')']);
const OPENERS: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/** Reads literals from a token list; `textLength` ends literals left open. */
export class LiteralReader {
  constructor(
    readonly tokens: readonly Token[],
    private readonly textLength: number,
  ) {}

  private isPunct(i: number, v: string): boolean {
    const t = this.tokens[i];
    return !!t && t.kind === 'punct' && t.value === v;
  }

  /** Index after the bracket group opening at `i` (any of `{[(`), or tokens.length. */
  skipGroup(i: number): number {
    const stack: string[] = [];
    let j = i;
    while (j < this.tokens.length) {
      const t = this.tokens[j];
      if (t.kind === 'punct') {
        if (OPENERS[t.value]) stack.push(OPENERS[t.value]);
        else if (CLOSERS.has(t.value)) {
          while (stack.length && stack[stack.length - 1] !== t.value) stack.pop();
          stack.pop();
          if (stack.length === 0) return j + 1;
        }
      }
      j++;
    }
    return j;
  }

  /** Index of the next `,` / `;` / closer at depth 0 from `i` (with `<…>` counted when `angles`). */
  private skipExpression(i: number, angles = false): number {
    let j = i;
    let angle = 0;
    while (j < this.tokens.length) {
      const t = this.tokens[j];
      if (t.kind === 'punct') {
        if (OPENERS[t.value]) {
          j = this.skipGroup(j);
          continue;
        }
        if (CLOSERS.has(t.value) || t.value === ';') return j;
        if (t.value === ',' && angle === 0) return j;
        if (angles && t.value === '<') angle++;
        if (angles && t.value === '>' && angle > 0) angle--;
        if (angles && t.value === '>>' && angle > 0) angle = Math.max(0, angle - 2);
      }
      j++;
    }
    return j;
  }

  private endOf(j: number): number {
    const prev = this.tokens[j - 1];
    return prev ? prev.end : this.textLength;
  }

  /** Reads the value starting at token `i`; returns the node and the index after it. */
  readValue(i: number): { node: PNode; next: number } {
    const t = this.tokens[i];
    if (!t) return { node: { kind: 'other', start: this.textLength, end: this.textLength }, next: i };
    let node: PNode;
    let next: number;
    if (t.kind === 'punct' && t.value === '{') ({ node, next } = this.readObject(i));
    else if (t.kind === 'punct' && t.value === '[') ({ node, next } = this.readArray(i));
    else if (t.kind === 'string' || (t.kind === 'template' && !t.hasSubstitutions)) {
      node = { kind: 'string', value: t.value, quote: this.quoteAt(t), start: t.start, end: t.end };
      next = i + 1;
    } else if (t.kind === 'number') {
      node = { kind: 'number', value: Number(t.value.replace(/_/g, '')), start: t.start, end: t.end };
      next = i + 1;
    } else if (t.kind === 'punct' && t.value === '-' && this.tokens[i + 1]?.kind === 'number') {
      const num = this.tokens[i + 1];
      node = { kind: 'number', value: -Number(num.value.replace(/_/g, '')), start: t.start, end: num.end };
      next = i + 2;
    } else if (t.kind === 'ident' && (t.value === 'true' || t.value === 'false')) {
      node = { kind: 'boolean', value: t.value === 'true', start: t.start, end: t.end };
      next = i + 1;
    } else if (t.kind === 'ident' && t.value === 'null') {
      node = { kind: 'null', value: null, start: t.start, end: t.end };
      next = i + 1;
    } else {
      const e = this.skipExpression(i);
      return { node: { kind: 'other', start: t.start, end: this.endOf(Math.max(e, i + 1)) }, next: Math.max(e, i + 1) };
    }
    // `x as T`, `x satisfies T`, `x!` keep x; any other continuation makes the whole an expression.
    for (;;) {
      const u = this.tokens[next];
      if (!u) break;
      if (u.kind === 'ident' && (u.value === 'as' || u.value === 'satisfies')) {
        next = this.skipExpression(next + 1, true);
        continue;
      }
      if (u.kind === 'punct' && u.value === '!') {
        next++;
        continue;
      }
      if (u.kind === 'punct' && (u.value === ',' || u.value === ';' || CLOSERS.has(u.value))) break;
      if (u.kind === 'punct' && u.value === ':') break; // conditional/typed contexts: stop here
      const e = this.skipExpression(next);
      return { node: { kind: 'other', start: t.start, end: this.endOf(Math.max(e, next + 1)) }, next: Math.max(e, next + 1) };
    }
    return { node, next };
  }

  private quoteAt(t: Token): string {
    return t.kind === 'template' ? '`' : (t.quote ?? '"');
  }

  readObject(i: number): { node: PObject; next: number } {
    const open = this.tokens[i];
    const node: PObject = { kind: 'object', start: open.start, end: this.textLength, props: [], close: this.textLength };
    let j = i + 1;
    while (j < this.tokens.length) {
      const t = this.tokens[j];
      if (t.kind === 'punct' && t.value === '}') {
        node.close = t.start;
        node.end = t.end;
        return { node, next: j + 1 };
      }
      if (t.kind === 'punct' && (t.value === ']' || t.value === ')')) {
        // Unbalanced: the object ends here without its brace.
        node.end = node.close = t.start;
        return { node, next: j };
      }
      if (t.kind === 'punct' && t.value === ',') {
        j++;
        continue;
      }
      if (t.kind === 'punct' && t.value === '...') {
        node.hasSpread = true;
        j = this.skipExpression(j + 1);
        continue;
      }
      // Accessors / async / generator methods: `get x() {}`, `async x() {}`, `*x() {}`.
      let k = j;
      if (t.kind === 'punct' && t.value === '*') k++;
      const tk = this.tokens[k];
      const tk1 = this.tokens[k + 1];
      if (tk?.kind === 'ident' && (tk.value === 'get' || tk.value === 'set' || tk.value === 'async') && tk1 && (tk1.kind === 'ident' || tk1.kind === 'string' || this.isPunct(k + 1, '['))) k++;
      const key = this.tokens[k];
      if (!key) break;
      if (key.kind === 'punct' && key.value === '[') {
        // Computed key: name unknown; skip key and value.
        j = this.skipGroup(k);
        if (this.isPunct(j, ':')) j = this.readValue(j + 1).next;
        else if (this.isPunct(j, '(')) j = this.skipMethod(j);
        continue;
      }
      if (key.kind !== 'ident' && key.kind !== 'string' && key.kind !== 'number' && !(key.kind === 'template' && !key.hasSubstitutions)) {
        j = Math.max(j + 1, this.skipExpression(j));
        continue;
      }
      const prop: PProp = {
        name: key.value,
        keyStart: key.start,
        keyEnd: key.end,
        quote: key.kind === 'string' ? this.quoteChar(key) : key.kind === 'template' ? '`' : undefined,
        start: key.start,
        end: key.end,
      };
      let m = k + 1;
      if (this.isPunct(m, '?')) m++; // `{ a?: 1 }` is a type literal, read alike
      if (this.isPunct(m, ':')) {
        prop.colon = this.tokens[m].start;
        const v = this.readValue(m + 1);
        if (v.next > m + 1) {
          prop.value = v.node;
          prop.end = v.node.end;
        }
        j = v.next;
      } else if (this.isPunct(m, '(') || this.isPunct(m, '<')) {
        prop.method = true;
        j = this.skipMethod(m);
        prop.end = this.endOf(j);
      } else {
        prop.shorthand = true;
        if (this.isPunct(m, '=')) m = this.skipExpression(m + 1); // destructuring default
        j = m;
      }
      node.props.push(prop);
      // Recover from anything unexpected up to the next separator.
      if (j < this.tokens.length && !this.isPunct(j, ',') && !this.isPunct(j, '}')) {
        const e = this.skipExpression(j);
        j = e > j ? e : j + 1;
      }
    }
    return { node, next: this.tokens.length };
  }

  private quoteChar(t: Token): string {
    return t.quote ?? '"';
  }

  private skipMethod(j: number): number {
    let m = j;
    if (this.isPunct(m, '<')) {
      while (m < this.tokens.length && !this.isPunct(m, '(')) m++;
    }
    m = this.skipGroup(m); // parameters
    while (m < this.tokens.length && !this.isPunct(m, '{') && !this.isPunct(m, ',') && !this.isPunct(m, '}')) m++;
    if (this.isPunct(m, '{')) m = this.skipGroup(m);
    return m;
  }

  readArray(i: number): { node: PArray; next: number } {
    const open = this.tokens[i];
    const node: PArray = { kind: 'array', start: open.start, end: this.textLength, items: [], close: this.textLength };
    let j = i + 1;
    while (j < this.tokens.length) {
      const t = this.tokens[j];
      if (t.kind === 'punct' && t.value === ']') {
        node.close = t.start;
        node.end = t.end;
        return { node, next: j + 1 };
      }
      if (t.kind === 'punct' && (t.value === '}' || t.value === ')')) {
        node.end = node.close = t.start;
        return { node, next: j };
      }
      if (t.kind === 'punct' && t.value === ',') {
        j++;
        continue;
      }
      if (t.kind === 'punct' && t.value === '...') {
        j = this.skipExpression(j + 1);
        continue;
      }
      const v = this.readValue(j);
      node.items.push(v.node);
      j = v.next > j ? v.next : j + 1;
      if (j < this.tokens.length && !this.isPunct(j, ',') && !this.isPunct(j, ']')) {
        const e = this.skipExpression(j);
        j = e > j ? e : j + 1;
      }
    }
    return { node, next: this.tokens.length };
  }
}
