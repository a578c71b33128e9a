/**
 * With the service in the extension host (the browser entry; the desktop one gets them from the
 * language server, ./languageClient.ts): publishes the language service's diagnostics (src/vscode/lensService.ts: the permission rules and
 * the Graph payload rules, one check per document version) as VS Code diagnostics: debounced per
 * document while typing (or on save only, per `graphPermissionLens.validate`), stale runs dropped
 * by version, diagnostics removed when a document closes. Each published diagnostic keeps the
 * service's id for it (`dataOf`), so that the code actions ask the service for the fixes of the
 * exact diagnostic shown — never found again by matching its text.
 */
import * as vscode from 'vscode';
import { INCOMPLETE_CODE } from '../core/analyze';
import type { Severity } from '../core/rules/types';
import type { LanguageService } from '../core/service';
import { readConfig } from './config';
import type { LensService } from './lensService';
import type { DiagnosticsHub } from './services';
import { ClosedTabs, DiagnosticFilters, type DiagnosticFilter } from './shownDiagnostics';

export const DIAGNOSTIC_SOURCE = 'Graph Permission Lens';
/** The code of the diagnostic on a document that could not be analysed in full (fail closed). */
export { INCOMPLETE_CODE };

/** A function, not a table: a table's reads of `vscode` at load would stay in the desktop bundle, which imports DIAGNOSTIC_SOURCE only. */
function severityOf(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** What a published diagnostic stands for: the service (store and settings) and document version it came from, and its id there. */
export interface DiagnosticData {
  service: LanguageService;
  version: number;
  id: string;
}

export class DiagnosticsManager implements DiagnosticsHub, vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('graphPermissionLens');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The service's diagnostic behind each published VS Code diagnostic (the objects VS Code hands back to code actions). */
  private readonly data = new WeakMap<vscode.Diagnostic, DiagnosticData>();
  /** Documents whose diagnostics are in the collection. */
  private readonly published = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** A document whose last tab closed is forgotten (its model may stay open for minutes). */
  private readonly closedTabs = new ClosedTabs((uri) => this.forget(uri));
  /** Drop diagnostics another feature supersedes (least privilege's advice over broader-than-sibling). */
  private readonly filters = new DiagnosticFilters();
  /** False until the first revalidateAll (at activation every open document is checked). */
  private started = false;

  constructor(
    private readonly lens: LensService,
    private readonly log: vscode.LogOutputChannel,
    private readonly languages: readonly string[],
  ) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!this.supports(e.document)) return;
        const settings = readConfig(e.document);
        if (settings.validate === 'onType') this.schedule(e.document, settings.debounceMs);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      this.closedTabs,
      // Reopening a document whose tab closed fires no open event: check what becomes visible.
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        this.closedTabs.reconcile();
        for (const ed of editors) if (!this.published.has(ed.document.uri.toString())) this.schedule(ed.document, 0);
      }),
      // A new store or new settings: the service was recreated, every result is stale.
      lens.onDidChange(() => this.revalidateAll()),
    );
    this.revalidateAll();
  }

  /**
   * Re-checks the documents the user has open (after a settings change or a store update): those
   * published or visible — not models whose tab was closed but which VS Code still keeps.
   */
  revalidateAll(): void {
    const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
    for (const doc of vscode.workspace.textDocuments) {
      const key = doc.uri.toString();
      if (this.published.has(key) || visible.has(key) || !this.started) this.schedule(doc, 0);
    }
    this.started = true;
  }

  /**
   * Adds a filter: diagnostics for which it returns false are not shown (nor their fixes offered).
   * Call `revalidate` when its answer changes.
   */
  addFilter(keep: DiagnosticFilter): vscode.Disposable {
    return this.filters.add(keep);
  }

  /** Re-checks one document now if it is open and shown (a filter's answer changed). */
  revalidate(uri: vscode.Uri): void {
    const key = uri.toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (doc && this.published.has(key)) this.schedule(doc, 0);
  }

  /** The service's diagnostic behind a VS Code diagnostic this manager published, if it is one. */
  dataOf(d: vscode.Diagnostic): DiagnosticData | undefined {
    return this.data.get(d);
  }

  private supports(doc: vscode.TextDocument): boolean {
    return this.languages.includes(doc.languageId) && doc.uri.scheme !== 'output' && doc.uri.scheme !== 'git';
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!this.supports(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const version = doc.version;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      // A newer edit has its own timer; a closed document is gone.
      if (doc.isClosed || doc.version !== version) return;
      this.publish(doc);
    }, delay);
    timer.unref?.();
    this.timers.set(key, timer);
  }

  private publish(doc: vscode.TextDocument): void {
    const service = this.lens.service;
    const version = doc.version;
    let result;
    try {
      result = this.lens.check(doc, () => doc.isClosed || doc.version !== version);
    } catch (e) {
      // A bug in a scanner or rule must not surface as an error in the extension host.
      this.log.error(`checking ${doc.uri.toString(true)} failed: ${(e as Error).stack ?? String(e)}`);
    }
    if (!result || result.version !== doc.version || doc.isClosed) {
      this.collection.delete(doc.uri);
      this.published.delete(doc.uri.toString());
      return;
    }
    for (const e of result.errors) this.log.error(`checking ${doc.uri.toString(true)}: ${e}`);
    const shown = this.filters.empty ? result.diagnostics : result.diagnostics.filter((d) => this.filters.keeps(doc, d));
    this.published.add(doc.uri.toString());
    this.collection.set(
      doc.uri,
      shown.map((core) => {
        // Fail closed: a document that could not be read in full is never shown as clean.
        if (core.code === INCOMPLETE_CODE) this.log.warn(`${doc.uri.toString(true)}: ${core.message}`);
        const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(core.start), doc.positionAt(core.end)), core.message, severityOf(core.severity));
        d.code = core.code;
        d.source = DIAGNOSTIC_SOURCE;
        this.data.set(d, { service, version, id: core.id });
        return d;
      }),
    );
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.published.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.published.clear();
    for (const d of this.disposables) d.dispose();
  }
}
