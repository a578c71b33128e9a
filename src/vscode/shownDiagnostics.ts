/**
 * What both diagnostics publishers share — the language client's (./languageClient.ts) and the
 * in-host one (./diagnostics.ts): the filters other features add, and when a document counts as
 * closed for its diagnostics.
 */
import * as vscode from 'vscode';

/** False: the diagnostic is not shown (nor its fixes offered). `start` is its offset in the document. */
export type DiagnosticFilter = (doc: vscode.TextDocument, d: { code: string; start: number }) => boolean;

/** The filters other features add (DiagnosticsHub.addFilter). */
export class DiagnosticFilters {
  private readonly list: DiagnosticFilter[] = [];

  get empty(): boolean {
    return this.list.length === 0;
  }

  add(keep: DiagnosticFilter): vscode.Disposable {
    this.list.push(keep);
    return new vscode.Disposable(() => {
      const i = this.list.indexOf(keep);
      if (i >= 0) this.list.splice(i, 1);
    });
  }

  keeps(doc: vscode.TextDocument, d: { code: string; start: number }): boolean {
    return this.list.every((keep) => keep(doc, d));
  }
}

/**
 * The document model can outlive its editor for minutes: closing the last tab is what users mean
 * by "close". Calls `onClosed` once a document's last tab closed and no editor shows it. Tab and
 * visible-editor events arrive in either order: call `reconcile` on visible-editor changes too.
 */
export class ClosedTabs implements vscode.Disposable {
  private readonly closing = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly onClosed: (uri: vscode.Uri) => void) {
    this.subscription = vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const t of e.closed) if (t.input instanceof vscode.TabInputText) this.closing.add(t.input.uri.toString());
      this.reconcile();
    });
  }

  reconcile(): void {
    if (this.closing.size === 0) return;
    const inTabs = new Set<string>();
    for (const g of vscode.window.tabGroups.all) for (const t of g.tabs) if (t.input instanceof vscode.TabInputText) inTabs.add(t.input.uri.toString());
    const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
    for (const key of [...this.closing]) {
      if (inTabs.has(key)) this.closing.delete(key);
      else if (!visible.has(key)) {
        this.closing.delete(key);
        this.onClosed(vscode.Uri.parse(key));
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
