/**
 * Hostile metadata: a store from a cache or an update may hold anything. Names, display texts and
 * descriptions carrying HTML, Markdown links to `command:` URIs, images, table or heading breaks,
 * backticks and control characters must render inert — in hovers (rendered here with markdown-it, with
 * HTML enabled, which is stricter than VS Code's untrusted MarkdownString), in completion
 * documentation and in the permission detail webview. A corrupt or hostile store file is rejected
 * by `PermissionStore.fromJson` with a clear message, never an exception of another kind.
 */
import * as assert from 'assert';
import { analyzeText } from '../../src/core/analyze';
import { completionsAt } from '../../src/core/permissions/permissionCompletion';
import { permissionHover, resourceAppHover } from '../../src/core/permissions/permissionHover';
import { codeSpan, escapeHtml, escapeMarkdown } from '../../src/core/text/markdown';
import { terminalSafe } from '../../src/cliOutput';
import { runRules } from '../../src/core/rules';
import { PermissionStore, StoreFormatError } from '../../src/core/store/store';
import { STORE_FORMAT } from '../../src/core/store/storeData';

const GRAPH = '00000003-0000-0000-c000-000000000000';

/** Payloads an attacker controlling the metadata might try. */
const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<a href="command:workbench.action.terminal.new">open</a>',
  '[click me](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%22%7D)',
  '[x](javascript:alert(1))',
  '![tracker](https://evil.example/pixel.png)',
  '<command:workbench.action.openSettings>',
  '<https://evil.example/autolink>',
  'https://evil.example/bare-link',
  '`code` ``double`` ```fence```',
  '\n# Heading\n| injected | row |\n---\n',
  '$(alert) $(terminal) codicon',
  'bidi \u202e gnp.exe \u2066 zero\u200bwidth \ufeff bom',
  'control \u0000\u0001\u0007\u001b[31m\u007f\u0085\u009b escapes',
  '&lt;entity&gt; &#60;script&#62; &amp;',
  '[ref]: command:evil "title"\n[ref]',
  '<!-- comment --> <style>*{display:none}</style> <iframe src="https://evil.example">',
  '*emphasis* _under_ ~~strike~~ **bold** \\*escaped\\*',
];
const HOSTILE = PAYLOADS.join(' ');
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

const ROLE_ID = '11111111-2222-4333-8444-555555555555';
const SCOPE_ID = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const NAME = 'Evil.ReadWrite.All';

function storeFile(overrides: { name?: string; text?: string; appName?: string } = {}): string {
  const text = overrides.text ?? HOSTILE;
  const name = overrides.name ?? NAME;
  return JSON.stringify({
    format: STORE_FORMAT,
    provenance: { origin: 'upstream', sources: [{ package: text, version: text, file: text, license: text, published: '2026-01-01' }], snapshotDate: `2026-01-01 ${text}`, generator: text, counts: { resourceApps: 1, delegated: 1, application: 1 } },
    resourceApps: [
      {
        appId: GRAPH,
        displayName: overrides.appName ?? `Microsoft Graph ${text}`,
        permissions: [
          { id: ROLE_ID, value: name, kind: 'Application', displayName: text, description: text, adminConsentRequired: true, enabled: false },
          { id: SCOPE_ID, value: name, kind: 'Delegated', displayName: `${text} d`, description: `${text} delegated`, adminConsentRequired: false, enabled: true, userDisplayName: text, userDescription: `${text} user` },
          { id: '77777777-7777-4777-8777-777777777777', value: 'Evil.Read.All', kind: 'Application', displayName: text, description: text, adminConsentRequired: true, enabled: true },
        ],
      },
    ],
  });
}

// markdown-it (a dependency of @vscode/vsce) renders the Markdown as a Markdown viewer would.
type Renderer = { render(md: string): string };
let md: Renderer | undefined;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const MarkdownIt = require('markdown-it') as new (opts: object) => Renderer;
  md = new MarkdownIt({ html: true, linkify: true });
} catch {
  md = undefined;
}

/** What an inert rendering must not contain: active HTML, images, non-https or command links, controls. */
function assertInertHtml(html: string, allowedCommandLinks: RegExp[] = []): void {
  assert.doesNotMatch(html, /<(?:script|img|iframe|style|a\s[^>]*href="(?:javascript|data|vbscript):)/i, 'active HTML in the rendering');
  assert.doesNotMatch(html, /<[^>]*\son\w+=[^>]*>/i, 'event handler attribute in the rendering');
  for (const m of html.matchAll(/href="([^"]*)"/g)) {
    const href = m[1];
    if (href.startsWith('command:')) assert.ok(allowedCommandLinks.some((re) => re.test(href)), `unexpected command link ${href}`);
    else assert.match(href, /^https:\/\/learn\.microsoft\.com\//, `link to ${href} from metadata`);
  }
  assert.doesNotMatch(html, /<h\d|<table[\s\S]*<table/, 'metadata broke into a heading or a second table');
  assert.doesNotMatch(html, CONTROL, 'control or bidi character in the rendering');
}

function assertInertMarkdown(markdown: string, allowedCommandLinks: RegExp[] = []): void {
  assert.doesNotMatch(markdown, CONTROL, 'control or bidi character in the Markdown');
  assert.doesNotMatch(markdown, /\]\((?:command|javascript):/i, 'a link to a command or script from metadata');
  assert.doesNotMatch(markdown, /(?<!\\)<(?:script|img|iframe|a\s|style|!--)/i, 'raw (unescaped) HTML from metadata');
  if (md) assertInertHtml(md.render(markdown), allowedCommandLinks);
}

describe('hostile metadata renders inert', () => {
  const store = PermissionStore.fromJson(storeFile());
  const manifest = JSON.stringify(
    {
      requiredResourceAccess: [
        {
          resourceAppId: GRAPH,
          resourceAccess: [
            { id: ROLE_ID, type: 'Scope' },
            { id: NAME, type: 'Role' },
            { id: 'evil.readwrite.all', type: 'Role' },
            { id: 'Evil.ReadWrte.All', type: 'Role' },
          ],
        },
      ],
    },
    null,
    2,
  );

  before(function () {
    if (!md) console.log('    (markdown-it is not installed: Markdown is checked as text only, not rendered)');
  });

  it('hovers on GUIDs and names (both kinds, notes, disabled flag, type mismatch)', () => {
    const a = analyzeText(manifest, 'json', store);
    assert.ok(a.references.length >= 3, 'the hostile permissions are found');
    let n = 0;
    for (const r of a.references) {
      const hover = permissionHover(store, r);
      if (!hover) continue;
      n++;
      assertInertMarkdown(hover);
      assert.ok(hover.includes(escapeMarkdown('<img src=x onerror=alert(1)>')), 'the description is shown, escaped');
    }
    assert.ok(n >= 3);
  });

  it('the only command link a hover may carry is the extension\'s own, with encoded arguments', () => {
    const r = analyzeText(manifest, 'json', store).references[0];
    const hover = permissionHover(store, r, { commandLinks: true }) as string;
    assert.ok(hover.includes('](command:graphPermissionLens.showPermission?'), 'the hover links the detail page');
    if (md) {
      const html = md.render(hover);
      assertInertHtml(html, [/^command:graphPermissionLens\.showPermission\?/]);
      const links = [...html.matchAll(/href="command:([^"?]*)/g)].map((m) => m[1]);
      assert.ok(links.length >= 1);
      assert.deepStrictEqual([...new Set(links)], ['graphPermissionLens.showPermission']);
    }
  });

  it('resource application hovers', () => {
    const app = store.resourceApp(GRAPH);
    assert.ok(app);
    assertInertMarkdown(resourceAppHover(app));
  });

  it('completion documentation and labels', () => {
    const text = '{"requiredResourceAccess":[{"resourceAppId":"00000003-0000-0000-c000-000000000000","resourceAccess":[{"id":"","type":"Role"}]}]}';
    const r = completionsAt(text, text.indexOf('"id":"') + 6, store);
    assert.ok(r && r.items.length > 0, 'completions offered');
    for (const item of r.items) {
      if (item.documentation) assertInertMarkdown(item.documentation);
      assert.doesNotMatch(item.label, CONTROL);
    }
  });

  it('diagnostic messages from hostile names stay plain text on one line', () => {
    // Names and ids with ANSI escapes, line breaks and bidi overrides, from the metadata and the document.
    const evil = 'Evil.Read\u001b[2J\nfake\u202e.All';
    const s = PermissionStore.fromJson(storeFile({ name: evil }));
    const text = JSON.stringify({ requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: [{ id: ROLE_ID, type: 'Scope' }, { id: ROLE_ID, type: 'Role' }, { id: ROLE_ID, type: 'Role' }, { id: 'X\u001b[2J\nfake\u2066', type: 'Role' }] }] });
    const a = analyzeText(text, 'json', s);
    const { diagnostics, errors } = runRules(text, a, s);
    assert.deepStrictEqual(errors, []);
    assert.ok(diagnostics.length >= 3, diagnostics.map((d) => d.code).join());
    // The CLI's text output (terminalSafe) is what reaches a terminal or a CI log: one line, nothing active.
    for (const d of diagnostics) {
      const line = `x.json:1:1  ${d.severity}  ${terminalSafe(d.message)}  [${d.code}]`;
      assert.doesNotMatch(line, /[\r\n\u2028\u2029]/, `a line break in ${JSON.stringify(line)}`);
      assert.doesNotMatch(line, CONTROL, `a control or bidi character in ${JSON.stringify(line)}`);
    }
    assert.ok(diagnostics.some((d) => terminalSafe(d.message).includes('\\u001b[2J\\nfake')), 'the hostile text is shown, escaped');
  });

  it('a hostile permission name cannot break out of the heading, code spans or the reference link', () => {
    const evilName = 'Evil.Name](command:x)<img src=y>`';
    const s = PermissionStore.fromJson(storeFile({ name: evilName }));
    const text = JSON.stringify({ requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: [{ id: ROLE_ID, type: 'Role' }] }] });
    const r = analyzeText(text, 'json', s).references[0];
    const hover = permissionHover(s, r) as string;
    assertInertMarkdown(hover);
    assert.match(hover, /permissions-reference#[a-z0-9-]*\)/, 'the anchor keeps only [a-z0-9-]');
  });

  it('escapers: Markdown metacharacters, code spans and HTML', () => {
    for (const p of PAYLOADS) {
      assertInertMarkdown(escapeMarkdown(p));
      const span = codeSpan(p);
      assert.doesNotMatch(span, CONTROL);
      assert.strictEqual(span.split('`').length, 3, 'one code span, not broken by backticks');
      if (md) assertInertHtml(md.render(span));
      const h = escapeHtml(p);
      assert.doesNotMatch(h, /[<>"']/);
      assert.doesNotMatch(h, CONTROL);
    }
  });

  it('the permission detail webview escapes everything and runs under a strict CSP', async function () {
    let detail: typeof import('../../src/core/explorer/detail');
    try {
      detail = await import('../../src/core/explorer/detail');
    } catch {
      this.skip();
      return;
    }
    const model = detail.detailModel(store, { name: NAME, resourceAppId: GRAPH });
    assert.ok(model);
    const html = detail.detailHtml(model, { nonce: 'abc123', cspSource: 'vscode-webview://x', styleUri: 'vscode-webview://x/explorer.css', scriptUri: 'vscode-webview://x/detail.js' });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    assert.ok(csp, 'a CSP meta tag');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/, `a loose CSP: ${csp}`);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    for (const s of scripts) assert.match(s, /nonce="abc123"/, `script without the nonce: ${s}`);
    assert.ok(!html.includes('<img'), 'no image from metadata');
    assert.doesNotMatch(html, /<[^>]*\son\w+=[^>]*>/i, 'no event handler from metadata');
    assert.ok(!html.includes('<iframe'), 'no frame from metadata');
    assert.ok(!html.includes('href="command:workbench'), 'no command link from metadata');
    assert.doesNotMatch(html, CONTROL);
  });
});

describe('corrupt or hostile store files are rejected with a clear message', () => {
  const valid = JSON.parse(storeFile({ text: 'ok' })) as Record<string, unknown>;
  const withApp = (app: unknown) => JSON.stringify({ ...valid, resourceApps: [app] });
  const perm = (p: Record<string, unknown>) =>
    withApp({ appId: GRAPH, displayName: 'Microsoft Graph', permissions: [{ id: ROLE_ID, value: 'X.Read', kind: 'Application', displayName: '', description: '', adminConsentRequired: true, enabled: true, ...p }] });

  const cases: [string, string][] = [
    ['empty file', ''],
    ['not JSON', 'hello'],
    ['truncated', storeFile().slice(0, 200)],
    ['null', 'null'],
    ['a number', '42'],
    ['an array', '[]'],
    ['a string', '"permissions"'],
    ['wrong format version', JSON.stringify({ ...valid, format: 999 })],
    ['format as a string', JSON.stringify({ ...valid, format: String(STORE_FORMAT) })],
    ['no provenance', JSON.stringify({ ...valid, provenance: undefined })],
    ['resourceApps not an array', JSON.stringify({ ...valid, resourceApps: { length: 1, 0: {} } })],
    ['a null app', withApp(null)],
    ['app id not a GUID', withApp({ appId: 'graph', displayName: 'G', permissions: [] })],
    ['app id an object', withApp({ appId: { toString: 'x' }, displayName: 'G', permissions: [] })],
    ['permissions not an array', withApp({ appId: GRAPH, displayName: 'G', permissions: 'all' })],
    ['permission id not a GUID', perm({ id: 'x' })],
    ['permission id with HTML', perm({ id: '<img src=x onerror=alert(1)>' })],
    ['permission value not a string', perm({ value: { toString: 1 } })],
    ['invalid kind', perm({ kind: 'Admin' })],
    ['kind missing', perm({ kind: undefined })],
    ['a null permission', withApp({ appId: GRAPH, displayName: 'G', permissions: [null] })],
    ['deep nesting', '['.repeat(100000) + ']'.repeat(100000)],
    ['lone surrogates', '\ud800\udfff\ud800'],
    ['NUL bytes', '\u0000\u0000{}'],
  ];
  for (const [what, text] of cases) {
    it(what, () => {
      assert.throws(
        () => PermissionStore.fromJson(text),
        (e: unknown) => {
          assert.ok(e instanceof StoreFormatError, `expected StoreFormatError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
          assert.match(e.message, /^the permission store /, 'the message says what is wrong');
          assert.ok(e.message.length < 500, 'the message is short');
          return true;
        },
      );
    });
  }

  it('prototype keys in a store neither pollute nor confuse look-ups', () => {
    const text = JSON.stringify({ ...valid, __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }).replace('"resourceApps"', '"__proto__":{"polluted":true},"resourceApps"');
    const s = PermissionStore.fromJson(text);
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    const weird = PermissionStore.fromJson(perm({ value: '__proto__' }));
    assert.strictEqual(weird.byName('constructor'), undefined);
    assert.strictEqual(weird.byName('__proto__')?.name, '__proto__');
    assert.ok(s.size > 0);
    const a = analyzeText('{"scopes": ["__proto__", "constructor", "hasOwnProperty", "toString"]}', 'json', weird);
    runRules('{"scopes": ["__proto__", "constructor", "hasOwnProperty", "toString"]}', a, weird);
  });

  it('a huge description (200 KB) is escaped and rendered inert', () => {
    const big = '<b>x</b>](command:x)'.repeat(10000);
    const s = PermissionStore.fromJson(storeFile({ text: big }));
    const text = JSON.stringify({ requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: [{ id: ROLE_ID, type: 'Role' }] }] });
    const hover = permissionHover(s, analyzeText(text, 'json', s).references[0]) as string;
    assert.ok(hover.length > 200000);
    assert.doesNotMatch(hover, /\]\(command:/);
  });
});

describe('names of Object members are data, not look-ups into Object.prototype', () => {
  const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf', '__defineGetter__'];

  it('the permission detail page of such names renders (explorer resource mapping)', async () => {
    const detail = await import('../../src/core/explorer/detail');
    const { mapPermissionToResources } = await import('../../src/core/explorer/resources');
    for (const name of NAMES) {
      const m = mapPermissionToResources(`${name}.Read.All`, GRAPH, () => true);
      assert.ok(Array.isArray(m.types), name);
      const bare = mapPermissionToResources(name, GRAPH, () => false);
      assert.ok(Array.isArray(bare.types), name);
      const s = PermissionStore.fromJson(storeFile({ name }));
      const model = detail.detailModel(s, { name, resourceAppId: GRAPH });
      assert.ok(model, name);
      detail.detailHtml(model, { nonce: 'n', cspSource: 'c', styleUri: 's', scriptUri: 'j' });
    }
  });

  it('Graph call detection with such method names in the document', async () => {
    const { detectGraphCalls } = await import('../../src/core/leastPrivilege/detect');
    for (const name of NAMES) {
      const js = `client.api('/me/messages').${name}();\nclient.api('/me').get();`;
      const calls = detectGraphCalls(js, 'javascript');
      assert.deepStrictEqual(calls.map((c) => c.method), ['GET'], `${name}: ${JSON.stringify(calls)}`);
      detectGraphCalls(`${name}-MgUser -UserId x\nGet-MgUser`, 'powershell');
    }
  });

  it('payload formats of such language ids and file names', async () => {
    const { payloadFormatOf } = await import('../../src/core/payloads/payload');
    for (const name of NAMES) assert.strictEqual(payloadFormatOf(name), undefined, name);
  });
});
