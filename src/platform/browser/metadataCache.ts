/**
 * The metadata cache of a browser host (the core's MetadataCacheStore, core/upstream/cache.ts): the
 * validated raw upstream files with a meta record (checksums, source, dates), in the extension's
 * `globalStorageUri` through `vscode.workspace.fs` — the same files and meta.json as the desktop
 * cache (src/platform/node/metadataCache.ts), checksums with Web Crypto (`crypto.subtle`) where Node
 * uses its `crypto` module.
 *
 * Layout under the cache folder:
 *   index.json          {"format":1,"current":"v-…","previous":"v-…"}: the one switch between versions
 *   v-<time>-<random>/  permissions.json, provisioningInfo.json, meta.json (one downloaded version)
 *   corrupt-<which>/, cleared-<which>/   versions set aside (never deleted silently; one of each kept)
 *
 * A write fills a new, uniquely named version folder and only then replaces index.json (written
 * beside it and renamed over it), so a failed or cancelled update never leaves a half cache: the
 * index names complete versions only, and a folder the index does not name is a leftover, removed
 * once it is old (another window may still be filling a fresh one). Windows of one browser profile
 * share the storage: the switch runs under a Web Lock where the platform has them.
 *
 * The core reads the cache synchronously (the store loads on first use, inside a provider call) and
 * a browser has no synchronous file reads, so the versions the index names are read — and their
 * checksums checked — ahead, at activation (as the bundled data is, ./data.ts), then served from memory.
 * Nothing here uses the `vscode` API or Node: the host passes the file operations in.
 */
import { CACHE_FORMAT, type CachedFiles, type CacheMeta, type CacheVersion, type MetadataCacheStore } from '../../core/upstream/cache';
import { UpstreamError } from '../../core/upstream/importer';

/** The file operations the cache needs, on paths relative to the cache folder ('' is the folder). `vscode.workspace.fs` in the extension. */
export interface CacheFs {
  /** Rejects when the file is missing or unreadable. */
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Creates the folder and any missing parents. */
  createDirectory(path: string): Promise<void>;
  /** Names in a folder (empty when it does not exist). */
  readDirectory(path: string): Promise<string[]>;
  rename(from: string, to: string, opts: { overwrite: boolean }): Promise<void>;
  /** Removes a file or folder (recursively); no error when it is missing. */
  delete(path: string): Promise<void>;
  /** For messages: where the cache is (its URI). */
  readonly location: string;
}

const FILES = { permissions: 'permissions.json', provisioning: 'provisioningInfo.json', meta: 'meta.json' } as const;
const INDEX = 'index.json';
const LOCK_NAME = 'graph-permission-lens-metadata-cache';
/** A version folder the index does not name, older than this, is an interrupted write's leftover. */
const STALE_MS = 10 * 60_000;

interface CacheIndex {
  format: number;
  current: string | null;
  previous: string | null;
}

/** One version as read ahead: its files and meta when usable, else why not. */
interface ReadVersion {
  id: string;
  metaText: string;
  files?: { permissionsText: string; provisioningText: string; meta: CacheMeta };
  error?: UpstreamError;
}

/** SHA-256 of a text's UTF-8 bytes, hex (as the desktop cache's `sha256`). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const decode = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const isVersionId = (s: unknown): s is string => typeof s === 'string' && /^v-[a-z0-9]+-[a-f0-9]+$/.test(s);

/** Runs `fn` under the platform's Web Lock (shared by the windows of a browser profile), or directly where there is none. */
function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: { request(name: string, cb: () => Promise<T>): Promise<T> } } }).navigator?.locks;
  return locks ? locks.request(LOCK_NAME, fn) : fn();
}

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class BrowserUpstreamCache implements MetadataCacheStore {
  private index: CacheIndex = { format: CACHE_FORMAT, current: null, previous: null };
  /** Why index.json could not be used (then 'current' reports it once, and quarantine sets the index aside). */
  private indexError: UpstreamError | undefined;
  private readonly versions = new Map<string, ReadVersion>();
  private pending: Promise<unknown> = Promise.resolve();

  private constructor(private readonly fs: CacheFs) {}

  /** Reads the index and the versions it names ahead, checksums checked (at activation). Never rejects. */
  static async open(fs: CacheFs): Promise<BrowserUpstreamCache> {
    const cache = new BrowserUpstreamCache(fs);
    await cache.readAhead();
    return cache;
  }

  private async readAhead(): Promise<void> {
    let text: string;
    try {
      text = decode(await this.fs.readFile(INDEX));
    } catch {
      return; // no cache yet
    }
    const index = parseIndex(text);
    if (!index) {
      this.indexError = new UpstreamError(`${this.fs.location}/${INDEX} is not a valid cache index`, 'shape');
      return;
    }
    this.index = index;
    await Promise.all([index.current, index.previous].filter(isVersionId).map(async (id) => this.versions.set(id, await this.readVersion(id))));
  }

  private async readVersion(id: string): Promise<ReadVersion> {
    const where = `${this.fs.location}/${id}`;
    const readText = async (name: string): Promise<string> => {
      try {
        return decode(await this.fs.readFile(`${id}/${name}`));
      } catch (e) {
        throw new UpstreamError(`cannot read ${where}/${name} (${(e as Error)?.message || String(e)})`, 'io');
      }
    };
    let metaText = '';
    try {
      metaText = await readText(FILES.meta);
      let meta: CacheMeta;
      try {
        meta = JSON.parse(metaText) as CacheMeta;
      } catch {
        throw new UpstreamError(`${where}/${FILES.meta} is not valid JSON`, 'shape');
      }
      if (!meta || meta.format !== CACHE_FORMAT || !meta.sha256 || typeof meta.snapshotDate !== 'string' || typeof meta.fetchedAt !== 'string') {
        throw new UpstreamError(`${where}/${FILES.meta} has an unexpected shape`, 'shape');
      }
      const [permissionsText, provisioningText] = await Promise.all([readText(FILES.permissions), readText(FILES.provisioning)]);
      const [p, q] = await Promise.all([sha256Hex(permissionsText), sha256Hex(provisioningText)]);
      if (p !== meta.sha256.permissions || q !== meta.sha256.provisioning) {
        throw new UpstreamError(`the files in ${where} do not match their recorded checksums`, 'shape');
      }
      return { id, metaText, files: { permissionsText, provisioningText, meta } };
    } catch (e) {
      return { id, metaText, error: e instanceof UpstreamError ? e : new UpstreamError(`cannot read ${where} (${(e as Error)?.message || String(e)})`, 'io') };
    }
  }

  has(which: CacheVersion): boolean {
    if (this.indexError) return which === 'current';
    return isVersionId(this.index[which]);
  }

  readSettled(which: CacheVersion): CachedFiles {
    if (this.indexError && which === 'current') throw this.indexError;
    const id = this.index[which];
    const v = id ? this.versions.get(id) : undefined;
    if (!id || !v) throw new UpstreamError(`no ${which} version in the metadata cache at ${this.fs.location}`, 'io');
    if (!v.files) throw v.error ?? new UpstreamError(`${this.fs.location}/${id} is unusable`, 'io');
    return { ...v.files, which };
  }

  metaText(which: CacheVersion): string {
    const id = this.index[which];
    return (id && this.versions.get(id)?.metaText) || '';
  }

  /**
   * Sets a broken version aside: the index stops naming it at once, and its folder is renamed
   * `corrupt-<which>` (replacing an older one) in the background — unless another window has
   * switched the index meanwhile (then the version in use there is not this one's to judge).
   */
  quarantine(which: CacheVersion, seenMeta?: string): void {
    if (this.indexError && which === 'current') {
      this.indexError = undefined;
      this.queue(() => withLock(() => this.fs.rename(INDEX, `${INDEX}.corrupt`, { overwrite: true })));
      return;
    }
    const id = this.index[which];
    if (!id || (seenMeta !== undefined && this.metaText(which) !== seenMeta)) return;
    this.index = { ...this.index, [which]: null };
    this.queue(() =>
      withLock(async () => {
        const onDisk = await this.readIndex();
        if (onDisk?.[which] !== id) return;
        await this.writeIndex({ ...onDisk, [which]: null });
        await this.fs.delete(`corrupt-${which}`);
        await this.fs.rename(id, `corrupt-${which}`, { overwrite: true });
      }),
    );
  }

  /** Stores a new version as `current` (the one in use becomes `previous`). Throws UpstreamError; on failure the cache is as it was. */
  async write(permissionsText: string, provisioningText: string, meta: Omit<CacheMeta, 'format' | 'sha256'>): Promise<CacheMeta> {
    const [p, q] = await Promise.all([sha256Hex(permissionsText), sha256Hex(provisioningText)]);
    const full: CacheMeta = { format: CACHE_FORMAT, ...meta, sha256: { permissions: p, provisioning: q } };
    const metaText = JSON.stringify(full, null, 2) + '\n';
    const id = `v-${Date.now().toString(36)}-${randomHex(6)}`;
    const fail = (e: unknown): UpstreamError =>
      e instanceof UpstreamError ? e : new UpstreamError(`cannot write the metadata cache in ${this.fs.location} (${(e as Error)?.message || String(e)})`, 'io');
    try {
      await this.fs.createDirectory(id);
      await this.fs.writeFile(`${id}/${FILES.permissions}`, encode(permissionsText));
      await this.fs.writeFile(`${id}/${FILES.provisioning}`, encode(provisioningText));
      // The meta record last: a folder without one is incomplete whatever else it holds.
      await this.fs.writeFile(`${id}/${FILES.meta}`, encode(metaText));
    } catch (e) {
      await this.fs.delete(id).catch(() => undefined);
      throw fail(e);
    }
    let next: CacheIndex;
    try {
      next = await withLock(async () => {
        // Another window may have switched the index since this one read it: build on what is there now.
        const onDisk = (await this.readIndex()) ?? this.index;
        const n: CacheIndex = { format: CACHE_FORMAT, current: id, previous: onDisk.current ?? onDisk.previous };
        await this.writeIndex(n);
        return n;
      });
    } catch (e) {
      await this.fs.delete(id).catch(() => undefined);
      throw fail(e);
    }
    this.versions.set(id, { id, metaText, files: { permissionsText, provisioningText, meta: full } });
    this.index = next;
    this.indexError = undefined;
    this.queue(() => this.removeLeftovers());
    return full;
  }

  /** Forgets the downloaded data (back to the bundled store): the index names nothing, the versions are renamed `cleared-<which>`, not deleted. */
  async clear(): Promise<void> {
    await this.settled();
    await withLock(async () => {
      const onDisk = await this.readIndex();
      if (!onDisk) {
        await this.fs.rename(INDEX, `${INDEX}.corrupt`, { overwrite: true });
        return;
      }
      await this.writeIndex({ format: CACHE_FORMAT, current: null, previous: null });
      for (const which of ['current', 'previous'] as const) {
        const id = onDisk[which];
        if (!isVersionId(id)) continue;
        await this.fs.delete(`cleared-${which}`);
        await this.fs.rename(id, `cleared-${which}`, { overwrite: true }).catch(() => undefined);
      }
    });
    this.index = { format: CACHE_FORMAT, current: null, previous: null };
    this.indexError = undefined;
  }

  /** Resolves when the background work (setting a version aside, removing leftovers) is done. */
  settled(): Promise<void> {
    return this.pending.then(() => undefined);
  }

  private queue(work: () => Promise<unknown>): void {
    this.pending = this.pending.then(work).catch(() => undefined); // the next load looks again
  }

  private async readIndex(): Promise<CacheIndex | undefined> {
    try {
      return parseIndex(decode(await this.fs.readFile(INDEX)));
    } catch {
      return { format: CACHE_FORMAT, current: null, previous: null }; // none yet
    }
  }

  /** index.json written beside and renamed over the old one: a reader sees the old index or the new, never half of one. */
  private async writeIndex(index: CacheIndex): Promise<void> {
    const tmp = `${INDEX}.${randomHex(6)}.tmp`;
    await this.fs.createDirectory('');
    await this.fs.writeFile(tmp, encode(JSON.stringify(index) + '\n'));
    try {
      await this.fs.rename(tmp, INDEX, { overwrite: true });
    } catch (e) {
      await this.fs.delete(tmp).catch(() => undefined);
      throw e;
    }
  }

  /** Version folders and index copies nobody names any more, once old enough not to be another window's write in progress. */
  private async removeLeftovers(): Promise<void> {
    await withLock(async () => {
      const index = await this.readIndex();
      if (!index) return;
      const now = Date.now();
      for (const name of await this.fs.readDirectory('')) {
        const m = /^(?:v-([a-z0-9]+)-[a-f0-9]+|index\.json\.[a-f0-9]+\.tmp)$/.exec(name);
        if (!m || name === index.current || name === index.previous) continue;
        const born = m[1] ? parseInt(m[1], 36) : 0;
        if (m[1] && now - born < STALE_MS) continue;
        await this.fs.delete(name).catch(() => undefined);
      }
    });
  }
}

function parseIndex(text: string): CacheIndex | undefined {
  try {
    const j = JSON.parse(text) as Partial<CacheIndex>;
    if (!j || j.format !== CACHE_FORMAT) return undefined;
    const ok = (v: unknown): v is string | null => v === null || v === undefined || isVersionId(v);
    if (!ok(j.current) || !ok(j.previous)) return undefined;
    return { format: CACHE_FORMAT, current: j.current ?? null, previous: j.previous ?? null };
  } catch {
    return undefined;
  }
}
