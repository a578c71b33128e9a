// Update Metadata in a real VS Code, offline: a local folder source whose data is older than the
// data in use. The command must not step back silently: dismissing its warning keeps the data in
// use, and its "Use the Older Data" button switches to the older data. The notification is answered
// through the workbench's own commands (`notifications.clearAll` dismisses, never cancels;
// `notification.acceptPrimaryAction` presses the first button of the newest notification).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'graph-permission-lens.graph-permission-lens';
const GRAPH = '00000003-0000-0000-c000-000000000000';
const TIMEOUT_MS = 20_000;
/** The date the source folder says its data is of (devx-commit.txt), older than any bundled data. */
const OLD_DATE = '2001-02-03';
/** The importer refuses files with fewer Graph permissions than this (they are not the published metadata). */
const MIN_GRAPH_PERMISSIONS = 200;

const until = async (done: () => Promise<boolean> | boolean, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** The names the store in use knows for `query` (the explorer's search, through the real command). */
const storeKnows = async (name: string): Promise<boolean> => {
  const r = await vscode.commands.executeCommand<{ names: string[] } | []>('_graphPermissionLens.searchPermissions', name);
  return !Array.isArray(r) && r.names.includes(name);
};

/**
 * An upstream folder of our own: test/fixtures/upstream (invented Widget/Gadget permissions) with
 * enough invented Gizmo permissions to pass the importer's plausibility check, and a
 * devx-commit.txt that dates the data OLD_DATE.
 */
function olderSource(fixtures: string): string {
  const perms = JSON.parse(fs.readFileSync(path.join(fixtures, 'permissions.json'), 'utf8')) as { permissions: Record<string, unknown> };
  const prov = JSON.parse(fs.readFileSync(path.join(fixtures, 'provisioningInfo.json'), 'utf8')) as { permissionDeployments: Record<string, unknown[]> };
  for (let i = 0; i < MIN_GRAPH_PERMISSIONS; i++) {
    const name = `Gizmo${i}.Read.All`;
    perms.permissions[name] = {
      authorizationType: 'oAuth2',
      schemes: { Application: { adminDisplayName: `Read gizmo ${i}`, adminDescription: `Invented permission ${i} for a test.`, requiresAdminConsent: true, privilegeLevel: 2 } },
      pathSets: [],
    };
    const id = `0e0e0e0e-0000-4000-8000-${String(i).padStart(12, '0')}`;
    prov.permissionDeployments[name] = [{ id, scheme: 'Application', environment: 'public', isHidden: false, isEnabled: true, resourceAppId: '' }];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-older-upstream-'));
  fs.writeFileSync(path.join(dir, 'permissions.json'), JSON.stringify(perms));
  fs.writeFileSync(path.join(dir, 'provisioningInfo.json'), JSON.stringify(prov));
  fs.writeFileSync(path.join(dir, 'devx-commit.txt'), `0123456789abcdef ${OLD_DATE}T00:00:00Z\n`);
  return dir;
}

describe('Update Metadata: older data (real VS Code)', function () {
  let source: string | undefined;
  const lens = () => vscode.workspace.getConfiguration('graphPermissionLens');

  before(async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    const commands = await vscode.commands.getCommands(false);
    for (const c of ['graphPermissionLens.updateMetadata', '_graphPermissionLens.searchPermissions', 'notification.acceptPrimaryAction', 'notifications.clearAll']) {
      if (!commands.includes(c)) {
        console.log(`    (skipped: the command ${c} is not registered)`);
        this.skip();
      }
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open');
    const fixtures = path.resolve(folder.uri.fsPath, '..', 'upstream');
    assert.ok(fs.existsSync(path.join(fixtures, 'permissions.json')), `fixture upstream files not found in ${fixtures}`);
    source = olderSource(fixtures);
    await lens().update('metadata.sourceUrl', source, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async function () {
    this.timeout(TIMEOUT_MS);
    if (!source) return;
    await vscode.commands.executeCommand('graphPermissionLens.useBundledMetadata');
    await lens().update('metadata.sourceUrl', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notifications.clearAll');
    fs.rmSync(source, { recursive: true, force: true });
  });

  /** Runs Update Metadata; `answer` is called every 100 ms until the command is done or `stop` holds. */
  async function runUpdate(answer: () => Thenable<unknown>, stop: () => Promise<boolean>): Promise<{ done: boolean }> {
    const state = { done: false };
    const run = vscode.commands.executeCommand('graphPermissionLens.updateMetadata').then(
      () => (state.done = true),
      () => (state.done = true),
    );
    const ok = await until(async () => {
      if (state.done || (await stop())) return true;
      await answer();
      return false;
    }, TIMEOUT_MS);
    assert.ok(ok, 'Update Metadata neither finished nor reached the expected state');
    if (!state.done) {
      // Dismiss what is left (the "Show Changes" prompt of a finished update) so that the command ends.
      await vscode.commands.executeCommand('notifications.clearAll');
      await run;
    }
    return state;
  }

  it('dismissing the warning keeps the data in use', async function () {
    this.timeout(2 * TIMEOUT_MS);
    assert.ok(await storeKnows('Mail.Send'), 'the bundled store is in use');
    assert.ok(!(await storeKnows('Widget.Read.All')));
    // clearAll closes notifications without pressing a button (a progress notification is only hidden).
    const r = await runUpdate(() => vscode.commands.executeCommand('notifications.clearAll'), async () => false);
    assert.ok(r.done, 'the command ends once its warning is dismissed');
    assert.ok(!(await storeKnows('Widget.Read.All')), 'older data never replaces the data in use without asking');
    assert.ok(await storeKnows('Mail.Send'));
  });

  it('"Use the Older Data" switches to the older data', async function () {
    this.timeout(6 * TIMEOUT_MS);
    // The newest notification is first the cancellable progress, then the warning: pressing the progress's
    // Cancel while the folder is read ends the command without a change, and the update is run again.
    // After each press, wait for the outcome before pressing again (the second update has a Cancel too).
    let switched = false;
    for (let attempt = 1; attempt <= 5 && !switched; attempt++) {
      // The first press comes after a pause, once the folder has been read and the warning is up.
      let pressedAt = Date.now();
      await runUpdate(
        async () => {
          if (Date.now() - pressedAt < 3000) return;
          pressedAt = Date.now();
          await vscode.commands.executeCommand('notification.acceptPrimaryAction');
        },
        async () => (switched = await storeKnows('Widget.Read.All')),
      );
    }
    assert.ok(switched, 'the store in use has the older data after "Use the Older Data"');
    const key = { name: 'Widget.Read.All', resourceAppId: GRAPH };
    assert.strictEqual(await vscode.commands.executeCommand('graphPermissionLens.showPermission', key), true);
    const html = await vscode.commands.executeCommand<string>('_graphPermissionLens.detailHtml', key);
    assert.match(html ?? '', new RegExp(`From the upstream data of ${OLD_DATE}\\.`), 'the page names the data in use, of the older date');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
