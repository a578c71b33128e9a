// Graph resource payloads inside a real VS Code (see scripts/e2e/run-tests.js): a `.http` file
// creating a call and a TypeScript file building a `Call` get hovers, completions and checks.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { retryCanceled, TIMEOUT_MS, waitForDiagnostics, workspaceUri } from './helpers';

const fixtureUri = (name: string): vscode.Uri => workspaceUri('payloads', name);


async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  await retryCanceled(() => vscode.window.showTextDocument(doc));
  return doc;
}

/** Polls a provider command until `done` or the timeout (the extension activates on open). */
async function poll<T>(fn: () => Thenable<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const v = await retryCanceled(fn);
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function hoverText(hs: vscode.Hover[] | undefined): string {
  return (hs ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

function label(i: vscode.CompletionItem): string {
  return typeof i.label === 'string' ? i.label : i.label.label;
}

function at(doc: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} in ${doc.uri.fsPath}`);
  return doc.positionAt(i + delta);
}

describe('Graph resource payloads in a real VS Code', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('.http: a state in the POST body gets the read-only diagnostic, with a quick-fix', async () => {
    const doc = await open('create-call.http');
    const ds = await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.code === 'read-only-property'));
    const ro = ds.find((d) => d.code === 'read-only-property')!;
    assert.strictEqual(doc.getText(ro.range), '"state"');
    assert.strictEqual(ro.severity, vscode.DiagnosticSeverity.Warning);
    const actions = await retryCanceled(() => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, ro.range, vscode.CodeActionKind.QuickFix.value));
    const fix = actions.find((a) => a.title === "Remove 'state'");
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(!doc.getText().includes('"state"'));
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => x.code === 'read-only-property'));
  });

  it('.http: hover on a call property shows its type and description', async () => {
    const doc = await open('create-call.http');
    const hs = await poll(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at(doc, '"callbackUri"', 2)),
      (h) => hoverText(h).includes('callbackUri'),
    );
    const text = hoverText(hs);
    assert.ok(text.includes('**callbackUri**: `String`'), text);
    assert.ok(text.includes('Must be an HTTPS URL'), text);
  });

  it('.http: completion inside a call payload offers mediaConfig', async () => {
    const doc = await open('complete-call.http');
    const pos = at(doc, '\n  \n', 3);
    const list = await poll(
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos),
      (l) => !!l?.items.some((i) => label(i) === 'mediaConfig'),
    );
    const item = list.items.find((i) => label(i) === 'mediaConfig');
    assert.ok(item, list.items.map(label).slice(0, 30).join(', '));
    assert.ok(item.detail?.includes('required'), item.detail);
    assert.ok(!list.items.some((i) => label(i) === 'callbackUri'), 'present properties are not offered');
  });

  it('TypeScript: a Call literal gets checks, hovers and completion', async () => {
    const doc = await open('build-call.ts');
    const ds = await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.code === 'non-https-url'));
    const https = ds.find((d) => d.code === 'non-https-url')!;
    assert.strictEqual(doc.getText(https.range), "'http://bot.contoso.com/callback'");
    const hs = await poll(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at(doc, 'requestedModalities', 2)),
      (h) => hoverText(h).includes('requestedModalities'),
    );
    assert.ok(hoverText(hs).includes('modality[]'), hoverText(hs));
    const list = await poll(
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at(doc, "state: '", 8)),
      (l) => !!l?.items.some((i) => label(i) === 'established'),
    );
    assert.ok(list.items.some((i) => label(i) === 'established'), list.items.map(label).slice(0, 30).join(', '));
  });

  it('a property accepted in the middle of an object keeps the JSON valid (comma added)', async () => {
    const body = '{\n  "sub"\n  "callbackUri": "https://bot.contoso.com/callback"\n}\n';
    const doc = await vscode.workspace.openTextDocument({ language: 'http', content: `POST https://graph.microsoft.com/v1.0/communications/calls\nContent-Type: application/json\n\n${body}` });
    const editor = await vscode.window.showTextDocument(doc);
    try {
      const pos = at(doc, '"sub"', 3);
      const list = await poll(
        () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos),
        (l) => !!l?.items.some((i) => label(i) === 'subject'),
      );
      const item = list.items.find((i) => label(i) === 'subject')!;
      const range = item.range instanceof vscode.Range ? item.range : item.range!.replacing;
      const snippet = item.insertText instanceof vscode.SnippetString ? item.insertText : new vscode.SnippetString(String(item.insertText));
      assert.ok(await editor.insertSnippet(snippet, range));
      const json = doc.getText().slice(doc.getText().indexOf('{'));
      assert.deepStrictEqual(JSON.parse(json), { subject: '', callbackUri: 'https://bot.contoso.com/callback' }, json);
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
