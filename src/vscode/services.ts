/** The shared services each feature module receives from activate(). */
import type * as vscode from 'vscode';
import type { ExplorerSource } from './explorerSource';
import type { EditorHost } from './host';
import type { LeastPrivilegeAnalysis } from './leastPrivilegeFeature';
import type { MetadataSide } from './metadataSide';
import type { DiagnosticFilter } from './shownDiagnostics';
import type { StoreService } from './storeService';

/** The permission diagnostics as other features see them, wherever they are computed (the language server, or the extension host). */
export interface DiagnosticsHub {
  /**
   * Adds a filter: diagnostics for which it returns false are not shown (nor their fixes offered).
   * `start` is the diagnostic's offset in the document. Call `revalidate` when its answer changes.
   */
  addFilter(keep: DiagnosticFilter): vscode.Disposable;
  /** Applies the filters again to one document's diagnostics (a filter's answer changed). */
  revalidate(uri: vscode.Uri): void;
}

/** What every feature gets; the language features (hover, completion, diagnostics, code actions) come from the host. */
export interface BaseServices {
  context: vscode.ExtensionContext;
  /** What differs between the desktop and the browser extension host. */
  host: EditorHost;
  log: vscode.LogOutputChannel;
  stores: StoreService;
  /** Document selector of every language the extension reads. */
  selector: vscode.DocumentSelector;
}

/** What the host's language features give the other features. */
export interface LanguageFeatures {
  diagnostics: DiagnosticsHub;
  /** What the explorer's views ask (./explorerSource.ts): the language server on the desktop, the extension host in the browser. */
  explorerData: ExplorerSource;
  /** Least privilege: the language server's (desktop) or the extension host's (browser); the report page asks it. */
  leastPrivilege: LeastPrivilegeAnalysis;
  /** Where the store in use lives, for Update Metadata and the test hook: the language server (desktop) or the extension host (browser). */
  metadata: MetadataSide;
}

export interface Services extends BaseServices, LanguageFeatures {}
