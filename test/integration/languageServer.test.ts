// The desktop extension is a client of the language server (src/vscode/languageClient.ts): hovers
// and diagnostics come from the server, which must use the metadata the client has in use — the
// store it asks for on first use, and every store the client puts in use later.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { hoverText, retryCanceled, TIMEOUT_MS, waitForDiagnostics, workspaceUri } from './helpers';

const EXTENSION_ID = 'graph-permission-lens.graph-permission-lens';
const GRAPH = '00000003-0000-0000-c000-000000000000';
/** Widget.Read.All (Application): an invented permission of test/fixtures/upstream, unknown to the bundled store. */
const WIDGET_ROLE = '0f0f0f0f-0000-4000-8000-000000000002';

async function pollHover(doc: vscode.TextDocument, pos: vscode.Position, done: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos));
    if (done(text) || Date.now() > deadline) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the language server follows the metadata the client puts in use (real VS Code)', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('graphPermissionLens.useBundledMetadata');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('runs a conversion command while the language server is (re)starting, and gets the conversion', async function () {
    this.timeout(4 * TIMEOUT_MS);
    // A Teams Toolkit-shaped manifest (resourceAppId by name): it takes permission names and GUIDs.
    const text = JSON.stringify({ requiredResourceAccess: [{ resourceAppId: 'Microsoft Graph', resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }] }] }, null, 2);
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
    await retryCanceled(() => vscode.window.showTextDocument(doc));
    // As right after activation: the commands are contributed in package.json and must run before the server is ready
    // (the language client registers a server's commands only once it has started, and drops them when it stops).
    const state = await vscode.commands.executeCommand<string>('_graphPermissionLens.restartLanguageServer');
    assert.strictEqual(state, 'Starting');
    const r = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('graphPermissionLens.convertGuidsToNames');
    assert.ok(r?.ok, `the conversion: ${JSON.stringify(r)}`);
    assert.match(doc.getText(), /"id": "User\.Read"/);
    assert.doesNotMatch(doc.getText(), /e1fe6dd8/);
    const back = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('graphPermissionLens.convertNamesToGuids');
    assert.ok(back?.ok, `the conversion back: ${JSON.stringify(back)}`);
    assert.strictEqual(doc.getText(), text);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a permission only loaded upstream data knows: unknown with the bundled store, hovered after the load, unknown again with the bundled metadata', async function () {
    this.timeout(4 * TIMEOUT_MS);
    const text = JSON.stringify({ requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: [{ id: WIDGET_ROLE, type: 'Role' }] }] }, null, 2);
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
    await retryCanceled(() => vscode.window.showTextDocument(doc));
    const unknown = (ds: readonly vscode.Diagnostic[]): boolean => ds.some((d) => d.code === 'unknown-permission-id');
    await waitForDiagnostics(doc.uri, unknown);

    const upstream = path.resolve(workspaceUri().fsPath, '..', 'upstream');
    const loaded = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('_graphPermissionLens.loadMetadataFrom', upstream, { minGraphPermissions: 1 });
    assert.ok(loaded?.ok, loaded?.message);
    await waitForDiagnostics(doc.uri, (ds) => !unknown(ds));
    const pos = doc.positionAt(text.indexOf(WIDGET_ROLE) + 8);
    const hover = await pollHover(doc, pos, (t) => t.includes('Widget.Read.All'));
    assert.match(hover, /Widget\.Read\.All/);

    await vscode.commands.executeCommand('graphPermissionLens.useBundledMetadata');
    await waitForDiagnostics(doc.uri, unknown);
    assert.doesNotMatch(await pollHover(doc, pos, (t) => !t.includes('Widget.Read.All')), /Widget\.Read\.All/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
