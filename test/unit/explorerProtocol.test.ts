/**
 * The explorer's requests (src/server/explorerProtocol.ts) over the real protocol, in process: a
 * JSON-RPC client connected to `startServer` through a pair of streams asks for the permission
 * list, a permission, the metadata info and files' references, as the VS Code client's views do;
 * and the browser entry's in-host source (src/vscode/inHostExplorerSource.ts, loaded with a
 * stand-in for the `vscode` module) answers the same for the same store.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { pathToFileURL } from 'url';
import { createConnection, createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver/node';
import { startServer } from '../../src/server/server';
import {
  FileReferencesRequest,
  MetadataChangedNotification,
  MetadataInfoRequest,
  MetadataRequest,
  PermissionListRequest,
  ResolvePermissionRequest,
  StoreChangedNotification,
  type FileReferencesParams,
  type FileReferencesResult,
  type MetadataInUse,
  type MetadataInfoResult,
  type PermissionListParams,
  type PermissionListResult,
  type ResolvePermissionParams,
  type ResolvePermissionResult,
} from '../../src/server/protocol';
import { fileReferences, groupList, listSearchItems, metadataInfo, permissionList, rankList, resolvePermission } from '../../src/core/explorer/listing';
import { groupByResource, rankByRisk } from '../../src/core/explorer/model';
import { filterItems, searchItems } from '../../src/core/explorer/search';
import { bundledData } from '../../src/platform/node/data';
import type { PermissionStore } from '../../src/core/store/store';
import type { PermissionStoreFile } from '../../src/core/store/storeData';
import type { ExplorerSource } from '../../src/vscode/explorerSource';
import type { BaseServices } from '../../src/vscode/services';
import { withVscode } from './vscodeStandIn';

const root = path.resolve(__dirname, '..', '..', '..');
const GRAPH = '00000003-0000-0000-c000-000000000000';
const CALLS_APP = 'a7a681dc-756e-4909-b988-f160edc6655f';
const fixture = (...p: string[]): string => path.join(root, 'test', 'fixtures', ...p);

interface Harness {
  client: ProtocolConnection;
  storeChanges: number;
  close(): void;
}

async function startHarness(opts: { dataDir?: string; metadata?: () => MetadataInUse } = {}): Promise<Harness> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, { defaultDataDir: path.join(root, 'data') });
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const h: Harness = {
    client,
    storeChanges: 0,
    close() {
      client.dispose();
      serverConnection.dispose();
    },
  };
  client.onNotification(StoreChangedNotification, () => void h.storeChanges++);
  client.onNotification('window/showMessage', () => undefined);
  client.onRequest(MetadataRequest, () => opts.metadata?.() ?? null);
  client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  client.listen();
  await client.sendRequest('initialize', {
    processId: null,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { leastPrivilege: false, ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(opts.metadata ? { metadataFromClient: true } : {}) },
  });
  await client.sendNotification('initialized', {});
  return h;
}

/** The in-host source of the browser entry, with a stand-in `vscode` module (it uses only EventEmitter) and the given store. */
function inHostSource(store: PermissionStore): ExplorerSource {
  class EventEmitter {
    event = (): { dispose(): void } => ({ dispose: () => undefined });
    fire(): void {}
    dispose(): void {}
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { inHostExplorerSource } = withVscode({ EventEmitter }, () => require('../../src/vscode/inHostExplorerSource') as typeof import('../../src/vscode/inHostExplorerSource'));
  const data = bundledData(path.join(root, 'data'));
  const services = {
    context: { subscriptions: [] },
    log: { warn: () => undefined },
    stores: { get: () => store, onDidChangeStore: () => ({ dispose: () => undefined }), bundled: data, resources: data.resources },
  } as unknown as BaseServices;
  return inHostExplorerSource(services);
}

/** As it arrives over JSON-RPC. */
const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('explorer requests (language server over streams, in process)', function () {
  this.timeout(20000);
  let h: Harness | undefined;
  const store = bundledData(path.join(root, 'data')).permissionStore();
  afterEach(() => h?.close());

  const list = (p: PermissionListParams) => h!.client.sendRequest<PermissionListResult>(PermissionListRequest, p);
  const resolve = (p: ResolvePermissionParams) => h!.client.sendRequest<ResolvePermissionResult>(ResolvePermissionRequest, p);
  const files = (p: FileReferencesParams) => h!.client.sendRequest<FileReferencesResult>(FileReferencesRequest, p);

  it('lists every permission as the tree and the picker show it, marked at the client\'s threshold', async () => {
    h = await startHarness();
    const got = await list({ threshold: 7 });
    assert.strictEqual(got.entries.length, store.counts().names, 'one entry per permission name');
    assert.strictEqual(got.source, store.describe());
    const cam = got.entries.find((e) => e.name === 'Calls.AccessMedia.All');
    assert.deepStrictEqual(cam && [cam.resourceAppId, cam.kinds, cam.ids], [GRAPH, ['Application'], [{ kind: 'Application', id: CALLS_APP }]]);
    assert.strictEqual(cam?.searchText, undefined, 'no description words unless asked');
    assert.ok(got.apps.some((a) => a.displayName === 'Office 365 SharePoint Online'), 'resource app names');
    // The grouping and the risk order computed on the list are those of the store's own functions.
    const project = (es: { name: string; resourceAppId: string }[]) => es.map((e) => `${e.resourceAppId}|${e.name}`);
    assert.deepStrictEqual(
      groupList(got).map((a) => [a.displayName, a.count, a.groups.map((g) => [g.resource, project(g.entries)])]),
      groupByResource(store, 7).map((a) => [a.displayName, a.count, a.groups.map((g) => [g.resource, project(g.entries)])]),
    );
    assert.deepStrictEqual(project(rankList(got)), project(rankByRisk(store, 7)));
    // The threshold is the client's.
    const high = (l: PermissionListResult) => l.entries.filter((e) => e.highPrivilege.length).length;
    assert.ok(high(await list({ threshold: 5 })) > high(got), 'more marked at 5.0 than at 7.0');
    assert.ok(high(await list({ threshold: 10 })) < high(got), 'fewer at 10.0');
  });

  it('gives the picker the words it matches: the same items and matches as the store\'s own search', async () => {
    h = await startHarness();
    const items = listSearchItems(await list({ threshold: 7, withSearchText: true }));
    const own = searchItems(store, 7);
    assert.deepStrictEqual(
      items.map((i) => [i.label, i.description, i.detail, i.nameLc, i.ids, i.textLc]),
      own.map((i) => [i.label, i.description, i.detail, i.nameLc, i.ids, i.textLc]),
    );
    for (const q of [CALLS_APP, 'calls.accessm', 'send mail as any user', 'A7A681DC', 'zzzz-none']) {
      assert.deepStrictEqual(filterItems(items, q).map((i) => i.entry.name), filterItems(own, q).map((i) => i.entry.name), q);
    }
  });

  it('resolves a command argument to the canonical permission, says which store lacks an unknown one, and looks in every app when asked', async () => {
    h = await startHarness();
    const got = await resolve({ name: 'mail.send', resourceAppId: GRAPH, threshold: 7 });
    assert.strictEqual(got.entry?.name, 'Mail.Send');
    assert.deepStrictEqual(got.entry?.ids.map((i) => i.kind), ['Application', 'Delegated']);
    assert.deepStrictEqual(await resolve({ name: 'No.Such.Permission', resourceAppId: GRAPH, threshold: 7 }), { entry: null, source: store.describe() });
    // A name only another resource app has (a page restored from its title): found with anyApp only.
    const other = store.resourceApps().find((a) => a.appId !== GRAPH && store.permissions().some((p) => p.resourceAppId === a.appId && !store.byName(p.value, GRAPH)));
    assert.ok(other, 'the bundled store has another resource app');
    const name = store.permissions().find((p) => p.resourceAppId === other.appId && !store.byName(p.value, GRAPH))!.value;
    assert.strictEqual((await resolve({ name, resourceAppId: GRAPH, threshold: 7 })).entry, null);
    assert.strictEqual((await resolve({ name, resourceAppId: GRAPH, threshold: 7, anyApp: true })).entry?.resourceAppId, other.appId);
  });

  it('tells the metadata in use, as Show Metadata Info and the view description show it', async () => {
    h = await startHarness();
    const info = await h.client.sendRequest<MetadataInfoResult>(MetadataInfoRequest);
    assert.deepStrictEqual(info, wire(metadataInfo(store)));
    assert.strictEqual(info.dataLabel, store.dataLabel);
    assert.match(info.countsText, /^\d+ permission names \(\d+ application and \d+ delegated GUIDs\)/);
  });

  it('reads workspace files from disk for the inventory; sent text (an open editor\'s) wins; oversized, binary and missing files are told', async () => {
    h = await startHarness();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-explorer-'));
    try {
      const manifest = fixture('workspace', 'entra-app.manifest.json');
      const text = fs.readFileSync(manifest, 'utf8');
      const bin = path.join(tmp, 'bin.json');
      fs.writeFileSync(bin, Buffer.concat([Buffer.from('{ "scopes": ["Notes.Read.All"] }'), Buffer.from([0, 0, 0])]));
      const big = path.join(tmp, 'big.json');
      fs.writeFileSync(big, JSON.stringify({ scopes: ['Team.ReadBasic.All'], pad: 'x'.repeat(2048) }));
      const edited = path.join(tmp, 'edited.json');
      fs.writeFileSync(edited, '{ "scopes": ["Bookings.Read.All"] }');
      const uri = (f: string) => pathToFileURL(f).href;
      const got = await files({
        files: [
          { uri: uri(manifest), maxFileSizeKB: 5120 },
          { uri: uri(bin), maxFileSizeKB: 5120 },
          { uri: uri(big), maxFileSizeKB: 1 },
          { uri: uri(edited), text: '{ "scopes": ["Tasks.Read"] }', maxFileSizeKB: 5120 },
          { uri: uri(path.join(tmp, 'gone.json')), maxFileSizeKB: 5120 },
          { uri: 'vscode-vfs://github/x/y/a.json', maxFileSizeKB: 5120 },
        ],
      });
      assert.deepStrictEqual(got.files.map((f) => f.uri), [uri(manifest), uri(bin), uri(big), uri(edited), uri(path.join(tmp, 'gone.json')), 'vscode-vfs://github/x/y/a.json'], 'one answer per file, in order');
      const [m, b, o, e, gone, remote] = got.files;
      // The same usages the in-host scan finds in the same text.
      assert.deepStrictEqual(m, wire(fileReferences(store, uri(manifest), text, 5120)));
      const cam = m.usages.find((u) => u.key.name === 'Calls.AccessMedia.All');
      assert.deepStrictEqual(cam && [cam.key.resourceAppId, cam.location.text, cam.location.kind, cam.location.typeWritten, cam.location.line], [GRAPH, CALLS_APP, 'Application', 'Role', text.slice(0, text.indexOf(CALLS_APP)).split('\n').length - 1]);
      assert.deepStrictEqual([b.skipped, b.usages], ['binary', []]);
      assert.deepStrictEqual([o.skipped, o.usages], ['oversized', []]);
      assert.deepStrictEqual(e.usages.map((u) => u.key.name), ['Tasks.Read'], 'the text sent, not the file on disk');
      assert.match(gone.error ?? '', /ENOENT/);
      assert.match(remote.error ?? '', /file: URIs/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('tells the client when its store changed, and answers from the new one', async () => {
    const bundled = JSON.parse(fs.readFileSync(path.join(root, 'data', 'permissions.json'), 'utf8')) as PermissionStoreFile;
    const invented = { id: '0f0f0f0f-1234-4abc-8def-0123456789ab', value: 'Invented.Read.All', kind: 'Application' as const, displayName: 'Invented', description: 'Invented', adminConsentRequired: true, enabled: true };
    const upstream: PermissionStoreFile = {
      ...bundled,
      provenance: { ...bundled.provenance, origin: 'upstream' },
      resourceApps: bundled.resourceApps.map((a) => (a.appId === GRAPH ? { ...a, permissions: [...a.permissions, invented] } : a)),
    };
    h = await startHarness({ metadata: () => ({ store: upstream }) });
    assert.strictEqual((await resolve({ name: 'invented.read.all', resourceAppId: GRAPH, threshold: 7 })).entry?.name, 'Invented.Read.All');
    assert.match((await h.client.sendRequest<MetadataInfoResult>(MetadataInfoRequest)).dataLabel, /^updated, upstream of /);
    void h.client.sendNotification(MetadataChangedNotification, {} satisfies MetadataInUse);
    // Requests sent after the notification are answered from the new store (one connection, in order).
    assert.strictEqual((await resolve({ name: 'Invented.Read.All', resourceAppId: GRAPH, threshold: 7 })).entry, null);
    assert.ok(!(await list({ threshold: 7 })).entries.some((e) => e.name === 'Invented.Read.All'));
    assert.strictEqual(h.storeChanges, 1, 'told once');
  });

  it('fails each request with the reason when the store did not load (the views show it)', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-nodata-'));
    try {
      h = await startHarness({ dataDir: empty });
      await assert.rejects(list({ threshold: 7 }), /the permission store did not load: /);
      await assert.rejects(h.client.sendRequest(MetadataInfoRequest), /the permission store did not load: /);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('answers as the browser entry\'s in-host source does for the bundled store (the same core functions)', async () => {
    h = await startHarness();
    const local = inHostSource(store);
    for (const [t, search] of [[7, false], [5, true]] as const) {
      assert.deepStrictEqual(await list({ threshold: t, withSearchText: search }), wire(await local.permissionList(t, search)), `list at ${t}`);
    }
    assert.deepStrictEqual(await h.client.sendRequest(MetadataInfoRequest), wire(await local.metadataInfo()));
    for (const name of ['Mail.Send', 'no.such']) {
      assert.deepStrictEqual(await resolve({ name, resourceAppId: GRAPH, threshold: 7 }), wire(await local.resolve({ name, resourceAppId: GRAPH }, 7)));
    }
    const text = fs.readFileSync(fixture('workspace', 'entra-app.manifest.json'), 'utf8');
    const one = { uri: 'file:///ws/entra-app.manifest.json', text, maxFileSizeKB: 5120 };
    assert.deepStrictEqual((await files({ files: [one] })).files, wire(await local.fileReferences([one])));
    // The in-host source is the core's, as the server's handlers are.
    assert.deepStrictEqual(wire(await local.resolve({ name: 'Mail.Send', resourceAppId: GRAPH }, 7)).entry, wire(resolvePermission(store, { name: 'Mail.Send', resourceAppId: GRAPH }, 7)));
    assert.deepStrictEqual(wire(await local.permissionList(7)), wire(permissionList(store, 7)));
  });
});
