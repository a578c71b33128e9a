/** The desktop extension host (Node): the bundled data folder and the metadata cache read with fs (src/platform/node). */
import * as path from 'path';
import { hostBundledData } from '../platform/node/data';
import { loadStoreWithMetadata } from '../platform/node/upstream';
import type { EditorHost } from './host';
import { registerMetadataUpdate } from './metadataUpdate';

export function nodeHost(extensionPath: string): EditorHost {
  const dataDir = path.join(extensionPath, 'data');
  return {
    dataDir,
    bundledData: (onResourcesLoad) => hostBundledData(dataDir, onResourcesLoad),
    registerMetadataUpdate,
    loadStoreWithMetadata: (source, opts) => loadStoreWithMetadata(dataDir, source, opts),
  };
}
