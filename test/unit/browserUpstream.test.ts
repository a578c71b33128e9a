/**
 * Update Metadata's browser side (src/platform/browser/download.ts and metadataCache.ts), outside a
 * browser: the `fetch` downloader against the loopback HTTP server the Node downloader is tested
 * against (./upstreamServer.ts; with Node's own `fetch`, the same web
 * API a web worker has) and against a fake `fetch` where a case needs exact control (a body that
 * never ends, a stream that breaks), and the cache over an in-memory file system with failures
 * injected at every step. The whole update runs through the core's updateStore / activeStoreOf, as
 * the extension does; the browser host itself is tested in code-server's web-worker extension host
 * (test/web/suite.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { activeStoreOf, updateStore, type UpdateResult } from '../../src/core/upstream';
import { bundledData } from '../../src/platform/node/data';
import { sha256 as nodeSha256 } from '../../src/platform/node/metadataCache';
import { browserSourceRefusal, browserUpstreamIo, fetchTextWith, type BrowserIoOptions, type FetchLike, type FetchResponse } from '../../src/platform/browser/download';
import { BrowserUpstreamCache, sha256Hex, type CacheFs } from '../../src/platform/browser/metadataCache';
import { bundledStore, ROOT } from './helpers';
import { FIX_DIR, startUpstreamServer, type UpstreamServer } from './upstreamServer';

const DATA = path.join(ROOT, 'data');
const LIMITS = { minGraphPermissions: 1 };
const BUNDLED_TEXT = /still using the bundled metadata \(Microsoft Graph upstream of \d{4}-\d{2}-\d{2}\)/;

/** Node's fetch, as the browser host passes the web platform's. */
const realFetch: BrowserIoOptions = {
  fetch: (url, init) => fetch(url, init as unknown as RequestInit) as unknown as Promise<FetchResponse>,
  newAbortController: () => new AbortController(),
};

/** An in-memory file system with the operations of vscode.workspace.fs the cache uses; `failOn` makes one operation fail. */
class MemoryFs implements CacheFs {
  readonly location = 'memory:/globalStorage/upstream';
  readonly files = new Map<string, Uint8Array>();
  readonly dirs = new Set<string>(['']);
  failOn: ((op: string, p: string) => boolean) | undefined;

  private check(op: string, p: string): void {
    if (this.failOn?.(op, p)) throw new Error(`injected ${op} failure on ${p}`);
  }
  async readFile(p: string): Promise<Uint8Array> {
    this.check('readFile', p);
    const f = this.files.get(p);
    if (!f) throw new Error(`FileNotFound: ${p}`);
    return f;
  }
  async writeFile(p: string, data: Uint8Array): Promise<void> {
    this.check('writeFile', p);
    this.files.set(p, new Uint8Array(data));
  }
  async createDirectory(p: string): Promise<void> {
    this.check('createDirectory', p);
    this.dirs.add(p);
  }
  async readDirectory(p: string): Promise<string[]> {
    const prefix = p ? `${p}/` : '';
    const names = new Set<string>();
    for (const k of [...this.files.keys(), ...this.dirs]) if (k && k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]);
    return [...names].filter(Boolean);
  }
  async rename(from: string, to: string, opts: { overwrite: boolean }): Promise<void> {
    this.check('rename', `${from}->${to}`);
    if (!opts.overwrite && (this.files.has(to) || this.dirs.has(to))) throw new Error(`FileExists: ${to}`);
    if (this.files.has(from)) {
      this.files.set(to, this.files.get(from)!);
      this.files.delete(from);
      return;
    }
    if (!this.dirs.has(from)) throw new Error(`FileNotFound: ${from}`);
    await this.delete(to);
    for (const [k, v] of [...this.files]) {
      if (!k.startsWith(`${from}/`)) continue;
      this.files.delete(k);
      this.files.set(to + k.slice(from.length), v);
    }
    this.dirs.delete(from);
    this.dirs.add(to);
  }
  async delete(p: string): Promise<void> {
    this.check('delete', p);
    this.files.delete(p);
    this.dirs.delete(p);
    for (const k of [...this.files.keys()]) if (k.startsWith(`${p}/`)) this.files.delete(k);
  }
  /** Top-level names, sorted. */
  top(): string[] {
    return [...new Set([...this.files.keys(), ...this.dirs].filter(Boolean).map((k) => k.split('/')[0]))].sort();
  }
}

describe('Update Metadata in the browser: fetch downloads and the globalStorage cache', function () {
  let server: UpstreamServer;
  let base: string;
  let hits: string[];

  before(async () => {
    server = await startUpstreamServer();
    ({ base, hits } = server);
  });

  after(() => server.close());

  async function update(source: string, cache: BrowserUpstreamCache, extra: Partial<Parameters<typeof updateStore>[0]> = {}): Promise<UpdateResult> {
    return updateStore({
      source,
      bundled: bundledData(DATA),
      cache,
      io: browserUpstreamIo(realFetch),
      current: bundledStore(),
      limits: LIMITS,
      timeoutMs: 5000,
      now: new Date('2026-09-14T05:06:07Z'),
      ...extra,
    });
  }

  /** A failed update: a clear message, the store in use stays, and the cache (reopened, as at the next activation) is as it was. */
  async function assertFailure(source: string, kind: string, re: RegExp, extra: Partial<Parameters<typeof updateStore>[0]> = {}): Promise<void> {
    const mem = new MemoryFs();
    const r = await update(source, await BrowserUpstreamCache.open(mem), extra);
    assert.strictEqual(r.ok, false, 'expected a failure');
    if (r.ok) return;
    assert.strictEqual(r.error.kind, kind, r.message);
    assert.match(r.message, re);
    assert.match(r.message, BUNDLED_TEXT);
    assert.strictEqual(r.store, bundledStore());
    assert.deepStrictEqual(mem.top(), [], 'nothing written');
    const active = activeStoreOf(bundledData(DATA), await BrowserUpstreamCache.open(mem), LIMITS);
    assert.strictEqual(active.store.provenance.origin, 'bundled');
    assert.strictEqual(active.problem, undefined);
  }

  describe('downloads with fetch', () => {
    it('downloads, caches, and the next activation reads the cache ahead', async () => {
      const mem = new MemoryFs();
      const progress: string[] = [];
      const r = await update(`${base}/ok`, await BrowserUpstreamCache.open(mem), { onProgress: (m) => progress.push(m) });
      assert.ok(r.ok, r.message);
      assert.strictEqual(r.store.byId('0f0f0f0f-0000-4000-8000-000000000002')?.value, 'Widget.Read.All');
      assert.match(r.message, /now uses the upstream data of 2026-09-14: .*Changes: 6 added, 0 removed, 1 changed/);
      assert.ok(progress.some((m) => /^Downloading permissions\.json: \d/.test(m)), progress.join('; '));
      assert.strictEqual(r.meta.permissionsSource, `${base}/ok/permissions/new/permissions.json`);
      // The files and meta.json are the desktop cache's, checksums included.
      const id = (JSON.parse(new TextDecoder().decode(mem.files.get('index.json'))) as { current: string }).current;
      const text = new TextDecoder().decode(mem.files.get(`${id}/permissions.json`));
      assert.strictEqual(text, fs.readFileSync(path.join(FIX_DIR, 'permissions.json'), 'utf8'));
      assert.strictEqual(r.meta.sha256.permissions, nodeSha256(text));
      const active = activeStoreOf(bundledData(DATA), await BrowserUpstreamCache.open(mem), LIMITS);
      assert.strictEqual(active.problem, undefined);
      assert.strictEqual(active.which, 'current');
      assert.strictEqual(active.store.provenance.origin, 'upstream');
      assert.strictEqual(active.store.size, r.store.size);
    });

    it('follows a redirect', async () => {
      const r = await update(`${base}/redirect/`, await BrowserUpstreamCache.open(new MemoryFs()));
      assert.ok(r.ok, r.message);
    });

    it('404: the URL and the status in the message, nothing cached', async () => {
      await assertFailure(`${base}/missing`, 'http', /could not update its metadata: HTTP 404 Not Found from http:\/\/127\.0\.0\.1:\d+\/missing\/permissions\/new\/permissions\.json\. Nothing changed;/);
    });

    it('too large: announced, and while streaming (the limit of the Node downloader)', async () => {
      await assertFailure(`${base}/oversized-announced`, 'size', /oversized-announced\/permissions\/new\/permissions\.json is 64 MiB, larger than the limit of 32 MiB/);
      await assertFailure(`${base}/oversized-streamed`, 'size', /oversized-streamed\/permissions\/new\/permissions\.json is larger than the limit of 1 MiB/, { limits: { ...LIMITS, maxBytes: 1024 * 1024 } });
    });

    it('a body cut off', async () => {
      await assertFailure(`${base}/truncated`, 'truncated', /the download of .*\/truncated\/permissions\/new\/permissions\.json was cut off after \d+/);
    });

    it('not the upstream data', async () => {
      await assertFailure(`${base}/shape`, 'shape', /permissions\.json has an unexpected shape/);
    });

    it('timeout and cancellation end the request', async () => {
      await assertFailure(`${base}/slow`, 'timeout', /no complete answer from .*\/slow\/permissions\/new\/permissions\.json within 300 ms/, { timeoutMs: 300 });
      const abort = new AbortController();
      const before = hits.filter((h) => h.startsWith('/slow/')).length;
      const p = assertFailure(`${base}/slow`, 'cancelled', /metadata update was cancelled/, { signal: abort.signal, timeoutMs: 30_000 });
      const deadline = Date.now() + 5000;
      while (hits.filter((h) => h.startsWith('/slow/')).length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      abort.abort();
      await p;
    });

    it('an unreachable server (or one without CORS headers) says both', async () => {
      const s = http.createServer();
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      const port = (s.address() as AddressInfo).port;
      await new Promise<void>((r) => s.close(() => r()));
      await assertFailure(`http://127.0.0.1:${port}/`, 'network', /cannot reach http:\/\/127\.0\.0\.1:\d+\/permissions\/new\/permissions\.json \(.*also what a server that sends no CORS headers gives\)/);
    });

    it('a folder or file: URL is refused with what to set instead', async () => {
      for (const source of ['/home/me/upstream', 'file:///home/me/upstream', 'C:\\data\\upstream']) {
        assert.match(browserSourceRefusal(source) ?? '', /is a folder or a file: URL, which cannot be read in the browser: set "graphPermissionLens\.metadata\.sourceUrl" in your User settings to an https: URL/);
      }
      assert.strictEqual(browserSourceRefusal('https://example.invalid/mirror/'), undefined);
      await assertFailure('/home/me/upstream', 'source', /cannot be read in the browser/);
    });

    it('with a fake fetch: cancelling a body that never ends, a stream that breaks, a redirect to http', async () => {
      let cancelledReads = 0;
      const hanging: FetchLike = async (_url, init) => ({
        status: 200,
        statusText: 'OK',
        url: _url,
        headers: { get: () => null },
        body: {
          getReader: () => ({
            read: () =>
              new Promise((_resolve, reject) => {
                init.signal.addEventListener('abort', () => reject(new Error('The operation was aborted.')));
              }),
            cancel: async () => void cancelledReads++,
          }),
        },
      });
      const abort = new AbortController();
      const p = fetchTextWith({ fetch: hanging, newAbortController: () => new AbortController() }, 'https://example.invalid/p.json', { signal: abort.signal });
      setTimeout(() => abort.abort(), 20);
      await assert.rejects(p, (e: Error & { kind?: string }) => e.kind === 'cancelled' && /cancelled/.test(e.message));
      assert.strictEqual(cancelledReads, 1, 'the body reader is released');

      let n = 0;
      const breaking: FetchLike = async (url) => ({
        status: 200,
        statusText: 'OK',
        url,
        headers: { get: () => null },
        body: {
          getReader: () => ({
            read: async () => {
              if (n++ === 0) return { done: false, value: new Uint8Array(2048) };
              throw new Error('network error');
            },
            cancel: async () => undefined,
          }),
        },
      });
      await assert.rejects(fetchTextWith({ fetch: breaking, newAbortController: () => new AbortController() }, 'https://example.invalid/p.json'), (e: Error & { kind?: string }) =>
        e.kind === 'truncated' && /the download of https:\/\/example\.invalid\/p\.json was cut off after 2 KiB \(network error\)/.test(e.message),
      );

      const downgrade: FetchLike = async () => ({ status: 200, statusText: 'OK', url: 'http://example.invalid/p.json', headers: { get: () => null }, body: null });
      await assert.rejects(fetchTextWith({ fetch: downgrade, newAbortController: () => new AbortController() }, 'https://example.invalid/p.json'), /redirects from https to http:, which is refused/);
    });
  });

  describe('the cache in globalStorageUri', () => {
    const meta = (date: string) => ({ source: 'https://example.invalid/', permissionsSource: 'p', provisioningSource: 'q', fetchedAt: `${date}T00:00:00.000Z`, snapshotDate: date });
    const perms = fs.readFileSync(path.join(FIX_DIR, 'permissions.json'), 'utf8');
    const prov = fs.readFileSync(path.join(FIX_DIR, 'provisioningInfo.json'), 'utf8');

    it('checksums with Web Crypto equal the desktop cache\'s', async () => {
      for (const t of ['', 'abc', perms, 'ünïcødé ✓ \u{1F600}']) assert.strictEqual(await sha256Hex(t), nodeSha256(t));
    });

    it('a second write keeps the first as previous; leftovers of old interrupted writes are removed', async () => {
      const mem = new MemoryFs();
      const old = `v-${(Date.now() - 3600_000).toString(36)}-abcdef`;
      const fresh = `v-${Date.now().toString(36)}-abcdef`;
      mem.files.set(`${old}/permissions.json`, new Uint8Array(3));
      mem.files.set(`${fresh}/permissions.json`, new Uint8Array(3)); // another window's write in progress: kept
      const cache = await BrowserUpstreamCache.open(mem);
      await cache.write(perms, prov, meta('2026-09-14'));
      await cache.write(perms, prov, meta('2026-09-21'));
      await cache.settled();
      const again = await BrowserUpstreamCache.open(mem);
      assert.strictEqual(again.readSettled('current').meta.snapshotDate, '2026-09-21');
      assert.strictEqual(again.readSettled('previous').meta.snapshotDate, '2026-09-14');
      assert.ok(!mem.top().includes(old), 'the stale leftover is gone');
      assert.ok(mem.top().includes(fresh), 'a fresh folder nobody names yet is left alone');
      assert.strictEqual(mem.top().filter((n) => n.startsWith('v-')).length, 3);
    });

    it('a write that fails at any step leaves the cache as it was', async () => {
      for (const [op, at] of [
        ['createDirectory', /^v-/],
        ['writeFile', /provisioningInfo\.json$/],
        ['writeFile', /meta\.json$/],
        ['writeFile', /^index\.json\..*\.tmp$/],
        ['rename', /->index\.json$/],
      ] as const) {
        const mem = new MemoryFs();
        const first = await BrowserUpstreamCache.open(mem);
        await first.write(perms, prov, meta('2026-09-14'));
        await first.settled();
        const snapshot = new Map(mem.files);
        const cache = await BrowserUpstreamCache.open(mem);
        mem.failOn = (o, p) => o === op && at.test(p);
        await assert.rejects(cache.write(perms, prov, meta('2026-09-21')), (e: Error & { kind?: string }) => e.kind === 'io' && /cannot write the metadata cache in memory:\/globalStorage\/upstream \(injected/.test(e.message), `${op} ${at}`);
        mem.failOn = undefined;
        assert.deepStrictEqual([...mem.files.keys()].sort(), [...snapshot.keys()].sort(), `${op} ${at}: no file added or removed`);
        assert.strictEqual(cache.readSettled('current').meta.snapshotDate, '2026-09-14');
        const reopened = await BrowserUpstreamCache.open(mem);
        assert.strictEqual(reopened.readSettled('current').meta.snapshotDate, '2026-09-14', `${op} ${at}`);
        assert.ok(!reopened.has('previous'));
      }
    });

    it('a corrupt current: the previous download, one message, the broken version set aside', async () => {
      const mem = new MemoryFs();
      const cache = await BrowserUpstreamCache.open(mem);
      await update(`${base}/ok`, cache, { now: new Date('2026-09-14T00:00:00Z') });
      await update(`${base}/ok`, cache, { now: new Date('2026-09-21T00:00:00Z') });
      await cache.settled();
      const id = (JSON.parse(new TextDecoder().decode(mem.files.get('index.json'))) as { current: string }).current;
      mem.files.set(`${id}/permissions.json`, new TextEncoder().encode(perms.slice(0, 100)));
      const reopened = await BrowserUpstreamCache.open(mem);
      const a = activeStoreOf(bundledData(DATA), reopened, LIMITS);
      assert.strictEqual(a.which, 'previous');
      assert.strictEqual(a.store.provenance.snapshotDate, '2026-09-14');
      assert.match(a.problem ?? '', /the cached upstream metadata is unusable \(the files in memory:\/globalStorage\/upstream\/v-[a-z0-9]+-[a-f0-9]+ do not match their recorded checksums\)\. It was set aside; using the previous good download instead/);
      await reopened.settled();
      assert.ok(mem.files.has('corrupt-current/permissions.json'), 'kept for inspection');
      const quiet = activeStoreOf(bundledData(DATA), await BrowserUpstreamCache.open(mem), LIMITS);
      assert.strictEqual(quiet.problem, undefined, 'reported once');
      assert.strictEqual(quiet.which, 'previous');
    });

    it('a broken index: the bundled store with one message; the index set aside', async () => {
      const mem = new MemoryFs();
      await (await BrowserUpstreamCache.open(mem)).write(perms, prov, meta('2026-09-14'));
      mem.files.set('index.json', new TextEncoder().encode('{"format": 1, "current": "../../etc"'));
      const cache = await BrowserUpstreamCache.open(mem);
      const a = activeStoreOf(bundledData(DATA), cache, LIMITS);
      assert.strictEqual(a.store.provenance.origin, 'bundled');
      assert.match(a.problem ?? '', /index\.json is not a valid cache index\)\. It was set aside; using the bundled metadata/);
      await cache.settled();
      assert.ok(mem.files.has('index.json.corrupt') && !mem.files.has('index.json'));
    });

    it('Use Bundled Metadata: the index names nothing, the files are set aside, not deleted', async () => {
      const mem = new MemoryFs();
      const cache = await BrowserUpstreamCache.open(mem);
      await cache.write(perms, prov, meta('2026-09-14'));
      await cache.clear();
      assert.ok(!cache.has('current') && !cache.has('previous'));
      assert.ok(mem.files.has('cleared-current/permissions.json'));
      const a = activeStoreOf(bundledData(DATA), await BrowserUpstreamCache.open(mem), LIMITS);
      assert.strictEqual(a.store.provenance.origin, 'bundled');
      assert.strictEqual(a.problem, undefined);
    });
  });
});
