/** The shared services each feature module receives from activate(). */
import type * as vscode from 'vscode';
import type { FetchImportOptions } from '../core/upstream';
import type { PermissionStore } from '../core/store/store';
import type { PermissionStoreFile } from '../core/store/storeData';
import type { ExplorerSource } from './explorerSource';
import type { MetadataHost } from './host';
import type { LeastPrivilegeAnalysis } from './leastPrivilegeAnalysis';
import type { MetadataSide } from './metadataSide';
import type { DiagnosticFilter } from './shownDiagnostics';
import type { BundledDataOf, StoreService } from './storeService';

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

/**
 * What differs between the extension's two entries (./nodeHost.ts, ./browserHost.ts; the platform
 * parts of Update Metadata in ./host.ts). Declared with the services it creates the language features of.
 */
export interface EditorHost {
  /** The extension's bundled data files (data/), each read and parsed once for the whole extension; `onResourcesLoad` reports resources.json's load. */
  bundledData: BundledDataOf;
  /** The bundled data folder on disk (Node only: Update Metadata and the CLI-style metadata loader read it). */
  readonly dataDir?: string;
  /** What Update Metadata (./metadataUpdate.ts, the same command code in both hosts) gets from the platform. */
  readonly metadata: MetadataHost;
  /**
   * Hover, completion, diagnostics with quick-fixes, code actions and the conversions: through the
   * language server (desktop) or with the service in the extension host (browser). Called before
   * Update Metadata is registered; the store must not be read here (it loads on first use).
   */
  registerLanguageFeatures(services: BaseServices): LanguageFeatures;
  /** A fresh parse of the bundled permissions.json that nobody keeps (desktop: Update Metadata's import base; the extension host keeps no store). */
  readBundledStoreFile?(): PermissionStoreFile;
  /** Loads upstream files from a folder or URL over the bundled store (the hidden test hook); undefined where the host cannot. */
  loadStoreWithMetadata?(source: string, opts: FetchImportOptions): Promise<PermissionStore>;
}
