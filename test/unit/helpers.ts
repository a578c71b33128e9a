import * as fs from 'fs';
import * as path from 'path';
import { loadPermissionStore } from '../../src/platform/node/data';
import type { PermissionStore } from '../../src/core/store/store';

/** The project root, from out/test/unit (compiled) or test/unit (source). */
export const ROOT = path.resolve(__dirname, '..', '..', fs.existsSync(path.join(__dirname, '..', '..', 'package.json')) ? '' : '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const SHARED_UPSTREAM = path.resolve(ROOT, '..', 'shared', 'upstream');

let store: PermissionStore | undefined;
/** The bundled store from data/, loaded once for all tests. */
export function bundledStore(): PermissionStore {
  return (store ??= loadPermissionStore(path.join(ROOT, 'data')));
}

export function fixture(...parts: string[]): string {
  return fs.readFileSync(path.join(FIXTURES, ...parts), 'utf8');
}

/** Offset of the n-th (0-based) occurrence of `needle` in `text`; throws when absent. */
export function offsetOf(text: string, needle: string, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`'${needle}' (#${nth}) not in text`);
  }
  return i;
}
