/**
 * The desktop extension host (Node): the bundled data folder and the metadata cache read with fs,
 * downloads with Node's http(s) (src/platform/node); the language features from the language server
 * (dist/server.js).
 */
import * as path from 'path';
import type * as vscode from 'vscode';
import { hostBundledData, readBundledFile } from '../platform/node/data';
import { loadStoreWithMetadata, nodeUpstreamIo, sourceInsideFolders, UpstreamCache } from '../platform/node/upstream';
import type { EditorHost } from './services';
import { registerServerFeatures } from './languageClient';

/** `globalStorageUri`: the extension's storage (the metadata cache goes into its `upstream` folder when it is on disk). */
export function nodeHost(extensionPath: string, globalStorageUri?: vscode.Uri): EditorHost {
  const dataDir = path.join(extensionPath, 'data');
  const cache = globalStorageUri?.scheme === 'file' ? new UpstreamCache(path.join(globalStorageUri.fsPath, 'upstream')) : undefined;
  return {
    dataDir,
    bundledData: (onResourcesLoad) => hostBundledData(dataDir, onResourcesLoad),
    metadata: {
      cache,
      io: nodeUpstreamIo,
      // In an untrusted window nothing is read from the workspace (relative paths are refused everywhere).
      refuseSource: (source, untrustedFolders) => (untrustedFolders ? sourceInsideFolders(source, untrustedFolders) : undefined),
      localSources: true,
    },
    registerLanguageFeatures: (services) => registerServerFeatures(services, path.join(extensionPath, 'dist', 'server.js'), dataDir),
    readBundledStoreFile: () => readBundledFile(dataDir),
    loadStoreWithMetadata: (source, opts) => loadStoreWithMetadata(dataDir, source, opts),
  };
}
