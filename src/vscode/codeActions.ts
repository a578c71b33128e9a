/**
 * Quick-fixes for the rules' diagnostics (keyed on the diagnostic `code`), and refactorings that
 * convert one permission reference between GUID and name.
 */
import * as vscode from 'vscode';
import { acceptsNames, convertOne } from '../core/convert';
import type { TextEdit } from '../core/rules/types';
import { DIAGNOSTIC_SOURCE, type DiagnosticsManager } from './diagnostics';

export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  return we;
}

/** True when the request wants actions of this kind (`context.only` unset, or a parent of it). */
export function wantsKind(context: vscode.CodeActionContext, kind: vscode.CodeActionKind): boolean {
  return !context.only || context.only.contains(kind);
}

export class PermissionCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
  };

  constructor(private readonly diagnostics: DiagnosticsManager) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): vscode.CodeAction[] {
    const result = this.diagnostics.resultFor(doc);
    if (!result || token.isCancellationRequested) return [];
    const actions: vscode.CodeAction[] = [];
    // Only the kinds asked for: VS Code drops (and logs) actions of another kind.
    const quickFixes = wantsKind(context, vscode.CodeActionKind.QuickFix);
    const refactors = wantsKind(context, vscode.CodeActionKind.RefactorRewrite);
    for (const shown of quickFixes ? context.diagnostics : []) {
      // Every rule family the DiagnosticsManager publishes (permission and payload rules).
      if (shown.source !== DIAGNOSTIC_SOURCE || typeof shown.code !== 'string') continue;
      const item = result.items.find((i) => i.core.code === shown.code && i.range.isEqual(shown.range) && i.core.message === shown.message);
      if (!item) continue;
      for (const fix of item.core.fixes) {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(doc, fix.edits);
        a.diagnostics = [shown];
        a.isPreferred = fix.preferred === true;
        actions.push(a);
      }
    }
    // Refactorings on the reference under the cursor.
    const offset = doc.offsetAt(range.start);
    const ref = result.analysis?.references.find((r) => offset >= r.ref.start && offset <= r.ref.end && r.ref.position === 'resourceAccess');
    // Only JSON manifests accept both forms; elsewhere (a Terraform `app_role_ids["…"]`) a GUID would break the lookup.
    if (refactors && ref && result.analysis && result.analysis.format === 'json') {
      if (ref.ref.form === 'guid' && acceptsNames(doc.fileName, result.analysis)) {
        const e = convertOne(ref, 'toNames');
        if (typeof e !== 'string') actions.push(this.refactor(doc, `Convert to permission name '${e.newText}'`, e));
      } else if (ref.ref.form === 'name') {
        const e = convertOne(ref, 'toGuids');
        if (typeof e !== 'string') actions.push(this.refactor(doc, `Convert to permission GUID ${e.newText}`, e));
      }
    }
    return actions;
  }

  private refactor(doc: vscode.TextDocument, title: string, e: TextEdit): vscode.CodeAction {
    const a = new vscode.CodeAction(title, vscode.CodeActionKind.RefactorRewrite);
    a.edit = toWorkspaceEdit(doc, [e]);
    return a;
  }
}
