/**
 * The browser extension host (a web worker: vscode.dev, github.dev, code-server's web extension
 * host): the bundled data read from the extension's own URI through `vscode.workspace.fs`, and the
 * metadata cache in `globalStorageUri` (src/platform/browser/metadataCache.ts) — both read ahead at
 * activation, in parallel (see src/platform/browser/data.ts) — with downloads through `fetch`
 * (src/platform/browser/download.ts); the language features with the core service in the extension
 * host (./inHostFeatures.ts; README "Architecture"). Update Metadata is the same command code as on
 * the desktop (./metadataUpdate.ts); a folder or `file:` source is refused with a message saying what
 * to set. No Node API here or in anything it loads (the build fails on a Node module;
 * tsconfig.browser.json type-checks without Node types).
 */
import * as vscode from 'vscode';
import type { DataFileName } from '../core/store/bundledData';
import { preloadDataFiles, preloadedBundledData } from '../platform/browser/data';
import { browserSourceRefusal, browserUpstreamIo, type FetchLike } from '../platform/browser/download';
import { BrowserUpstreamCache, type CacheFs } from '../platform/browser/metadataCache';
import type { EditorHost } from './services';
import { registerInHostFeatures } from './inHostFeatures';

/** The cache folder's file operations through `vscode.workspace.fs` (whatever file system backs `globalStorageUri`). */
export function workspaceCacheFs(folder: vscode.Uri): CacheFs {
  const at = (p: string): vscode.Uri => (p ? vscode.Uri.joinPath(folder, ...p.split('/')) : folder);
  const fs = vscode.workspace.fs;
  return {
    location: folder.toString(),
    readFile: async (p) => fs.readFile(at(p)),
    writeFile: async (p, data) => fs.writeFile(at(p), data),
    createDirectory: async (p) => fs.createDirectory(at(p)),
    readDirectory: async (p) => {
      try {
        return (await fs.readDirectory(at(p))).map(([name]) => name);
      } catch (e) {
        if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return [];
        throw e;
      }
    },
    rename: async (from, to, opts) => fs.rename(at(from), at(to), opts),
    delete: async (p) => {
      try {
        await fs.delete(at(p), { recursive: true, useTrash: false });
      } catch (e) {
        if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return;
        throw e;
      }
    },
  };
}

/** Reads the extension's data files and the metadata cache ahead (at activation) and returns the browser host. */
export async function browserHost(context: Pick<vscode.ExtensionContext, 'extensionUri' | 'globalStorageUri'>, log: vscode.LogOutputChannel): Promise<EditorHost> {
  const t0 = Date.now();
  const [read, cache] = await Promise.all([
    preloadDataFiles(async (name: DataFileName) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'data', name))),
    BrowserUpstreamCache.open(workspaceCacheFs(vscode.Uri.joinPath(context.globalStorageUri, 'upstream'))),
  ]);
  log.info(`Read the bundled data files${cache.has('current') || cache.has('previous') ? ' and the metadata cache' : ''} ahead in ${Date.now() - t0} ms (browser extension host)`);
  return {
    bundledData: (onResourcesLoad) => preloadedBundledData(read, onResourcesLoad),
    metadata: {
      cache,
      io: browserUpstreamIo({ fetch: (url, init) => fetch(url, init as never) as unknown as ReturnType<FetchLike>, newAbortController: () => new AbortController() }),
      refuseSource: (source) => browserSourceRefusal(source),
      localSources: false,
    },
    registerLanguageFeatures: registerInHostFeatures,
  };
}
