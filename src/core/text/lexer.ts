/**
 * The one lexer layer: comments, strings and brackets of every language the scanners, payload
 * readers, call detector and completion read, described per dialect and lexed in one linear pass.
 *
 * Why by hand: no well-kept library lexes these dialects for our needs — C#'s verbatim and raw
 * strings, PowerShell's here-strings, backtick escapes and `<# #>` blocks, Bicep's `'''`, HCL's
 * heredocs, Python's prefixed strings and JavaScript's regular-expression literals, tolerant of
 * unfinished text at every keystroke and never throwing. Tree-sitter grammars were measured and
 * rejected (first parse, time per MB, bundle and `.vsix` size: see the README's "Parsing"
 * paragraph); JSON stays with jsonc-parser and YAML with `yaml`.
 *
 * What it gives:
 * - `lex(text, dialect)`: tokens (strings with their content range and quote, identifiers or
 *   words, punctuation and brackets, and per dialect line breaks, variables, parameters and regular
 *   expressions) plus the comment ranges, in text order;
 * - `stringAt`, `commentEnd`, `skipTrivia`: the same rules read from one position, for readers that
 *   look at a place rather than at the whole text (`stringAt` and `commentEnd` also as if the text
 *   ended at a given end, for a reader that lexes a line on its own);
 * - `matchBrackets`: the closing token of every opening bracket, from a token list, with a stack.
 *
 * Every loop advances; an unterminated comment or string runs to the end of the text (or of its
 * line, where the dialect says strings end there). Ranges are UTF-16 offsets, end exclusive.
 */

export interface Range {
  start: number;
  end: number;
}

export type TokenType = 'str' | 'id' | 'p' | 'nl' | 'var' | 'param' | 'regex';

export interface Token {
  /**
   * `str` a string (see innerStart…), `id` an identifier, number or (PowerShell) bare word, `p`
   * punctuation (brackets are `p` tokens of one character), `nl` a line break (dialects with
   * `newlines`), `var` a PowerShell variable, `param` a PowerShell parameter or operator (`-Scopes`,
   * `-eq`), `regex` a JavaScript regular-expression literal.
   */
  t: TokenType;
  start: number;
  end: number;
  /** Strings: the content range (without the quotes). */
  innerStart?: number;
  innerEnd?: number;
  /** Strings: false when the raw content is not the value (escapes, interpolation, doubled quotes, multi-line forms). */
  simple?: boolean;
  /** Strings: the opening delimiter as written (`"`, `'`, `` ` ``, `"""`, `@"`, `$"`, `f'`, `@'` for a here-string, `<<EOF`). */
  quote?: string;
  /** Strings: a PowerShell here-string or HCL heredoc. */
  here?: boolean;
  /** Strings: set when the closing quote is missing (the string ran to a line break or to the end of the text). */
  unterminated?: true;
  /** Strings read with `nested` interpolation: set when the string holds a `${…}`. */
  interpolated?: true;
}

export interface Lexed {
  toks: Token[];
  comments: Range[];
}

/** How a quoted string of a dialect reads. */
interface QuoteRule {
  /** Opening (and, unless `closers` says otherwise, closing) character. */
  open: string;
  /** Characters that close it (PowerShell also closes on typographic quotes). */
  closers: string;
  /** The escape character, which takes the next character with it (`\`, PowerShell's `` ` ``), or ''. */
  escape: string;
  /** A doubled closer stands for itself (`''` in PowerShell). */
  doubled: boolean;
  /**
   * What a line break does: `continues` (multi-line strings); `ends` — the string ends there and its
   * range takes the line break (C-like, Python); `endsBefore` — it ends before it (Bicep, HCL).
   */
  newline: 'continues' | 'ends' | 'endsBefore';
  /**
   * `${ … }` inside: `naive` counts braces only; `sameLine` also skips quoted strings and stops at a
   * line break (Bicep, HCL, also `%{`); `nested` skips the dialect's strings and templates (nested
   * to any depth) and comments inside (a `//` comment there ends at `\n` only).
   */
  interpolation?: 'naive' | 'sameLine' | 'nested';
  /** JavaScript escapes: `\u{…}` (up to 8 characters on), `\uXXXX`, `\xXX` and `\` + CRLF are read whole (see `jsEscapeEnd`). */
  jsEscapes?: boolean;
  /** PowerShell: `$name`, `$(…)`, `${…}` make a double-quoted string expandable (not simple). */
  expands?: boolean;
  /** The escape character does not take a line break with it: the string still ends there (the manifest completion's JSONC). */
  escapeStopsAtLineEnd?: boolean;
}

export interface Dialect {
  readonly name: string;
  /** Line comment openers (to the end of the line, the line break not included). */
  readonly lineComments: readonly string[];
  /** Block comments: opener and closer. */
  readonly blockComments: readonly (readonly [string, string])[];
  /** Quoted strings, tried in order. */
  readonly quotes: readonly QuoteRule[];
  /** Triple-quoted strings: the opener (also the closer); `extend` takes further quote characters into the closer (C# raw strings). */
  readonly triple?: readonly { open: string; simple: boolean; extend: boolean }[];
  /** Prefix characters any quoted string may carry, and how many at most (no word-boundary test). */
  readonly prefixes?: { readonly chars: string; readonly max: number };
  /** Python string prefixes (`r`, `f`, `b`, `u`, two at most). */
  readonly pythonPrefixes?: boolean;
  /** C# `@"…"`, `$"…"`, `$@"…"`, `@$"…"`. */
  readonly csharpStrings?: boolean;
  /** PowerShell here-strings `@'…'@`, `@"…"@`, backtick line continuations, `$variables`, `-parameters`, `@(` and `@{`. */
  readonly powershell?: boolean;
  /** HCL heredocs `<<EOF … EOF`, `<<-EOF`. */
  readonly heredoc?: boolean;
  /** JavaScript regular-expression literals where an expression may start. */
  readonly regex?: boolean;
  /** Line breaks are tokens (`nl`); a block comment spanning lines then yields one at its end. */
  readonly newlines?: boolean;
  /** Identifier start and part characters (ASCII; anything else is punctuation). */
  readonly idStart: string;
  readonly idPart: string;
  /** Two-character punctuation. */
  readonly punct2: readonly string[];
  /** A lone `\r` ends a line too: line comments and strings that end at a line break also end at it. */
  readonly crLineEnds?: boolean;
  /**
   * The full JavaScript token rules of the TS dialect: identifiers with any character from U+00C0
   * on, `\` escapes and `#private` names; numbers `.5` and `1e-5`; `\f`, `\v`, U+00A0 and U+FEFF as
   * whitespace; three-character punctuation (`punct3`); no regular expression right after another;
   * `instanceof` before one; regular-expression flags of identifier characters; `\r` ends one.
   */
  readonly fullJs?: boolean;
  readonly punct3?: readonly string[];
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const WORD = LETTERS + DIGITS + '_';

const backslashQuote = (open: string, newline: QuoteRule['newline'], interpolation?: QuoteRule['interpolation']): QuoteRule => ({
  open,
  closers: open,
  escape: '\\',
  doubled: false,
  newline,
  ...(interpolation ? { interpolation } : {}),
});

const C_COMMENTS = { lineComments: ['//'], blockComments: [['/*', '*/']] as const };

/** JavaScript and TypeScript: `'…'`, `"…"` (end at a line break), `` `…${…}…` `` and regular expressions. */
export const JS: Dialect = {
  name: 'js',
  ...C_COMMENTS,
  quotes: [backslashQuote('"', 'ends'), backslashQuote("'", 'ends'), backslashQuote('`', 'continues', 'naive')],
  regex: true,
  idStart: LETTERS + '_$',
  idPart: WORD + '$',
  punct2: ['==', '=>', '!=', '::'],
};

/**
 * TypeScript and JavaScript as the payload reader reads them (`payloads/tsReader.ts`): the JS
 * dialect's strings and comments with the full token rules (`fullJs`), `\r` as a line end, strings
 * ending before a line break, and template literals whose `${…}` is read with real nesting. The
 * reader cooks string values from the content ranges (`jsEscapeEnd`).
 */
export const TS: Dialect = {
  name: 'ts',
  ...C_COMMENTS,
  quotes: [
    { ...backslashQuote('"', 'endsBefore'), jsEscapes: true },
    { ...backslashQuote("'", 'endsBefore'), jsEscapes: true },
    backslashQuote('`', 'continues', 'nested'),
  ],
  regex: true,
  crLineEnds: true,
  fullJs: true,
  idStart: LETTERS + '_$',
  idPart: WORD + '$',
  punct3: ['...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??='],
  punct2: ['=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>'],
};

/** C#: verbatim and interpolated strings, raw `"""…"""` strings. */
export const CSHARP: Dialect = {
  name: 'csharp',
  ...C_COMMENTS,
  triple: [{ open: '"""', simple: false, extend: true }],
  csharpStrings: true,
  quotes: [backslashQuote('"', 'ends'), backslashQuote("'", 'ends')],
  idStart: LETTERS + '_$',
  idPart: WORD + '$',
  punct2: ['==', '=>', '!=', '::'],
};

/** Java: text blocks `"""…"""`. */
export const JAVA: Dialect = { ...CSHARP, name: 'java', csharpStrings: false };

/** Python: `#` comments, `r`/`f`/`b`/`u` prefixes, triple-quoted strings. */
export const PYTHON: Dialect = {
  name: 'python',
  lineComments: ['#'],
  blockComments: [],
  quotes: [],
  pythonPrefixes: true,
  idStart: LETTERS + '_',
  idPart: WORD,
  punct2: ['==', '!=', '->'],
};

/** PowerShell: `#` and `<# … #>` comments, backtick escapes, doubled quotes, here-strings, typographic quotes. */
export const POWERSHELL: Dialect = {
  name: 'powershell',
  lineComments: ['#'],
  blockComments: [['<#', '#>']],
  quotes: [
    { open: '"', closers: '"\u201d', escape: '`', doubled: true, newline: 'continues', expands: true },
    { open: '\u201c', closers: '"\u201d', escape: '`', doubled: true, newline: 'continues', expands: true },
    { open: "'", closers: "'\u2019", escape: '', doubled: true, newline: 'continues' },
    { open: '\u2018', closers: "'\u2019", escape: '', doubled: true, newline: 'continues' },
  ],
  powershell: true,
  newlines: true,
  // PowerShell's bare words (`Get-MgUser`, `User.Read.All`, `C:\path`, `./x`): one class for start and part.
  idStart: WORD + '.-\\/:',
  idPart: WORD + '.-\\/:',
  punct2: [],
};

const BRACE_PUNCT2 = ['==', '!=', '=>', '>=', '<=', '&&', '||', '::', '?.', '??'];

/** Bicep: `'…'` with `${…}`, `'''…'''` multi-line strings, `//` and block comments, line breaks as tokens. */
export const BICEP: Dialect = {
  name: 'bicep',
  ...C_COMMENTS,
  triple: [{ open: "'''", simple: true, extend: false }],
  quotes: [backslashQuote("'", 'endsBefore', 'sameLine')],
  newlines: true,
  idStart: LETTERS + '_@$',
  idPart: WORD + '@$-',
  punct2: BRACE_PUNCT2,
};

/** HCL (Terraform): `#` and `//` comments, `"…"` with `${…}` / `%{…}`, heredocs. */
export const HCL: Dialect = {
  ...BICEP,
  name: 'hcl',
  lineComments: ['//', '#'],
  triple: [],
  quotes: [backslashQuote('"', 'endsBefore', 'sameLine')],
  heredoc: true,
};

/** `.http` request files: whole-line `#` and `//` comments only (see `httpComments`). */
export const HTTP_COMMENT_LINE = /^[ \t]*(?:#|\/\/).*$/gm;

/** JSONC: `"…"` ending at a line break (as jsonc-parser reads it), `//` and block comments. */
export const JSONC: Dialect = {
  name: 'jsonc',
  ...C_COMMENTS,
  quotes: [backslashQuote('"', 'endsBefore')],
  idStart: '',
  idPart: '',
  punct2: [],
};

/**
 * JSONC as the manifest completion reads it a line at a time, with bounded reads (`stringAt`,
 * `commentEnd` with an end): strings end at `\n` or `\r` (before it), even after a backslash; `//`
 * comments end at either.
 */
export const JSONC_LINES: Dialect = { ...JSONC, name: 'jsonc-lines', crLineEnds: true, quotes: [{ ...backslashQuote('"', 'endsBefore'), escapeStopsAtLineEnd: true }] };

/**
 * One line of JSONC or Bicep, where a fix that removes a list element looks for a `// …` comment
 * ending the line before it: `"…"` and `'…'` strings with `\` escapes, line comments only.
 */
export const JSON_OR_BICEP_LINE: Dialect = { ...JSONC, name: 'json-or-bicep-line', blockComments: [], quotes: [backslashQuote('"', 'ends'), backslashQuote("'", 'ends')] };

/**
 * String literals as the Graph call detector reads them in every language it knows (JavaScript,
 * C#, Java, Python, PowerShell): up to three prefix characters (`$"…"`, `@"…"`, `f'…'`, `rb"…"`),
 * `"…"` and `'…'` with `\` escapes ending at a line break, `` `…` `` spanning lines without escapes.
 */
export const CALL_STRINGS: Dialect = {
  name: 'call-strings',
  lineComments: [],
  blockComments: [],
  prefixes: { chars: '$@fFrRbBuU', max: 3 },
  quotes: [backslashQuote('"', 'ends'), backslashQuote("'", 'ends'), { open: '`', closers: '`', escape: '', doubled: false, newline: 'continues' }],
  idStart: '',
  idPart: '',
  punct2: [],
};

// ---------------------------------------------------------------------------------------------

/** Per-dialect lookup tables, built once. */
interface Tables {
  idStart: Uint8Array;
  idPart: Uint8Array;
  /** For each first character: the string rules that may start with it (index into d.quotes). */
  quoteAt: Map<number, QuoteRule>;
  lineComment: string[];
  blockComment: (readonly [string, string])[];
  /** First characters of comment openers. */
  commentFirst: Uint8Array;
  /** Characters a string may start with (quotes, prefixes, `@`, `$`, `<`); non-ASCII ones in `stringFirstWide`. */
  stringFirst: Uint8Array;
  stringFirstWide: string;
  /** First characters of two-character punctuation. */
  punct2First: Uint8Array;
}

const TABLES = new WeakMap<Dialect, Tables>();

function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let k = 0; k < chars.length; k++) t[chars.charCodeAt(k)] = 1;
  return t;
}

function tablesOf(d: Dialect): Tables {
  let t = TABLES.get(d);
  if (!t) {
    const quoteAt = new Map<number, QuoteRule>();
    for (const q of d.quotes) if (!quoteAt.has(q.open.charCodeAt(0))) quoteAt.set(q.open.charCodeAt(0), q);
    const firsts = [...d.lineComments, ...d.blockComments.map((b) => b[0])].map((s) => s[0]).join('');
    let sf = d.quotes.map((q) => q.open[0]).join('') + (d.triple ?? []).map((x) => x.open[0]).join('');
    if (d.heredoc) sf += '<';
    if (d.powershell || d.csharpStrings) sf += '@$';
    if (d.pythonPrefixes) sf += 'rRbBuUfF"\'';
    if (d.prefixes) sf += d.prefixes.chars;
    const wide = [...sf].filter((c) => c.charCodeAt(0) >= 128).join('');
    t = {
      idStart: table(d.idStart),
      idPart: table(d.idPart),
      quoteAt,
      lineComment: [...d.lineComments],
      blockComment: [...d.blockComments],
      commentFirst: table(firsts),
      stringFirst: table([...sf].filter((c) => c.charCodeAt(0) < 128).join('')),
      stringFirstWide: wide,
      punct2First: table(d.punct2.map((p) => p[0]).join('')),
    };
    TABLES.set(d, t);
  }
  return t;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** `fullJs` identifiers: the dialect's ASCII characters and anything from U+00C0 on. */
const isIdStartFull = (c: number, tb: Tables): boolean => (c < 128 ? tb.idStart[c] === 1 : c >= 0xc0);
const isIdPartFull = (c: number, tb: Tables): boolean => (c < 128 ? tb.idPart[c] === 1 : c >= 0xc0);
const NUMBER_PART = table(WORD + '.');
const WORD_CHAR = table(WORD);
const LETTER = table(LETTERS);

/**
 * The end of the comment starting at `i`, or -1 when none starts there. A block comment closes after
 * its closer, or at the end of the text; a line comment ends before the line break.
 */
export function commentEnd(text: string, i: number, d: Dialect, end?: number): number {
  if (end === undefined || end >= text.length) return commentEndT(text, i, tablesOf(d), d.crLineEnds);
  return commentEndBounded(text, i, d, end);
}

function commentEndT(text: string, i: number, tb: Tables, cr?: boolean): number {
  const c = text.charCodeAt(i);
  if (c >= 128 || !tb.commentFirst[c]) return -1;
  for (const [open, close] of tb.blockComment) {
    if (text.startsWith(open, i)) {
      const e = text.indexOf(close, i + open.length);
      return e < 0 ? text.length : e + close.length;
    }
  }
  for (const open of tb.lineComment) {
    if (text.startsWith(open, i)) return lineEnd(text, i + open.length, text.length, cr);
  }
  return -1;
}

/** `commentEnd` as if the text ended at `end`: the opener must fit before it, and the comment ends there at the latest. */
function commentEndBounded(text: string, i: number, d: Dialect, end: number): number {
  if (i >= end) return -1;
  for (const [open, close] of d.blockComments) {
    if (i + open.length <= end && text.startsWith(open, i)) {
      const e = text.indexOf(close, i + open.length);
      return e < 0 || e + close.length > end ? end : e + close.length;
    }
  }
  for (const open of d.lineComments) {
    if (i + open.length <= end && text.startsWith(open, i)) return lineEnd(text, i + open.length, end, d.crLineEnds);
  }
  return -1;
}

/** The index of the first `\n` (or, with `cr`, `\r`) at or after `i`, or `end`. */
function lineEnd(text: string, i: number, end: number, cr?: boolean): number {
  if (!cr) {
    const e = text.indexOf('\n', i);
    return e < 0 || e > end ? end : e;
  }
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return end;
}

/**
 * Whitespace and comments skipped from `p` (and, with `continuation`, a `\` or `` ` `` ending a
 * line); at most `max` comments and continuations.
 */
export function skipTrivia(text: string, p: number, d: Dialect, continuation?: '\\' | '`', max = Infinity): number {
  const n = text.length;
  for (let k = 0; k < max; k++) {
    while (p < n && /\s/.test(text[p])) p++;
    const e = commentEnd(text, p, d);
    if (e >= 0) {
      p = e;
      continue;
    }
    if (continuation && text[p] === continuation && (text[p + 1] === '\n' || (text[p + 1] === '\r' && text[p + 2] === '\n'))) {
      p += text[p + 1] === '\r' ? 3 : 2;
      continue;
    }
    return p;
  }
  return p;
}

/** A quoted string by `rule` whose opening quote is at `q` (the token starts at `start`, before any prefix). */
function readQuoted(text: string, start: number, q: number, rule: QuoteRule, simple: boolean, quote: string, n = text.length, cr = false, d?: Dialect): Token {
  // character codes, not one-character strings: this loop reads every character of every string
  const close1 = rule.closers.length === 1 ? rule.closers.charCodeAt(0) : -1;
  const esc = rule.escape ? rule.escape.charCodeAt(0) : -1;
  const stopsAtLine = rule.newline !== 'continues';
  let subs = false;
  let j = q + 1;
  for (; j < n; j++) {
    const cc = text.charCodeAt(j);
    if (close1 >= 0 ? cc === close1 : rule.closers.includes(text[j])) {
      if (rule.doubled && text.charCodeAt(j + 1) === cc) {
        simple = false;
        j++;
        continue;
      }
      const tok: Token = { t: 'str', start, end: j + 1, innerStart: q + 1, innerEnd: j, simple, quote };
      if (subs) tok.interpolated = true;
      return tok;
    }
    if (cc === esc) {
      simple = false;
      if (rule.jsEscapes) {
        if (j + 1 < n) j = jsEscapeEnd(text, j) - 1;
        continue;
      }
      if (rule.escapeStopsAtLineEnd) {
        const nx = text.charCodeAt(j + 1);
        if (nx === 10 || (cr && nx === 13)) continue;
      }
      j++;
      continue;
    }
    if (stopsAtLine && (cc === 10 || (cr && cc === 13))) {
      // the string ends at the line break: before it, or (C-like, Python) taking it into its range
      return rule.newline === 'endsBefore' ? unclosed(start, j, q, j, false, quote, subs) : unclosed(start, j + 1, q, j, simple, quote, subs);
    }
    if (cc !== 36 /* $ */ && cc !== 37 /* % */) continue;
    if (rule.expands && cc === 36 && /[A-Za-z_({]/.test(text[j + 1] ?? '')) simple = false;
    if (rule.interpolation && (cc === 36 || rule.interpolation === 'sameLine') && text.charCodeAt(j + 1) === 123) {
      simple = false;
      if (rule.interpolation === 'nested' && d) {
        subs = true;
        j = skipInterpolationNested(text, j + 1, d);
        continue;
      }
      j = rule.interpolation === 'naive' ? skipBracesNaive(text, j) : skipInterpolationSameLine(text, j + 1);
      if (rule.interpolation === 'sameLine' && (j >= n || text[j] === '\n')) return unclosed(start, Math.min(j, n), q, Math.min(j, n), false, quote, subs);
    }
  }
  return rule.newline === 'endsBefore' ? unclosed(start, n, q, n, false, quote, subs) : unclosed(start, n, q, n, simple, quote, subs);
}

/** A string token whose closing quote is missing. */
function unclosed(start: number, end: number, q: number, innerEnd: number, simple: boolean, quote: string, subs: boolean): Token {
  const tok: Token = { t: 'str', start, end, innerStart: q + 1, innerEnd, simple, quote, unterminated: true };
  if (subs) tok.interpolated = true;
  return tok;
}

/**
 * The end of the JavaScript escape at `j` (a `\` with a character after it): `\u{…}` to its `}`
 * when one comes within 8 characters, `\uXXXX`, `\xXX`, `\` + CRLF; otherwise two characters.
 */
export function jsEscapeEnd(text: string, j: number): number {
  const e = text[j + 1];
  if (e === 'u' && text[j + 2] === '{') {
    // `\u{…}` holds at most 6 hex digits: look no further (an unclosed one must not scan the file).
    const k = text.slice(j + 3, j + 11).indexOf('}');
    return k >= 0 ? j + 3 + k + 1 : j + 2;
  }
  if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return j + 6;
  if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(j + 2, j + 4))) return j + 4;
  if (e === '\r' && text[j + 2] === '\n') return j + 3;
  return j + 2;
}

/** From the `{` of `${`: the index of its `}`, skipping the dialect's strings and templates and comments; the end when it does not close. */
function skipInterpolationNested(text: string, j: number, d: Dialect): number {
  const n = text.length;
  let depth = 0;
  for (j++; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 34 || c === 39 || c === 96) {
      const s = stringAt(text, j, d);
      if (s) {
        j = s.end - 1;
        continue;
      }
    } else if (c === 47 && text.charCodeAt(j + 1) === 47) {
      const e = text.indexOf('\n', j);
      j = (e < 0 ? n : e) - 1;
    } else if (c === 47 && text.charCodeAt(j + 1) === 42) {
      const e = text.indexOf('*/', j + 2);
      j = (e < 0 ? n : e + 2) - 1;
    } else if (c === 123) depth++;
    else if (c === 125) {
      if (depth === 0) return j;
      depth--;
    }
  }
  return n;
}

/** From a `$` before `{`: the index of the `}` closing it by brace count alone (or the end). */
function skipBracesNaive(text: string, j: number): number {
  const n = text.length;
  let d = 0;
  for (; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 123) d++;
    else if (c === 125) {
      d--;
      if (d === 0) break;
    }
  }
  return j;
}

/** From the `{` of `${` / `%{`: the index of its `}`, skipping quoted strings; stops at a line break (returns its index) or the end. */
function skipInterpolationSameLine(text: string, j: number): number {
  const n = text.length;
  let depth = 0;
  for (; j < n; j++) {
    const cj = text.charCodeAt(j);
    if (cj === 10) return j;
    if (cj === 123) depth++;
    else if (cj === 125) {
      depth--;
      if (depth === 0) return j;
    } else if (cj === 34 || cj === 39) {
      let e = j + 1;
      while (e < n && text.charCodeAt(e) !== cj && text.charCodeAt(e) !== 10) e++;
      if (e >= n || text.charCodeAt(e) === 10) return e;
      j = e;
    }
  }
  return j;
}

/** The string token starting at `i` in dialect `d`, or undefined when none starts there. */
export function stringAt(text: string, i: number, d: Dialect, end?: number): Token | undefined {
  if (end !== undefined && end < text.length) return i < end ? boundedStringAt(text, i, d, end) : undefined;
  const n = text.length;
  const ch = text[i];
  if (d.triple) {
    for (const tr of d.triple) {
      if (!text.startsWith(tr.open, i)) continue;
      const close = text.indexOf(tr.open, i + tr.open.length);
      const innerEnd = close < 0 ? n : close;
      let e = close < 0 ? n : close + tr.open.length;
      if (tr.extend) while (e < n && text[e] === tr.open[0]) e++;
      return { t: 'str', start: i, end: e, innerStart: i + tr.open.length, innerEnd, simple: tr.simple, quote: tr.open, ...(close < 0 ? { unterminated: true as const } : {}) };
    }
  }
  if (d.heredoc && ch === '<' && text[i + 1] === '<') {
    const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(i, i + 80));
    if (m) {
      const bodyStart = i + m[0].length;
      const endRe = new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, 'gm');
      endRe.lastIndex = bodyStart;
      const em = endRe.exec(text);
      const innerEnd = em ? em.index : n;
      const e = em ? em.index + em[0].length : n;
      return { t: 'str', start: i, end: e, innerStart: bodyStart, innerEnd, simple: false, quote: m[0].replace(/[ \t]*\r?\n$/, ''), here: true, ...(em ? {} : { unterminated: true as const }) };
    }
  }
  if (d.powershell && ch === '@' && (text[i + 1] === '"' || text[i + 1] === "'") && /^[ \t]*\r?\n/.test(text.slice(i + 2, i + 4))) {
    const q = text[i + 1];
    const close = text.indexOf(`\n${q}@`, i + 2);
    const nl = text.indexOf('\n', i);
    const innerEnd = close < 0 ? n : close;
    const e = close < 0 ? n : close + 3;
    return { t: 'str', start: i, end: e, innerStart: nl + 1, innerEnd, simple: false, quote: `@${q}`, here: true, ...(close < 0 ? { unterminated: true as const } : {}) };
  }
  if (d.csharpStrings && (ch === '@' || ch === '$') && (text[i + 1] === '"' || ((text[i + 1] === '@' || text[i + 1] === '$') && text[i + 2] === '"'))) {
    const verbatim = ch === '@' || text[i + 1] === '@';
    const interp = ch === '$' || text[i + 1] === '$';
    const q = text.indexOf('"', i);
    const rule: QuoteRule = verbatim ? { open: '"', closers: '"', escape: '', doubled: true, newline: 'continues' } : backslashQuote('"', 'ends');
    return readQuoted(text, i, q, rule, !interp, text.slice(i, q + 1));
  }
  if (d.pythonPrefixes) {
    let p = i;
    while (p < n && p - i < 2 && 'rRbBuUfF'.includes(text[p])) p++;
    const q = text[p];
    if ((q === '"' || q === "'") && (p === i || !WORD_CHAR[text.charCodeAt(i - 1)])) {
      const prefix = text.slice(i, p).toLowerCase();
      if (text.startsWith(q + q + q, p)) {
        const close = text.indexOf(q + q + q, p + 3);
        const innerEnd = close < 0 ? n : close;
        const e = close < 0 ? n : close + 3;
        return { t: 'str', start: i, end: e, innerStart: p + 3, innerEnd, simple: false, quote: text.slice(i, p + 3), ...(close < 0 ? { unterminated: true as const } : {}) };
      }
      const raw = prefix.includes('r');
      const rule: QuoteRule = { open: q, closers: q, escape: '\\', doubled: false, newline: 'ends' };
      const tok = readQuoted(text, i, p, rule, !prefix.includes('f'), text.slice(i, p + 1));
      // A raw string's backslashes are its value.
      if (raw && !prefix.includes('f')) tok.simple = true;
      return tok;
    }
    return undefined;
  }
  let q = i;
  if (d.prefixes) while (q < n && q - i < d.prefixes.max && d.prefixes.chars.includes(text[q])) q++;
  const rule = tablesOf(d).quoteAt.get(text.charCodeAt(q));
  return rule ? readQuoted(text, i, q, rule, true, text.slice(i, q + 1), n, d.crLineEnds, d) : undefined;
}

/**
 * `stringAt` as if the text ended at `end` (an unterminated string ends there): the plain quoted
 * strings of a dialect (its `quotes`, with `prefixes`), which is what a bounded read needs.
 */
function boundedStringAt(text: string, i: number, d: Dialect, end: number): Token | undefined {
  let q = i;
  if (d.prefixes) while (q < end && q - i < d.prefixes.max && d.prefixes.chars.includes(text[q])) q++;
  if (q >= end) return undefined;
  const rule = tablesOf(d).quoteAt.get(text.charCodeAt(q));
  if (!rule) return undefined;
  const tok = readQuoted(text, i, q, rule, true, text.slice(i, q + 1), end, d.crLineEnds);
  // an escape just before the bound may step over it: the string still ends at the bound
  if (tok.end > end) tok.end = tok.innerEnd = end;
  return tok;
}

/** JavaScript: may a `/` after `prev` start a regular expression? */
function regexAllowed(text: string, prev: Token | undefined, fullJs?: boolean): boolean {
  if (!prev) return true;
  if (prev.t === 'str') return false;
  if (prev.t === 'regex') return !fullJs; // JS: as after any punctuation other than a closing bracket
  const s = text.slice(prev.start, prev.end);
  if (prev.t === 'id') return (fullJs ? /^(?:return|typeof|instanceof|case|do|else|in|of|new|delete|void|throw|yield|await)$/ : /^(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/).test(s);
  return !(s === ')' || s === ']' || s === '}');
}

/**
 * Lexes the whole text in one pass. Never throws on any input. With `sink`, each token goes to it
 * as it is read and `toks` stays empty: a reader that builds its own tokens from the lexer's does
 * not keep a second list of a large file alive.
 */
export function lex(text: string, d: Dialect, sink?: (t: Token) => void): Lexed {
  const tb = tablesOf(d);
  const full = d.fullJs === true;
  const toks: Token[] = [];
  // The token before the current one (regexes and PowerShell parameters look back one token).
  let last: Token | undefined;
  const push = (t: Token): void => {
    last = t;
    if (sink) sink(t);
    else toks.push(t);
  };
  const comments: Range[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (d.newlines) push({ t: 'nl', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || (full && (c === 12 || c === 11 || c === 0xa0 || c === 0xfeff))) {
      i++;
      continue;
    }
    if (d.powershell && c === 96 /* ` */ && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    const ce = c < 128 && tb.commentFirst[c] ? commentEndT(text, i, tb, d.crLineEnds) : -1;
    if (ce >= 0) {
      comments.push({ start: i, end: ce });
      if (d.newlines && text.startsWith('/*', i) && text.slice(i, ce).includes('\n')) push({ t: 'nl', start: ce - 1, end: ce }); // a block comment spanning lines ends a statement
      i = ce;
      continue;
    }
    if (d.regex && c === 47 /* / */ && regexAllowed(text, last, full)) {
      // a regular expression literal: to its end on the same line (500 characters at most, so that a
      // line of unclosed ones stays linear)
      let j = i + 1;
      let cls = false;
      while (j < n && text[j] !== '\n' && !(full && text[j] === '\r') && j - i < 500) {
        if (text[j] === '\\') j++;
        else if (text[j] === '[') cls = true;
        else if (text[j] === ']') cls = false;
        else if (text[j] === '/' && !cls) break;
        j++;
      }
      if (j < n && text[j] === '/') {
        j++;
        if (full) while (j < n && isIdPartFull(text.charCodeAt(j), tb)) j++;
        else while (j < n && /[a-z]/.test(text[j])) j++;
        push({ t: 'regex', start: i, end: j });
        i = j;
        continue;
      }
    }
    const s = (c < 128 ? tb.stringFirst[c] === 1 : tb.stringFirstWide.includes(text[i])) ? stringAt(text, i, d) : undefined;
    if (s) {
      push(s);
      i = s.end;
      continue;
    }
    if (d.powershell) {
      if (c === 36 /* $ */) {
        let j = i + 1;
        if (text[j] === '{') {
          const e = text.indexOf('}', j);
          j = e < 0 ? n : e + 1;
        } else while (j < n && (WORD_CHAR[text.charCodeAt(j)] || text[j] === ':' || text[j] === '?')) j++;
        push({ t: 'var', start: i, end: j });
        i = j;
        continue;
      }
      if (c === 45 /* - */ && LETTER[text.charCodeAt(i + 1)]) {
        let j = i + 1;
        while (j < n && WORD_CHAR[text.charCodeAt(j)]) j++;
        const prev = last;
        // `-Scopes` after whitespace is a parameter or an operator (`-eq`); glued to a word it is part of it (`Get-MgUser`).
        if (!prev || prev.end < i || prev.t === 'p' || prev.t === 'nl') {
          push({ t: 'param', start: i, end: j });
          i = j;
          continue;
        }
      }
    }
    if (full && (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1))))) {
      // a number, `.5`, `1e-5` (the sign taken, except in hex)
      let j = i + 1;
      while (j < n && NUMBER_PART[text.charCodeAt(j)] === 1) {
        const cj = text.charCodeAt(j);
        if ((cj === 101 || cj === 69) && (text[j + 1] === '-' || text[j + 1] === '+') && !(text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && j > i + 1)) j++;
        j++;
      }
      push({ t: 'id', start: i, end: j });
      i = j;
      continue;
    }
    if ((c < 128 && tb.idStart[c]) || (full && (c >= 0xc0 || c === 92 || (c === 35 && isIdStartFull(text.charCodeAt(i + 1), tb))))) {
      let j = i + 1;
      if (full) while (j < n && (isIdPartFull(text.charCodeAt(j), tb) || text.charCodeAt(j) === 92)) j++;
      else while (j < n && text.charCodeAt(j) < 128 && tb.idPart[text.charCodeAt(j)]) j++;
      push({ t: 'id', start: i, end: j });
      i = j;
      continue;
    }
    if (isDigit(c)) {
      let j = i + 1;
      while (j < n && NUMBER_PART[text.charCodeAt(j)] === 1) j++;
      push({ t: 'id', start: i, end: j });
      i = j;
      continue;
    }
    if (d.powershell && c === 64 /* @ */ && (text[i + 1] === '(' || text[i + 1] === '{')) {
      push({ t: 'p', start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (d.punct3 && d.punct3.includes(text.slice(i, i + 3))) {
      push({ t: 'p', start: i, end: i + 3 });
      i += 3;
      continue;
    }
    if (c < 128 && tb.punct2First[c] && d.punct2.includes(text.slice(i, i + 2))) {
      push({ t: 'p', start: i, end: i + 2 });
      i += 2;
      continue;
    }
    push({ t: 'p', start: i, end: i + 1 });
    i++;
  }
  return { toks, comments };
}

/**
 * The index of the bracket closing the one at `i` (`(`, `[` or `{`), counting that kind only and
 * skipping the dialect's closed strings (an unclosed quote counts as a character); -1 when it does
 * not close within `limit` characters.
 */
export function matchBracketAt(text: string, i: number, d: Dialect, limit = Infinity): number {
  const open = text[i];
  const close = open === '(' ? ')' : open === '[' ? ']' : '}';
  const tb = tablesOf(d);
  let depth = 0;
  const max = Math.min(text.length, i + limit);
  for (let j = i; j < max; j++) {
    const c = text[j];
    if (tb.quoteAt.has(text.charCodeAt(j))) {
      const s = stringAt(text, j, d);
      if (s && !s.unterminated) {
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

/** `.http` files: whole-line `#` and `//` comments. */
export function httpComments(text: string): Range[] {
  const out: Range[] = [];
  const re = new RegExp(HTTP_COMMENT_LINE.source, 'gm');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push({ start: m.index, end: m.index + m[0].length });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/**
 * For each opening bracket token (`(`, `[`, `{`, and PowerShell's `@(` / `@{`), the index of the
 * token that closes it, by a stack over the token list (any closer pops the innermost opener, as the
 * scanners always read it). Unclosed openers are absent.
 */
export function matchBrackets(text: string, toks: readonly Token[]): Map<number, number> {
  const closeOf = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.t !== 'p') continue;
    const s = text.slice(t.start, t.end);
    if (OPEN.has(s) || s === '@(' || s === '@{') stack.push(i);
    else if (CLOSE.has(s)) {
      const o = stack.pop();
      if (o !== undefined) closeOf.set(o, i);
    }
  }
  return closeOf;
}
