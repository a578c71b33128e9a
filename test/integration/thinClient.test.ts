// The desktop extension host builds no permission store: the language server holds it, and the
// status bar, hovers, diagnostics, the explorer and its detail page ask the server. Named to run
// after the other suites of this folder (mocha takes the files in order), so that the count also
// covers them — Update Metadata, Use Bundled Metadata and the least-privilege report included.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { hoverText, retryCanceled, TIMEOUT_MS, waitForDiagnostics, workspaceUri } from './helpers';

const EXTENSION_ID = 'graph-permission-lens.graph-permission-lens';

interface HostStore {
  builds: number;
  held: boolean;
}
interface Status {
  text: string;
  tooltip: string;
  visible: boolean;
}

const hostStore = (): Thenable<HostStore> => vscode.commands.executeCommand<HostStore>('_graphPermissionLens.extensionHostStore');
const status = (): Thenable<Status> => vscode.commands.executeCommand<Status>('_graphPermissionLens.metadataStatus');

async function until<T>(get: () => Thenable<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const v = await get();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the desktop extension host builds no permission store (real VS Code)', () => {
  before(async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    const commands = await vscode.commands.getCommands(false);
    for (const c of ['_graphPermissionLens.extensionHostStore', '_graphPermissionLens.metadataStatus']) assert.ok(commands.includes(c), `${c} is registered`);
  });

  it('a manifest opened, hovered and diagnosed, the explorer and a detail page shown, the status bar from the server: no store in the extension host', async function () {
    this.timeout(4 * TIMEOUT_MS);
    const uri = workspaceUri('entra-app.manifest.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await retryCanceled(() => vscode.window.showTextDocument(doc));
    await waitForDiagnostics(uri, (ds) => ds.length > 0);
    const at = doc.getText().indexOf('a7a681dc-756e-4909-b988-f160edc6655f');
    assert.ok(at > 0, 'the manifest has the Calls.AccessMedia.All GUID');
    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, doc.positionAt(at + 3)));
    assert.match(hover, /Calls\.AccessMedia\.All/);
    await vscode.commands.executeCommand('graphPermissionLens.allPermissions.focus');
    assert.strictEqual(await vscode.commands.executeCommand('graphPermissionLens.showPermission', { name: 'Calls.AccessMedia.All' }), true);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await retryCanceled(() => vscode.window.showTextDocument(doc));
    // The status bar item: the store the server uses, its figures and dates, shown while a document the extension reads is active.
    const s = await until(status, (v) => v.visible);
    assert.ok(s.visible, `the status bar item is shown: ${JSON.stringify(s)}`);
    assert.match(s.text, /^\$\(shield\) Graph: bundled, upstream of \d{4}-\d{2}-\d{2}$/);
    assert.match(s.tooltip, /^Graph Permission Lens uses the bundled metadata \(Microsoft Graph upstream of \d{4}-\d{2}-\d{2}\): \d+ permission names .*Data of \d{4}-\d{2}-\d{2}; package built \d{4}-\d{2}-\d{2}\. Click for details\.$/);
    assert.deepStrictEqual(await hostStore(), { builds: 0, held: false }, 'the extension host built no store (this suite and every suite before it)');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.strictEqual((await status()).visible, false, 'hidden without a document the extension reads');
  });
});
