/** Reads the store files from a folder (the extension's or the CLI's `data/`). */
import * as fs from 'fs';
import * as path from 'path';
import { PermissionStore, StoreFormatError } from './store';

export function loadPermissionStore(dataDir: string): PermissionStore {
  const file = path.join(dataDir, 'permissions.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new StoreFormatError(`cannot read the permission store ${file}: ${(e as Error).message}`);
  }
  return PermissionStore.fromJson(text);
}
