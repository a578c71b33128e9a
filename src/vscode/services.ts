/** The shared services each feature module receives from activate(). */
import type * as vscode from 'vscode';
import type { DiagnosticsManager } from './diagnostics';
import type { LensService } from './lensService';
import type { StoreService } from './storeService';

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  stores: StoreService;
  /** The language service every editor feature goes through. */
  lens: LensService;
  diagnostics: DiagnosticsManager;
  /** Document selector of every language the extension reads. */
  selector: vscode.DocumentSelector;
}
