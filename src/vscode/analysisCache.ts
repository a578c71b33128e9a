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
      if (text.length <= readConfig(doc).maxFileSizeKB * 1024) analysis = analyzeText(text, format, store);
    }
    this.entries.set(key, { version: doc.version, analysis });
    return analysis;
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
