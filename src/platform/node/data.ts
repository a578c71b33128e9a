/**
 * The bundled data folder (`data/` beside the extension, the CLI, the language server and the
 * GitHub Action) read with Node's fs: the Node side of core/store/bundledData.ts. One BundledData per
 * folder and process, so that each file is read and parsed once whoever asks (CLI scan and lookup,
 * least privilege, the server).
 */
import * as fs from 'fs';
import * as path from 'path';
import { BundledData, type DataFileName, type ReadDataFile } from '../../core/store/bundledData';
import type { ResourceModelLoad } from '../../core/payloads/load';
import type { PermissionStore, StoreOptions } from '../../core/store/store';
import type { PermissionStoreFile } from '../../core/store/storeData';
// The Node hosts' lazily loaded core modules (the YAML scanner): every Node host reads its data here.
import './modules';

/** Reads `dataDir/<name>` as UTF-8; the error names the file. */
export function dataFileReader(dataDir: string): ReadDataFile {
  return (name: DataFileName) => {
    const file = path.join(dataDir, name);
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`cannot read ${file}: ${(e as Error).message}`, { cause: e });
    }
  };
}

const shared = new Map<string, BundledData>();

/** The bundled data of a folder, shared by the whole process (read and parsed once). */
export function bundledData(dataDir: string): BundledData {
  const key = path.resolve(dataDir);
  let d = shared.get(key);
  if (!d) shared.set(key, (d = new BundledData(dataFileReader(dataDir))));
  return d;
}

/**
 * A fresh BundledData for a folder, with a callback when resources.json loads (the editor logs the
 * time it took), which from now on is the one `bundledData(dataDir)` returns: the extension's store
 * service creates it, and Update Metadata, least privilege and the rest of the process share it.
 */
export function hostBundledData(dataDir: string, onResourcesLoad?: (result: ResourceModelLoad) => void): BundledData {
  const d = new BundledData(dataFileReader(dataDir), onResourcesLoad);
  shared.set(path.resolve(dataDir), d);
  return d;
}

/** The bundled permission store of a folder (shared; its path data loads on first need). Throws StoreFormatError. */
export function loadPermissionStore(dataDir: string): PermissionStore {
  return bundledData(dataDir).permissionStore();
}

/** A fresh parse of the bundled permissions.json (the base an upstream import merges over). Throws StoreFormatError. */
export function readBundledFile(dataDir: string): PermissionStoreFile {
  return new BundledData(dataFileReader(dataDir)).storeFile();
}

/** Store options that read the folder's paths.json on first need. */
export function bundledPathData(dataDir: string): StoreOptions {
  return bundledData(dataDir).pathDataOptions();
}
