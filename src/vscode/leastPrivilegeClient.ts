/**
 * Least privilege on the desktop, from the language server (src/server/leastPrivilege.ts): the
 * server analyses the workspace folders and pushes the findings with each file's diagnostics (their
 * quick-fixes come with its code actions, the `broader-than-sibling` heuristic steps back where it
 * knows the usage); this client side answers the report page (./leastPrivilegeFeature.ts) through
 * the custom requests of src/server/protocol.ts — the report model, a finding's fix — and follows
 * the server's notification that results changed.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { LeastPrivilegeReportModel } from '../core/service/leastPrivilegeReport';
import {
  LeastPrivilegeChangedNotification,
  LeastPrivilegeFixRequest,
  LeastPrivilegeReportRequest,
  type LeastPrivilegeFixParams,
  type LeastPrivilegeFixResult,
  type LeastPrivilegeReportParams,
} from '../server/protocol';
import type { LeastPrivilegeAnalysis } from './leastPrivilegeAnalysis';

/** The server's least privilege as the report page sees it; `started` resolves when the server is ready (again after a restart). */
export function leastPrivilegeClient(client: LanguageClient, started: () => Promise<void>, subscriptions: vscode.Disposable[]): LeastPrivilegeAnalysis {
  const changed = new vscode.EventEmitter<void>();
  subscriptions.push(changed);
  // Registered before the start: the client keeps the handler across restarts.
  client.onNotification(LeastPrivilegeChangedNotification, () => changed.fire());
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
