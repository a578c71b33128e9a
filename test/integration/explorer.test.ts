// Integration tests of the permission explorer (views, workspace inventory, detail page, commands)
// inside a real VS Code. The trees are read through the real TreeDataProviders by the internal
// command `_graphPermissionLens.explorerSnapshot`.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { permissionDetailsLink } from '../../src/core/explorer/hoverLink';

const EXTENSION_ID = 'graph-permission-lens.graph-permission-lens';
const GRAPH = '00000003-0000-0000-c000-000000000000';
const CALLS_APP = 'a7a681dc-756e-4909-b988-f160edc6655f';
const TIMEOUT_MS = 20_000;

interface Snap {
  label: string;
  description?: string;
  contextValue?: string;
  icon?: string;
  command?: { command: string; arguments: unknown[] };
  children?: Snap[];
}
interface Snapshot {
  all: Snap[];
  workspace: Snap[];
  skipped: { binary: number; oversized: number };
}

const snapshot = (expandAll = false): Thenable<Snapshot> => vscode.commands.executeCommand<Snapshot>('_graphPermissionLens.explorerSnapshot', { expandAll });

/** Polls the workspace tree until `done` holds or the timeout; returns the last snapshot. */
async function waitForWorkspace(done: (ws: Snap[]) => boolean, what: string): Promise<Snap[]> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const ws = (await snapshot()).workspace;
    if (done(ws)) return ws;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; tree: ${ws.map((n) => n.label).join(', ')}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const names = (ws: Snap[]): string[] => ws.map((n) => n.label);

describe('Permission explorer (real VS Code)', function () {
  let folder: vscode.WorkspaceFolder;
  let tmp: vscode.Uri;

  before(async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    const commands = await vscode.commands.getCommands(false);
    if (!commands.includes('_graphPermissionLens.explorerSnapshot')) {
      console.log('    (skipped: the explorer is not registered: registerExplorer(services) is not called in src/extension.ts)');
      this.skip();
    }
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f, 'no workspace folder open');
    folder = f;
    tmp = vscode.Uri.joinPath(folder.uri, `explorer-tmp-${process.pid}`);
  });

  after(async () => {
    if (tmp) await vscode.workspace.fs.delete(tmp, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    const g = vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('search').update('exclude', undefined, g);
    await vscode.workspace.getConfiguration('graphPermissionLens').update('maxFileSizeKB', undefined, g);
  });

  it('contributes the views and lists every permission grouped by resource, with kinds, display text and high-privilege icons', async () => {
    await vscode.commands.executeCommand('graphPermissionLens.allPermissions.focus');
    const { all } = await snapshot(true);
    const calls = all.find((n) => n.label === 'Calls');
    assert.ok(calls?.children, `no Calls group in ${names(all).join(', ')}`);
    assert.strictEqual(calls.description, String(calls.children.length));
    const cam = calls.children.find((c) => c.label === 'Calls.AccessMedia.All');
    assert.ok(cam, 'Calls.AccessMedia.All under Calls');
    assert.match(cam.description ?? '', /^Risk \d+\.\d · Application — \S/);
    assert.strictEqual(cam.icon, 'key');
    for (const c of calls.children) assert.ok(c.label.startsWith('Calls.'), c.label);
    const rm = all.find((n) => n.label === 'RoleManagement')?.children?.find((c) => c.label === 'RoleManagement.ReadWrite.Directory');
    assert.deepStrictEqual([rm?.icon, rm?.contextValue, rm?.description?.startsWith('Risk 10.0 · Application · Delegated — ')], ['warning', 'permission.highPrivilege', true]);
    const sp = all.find((n) => n.label === 'Office 365 SharePoint Online');
    assert.ok(sp?.children?.some((g) => g.label === 'AllSites'), 'SharePoint permissions under their own app');
    const labels = all.filter((n) => n !== sp).map((n) => n.label.toLowerCase());
    assert.deepStrictEqual(labels, [...labels].sort((a, b) => a.localeCompare(b)), 'groups sorted');
  });

  it('marks high privilege at the user\'s graphPermissionLens.highPrivilege.riskThreshold, and redraws when it changes', async () => {
    const lens = vscode.workspace.getConfiguration('graphPermissionLens');
    const mark = async (): Promise<string[]> => {
      const { all } = await snapshot(true);
      const find = (group: string, name: string) => all.find((n) => n.label === group)?.children?.find((c) => c.label === name);
      return [find('Mail', 'Mail.ReadWrite'), find('RoleManagement', 'RoleManagement.ReadWrite.Directory')].map((n) => `${n?.icon} ${n?.contextValue}`);
    };
    /** Polls the tree until the marks are `want` (the setting's change event arrives asynchronously). */
    const waitForMarks = async (want: string[], what: string): Promise<void> => {
      const deadline = Date.now() + TIMEOUT_MS;
      for (let got = await mark(); JSON.stringify(got) !== JSON.stringify(want); got = await mark()) {
        if (Date.now() > deadline) assert.deepStrictEqual(got, want, `timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    const high = 'warning permission.highPrivilege';
    await waitForMarks([high, high], 'the default threshold (7.0): Application Mail.ReadWrite scores 7.0');
    try {
      await lens.update('highPrivilege.riskThreshold', 9, vscode.ConfigurationTarget.Global);
      await waitForMarks(['key permission', high], 'threshold 9.0: only the paths to tenant takeover');
    } finally {
      await lens.update('highPrivilege.riskThreshold', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForMarks([high, high], 'the default threshold again');
  });

  it('sorts All permissions by risk (one list, riskiest first) and back by name, from the view title commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('graphPermissionLens.sortAllPermissionsByRisk') && commands.includes('graphPermissionLens.sortAllPermissionsByName'));
    try {
      assert.strictEqual(await vscode.commands.executeCommand('graphPermissionLens.sortAllPermissionsByRisk'), 'risk');
      const { all } = await snapshot();
      assert.ok(all.length > 500, `one flat list of permissions: ${all.length}`);
      assert.ok(all.every((n) => n.contextValue?.startsWith('permission')), 'no groups when sorted by risk');
      const scores = all.map((n) => Number(/^Risk (\d+\.\d)/.exec(n.description ?? '')?.[1]));
      assert.ok(scores.every((x) => Number.isFinite(x)), 'every item shows its score');
      for (let i = 1; i < scores.length; i++) assert.ok(scores[i - 1] >= scores[i], `riskiest first: ${all[i - 1].label} ${scores[i - 1]} before ${all[i].label} ${scores[i]}`);
      assert.strictEqual(scores[0], 10);
      assert.ok(all.slice(0, 20).some((n) => n.label === 'RoleManagement.ReadWrite.Directory'), 'a Tier 0 permission near the top');
    } finally {
      assert.strictEqual(await vscode.commands.executeCommand('graphPermissionLens.sortAllPermissionsByName'), 'name');
    }
    const { all } = await snapshot();
    assert.ok(all.some((n) => n.label === 'Calls' && n.contextValue !== 'permission'), 'grouped by resource again');
  });

  it('inventories the workspace: permissions with their locations, which open the file at the reference', async () => {
    await vscode.commands.executeCommand('graphPermissionLens.workspacePermissions.focus');
    const ws = await waitForWorkspace((w) => w.some((n) => n.label === 'Presence.Read.All'), 'the first scan');
    const cam = ws.find((n) => n.label === 'Calls.AccessMedia.All');
    const loc = cam?.children?.find((c) => c.label.startsWith('entra-app.manifest.json:'));
    assert.ok(loc, `no entra-app.manifest.json location for Calls.AccessMedia.All: ${JSON.stringify(cam)}`);
    assert.match(loc.description ?? '', /^Role \(Application\) · GUID/);
    const userRead = ws.find((n) => n.label === 'User.Read');
    assert.ok(userRead?.children?.some((c) => c.label.startsWith('graph-client.appsettings.json:') && /Delegated · name/.test(c.description ?? '')), JSON.stringify(userRead));
    assert.ok(!names(ws).includes('Recordings.Read'), "the app's own scope is not listed");
    const sorted = names(ws).map((n) => n.toLowerCase());
    assert.deepStrictEqual(sorted, [...sorted].sort((a, b) => a.localeCompare(b)));

    // selecting a location opens it with the reference selected (the item's own command and arguments)
    assert.ok(loc.command);
    await vscode.commands.executeCommand(loc.command.command, ...loc.command.arguments);
    const ed = vscode.window.activeTextEditor;
    assert.ok(ed && ed.document.uri.path.endsWith('entra-app.manifest.json'), `active editor: ${ed?.document.uri.toString()}`);
    assert.strictEqual(ed.selection.start.line + 1, Number(loc.label.split(':').pop()));
    assert.strictEqual(ed.document.getText(ed.selection), CALLS_APP, 'the reference is selected');
  });

  it('updates incrementally when files are created, changed and deleted; skips excluded, binary and oversized files', async () => {
    await snapshot(); // scanned
    const g = vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('search').update('exclude', { '**/excluded-by-setting/**': true }, g);
    const write = (rel: string, text: string | Uint8Array): Thenable<void> =>
      vscode.workspace.fs.writeFile(vscode.Uri.joinPath(tmp, rel), typeof text === 'string' ? Buffer.from(text) : text);
    await write('excluded-by-setting/ignored.json', '{ "scopes": ["Place.Read.All"] }');
    await write('bin.json', Buffer.concat([Buffer.from('{ "scopes": ["Notes.Read.All"] }'), Buffer.from([0, 0, 0])]));
    await write('new.json', '{ "scopes": ["Bookings.Read.All"] }');
    const ws = await waitForWorkspace((w) => names(w).includes('Bookings.Read.All'), 'a created file');
    assert.ok(!names(ws).includes('Place.Read.All'), 'a file excluded by search.exclude is not read');
    assert.ok(!names(ws).includes('Notes.Read.All'), 'a binary file is not read');

    await write('new.json', '{ "scopes": ["Tasks.Read"] }');
    await waitForWorkspace((w) => names(w).includes('Tasks.Read') && !names(w).includes('Bookings.Read.All'), 'a changed file');

    // a full rescan applies the same rules
    assert.ok((await vscode.commands.executeCommand<number>('graphPermissionLens.refreshWorkspacePermissions')) > 0);
    let snap = await snapshot();
    assert.ok(names(snap.workspace).includes('Tasks.Read'));
    assert.ok(!names(snap.workspace).includes('Place.Read.All') && !names(snap.workspace).includes('Notes.Read.All'));
    assert.ok(snap.skipped.binary >= 1, `binary files skipped: ${JSON.stringify(snap.skipped)}`);

    // oversized: with a 1 KiB limit, a 2 KiB file is skipped
    await write('big.json', JSON.stringify({ scopes: ['Team.ReadBasic.All'], pad: 'x'.repeat(2048) }));
    await waitForWorkspace((w) => names(w).includes('Team.ReadBasic.All'), 'the 2 KiB file under the default limit');
    await vscode.workspace.getConfiguration('graphPermissionLens').update('maxFileSizeKB', 1, g);
    await vscode.commands.executeCommand('graphPermissionLens.refreshWorkspacePermissions');
    snap = await snapshot();
    assert.ok(!names(snap.workspace).includes('Team.ReadBasic.All'), 'an oversized file is not read');
    assert.ok(snap.skipped.oversized >= 1);
    await vscode.workspace.getConfiguration('graphPermissionLens').update('maxFileSizeKB', undefined, g);

    await vscode.workspace.fs.delete(tmp, { recursive: true, useTrash: false });
    await waitForWorkspace((w) => !names(w).includes('Tasks.Read') && !names(w).includes('Team.ReadBasic.All'), 'a deleted folder');
    await vscode.workspace.getConfiguration('search').update('exclude', undefined, g);
  });

  it('opens the detail page from the hover link, with the call property table', async () => {
    const link = permissionDetailsLink({ name: 'Calls.AccessMedia.All', resourceAppId: GRAPH });
    const m = /\(command:([^?]+)\?([^ )]+)/.exec(link);
    assert.ok(m, link);
    const args = JSON.parse(decodeURIComponent(m[2])) as unknown[];
    assert.strictEqual(await vscode.commands.executeCommand(m[1], ...args), true);
    const html = await vscode.commands.executeCommand<string>('_graphPermissionLens.detailHtml', { name: 'Calls.AccessMedia.All' });
    assert.ok(html, 'the page is open');
    assert.match(html, /<h1 id="title">Calls\.AccessMedia\.All<\/h1>/);
    assert.match(html, new RegExp(`<th scope="row">Identifier</th><td><code>${CALLS_APP}</code>`));
    assert.match(html, /data-resource="call"/);
    // What the Graph Permissions Explorer page shows too: access summary, reference label; plus the risk score.
    assert.match(html, /App-only access[^<]*<strong>supported<\/strong>/);
    assert.match(html, /Graph reference: <a href="https:\/\/learn\.microsoft\.com\/graph\/api\/resources\/call\?view=graph-rest-1\.0">call<\/a>/);
    assert.match(html, /<th scope="row">RiskScore<\/th><td><span class="risk[^>]*>\d+\.\d \/ 10 /);
    assert.match(html, /script-src &#39;nonce-[A-Za-z0-9_-]{22}&#39;/);
    assert.match(html, /<script nonce="[A-Za-z0-9_-]{22}" src="[^"]*detail\.js">/);
    assert.strictEqual(await vscode.commands.executeCommand('graphPermissionLens.showPermission', { name: 'No.Such.Permission' }), false);
  });

  it('copies GUIDs and names, reveals a permission and finds its usages', async () => {
    await vscode.commands.executeCommand('graphPermissionLens.copyPermissionGuid', { name: 'Mail.Send' }, 'Delegated');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'e383f46e-2787-4529-855e-0e479a3ffac0');
    await vscode.commands.executeCommand('graphPermissionLens.copyPermissionGuid', 'Calls.AccessMedia.All');
    assert.strictEqual(await vscode.env.clipboard.readText(), CALLS_APP, 'the only kind needs no question');
    await vscode.commands.executeCommand('graphPermissionLens.copyPermissionName', { name: 'mail.send' });
    assert.strictEqual(await vscode.env.clipboard.readText(), 'Mail.Send', 'canonical casing');
    assert.strictEqual(await vscode.commands.executeCommand('graphPermissionLens.revealPermission', { name: 'Mail.Send', resourceAppId: GRAPH }), true);
    assert.ok((await vscode.commands.executeCommand<number>('graphPermissionLens.findPermissionUsages', { name: 'Calls.AccessMedia.All' })) >= 1);
    assert.strictEqual(await vscode.commands.executeCommand<number>('graphPermissionLens.findPermissionUsages', { name: 'Bookings.Manage.All' }), 0);
  });

  /** Polls the QuickPick matching until `done` holds for the names found for `query`. */
  async function waitForSearch(query: string, done: (names: string[]) => boolean, what: string): Promise<string[]> {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const r = await vscode.commands.executeCommand<{ names: string[] }>('_graphPermissionLens.searchPermissions', query);
      if (done(r.names)) return r.names;
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; found: ${r.names.slice(0, 10).join(', ')}`);
      await new Promise((res) => setTimeout(res, 150));
    }
  }

  it('follows the store in use: the language server tells the explorer, whose lists show the loaded data, then the bundled data again', async function () {
    this.timeout(4 * TIMEOUT_MS);
    const has = (names: string[]): boolean => names.includes('Widget.Read.All');
    assert.ok(!has(await waitForSearch('widget.read', () => true, 'the search')), 'not in the bundled store');
    const upstream = path.resolve(folder.uri.fsPath, '..', 'upstream');
    const loaded = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('_graphPermissionLens.loadMetadataFrom', upstream, { minGraphPermissions: 1 });
    assert.ok(loaded?.ok, loaded?.message);
    try {
      await waitForSearch('widget.read', has, 'the loaded data in the search');
      const { all } = await snapshot(true);
      assert.ok(all.find((n) => n.label === 'Widget')?.children?.some((c) => c.label === 'Widget.Read.All'), 'in the tree');
      assert.strictEqual(await vscode.commands.executeCommand('graphPermissionLens.copyPermissionName', { name: 'widget.read.all' }), 'Copied Widget.Read.All');
    } finally {
      await vscode.commands.executeCommand('graphPermissionLens.useBundledMetadata');
    }
    await waitForSearch('widget.read', (names) => !has(names), 'the bundled data again');
  });

  it('comes back after the language server restarts: the tree, the search and a permission page ask the new server', async () => {
    assert.strictEqual(await vscode.commands.executeCommand<string>('_graphPermissionLens.restartLanguageServer'), 'Starting');
    // Asked while the server starts: the requests wait for it.
    const { all } = await snapshot();
    assert.ok(all.some((n) => n.label === 'Calls'), `the tree: ${names(all).join(', ')}`);
    assert.strictEqual((await waitForSearch(CALLS_APP, (n) => n.length > 0, 'the search'))[0], 'Calls.AccessMedia.All');
    assert.strictEqual(await vscode.commands.executeCommand('graphPermissionLens.openPermissionDetails', { name: 'Mail.Send', resourceAppId: GRAPH }), true);
    const html = await vscode.commands.executeCommand<string>('_graphPermissionLens.detailHtml', { name: 'Mail.Send' });
    assert.match(html ?? '', /<h1 id="title">.*Mail\.Send<\/h1>/);
  });

  it('matches the QuickPick by name, GUID and description words, at every keystroke', async () => {
    type R = { ms: number; names: string[] };
    const run = (q: string): Thenable<R> => vscode.commands.executeCommand<R>('_graphPermissionLens.searchPermissions', q);
    assert.strictEqual((await run(CALLS_APP)).names[0], 'Calls.AccessMedia.All');
    assert.strictEqual((await run('calls.accessm')).names[0], 'Calls.AccessMedia.All');
    assert.ok((await run('send mail as any user')).names.includes('Mail.Send'));
    const times: number[] = [];
    for (const q of ['Calls.AccessMedia.All', 'read all users full profiles']) {
      for (let i = 1; i <= q.length; i++) {
        const r = await run(q.slice(0, i));
        times.push(r.ms);
        if (q === 'Calls.AccessMedia.All') assert.ok(r.names.includes(q), `'${q.slice(0, i)}' keeps ${q}`);
      }
    }
    times.sort((a, b) => a - b);
    console.log(`      QuickPick filter in the extension host: median ${times[times.length >> 1].toFixed(3)} ms, max ${times[times.length - 1].toFixed(3)} ms over ${times.length} keystrokes`);
  });
});
