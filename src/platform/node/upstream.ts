/**
 * Upstream metadata for the Node hosts (CLI, language server, desktop extension, GitHub Action):
 * core/upstream with the bundled data folder (./data.ts), the on-disk cache (./metadataCache.ts)
 * and Node's downloads and folder reading (./download.ts) passed in.
 */
import type { PermissionStore } from '../../core/store/store';
import { activeStoreOf, storeWithMetadata, updateStore, type ActiveStore, type FetchImportOptions, type UpdateResult, type UpstreamLimits } from '../../core/upstream';
import { bundledData } from './data';
import { nodeUpstreamIo } from './download';
import { UpstreamCache } from './metadataCache';

export { fetchText, readLocalSource, resolveSource, sourceInsideFolders, nodeUpstreamIo, type ResolvedSource } from './download';
export { UpstreamCache } from './metadataCache';
export { readBundledFile } from './data';

/**
 * The store to use from a data folder and a cache folder (see core activeStoreOf): the cached
 * upstream data merged over the bundled store, else the bundled store, with one clear message when
 * the cache was unusable.
 */
export function loadActiveStore(dataDir: string, cacheDir: string, limits?: Partial<UpstreamLimits>): ActiveStore {
  return activeStoreOf(bundledData(dataDir), new UpstreamCache(cacheDir), limits);
}

export interface UpdateOptions extends FetchImportOptions {
  /** URL (base of the upstream repository), `file:` URL or folder. */
  source: string;
  dataDir: string;
  cacheDir: string;
  /** The store in use now: the diff's base, and what stays in use on failure. */
  current: PermissionStore;
}

/** The whole update into `cacheDir` (see core updateStore). Never throws. */
export function updateMetadata(opts: UpdateOptions): Promise<UpdateResult> {
  return updateStore({ ...opts, bundled: bundledData(opts.dataDir), cache: new UpstreamCache(opts.cacheDir), io: nodeUpstreamIo });
}

/** The CLI's `--metadata <folder or URL>` over the bundled store of `dataDir`. Throws UpstreamError or StoreFormatError. */
export function loadStoreWithMetadata(dataDir: string, source: string, opts: FetchImportOptions & { warn?: (message: string) => void } = {}): Promise<PermissionStore> {
  return storeWithMetadata(bundledData(dataDir), source, nodeUpstreamIo, opts);
}
