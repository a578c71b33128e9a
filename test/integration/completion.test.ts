// Completion inside a real VS Code (see scripts/e2e/run-tests.js): permission GUIDs, `type` and
// `resourceAppId` values in test/fixtures/workspace/completion.manifest.json.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'graph-permission-lens.graph-permission-lens';
const FIXTURE = 'completion.manifest.json';
const TIMEOUT_MS = 20_000;
const CALLS_ACCESS_MEDIA_ALL = 'a7a681dc-756e-4909-b988-f160edc6655f';
const SHAREPOINT_APP_ID = '00000003-0000-0ff1-ce00-000000000000';
const PERMISSION_LABEL = / \((Application|Delegated)\)$/;

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function rangeOf(item: vscode.CompletionItem): vscode.Range | undefined {
  const r = item.range;
  return r instanceof vscode.Range ? r : r?.replacing;
}

function docText(item: vscode.CompletionItem): string {
  const d = item.documentation;
  return typeof d === 'string' ? d : (d?.value ?? '');
}

/** The position just inside the quotes of the `nth` (0-based) `"key": ""` in the document. */
function emptyValue(doc: vscode.TextDocument, key: string, nth = 0): vscode.Position {
  const text = doc.getText();
  const needle = `"${key}": ""`;
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${needle} #${nth} not in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(i + needle.length - 1);
}

async function completionsAt(doc: vscode.TextDocument, pos: vscode.Position, resolve = 0): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, undefined, resolve);
  return list?.items ?? [];
}

/** Polls the completion providers until `done(items)` or the timeout; returns the last items seen. */
async function pollCompletions(
  doc: vscode.TextDocument,
  pos: vscode.Position,
  done: (items: vscode.CompletionItem[]) => boolean,
  resolve = 0,
): Promise<vscode.CompletionItem[]> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const items = await completionsAt(doc, pos, resolve);
    if (done(items) || Date.now() > deadline) return items;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function openFixture(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  for (let attempt = 1; ; attempt++) {
    try {
      await vscode.window.showTextDocument(doc);
      return doc;
    } catch (e) {
      if (attempt >= 5 || !/cancel/i.test(String(e))) throw e;
    }
  }
}

describe('Graph permission completion (real VS Code)', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open: the runner must open test/fixtures/workspace');
    doc = await openFixture(vscode.Uri.joinPath(folder.uri, FIXTURE));
    assert.ok(['json', 'jsonc'].includes(doc.languageId), `unexpected languageId ${doc.languageId}`);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath?)`);
    await ext.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers Application permission GUIDs in a Role entry id, without those already requested', async () => {
    const pos = emptyValue(doc, 'id');
    const items = await pollCompletions(doc, pos, (its) => its.some((i) => label(i) === 'Calls.AccessMedia.All (Application)'));
    const ours = items.filter((i) => PERMISSION_LABEL.test(label(i)));
    const calls = ours.find((i) => label(i) === 'Calls.AccessMedia.All (Application)');
    assert.ok(calls, `no Calls.AccessMedia.All item within ${TIMEOUT_MS / 1000}s; got ${items.length} items: ${items.slice(0, 10).map(label).join(', ')}`);
    // The value and its closing quote replace the empty content and the old quote: the caret ends
    // after the quote, so typing `, "` starts the next string.
    assert.strictEqual(calls.insertText, `${CALLS_ACCESS_MEDIA_ALL}"`);
    assert.strictEqual(calls.detail, 'Access media streams in a call as an app');
    assert.ok(rangeOf(calls)?.isEqual(new vscode.Range(pos, pos.translate(0, 1))), `range ${JSON.stringify(rangeOf(calls))}`);
    assert.ok(ours.length > 200, `${ours.length} permission items`);
    assert.ok(ours.every((i) => label(i).endsWith('(Application)')), 'type Role: Application permissions only');
    assert.ok(!ours.some((i) => label(i) === 'Mail.Send (Application)'), 'Mail.Send (Application) is already requested');
  });

  it('attaches escaped, untrusted Markdown documentation on resolve', async () => {
    const pos = emptyValue(doc, 'id');
    const items = await pollCompletions(doc, pos, (its) => its.some((i) => PERMISSION_LABEL.test(label(i)) && docText(i) !== ''), 1000);
    const item = items.find((i) => label(i) === 'Calls.AccessMedia.All (Application)');
    assert.ok(item, 'no Calls.AccessMedia.All item');
    const d = item.documentation;
    assert.ok(d instanceof vscode.MarkdownString, `documentation is ${typeof d}`);
    assert.ok(!d.isTrusted, 'documentation must not be trusted');
    assert.ok(d.value.includes('Calls\\.AccessMedia\\.All') && d.value.includes(CALLS_ACCESS_MEDIA_ALL), d.value);
  });

  it('offers Scope and Role for a type, the one matching the id first', async () => {
    const pos = emptyValue(doc, 'type');
    const items = await pollCompletions(doc, pos, (its) => its.some((i) => label(i) === 'Scope'));
    const ours = items.filter((i) => (label(i) === 'Scope' || label(i) === 'Role') && /permission/.test(i.detail ?? ''));
    const sorted = [...ours].sort((a, b) => ((a.sortText ?? '') < (b.sortText ?? '') ? -1 : 1));
    assert.deepStrictEqual(sorted.map(label), ['Scope', 'Role'], 'User.Read is delegated: Scope first');
    assert.strictEqual(sorted[0].insertText, 'Scope"');
    assert.strictEqual(sorted[0].preselect, true);
  });

  it('offers resource apps for resourceAppId, except one another item already names', async () => {
    const pos = emptyValue(doc, 'resourceAppId');
    const items = await pollCompletions(doc, pos, (its) => its.some((i) => label(i) === 'Office 365 SharePoint Online'));
    const sp = items.find((i) => label(i) === 'Office 365 SharePoint Online');
    assert.ok(sp, `no SharePoint item; got ${items.map(label).join(', ')}`);
    assert.strictEqual(sp.insertText, `${SHAREPOINT_APP_ID}"`);
    assert.ok(!items.some((i) => label(i) === 'Microsoft Graph'), 'Microsoft Graph is already there');
  });

  it('offers no permissions in the tenantId value', async () => {
    // The earlier tests saw the provider answer, so an empty answer here is meaningful.
    const text = doc.getText();
    const pos = doc.positionAt(text.indexOf('72f988bf') + 4);
    const items = await completionsAt(doc, pos);
    // Word-based suggestions may offer the word "Role" from the document: ours carry a detail.
    const ours = items.filter((i) => PERMISSION_LABEL.test(label(i)) || /permission/i.test(i.detail ?? ''));
    assert.deepStrictEqual(ours.map((i) => [label(i), i.detail]), []);
  });
});
