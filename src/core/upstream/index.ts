/**
 * Upstream metadata, end to end and without `vscode`: load the store in use (cached upstream data
 * merged over the bundled store, or the bundled store with one clear message), update it from a
 * URL or folder, and the CLI's `--metadata`. The VS Code adapter is src/vscode/metadataUpdate.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { bundledPathData, readBundledFile } from '../loadStore';
import { PermissionStore, StoreFormatError } from '../store';
import type { PermissionStoreFile } from '../storeData';
import { UpstreamCache, type CacheMeta } from './cache';
import { diffStores, diffSummary, type StoreDiff } from './diff';
import { fetchUpstreamFiles, resolveSource, type FetchedFiles } from './fetch';
import { importUpstream, UpstreamError, type ImportStats, type UpstreamLimits } from './importer';

export { UpstreamCache, type CacheMeta } from './cache';
export { diffStores, diffSummary, formatDiff, type StoreDiff, type DiffEntry } from './diff';
export { DEFAULT_SOURCE_URL, LOCAL_NAMES, UPSTREAM_PATHS, fetchText, fetchUpstreamFiles, resolveSource, sourceInsideFolders } from './fetch';
export { DEFAULT_LIMITS, importUpstream, UpstreamError, type ImportStats, type UpstreamLimits } from './importer';
export { SOURCE_SETTING, sourceHint, type SourceOrigin } from './sourceHint';
export { privilegeLevelText, type PermissionMethod } from './methods';
export { readBundledFile } from '../loadStore';

export interface ActiveStore {
  store: PermissionStore;
  /** Set when the store is built from cached upstream data. */
  meta?: CacheMeta;
  which?: 'current' | 'previous';
  /** One sentence to show the user when the cache could not be used (what happened, what is in use now). */
  problem?: string;
}

/**
 * The store to use: the cached upstream data merged over the bundled store, else (no cache, or a
 * corrupt one — renamed aside) the bundled store. Sync (first use of the store). Throws only when
 * the bundled store itself is broken.
 */
export function loadActiveStore(dataDir: string, cacheDir: string, limits?: Partial<UpstreamLimits>): ActiveStore {
  const bundled = readBundledFile(dataDir);
  const cache = new UpstreamCache(cacheDir);
  const problems: string[] = [];
  for (const which of ['current', 'previous'] as const) {
    if (!fs.existsSync(path.join(cacheDir, which))) continue;
    const seen = cache.metaText(which);
    try {
      const c = cache.readSettled(which);
      const r = importUpstream(c.permissionsText, c.provisioningText, bundled, {
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
  const store = new PermissionStore(bundled, bundledPathData(dataDir));
  const problem = problems.length ? `Graph Permission Lens: ${problems.join('; ')}. It was set aside; using ${store.describe()} instead. Run "Graph Permissions: Update Metadata" to download it again.` : undefined;
  return { store, problem };
}

export interface UpdateOptions {
  /** URL (base of the upstream repository), `file:` URL or folder. */
  source: string;
  dataDir: string;
  cacheDir: string;
  /** The store in use now: the diff's base, and what stays in use on failure. */
  current: PermissionStore;
  signal?: AbortSignal;
  onProgress?: (message: string, fraction: number) => void;
  timeoutMs?: number;
  limits?: Partial<UpstreamLimits>;
  /** For tests: the download date. */
  now?: Date;
  /** Base for relative folders. */
  cwd?: string;
}

export type UpdateResult =
  | { ok: true; store: PermissionStore; diff: StoreDiff; stats: ImportStats; meta: CacheMeta; message: string }
  | { ok: false; error: UpstreamError; store: PermissionStore; message: string };

/** `<sha> <date>` beside the files in ../shared/upstream (devx-commit.txt): the commit's date and id. */
function commitInfo(dir: string): { date?: string; sha?: string } {
  try {
    const m = /^([0-9a-f]{7,40})\s+(.+)$/m.exec(fs.readFileSync(path.join(dir, 'devx-commit.txt'), 'utf8'));
    if (!m) return {};
    const t = Date.parse(m[2].trim());
    return { sha: m[1], date: Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : undefined };
  } catch {
    return {};
  }
}

function snapshotDateOf(source: string, files: FetchedFiles, now: Date, cwd?: string): string {
  const r = resolveSource(source, cwd);
  if (r.kind === 'folder') return commitInfo(r.dir).date ?? files.localDate ?? now.toISOString().slice(0, 10);
  return now.toISOString().slice(0, 10);
}

/** Fetches, validates and imports the two files (no cache). Throws UpstreamError. */
export async function fetchAndImport(
  source: string,
  bundled: PermissionStoreFile,
  opts: Pick<UpdateOptions, 'signal' | 'onProgress' | 'timeoutMs' | 'limits' | 'now' | 'cwd'> = {},
): Promise<{ files: FetchedFiles; file: PermissionStoreFile; stats: ImportStats; snapshotDate: string }> {
  const files = await fetchUpstreamFiles(source, { signal: opts.signal, onProgress: opts.onProgress, timeoutMs: opts.timeoutMs, maxBytes: opts.limits?.maxBytes }, opts.cwd);
  opts.onProgress?.('Validating', 1);
  const snapshotDate = snapshotDateOf(source, files, opts.now ?? new Date(), opts.cwd);
  const r = importUpstream(files.permissionsText, files.provisioningText, bundled, {
    snapshotDate,
    permissionsSource: files.permissionsSource,
    provisioningSource: files.provisioningSource,
    limits: opts.limits,
  });
  return { files, file: r.file, stats: r.stats, snapshotDate };
}

/**
 * The whole update: fetch, validate, import, write the cache atomically (the previous version is
 * kept), and diff against the store in use. Never throws: on any failure the cache is untouched
 * and the result says what happened and which store stays in use.
 */
export async function updateMetadata(opts: UpdateOptions): Promise<UpdateResult> {
  try {
    const bundled = readBundledFile(opts.dataDir);
    const r = await fetchAndImport(opts.source, bundled, opts);
    if (opts.signal?.aborted) throw new UpstreamError('the update was cancelled', 'cancelled');
    const store = new PermissionStore(r.file);
    const meta = await new UpstreamCache(opts.cacheDir).write(r.files.permissionsText, r.files.provisioningText, {
      source: opts.source,
      permissionsSource: r.files.permissionsSource,
      provisioningSource: r.files.provisioningSource,
      fetchedAt: (opts.now ?? new Date()).toISOString(),
      snapshotDate: r.snapshotDate,
    });
    const diff = diffStores(opts.current, store);
    const message = `Graph Permission Lens now uses ${store.describe()}: ${store.countsText()}. Changes: ${diffSummary(diff)}.`;
    return { ok: true, store, diff, stats: r.stats, meta, message };
  } catch (e) {
    const error =
      e instanceof UpstreamError ? e : e instanceof StoreFormatError ? new UpstreamError(e.message, 'io') : new UpstreamError(`unexpected error (${(e as Error)?.message ?? String(e)})`, 'io');
    const message =
      error.kind === 'cancelled'
        ? `Graph Permission Lens: the metadata update was cancelled; nothing changed, still using ${opts.current.describe()}.`
        : `Graph Permission Lens could not update its metadata: ${error.message}. Nothing changed; still using ${opts.current.describe()}.`;
    return { ok: false, error, store: opts.current, message };
  }
}

/**
 * The CLI's `--metadata <folder or URL>`: the bundled store in `dataDir` with the upstream files
 * merged over it, through the same importer. Throws UpstreamError (or StoreFormatError for a
 * broken bundled store) with a readable message.
 */
export async function loadStoreWithMetadata(
  dataDir: string,
  source: string,
  opts: Pick<UpdateOptions, 'signal' | 'timeoutMs' | 'limits' | 'now' | 'cwd'> & { warn?: (message: string) => void } = {},
): Promise<PermissionStore> {
  const bundled = readBundledFile(dataDir);
  const r = await fetchAndImport(source, bundled, opts);
  for (const c of r.stats.conflicts) opts.warn?.(`metadata conflict: ${c}`);
  return new PermissionStore(r.file);
}
