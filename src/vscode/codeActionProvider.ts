/**
 * Code actions from the language service with the service in the extension host (the browser
 * entry, ./inHostFeatures.ts; the desktop gets them from the language server): the quick-fixes of
 * the diagnostics shown (each VS Code diagnostic carries the service's id for it, see
 * diagnostics.ts `dataOf`), and the refactorings that convert one permission reference between
 * GUID and name.
 */
import * as vscode from 'vscode';
import type { ServiceCodeAction } from '../core/service';
import { toWorkspaceEdit, wantsKind } from './codeActions';
import type { DiagnosticsManager } from './diagnostics';
import type { LensService } from './lensService';

export class PermissionCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
  };

  constructor(
    private readonly lens: LensService,
    private readonly diagnostics: DiagnosticsManager,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): vscode.CodeAction[] {
    // Only the kinds asked for: VS Code drops (and logs) actions of another kind.
    const only: ServiceCodeAction['kind'][] = [];
    if (wantsKind(context, vscode.CodeActionKind.QuickFix)) only.push('quickfix');
    if (wantsKind(context, vscode.CodeActionKind.RefactorRewrite)) only.push('refactor.rewrite');
    if (only.length === 0 || token.isCancellationRequested) return [];
    const service = this.lens.service;
    const ids: string[] = [];
    const shownById = new Map<string, vscode.Diagnostic>();
    for (const shown of only.includes('quickfix') ? context.diagnostics : []) {
      // Published by the DiagnosticsManager for this very version and service (store and settings).
      const data = this.diagnostics.dataOf(shown);
      if (!data || data.service !== service || data.version !== doc.version) continue;
      ids.push(data.id);
      shownById.set(data.id, shown);
    }
    let found: ServiceCodeAction[];
    try {
      found = this.lens.codeActions(service, doc, doc.offsetAt(range.start), ids, only);
    } catch (e) {
      // A bug in a scanner or rule must not surface as an error in the extension host.
      this.log.error(`code actions on ${doc.uri.toString(true)} failed: ${(e as Error).stack ?? String(e)}`);
      return [];
    }
    if (token.isCancellationRequested) return [];
    return found.map((f) => {
      const a = new vscode.CodeAction(f.title, f.kind === 'quickfix' ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite);
      a.edit = toWorkspaceEdit(doc, f.edits);
      if (f.kind === 'quickfix') {
        const shown = f.diagnosticId ? shownById.get(f.diagnosticId) : undefined;
        if (shown) a.diagnostics = [shown];
        a.isPreferred = f.preferred === true;
      }
      return a;
    });
  }
}
