// The least-privilege report page's Fix buttons in a real VS Code (see scripts/e2e/run-tests.js): the
// page asks for the finding's fix by its id — on the desktop the language server computes it on the
// editor's text — and applies it to the editor, unsaved; when the file changed since the report,
// nothing is applied and the page says so and refreshes. The page's message is handed over through
// the hidden `_graphPermissionLens.leastPrivilegeReportMessage` (what media/report.js posts on a click).
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { TIMEOUT_MS, workspaceUri } from './helpers';

const EXTENSION_ID = 'graph-permission-lens.graph-permission-lens';
const USER_READWRITE_ALL_ROLE = '741f803b-c850-494e-b5df-cde7c675a1ca';
const READ_ROLES = ['df021288-bdef-4463-88db-98f22de89214', '97235f07-e226-4f63-ace3-39588e11d3a1'];

/** The Fix button of the manifest's over-broad finding on the open page: its app, finding and fix indexes. */
async function fixButton(): Promise<{ app: number; finding: number; fix: number; title: string }> {
  const html = (await vscode.commands.executeCommand<string>('_graphPermissionLens.leastPrivilegeReportHtml')) ?? '';
  const m = /data-file="least-privilege\/users\.manifest\.json"[^<]*<\/a> <strong>permission-over-broad<\/strong>[^<]*<div class="fixes"><button data-action="fix" data-app="(\d+)" data-finding="(\d+)" data-fix="(\d+)"[^>]*>(Replace with User\.Read(?:Basic)?\.All)<\/button>/.exec(html);
  assert.ok(m, 'the page shows the over-broad finding of least-privilege/users.manifest.json with its fix as a button');
  return { app: Number(m[1]), finding: Number(m[2]), fix: Number(m[3]), title: m[4] };
}

const press = (b: { app: number; finding: number; fix: number }): Thenable<string | undefined> =>
  vscode.commands.executeCommand<string | undefined>('_graphPermissionLens.leastPrivilegeReportMessage', { type: 'fix', ...b });

describe('the least-privilege report page applies a finding\'s fix (real VS Code)', function () {
  this.timeout(4 * TIMEOUT_MS);
  const manifest = workspaceUri('least-privilege', 'users.manifest.json');
  let original: string;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    original = fs.readFileSync(manifest.fsPath, 'utf8');
  });

  after(async () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === manifest.toString());
    if (doc && (doc.isDirty || doc.getText() !== original)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('says so and refreshes when the file changed since the report; applies the fix to the editor (unsaved) once it is the text analysed', async () => {
    const md = await vscode.commands.executeCommand<string>('graphPermissionLens.showLeastPrivilegeReport');
    assert.match(md ?? '', /over-broad: `User\.Read(Basic)?\.All` suffices/);
    const button = await fixButton();

    // Edited after the report (not saved): nothing is applied.
    const doc = await vscode.workspace.openTextDocument(manifest);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(manifest, doc.positionAt(doc.getText().length), '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const edited = doc.getText();
    assert.strictEqual(await press(button), 'least-privilege/users.manifest.json changed since the report: refreshed, try again.');
    assert.strictEqual(doc.getText(), edited, 'nothing the user wrote is lost');

    // The refreshed page analysed the editor's text: its button applies the fix.
    const again = await fixButton();
    const status = await press(again);
    assert.strictEqual(status, `Applied "${again.title}" to least-privilege/users.manifest.json (not saved yet).`);
    assert.ok(!doc.getText().includes(USER_READWRITE_ALL_ROLE), 'User.ReadWrite.All is replaced');
    assert.ok(READ_ROLES.some((g) => doc.getText().includes(g)), 'by a read-only role');
    assert.strictEqual(doc.getText().replace(new RegExp(READ_ROLES.join('|')), USER_READWRITE_ALL_ROLE), edited, 'nothing else changed');
    assert.ok(doc.isDirty, 'not saved');
    assert.strictEqual(fs.readFileSync(manifest.fsPath, 'utf8'), original, 'the file on disk is untouched');
    // The page follows: the finding is gone from the report of the edited text.
    for (const deadline = Date.now() + TIMEOUT_MS; ; ) {
      const html = (await vscode.commands.executeCommand<string>('_graphPermissionLens.leastPrivilegeReportHtml')) ?? '';
      if (!/data-file="least-privilege\/users\.manifest\.json"[^<]*<\/a> <strong>permission-over-broad/.test(html)) break;
      assert.ok(Date.now() < deadline, 'the page still shows the fixed finding');
      await new Promise((r) => setTimeout(r, 100)); // poll with a timeout
    }
  });
});
