/**
 * The extension host's store (the browser entry's; on the desktop the language server holds it and
 * `get()` is never called). Loads the metadata store on first use (never in activate) and keeps it. A broken store gives one
 * clear error message and no features, never an exception in a provider. Later features may
 * replace the store at run time (`replace`), which fires `onDidChangeStore`.
 *
 * Also the extension's one reader of the bundled data files (`bundled`): the permission store,
 * its path data and the resource types are each read and parsed once, whichever feature asks first
 * (payload checks, the detail page, least privilege).
 */
import * as vscode from 'vscode';
import type { BundledData } from '../core/store/bundledData';
import type { ResourceModelLoad } from '../core/payloads/load';
import type { LazyResourceModel } from '../core/payloads';
import type { PermissionStore } from '../core/store/store';

/** Reads the extension's bundled data files (the host's); `onResourcesLoad` reports resources.json's load. */
export type BundledDataOf = (onResourcesLoad: (result: ResourceModelLoad) => void) => BundledData;

export class StoreService implements vscode.Disposable {
  private store: PermissionStore | undefined;
  private failed = false;
  private loader: (() => PermissionStore) | undefined;
  private readonly changed = new vscode.EventEmitter<PermissionStore>();
  /** Fires after `replace` swapped the store in use. */
  readonly onDidChangeStore = this.changed.event;

  /** The bundled data files (data/), each read and parsed once for the whole extension. */
  readonly bundled: BundledData;

  constructor(
    bundledData: BundledDataOf,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.bundled = bundledData(({ model, error, ms }) => {
      if (model) log.info(`Loaded ${model.typeCount} Graph resource types from ${model.provenance.sources.map((s) => `${s.package}@${s.version}`).join(', ')} in ${ms} ms`);
      else log.error(`Graph Permission Lens could not load its resource types: ${error?.message ?? 'unknown error'}. Payload hovers, payload checks and the detail page's resource tables are off.`);
    });
  }

  /** The Graph resource types (data/resources.json), loaded on first use: payload features and the detail page share them. */
  get resources(): LazyResourceModel {
    return this.bundled.resources;
  }

  /** How the store is loaded on first use (the upstream cache, when there is one); set before the first get(). */
  setLoader(loader: () => PermissionStore): void {
    this.loader = loader;
  }

  /**
   * How many times this extension host built its store (`get()` on first use): 0 for the whole
   * session on the desktop, where the language server holds the store (the hidden command
   * `_graphPermissionLens.extensionHostStore` reports it to the tests).
   */
  get builds(): number {
    return this.built;
  }
  private built = 0;

  /** Whether a store is in use here (built, or put in use by `replace`). */
  get held(): boolean {
    return !!this.store;
  }

  get(): PermissionStore | undefined {
    if (this.store || this.failed) return this.store;
    this.built++;
    const t0 = Date.now();
    try {
      this.store = this.loader ? this.loader() : this.bundled.permissionStore();
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
