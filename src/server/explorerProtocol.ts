/**
 * The explorer's requests (re-exported by ./protocol.ts, the one protocol file): what the VS Code
 * client's views — All permissions, the Show Permission picker, the workspace inventory, the detail
 * page, Show Metadata Info — ask the language server, so that the client needs no store of its own
 * for them. Every answer is plain data computed by src/core/explorer/listing.ts, the functions the
 * browser entry calls in the extension host; the server's handlers are ./explorerHandlers.ts.
 *
 * A request the server cannot answer because its store did not load fails with a ResponseError
 * whose message says why (the views show it).
 */
import type { FileReferences, MetadataInfo, PermissionList, ExplorerEntry } from '../core/explorer/listing';

export type { ExplorerEntry, FileReferences, MetadataInfo, PermissionList };

/** Client → server (`PermissionListParams`): every permission of the store (`PermissionList`). */
export const PermissionListRequest = 'graphPermissionLens/permissionList';
export interface PermissionListParams {
  /** The risk threshold the high-privilege marks follow (`highPrivilege.riskThreshold`). */
  threshold: number;
  /** With each entry's display texts and descriptions (the picker matches words in them). */
  withSearchText?: boolean;
}
export type PermissionListResult = PermissionList;

/** Client → server (`ResolvePermissionParams`): the permission a command argument names (`ResolvePermissionResult`). */
export const ResolvePermissionRequest = 'graphPermissionLens/resolvePermission';
export interface ResolvePermissionParams {
  name: string;
  resourceAppId: string;
  threshold: number;
  /** Look in every resource app when the key's does not have the name (a page restored from its title). */
  anyApp?: boolean;
}
export interface ResolvePermissionResult {
  /** Null when the store does not know it. */
  entry: ExplorerEntry | null;
  /** The store, for the message: "Foo is not in the bundled metadata (…)". */
  source: string;
}

/** Client → server, no params: the metadata in use (`MetadataInfo`). */
export const MetadataInfoRequest = 'graphPermissionLens/metadataInfo';
export type MetadataInfoResult = MetadataInfo;

/**
 * Client → server (`FileReferencesParams`): the known permission references of files, for the
 * workspace inventory (`FileReferencesResult`, one per file, in order). A file sent without `text`
 * is read by the server from disk (`file:` URIs only); the client sends the text of open editors
 * (their unsaved text wins) and of files on other file systems, which it reads itself.
 */
export const FileReferencesRequest = 'graphPermissionLens/fileReferences';
export interface FileToScan {
  uri: string;
  text?: string;
  /** `maxFileSizeKB` for this file: larger files are not read. */
  maxFileSizeKB: number;
}
export interface FileReferencesParams {
  files: FileToScan[];
}
export interface FileReferencesResult {
  files: FileReferences[];
}

/**
 * Server → client notification, no params: the server's store changed (the client's metadata put in
 * use, or loaded after a failure); every list, page and inventory the client holds is stale.
 */
export const StoreChangedNotification = 'graphPermissionLens/didChangeStore';
