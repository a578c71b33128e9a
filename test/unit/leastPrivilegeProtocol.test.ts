/**
 * Least privilege over the language server's protocol, in process (as test/unit/languageServer.test.ts
 * drives the rest): the report request (the VS Code client's report page) returns what the CLI's
 * `least-privilege` prints for the same folder, a finding's fix comes by id on the text the client
 * sends (and not once that text changed), the server tells the client when results change (a save,
 * a file changed on disk, another store), and the client's files.exclude keeps folders out.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { pathToFileURL } from 'url';
import { createConnection, createProtocolConnection, StreamMessageReader, StreamMessageWriter, type CodeAction, type Diagnostic, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { startServer } from '../../src/server/server';
import {
  CONFIGURATION_SECTION,
  LeastPrivilegeChangedNotification,
  LeastPrivilegeFixRequest,
  LeastPrivilegeReportRequest,
  MetadataChangedNotification,
  MetadataRequest,
  type LeastPrivilegeFixParams,
  type LeastPrivilegeFixResult,
  type LeastPrivilegeReportModel,
  type LeastPrivilegeReportParams,
  type MetadataInUse,
  ReadFolderRequest,
  type ReadFolderParams,
  type ReadFolderResult,
} from '../../src/server/protocol';
import { loadStoreWithMetadata } from '../../src/platform/node/upstream';
import { readRepository } from '../../src/platform/node/walk';

const root = path.resolve(__dirname, '..', '..', '..');
const fixture = (...p: string[]): string => path.join(root, 'test', 'fixtures', ...p);
const BIN = path.join(root, 'bin', 'graph-permission-lens.js');

interface Lp {
  client: ProtocolConnection;
  diagnostics: Map<string, PublishDiagnosticsParams>;
  /** LeastPrivilegeChangedNotification count. */
  changes: number;
  close(): void;
}

/** A server with least privilege on (its default) for these folders; `configuration` answers each `workspace/configuration` item by section (and scope; a promise delays the answer). */
async function start(
  folders: { uri: string; name: string }[],
  configuration: (section: string, scopeUri?: string) => unknown = () => ({}),
  metadata?: () => MetadataInUse,
  readFolder?: (p: ReadFolderParams) => ReadFolderResult | Promise<ReadFolderResult>,
  /** The client's workspace folders now (given: the client tells the server when they change). */
  workspaceFolders?: () => { uri: string; name: string }[],
): Promise<Lp> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, { defaultDataDir: path.join(root, 'data') });
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const lp: Lp = {
    client,
    diagnostics: new Map(),
    changes: 0,
    close() {
      client.dispose();
      serverConnection.dispose();
    },
  };
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void lp.diagnostics.set(p.uri, p));
  client.onNotification(LeastPrivilegeChangedNotification, () => void lp.changes++);
  client.onNotification('window/logMessage', () => undefined);
  client.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) => Promise.all(p.items.map((i) => configuration(i.section ?? '', i.scopeUri))));
  if (metadata) client.onRequest(MetadataRequest, () => metadata());
  if (readFolder) client.onRequest(ReadFolderRequest, (p: ReadFolderParams) => readFolder(p));
  if (workspaceFolders) client.onRequest('workspace/workspaceFolders', () => workspaceFolders());
  client.listen();
  await client.sendRequest<InitializeResult>('initialize', {
    processId: null,
    rootUri: null,
    workspaceFolders: folders,
    capabilities: { workspace: { configuration: true, applyEdit: true, workspaceFolders: !!workspaceFolders } },
    initializationOptions: { ...(metadata ? { metadataFromClient: true } : {}), ...(readFolder ? { readsFolders: true } : {}) },
  });
  await client.sendNotification('initialized', {});
  return lp;
}

function waitFor(what: string, done: () => boolean, ms = 15000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = (): void => (done() ? resolve() : Date.now() > deadline ? reject(new Error(`timed out waiting for ${what}`)) : void setTimeout(poll, 20));
    poll();
  });
}

function report(lp: Lp, refresh: boolean): Promise<LeastPrivilegeReportModel | null> {
  return lp.client.sendRequest<LeastPrivilegeReportModel | null>(LeastPrivilegeReportRequest, { refresh } satisfies LeastPrivilegeReportParams);
}

/** Applies LSP edits to a text. */
function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('least privilege over the language server protocol (the report page\'s requests)', function () {
  this.timeout(60000);
  let lp: Lp | undefined;
  afterEach(() => lp?.close());

  it('the report request returns what the CLI `least-privilege` prints for the same app folder, as plain data with each finding\'s id', async () => {
    const folder = fixture('usage', 'app-daemon');
    const cli = spawnSync(process.execPath, [BIN, 'least-privilege', 'app-daemon'], { encoding: 'utf8', cwd: path.dirname(folder) });
    assert.strictEqual(cli.status, 0, cli.stderr);
    lp = await start([{ uri: pathToFileURL(folder).href, name: 'app-daemon' }]);
    const model = await report(lp, true);
    assert.ok(model);
    assert.strictEqual(model.markdown + '\n', cli.stdout);
    assert.match(model.markdown, /permission-over-broad|over-broad/);
    assert.strictEqual(model.noPathData, undefined, 'the bundled store has path data');
    assert.strictEqual(model.folders.length, 1);
    const [app] = model.folders[0].apps;
    assert.ok(app.report && app.report.findings.length > 0);
    assert.strictEqual(app.findings.length, app.report.findings.length, 'one reference per finding');
    for (const [i, f] of app.report.findings.entries()) {
      const ref = app.findings[i];
      assert.ok(ref, `finding ${i} has its id`);
      assert.ok(ref.uri.startsWith(pathToFileURL(folder).href + '/') && ref.uri.endsWith(f.file), `${ref.uri} is ${f.file}`);
      assert.match(ref.id, /^lp/);
      assert.ok(f.fixes.every((x) => typeof x.title === 'string' && x.edits.length === 0), 'fix titles only');
      assert.strictEqual((f as { permission?: unknown }).permission, undefined, 'no store objects');
    }
    // The findings were pushed as diagnostics too.
    const withFindings = new Set(app.findings.map((r) => r!.uri));
    for (const uri of withFindings) assert.ok(lp.diagnostics.get(uri)?.diagnostics.some((d) => /^permission-/.test(String(d.code))), `diagnostics pushed for ${uri}`);
    // Without refresh: the same analysis again (no new run).
    const changes = lp.changes;
    const again = await report(lp, false);
    assert.deepStrictEqual(again, model);
    assert.strictEqual(lp.changes, changes, 'nothing was analysed again');
  });

  it('a finding\'s fix comes by id on the text the client sends, and not once that text changed', async () => {
    const folder = fixture('workspace', 'least-privilege');
    lp = await start([{ uri: pathToFileURL(folder).href, name: 'least-privilege' }]);
    const model = await report(lp, true);
    const app = model!.folders[0].apps[0];
    const i = app.report!.findings.findIndex((f) => f.code === 'permission-over-broad');
    assert.ok(i >= 0, JSON.stringify(app.report!.findings.map((f) => f.code)));
    const ref = app.findings[i]!;
    const fixIndex = app.report!.findings[i].fixes.findIndex((x) => /^Replace with User\.Read(Basic)?\.All$/.test(x.title));
    assert.ok(fixIndex >= 0, app.report!.findings[i].fixes.map((x) => x.title).join(', '));
    const text = fs.readFileSync(path.join(folder, 'users.manifest.json'), 'utf8');
    const r = await lp.client.sendRequest<LeastPrivilegeFixResult>(LeastPrivilegeFixRequest, { uri: ref.uri, id: ref.id, fix: fixIndex, text } satisfies LeastPrivilegeFixParams);
    assert.ok(!('changed' in r), 'the file is the text analysed');
    assert.strictEqual(r.title, app.report!.findings[i].fixes[fixIndex].title);
    const after = applyEdits(text, r.edits);
    assert.ok(!after.includes('741f803b-c850-494e-b5df-cde7c675a1ca'), 'User.ReadWrite.All is gone');
    assert.match(after, /"df021288-bdef-4463-88db-98f22de89214"|"97235f07-e226-4f63-ace3-39588e11d3a1"/);
    JSON.parse(after);
    // Edited since the report: no fix (the page says so and refreshes).
    const changed = await lp.client.sendRequest<LeastPrivilegeFixResult>(LeastPrivilegeFixRequest, { uri: ref.uri, id: ref.id, fix: fixIndex, text: text + '\n' } satisfies LeastPrivilegeFixParams);
    assert.deepStrictEqual(changed, { changed: true });
    // A fix that is another one now (the title shown differs): none.
    const other = await lp.client.sendRequest<LeastPrivilegeFixResult>(LeastPrivilegeFixRequest, { uri: ref.uri, id: ref.id, fix: fixIndex, title: 'Remove everything', text } satisfies LeastPrivilegeFixParams);
    assert.deepStrictEqual(other, { changed: true });
    // An id the server does not know: no fix either.
    assert.deepStrictEqual(await lp.client.sendRequest<LeastPrivilegeFixResult>(LeastPrivilegeFixRequest, { uri: ref.uri, id: 'lp999:1', fix: 0, text }), { changed: true });
  });

  it('tells the client when results change: a file changed on disk, a save, another store in use', async () => {
    const folder = fixture('workspace', 'least-privilege');
    const upstream = await loadStoreWithMetadata(path.join(root, 'data'), fixture('usage', 'upstream'), { limits: { minGraphPermissions: 1 } });
    lp = await start([{ uri: pathToFileURL(folder).href, name: 'least-privilege' }], () => ({}), () => ({}));
    const harness = lp;
    const manifestUri = pathToFileURL(path.join(folder, 'users.manifest.json')).href;
    // The first document opened starts least privilege (a second later).
    void lp.client.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(path.join(folder, 'list-users.ts')).href, languageId: 'typescript', version: 1, text: fs.readFileSync(path.join(folder, 'list-users.ts'), 'utf8') } });
    await waitFor('the first run', () => harness.changes > 0);
    const n = lp.changes;
    void lp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: manifestUri, type: 2 }] });
    await waitFor('a run after a file changed on disk', () => harness.changes > n);
    const m = lp.changes;
    void lp.client.sendNotification('textDocument/didSave', { textDocument: { uri: pathToFileURL(path.join(folder, 'list-users.ts')).href } });
    await waitFor('a run after a save', () => harness.changes > m);
    // Another store (Update Metadata): analysed again with it.
    const bundled = (await report(lp, false))!.markdown;
    assert.match(bundled.replace(/\\(.)/g, '$1'), /bundled metadata/);
    const k = lp.changes;
    void lp.client.sendNotification(MetadataChangedNotification, { store: upstream.file } satisfies MetadataInUse);
    await waitFor('a run with the new store', () => harness.changes > k);
    const model = await report(lp, false);
    assert.doesNotMatch(model!.markdown.replace(/\\(.)/g, '$1'), /bundled metadata/, 'the report is the new store\'s');
  });

  it('a finding shown keeps its quick-fix after another store is put in use, until its folder is analysed again', async () => {
    const folder = fixture('workspace', 'least-privilege');
    const upstream = await loadStoreWithMetadata(path.join(root, 'data'), fixture('usage', 'upstream'), { limits: { minGraphPermissions: 1 } });
    lp = await start([{ uri: pathToFileURL(folder).href, name: 'least-privilege' }], () => ({}), () => ({}));
    const harness = lp;
    const file = path.join(folder, 'users.manifest.json');
    const uri = pathToFileURL(file).href;
    const text = fs.readFileSync(file, 'utf8');
    void lp.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    const overBroad = (): Diagnostic | undefined => harness.diagnostics.get(uri)?.diagnostics.find((d) => d.code === 'permission-over-broad');
    await waitFor('permission-over-broad', () => !!overBroad());
    const shown = overBroad()!;
    const changes = lp.changes;
    void lp.client.sendNotification(MetadataChangedNotification, { store: upstream.file } satisfies MetadataInUse);
    // Asked before the folder runs again (a second later): the run that found it still fixes it.
    const actions = await lp.client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: shown.range, context: { diagnostics: [shown], only: ['quickfix'] } });
    assert.strictEqual(lp.changes, changes, 'asked before the new run');
    assert.ok(actions.some((a) => /^Replace with User\.Read(Basic)?\.All$/.test(a.title) && a.isPreferred), actions.map((a) => a.title).join(', '));
    // Once analysed again, a diagnostic of the older run has no fixes (its id may name another finding now).
    await waitFor('the run with the new store', () => harness.changes > changes);
    const stale = await lp.client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: shown.range, context: { diagnostics: [shown], only: ['quickfix'] } });
    assert.deepStrictEqual(stale.map((a) => a.title), []);
    const fresh = overBroad()!;
    assert.notDeepStrictEqual(fresh.data, shown.data);
    const again = await lp.client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: fresh.range, context: { diagnostics: [fresh], only: ['quickfix'] } });
    assert.ok(again.some((a) => /^Replace with /.test(a.title)), again.map((a) => a.title).join(', '));
  });

  it('names a workspace folder it cannot read (not on disk) instead of leaving it out silently', async () => {
    const folder = fixture('workspace', 'least-privilege');
    lp = await start([
      { uri: pathToFileURL(folder).href, name: 'least-privilege' },
      { uri: 'vscode-vfs://github/contoso/app', name: 'app' },
    ]);
    const model = (await report(lp, true))!;
    assert.deepStrictEqual(model.folders.map((f) => f.name), ['least-privilege']);
    assert.deepStrictEqual(model.unread, [{ name: 'app', why: 'the language server reads folders on disk only' }]);
  });

  it('reads a folder that is not on disk through the client (readsFolders), open documents\' text first, and pushes its findings as for the same folder on disk', async () => {
    const folder = fixture('workspace', 'least-privilege');
    const names = fs.readdirSync(folder).sort();
    const memfs = 'memfs:/ws/least-privilege';
    const asked: ReadFolderParams[] = [];
    // The client's answer: the same files under memfs: URIs (as VS Code gathers them through workspace.fs).
    const answer = (p: ReadFolderParams): ReadFolderResult => {
      asked.push(p);
      assert.strictEqual(p.folderUri, memfs);
      const files = names.filter((n) => /\.(json|ts)$/.test(n)).map((n) => ({ uri: `${memfs}/${n}`, path: n, text: fs.readFileSync(path.join(folder, n), 'utf8') }));
      // A file outside the folder is not taken from the client.
      files.push({ uri: 'memfs:/elsewhere/x.manifest.json', path: '../elsewhere/x.manifest.json', text: '{}' });
      return { files, allPaths: names, skipped: 0 };
    };
    lp = await start([{ uri: pathToFileURL(folder).href, name: 'least-privilege' }, { uri: memfs, name: 'virtual' }], () => ({}), undefined, answer);
    const model = (await report(lp, true))!;
    assert.strictEqual(model.unread, undefined, 'no folder left unread');
    assert.deepStrictEqual(model.folders.map((f) => f.name), ['least-privilege', 'virtual']);
    assert.strictEqual(asked.length, 1, 'the client is asked for the virtual folder only');
    assert.strictEqual(asked[0].maxFileSizeKB, 5120);
    const codes = (base: string): string[] =>
      [...lp!.diagnostics.values()]
        .filter((d) => d.uri.startsWith(`${base}/`))
        .flatMap((d) => d.diagnostics.filter((x) => /^permission-/.test(String(x.code))).map((x) => `${d.uri.slice(base.length)} ${String(x.code)} ${x.range.start.line}:${x.range.start.character}`))
        .sort();
    const onDisk = codes(pathToFileURL(folder).href);
    assert.ok(onDisk.some((c) => / permission-over-broad /.test(c)), onDisk.join('; '));
    assert.deepStrictEqual(codes(memfs), onDisk, 'the same findings, pushed for the memfs: files');
    const virtual = model.folders[1].apps.flatMap((a) => a.findings.map((r) => r!.uri));
    assert.ok(virtual.length && virtual.every((u) => u.startsWith(`${memfs}/`)), virtual.join(', '));
    assert.ok(![...lp.diagnostics.keys()].some((u) => u.startsWith('memfs:/elsewhere')), 'nothing outside the folder');

    // An open document's text wins over the client's: the manifest opened without its over-broad permission.
    const manifest = names.find((n) => n.endsWith('.manifest.json'))!;
    const uri = `${memfs}/${manifest}`;
    const text = fs.readFileSync(path.join(folder, manifest), 'utf8');
    const overBroad = lp.diagnostics.get(uri)!.diagnostics.find((d) => d.code === 'permission-over-broad')!;
    assert.ok(overBroad, 'an over-broad finding on the manifest');
    // Without the role flagged: no over-broad finding on the open document.
    const edited = text.replace(/\{ "id": "741f803b[^}]*\}/, '');
    assert.notStrictEqual(edited, text);
    await lp.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 7, text: edited } });
    const again = (await report(lp, true))!;
    assert.strictEqual(asked.length, 2);
    // Pushed with the open document's own diagnostics (its version), from the text opened.
    await waitFor('the open document\'s diagnostics', () => lp!.diagnostics.get(uri)?.version === 7);
    const after = lp.diagnostics.get(uri)!.diagnostics.filter((d) => /^permission-/.test(String(d.code)));
    assert.ok(!after.some((d) => d.code === 'permission-over-broad'), JSON.stringify(after));
    assert.ok(after.every((d) => (d.data as { version: number }).version === 7), JSON.stringify(after));
    assert.ok(again.folders[1].apps.length > 0);
  });

  it('names a folder the client could not read in the report, the others still analysed', async () => {
    const folder = fixture('workspace', 'least-privilege');
    lp = await start([{ uri: pathToFileURL(folder).href, name: 'least-privilege' }, { uri: 'memfs:/gone', name: 'gone' }], () => ({}), undefined, () => {
      throw new Error('no such file system');
    });
    const model = (await report(lp, true))!;
    assert.deepStrictEqual(model.folders.map((f) => f.name), ['least-privilege']);
    assert.strictEqual(model.unread?.length, 1);
    assert.strictEqual(model.unread[0].name, 'gone');
    assert.match(model.unread[0].why, /could not read it: .*no such file system/);
  });

  it('names a workspace folder that cannot be read (gone) with the reason, instead of reporting it analysed and empty', async () => {
    const folder = fixture('workspace', 'least-privilege');
    const gone = path.join(os.tmpdir(), `gpl-gone-${process.pid}-${Date.now()}`);
    const logs: string[] = [];
    lp = await start([
      { uri: pathToFileURL(folder).href, name: 'least-privilege' },
      { uri: pathToFileURL(gone).href, name: 'gone' },
    ]);
    lp.client.onNotification('window/logMessage', (m: { message: string }) => void logs.push(m.message));
    const model = (await report(lp, true))!;
    assert.deepStrictEqual(model.folders.map((f) => f.name), ['least-privilege']);
    assert.deepStrictEqual(model.unread, [{ name: 'gone', why: 'it could not be read: no such file or directory' }]);
    assert.ok(logs.some((l) => l === `Least privilege: cannot read gone (${gone}): no such file or directory`), logs.join('\n'));
    assert.deepStrictEqual((await report(lp, false))!.unread, model.unread, 'the last results too');
  });

  it('a refresh whose run a settings change cancels reports the folder from the run after it, and names it when runs keep being cancelled', async () => {
    const folder = fixture('usage', 'app-daemon');
    const folders = [{ uri: pathToFileURL(folder).href, name: 'app-daemon' }];
    // The user changes a setting while the server asks for the settings of the report's run (the first `cancels` times).
    let cancels = 1;
    let harness: Lp | undefined;
    const configuration = (section: string): unknown => {
      if (section === CONFIGURATION_SECTION && cancels > 0) {
        cancels--;
        void harness!.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      }
      return {};
    };
    lp = harness = await start(folders, configuration);
    const model = (await report(lp, true))!;
    assert.strictEqual(cancels, 0, 'the report\'s first run was cancelled');
    assert.deepStrictEqual(model.folders.map((f) => f.name), ['app-daemon']);
    assert.ok(model.folders[0].apps[0].report!.findings.length > 0);
    assert.strictEqual(model.unread, undefined);
    lp.close();
    // Cancelled run after run: the report names the folder instead of showing no folder silently.
    cancels = 10;
    lp = harness = await start(folders, configuration);
    const named = (await report(lp, true))!;
    assert.deepStrictEqual(named.folders, []);
    assert.deepStrictEqual(named.unread?.map((f) => f.name), ['app-daemon']);
    assert.match(named.unread![0].why, /cancelled/);
  });

  it('a refresh of two folders reports each folder\'s newest results: a run of the first that finished while the second was analysed wins', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-lp-'));
    try {
      const one = path.join(tmp, 'one');
      const two = path.join(tmp, 'two');
      fs.cpSync(fixture('usage', 'app-daemon'), one, { recursive: true });
      fs.cpSync(fixture('usage', 'app-users-read'), two, { recursive: true });
      const folders = [{ uri: pathToFileURL(one).href, name: 'one' }, { uri: pathToFileURL(two).href, name: 'two' }];
      const manifest = path.join(one, 'entra.manifest.json');
      let harness: Lp | undefined;
      // Folder two's settings are answered once folder one, changed on disk after its report run, has run again.
      let oneAgain: Promise<void> | undefined;
      lp = harness = await start(folders, (section, scope) => (section === CONFIGURATION_SECTION && scope === folders[1].uri ? oneAgain?.then(() => ({})) ?? {} : {}));
      lp.client.onNotification(LeastPrivilegeChangedNotification, () => {
        harness!.changes++;
        if (oneAgain) return;
        // Folder one's report run finished: its manifest is deleted on disk now.
        fs.rmSync(manifest);
        void harness!.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(manifest).href, type: 3 }] });
        const seen = harness!.changes;
        oneAgain = waitFor('folder one run again', () => harness!.changes > seen);
      });
      const model = (await report(lp, true))!;
      assert.ok(oneAgain, 'folder one ran for the report');
      const manifestsOfOne = (m: LeastPrivilegeReportModel) => m.folders.find((f) => f.name === 'one')!.apps.flatMap((a) => a.report?.manifests ?? []);
      assert.deepStrictEqual(manifestsOfOne(model), [], 'the report is of folder one without its manifest');
      assert.deepStrictEqual(model.folders.map((f) => f.name), ['one', 'two']);
      assert.deepStrictEqual(await report(lp, false), model, 'the last results are the report\'s');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a folder removed from the workspace while its run is scheduled is neither analysed nor published', async () => {
    const a = { uri: pathToFileURL(fixture('usage', 'app-users-read')).href, name: 'app-users-read' };
    const b = { uri: pathToFileURL(fixture('usage', 'app-daemon')).href, name: 'app-daemon' };
    let folders = [a, b];
    const asked: string[] = [];
    const configuration = (section: string, scope?: string): unknown => {
      if (section === CONFIGURATION_SECTION && scope) asked.push(scope);
      return {};
    };
    lp = await start(folders, configuration, undefined, undefined, () => folders);
    const harness = lp;
    // The first document opened schedules both folders (a second later); then folder b is removed.
    const doc = path.join(fixture('usage', 'app-users-read'), 'list-users.ts');
    void lp.client.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(doc).href, languageId: 'typescript', version: 1, text: fs.readFileSync(doc, 'utf8') } });
    folders = [a];
    void lp.client.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [b] } });
    // Folder a, rescheduled by the change, runs after the run b had scheduled would have started (and asked for b's settings).
    await waitFor('folder a analysed', () => harness.changes > 0 && asked.includes(a.uri));
    assert.ok(!asked.includes(b.uri), 'folder b was not analysed');
    const underB = [...lp.diagnostics.entries()].filter(([u, p]) => u.startsWith(b.uri + '/') && p.diagnostics.length).map(([u]) => u);
    assert.deepStrictEqual(underB, []);
    assert.deepStrictEqual((await report(lp, false))!.folders.map((f) => f.name), ['app-users-read']);
  });

  it('a manifest saved with a UTF-8 BOM: its findings are where the editor shows them and their fixes apply to the editor\'s text (no BOM)', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-lp-'));
    try {
      fs.cpSync(fixture('usage', 'app-daemon'), tmp, { recursive: true });
      const file = path.join(tmp, 'entra.manifest.json');
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, '\uFEFF' + text);
      assert.strictEqual(readRepository(tmp).files.find((f) => f.path === 'entra.manifest.json')?.text, text, 'read without the BOM');
      lp = await start([{ uri: pathToFileURL(tmp).href, name: 'bom' }]);
      const app = (await report(lp, true))!.folders[0].apps[0];
      const i = app.report!.findings.findIndex((f, k) => f.file === 'entra.manifest.json' && f.fixes.length > 0 && app.findings[k]);
      assert.ok(i >= 0, 'a manifest finding with a fix');
      const ref = app.findings[i]!;
      const finding = app.report!.findings[i];
      // VS Code's document text has no BOM: the fix is for it.
      const r = await lp.client.sendRequest<LeastPrivilegeFixResult>(LeastPrivilegeFixRequest, { uri: ref.uri, id: ref.id, fix: 0, title: finding.fixes[0].title, text } satisfies LeastPrivilegeFixParams);
      assert.ok(!('changed' in r), 'the editor\'s text is the text analysed');
      JSON.parse(applyEdits(text, r.edits));
      const shown = lp.diagnostics.get(ref.uri)?.diagnostics.find((d) => (d.data as { id?: string } | undefined)?.id === ref.id);
      assert.deepStrictEqual(shown?.range.start, { line: finding.line - 1, character: finding.column - 1 });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a file changed in a folder least privilege never reads (the skip list, the client\'s excludes) starts no run', async () => {
    const a = { uri: pathToFileURL(fixture('usage', 'app-daemon')).href, name: 'app-daemon' };
    const b = { uri: pathToFileURL(fixture('usage', 'app-users-read')).href, name: 'app-users-read' };
    const logs: string[] = [];
    lp = await start([a, b], (section) => (section === 'files.exclude' ? { '**/generated': true } : {}));
    lp.client.onNotification('window/logMessage', (m: { message: string }) => void logs.push(m.message));
    await report(lp, true);
    const runs = (name: string) => logs.filter((l) => l.startsWith(`Least privilege: analysing ${name} `)).length;
    const analysed = (name: string) => logs.filter((l) => l.startsWith(`Least privilege: ${name} analysed in `)).length;
    assert.deepStrictEqual([runs('app-daemon'), runs('app-users-read')], [1, 1]);
    // Under dist/, node_modules/ (the skip list) and a folder the client excludes: no run.
    void lp.client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: `${a.uri}/dist/extension.js`, type: 2 },
        { uri: `${a.uri}/node_modules/x/package.json`, type: 1 },
        { uri: `${a.uri}/generated/client.ts`, type: 1 },
      ],
    });
    // A change in folder b, sent after: folder b's run, which starts after a run of folder a would have (same delay, later).
    void lp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `${b.uri}/app.manifest.json`, type: 2 }] });
    await waitFor('folder b analysed again', () => analysed('app-users-read') === 2);
    assert.strictEqual(runs('app-daemon'), 1, 'folder a was not analysed again');
  });

  it('leaves out what the client\'s files.exclude excludes, and reports every app of a folder otherwise', async () => {
    const folder = fixture('workspace', 'two-apps');
    const folders = [{ uri: pathToFileURL(folder).href, name: 'two-apps' }];
    lp = await start(folders);
    const all = (await report(lp, true))!.folders[0].apps.map((a) => a.name);
    assert.ok(all.some((n) => /bars/.test(n)), all.join(', '));
    lp.close();
    lp = await start(folders, (section) => (section === 'files.exclude' ? { '**/bars': true, '**/never': false } : {}));
    const some = (await report(lp, true))!.folders[0].apps.map((a) => a.name);
    assert.ok(!some.some((n) => /bars/.test(n)), some.join(', '));
    assert.deepStrictEqual(some, all.filter((n) => !/bars/.test(n)));
  });
});
