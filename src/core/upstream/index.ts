/**
 * Upstream metadata, end to end, with all I/O passed in: the store in use (cached upstream data
 * merged over the bundled store, or the bundled store with one clear message), an update from a URL
 * or folder, and the CLI's `--metadata`. The hosts supply the bundled data (core/store/bundledData.ts),
 * the cache store (./cache.ts) and the way to the files (./source.ts); the Node hosts get all three
 * from src/platform/node/upstream.ts. The VS Code adapter is src/vscode/metadataUpdate.ts.
 */
import type { BundledData } from '../store/bundledData';
import { PermissionStore, StoreFormatError } from '../store/store';
import type { PermissionStoreFile } from '../store/storeData';
import type { CacheMeta, MetadataCacheStore } from './cache';
import { diffStores, diffSummary, type StoreDiff } from './diff';
import { importUpstream, UpstreamError, type ImportStats, type UpstreamLimits } from './importer';
import { fetchUpstreamFiles, type FetchedFiles, type FetchFilesOptions, type UpstreamIo } from './source';

export { CACHE_FORMAT, type CachedFiles, type CacheMeta, type CacheVersion, type MetadataCacheStore } from './cache';
export { diffStores, diffSummary, formatDiff, type StoreDiff, type DiffEntry } from './diff';
export { DEFAULT_SOURCE_URL, LOCAL_NAMES, UPSTREAM_PATHS, fetchUpstreamFiles, httpSource, type FetchedFiles, type FetchFilesOptions, type FetchOptions, type UpstreamIo } from './source';
export { DEFAULT_LIMITS, importUpstream, UpstreamError, type ImportStats, type UpstreamLimits } from './importer';
export { SOURCE_SETTING, sourceHint, type SourceOrigin } from './sourceHint';
export { privilegeLevelText, type PermissionMethod } from './methods';

export interface ActiveStore {
  store: PermissionStore;
  /** Set when the store is built from cached upstream data. */
  meta?: CacheMeta;
  which?: 'current' | 'previous';
  /** One sentence to show the user when the cache could not be used (what happened, what is in use now). */
  problem?: string;
}

/** What the upstream functions need of the bundled data. */
export type BundledStoreData = Pick<BundledData, 'storeFile' | 'permissionStore'>;

/**
 * The store to use: the cached upstream data merged over the bundled store, else (no cache, or a
 * corrupt one — set aside) the bundled store. Sync (first use of the store). Throws only when the
 * bundled store itself is broken.
 */
export function activeStoreOf(bundled: BundledStoreData, cache: MetadataCacheStore | undefined, limits?: Partial<UpstreamLimits>): ActiveStore {
  const base = bundled.storeFile();
  const problems: string[] = [];
  for (const which of ['current', 'previous'] as const) {
    if (!cache?.has(which)) continue;
    const seen = cache.metaText(which);
    try {
      const c = cache.readSettled(which);
      const r = importUpstream(c.permissionsText, c.provisioningText, base, {
        snapshotDate: c.meta.snapshotDate,
        permissionsSource: c.meta.permissionsSource,
        provisioningSource: c.meta.provisioningSource,
        limits,
      });
      const store = new PermissionStore(r.file);
      const problem = problems.length
        ? `Graph Permission Lens: ${problems.join('; ')}. It was set aside; using the previous good download instead: ${store.describe()}.`
        : undefined;
      return { store, meta: c.meta, which, problem };
    } catch (e) {
      problems.push(`the cached ${which === 'current' ? 'upstream metadata' : 'previous upstream metadata'} is unusable (${(e as Error).message})`);
      cache.quarantine(which, seen);
    }
  }
  const store = bundled.permissionStore();
  const problem = problems.length ? `Graph Permission Lens: ${problems.join('; ')}. It was set aside; using ${store.describe()} instead. Run "Graph Permissions: Update Metadata" to download it again.` : undefined;
  return { store, problem };
}

export interface FetchImportOptions extends Pick<FetchFilesOptions, 'signal' | 'timeoutMs' | 'cwd'> {
  onProgress?: (message: string, fraction: number) => void;
  limits?: Partial<UpstreamLimits>;
  /** For tests: the download date. */
  now?: Date;
  /**
   * Use the downloaded data even when it is older than the data in use (the date of the data, not
   * of the download or the package). Without it such an update is refused — kind `older` — and the
   * newer data stays: an update never moves the data back in time unless the user says so.
   */
  allowOlder?: boolean;
}

/**
 * Which date is which, for the status tooltip: the date of the data (Microsoft's published
 * permissions, as of) and that of the package or the download — `Data of 2026-08-07; package built
 * 2026-09-04.` or `Data of 2026-09-14, downloaded 2026-09-14 from <source>.`
 */
export function dataDatesText(store: PermissionStore, download?: Pick<CacheMeta, 'fetchedAt' | 'source'>): string {
  if (store.provenance.origin === 'upstream') return `Data of ${store.dataDate}${download ? `, downloaded ${download.fetchedAt.slice(0, 10)} from ${download.source}` : ''}.`;
  return `Data of ${store.dataDate}; package built ${store.provenance.snapshotDate}.`;
}

/** Fetches, validates and imports the two files (no cache). Throws UpstreamError. */
export async function fetchAndImport(
  source: string,
  bundled: PermissionStoreFile,
  io: UpstreamIo,
  opts: FetchImportOptions = {},
): Promise<{ files: FetchedFiles; file: PermissionStoreFile; stats: ImportStats; snapshotDate: string }> {
  const files = await fetchUpstreamFiles(source, io, { signal: opts.signal, onProgress: opts.onProgress, timeoutMs: opts.timeoutMs, maxBytes: opts.limits?.maxBytes, cwd: opts.cwd });
  opts.onProgress?.('Validating', 1);
  const snapshotDate = files.localDate ?? (opts.now ?? new Date()).toISOString().slice(0, 10);
  const r = importUpstream(files.permissionsText, files.provisioningText, bundled, {
    snapshotDate,
    permissionsSource: files.permissionsSource,
    provisioningSource: files.provisioningSource,
    limits: opts.limits,
  });
  return { files, file: r.file, stats: r.stats, snapshotDate };
}

export interface UpdateStoreOptions extends FetchImportOptions {
  /** URL (base of the upstream repository), `file:` URL or folder. */
  source: string;
  bundled: Pick<BundledData, 'storeFile'>;
  cache: MetadataCacheStore;
  io: UpstreamIo;
  /** The store in use now: the diff's base, and what stays in use on failure. */
  current: PermissionStore;
}

export type UpdateResult =
  | { ok: true; store: PermissionStore; diff: StoreDiff; stats: ImportStats; meta: CacheMeta; message: string }
  | { ok: false; error: UpstreamError; store: PermissionStore; message: string };

/**
 * The whole update: fetch, validate, import, write the cache (the previous version is kept), and
 * diff against the store in use. Never throws: on any failure the cache is untouched and the
 * result says what happened and which store stays in use.
 */
export async function updateStore(opts: UpdateStoreOptions): Promise<UpdateResult> {
  try {
    const r = await fetchAndImport(opts.source, opts.bundled.storeFile(), opts.io, opts);
    if (opts.signal?.aborted) throw new UpstreamError('the update was cancelled', 'cancelled');
    // Dates of the data (ISO yyyy-mm-dd, so they compare as strings), never of a package or a download.
    const inUse = opts.current.dataDate;
    if (!opts.allowOlder && r.snapshotDate < inUse) {
      throw new UpstreamError(`the metadata found there is data of ${r.snapshotDate}, older than the data in use (data of ${inUse})`, 'older');
    }
    const store = new PermissionStore(r.file);
    const meta = await opts.cache.write(r.files.permissionsText, r.files.provisioningText, {
      source: opts.source,
      permissionsSource: r.files.permissionsSource,
      provisioningSource: r.files.provisioningSource,
      fetchedAt: (opts.now ?? new Date()).toISOString(),
      snapshotDate: r.snapshotDate,
    });
    const diff = diffStores(opts.current, store);
    const older = r.snapshotDate < inUse ? ` This is data of ${r.snapshotDate}, older than the data it replaces (data of ${inUse}), as chosen; "Graph Permissions: Use Bundled Metadata" goes back to the bundled data.` : '';
    const message = `Graph Permission Lens now uses ${store.describe()}: ${store.countsText()}. Changes: ${diffSummary(diff)}.${older}`;
    return { ok: true, store, diff, stats: r.stats, meta, message };
  } catch (e) {
    const error =
      e instanceof UpstreamError ? e : e instanceof StoreFormatError ? new UpstreamError(e.message, 'io') : new UpstreamError(`unexpected error (${(e as Error)?.message ?? String(e)})`, 'io');
    const message =
      error.kind === 'cancelled'
        ? `Graph Permission Lens: the metadata update was cancelled; nothing changed, still using ${opts.current.describe()}.`
        : error.kind === 'older'
          ? `Graph Permission Lens kept ${opts.current.describe()}: ${error.message}. Nothing changed.`
          : `Graph Permission Lens could not update its metadata: ${error.message}. Nothing changed; still using ${opts.current.describe()}.`;
    return { ok: false, error, store: opts.current, message };
  }
}

/**
 * The CLI's `--metadata <folder or URL>`: the bundled store with the upstream files merged over it,
 * through the same importer. Throws UpstreamError (or StoreFormatError for a broken bundled store)
 * with a readable message.
 */
export async function storeWithMetadata(
  bundled: Pick<BundledData, 'storeFile'>,
  source: string,
  io: UpstreamIo,
  opts: FetchImportOptions & { warn?: (message: string) => void } = {},
): Promise<PermissionStore> {
  const r = await fetchAndImport(source, bundled.storeFile(), io, opts);
  for (const c of r.stats.conflicts) opts.warn?.(`metadata conflict: ${c}`);
  return new PermissionStore(r.file);
}
