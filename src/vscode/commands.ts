/** Command handlers of both entries (registered in activate.ts). */
import * as vscode from 'vscode';
import type { StoreService } from './storeService';

export function showMetadataInfo(stores: StoreService, log: vscode.LogOutputChannel): void {
  const store = stores.get();
  if (!store) return;
  const p = store.provenance;
  const sources = p.sources.map((s) => `${s.package}@${s.version}`).join(', ');
  log.info(`Metadata: ${store.describe()} — ${store.countsText()}; data of ${store.dataDate}, package built from ${sources} on ${p.snapshotDate}`);
  log.show(true);
  void vscode.window.showInformationMessage(`Graph Permission Lens uses ${store.describe()}: ${store.countsText()}. Data of ${store.dataDate}.`);
}
