/**
 * The VS Code desktop client's metadata over the real protocol, in process: the client answers the
 * server's `MetadataRequest` with its Update Metadata cache folder (protocol.ts `MetadataInUse.cacheDir`)
 * and builds no store; the server reads and validates the cache itself — current, else previous,
 * else the bundled store, a bad version set aside — and tells the client which version it uses and
 * the one sentence to show (`MetadataLoadedNotification`). `UseMetadataRequest` switches the store
 * and answers with the diff the server computed, as Update Metadata and Use Bundled Metadata show it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { createConnection, createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver/node';
import { startServer } from '../../src/server/server';
import {
  MetadataInfoRequest,
  MetadataLoadedNotification,
  MetadataRequest,
  ResolvePermissionRequest,
  UseMetadataRequest,
  type MetadataInfoResult,
  type MetadataInUse,
  type MetadataLoadedParams,
  type ResolvePermissionResult,
  type UseMetadataResult,
} from '../../src/server/protocol';
import { UpstreamCache } from '../../src/platform/node/metadataCache';
import { bundledStore, ROOT } from './helpers';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'upstream');
/** The importer's default plausibility check (the server reads the cache with the default limits, as the extension always did). */
const MIN_GRAPH_PERMISSIONS = 200;

interface Harness {
  client: ProtocolConnection;
  loaded: MetadataLoadedParams[];
  messages: string[];
  asked: number;
  close(): void;
}

async function startHarness(metadata: () => MetadataInUse): Promise<Harness> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, { defaultDataDir: path.join(ROOT, 'data') });
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const h: Harness = {
    client,
    loaded: [],
    messages: [],
    asked: 0,
    close() {
      client.dispose();
      serverConnection.dispose();
    },
  };
  client.onNotification(MetadataLoadedNotification, (p: MetadataLoadedParams) => void h.loaded.push(p));
  client.onNotification('window/showMessage', (p: { message: string }) => void h.messages.push(p.message));
  client.onNotification('window/logMessage', () => undefined);
  client.onRequest(MetadataRequest, () => {
    h.asked++;
    return metadata();
  });
  client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { leastPrivilege: false, metadataFromClient: true } });
  await client.sendNotification('initialized', {});
  return h;
}

/** Our own upstream files (test/fixtures/upstream's invented Widget/Gadget permissions) with enough invented Gizmo permissions to pass the importer's check. */
function upstreamTexts(): { permissionsText: string; provisioningText: string } {
  const perms = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'permissions.json'), 'utf8')) as { permissions: Record<string, unknown> };
  const prov = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'provisioningInfo.json'), 'utf8')) as { permissionDeployments: Record<string, unknown[]> };
  for (let i = 0; i < MIN_GRAPH_PERMISSIONS; i++) {
    const name = `Gizmo${i}.Read.All`;
    perms.permissions[name] = {
      authorizationType: 'oAuth2',
      schemes: { Application: { adminDisplayName: `Read gizmo ${i}`, adminDescription: `Invented permission ${i} for a test.`, requiresAdminConsent: true, privilegeLevel: 2 } },
      pathSets: [],
    };
    prov.permissionDeployments[name] = [{ id: `0e0e0e0e-0000-4000-8000-${String(i).padStart(12, '0')}`, scheme: 'Application', environment: 'public', isHidden: false, isEnabled: true, resourceAppId: '' }];
  }
  return { permissionsText: JSON.stringify(perms), provisioningText: JSON.stringify(prov) };
}

describe('the desktop client\'s metadata cache, read by the language server (in process)', function () {
  this.timeout(30000);
  let tmp: string;
  let h: Harness | undefined;
  const texts = upstreamTexts();

  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-cache-protocol-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  afterEach(() => h?.close());

  let n = 0;
  /** A cache folder with one download per date (the last one is `current`). */
  async function cacheWith(...dates: string[]): Promise<string> {
    const dir = path.join(tmp, `cache-${n++}`);
    const cache = new UpstreamCache(dir);
    for (const d of dates) {
      await cache.write(texts.permissionsText, texts.provisioningText, { source: `https://example.test/${d}/`, permissionsSource: 'p', provisioningSource: 'q', fetchedAt: `${d}T01:02:03Z`, snapshotDate: d });
    }
    return dir;
  }
  const info = () => h!.client.sendRequest<MetadataInfoResult>(MetadataInfoRequest);
  const knows = async (name: string) => !!(await h!.client.sendRequest<ResolvePermissionResult>(ResolvePermissionRequest, { name, resourceAppId: GRAPH, threshold: 7 })).entry;
  const until = async (done: () => boolean): Promise<void> => {
    const deadline = Date.now() + 5000;
    while (!done()) {
      assert.ok(Date.now() < deadline, 'timed out');
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it('reads the current download of the cache folder and tells the client which one, with its meta record', async () => {
    const dir = await cacheWith('2026-09-14');
    h = await startHarness(() => ({ cacheDir: dir }));
    const i = await info();
    assert.strictEqual(i.origin, 'upstream');
    assert.strictEqual(i.dataDate, '2026-09-14');
    assert.ok(await knows('Widget.Read.All'), 'the cached data is in use');
    await until(() => h!.loaded.length > 0);
    assert.deepStrictEqual(
      h.loaded.map((l) => [l.which, l.meta?.source, l.meta?.fetchedAt, l.problem]),
      [['current', 'https://example.test/2026-09-14/', '2026-09-14T01:02:03Z', undefined]],
    );
    assert.strictEqual(h.asked, 1);
    assert.deepStrictEqual(h.messages, [], 'nothing to show');
  });

  it('a corrupt current download: the previous one, one sentence for the client to show, the bad one set aside', async () => {
    const dir = await cacheWith('2026-09-14', '2026-09-21');
    fs.rmSync(path.join(dir, 'current', 'provisioningInfo.json'));
    h = await startHarness(() => ({ cacheDir: dir }));
    assert.strictEqual((await info()).dataDate, '2026-09-14');
    await until(() => h!.loaded.length > 0);
    assert.strictEqual(h.loaded.length, 1);
    assert.strictEqual(h.loaded[0].which, 'previous');
    assert.match(h.loaded[0].problem ?? '', /^Graph Permission Lens: the cached upstream metadata is unusable \(.*provisioningInfo\.json.*\)\. It was set aside; using the previous good download instead: the upstream data of 2026-09-14\.$/);
    assert.ok(fs.existsSync(path.join(dir, 'current.corrupt')), 'kept for inspection');
    assert.deepStrictEqual(h.messages, [], 'the server does not show it itself: the client shows it once');
  });

  it('no usable download: the bundled store, and the sentence says so', async () => {
    const dir = await cacheWith('2026-09-14');
    const f = path.join(dir, 'current', 'permissions.json');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').slice(0, 100));
    h = await startHarness(() => ({ cacheDir: dir }));
    const i = await info();
    assert.strictEqual(i.origin, 'bundled');
    assert.strictEqual(i.describe, bundledStore().describe());
    await until(() => h!.loaded.length > 0);
    assert.strictEqual(h.loaded[0].which, undefined);
    assert.match(h.loaded[0].problem ?? '', /do not match their recorded checksums\)\. It was set aside; using the bundled metadata \(.*\) instead\. Run "Graph Permissions: Update Metadata" to download it again\.$/);
  });

  it('an empty cache folder is the bundled store, quietly', async () => {
    const dir = path.join(tmp, 'never-written');
    h = await startHarness(() => ({ cacheDir: dir }));
    assert.strictEqual((await info()).origin, 'bundled');
    await until(() => h!.loaded.length > 0);
    assert.deepStrictEqual(h.loaded, [{}]);
  });

  it('switches with UseMetadataRequest and answers with the diff it computed, both ways', async () => {
    const dir = await cacheWith('2026-09-14');
    let inUse: MetadataInUse = {};
    h = await startHarness(() => inUse);
    assert.strictEqual((await info()).origin, 'bundled');
    inUse = { cacheDir: dir };
    const up = await h.client.sendRequest<UseMetadataResult>(UseMetadataRequest, inUse);
    assert.strictEqual(up.info?.origin, 'upstream');
    assert.strictEqual(up.info?.dataDate, '2026-09-14');
    assert.ok(up.diff?.added.some((e) => e.name === 'Widget.Read.All'), 'Widget.Read.All added');
    assert.ok(up.diff?.added.some((e) => e.name === 'Gizmo7.Read.All'));
    assert.ok(await knows('Widget.Read.All'), 'requests sent after it are answered from the new store');
    assert.strictEqual((await info()).dataDate, '2026-09-14');
    inUse = {};
    const back = await h.client.sendRequest<UseMetadataResult>(UseMetadataRequest, inUse);
    assert.strictEqual(back.info?.origin, 'bundled');
    assert.deepStrictEqual(new Set(back.diff?.removed.map((e) => e.name)), new Set(up.diff?.added.map((e) => e.name)), 'back to the bundled store removes what the update added');
    assert.ok(!(await knows('Widget.Read.All')));
    assert.strictEqual(h.asked, 1, 'asked once, on first use');
  });
});
