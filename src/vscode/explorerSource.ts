/**
 * What the explorer's views (All permissions, the Show Permission picker, the workspace inventory,
 * the detail page) and Show Metadata Info ask for, in one small asynchronous interface with two
 * implementations: the language server answers on the desktop (./serverExplorerSource.ts, requests
 * of src/server/explorerProtocol.ts) and the extension host itself in the browser
 * (./inHostExplorerSource.ts). Both answer with the same core functions
 * (src/core/explorer/listing.ts, detail.ts), so the views cannot tell them apart — and the desktop
 * views need no store in the extension host.
 */
import type * as vscode from 'vscode';
import type { DetailModel } from '../core/explorer/detail';
import type { FileReferences, MetadataInfo, PermissionList } from '../core/explorer/listing';
import type { PermissionKey } from '../core/explorer/model';
import type { FileToScan, ResolvePermissionResult } from '../server/explorerProtocol';

export type { FileToScan, ResolvePermissionResult };

export interface ExplorerSource {
  /** Every permission at a risk threshold; `withSearchText` adds what the picker matches words against. */
  permissionList(threshold: number, withSearchText?: boolean): Promise<PermissionList>;
  /** The permission a key names (case-insensitive; `anyApp`: in any resource app when the key's has none). */
  resolve(key: PermissionKey, threshold: number, anyApp?: boolean): Promise<ResolvePermissionResult>;
  /** The detail page's model; undefined when the store does not know the permission. */
  permissionDetail(key: PermissionKey, threshold: number): Promise<DetailModel | undefined>;
  metadataInfo(): Promise<MetadataInfo>;
  /** The known permission references of files, in order. Files without `text` must be ones `readsFile` accepts. */
  fileReferences(files: FileToScan[]): Promise<FileReferences[]>;
  /** Whether `fileReferences` reads this file itself when sent without text (the server reads `file:` URIs from disk). */
  readsFile(uri: vscode.Uri): boolean;
  /** The store in use changed (or the server came back after a restart): lists, pages and inventories are stale. */
  readonly onDidChange: vscode.Event<void>;
}

/** A failed request's reason, for a view's message. */
export function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
