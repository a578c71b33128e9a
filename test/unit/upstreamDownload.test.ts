/**
 * The download / cache path of "Update Metadata" against a loopback HTTP server (./upstreamServer.ts): the
 * hand-made fixtures, the real upstream files from ../shared/upstream when present, and every
 * failure (404, truncated body, wrong shape, oversized, timeout, cancellation, corrupt cache) —
 * each ends in the store in use staying (the bundled one), a clear message, and nothing lost.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { PermissionStore } from '../../src/core/store/store';
import { dataDatesText, DEFAULT_SOURCE_URL, UpstreamError, type UpdateResult } from '../../src/core/upstream';
import { fetchText, loadActiveStore, loadStoreWithMetadata, resolveSource, sourceInsideFolders, updateMetadata, UpstreamCache } from '../../src/platform/node/upstream';
import { bundledStore, ROOT, SHARED_UPSTREAM } from './helpers';
import { FIX_DIR, startUpstreamServer, type UpstreamServer } from './upstreamServer';

const DATA = path.join(ROOT, 'data');
const LIMITS = { minGraphPermissions: 1 };
const BUNDLED_TEXT = /still using the bundled metadata \(Microsoft Graph upstream of \d{4}-\d{2}-\d{2}\)/;

describe('upstream download and cache', function () {
  let server: UpstreamServer;
  let base: string;
  let routes: UpstreamServer['routes'];
  let hits: string[];
  let tmp: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-upstream-'));
    server = await startUpstreamServer();
    ({ base, routes, hits } = server);
  });

  after(async () => {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  let n = 0;
  const freshCache = (): string => path.join(tmp, `cache-${n++}`);

  async function update(source: string, cacheDir = freshCache(), extra: Partial<Parameters<typeof updateMetadata>[0]> = {}): Promise<UpdateResult> {
    return updateMetadata({ source, dataDir: DATA, cacheDir, current: bundledStore(), limits: LIMITS, timeoutMs: 5000, now: new Date('2026-09-14T05:06:07Z'), ...extra });
  }

  /** A failed update: the store in use stays, one clear message, the cache as it was, and a fresh start uses the bundled store. */
  async function assertFailure(source: string, kind: string, re: RegExp, extra: Partial<Parameters<typeof updateMetadata>[0]> = {}): Promise<UpdateResult> {
    const cacheDir = freshCache();
    const r = await update(source, cacheDir, extra);
    assert.strictEqual(r.ok, false, 'expected a failure');
    if (r.ok) return r;
    assert.strictEqual(r.error.kind, kind, r.message);
    assert.match(r.message, re);
    assert.match(r.message, kind === 'cancelled' ? /cancelled; nothing changed/ : /could not update its metadata: .*\. Nothing changed;/);
    assert.match(r.message, BUNDLED_TEXT);
    assert.strictEqual(r.store, bundledStore());
    assert.ok(!fs.existsSync(path.join(cacheDir, 'current')), 'nothing written');
    const active = loadActiveStore(DATA, cacheDir);
    assert.strictEqual(active.store.provenance.origin, 'bundled');
    assert.strictEqual(active.problem, undefined);
    return r;
  }

  it('downloads the fixtures, caches them, and reports what changed', async () => {
    const cacheDir = freshCache();
    const progress: string[] = [];
    const r = await update(`${base}/ok`, cacheDir, { onProgress: (m) => progress.push(m) });
    assert.ok(r.ok, r.message);
    assert.strictEqual(r.store.provenance.origin, 'upstream');
    assert.strictEqual(r.store.provenance.snapshotDate, '2026-09-14');
    assert.strictEqual(r.store.byId('0f0f0f0f-0000-4000-8000-000000000002')?.value, 'Widget.Read.All');
    assert.match(r.message, /now uses the upstream data of 2026-09-14: .*Changes: 6 added, 0 removed, 1 changed; Graph methods \d+ → 12\./);
    // The same figures as everywhere else (PermissionStore.countsText).
    assert.ok(r.message.includes(`: ${r.store.countsText()}. Changes:`), r.message);
    assert.strictEqual(r.diff.added.length, 6);
    assert.ok(progress.some((m) => /^Downloading permissions\.json/.test(m)) && progress.some((m) => /^Downloading provisioningInfo\.json/.test(m)));
    assert.strictEqual(r.meta.permissionsSource, `${base}/ok/permissions/new/permissions.json`);
    // A fresh start loads the cache.
    const active = loadActiveStore(DATA, cacheDir, LIMITS);
    assert.strictEqual(active.problem, undefined);
    assert.strictEqual(active.which, 'current');
    assert.strictEqual(active.store.provenance.origin, 'upstream');
    assert.strictEqual(active.store.size, r.store.size);
    assert.ok(active.store.hasMethods);
  });

  it('follows redirects (bounded)', async () => {
    const r = await update(`${base}/redirect/`);
    assert.ok(r.ok, r.message);
    await assert.rejects(fetchText(`${base}/loop`, { maxRedirects: 3 }), (e: UpstreamError) => e.kind === 'http' && /too many redirects/.test(e.message));
  });

  it('404: clear message, bundled store stays', async () => {
    const r = await assertFailure(`${base}/missing`, 'http', /HTTP 404 Not Found from http:\/\/127\.0\.0\.1:\d+\/missing\/permissions\/new\/permissions\.json/);
    assert.ok(!r.ok);
  });

  it('truncated body (Content-Length and chunked)', async () => {
    await assertFailure(`${base}/truncated`, 'truncated', /was cut off after \d+ (bytes|KiB)/);
    const r = await update(`${base}/truncated-chunked`);
    assert.ok(!r.ok);
    assert.ok(r.error.kind === 'truncated' || r.error.kind === 'shape', r.message);
    assert.match(r.message, BUNDLED_TEXT);
  });

  it('wrong shape and not JSON at all', async () => {
    await assertFailure(`${base}/shape`, 'shape', /permissions\.json has an unexpected shape: no "permissions" object/);
    await assertFailure(`${base}/html`, 'shape', /permissions\.json is not valid JSON/);
  });

  it('oversized: announced, and while streaming', async () => {
    await assertFailure(`${base}/oversized-announced`, 'size', /is 64 MiB, larger than the limit of 32 MiB/);
    await assertFailure(`${base}/oversized-streamed`, 'size', /larger than the limit of 1 MiB/, { limits: { ...LIMITS, maxBytes: 1024 * 1024 } });
  });

  it('timeout', async () => {
    await assertFailure(`${base}/slow`, 'timeout', /no complete answer from .*\/slow\/permissions\/new\/permissions\.json within 300 ms/, { timeoutMs: 300 });
  });

  it('cancellation', async () => {
    const abort = new AbortController();
    const p = assertFailure(`${base}/slow`, 'cancelled', /metadata update was cancelled/, { signal: abort.signal, timeoutMs: 30_000 });
    // Cancel once the request has reached the server.
    const deadline = Date.now() + 5000;
    while (!hits.some((h) => h.startsWith('/slow/')) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    abort.abort();
    await p;
  });

  it('unreachable host', async () => {
    const s = http.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    await assertFailure(`http://127.0.0.1:${port}/`, 'network', /cannot reach http:\/\/127\.0\.0\.1:\d+\/permissions\/new\/permissions\.json \(ECONNREFUSED\)/);
  });

  it('a failed update keeps the previous good download (nothing lost)', async () => {
    const cacheDir = freshCache();
    assert.ok((await update(`${base}/ok`, cacheDir)).ok);
    const before = fs.readFileSync(path.join(cacheDir, 'current', 'meta.json'), 'utf8');
    const upstreamStore = loadActiveStore(DATA, cacheDir, LIMITS).store;
    const r = await update(`${base}/shape`, cacheDir, { current: upstreamStore });
    assert.ok(!r.ok);
    assert.match(r.message, /Nothing changed; still using the upstream data of 2026-09-14\./);
    assert.strictEqual(fs.readFileSync(path.join(cacheDir, 'current', 'meta.json'), 'utf8'), before);
    assert.strictEqual(loadActiveStore(DATA, cacheDir, LIMITS).store.provenance.origin, 'upstream');
  });

  it('a second update moves the first to previous/', async () => {
    const cacheDir = freshCache();
    assert.ok((await update(`${base}/ok`, cacheDir, { now: new Date('2026-09-14T00:00:00Z') })).ok);
    assert.ok((await update(`${base}/redirect`, cacheDir, { now: new Date('2026-09-21T00:00:00Z') })).ok);
    const cache = new UpstreamCache(cacheDir);
    assert.strictEqual(cache.read('current').meta.snapshotDate, '2026-09-21');
    assert.strictEqual(cache.read('previous').meta.snapshotDate, '2026-09-14');
    assert.deepStrictEqual(fs.readdirSync(cacheDir).sort(), ['current', 'previous']);
  });

  describe('corrupt cache on disk', () => {
    async function cached(count: number): Promise<string> {
      const cacheDir = freshCache();
      for (let i = 0; i < count; i++) assert.ok((await update(`${base}/ok`, cacheDir, { now: new Date(Date.UTC(2026, 8, 14 + i)) })).ok);
      return cacheDir;
    }

    it('truncated cached file → bundled store, one message, the file set aside', async () => {
      const cacheDir = await cached(1);
      const f = path.join(cacheDir, 'current', 'permissions.json');
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').slice(0, 100));
      const a = loadActiveStore(DATA, cacheDir, LIMITS);
      assert.strictEqual(a.store.provenance.origin, 'bundled');
      assert.match(a.problem ?? '', /^Graph Permission Lens: the cached upstream metadata is unusable \(the files in .* do not match their recorded checksums\)\. It was set aside; using the bundled metadata \(Microsoft Graph upstream of \d{4}-\d{2}-\d{2}\) instead\. Run "Graph Permissions: Update Metadata"/);
      assert.ok(fs.existsSync(path.join(cacheDir, 'current.corrupt', 'permissions.json')), 'kept for inspection');
      // Reported once: the next start is quiet.
      const again = loadActiveStore(DATA, cacheDir, LIMITS);
      assert.strictEqual(again.problem, undefined);
      assert.strictEqual(again.store.provenance.origin, 'bundled');
    });

    it('garbage meta.json, and checksums matching garbage content', async () => {
      const cacheDir = await cached(1);
      fs.writeFileSync(path.join(cacheDir, 'current', 'meta.json'), '\u0000\u0001not json');
      const a = loadActiveStore(DATA, cacheDir, LIMITS);
      assert.strictEqual(a.store.provenance.origin, 'bundled');
      assert.match(a.problem ?? '', /meta\.json is not valid JSON/);

      // Consistent checksums over a wrong shape: the importer's validation catches it.
      const dir2 = await cached(1);
      const cache = new UpstreamCache(dir2);
      fs.rmSync(path.join(dir2, 'current'), { recursive: true });
      await cache.write('{"value": 1}', '{}', { source: 'x', permissionsSource: 'x', provisioningSource: 'x', fetchedAt: 'x', snapshotDate: '2026-01-01' });
      const b = loadActiveStore(DATA, dir2, LIMITS);
      assert.strictEqual(b.store.provenance.origin, 'bundled');
      assert.match(b.problem ?? '', /no "permissions" object/);
    });

    it('corrupt current with a good previous → the previous download, with a message saying so', async () => {
      const cacheDir = await cached(2);
      fs.rmSync(path.join(cacheDir, 'current', 'provisioningInfo.json'));
      const a = loadActiveStore(DATA, cacheDir, LIMITS);
      assert.strictEqual(a.store.provenance.origin, 'upstream');
      assert.strictEqual(a.which, 'previous');
      assert.strictEqual(a.store.provenance.snapshotDate, '2026-09-14');
      assert.match(a.problem ?? '', /cannot read .*provisioningInfo\.json .*using the previous good download instead: the upstream data of 2026-09-14\./);
      // The next successful update keeps that previous version rather than dropping it.
      assert.ok((await update(`${base}/ok`, cacheDir, { now: new Date('2026-10-01T00:00:00Z') })).ok);
      const cache = new UpstreamCache(cacheDir);
      assert.strictEqual(cache.read('current').meta.snapshotDate, '2026-10-01');
      assert.strictEqual(cache.read('previous').meta.snapshotDate, '2026-09-14');
    });

    it('an interrupted write (no current/, a leftover tmp-) → previous, then cleaned up', async () => {
      const cacheDir = await cached(2);
      fs.renameSync(path.join(cacheDir, 'current'), path.join(cacheDir, 'tmp-1-dead'));
      // Left by a write interrupted long ago (a fresh one may be another window's write in progress).
      const old = new Date(Date.now() - 3600_000);
      fs.utimesSync(path.join(cacheDir, 'tmp-1-dead'), old, old);
      const a = loadActiveStore(DATA, cacheDir, LIMITS);
      assert.strictEqual(a.which, 'previous');
      assert.strictEqual(a.problem, undefined);
      assert.ok((await update(`${base}/ok`, cacheDir)).ok);
      assert.deepStrictEqual(fs.readdirSync(cacheDir).sort(), ['current', 'previous']);
    });
  });

  describe('sources: URLs, file: URLs, folders and the devx- names', () => {
    it('resolves base URLs, the permissions/new/ folder, file: URLs and folders', () => {
      const d = resolveSource(DEFAULT_SOURCE_URL);
      assert.deepStrictEqual(d.kind === 'http' && d.urls, {
        permissions: 'https://raw.githubusercontent.com/microsoftgraph/microsoft-graph-devx-content/master/permissions/new/permissions.json',
        provisioning: 'https://raw.githubusercontent.com/microsoftgraph/microsoft-graph-devx-content/master/permissions/new/provisioningInfo.json',
      });
      const noSlash = resolveSource('https://example.invalid/mirror');
      assert.strictEqual(noSlash.kind === 'http' && noSlash.urls.permissions, 'https://example.invalid/mirror/permissions/new/permissions.json');
      const direct = resolveSource('https://example.invalid/x/permissions/new');
      assert.strictEqual(direct.kind === 'http' && direct.urls.provisioning, 'https://example.invalid/x/permissions/new/provisioningInfo.json');
      assert.deepStrictEqual(resolveSource(pathToFileURL(FIX_DIR).toString()), { kind: 'folder', dir: FIX_DIR });
      assert.deepStrictEqual(resolveSource('fixtures/upstream', path.join(ROOT, 'test')), { kind: 'folder', dir: FIX_DIR });
      assert.throws(() => resolveSource('ftp://example.invalid/'), /unsupported scheme/);
      assert.throws(() => resolveSource('https://user:pw@example.invalid/'), /credentials/);
      assert.throws(() => resolveSource('  '), /empty/);
      // No base folder given (the editor): a relative path is refused, not read from whatever folder is open.
      assert.throws(() => resolveSource('fixtures/upstream'), /relative path: use an https: URL, a file: URL or an absolute folder path/);
      assert.throws(() => resolveSource('./x'), /relative path/);
      assert.deepStrictEqual(resolveSource(FIX_DIR), { kind: 'folder', dir: FIX_DIR });
    });

    it('in an untrusted window, a source inside a workspace folder is refused', () => {
      const ws = path.join(ROOT, 'test');
      assert.match(sourceInsideFolders(FIX_DIR, [ws]) ?? '', /inside a folder of this untrusted workspace/);
      assert.match(sourceInsideFolders(pathToFileURL(FIX_DIR).toString(), [ws]) ?? '', /untrusted workspace/);
      assert.match(sourceInsideFolders(ws, [ws]) ?? '', /untrusted workspace/);
      assert.strictEqual(sourceInsideFolders(FIX_DIR, [path.join(ROOT, 'src')]), undefined);
      assert.strictEqual(sourceInsideFolders(path.join(ROOT, 'testing'), [ws]), undefined, 'a sibling with a common prefix is outside');
      assert.strictEqual(sourceInsideFolders(DEFAULT_SOURCE_URL, [ws]), undefined);
    });

    it('a folder with the devx- names (as in ../shared/upstream), via file: URL', async () => {
      const dir = path.join(tmp, 'devx');
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(FIX_DIR, 'permissions.json'), path.join(dir, 'devx-permissions.json'));
      fs.copyFileSync(path.join(FIX_DIR, 'provisioningInfo.json'), path.join(dir, 'devx-provisioningInfo.json'));
      fs.writeFileSync(path.join(dir, 'devx-commit.txt'), '0123456789abcdef0123456789abcdef01234567 Fri Aug 7 17:00:06 2026 +0300\n');
      const r = await update(pathToFileURL(dir).toString());
      assert.ok(r.ok, r.message);
      assert.strictEqual(r.store.provenance.snapshotDate, '2026-08-07');
      assert.strictEqual(r.meta.permissionsSource, path.join(dir, 'devx-permissions.json'));
      const missing = await update(path.join(tmp, 'nowhere'));
      assert.ok(!missing.ok);
      assert.match(missing.message, /holds none of permissions\/new\/permissions\.json, permissions\.json, devx-permissions\.json/);
    });

    it('the date of the data through updates: labelled as such, never silently moved back in time', async () => {
      /** A folder of upstream files whose commit (devx-commit.txt) has this date. */
      const folderOf = (name: string, commitDate: string): string => {
        const dir = path.join(tmp, name);
        fs.mkdirSync(dir);
        fs.copyFileSync(path.join(FIX_DIR, 'permissions.json'), path.join(dir, 'devx-permissions.json'));
        fs.copyFileSync(path.join(FIX_DIR, 'provisioningInfo.json'), path.join(dir, 'devx-provisioningInfo.json'));
        fs.writeFileSync(path.join(dir, 'devx-commit.txt'), `0123456789abcdef0123456789abcdef01234567 ${commitDate}\n`);
        return dir;
      };
      // The bundled store: data of its upstream snapshot, a package built later — two labelled dates.
      const bundled = bundledStore();
      const dataDate = bundled.dataDate;
      assert.ok(/^\d{4}-\d{2}-\d{2}$/.test(dataDate) && bundled.provenance.snapshotDate > dataDate, `${dataDate} / ${bundled.provenance.snapshotDate}`);
      assert.strictEqual(dataDatesText(bundled), `Data of ${dataDate}; package built ${bundled.provenance.snapshotDate}.`);
      assert.strictEqual(bundled.dataLabel, `bundled, upstream of ${dataDate}`);

      // Older data than the bundled: refused, nothing written, the bundled data stays and the message says why with both dates.
      const old = folderOf('old', 'Wed Jul 1 10:00:00 2026 +0000');
      const cacheDir = freshCache();
      const refused = await update(old, cacheDir);
      assert.ok(!refused.ok);
      if (refused.ok) return;
      assert.strictEqual(refused.error.kind, 'older');
      assert.strictEqual(
        refused.message,
        `Graph Permission Lens kept ${bundled.describe()}: the metadata found there is data of 2026-07-01, older than the data in use (data of ${dataDate}). Nothing changed.`,
      );
      assert.strictEqual(refused.store, bundled);
      assert.ok(!fs.existsSync(path.join(cacheDir, 'current')), 'nothing written');
      assert.strictEqual(loadActiveStore(DATA, cacheDir, LIMITS).store.dataDate, dataDate);

      // Chosen anyway ("Use the Older Data"): used, and every label says it is older, not newer.
      const chosen = await update(old, cacheDir, { allowOlder: true });
      assert.ok(chosen.ok, chosen.message);
      if (!chosen.ok) return;
      assert.strictEqual(chosen.store.dataDate, '2026-07-01');
      assert.strictEqual(chosen.store.dataLabel, 'updated, upstream of 2026-07-01');
      assert.match(chosen.message, new RegExp(`This is data of 2026-07-01, older than the data it replaces \\(data of ${dataDate}\\), as chosen; "Graph Permissions: Use Bundled Metadata" goes back`));
      assert.strictEqual(dataDatesText(chosen.store, chosen.meta), `Data of 2026-07-01, downloaded 2026-09-14 from ${old}.`);

      // Newer data: used; the date moves forward, and the cache keeps it across a restart.
      const newer = folderOf('newer', 'Thu Aug 20 10:00:00 2026 +0000');
      const forward = await update(newer, cacheDir);
      assert.ok(forward.ok, forward.message);
      if (!forward.ok) return;
      assert.ok(forward.store.dataDate > dataDate);
      assert.strictEqual(forward.store.dataLabel, 'updated, upstream of 2026-08-20');
      assert.doesNotMatch(forward.message, /older/);
      assert.strictEqual(loadActiveStore(DATA, cacheDir, LIMITS).store.dataDate, '2026-08-20');
      // …and from there, data older than the data in use (not only the bundled) is refused too.
      const back = await updateMetadata({ source: folderOf('between', 'Mon Aug 10 10:00:00 2026 +0000'), dataDir: DATA, cacheDir, current: forward.store, limits: LIMITS });
      assert.ok(!back.ok && back.error.kind === 'older', back.message);
      assert.match(back.message, /kept the upstream data of 2026-08-20: the metadata found there is data of 2026-08-10, older than the data in use \(data of 2026-08-20\)\. Nothing changed\./);
      assert.strictEqual(loadActiveStore(DATA, cacheDir, LIMITS).store.dataDate, '2026-08-20');
    });

    it('loadStoreWithMetadata (the CLI path) reads a folder and a URL through the same importer', async () => {
      const a = await loadStoreWithMetadata(DATA, FIX_DIR, { limits: LIMITS });
      const b = await loadStoreWithMetadata(DATA, `${base}/ok/`, { limits: LIMITS });
      assert.strictEqual(a.size, b.size);
      assert.strictEqual(a.byName('Widget.Read.All')?.application?.id, '0f0f0f0f-0000-4000-8000-000000000002');
      await assert.rejects(loadStoreWithMetadata(DATA, `${base}/shape`, { limits: LIMITS }), (e: UpstreamError) => e.kind === 'shape');
    });
  });

  describe('the real upstream files over HTTP (../shared/upstream)', () => {
    before(function () {
      if (!routes.has('/real/permissions/new/permissions.json')) {
        console.log(`      (skipped: ${SHARED_UPSTREAM}/devx-permissions.json is absent — the upstream data lives in ../shared/upstream beside the project)`);
        this.skip();
      }
    });

    it('downloads, validates, caches and reloads them', async () => {
      const cacheDir = freshCache();
      const r = await updateMetadata({ source: `${base}/real`, dataDir: DATA, cacheDir, current: bundledStore() });
      assert.ok(r.ok, r.message);
      console.log(`      ${r.message}`);
      assert.ok(r.stats.graphPublicIds > 1000);
      // Against the bundled facts of the same snapshot: no permission added or removed, only
      // descriptions (Graph permissions upstream provisions under other services are bundled too).
      assert.deepStrictEqual([r.diff.added.length, r.diff.removed.length], [0, 0], r.message);
      assert.strictEqual(r.store.byName('Sites.Archive.All')?.resourceAppId, '00000003-0000-0000-c000-000000000000');
      assert.ok(r.diff.describedAfter > 100, `described ${r.diff.describedAfter}`);
      const active = loadActiveStore(DATA, cacheDir);
      assert.strictEqual(active.problem, undefined);
      const s: PermissionStore = active.store;
      assert.strictEqual(s.size, r.store.size);
      assert.ok(s.hasMethods);
    });
  });
});
