// Integration tests: run inside a real VS Code extension host (see scripts/e2e/run-tests.js).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { hoverText } from './helpers';

const EXTENSION_ID = 'graph-permission-lens.graph-permission-lens';
const MANIFEST = 'entra-app.manifest.json';
const CALLS_ACCESS_MEDIA_ALL = 'a7a681dc-756e-4909-b988-f160edc6655f';
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const HOVER_TIMEOUT_MS = 20_000;

function positionOf(doc: vscode.TextDocument, needle: string): vscode.Position {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" not found in ${doc.uri.fsPath}`);
  return doc.positionAt(offset + Math.floor(needle.length / 2)); // middle of the GUID
}

async function hoverAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hoverText(hovers);
}

/** Polls the hover providers until `done(text)` or the timeout; returns the last text seen. */
async function pollHover(doc: vscode.TextDocument, pos: vscode.Position, done: (text: string) => boolean, timeoutMs = HOVER_TIMEOUT_MS): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await hoverAt(doc, pos);
    if (done(text) || Date.now() > deadline) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Graph permission hover (real VS Code)', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open: the runner must open test/fixtures/workspace');
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, MANIFEST));
    await vscode.window.showTextDocument(doc);
    assert.ok(['json', 'jsonc'].includes(doc.languageId), `unexpected languageId ${doc.languageId}`);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath?)`);
    await ext.activate();
  });

  it('shows Calls.AccessMedia.All (Application) for its GUID in requiredResourceAccess', async () => {
    const pos = positionOf(doc, CALLS_ACCESS_MEDIA_ALL);
    const text = await pollHover(doc, pos, (t) => t.includes('Calls.AccessMedia.All'));
    assert.ok(text.includes('Calls.AccessMedia.All'), `no Calls.AccessMedia.All hover within ${HOVER_TIMEOUT_MS / 1000}s; got: ${JSON.stringify(text)}`);
    assert.ok(text.includes('Application'), `hover does not say it is an Application permission: ${JSON.stringify(text)}`);
  });

  it('shows no Graph-permission hover for the tenant id GUID', async () => {
    // before() activated the extension, so its provider is registered and an empty answer is meaningful.
    const pos = positionOf(doc, TENANT_ID);
    const text = await hoverAt(doc, pos);
    assert.ok(!/Calls\.|permission/i.test(text), `unexpected permission hover on the tenant id: ${JSON.stringify(text)}`);
  });
});

describe('the permission hover is calm (real VS Code)', () => {
  it('leads with the kind the context implies, links at the top, a one-line methods summary, no path lists', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'powershell', content: 'Connect-MgGraph -Scopes "Mail.Send"\n' });
    await vscode.window.showTextDocument(doc);
    const pos = doc.positionAt(doc.getText().indexOf('Mail.Send') + 3);
    const deadline = Date.now() + HOVER_TIMEOUT_MS;
    let md: vscode.MarkdownString | undefined;
    while (!md && Date.now() < deadline) {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? [];
      md = hovers.flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => typeof c !== 'string' && 'value' in c && /Mail\\?\.Send/.test(c.value));
      if (!md) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(md, 'a Mail.Send hover');
    const lines = md.value.split('\n').filter((l) => l.trim());
    assert.match(lines[0], /^\*\*Mail\\?\.Send\*\* — Delegated permission of Microsoft Graph · privilege level/, `Delegated first: ${md.value}`);
    assert.match(lines[1], /^\[Open details\]\(command:graphPermissionLens\.showPermission\?.*\[Microsoft Graph permissions reference\]\(https:\/\/learn\.microsoft\.com\//, 'links on the second line');
    assert.ok(lines.some((l) => /^Also Application: .*Risk \d+\.\d/.test(l)), 'the other kind in one line');
    assert.ok(lines.some((l) => /^(No admin consent needed|Admin consent required) · Risk \d+\.\d \(\w+/.test(l)), 'consent and risk');
    const summary = lines.filter((l) => /methods?, least-privileged for/.test(l));
    assert.strictEqual(summary.length, 1, `one methods line: ${md.value}`);
    assert.match(summary[0], /^\d+ methods?, least-privileged for (\d+|none) — \[details\]\(command:graphPermissionLens\.showPermission\?/);
    assert.ok(!md.value.includes('`/'), 'no method paths in the hover');
    assert.ok(!md.value.includes('|'), 'no table');
    assert.ok(lines.length <= 9, `short: ${lines.length} lines`);
    const trust = md.isTrusted;
    assert.ok(trust && typeof trust === 'object' && trust.enabledCommands.join() === 'graphPermissionLens.showPermission', `trusted for the detail command only: ${JSON.stringify(trust)}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

describe('hovers never draw theme icons from metadata or document text (real VS Code)', () => {
  /** Our hovers on a position, as VS Code hands them back (MarkdownStrings with their flags). */
  async function ourHovers(doc: vscode.TextDocument, needle: string, expect: RegExp): Promise<vscode.MarkdownString[]> {
    const pos = doc.positionAt(doc.getText().indexOf(needle) + Math.floor(needle.length / 2));
    const deadline = Date.now() + HOVER_TIMEOUT_MS;
    for (;;) {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? [];
      const mds = hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => typeof c !== 'string' && 'value' in c && expect.test(c.value));
      if (mds.length || Date.now() > deadline) return mds;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('a .default scope whose resource carries $(icon) text, and a permission hover with a warning note', async () => {
    const text = JSON.stringify(
      {
        scopes: ['api://x$(bug)y$(terminal)/.default'],
        requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: CALLS_ACCESS_MEDIA_ALL, type: 'Scope' }] }],
      },
      null,
      2,
    );
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
    await vscode.window.showTextDocument(doc);
    const special = await ourHovers(doc, '/.default', /\.default/);
    assert.ok(special.length, 'the .default hover');
    for (const md of special) {
      assert.strictEqual(md.supportThemeIcons, false, 'theme icons off: $(bug) cannot render as a glyph');
      assert.ok(md.value.includes('$(bug)') || md.value.includes('\\$\\(bug\\)'), 'the resource is shown as text');
    }
    const perm = await ourHovers(doc, CALLS_ACCESS_MEDIA_ALL, /Calls\\?\.AccessMedia/);
    assert.ok(perm.length, 'the permission hover');
    for (const md of perm) {
      assert.strictEqual(md.supportThemeIcons, false);
      assert.ok(!/(?<!\\)\$\(warning\)/.test(md.value), 'the extension\'s own warning is a plain sign, not an icon');
      assert.ok(md.value.includes('\u26a0'), `the declared-kind warning is shown: ${md.value}`);
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
