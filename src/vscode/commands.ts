/** Command handlers (named, registered in extension.ts). */
import * as vscode from 'vscode';
import { acceptsNames, convertAll, type ConvertDirection } from '../core/convert';
import type { AnalysisCache } from './analysisCache';
import { toWorkspaceEdit } from './codeActions';
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

export async function convertPermissions(stores: StoreService, cache: AnalysisCache, direction: ConvertDirection): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const store = stores.get();
  if (!editor || !store) return;
  const doc = editor.document;
  const analysis = cache.get(doc, store);
  if (!analysis || analysis.format !== 'json') {
    void vscode.window.showInformationMessage('Graph Permission Lens: this document is not a JSON file it can read (or it is larger than graphPermissionLens.maxFileSizeKB).');
    return;
  }
  if (direction === 'toNames' && !acceptsNames(doc.fileName, analysis)) {
    void vscode.window.showWarningMessage(
      'Graph Permission Lens: this file looks like an Entra app manifest, which accepts permission GUIDs only. Names are accepted in Teams Toolkit aad.manifest.json files.',
    );
    return;
  }
  const r = convertAll(analysis, direction);
  const what = direction === 'toNames' ? 'names' : 'GUIDs';
  if (r.converted > 0) {
    const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(doc, r.edits));
    if (!ok) {
      void vscode.window.showErrorMessage('Graph Permission Lens: the document changed while converting; nothing was modified. Try again.');
      return;
    }
  }
  const skipped = r.skipped.length ? ` ${r.skipped.length} left as they are: ${[...new Set(r.skipped)].slice(0, 3).join('; ')}.` : '';
  void vscode.window.showInformationMessage(`Graph Permission Lens: converted ${r.converted} permission${r.converted === 1 ? '' : 's'} to ${what}.${skipped}`);
}
