/** Command handlers (named, registered in extension.ts). */
import * as vscode from 'vscode';
import type { ConvertDirection } from '../core/permissions/convert';
import { toWorkspaceEdit } from './codeActions';
import type { LensService } from './lensService';
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

export async function convertPermissions(lens: LensService, direction: ConvertDirection): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const r = lens.convert(doc, direction);
  if (!r.ok) {
    // Refused on a JSON document it reads (an Entra manifest takes GUIDs only) is a warning; not readable at all, information.
    const readable = lens.service.parse(lens.document(doc), lens.settings(doc)).analysis?.format === 'json';
    const show = readable ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Graph Permission Lens: ${r.message}`);
    return;
  }
  if (r.converted > 0) {
    const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(doc, r.edits));
    if (!ok) {
      void vscode.window.showErrorMessage('Graph Permission Lens: the document changed while converting; nothing was modified. Try again.');
      return;
    }
  }
  void vscode.window.showInformationMessage(`Graph Permission Lens: ${r.message}`);
}
