// Least privilege from code usage inside a real VS Code (see scripts/e2e/run-tests.js): the report
// command, the manifest diagnostics with their quick-fix, and the hover on a Graph call. Path data
// comes first from the bundled store (data/paths.json), then from the miniature upstream files of
// test/fixtures/usage/upstream, loaded through the hidden command `_graphPermissionLens.loadMetadataFrom`
// (the importer's minimum count is lowered for them).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { retryCanceled } from './helpers';

const EXTENSION_ID = 'graph-permission-lens.graph-permission-lens';
const TIMEOUT_MS = 20_000;
const USAGE_CODES = ['permission-unused', 'permission-over-broad', 'permission-missing'];
const USER_READWRITE_ALL_ROLE = '741f803b-c850-494e-b5df-cde7c675a1ca';
/** Application role GUIDs of the read-only permissions the fix may choose. */
const READ_ROLES: Record<string, string> = {
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'User.ReadBasic.All': '97235f07-e226-4f63-ace3-39588e11d3a1',
};

const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Graph Permission Lens' && typeof d.code === 'string' && USAGE_CODES.includes(d.code));

/** Resolves with the document's least-privilege diagnostics once `done` holds for them, by event (no sleeps). */
function waitForDiagnostics(uri: vscode.Uri, done: (ds: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    if (done(ours(uri))) return resolve(ours(uri));
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what} on ${path.basename(uri.path)}: ${JSON.stringify(ours(uri).map((d) => [d.code, d.message]))}`));
    }, TIMEOUT_MS);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      if (done(ours(uri))) {
        clearTimeout(timer);
        sub.dispose();
        resolve(ours(uri));
      }
    });
  });
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

const overBroad = (ds: vscode.Diagnostic[]): vscode.Diagnostic | undefined => ds.find((d) => d.code === 'permission-over-broad');

describe('Least privilege from code usage (real VS Code)', function () {
  let folder: vscode.WorkspaceFolder;
  let manifest: vscode.Uri;
  let code: vscode.Uri;
  let upstream: string;
  let original: string;

  before(async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    const commands = await vscode.commands.getCommands(false);
    if (!commands.includes('graphPermissionLens.showLeastPrivilegeReport') || !commands.includes('_graphPermissionLens.loadMetadataFrom')) {
      console.log('    (skipped: least privilege is not registered: registerLeastPrivilege(services) is not called in src/extension.ts)');
      this.skip();
    }
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f, 'no workspace folder open');
    folder = f;
    manifest = vscode.Uri.joinPath(folder.uri, 'least-privilege', 'users.manifest.json');
    code = vscode.Uri.joinPath(folder.uri, 'least-privilege', 'list-users.ts');
    upstream = path.resolve(folder.uri.fsPath, '..', 'usage', 'upstream');
    assert.ok(fs.existsSync(path.join(upstream, 'permissions.json')), `fixture upstream files not found in ${upstream}`);
    original = fs.readFileSync(manifest.fsPath, 'utf8');
  });

  after(async function () {
    this.timeout(TIMEOUT_MS);
    if (!folder) return;
    // Back to the bundled store (clears every least-privilege diagnostic) and the fixture as on disk.
    await vscode.commands.executeCommand('graphPermissionLens.useBundledMetadata');
    if (fs.readFileSync(manifest.fsPath, 'utf8') !== original) fs.writeFileSync(manifest.fsPath, original);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === manifest.toString());
    if (doc?.isDirty || (doc && doc.getText() !== original)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('with the bundled path data alone (no Update Metadata): User.ReadWrite.All is over-broad, and the report page says so (no Untitled document)', async function () {
    this.timeout(2 * TIMEOUT_MS);
    // The store in use is the bundled one; its path data (data/paths.json) loads on this first need.
    const ds = await waitForDiagnostics(manifest, (d) => !!overBroad(d), 'permission-over-broad from the bundled path data');
    assert.match(overBroad(ds)!.message, /^User\.ReadWrite\.All \(Application\) is broader than needed: .*GET \/users.* narrower User\.Read(Basic)?\.All\./);
    const md = await vscode.commands.executeCommand<string>('graphPermissionLens.showLeastPrivilegeReport');
    assert.ok(md, 'the command returns the Markdown export');
    assert.match(md, /^# Least-privilege report/);
    const plain = md.replace(/\\(.)/g, '$1'); // the report escapes Markdown punctuation
    assert.match(plain, /bundled metadata \(Microsoft Graph upstream of \d{4}-\d{2}-\d{2}\)/);
    assert.doesNotMatch(md, /without path data/);
    assert.match(plain, /over-broad: `User\.Read(Basic)?\.All` suffices/);
    const html = await vscode.commands.executeCommand<string>('_graphPermissionLens.leastPrivilegeReportHtml');
    assert.match(html ?? '', /User\.ReadWrite\.All/);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.isUntitled), 'no Untitled document');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // (The "no path data" message of a store without paths is covered by test/unit/usage.test.ts.)
  });

  it('offers the quick-fix of a finding on a scope list in code, not only on manifests', async function () {
    this.timeout(2 * TIMEOUT_MS);
    // formats/authConfig.ts requests Mail.Send in an MSAL scope list; no code of the folder's app sends mail.
    const authConfig = vscode.Uri.joinPath(folder.uri, 'formats', 'authConfig.ts');
    const isMailSend = (d: vscode.Diagnostic): boolean => d.code === 'permission-unused' && /^Mail\.Send\b/.test(d.message);
    const d = (await waitForDiagnostics(authConfig, (ds) => ds.some(isMailSend), 'permission-unused on a scope list')).find(isMailSend)!;
    const doc = await vscode.workspace.openTextDocument(authConfig);
    assert.strictEqual(doc.getText(d.range).toLowerCase(), 'mail.send', 'the diagnostic is on the scope');
    const actions = await retryCanceled(() =>
      vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', authConfig, d.range, vscode.CodeActionKind.QuickFix.value),
    );
    const fix = actions.find((a) => a.title === 'Remove Mail.Send');
    assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    const edits = fix.edit.get(authConfig);
    assert.strictEqual(edits.length, 1);
    // Applied to the text (not saved): the scope goes, the rest of the list stays.
    const text = doc.getText();
    const start = doc.offsetAt(edits[0].range.start);
    const end = doc.offsetAt(edits[0].range.end);
    const after = text.slice(0, start) + edits[0].newText + text.slice(end);
    assert.match(after, /scopes: \['User\.Read'\]/);
    assert.doesNotMatch(after, /mail\.send/i);
  });

  it('with path data: User.ReadWrite.All beside code that only reads /users is over-broad; the quick-fix narrows it, and saving recomputes', async function () {
    this.timeout(4 * TIMEOUT_MS);
    const loaded = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('_graphPermissionLens.loadMetadataFrom', upstream, { minGraphPermissions: 1 });
    assert.ok(loaded?.ok, loaded?.message);
    const ds = await waitForDiagnostics(manifest, (d) => !!overBroad(d), 'permission-over-broad');
    const d = overBroad(ds)!;
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    const m = /^User\.ReadWrite\.All \(Application\) is broader than needed: .*GET \/users.* narrower (\S+?)\.(?: \[about [^\]]+\])?$/.exec(d.message);
    assert.ok(m, d.message);
    const narrower = m[1];
    assert.ok(READ_ROLES[narrower], `the fix is a read-only permission: ${narrower}`);
    const doc = await vscode.workspace.openTextDocument(manifest);
    assert.strictEqual(doc.getText(d.range), USER_READWRITE_ALL_ROLE, 'the diagnostic is on the GUID');

    // Information for an unused permission elsewhere in the folder (same app).
    const entra = vscode.Uri.joinPath(folder.uri, 'entra-app.manifest.json');
    const unused = (await waitForDiagnostics(entra, (x) => x.some((y) => y.code === 'permission-unused'), 'permission-unused')).find((y) => y.code === 'permission-unused')!;
    assert.strictEqual(unused.severity, vscode.DiagnosticSeverity.Information);
    assert.match(unused.message, /never complete/);

    // The quick-fix replaces the GUID with the narrower role.
    await retryCanceled(() => vscode.window.showTextDocument(doc));
    const actions = await retryCanceled(() =>
      vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', manifest, d.range, vscode.CodeActionKind.QuickFix.value),
    );
    const fix = actions.find((a) => a.title === `Replace with ${narrower}`);
    assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(fix.isPreferred);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const fixed = JSON.parse(doc.getText()) as { requiredResourceAccess: { resourceAccess: unknown[] }[] };
    assert.deepStrictEqual(fixed.requiredResourceAccess[0].resourceAccess, [{ id: READ_ROLES[narrower], type: 'Role' }]);
    assert.strictEqual(doc.getText().replace(READ_ROLES[narrower], USER_READWRITE_ALL_ROLE), original, 'nothing else changed');

    // Saving recomputes: the finding goes; restoring the file brings it back.
    assert.ok(await doc.save());
    await waitForDiagnostics(manifest, (x) => !overBroad(x), 'the finding to go after the fix');
    const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    const restore = new vscode.WorkspaceEdit();
    restore.replace(manifest, all, original);
    assert.ok(await vscode.workspace.applyEdit(restore));
    assert.ok(await doc.save());
    await waitForDiagnostics(manifest, (x) => !!overBroad(x), 'the finding to come back');
    assert.strictEqual(fs.readFileSync(manifest.fsPath, 'utf8'), original);
  });

  it('hovers a Graph call in code with its least-privileged permissions per kind', async () => {
    const doc = await vscode.workspace.openTextDocument(code);
    const pos = doc.positionAt(doc.getText().indexOf('graph.microsoft.com/v1.0/users') + 30);
    let text = '';
    const deadline = Date.now() + TIMEOUT_MS;
    while (!text.includes('Microsoft Graph call') && Date.now() < deadline) {
      text = hoverText(await retryCanceled(() => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', code, pos)));
      if (!text.includes('Microsoft Graph call')) await new Promise((r) => setTimeout(r, 150)); // poll (the workbench may still be starting)
    }
    assert.match(text, /\*\*Microsoft Graph call\*\* `GET \/users`/);
    assert.match(text, /\*\*Application\*\*: `User\.Read(Basic)?\.All` \(least privileged\)/);
    assert.match(text, /\*\*Delegated\*\*: /);
  });

  it('the report lists the call sites, needed and requested permissions, and the over-broad one', async () => {
    const md = await vscode.commands.executeCommand<string>('graphPermissionLens.showLeastPrivilegeReport');
    assert.ok(md);
    assert.match(md, /### Call sites/);
    assert.match(md, /`least-privilege\/list-users\.ts:7` \| `GET \/v1\.0\/users`|`least-privilege\/list-users\.ts:7` \| `GET \/users`/);
    assert.match(md, /`least-privilege\/users\.manifest\.json:\d+` \| `User\.ReadWrite\.All` \| Application \| 1 \| over-broad: `User\.Read(Basic)?\.All` suffices/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
