/**
 * The shared lexer (src/core/text/lexer.ts): each dialect's strings and comments, nesting,
 * unterminated input at the end of the text, CRLF line ends, and position-based reads.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { BICEP, CALL_STRINGS, CSHARP, HCL, JAVA, JS, JSONC, JSONC_LINES, POWERSHELL, PYTHON, TS, commentEnd, jsEscapeEnd, lex, matchBracketAt, matchBrackets, skipTrivia, stringAt, type Dialect, type Token } from '../../src/core/text/lexer';

/** Strings as `[content, simple, quote]`. */
function strings(text: string, d: Dialect): [string, boolean, string | undefined][] {
  return lex(text, d)
    .toks.filter((t) => t.t === 'str')
    .map((t) => [text.slice(t.innerStart, t.innerEnd), t.simple as boolean, t.quote]);
}
function comments(text: string, d: Dialect): string[] {
  return lex(text, d).comments.map((c) => text.slice(c.start, c.end));
}
function kinds(text: string, d: Dialect): string[] {
  return lex(text, d).toks.map((t) => `${t.t}:${text.slice(t.start, t.end)}`);
}

describe('shared lexer', () => {
  it('JavaScript: quotes, template literals with nested ${…}, comments, regular expressions', () => {
    const text = "const a = 'User.Read'; // one\nconst b = \"x\\\"y\"; /* two\n lines */ const c = `a${ {k: 1}[\"k\"] }b`;\nconst r = /['\"]/g; x = y / 2 / 3;";
    assert.deepStrictEqual(strings(text, JS), [
      ['User.Read', true, "'"],
      ['x\\"y', false, '"'],
      ['a${ {k: 1}["k"] }b', false, '`'],
    ]);
    assert.deepStrictEqual(comments(text, JS), ['// one', '/* two\n lines */']);
    const toks = kinds(text, JS);
    assert.ok(toks.includes(`regex:/['"]/g`), 'a regex after `=`');
    assert.ok(!toks.some((t) => t.startsWith('regex:/ 2')), 'division after an identifier');
  });

  it('C#: verbatim, interpolated and raw strings; Java text blocks', () => {
    const text = 'var a = @"C:\\path ""q"""; var b = $"{x} y"; var c = $@"multi\nline"; var d = """\n  raw "quoted"\n  """";';
    assert.deepStrictEqual(strings(text, CSHARP), [
      ['C:\\path ""q""', false, '@"'],
      ['{x} y', false, '$"'],
      ['multi\nline', false, '$@"'],
      ['\n  raw "quoted"\n  ', false, '"""'],
    ]);
    assert.strictEqual(lex(text, CSHARP).toks.find((t) => t.quote === '"""')?.end, text.length - 1, 'a raw string takes the extra closing quotes');
    assert.deepStrictEqual(strings('String s = """\n  Mail.Send\n  """;', JAVA), [['\n  Mail.Send\n  ', false, '"""']]);
    assert.deepStrictEqual(strings('x = @"a"', JAVA), [['a', true, '"']], 'no verbatim strings in Java');
  });

  it('Python: prefixes, raw and f-strings, triple quotes, # comments', () => {
    const text = "a = r'\\d+' # re\nb = f\"{x}\"\nc = '''multi\nline'''\nd = rb'x'\ne = ur\"y\"\nid'z'";
    assert.deepStrictEqual(strings(text, PYTHON), [
      ['\\d+', true, "r'"],
      ['{x}', false, 'f"'],
      ['multi\nline', false, "'''"],
      ['x', true, "rb'"],
      ['y', true, 'ur"'],
      ['z', true, "'"],
    ]);
    assert.deepStrictEqual(comments(text, PYTHON), ['# re']);
    assert.deepStrictEqual(strings("'a\\'b'", PYTHON), [["a\\'b", false, "'"]]);
  });

  it('PowerShell: here-strings, backtick escapes, doubled quotes, typographic quotes, <# #> blocks, variables and parameters', () => {
    const text = "<# block\n #> Connect-MgGraph -Scopes \"User.Read\", 'it''s' # c\n$h = @\"\nMail.Send\n\"@\n$s = \"a`\"b $x\"; $t = \u201cUser.Read\u201d\nGet-X `\n  -All";
    assert.deepStrictEqual(strings(text, POWERSHELL), [
      ['User.Read', true, '"'],
      ["it''s", false, "'"],
      ['Mail.Send', false, '@"'],
      ['a`"b $x', false, '"'],
      ['User.Read', true, '\u201c'],
    ]);
    assert.deepStrictEqual(comments(text, POWERSHELL), ['<# block\n #>', '# c']);
    const toks = kinds(text, POWERSHELL);
    assert.ok(toks.includes('id:Connect-MgGraph') && toks.includes('param:-Scopes') && toks.includes('var:$h') && toks.includes('param:-All'));
    assert.strictEqual(toks.filter((t) => t === 'nl:\n').length, 3, 'line breaks are tokens (not those in comments and strings, nor a backtick continuation)');
    assert.deepStrictEqual(strings("@'\r\nliteral $x\r\n'@", POWERSHELL), [['literal $x\r', false, "@'"]]);
  });

  it('Bicep and HCL: interpolation with nested strings, triple quotes, heredocs, comments', () => {
    const bicep = "var a = 'x${concat('a', 'b')}y' // c\nvar b = '''\nMail.Send\n'''\n/* one\ntwo */ var c = 'it\\'s'";
    assert.deepStrictEqual(strings(bicep, BICEP), [
      ["x${concat('a', 'b')}y", false, "'"],
      ['\nMail.Send\n', true, "'''"],
      ["it\\'s", false, "'"],
    ]);
    assert.deepStrictEqual(comments(bicep, BICEP), ['// c', '/* one\ntwo */']);
    assert.ok(lex(bicep, BICEP).toks.some((t) => t.t === 'nl' && bicep.slice(t.start, t.end) === '/'), 'a block comment over lines ends the statement');
    const hcl = 'a = "${var.x}" # c\nb = <<-EOT\n  User.Read\n  EOT\nc = "%{ if x }y%{ endif }"';
    assert.deepStrictEqual(strings(hcl, HCL), [
      ['${var.x}', false, '"'],
      ['  User.Read\n', false, '<<-EOT'],
      ['%{ if x }y%{ endif }', false, '"'],
    ]);
    assert.deepStrictEqual(comments(hcl, HCL), ['# c']);
  });

  it('unterminated strings and comments at the end of the text', () => {
    assert.deepStrictEqual(strings('x = "abc', JS), [['abc', true, '"']]);
    assert.deepStrictEqual(strings('x = `a${b', JS), [['a${b', false, '`']]);
    assert.deepStrictEqual(comments('x /* open', JS), ['/* open']);
    assert.deepStrictEqual(comments('<# open', POWERSHELL), ['<# open']);
    assert.deepStrictEqual(strings('$x = @"\nopen', POWERSHELL), [['open', false, '@"']]);
    assert.deepStrictEqual(strings("'''open", BICEP), [['open', true, "'''"]]);
    assert.deepStrictEqual(strings('a = "x\\', HCL), [['x\\', false, '"']]);
    assert.deepStrictEqual(strings('s = """open', CSHARP), [['open', false, '"""']]);
    for (const d of [JS, TS, CSHARP, JAVA, PYTHON, POWERSHELL, BICEP, HCL, JSONC, JSONC_LINES]) {
      const l = lex('"\\', d);
      for (const t of l.toks) assert.ok(t.end <= 2 && (t.innerEnd ?? 0) <= 2, `${d.name}: no range past the end`);
    }
  });

  it('strings that end at a line break: C-like takes the break into the token, brace languages stop before it', () => {
    const js = lex('a = "abc\nb = 1', JS).toks.find((t) => t.t === 'str') as Token;
    assert.deepStrictEqual([js.innerEnd, js.end], [8, 9]);
    const hcl = lex('a = "abc\nb = 1', HCL).toks.find((t) => t.t === 'str') as Token;
    assert.deepStrictEqual([hcl.innerEnd, hcl.end, hcl.simple], [8, 8, false]);
    assert.deepStrictEqual(strings('a = "x\r\nb = "y"\r\n', JS), [['x\r', true, '"'], ['y', true, '"']]);
    assert.deepStrictEqual(comments('// one\r\n# two\r\n', PYTHON), ['# two\r']);
    assert.deepStrictEqual(comments('// one\r\nx', JS), ['// one\r']);
  });

  it('brackets: openers matched to closers by a stack; strings and comments hide theirs', () => {
    const text = 'f(a, [1, "(", { b: 2 }]) // )';
    const { toks } = lex(text, JS);
    const m = matchBrackets(text, toks);
    const at = (s: string, from = 0): number => toks.findIndex((t) => t.start === text.indexOf(s, from));
    assert.strictEqual(m.get(at('(')), at(')', 20));
    assert.strictEqual(m.get(at('[')), at(']'));
    assert.strictEqual(m.get(at('{')), at('}'));
    const ps = '@{ a = @(1, 2) }';
    const pm = matchBrackets(ps, lex(ps, POWERSHELL).toks);
    assert.strictEqual(pm.size, 2);
  });

  it('position reads: stringAt, commentEnd, skipTrivia', () => {
    assert.strictEqual(stringAt('x "a\\"b" y', 2, JS)?.end, 8);
    assert.strictEqual(stringAt('x "a" y', 0, JS), undefined);
    assert.strictEqual(commentEnd('a /* b */ c', 2, JS), 9);
    assert.strictEqual(commentEnd('a # b\nc', 2, PYTHON), 5);
    assert.strictEqual(commentEnd('a # b', 2, JS), -1);
    assert.strictEqual(skipTrivia('  // x\n /* y */ z', 0, JS), 16);
    assert.strictEqual(skipTrivia(' \\\n  z', 0, PYTHON, '\\'), 5);
  });

  it('call strings: prefixes, the unterminated flag, bracket matching over strings', () => {
    assert.deepStrictEqual(
      ['$"/me"', 'f\'/users/{id}\'', 'rb"x"', '`/me/${id}`'].map((t) => stringAt(t, 0, CALL_STRINGS)).map((s) => [s?.quote, s?.unterminated]),
      [
        ['$"', undefined],
        ["f'", undefined],
        ['rb"', undefined],
        ['`', undefined],
      ],
    );
    assert.strictEqual(stringAt('"/me\\nx"', 0, CALL_STRINGS)?.unterminated, undefined, 'an escaped character, not a line break');
    assert.strictEqual(stringAt('"/me\nx"', 0, CALL_STRINGS)?.unterminated, true, 'a line break ends it unclosed');
    assert.strictEqual(stringAt("'open", 0, CALL_STRINGS)?.unterminated, true);
    const call = 'api("/me)", x).get()';
    assert.strictEqual(matchBracketAt(call, 3, CALL_STRINGS), call.indexOf(').get'));
    assert.strictEqual(matchBracketAt('f("a(" , (b)', 1, CALL_STRINGS), -1);
    assert.strictEqual(matchBracketAt('f(\'it, )', 1, CALL_STRINGS), 7, 'an unclosed quote is a character');
  });

  it('JSONC_LINES: a lone CR ends strings and line comments, a backslash does not take the line break, reads bounded by an end', () => {
    // a lone \r ends a string (before it) and a line comment; JSONC keeps reading past it
    assert.deepStrictEqual(stringAt('"ab\rc"', 0, JSONC_LINES), { t: 'str', start: 0, end: 3, innerStart: 1, innerEnd: 3, simple: false, quote: '"', unterminated: true });
    assert.strictEqual(stringAt('"ab\rc"', 0, JSONC)?.end, 6);
    assert.strictEqual(commentEnd('// x\ry', 0, JSONC_LINES), 4);
    assert.strictEqual(commentEnd('// x\ry', 0, JSONC), 6);
    // a backslash before a line break: the string still ends at the break, the backslash inside it
    const bs = stringAt('"a\\\nb"', 0, JSONC_LINES);
    assert.deepStrictEqual([bs?.end, bs?.unterminated], [3, true]);
    assert.strictEqual(stringAt('"a\\\r\nb"', 0, JSONC_LINES)?.end, 3);
    assert.strictEqual(stringAt('"a\\"b"', 0, JSONC_LINES)?.end, 6, 'an escaped quote');
    // bounded reads: as if the text ended at `end`
    const text = '"abc" /* x */ // y';
    assert.strictEqual(stringAt(text, 0, JSONC_LINES, 3)?.end, 3);
    assert.strictEqual(stringAt(text, 0, JSONC_LINES, 3)?.unterminated, true);
    assert.strictEqual(stringAt(text, 0, JSONC_LINES, 5)?.unterminated, undefined);
    assert.strictEqual(stringAt('"a\\"', 0, JSONC_LINES, 3)?.end, 3, 'an escape stepping over the bound ends at it');
    assert.strictEqual(stringAt(text, 0, JSONC_LINES, 0), undefined);
    assert.strictEqual(commentEnd(text, 6, JSONC_LINES, 10), 10, 'a block comment closing past the bound ends at it');
    assert.strictEqual(commentEnd(text, 6, JSONC_LINES, 13), 13);
    assert.strictEqual(commentEnd(text, 6, JSONC_LINES, 7), -1, 'the opener must fit before the bound');
    assert.strictEqual(commentEnd(text, 14, JSONC_LINES, 17), 17);
    assert.strictEqual(commentEnd(text, 14, JSONC_LINES), text.length);
    // the unbounded reads of the other dialects are unchanged by an end at or past the text
    for (const d of [JS, JSONC, BICEP]) assert.deepStrictEqual(stringAt(text, 0, d, text.length), stringAt(text, 0, d));
  });

  it('TS: Unicode and #private identifiers, numbers, three-character punctuation, no regex after a regex; JS tokens unchanged', () => {
    const text = 'const café = this.#count >>>= .5e-3 ** 1e+5 ... 0x1e+2; a ?.b ??= \\u0061x; /a/ /b/g';
    assert.deepStrictEqual(kinds(text, TS), [
      'id:const', 'id:café', 'p:=', 'id:this', 'p:.', 'id:#count', 'p:>>>', 'p:=', 'id:.5e-3', 'p:**', 'id:1e+5', 'p:...', 'id:0x1e', 'p:+', 'id:2', 'p:;',
      'id:a', 'p:?.', 'id:b', 'p:??=', 'id:\\u0061x', 'p:;', 'regex:/a/', 'p:/', 'id:b', 'p:/', 'id:g',
    ]);
    // the JS dialect reads the same text as before: ASCII identifiers, two-character punctuation only, a regex after a regex
    const js = kinds('é = a >>> .5; /a/ /b/g', JS);
    assert.deepStrictEqual(js, ['p:é', 'p:=', 'id:a', 'p:>', 'p:>', 'p:>', 'p:.', 'id:5', 'p:;', 'regex:/a/', 'regex:/b/g']);
    assert.deepStrictEqual(kinds('\f\v\u00a0\ufeffx', TS), ['id:x']);
    assert.deepStrictEqual(kinds('x instanceof /re/u', TS), ['id:x', 'id:instanceof', 'regex:/re/u']);
  });

  it('TS: a lone CR ends strings, line comments and regexes; a backslash continues a string over CRLF', () => {
    assert.deepStrictEqual(strings("'ab\rc; // x\ry", TS), [['ab', false, "'"]]);
    assert.deepStrictEqual(lex("'ab\rc; // x\ry", TS).comments, [{ start: 7, end: 11 }]);
    assert.deepStrictEqual(strings("'a\\\r\nb'", TS), [["a\\\r\nb", false, "'"]]);
    assert.ok(!kinds('x = /a\r/', TS).some((t) => t.startsWith('regex')));
    // JS keeps its rules
    assert.deepStrictEqual(strings('"ab\rc"', JS), [['ab\rc', true, '"']]);
  });

  it('TS: template literals read ${…} with real nesting (strings, templates, comments inside)', () => {
    const text = "`a${ '}' + `b${ \"}\" }` /* } */ }c` + `plain\\`` // ${\n`x${ // }\n 1 }y`";
    const toks = lex(text, TS).toks.filter((t) => t.t === 'str');
    assert.deepStrictEqual(
      toks.map((t) => [text.slice(t.start, t.end), t.interpolated ?? false]),
      [
        ["`a${ '}' + `b${ \"}\" }` /* } */ }c`", true],
        ['`plain\\``', false],
        ['`x${ // }\n 1 }y`', true],
      ],
    );
    // the JS dialect counts braces only, as before
    const naive = lex(text, JS).toks.filter((t) => t.t === 'str')[0];
    assert.notStrictEqual(text.slice(naive.start, naive.end), "`a${ '}' + `b${ \"}\" }` /* } */ }c`");
    assert.strictEqual(naive.interpolated, undefined);
    // unclosed: to the end of the text
    const open = stringAt('`a${ {', 0, TS);
    assert.deepStrictEqual([open?.end, open?.unterminated, open?.interpolated], [6, true, true]);
  });

  it('TS: JavaScript escapes are read whole (jsEscapeEnd)', () => {
    assert.strictEqual(jsEscapeEnd('\\u{1F600}x', 0), 9);
    assert.strictEqual(jsEscapeEnd('\\u{1F600', 0), 2, 'no `}` within 8 characters');
    assert.strictEqual(jsEscapeEnd('\\u0041', 0), 6);
    assert.strictEqual(jsEscapeEnd('\\u00', 0), 2);
    assert.strictEqual(jsEscapeEnd('\\x41', 0), 4);
    assert.strictEqual(jsEscapeEnd('\\\r\n', 0), 3);
    assert.strictEqual(jsEscapeEnd('\\n', 0), 2);
    assert.deepStrictEqual(strings('"\\u{41}" "\\"q"', TS), [['\\u{41}', false, '"'], ['\\"q', false, '"']]);
  });

  it('never throws, stays in range and advances on any input', () => {
    const alphabet = fc.constantFrom('"', "'", '`', '"""', "'''", '@"\n', '\n"@', '${', '%{', '}', '{', '(', ')', '/', '//', '/*', '*/', '#', '<#', '#>', '\\', '`\n', '\n', '\r\n', ' ', 'a', '1', '-x', '$v', '<<EOF\n', 'EOF', 'r"', '\u201c');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        for (const d of [JS, CSHARP, JAVA, PYTHON, POWERSHELL, BICEP, HCL, JSONC]) {
          const { toks, comments: cs } = lex(text, d);
          let last = 0;
          for (const t of toks) {
            assert.ok(t.start >= last && t.end > t.start && t.end <= text.length, `${d.name}: token in order and in range`);
            if (t.t === 'str') assert.ok((t.innerStart as number) <= (t.innerEnd as number) && (t.innerEnd as number) <= t.end);
            last = t.t === 'nl' ? t.start : t.end;
          }
          for (const c of cs) assert.ok(c.start < c.end && c.end <= text.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
