/**
 * Loads the metadata store on first use (never in activate) and keeps it. A broken store gives one
 * clear error message and no features, never an exception in a provider. Later features may
 * replace the store at run time (`replace`), which fires `onDidChangeStore`.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { loadPermissionStore } from '../core/loadStore';
import type { PermissionStore } from '../core/store';

export class StoreService implements vscode.Disposable {
  private store: PermissionStore | undefined;
  private failed = false;
  private loader: (() => PermissionStore) | undefined;
  private readonly changed = new vscode.EventEmitter<PermissionStore>();
  /** Fires after `replace` swapped the store in use. */
  readonly onDidChangeStore = this.changed.event;

  constructor(
    readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The folder of the bundled store files. */
  get dataDir(): string {
    return path.join(this.extensionPath, 'data');
  }

  /** How the store is loaded on first use (the upstream cache, when there is one); set before the first get(). */
  setLoader(loader: () => PermissionStore): void {
    this.loader = loader;
  }

  get(): PermissionStore | undefined {
    if (this.store || this.failed) return this.store;
    const t0 = Date.now();
    try {
      this.store = this.loader ? this.loader() : loadPermissionStore(this.dataDir);
      this.log.info(`Loaded ${this.store.describe()}: ${this.store.countsText()} in ${Date.now() - t0} ms`);
    } catch (e) {
      this.failed = true;
      const msg = `Graph Permission Lens could not load its metadata store: ${(e as Error).message}. Hovers and checks are off until the extension is reinstalled.`;
      this.log.error(msg);
      void vscode.window.showErrorMessage(msg);
    }
    return this.store;
  }

  /** Puts another store in use (an upstream update) and tells every listener. */
  replace(store: PermissionStore): void {
    this.store = store;
    this.failed = false;
    this.changed.fire(store);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
