/**
 * The explorer's data in the extension host (the browser entry, which has no language server):
 * the same core functions the server's handlers call (src/server/explorerHandlers.ts) on the
 * extension's own store.
 */
import * as vscode from 'vscode';
import { permissionDetail } from '../core/explorer/detail';
import { fileReferences, metadataInfo, permissionList, resolvePermission } from '../core/explorer/listing';
import type { ResourceIndex } from '../core/explorer/resources';
import type { PermissionStore } from '../core/store/store';
import type { ExplorerSource } from './explorerSource';
import type { BaseServices } from './services';

export function inHostExplorerSource({ context, stores, log }: BaseServices): ExplorerSource {
  let resourcesWarned = false;
  const store = (): PermissionStore => {
    const s = stores.get();
    if (!s) throw new Error('the permission store did not load (see the log)');
    return s;
  };
  const changed = new vscode.EventEmitter<void>();
  context.subscriptions.push(changed, stores.onDidChangeStore(() => changed.fire()));
  return {
    onDidChange: changed.event,
    permissionList: async (threshold, withSearchText) => permissionList(store(), threshold, withSearchText === true),
    resolve: async (key, threshold, anyApp) => {
      const s = store();
      return { entry: resolvePermission(s, key, threshold, anyApp === true) ?? null, source: s.describe() };
    },
    metadataInfo: async () => metadataInfo(store()),
    readsFile: () => false,
    fileReferences: async (files) => {
      const s = store();
      return files.map((f) => (typeof f.text === 'string' ? fileReferences(s, f.uri, f.text, f.maxFileSizeKB) : { uri: f.uri, usages: [], error: 'not read' }));
    },
    async permissionDetail(key, threshold) {
      const s = stores.get();
      if (!s) return undefined;
      let index: ResourceIndex | string | undefined = stores.bundled.resourceIndex();
      if (!index) {
        index = `The resource types could not be read (${stores.resources.error?.message ?? 'unknown error'}).`;
        if (!resourcesWarned) log.warn(index);
        resourcesWarned = true;
      }
      return permissionDetail(s, key, index, threshold);
    },
  };
}
