/**
 * What the language server and its clients agree on beyond LSP itself: initialization options,
 * the commands it executes, the data a diagnostic carries, and the custom messages between the
 * server and the VS Code client (the metadata in use, skipped documents). Shared by the server,
 * the VS Code client (src/vscode/languageClient.ts) and the tests, so that no side spells a name of
 * its own.
 */
import type { DetailModel } from '../core/explorer/detail';
import { SHOW_PERMISSION_COMMAND } from '../core/explorer/hoverLink';
import type { PermissionStoreFile } from '../core/store/storeData';

/** `initializationOptions` a client may send. All optional. */
export interface InitializationOptions {
  /** Folder holding the bundled store (`permissions.json`, …); default: the server's own `data/`. */
  dataDir?: string;
  /** Upstream metadata to use instead of the bundled store: a folder, `file:` URL or http(s) URL. */
  metadata?: string;
  /**
   * The client owns the metadata in use (VS Code: the Update Metadata cache, its settings and
   * commands): on first use the server asks it with `MetadataRequest` instead of reading `metadata`,
   * and follows `MetadataChangedNotification`. Default false.
   */
  metadataFromClient?: boolean;
  /** Settings for clients without `workspace/configuration` (same shape as the `graphPermissionLens` section). */
  settings?: unknown;
  /**
   * Least privilege of the workspace folders, pushed with each file's diagnostics. Default true; the
   * VS Code extension sends false because it runs least privilege itself (its report and workspace view).
   */
  leastPrivilege?: boolean;
  /** The client runs `command:` links in hovers (VS Code does). Default false. */
  commandLinks?: boolean;
  /**
   * The client registers the `Commands` itself (VS Code: they must exist before the server has
   * started, being contributed in package.json) and sends `workspace/executeCommand` for them; the
   * server then does not advertise them, so that the client does not register them a second time.
   * Default false: they are advertised in `executeCommandProvider`.
   */
  clientCommands?: boolean;
}

/** Commands of `workspace/executeCommand`; each takes the document URI as its one argument. */
export const Commands = {
  convertGuidsToNames: 'graphPermissionLens.convertGuidsToNames',
  convertNamesToGuids: 'graphPermissionLens.convertNamesToGuids',
} as const;

/** What `workspace/executeCommand` of a conversion returns. */
export interface CommandResult {
  ok: boolean;
  message: string;
}

/** The commands a hover's `command:` links may run (with `commandLinks`); a client trusts these and no other. */
export const HOVER_LINK_COMMANDS: readonly string[] = [SHOW_PERMISSION_COMMAND];

/**
 * `Diagnostic.data`: which diagnostic of which document version, so that code actions find its
 * fixes; `epoch` counts the server's store and settings changes (an older diagnostic's id may name
 * another diagnostic now). Least-privilege findings (ids starting with `lp`) are about a folder, not
 * an edit: their fixes are offered while the file is still the text they were found in, whatever the
 * version.
 */
export interface DiagnosticData {
  id: string;
  version: number;
  epoch?: number;
}

/** The metadata in use: an upstream store (as built by the importer), or none for the bundled store of `dataDir`. */
export interface MetadataInUse {
  store?: PermissionStoreFile;
}

/** Server → client request (with `metadataFromClient`), no params: the metadata the client uses now. */
export const MetadataRequest = 'graphPermissionLens/metadata';
/** Client → server notification (`MetadataInUse`): another store is in use (Update Metadata, Use Bundled Metadata). */
export const MetadataChangedNotification = 'graphPermissionLens/didChangeMetadata';

/** Server → client notification: a document the server reads was not analysed (size limit, binary). */
export const DocumentSkippedNotification = 'graphPermissionLens/documentSkipped';
export interface DocumentSkippedParams {
  uri: string;
  /** e.g. `6000 KiB, over the limit of 5120 KiB` or `looks binary`. */
  why: string;
}

/**
 * Client → server request (`PermissionDetailParams`): the detail page's model of a permission from
 * the server's store (`PermissionDetailResult`: plain data, the same the browser entry computes in
 * the extension host with core/explorer/detail.ts `permissionDetail`), or null when the store does
 * not know it.
 */
export const PermissionDetailRequest = 'graphPermissionLens/permissionDetail';
export interface PermissionDetailParams {
  name: string;
  resourceAppId: string;
  /** The risk threshold the high-privilege marks follow (`highPrivilege.riskThreshold`). */
  threshold: number;
}
export type PermissionDetailResult = DetailModel | null;

/** The configuration section read through `workspace/configuration`. */
export const CONFIGURATION_SECTION = 'graphPermissionLens';

export const SERVER_NAME = 'Graph Permission Lens';

// ---- The explorer's requests (views of the VS Code client): ./explorerProtocol.ts ----
export * from './explorerProtocol';
