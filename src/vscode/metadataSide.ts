/**
 * Where the store in use lives, as Update Metadata (./metadataUpdate.ts) and the test hook see it:
 * in the language server on the desktop (./languageClient.ts answers with the cache folder, which
 * the server reads itself, and asks it to switch — the extension host builds no store), or in the
 * extension host in the browser (here: the StoreService's store, built from the cache on first use
 * by Update Metadata's loader). Either way the switch answers with the diff between the store
 * before and after and what is in use now (src/server/protocol.ts `UseMetadataResult`).
 */
import * as vscode from 'vscode';
import { metadataInfo } from '../core/explorer/listing';
import { PermissionStore } from '../core/store/store';
import type { PermissionStoreFile } from '../core/store/storeData';
import { diffStores } from '../core/upstream/diff';
import type { MetadataLoadedParams, UseMetadataResult } from '../server/protocol';
import type { StoreService } from './storeService';

export interface MetadataSide {
  /** True when the extension host builds the store itself (browser): Update Metadata's loader reads the cache on first use. */
  readonly inHost: boolean;
  /** Puts the cache's current version in use (Update Metadata has just written it; `file` is its import). */
  useCache(file: PermissionStoreFile): Promise<UseMetadataResult>;
  /** Puts the bundled store in use (the cache was cleared). */
  useBundled(): Promise<UseMetadataResult>;
  /** Puts a store loaded by the hidden test hook in use (not cached). */
  useStore(store: PermissionStore): Promise<UseMetadataResult>;
  /** The language server read the cache: which version is in use, its meta record, and a problem to show once (never fires in the browser). */
  readonly onDidLoadCache: vscode.Event<MetadataLoadedParams>;
}

/** The browser's: the extension host's StoreService holds the store. */
export function inHostMetadataSide(stores: StoreService, subscriptions: vscode.Disposable[]): MetadataSide {
  const loaded = new vscode.EventEmitter<MetadataLoadedParams>();
  subscriptions.push(loaded);
  const use = async (make: () => PermissionStore): Promise<UseMetadataResult> => {
    const before = stores.get();
    let store: PermissionStore;
    try {
      store = make();
    } catch (e) {
      return { diff: null, info: null, error: (e as Error).message };
    }
    const diff = before ? diffStores(before, store) : null;
    stores.replace(store);
    return { diff, info: metadataInfo(store) };
  };
  return {
    inHost: true,
    useCache: (file) => use(() => new PermissionStore(file)),
    useBundled: () => use(() => stores.bundled.permissionStore()),
    useStore: (store) => use(() => store),
    onDidLoadCache: loaded.event,
  };
}
