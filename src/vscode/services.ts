/** The shared services each feature module receives from activate(). */
import type * as vscode from 'vscode';
import type { DiagnosticsManager } from './diagnostics';
import type { EditorHost } from './host';
import type { LensService } from './lensService';
import type { StoreService } from './storeService';

export interface Services {
  context: vscode.ExtensionContext;
  /** What differs between the desktop and the browser extension host. */
  host: EditorHost;
  log: vscode.LogOutputChannel;
  stores: StoreService;
  /** The language service every editor feature goes through. */
  lens: LensService;
  diagnostics: DiagnosticsManager;
  /** Document selector of every language the extension reads. */
  selector: vscode.DocumentSelector;
}
