// Least privilege per app in a real VS Code: the two-app folder test/fixtures/workspace/two-apps
// (two projects, a manifest without a project, an admin script). Each manifest gets findings from
// its own app's code only; a manifest written outside the editor gets findings without being
// opened (file watcher); where usage is known, broader-than-sibling steps back; the report is a
// webview page (no Untitled document). Path data: test/fixtures/usage/upstream.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { retryCanceled, TIMEOUT_MS, waitForDiagnostics, workspaceUri } from './helpers';

const EXTENSION_ID = 'graph-permission-lens.graph-permission-lens';
const USAGE_CODES = ['permission-unused', 'permission-over-broad', 'permission-missing'];
const codes = (ds: readonly vscode.Diagnostic[]): string[] => ds.map((d) => String(d.code)).sort();
const usage = (ds: readonly vscode.Diagnostic[]): string[] => codes(ds).filter((c) => USAGE_CODES.includes(c));

describe('Least privilege per app (real VS Code)', function () {
  this.timeout(6 * TIMEOUT_MS);
  let extra: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    extra = workspaceUri('two-apps', 'groups-daemon', 'written-by-a-tool.manifest.json');
  });

  after(async () => {
    if (fs.existsSync(extra.fsPath)) fs.unlinkSync(extra.fsPath);
    await vscode.commands.executeCommand('graphPermissionLens.useBundledMetadata');
  });

  it('two apps in one folder: each manifest is compared with its own code; usage advice replaces the sibling heuristic', async () => {
    const mailer = workspaceUri('two-apps', 'mailer', 'entra.manifest.json');
    const daemon = workspaceUri('two-apps', 'groups-daemon', 'entra.manifest.json');
    const bars = workspaceUri('two-apps', 'bars', 'entra-manifest.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(mailer));
    // Bundled data (no path data): Mail.ReadWrite gets the sibling heuristic (Mail.Read exists).
    await waitForDiagnostics(mailer, (ds) => codes(ds).includes('broader-than-sibling'));

    const upstream = path.resolve(vscode.workspace.workspaceFolders![0].uri.fsPath, '..', 'usage', 'upstream');
    const loaded = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('_graphPermissionLens.loadMetadataFrom', upstream, { minGraphPermissions: 1 });
    assert.ok(loaded?.ok, loaded?.message);

    // bars/ has no code of its own: its permission is unused — and nothing from the other apps' code.
    const b = await waitForDiagnostics(bars, (ds) => usage(ds).length > 0);
    assert.deepStrictEqual(usage(b), ['permission-unused']);
    // The mailer's code only reads: usage says over-broad (Mail.Read suffices), the sibling heuristic
    // steps back on that line, and the preferred quick-fix is the least-privilege one.
    const m = await waitForDiagnostics(mailer, (ds) => usage(ds).length > 0 && !codes(ds).includes('broader-than-sibling'));
    assert.deepStrictEqual(codes(m), ['permission-over-broad'], JSON.stringify(m.map((d) => d.message)));
    const actions = await retryCanceled(() =>
      vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', mailer, m[0].range, vscode.CodeActionKind.QuickFix.value),
    );
    assert.deepStrictEqual(actions.filter((a) => a.isPreferred).map((a) => a.title), ['Replace with Mail.Read']);
    // The daemon is analysed (it is in the report) and is told nothing about the mailer's delegated calls.
    const md = await vscode.commands.executeCommand<string>('graphPermissionLens.showLeastPrivilegeReport');
    assert.ok(md);
    assert.match(md, /## [^\n]*two\\-apps\/groups\\-daemon\n\nApp boundary: project folder of two\\-apps\/groups\\-daemon\/package\\\.json/);
    assert.deepStrictEqual(usage(vscode.languages.getDiagnostics(daemon)), []);
    assert.match(md, /`two-apps\/admin\/provision\.ps1:3` \| `GET \/users`/, 'the admin script is listed on its own');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a manifest written outside the editor gets its findings without being opened (file watcher)', async () => {
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === extra.toString()));
    // Mail.Send (Application) in the daemon's project: its code never sends mail.
    fs.writeFileSync(
      extra.fsPath,
      JSON.stringify({ requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', type: 'Role' }] }] }, null, 2),
    );
    const ds = await waitForDiagnostics(extra, (d) => usage(d).includes('permission-unused'));
    assert.match(ds.find((d) => d.code === 'permission-unused')!.message, /^Mail\.Send \(Application\) is requested/);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === extra.toString() && !d.isClosed), 'never opened');
    fs.unlinkSync(extra.fsPath);
    await waitForDiagnostics(extra, (d) => d.length === 0);
  });

  it('the report is a webview page: per app, links to file and line, fixes as buttons; no Untitled document, nothing to save', async () => {
    const before = vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
    await vscode.commands.executeCommand('graphPermissionLens.showLeastPrivilegeReport');
    // The tab model follows the panel's creation asynchronously: poll with a timeout.
    const isReport = (t: vscode.Tab | undefined): boolean => t?.input instanceof vscode.TabInputWebview && t.input.viewType.includes('graphPermissionLens.leastPrivilegeReport');
    for (const deadline = Date.now() + TIMEOUT_MS; !isReport(vscode.window.tabGroups.activeTabGroup.activeTab) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('graphPermissionLens.leastPrivilegeReport'), `active tab: ${tab?.label}`);
    assert.strictEqual(tab.isDirty, false);
    assert.strictEqual(vscode.workspace.textDocuments.filter((d) => d.isUntitled).length, before, 'no Untitled document');
    const html = (await vscode.commands.executeCommand<string>('_graphPermissionLens.leastPrivilegeReportHtml')) ?? '';
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*script-src 'nonce-[\w-]+'/);
    assert.match(html, /<h2>two-apps\/mailer<\/h2>/);
    assert.match(html, /data-file="two-apps\/mailer\/src\/read\.ts" data-line="3"/);
    assert.match(html, /only Application permissions allow it \(least privileged: Calls\.Initiate\.All\)/);
    assert.match(html, /<button data-action="fix"[^>]*>Remove User\.Read\.All<\/button>/, 'bars/ offers its fix as a button');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.ok(!vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.isDirty)), 'closing asks nothing');
  });
});
