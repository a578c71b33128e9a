/**
 * A small tokenizer and object-literal reader for TypeScript / JavaScript.
 *
 * Why not the TypeScript compiler API: esbuild bundles everything `src/` imports into the
 * extension, and `typescript` would add about 9 MB to it (and a slow first parse) for what is a
 * narrow job: find object and array literals and read their keys and simple values. So this
 * reader does only that, carefully:
 *
 * - The tokenizer knows comments, string literals (an unterminated string ends at the line end, so
 *   a stray apostrophe in JSX text cannot swallow the file), template literals with nested `${…}`
 *   (one token; its text only when it has no substitutions), numbers, identifiers, punctuation and
 *   regular-expression literals (a `/` where an expression may start — after an operator, an
 *   opening bracket, a comma, or keywords such as `return` — starts a regex, elsewhere it divides).
 * - The literal reader reads `{ key: value, "key": value, shorthand, ...spread, method() {…},
 *   [computed]: value }` and `[a, b]`; values are nested literals, strings, numbers, booleans and
 *   `null`; anything else (identifiers, calls, operators, conditionals) becomes an `other` node
 *   skipped up to the next `,` or closing bracket at the same depth. `x as T`, `x satisfies T` and
 *   `x!` keep the value of `x`.
 * - It never throws and always terminates (every loop advances); unbalanced input yields what was
 *   read so far, with the unclosed literal ending at the end of the text.
 */
import type { PArray, PNode, PObject, PProp } from './tree';

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

const PUNCT3 = ['...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??='];
const PUNCT2 = ['=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>'];
const REGEX_AFTER_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function isIdentStart(c: string): boolean {
  return /[A-Za-z_$\u00c0-\uffff]/.test(c);
}

function isIdentPart(c: string): boolean {
  return /[\w$\u00c0-\uffff]/.test(c);
}

function regexAllowed(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'ident') return REGEX_AFTER_KEYWORDS.has(prev.value);
  if (prev.kind === 'punct') return prev.value !== ')' && prev.value !== ']' && prev.value !== '}';
  return false;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;

  /** Reads a quoted string from `i` (at the quote); returns the cooked value and the end offset. */
  const readString = (from: number): { value: string; end: number } => {
    const q = text[from];
    let j = from + 1;
    let value = '';
    while (j < n) {
      const c = text[j];
      if (c === q) return { value, end: j + 1 };
      if (c === '\n' || c === '\r') return { value, end: j };
      if (c === '\\' && j + 1 < n) {
        const e = text[j + 1];
        if (e === 'u' && text[j + 2] === '{') {
          // `\u{…}` holds at most 6 hex digits: look no further (an unclosed one must not scan the file).
          const close = text.slice(j + 3, j + 11).indexOf('}') >= 0 ? j + 3 + text.slice(j + 3, j + 11).indexOf('}') : -1;
          const cp = close > 0 ? parseInt(text.slice(j + 3, close), 16) : NaN;
          value += Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
          j = close > 0 ? close + 1 : j + 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
          value += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
          j += 6;
        } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(j + 2, j + 4))) {
          value += String.fromCharCode(parseInt(text.slice(j + 2, j + 4), 16));
          j += 4;
        } else if (e === '\r' || e === '\n') {
          j += e === '\r' && text[j + 2] === '\n' ? 3 : 2;
        } else {
          value += ESCAPES[e] ?? e;
          j += 2;
        }
        continue;
      }
      value += c;
      j++;
    }
    return { value, end: n };
  };

  /** Skips code inside `${ … }` from `from` (just after `${`) to just after its matching `}`. */
  const skipSubstitution = (from: number): number => {
    let depth = 0;
    let j = from;
    while (j < n) {
      const c = text[j];
      if (c === '"' || c === "'") j = readString(j).end;
      else if (c === '`') j = readTemplate(j).end;
      else if (c === '/' && text[j + 1] === '/') {
        while (j < n && text[j] !== '\n') j++;
      } else if (c === '/' && text[j + 1] === '*') {
        const e = text.indexOf('*/', j + 2);
        j = e < 0 ? n : e + 2;
      } else if (c === '{') {
        depth++;
        j++;
      } else if (c === '}') {
        if (depth === 0) return j + 1;
        depth--;
        j++;
      } else j++;
    }
    return n;
  };

  const readTemplate = (from: number): { value: string; end: number; subs: boolean } => {
    let j = from + 1;
    let value = '';
    let subs = false;
    while (j < n) {
      const c = text[j];
      if (c === '`') return { value, end: j + 1, subs };
      if (c === '\\' && j + 1 < n) {
        value += ESCAPES[text[j + 1]] ?? text[j + 1];
        j += 2;
        continue;
      }
      if (c === '$' && text[j + 1] === '{') {
        subs = true;
        j = skipSubstitution(j + 2);
        continue;
      }
      value += c;
      j++;
    }
    return { value, end: n, subs };
  };

  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const s = readString(i);
      tokens.push({ kind: 'string', value: s.value, start: i, end: s.end, quote: c });
      i = s.end;
      continue;
    }
    if (c === '`') {
      const t = readTemplate(i);
      tokens.push({ kind: 'template', value: t.subs ? '' : t.value, start: i, end: t.end, hasSubstitutions: t.subs });
      i = t.end;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(text[j])) {
        // exponent sign: 1e-5
        if ((text[j] === 'e' || text[j] === 'E') && (text[j + 1] === '-' || text[j + 1] === '+') && !/^0[xX]/.test(text.slice(i, j))) j++;
        j++;
      }
      tokens.push({ kind: 'number', value: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (isIdentStart(c) || (c === '#' && isIdentStart(text[i + 1] ?? '')) || c === '\\') {
      let j = i + 1;
      while (j < n && (isIdentPart(text[j]) || text[j] === '\\')) j++;
      tokens.push({ kind: 'ident', value: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (c === '/' && regexAllowed(tokens[tokens.length - 1])) {
      let j = i + 1;
      let inClass = false;
      let ok = false;
      while (j < n && text[j] !== '\n' && text[j] !== '\r') {
        const d = text[j];
        if (d === '\\') {
          j += 2;
          continue;
        }
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) {
          ok = true;
          j++;
          break;
        }
        j++;
      }
      if (ok) {
        while (j < n && isIdentPart(text[j])) j++;
        tokens.push({ kind: 'regex', value: text.slice(i, j), start: i, end: j });
        i = j;
        continue;
      }
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    const p = PUNCT3.includes(three) ? three : PUNCT2.includes(two) ? two : c;
    tokens.push({ kind: 'punct', value: p, start: i, end: i + p.length });
    i += p.length;
  }
  return tokens;
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
