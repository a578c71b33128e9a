/**
 * Reads the store files from a folder (the extension's or the CLI's `data/`): the file-reading edge
 * of the store. `permissions.json` is read now; `paths.json` (the Graph methods per permission)
 * only when a feature first needs it. Parsing and decoding are pure (store.ts, pathData.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { PermissionStore, StoreFormatError, type StoreOptions } from './store';
import type { PermissionStoreFile } from './storeData';

/** The bundled path data file of a data folder, read on first need. Throws when it cannot be read. */
export function bundledPathData(dataDir: string): StoreOptions {
  const file = path.join(dataDir, 'paths.json');
  return {
    pathData: () => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new Error(`cannot read ${file}: ${(e as Error).message}`, { cause: e });
      }
    },
  };
}

function readStoreText(dataDir: string): string {
  const file = path.join(dataDir, 'permissions.json');
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new StoreFormatError(`cannot read the permission store ${file}: ${(e as Error).message}`);
  }
}

/** Reads and validates the bundled store file's data (data/permissions.json). Throws StoreFormatError. */
export function readBundledFile(dataDir: string): PermissionStoreFile {
  return PermissionStore.parseFile(readStoreText(dataDir));
}

export function loadPermissionStore(dataDir: string): PermissionStore {
  return PermissionStore.fromJson(readStoreText(dataDir), bundledPathData(dataDir));
}
