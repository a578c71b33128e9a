/**
 * What the language server and its clients agree on beyond LSP itself: initialization options,
 * the commands it executes, the data a diagnostic carries, and the custom messages between the
 * server and the VS Code client (the metadata in use, skipped documents, the detail page, the
 * least-privilege report). Shared by the server,
 * the VS Code client (src/vscode/languageClient.ts) and the tests, so that no side spells a name of
 * its own.
 */
import type { DetailModel } from '../core/explorer/detail';
import { SHOW_PERMISSION_COMMAND } from '../core/explorer/hoverLink';
import type { MetadataInfo } from '../core/explorer/listing';
import type { PermissionStoreFile } from '../core/store/storeData';
import type { CacheMeta, CacheVersion } from '../core/upstream/cache';
import type { StoreDiff } from '../core/upstream/diff';

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
   * Least privilege of the workspace folders, pushed with each file's diagnostics. Default true (the
   * VS Code extension too: its report page asks with `LeastPrivilegeReportRequest`); false for a
   * client that runs it itself.
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
 * version, and after a store or settings change until their folder is analysed again (the epoch
 * names the run).
 */
export interface DiagnosticData {
  id: string;
  version: number;
  epoch?: number;
}

/**
 * The metadata in use: the folder of the client's Update Metadata cache, which the server reads
 * itself (the VS Code desktop client: its `current` download, else `previous`, else the bundled
 * store; the server tells which with `MetadataLoadedNotification`); an upstream store as built by the
 * importer (the test hook); or neither for the bundled store of `dataDir`.
 */
export interface MetadataInUse {
  store?: PermissionStoreFile;
  /** The cache folder on disk (src/platform/node/metadataCache.ts `UpstreamCache`). */
  cacheDir?: string;
}

/** Server → client request (with `metadataFromClient`), no params: the metadata the client uses now. */
export const MetadataRequest = 'graphPermissionLens/metadata';
/** Client → server notification (`MetadataInUse`): another store is in use (Update Metadata, Use Bundled Metadata). */
export const MetadataChangedNotification = 'graphPermissionLens/didChangeMetadata';

// ---- The metadata cache read by the server (the VS Code desktop client builds no store) ----

/**
 * Server → client notification (`MetadataLoadedParams`), after the server read the client's cache
 * (`MetadataInUse.cacheDir`): which version it uses and, when a version was unusable (set aside), the
 * one sentence to show the user.
 */
export const MetadataLoadedNotification = 'graphPermissionLens/didLoadMetadata';
export interface MetadataLoadedParams {
  which?: CacheVersion;
  /** The meta record of the version in use (its download date and source, for the status bar). */
  meta?: CacheMeta;
  problem?: string;
}

/**
 * Client → server request (`MetadataInUse`): put this metadata in use now (Update Metadata, Use
 * Bundled Metadata, the test hook) and answer with what changed (`UseMetadataResult`), the diff
 * computed by the server between its store before and after — so that the client needs neither.
 * The same effect as `MetadataChangedNotification`, with an answer.
 */
export const UseMetadataRequest = 'graphPermissionLens/useMetadata';
export interface UseMetadataResult {
  /** Null when the server had no store before (it did not load). */
  diff: StoreDiff | null;
  /** What is in use now; null when the new store did not load (`error` says why; the server keeps none). */
  info: MetadataInfo | null;
  error?: string;
}

// ---- end of the metadata cache block ----

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

// ------------------------------------------------------------------------------------------------
// Least privilege for the VS Code client's report page (src/vscode/leastPrivilegeClient.ts; the
// server side is ./leastPrivilege.ts). The findings themselves travel as diagnostics, their
// quick-fixes as code actions, like every other diagnostic's.

export type { LeastPrivilegeReportModel, ReportApp, ReportAppData, ReportFinding, ReportFindingRef, ReportFolder } from '../core/service/leastPrivilegeReport';

/**
 * Client → server request (`LeastPrivilegeReportParams`): the least-privilege report of the
 * workspace folders (`LeastPrivilegeReportModel`: plain data, the same the browser entry builds in
 * the extension host; its Markdown is what the CLI's `least-privilege` prints). With `refresh`, every
 * folder is analysed now (and its findings pushed); without, the last analysis of each folder is
 * returned (a folder not analysed yet is analysed). Null when the server has no store.
 */
export const LeastPrivilegeReportRequest = 'graphPermissionLens/leastPrivilegeReport';
export interface LeastPrivilegeReportParams {
  refresh?: boolean;
}

/**
 * Client → server request (`LeastPrivilegeFixParams`): the edit of one fix of one finding (its
 * index in the finding's fixes, as the report shows them), computed on the text the client sends —
 * `{ changed: true }` when that text is not the one analysed (the file changed since the report).
 */
export const LeastPrivilegeFixRequest = 'graphPermissionLens/leastPrivilegeFix';
export interface LeastPrivilegeFixParams {
  uri: string;
  /** The finding's id (`ReportFindingRef.id`). */
  id: string;
  fix: number;
  /** The fix's title as the report shows it (no edit when the finding's fix at that index is another one now). */
  title?: string;
  /** The document's text in the client now (the edit's positions refer to it). */
  text: string;
}
/** LSP `TextEdit`s (positions in UTF-16 code units of the text sent). */
export type LeastPrivilegeFixResult = { title: string; edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[] } | { changed: true };

/** Server → client notification, no params: a folder's least-privilege results changed (an open report page asks again, without `refresh`). */
export const LeastPrivilegeChangedNotification = 'graphPermissionLens/didChangeLeastPrivilege';

/** A least-privilege finding's diagnostic (its data's id starts with `lp`): about the folder, shown whether or not the file is open in an editor. */
export function isLeastPrivilegeData(data: unknown): boolean {
  return !!data && typeof data === 'object' && typeof (data as { id?: unknown }).id === 'string' && (data as { id: string }).id.startsWith('lp');
}

// ---- The explorer's requests (views of the VS Code client): ./explorerProtocol.ts ----
export * from './explorerProtocol';

// ------------------------------------------------------------------------------------------------
// Least privilege of workspace folders that are not on disk (a remote repository opened without a
// clone, any file system provider): the server reads `file:` folders itself; the others it asks the
// client for, when the client says it can (`readsFolders`).

export interface InitializationOptions {
  /**
   * The client answers `ReadFolderRequest` (VS Code: through `workspace.fs`), so that least privilege
   * also covers workspace folders that are not `file:` URIs. Default false: such folders are named
   * in the report as not read.
   */
  readsFolders?: boolean;
}

/**
 * Server → client request (`ReadFolderParams`, with `readsFolders`): the files least privilege reads
 * in a workspace folder (`ReadFolderResult`), gathered by the client as its own least privilege
 * would: files.exclude / search.exclude, the dependency and build folders skipped, files over
 * `maxFileSizeKB` or binary skipped. The server puts its open documents' text over the files sent.
 */
export const ReadFolderRequest = 'graphPermissionLens/readFolder';
export interface ReadFolderParams {
  folderUri: string;
  maxFileSizeKB: number;
}
export interface ReadFolderResult {
  /** The usage files (manifests and code): their URI, path relative to the folder (`/`), and text. */
  files: { uri: string; path: string; text: string }[];
  /** Every file path in the folder, relative with `/` (project files decide app boundaries). */
  allPaths: string[];
  /** Usage files skipped as binary or oversized. */
  skipped: number;
}
