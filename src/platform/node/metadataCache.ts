/**
 * The on-disk cache of the upstream files (in the extension's global storage; the core's
 * MetadataCacheStore, core/upstream/cache.ts): the validated raw
 * files plus a meta.json with checksums, in `current/`, the one before in `previous/`. Written
 * atomically (a temporary folder renamed into place); a corrupt folder is renamed aside
 * (`*.corrupt`), never deleted silently. The merged store is rebuilt from the raw files at load
 * time, so an extension update's newer bundled data is always the base.
 *
 * Several writers (two VS Code windows updating at once) share the folder: each writes its own
 * uniquely named temporary folder, and only the swap into place (and setting a corrupt version
 * aside) happens under a lock (a `lock` folder: mkdir is atomic; a lock older than
 * STALE_LOCK_MS is a crashed writer's and is broken). Temporary folders are cleaned only when
 * stale, never while another writer may still be filling them. A reader that finds a version
 * inconsistent while a swap may be in progress reads again before calling it corrupt.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CACHE_FORMAT, type CachedFiles, type CacheMeta, type CacheVersion, type MetadataCacheStore } from '../../core/upstream/cache';
import { UpstreamError } from '../../core/upstream/importer';

export { CACHE_FORMAT, type CachedFiles, type CacheMeta } from '../../core/upstream/cache';

const FILES = { permissions: 'permissions.json', provisioning: 'provisioningInfo.json', meta: 'meta.json' } as const;

const LOCK = 'lock';
/** A lock held longer than this is a crashed writer's (a swap takes milliseconds). */
const STALE_LOCK_MS = 30_000;
/** A temporary folder untouched for this long is an interrupted write's leftover. */
const STALE_TMP_MS = 10 * 60_000;
/** How long a writer waits for the lock before giving up with a clear message. */
const LOCK_WAIT_MS = 20_000;

/** Sleeps synchronously (the store is loaded synchronously on first use). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function sha256(text: string): string {
  return crypto().createHash('sha256').update(text, 'utf8').digest('hex');
}

export class UpstreamCache implements MetadataCacheStore {
  constructor(readonly dir: string) {}

  private folder(which: CacheVersion): string {
    return path.join(this.dir, which);
  }

  has(which: CacheVersion): boolean {
    return fs.existsSync(this.folder(which));
  }

  /** Takes the lock if free (or stale); false when another writer holds it. */
  private tryLock(): boolean {
    const lock = path.join(this.dir, LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.mkdirSync(lock);
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        let age: number;
        try {
          age = Date.now() - fs.statSync(lock).mtimeMs;
        } catch {
          continue; // released meanwhile: try again
        }
        if (age < STALE_LOCK_MS) return false;
        // A crashed writer's lock: move it aside under a unique name (so two breakers cannot both win), then retry.
        try {
          const aside = `${lock}.stale-${process.pid}-${crypto().randomBytes(4).toString('hex')}`;
          fs.renameSync(lock, aside);
          fs.rmSync(aside, { recursive: true, force: true });
        } catch {
          // another process broke it first
        }
      }
    }
    return false;
  }

  private unlock(): void {
    fs.rmSync(path.join(this.dir, LOCK), { recursive: true, force: true });
  }

  /** True while a writer holds the lock (a swap may be in progress). */
  busy(): boolean {
    try {
      return Date.now() - fs.statSync(path.join(this.dir, LOCK)).mtimeMs < STALE_LOCK_MS;
    } catch {
      return false;
    }
  }

  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    while (!this.tryLock()) {
      if (Date.now() > deadline) throw new UpstreamError(`another window is updating the metadata cache in ${this.dir}; try again in a moment`, 'io');
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
    }
    try {
      return await fn();
    } finally {
      this.unlock();
    }
  }

  /**
   * read(), retried while a writer may be swapping versions (a read that spans a swap sees files of
   * two versions): only a version that stays inconsistent is reported as unusable.
   */
  readSettled(which: CacheVersion): CachedFiles {
    const deadline = Date.now() + 5000;
    for (let attempt = 0; ; attempt++) {
      try {
        return this.read(which);
      } catch (e) {
        if (!(e instanceof UpstreamError) || Date.now() > deadline) throw e;
        if (attempt >= 2 && !this.busy()) throw e;
        sleepSync(20 + Math.random() * 30);
      }
    }
  }

  /** Reads one cached version and checks its checksums. Throws UpstreamError. Sync: used on first store use. */
  read(which: CacheVersion): CachedFiles {
    const dir = this.folder(which);
    const readText = (name: string): string => {
      try {
        return fs.readFileSync(path.join(dir, name), 'utf8');
      } catch (e) {
        throw new UpstreamError(`cannot read ${path.join(dir, name)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'io');
      }
    };
    let meta: CacheMeta;
    try {
      meta = JSON.parse(readText(FILES.meta)) as CacheMeta;
    } catch (e) {
      if (e instanceof UpstreamError) throw e;
      throw new UpstreamError(`${path.join(dir, FILES.meta)} is not valid JSON`, 'shape');
    }
    if (!meta || meta.format !== CACHE_FORMAT || !meta.sha256 || typeof meta.snapshotDate !== 'string' || typeof meta.fetchedAt !== 'string') {
      throw new UpstreamError(`${path.join(dir, FILES.meta)} has an unexpected shape`, 'shape');
    }
    const permissionsText = readText(FILES.permissions);
    const provisioningText = readText(FILES.provisioning);
    if (sha256(permissionsText) !== meta.sha256.permissions || sha256(provisioningText) !== meta.sha256.provisioning) {
      throw new UpstreamError(`the files in ${dir} do not match their recorded checksums`, 'shape');
    }
    return { permissionsText, provisioningText, meta, which };
  }

  /** The raw meta.json of a version ('' when unreadable): tells whether a version was replaced meanwhile. */
  metaText(which: CacheVersion): string {
    try {
      return fs.readFileSync(path.join(this.folder(which), FILES.meta), 'utf8');
    } catch {
      return '';
    }
  }

  /** Only the meta of the version in use (cheap: for the status bar before the store is loaded). */
  readMeta(): CacheMeta | undefined {
    for (const which of ['current', 'previous'] as const) {
      try {
        const m = JSON.parse(fs.readFileSync(path.join(this.folder(which), FILES.meta), 'utf8')) as CacheMeta;
        if (m && m.format === CACHE_FORMAT) return m;
      } catch {
        // try the next
      }
    }
    return undefined;
  }

  /**
   * Renames a broken version aside (replacing an older `.corrupt` one) so it is not retried on every
   * start — under the lock, and only if it is still broken then (a writer may have just replaced it).
   */
  quarantine(which: CacheVersion, seenMeta?: string): void {
    const from = this.folder(which);
    const to = from + '.corrupt';
    let locked = false;
    try {
      locked = this.tryLock();
      if (!locked) return; // a writer is at work: leave it, the next load looks again
      // Replaced since it was found broken (another window wrote a new version): not this one's fault.
      if (seenMeta !== undefined && this.metaText(which) !== seenMeta) return;
      fs.rmSync(to, { recursive: true, force: true });
      fs.renameSync(from, to);
    } catch {
      // Leave it: the next load reports it again.
    } finally {
      if (locked) this.unlock();
    }
  }

  /**
   * Writes a new version atomically: into a temporary folder, then `current` → `previous` and the
   * temporary folder → `current`. If there is no `current`, an existing `previous` is kept.
   */
  async write(permissionsText: string, provisioningText: string, meta: Omit<CacheMeta, 'format' | 'sha256'>): Promise<CacheMeta> {
    const full: CacheMeta = { format: CACHE_FORMAT, ...meta, sha256: { permissions: sha256(permissionsText), provisioning: sha256(provisioningText) } };
    await fs.promises.mkdir(this.dir, { recursive: true });
    // Leftovers of an interrupted write: only stale ones (another window may be filling a fresh one).
    for (const name of await fs.promises.readdir(this.dir)) {
      if (!name.startsWith('tmp-')) continue;
      const p = path.join(this.dir, name);
      const st = await fs.promises.stat(p).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > STALE_TMP_MS) await fs.promises.rm(p, { recursive: true, force: true }).catch(() => undefined);
    }
    const tmp = path.join(this.dir, `tmp-${process.pid}-${Date.now().toString(36)}-${crypto().randomBytes(6).toString('hex')}`);
    await fs.promises.mkdir(tmp);
    try {
      await fs.promises.writeFile(path.join(tmp, FILES.permissions), permissionsText, 'utf8');
      await fs.promises.writeFile(path.join(tmp, FILES.provisioning), provisioningText, 'utf8');
      await fs.promises.writeFile(path.join(tmp, FILES.meta), JSON.stringify(full, null, 2) + '\n', 'utf8');
    } catch (e) {
      await fs.promises.rm(tmp, { recursive: true, force: true });
      throw new UpstreamError(`cannot write the metadata cache in ${this.dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'io');
    }
    const current = this.folder('current');
    const previous = this.folder('previous');
    try {
      await this.withLock(async () => {
        let moved = false;
        try {
          if (fs.existsSync(current)) {
            await fs.promises.rm(previous, { recursive: true, force: true });
            await fs.promises.rename(current, previous);
            moved = true;
          }
          await fs.promises.rename(tmp, current);
        } catch (e) {
          if (moved && !fs.existsSync(current)) await fs.promises.rename(previous, current).catch(() => undefined);
          throw new UpstreamError(`cannot write the metadata cache in ${this.dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'io');
        }
      });
    } catch (e) {
      await fs.promises.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
      throw e;
    }
    return full;
  }

  /** Forgets the downloaded data (back to the bundled store). Renames aside rather than deleting. */
  async clear(): Promise<void> {
    if (!fs.existsSync(this.dir)) return;
    await this.withLock(async () => {
      for (const which of ['current', 'previous'] as const) {
        const from = this.folder(which);
        if (!fs.existsSync(from)) continue;
        const to = from + '.cleared';
        await fs.promises.rm(to, { recursive: true, force: true });
        await fs.promises.rename(from, to);
      }
    });
  }
}

/** Node's crypto, loaded on first use (start-up time). */
function crypto(): typeof import('crypto') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('crypto') as typeof import('crypto');
}
