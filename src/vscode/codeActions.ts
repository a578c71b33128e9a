/**
 * Code-action helpers every host's features share (least privilege, the report page, the in-host
 * provider): core edits as a WorkspaceEdit, and whether a request wants a kind. The in-host
 * provider of the language service's actions is ./codeActionProvider.ts, kept apart so that the
 * desktop bundle, which gets its code actions from the language server, does not carry it.
 */
import * as vscode from 'vscode';
import type { TextEdit } from '../core/rules/types';

export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  return we;
}

/** True when the request wants actions of this kind (`context.only` unset, or a parent of it). */
export function wantsKind(context: vscode.CodeActionContext, kind: vscode.CodeActionKind): boolean {
  return !context.only || context.only.contains(kind);
}
