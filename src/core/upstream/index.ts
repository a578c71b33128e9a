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
export function dataDatesText(store: PermissionStore | StoreDates, download?: Pick<CacheMeta, 'fetchedAt' | 'source'>): string {
  const d = store instanceof PermissionStore ? { origin: store.provenance.origin, dataDate: store.dataDate, snapshotDate: store.provenance.snapshotDate } : store;
  if (d.origin === 'upstream') return `Data of ${d.dataDate}${download ? `, downloaded ${download.fetchedAt.slice(0, 10)} from ${download.source}` : ''}.`;
  return `Data of ${d.dataDate}; package built ${d.snapshotDate}.`;
}

/** A store's dates as plain data (the explorer's MetadataInfo has them: the VS Code client's status bar needs no store). */
export interface StoreDates {
  origin: string;
  dataDate: string;
  snapshotDate: string;
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

/** The data in use as an update sees it: its date (the older check) and its name (the messages). */
export interface DataInUse {
  dataDate: string;
  describe: string;
}

export interface DownloadOptions extends FetchImportOptions {
  /** URL (base of the upstream repository), `file:` URL or folder. */
  source: string;
  /** The bundled store file the import merges over (a host may pass a fresh parse it does not keep). */
  bundled: Pick<BundledData, 'storeFile'>;
  cache: MetadataCacheStore;
  io: UpstreamIo;
  inUse: DataInUse;
}

export type DownloadResult =
  | { ok: true; file: PermissionStoreFile; stats: ImportStats; meta: CacheMeta; snapshotDate: string }
  | { ok: false; error: UpstreamError; message: string };

/**
 * An update up to the cache: fetch, validate, import (a store file, no store built), refuse data
 * older than the data in use unless allowed, and write the cache (the previous version is kept).
 * Never throws: on any failure the cache is untouched and the result says what happened. Putting
 * the new data in use and the diff are the caller's (`updateStore`; the VS Code client asks its
 * language server, which holds the store).
 */
export async function downloadToCache(opts: DownloadOptions): Promise<DownloadResult> {
  try {
    const r = await fetchAndImport(opts.source, opts.bundled.storeFile(), opts.io, opts);
    if (opts.signal?.aborted) throw new UpstreamError('the update was cancelled', 'cancelled');
    // Dates of the data (ISO yyyy-mm-dd, so they compare as strings), never of a package or a download.
    const inUse = opts.inUse.dataDate;
    if (!opts.allowOlder && r.snapshotDate < inUse) {
      throw new UpstreamError(`the metadata found there is data of ${r.snapshotDate}, older than the data in use (data of ${inUse})`, 'older');
    }
    const meta = await opts.cache.write(r.files.permissionsText, r.files.provisioningText, {
      source: opts.source,
      permissionsSource: r.files.permissionsSource,
      provisioningSource: r.files.provisioningSource,
      fetchedAt: (opts.now ?? new Date()).toISOString(),
      snapshotDate: r.snapshotDate,
    });
    return { ok: true, file: r.file, stats: r.stats, meta, snapshotDate: r.snapshotDate };
  } catch (e) {
    const error =
      e instanceof UpstreamError ? e : e instanceof StoreFormatError ? new UpstreamError(e.message, 'io') : new UpstreamError(`unexpected error (${(e as Error)?.message ?? String(e)})`, 'io');
    const describe = opts.inUse.describe;
    const message =
      error.kind === 'cancelled'
        ? `Graph Permission Lens: the metadata update was cancelled; nothing changed, still using ${describe}.`
        : error.kind === 'older'
          ? `Graph Permission Lens kept ${describe}: ${error.message}. Nothing changed.`
          : `Graph Permission Lens could not update its metadata: ${error.message}. Nothing changed; still using ${describe}.`;
    return { ok: false, error, message };
  }
}

/** The message of a finished update: the data now in use, what changed, and a step back in time when chosen. */
export function updateMessage(now: { describe: string; countsText: string }, diff: StoreDiff, snapshotDate: string, before: DataInUse): string {
  const older =
    snapshotDate < before.dataDate
      ? ` This is data of ${snapshotDate}, older than the data it replaces (data of ${before.dataDate}), as chosen; "Graph Permissions: Use Bundled Metadata" goes back to the bundled data.`
      : '';
  return `Graph Permission Lens now uses ${now.describe}: ${now.countsText}. Changes: ${diffSummary(diff)}.${older}`;
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
 * The whole update with the store in this process: `downloadToCache`, then the new store and its
 * diff against the store in use. Never throws: on any failure the cache is untouched and the
 * result says what happened and which store stays in use.
 */
export async function updateStore(opts: UpdateStoreOptions): Promise<UpdateResult> {
  const before = { dataDate: opts.current.dataDate, describe: opts.current.describe() };
  const r = await downloadToCache({ ...opts, inUse: before });
  if (!r.ok) return { ...r, store: opts.current };
  const store = new PermissionStore(r.file);
  const diff = diffStores(opts.current, store);
  return { ok: true, store, diff, stats: r.stats, meta: r.meta, message: updateMessage({ describe: store.describe(), countsText: store.countsText() }, diff, r.snapshotDate, before) };
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
