/**
 * Least privilege on the desktop, from the language server (src/server/leastPrivilege.ts): the
 * server analyses the workspace folders and pushes the findings with each file's diagnostics (their
 * quick-fixes come with its code actions, the `broader-than-sibling` heuristic steps back where it
 * knows the usage); this client side answers the report page (./leastPrivilegeFeature.ts) through
 * the custom requests of src/server/protocol.ts — the report model, a finding's fix — and follows
 * the server's notification that results changed. It also reads, for the server, the workspace
 * folders that are not on disk (`ReadFolderRequest`: a remote repository opened without a clone,
 * any file system provider), through `workspace.fs` as the browser entry's least privilege does
 * (./folderFiles.ts).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DEFAULT_SETTINGS } from '../core/service/settings';
import { FolderReader } from './folderFiles';
import type { LeastPrivilegeReportModel } from '../core/service/leastPrivilegeReport';
import {
  LeastPrivilegeChangedNotification,
  LeastPrivilegeFixRequest,
  LeastPrivilegeReportRequest,
  type LeastPrivilegeFixParams,
  type LeastPrivilegeFixResult,
  type LeastPrivilegeReportParams,
  ReadFolderRequest,
  type ReadFolderParams,
  type ReadFolderResult,
} from '../server/protocol';
import type { LeastPrivilegeAnalysis } from './leastPrivilegeAnalysis';

/** The server's least privilege as the report page sees it; `started` resolves when the server is ready (again after a restart). */
export function leastPrivilegeClient(client: LanguageClient, started: () => Promise<void>, subscriptions: vscode.Disposable[], warn: (message: string) => void): LeastPrivilegeAnalysis {
  const changed = new vscode.EventEmitter<void>();
  subscriptions.push(changed);
  // Registered before the start: the client keeps the handlers across restarts.
  client.onNotification(LeastPrivilegeChangedNotification, () => changed.fire());
  const reader = new FolderReader(warn);
  client.onRequest(ReadFolderRequest, (p: ReadFolderParams, token: vscode.CancellationToken) => readFolder(reader, p, token));
  return {
    onDidChange: changed.event,
    async report(refresh) {
      await started();
      return (await client.sendRequest<LeastPrivilegeReportModel | null>(LeastPrivilegeReportRequest, { refresh } satisfies LeastPrivilegeReportParams)) ?? undefined;
    },
    async fix(doc, finding, fix, title) {
      await started();
      const version = doc.version;
      const r = await client.sendRequest<LeastPrivilegeFixResult>(LeastPrivilegeFixRequest, { uri: finding.uri, id: finding.id, fix, title, text: doc.getText() } satisfies LeastPrivilegeFixParams);
      // Edited while the server computed the fix: its positions refer to the text sent.
      if ('changed' in r || doc.version !== version) return 'changed';
      const edit = new vscode.WorkspaceEdit();
      for (const e of r.edits) edit.replace(doc.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
      return { title: r.title, edit };
    },
  };
}

/** Answers `ReadFolderRequest`: the files of a workspace folder (no other folder is read for the server). */
async function readFolder(reader: FolderReader, p: ReadFolderParams, token: vscode.CancellationToken): Promise<ReadFolderResult> {
  const uri = typeof p?.folderUri === 'string' ? vscode.Uri.parse(p.folderUri) : undefined;
  const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
  if (!uri || !folder || folder.uri.toString() !== uri.toString()) throw new Error(`not a workspace folder: ${String(p?.folderUri)}`);
  const kb = typeof p.maxFileSizeKB === 'number' && p.maxFileSizeKB > 0 ? p.maxFileSizeKB : DEFAULT_SETTINGS.maxFileSizeKB;
  const { files, allPaths, skipped } = await reader.read(folder.uri, kb * 1024, token);
  return { files: files.map((f) => ({ uri: f.uri, path: f.path, text: f.text })), allPaths, skipped };
}
