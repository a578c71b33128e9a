/**
 * Loads the metadata store on first use (never in activate) and keeps it. A broken store gives one
 * clear error message and no features, never an exception in a provider.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { loadPermissionStore } from '../core/loadStore';
import type { PermissionStore } from '../core/store';

export class StoreService {
  private store: PermissionStore | undefined;
  private failed = false;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get(): PermissionStore | undefined {
    if (this.store || this.failed) return this.store;
    const t0 = Date.now();
    try {
      this.store = loadPermissionStore(path.join(this.extensionPath, 'data'));
      this.log.info(`Loaded ${this.store.size} permissions from ${this.store.describe()} in ${Date.now() - t0} ms`);
    } catch (e) {
      this.failed = true;
      const msg = `Graph Permission Lens could not load its metadata store: ${(e as Error).message}. Hovers are off until the extension is reinstalled.`;
      this.log.error(msg);
      void vscode.window.showErrorMessage(msg);
    }
    return this.store;
  }
}
