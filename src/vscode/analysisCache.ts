/**
 * Per-document analysis, computed once per document version and dropped when the document closes,
 * so that hovers (and later diagnostics) never re-parse an unchanged document.
 */
import * as vscode from 'vscode';
import { analyzeText, formatOf, type Analysis } from '../core/analyze';
import type { PermissionStore } from '../core/store';
import { readConfig } from './config';

interface Entry {
  version: number;
  analysis: Analysis | undefined;
}

export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly subscription: vscode.Disposable;
  private noticeShown = false;

  constructor() {
    this.subscription = vscode.workspace.onDidCloseTextDocument((doc) => this.entries.delete(doc.uri.toString()));
  }

  /** The analysis of a supported document, or undefined for other languages and oversized documents. */
  get(doc: vscode.TextDocument, store: PermissionStore): Analysis | undefined {
    const key = doc.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === doc.version) return cached.analysis;
    const format = formatOf(doc.languageId);
    let analysis: Analysis | undefined;
    if (format) {
      const text = doc.getText();
      const limitKB = readConfig(doc).maxFileSizeKB;
      if (text.length > limitKB * 1024) this.notice(`${doc.uri.path.split('/').pop()} is ${Math.round(text.length / 1024)} KiB, over the limit of ${limitKB} KiB`);
      else if (text.indexOf('\u0000') >= 0) this.notice(`${doc.uri.path.split('/').pop()} looks binary`);
      else analysis = analyzeText(text, format, store);
    }
    this.entries.set(key, { version: doc.version, analysis });
    return analysis;
  }

  /** Once per session: which document was skipped, why, and the setting that decides. */
  private notice(why: string): void {
    if (this.noticeShown) return;
    this.noticeShown = true;
    void vscode.window
      .showInformationMessage(`Graph Permission Lens skipped a document: ${why} (setting graphPermissionLens.maxFileSizeKB).`, 'Open Setting')
      .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'graphPermissionLens.maxFileSizeKB'));
  }

  /** Drops every cached analysis (the store changed). */
  clear(): void {
    this.entries.clear();
  }

  dispose(): void {
    this.subscription.dispose();
    this.entries.clear();
  }
}
