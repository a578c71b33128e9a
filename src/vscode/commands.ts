/** Command handlers of both entries (registered in activate.ts). */
import * as vscode from 'vscode';
import { reasonOf, type ExplorerSource } from './explorerSource';

/** Show Metadata Info: the store in use, as the explorer's source (the language server on the desktop) has it. */
export async function showMetadataInfo(source: ExplorerSource, log: vscode.LogOutputChannel): Promise<void> {
  let info;
  try {
    info = await source.metadataInfo();
  } catch (e) {
    const msg = `Graph Permission Lens could not tell the metadata in use: ${reasonOf(e)}`;
    log.error(msg);
    void vscode.window.showErrorMessage(msg);
    return;
  }
  log.info(`Metadata: ${info.describe} — ${info.countsText}; data of ${info.dataDate}, package built from ${info.sources} on ${info.snapshotDate}`);
  log.show(true);
  void vscode.window.showInformationMessage(`Graph Permission Lens uses ${info.describe}: ${info.countsText}. Data of ${info.dataDate}.`);
}
