/**
 * Runs the core rules on open JSON documents and publishes VS Code diagnostics: debounced per
 * document while typing (or on save only, per `graphPermissionLens.validate`), stale runs dropped
 * by version, diagnostics removed when a document closes. Results are kept per document version so
 * that code actions find the fixes of the exact diagnostics shown.
 */
import * as vscode from 'vscode';
import { incompleteDiagnostic, incompleteMessage, INCOMPLETE_CODE, type Analysis } from '../core/analyze';
import { runRules } from '../core/rules';
import type { Diagnostic, Severity } from '../core/rules/types';
import type { AnalysisCache } from './analysisCache';
import { readConfig, SECTION } from './config';
import type { StoreService } from './storeService';

export const DIAGNOSTIC_SOURCE = 'Graph Permission Lens';
/** The code of the diagnostic on a document that could not be analysed in full (fail closed). */
export { INCOMPLETE_CODE };

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export interface DocumentResult {
  version: number;
  /** The permission analysis, when the document was readable for it. */
  analysis?: Analysis;
  items: { core: Diagnostic; range: vscode.Range }[];
}

/**
 * Another family of checks on the same documents (the Graph payload rules): the manager runs it
 * with the permission rules and publishes, schedules and cleans up for both.
 */
export interface DocumentChecker {
  supports(doc: vscode.TextDocument): boolean;
  /** Core diagnostics for the document's current text. May throw: the error is logged. */
  check(doc: vscode.TextDocument): Diagnostic[];
}

export class DiagnosticsManager implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('graphPermissionLens');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly results = new Map<string, DocumentResult>();
  /** Documents whose diagnostics are in the collection (code actions may compute results without publishing). */
  private readonly published = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private reportedProblems = '';
  /** Problems of other settings already told (once each). */
  private readonly reportedSettingProblems = new Set<string>();
  /** Documents whose last tab closed, waiting for their editor to stop being visible. */
  private readonly closing = new Set<string>();
  private readonly checkers: DocumentChecker[] = [];
  /** Drop diagnostics another feature supersedes (least privilege's advice over broader-than-sibling). */
  private readonly filters: ((doc: vscode.TextDocument, d: Diagnostic) => boolean)[] = [];
  /** False until the first revalidateAll (at activation every open document is checked). */
  private started = false;

  constructor(
    private readonly stores: StoreService,
    private readonly cache: AnalysisCache,
    private readonly log: vscode.LogOutputChannel,
    private readonly languages: readonly string[],
  ) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (readConfig(e.document).validate === 'onType') this.schedule(e.document, readConfig(e.document).debounceMs);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      // The document model can outlive its editor for minutes: closing the last tab is what users mean by "close".
      vscode.window.tabGroups.onDidChangeTabs((e) => this.forgetClosedTabs(e.closed)),
      // …and reopening such a document fires no open event: check what becomes visible.
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        this.reconcileClosing();
        for (const ed of editors) if (!this.published.has(ed.document.uri.toString())) this.schedule(ed.document, 0);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.revalidateAll();
      }),
    );
    this.revalidateAll();
  }

  /**
   * Re-checks the documents the user has open (after a settings change or a store update): those
   * published or visible — not models whose tab was closed but which VS Code still keeps.
   */
  revalidateAll(): void {
    this.results.clear(); // computed against the previous store or settings
    const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
    for (const doc of vscode.workspace.textDocuments) {
      const key = doc.uri.toString();
      if (this.published.has(key) || visible.has(key) || !this.started) this.schedule(doc, 0);
    }
    this.started = true;
  }

  /** Adds a family of checks; disposing the result removes it. */
  addChecker(checker: DocumentChecker): vscode.Disposable {
    this.checkers.push(checker);
    this.revalidateAll();
    return new vscode.Disposable(() => {
      const i = this.checkers.indexOf(checker);
      if (i >= 0) this.checkers.splice(i, 1);
    });
  }

  /**
   * Adds a filter: diagnostics for which it returns false are not shown (nor their fixes offered).
   * Call `revalidate` when its answer changes.
   */
  addFilter(keep: (doc: vscode.TextDocument, d: Diagnostic) => boolean): vscode.Disposable {
    this.filters.push(keep);
    return new vscode.Disposable(() => {
      const i = this.filters.indexOf(keep);
      if (i >= 0) this.filters.splice(i, 1);
    });
  }

  /** Re-checks one document now if it is open and shown (a filter's answer changed). */
  revalidate(uri: vscode.Uri): void {
    const key = uri.toString();
    this.results.delete(key);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (doc && this.published.has(key)) this.schedule(doc, 0);
  }

  /** The current result for a document, computed now if the shown one is stale. */
  resultFor(doc: vscode.TextDocument): DocumentResult | undefined {
    const r = this.results.get(doc.uri.toString());
    if (r && r.version === doc.version) return r;
    return this.compute(doc);
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

  private compute(doc: vscode.TextDocument): DocumentResult | undefined {
    try {
      return this.computeUnguarded(doc);
    } catch (e) {
      // A bug in a scanner or rule must not surface as an error in the extension host.
      this.log.error(`checking ${doc.uri.toString(true)} failed: ${(e as Error).stack ?? String(e)}`);
      return undefined;
    }
  }

  private computeUnguarded(doc: vscode.TextDocument): DocumentResult | undefined {
    const version = doc.version;
    const result: DocumentResult = { version, items: [] };
    const core: Diagnostic[] = [];
    const store = this.stores.get();
    const analysis = store && this.cache.get(doc, store);
    if (store && analysis) {
      result.analysis = analysis;
      if (analysis.incomplete) {
        // Fail closed: a document that could not be read in full is never shown as clean.
        core.push(incompleteDiagnostic(doc.getText(), analysis.incomplete));
        this.log.warn(`${doc.uri.toString(true)} ${incompleteMessage(analysis.incomplete)}`);
      }
      const cfg = readConfig(doc);
      if (cfg.ruleProblems.length && cfg.ruleProblems.join('\n') !== this.reportedProblems) {
        this.reportedProblems = cfg.ruleProblems.join('\n');
        const msg = `Graph Permission Lens: ignoring part of the "${SECTION}.rules" setting: ${cfg.ruleProblems.join('; ')}`;
        this.log.warn(msg);
        void vscode.window.showWarningMessage(msg);
      }
      for (const p of cfg.settingProblems) {
        if (this.reportedSettingProblems.has(p)) continue;
        this.reportedSettingProblems.add(p);
        this.log.warn(p);
        void vscode.window.showWarningMessage(`Graph Permission Lens: ${p}`);
      }
      const { diagnostics, errors } = runRules(doc.getText(), analysis, store, { overrides: cfg.rules, riskThreshold: cfg.riskThreshold, isCancelled: () => doc.version !== version });
      for (const e of errors) this.log.error(`rule failed on ${doc.uri.toString(true)}: ${e}`);
      core.push(...diagnostics);
    }
    for (const c of this.checkers) {
      if (!c.supports(doc)) continue;
      try {
        core.push(...c.check(doc));
      } catch (e) {
        this.log.error(`checking ${doc.uri.toString(true)} failed: ${(e as Error).stack ?? String(e)}`);
      }
    }
    if (this.filters.length) {
      const kept = core.filter((d) => this.filters.every((keep) => keep(doc, d)));
      core.length = 0;
      core.push(...kept);
    }
    core.sort((a, b) => a.start - b.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    result.items = core.map((d) => ({ core: d, range: new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end)) }));
    this.results.set(doc.uri.toString(), result);
    return result;
  }

  private publish(doc: vscode.TextDocument): void {
    const result = this.compute(doc);
    if (!result || result.version !== doc.version) {
      this.collection.delete(doc.uri);
      this.published.delete(doc.uri.toString());
      return;
    }
    this.published.add(doc.uri.toString());
    this.collection.set(
      doc.uri,
      result.items.map(({ core, range }) => {
        const d = new vscode.Diagnostic(range, core.message, SEVERITY[core.severity]);
        d.code = core.code;
        d.source = DIAGNOSTIC_SOURCE;
        return d;
      }),
    );
  }

  /**
   * Tab and visible-editor events arrive in either order: a closed tab's document is forgotten once
   * it is neither in a tab nor visible, checked on both events.
   */
  private forgetClosedTabs(closed: readonly vscode.Tab[]): void {
    for (const t of closed) if (t.input instanceof vscode.TabInputText) this.closing.add(t.input.uri.toString());
    this.reconcileClosing();
  }

  private reconcileClosing(): void {
    if (this.closing.size === 0) return;
    const open = new Set<string>(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
    for (const g of vscode.window.tabGroups.all) {
      for (const t of g.tabs) if (t.input instanceof vscode.TabInputText) open.add(t.input.uri.toString());
    }
    for (const key of [...this.closing]) {
      const inTab = [...vscode.window.tabGroups.all].some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
      if (inTab) this.closing.delete(key);
      else if (!open.has(key)) {
        this.closing.delete(key);
        this.forget(vscode.Uri.parse(key));
      }
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.results.delete(key);
    this.published.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.results.clear();
    this.published.clear();
    for (const d of this.disposables) d.dispose();
  }
}
