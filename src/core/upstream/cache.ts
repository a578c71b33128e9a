/**
 * The on-disk cache of the upstream files (in the extension's global storage): the validated raw
 * files plus a meta.json with checksums, in `current/`, the one before in `previous/`. Written
 * atomically (a temporary folder renamed into place); a corrupt folder is renamed aside
 * (`*.corrupt`), never deleted silently. The merged store is rebuilt from the raw files at load
 * time, so an extension update's newer bundled data is always the base.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UpstreamError } from './importer';

export const CACHE_FORMAT = 1;

export interface CacheMeta {
  format: number;
  /** The source setting / argument used. */
  source: string;
  permissionsSource: string;
  provisioningSource: string;
  /** ISO timestamp of the download. */
  fetchedAt: string;
  /** YYYY-MM-DD the data describes. */
  snapshotDate: string;
  sha256: { permissions: string; provisioning: string };
}

export interface CachedFiles {
  permissionsText: string;
  provisioningText: string;
  meta: CacheMeta;
  which: 'current' | 'previous';
}

const FILES = { permissions: 'permissions.json', provisioning: 'provisioningInfo.json', meta: 'meta.json' } as const;

export function sha256(text: string): string {
  return crypto().createHash('sha256').update(text, 'utf8').digest('hex');
}

export class UpstreamCache {
  constructor(readonly dir: string) {}

  private folder(which: 'current' | 'previous'): string {
    return path.join(this.dir, which);
  }

  has(which: 'current' | 'previous'): boolean {
    return fs.existsSync(this.folder(which));
  }

  /** Reads one cached version and checks its checksums. Throws UpstreamError. Sync: used on first store use. */
  read(which: 'current' | 'previous'): CachedFiles {
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

  /** Renames a broken version aside (replacing an older `.corrupt` one) so it is not retried on every start. */
  quarantine(which: 'current' | 'previous'): void {
    const from = this.folder(which);
    const to = from + '.corrupt';
    try {
      fs.rmSync(to, { recursive: true, force: true });
      fs.renameSync(from, to);
    } catch {
      // Leave it: the next load reports it again.
    }
  }

  /**
   * Writes a new version atomically: into a temporary folder, then `current` → `previous` and the
   * temporary folder → `current`. If there is no `current`, an existing `previous` is kept.
   */
  async write(permissionsText: string, provisioningText: string, meta: Omit<CacheMeta, 'format' | 'sha256'>): Promise<CacheMeta> {
    const full: CacheMeta = { format: CACHE_FORMAT, ...meta, sha256: { permissions: sha256(permissionsText), provisioning: sha256(provisioningText) } };
    await fs.promises.mkdir(this.dir, { recursive: true });
    // Leftovers of an interrupted write.
    for (const name of await fs.promises.readdir(this.dir)) {
      if (name.startsWith('tmp-')) await fs.promises.rm(path.join(this.dir, name), { recursive: true, force: true });
    }
    const tmp = path.join(this.dir, `tmp-${process.pid}-${crypto().randomBytes(4).toString('hex')}`);
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
      await fs.promises.rm(tmp, { recursive: true, force: true });
      throw new UpstreamError(`cannot write the metadata cache in ${this.dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'io');
    }
    return full;
  }

  /** Forgets the downloaded data (back to the bundled store). Renames aside rather than deleting. */
  async clear(): Promise<void> {
    for (const which of ['current', 'previous'] as const) {
      const from = this.folder(which);
      if (!fs.existsSync(from)) continue;
      const to = from + '.cleared';
      await fs.promises.rm(to, { recursive: true, force: true });
      await fs.promises.rename(from, to);
    }
  }
}

/** Node's crypto, loaded on first use (start-up time). */
function crypto(): typeof import('crypto') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('crypto') as typeof import('crypto');
}
