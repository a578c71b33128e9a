/**
 * The desktop extension host (Node): the bundled data folder and the metadata cache read with fs
 * (src/platform/node); the language features from the language server (dist/server.js).
 */
import * as path from 'path';
import { hostBundledData } from '../platform/node/data';
import { loadStoreWithMetadata } from '../platform/node/upstream';
import type { EditorHost } from './host';
import { registerServerFeatures } from './languageClient';
import { registerMetadataUpdate } from './metadataUpdate';

export function nodeHost(extensionPath: string): EditorHost {
  const dataDir = path.join(extensionPath, 'data');
  return {
    dataDir,
    bundledData: (onResourcesLoad) => hostBundledData(dataDir, onResourcesLoad),
    registerLanguageFeatures: (services) => registerServerFeatures(services, path.join(extensionPath, 'dist', 'server.js'), dataDir),
    registerMetadataUpdate,
    loadStoreWithMetadata: (source, opts) => loadStoreWithMetadata(dataDir, source, opts),
  };
}
