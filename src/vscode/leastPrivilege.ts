/**
 * Least privilege in the extension host (the browser entry; the desktop one asks the language
 * server, ./leastPrivilegeClient.ts): a thin host of the language service's `leastPrivilegeAsync`
 * entry point (src/core/service/leastPrivilege.ts), run in slices with cancellation. This file gathers each workspace folder's files,
 * hands them to the service, publishes the findings and asks the service for their fixes by id;
 * the analysis, the diagnostics, the fixes and the call hover (served by the one hover provider)
 * are the service's. The report command and page are ./leastPrivilegeFeature.ts's, over the
 * `LeastPrivilegeAnalysis` this implements.
 *
 * - Per workspace folder, reads the manifests and code (files.exclude / search.exclude respected,
 *   dependency and build folders skipped, oversized and binary files skipped; open editors' text
 *   first) through `workspace.fs` (./folderFiles.ts, which the desktop client answers the server's
 *   `ReadFolderRequest` with).
 * - Diagnostics `permission-unused` / `permission-over-broad` / `permission-missing`, with
 *   quick-fixes, each manifest compared with its own app's code only (settings
 *   `leastPrivilege.apps` and `leastPrivilege.excludeManifests`). Recomputed (debounced, whole
 *   folder) on save of a supported file, when files change on disk (a file watcher: a manifest
 *   created outside the editor gets findings without being opened), on a store change, and once
 *   after activation — only while the store has path data: with the bundled store's path data
 *   unavailable nothing is read at all. Where usage is known for a requested permission, the
 *   `broader-than-sibling` heuristic steps back on it (one piece of advice per line).
 */
import * as vscode from 'vscode';
import { FolderReader } from './folderFiles';
import { formatOf, type DocumentFormat } from '../core/analyze';
import type { Severity } from '../core/rules/types';
import { isStepsCancelled, StepsCancelled, type LanguageService } from '../core/service';
import type { PermissionStore } from '../core/store/store';
import { isProjectFile, noPathDataMessage } from '../core/leastPrivilege';
import { USAGE_FORMATS, usageFormatOf } from '../core/leastPrivilege/files';
import { LineIndex } from '../core/text/text';
import { leastPrivilegeReportModel, type LeastPrivilegeReportModel, type ReportFindingRef } from '../core/service/leastPrivilegeReport';
import type { LeastPrivilegeResult } from '../core/service';
import { toWorkspaceEdit, wantsKind } from './codeActions';
import { readConfig, SECTION } from './config';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { yieldSlice } from './webPlatform';
import type { LeastPrivilegeAnalysis, LeastPrivilegeFix } from './leastPrivilegeAnalysis';
import type { LensService } from './lensService';
import type { BaseServices, DiagnosticsHub } from './services';
import { basename } from './uriPath';

export const COLLECTION_NAME = 'graphPermissionLens.leastPrivilege';
const DEBOUNCE_MS = 1000;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

function usageFormatOfDoc(doc: vscode.TextDocument): DocumentFormat | undefined {
  const byLang = formatOf(doc.languageId);
  if (byLang && USAGE_FORMATS.includes(byLang)) return byLang;
  return usageFormatOf(basename(doc.uri.path));
}

/** One folder's analysis: the service's result and the service that produced it (asked for the findings' fixes by their ids). */
interface ReportFolderRun {
  folder: vscode.WorkspaceFolder;
  result: LeastPrivilegeResult;
  service: LanguageService;
}

/** What a published diagnostic stands for: the service that found it and its id there. */
interface Published {
  service: LanguageService;
  id: string;
}

/** What this module needs of the extension (the language features it is part of are still being registered). */
interface InHostDeps {
  services: BaseServices;
  lens: LensService;
  diagnostics: DiagnosticsHub;
}

class LeastPrivilege implements vscode.Disposable, LeastPrivilegeAnalysis {
  readonly collection = vscode.languages.createDiagnosticCollection(COLLECTION_NAME);
  /** The service's finding behind each published VS Code diagnostic (the objects VS Code hands back to code actions). */
  private readonly data = new WeakMap<vscode.Diagnostic, Published>();
  /** folder uri → the uris it published to. */
  private readonly byFolder = new Map<string, Set<string>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly generation = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];
  private started = false;
  private pathProblemLogged = false;
  /** uri → `line:column` (1-based) of the requested permissions whose usage is known. */
  private readonly usageKnown = new Map<string, Set<string>>();
  /** folder uri → its last analysis (the report's model). */
  private readonly lastRuns = new Map<string, ReportFolderRun>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly services: BaseServices & { lens: LensService; diagnostics: DiagnosticsHub };
  /** Reads the folders (its cache of files read is dropped with the diagnostics). */
  private readonly reader: FolderReader;
  /** folder uri → the token of its run under way. */
  private readonly running = new Map<string, { isCancellationRequested: boolean }>();

  constructor(deps: InHostDeps) {
    this.services = { ...deps.services, lens: deps.lens, diagnostics: deps.diagnostics };
    const services = this.services;
    this.reader = new FolderReader((m) => services.log.warn(m));
    this.disposables.push(
      this.changed,
      // Where least privilege knows how a requested permission is used, the sibling heuristic steps back.
      services.diagnostics.addFilter((doc, d) => d.code !== 'broader-than-sibling' || !this.usageKnownAt(doc, d.start)),
    );
  }

  private usageKnownAt(doc: vscode.TextDocument, offset: number): boolean {
    const set = this.usageKnown.get(doc.uri.toString());
    if (!set) return false;
    const p = doc.positionAt(offset);
    return set.has(`${p.line + 1}:${p.character + 1}`);
  }

  // ------------------------------------------------------------------------------------------
  // Reading a folder (./folderFiles.ts, shared with the desktop client's answer to the server).

  /**
   * Reads the folder's manifests and code (open editors' text first) and has the service analyse
   * them, in slices that give the extension host back to the editor's requests between them
   * (`leastPrivilegeAsync`). A newer run of the folder cancels this one, as do a settings or store
   * change and disposal: it then rejects with `StepsCancelled`.
   */
  async analyzeFolder(folder: vscode.WorkspaceFolder): Promise<ReportFolderRun> {
    const key = folder.uri.toString();
    this.cancel(key);
    const token = { isCancellationRequested: false };
    this.running.set(key, token);
    try {
      const settings = readConfig(folder.uri);
      const { files, allPaths, skipped } = await this.reader.read(folder.uri, settings.maxFileSizeKB * 1024, token);
      if (token.isCancellationRequested) throw new StepsCancelled(); // the files read are partial
      const service = this.services.lens.service;
      const t0 = Date.now();
      const result = await service.leastPrivilegeAsync({ key, name: folder.name, files, allPaths }, settings, { yieldNow: yieldSlice, token });
      const reports = result.apps.flatMap((r) => (r.report ? [r.report] : []));
      const count = (f: (r: (typeof reports)[number]) => number): number => reports.reduce((n, r) => n + f(r), 0);
      this.services.log.info(
        `Least privilege: ${folder.name}: ${result.apps.length} app${result.apps.length === 1 ? '' : 's'}, ${count((r) => r.calls.length)} Graph calls, ${count((r) => r.manifests.length)} manifests, ${count((r) => r.findings.length)} findings from ${files.length} files (${skipped} skipped as binary or oversized) in ${Date.now() - t0} ms`,
      );
      return { folder, result, service };
    } finally {
      if (this.running.get(key) === token) this.running.delete(key);
    }
  }

  /** Stops the run under way of a folder (its key), if any. */
  private cancel(key: string): void {
    const token = this.running.get(key);
    if (token) token.isCancellationRequested = true;
  }

  /** Stops every run under way (their results would be stale: settings, store, folders changed). */
  private cancelAll(): void {
    for (const key of this.running.keys()) this.cancel(key);
  }

  // ------------------------------------------------------------------------------------------
  // Diagnostics.

  private clearFolder(key: string): void {
    this.lastRuns.delete(key);
    for (const u of this.byFolder.get(key) ?? []) {
      this.collection.delete(vscode.Uri.parse(u));
      if (this.usageKnown.delete(u)) this.services.diagnostics.revalidate(vscode.Uri.parse(u));
    }
    this.byFolder.delete(key);
  }

  clearAll(): void {
    this.cancelAll();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const k of this.generation.keys()) this.generation.set(k, (this.generation.get(k) ?? 0) + 1);
    this.collection.clear();
    for (const u of [...this.usageKnown.keys()]) {
      this.usageKnown.delete(u);
      this.services.diagnostics.revalidate(vscode.Uri.parse(u));
    }
    this.reader.clear();
    this.byFolder.clear();
    if (this.lastRuns.size) {
      this.lastRuns.clear();
      this.changed.fire();
    }
  }

  private publish(folder: vscode.WorkspaceFolder, run: ReportFolderRun): void {
    const key = folder.uri.toString();
    this.clearFolder(key);
    const uris = new Set<string>();
    for (const f of run.result.files) {
      const uri = vscode.Uri.parse(f.uri);
      uris.add(f.uri);
      if (f.usageKnown.length) {
        this.usageKnown.set(f.uri, new Set(f.usageKnown));
        this.services.diagnostics.revalidate(uri);
      }
      if (!f.diagnostics.length) continue;
      const lines = new LineIndex(f.text);
      this.collection.set(
        uri,
        f.diagnostics.map((x) => {
          const s = lines.position(x.start);
          const e = lines.position(Math.max(x.start, x.end));
          const d = new vscode.Diagnostic(new vscode.Range(s.line, s.character, e.line, e.character), x.message, SEVERITY[x.severity] ?? vscode.DiagnosticSeverity.Warning);
          d.source = DIAGNOSTIC_SOURCE;
          d.code = x.code;
          this.data.set(d, { service: run.service, id: x.id });
          return d;
        }),
      );
    }
    this.byFolder.set(key, uris);
    this.lastRuns.set(key, run);
  }

  /** Recomputes one folder's diagnostics now (when the store has path data; else clears them). */
  async refresh(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    const gen = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, gen);
    const store = this.services.stores.get();
    // First need of the path data: it loads here (a failure is logged once and the checks stay off).
    if (!store?.loadPathData()) {
      if (store?.pathDataProblem && !this.pathProblemLogged) {
        this.pathProblemLogged = true;
        this.services.log.error(`Least privilege: ${store.pathDataProblem}`);
      }
      this.clearFolder(key);
      this.changed.fire();
      return;
    }
    try {
      const run = await this.analyzeFolder(folder);
      if (this.generation.get(key) !== gen || this.services.stores.get() !== store) return; // superseded
      this.publish(folder, run);
      this.changed.fire();
    } catch (e) {
      if (isStepsCancelled(e)) this.services.log.info(`Least privilege: the analysis of ${folder.name} was cancelled (a newer run, a settings or store change)`);
      else this.services.log.error(`Least privilege: analysis of ${folder.name} failed: ${(e as Error).message}`);
    }
  }

  schedule(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    const prev = this.timers.get(key);
    if (prev) clearTimeout(prev);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(folder);
      }, DEBOUNCE_MS),
    );
  }

  scheduleAll(): void {
    // What runs now reads the old settings or store.
    this.cancelAll();
    for (const f of vscode.workspace.workspaceFolders ?? []) this.schedule(f);
  }

  /** The first run after activation: only once a supported document is open, and only with path data. */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.services.stores.get()?.hasMethods) this.scheduleAll();
  }

  onSaved(doc: vscode.TextDocument): void {
    if (!usageFormatOfDoc(doc)) return;
    if (!this.services.stores.get()?.hasMethods) return;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (folder) this.schedule(folder);
  }

  onFilesChanged(uris: readonly vscode.Uri[]): void {
    if (!this.started || !this.services.stores.get()?.hasMethods) return;
    const folders = new Map<string, vscode.WorkspaceFolder>();
    for (const u of uris) {
      const name = basename(u.path);
      const f = usageFormatOf(name) || isProjectFile(name) ? vscode.workspace.getWorkspaceFolder(u) : undefined;
      if (f) folders.set(f.uri.toString(), f);
    }
    for (const f of folders.values()) this.schedule(f);
  }

  onStoreChanged(store: PermissionStore): void {
    if (store.hasMethods) {
      this.started = true;
      this.scheduleAll();
    } else this.clearAll();
  }

  // ------------------------------------------------------------------------------------------
  // Quick-fixes: the service's, by the id of the finding shown.

  codeActions(doc: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!wantsKind(context, vscode.CodeActionKind.QuickFix)) return [];
    const actions: vscode.CodeAction[] = [];
    for (const shown of context.diagnostics) {
      const data = this.data.get(shown);
      if (!data) continue;
      // None when the document changed since the analysis (the fixes' offsets refer to its text).
      for (const fix of this.services.lens.codeActions(data.service, doc, doc.offsetAt(shown.range.start), [data.id], ['quickfix'])) {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(doc, fix.edits);
        a.diagnostics = [shown];
        a.isPreferred = fix.preferred === true;
        actions.push(a);
      }
    }
    return actions;
  }

  // ------------------------------------------------------------------------------------------
  // The report (./leastPrivilegeFeature.ts `LeastPrivilegeAnalysis`).

  /** Analyses every workspace folder (publishing the diagnostics when the store has path data), or takes the last analysis of each. */
  async report(refresh: boolean): Promise<LeastPrivilegeReportModel | undefined> {
    const store = this.services.stores.get();
    if (!store) return undefined; // StoreService already said why
    const runs: ReportFolderRun[] = [];
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const last = refresh ? undefined : this.lastRuns.get(f.uri.toString());
      if (last) {
        runs.push(last);
        continue;
      }
      let run: ReportFolderRun;
      try {
        run = await this.analyzeFolder(f);
      } catch (e) {
        if (!isStepsCancelled(e)) throw e;
        // Superseded meanwhile (a save, a settings change): the newer run's result when it has one.
        const newer = this.lastRuns.get(f.uri.toString());
        if (newer) runs.push(newer);
        continue;
      }
      if (store.hasMethods && this.services.stores.get() === store) this.publish(f, run);
      else this.lastRuns.set(f.uri.toString(), run);
      runs.push(run);
    }
    const model = leastPrivilegeReportModel(
      runs.map((r) => ({ uri: r.folder.uri.toString(), name: r.folder.name, result: r.result })),
      store.loadPathData() ? undefined : noPathDataMessage(store),
    );
    return model;
  }

  async fix(doc: vscode.TextDocument, finding: ReportFindingRef, fix: number, title: string): Promise<LeastPrivilegeFix> {
    // The service of the run that found it (a newer service does not know its id).
    const run = [...this.lastRuns.values()].find((r) => r.result.files.some((f) => f.uri === finding.uri && f.diagnostics.some((d) => d.id === finding.id)));
    const action = run && this.services.lens.codeActions(run.service, doc, 0, [finding.id], ['quickfix'])[fix];
    return action && action.title === title ? { title: action.title, edit: toWorkspaceEdit(doc, action.edits) } : 'changed';
  }

  dispose(): void {
    this.cancelAll();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.collection.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Least privilege with the service in the extension host (the browser entry's language features). */
export function registerInHostLeastPrivilege(services: BaseServices, lens: LensService, diagnostics: DiagnosticsHub): LeastPrivilegeAnalysis {
  const lp = new LeastPrivilege({ services, lens, diagnostics });
  const maybeStart = (doc: vscode.TextDocument | undefined): void => {
    if (doc && doc.uri.scheme !== 'output' && vscode.languages.match(services.selector, doc) > 0) lp.start();
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  services.context.subscriptions.push(
    lp,
    // Findings sit on manifests, on scope lists in code and configuration, and on setup scripts.
    vscode.languages.registerCodeActionsProvider(services.selector, { provideCodeActions: (doc, _range, context) => lp.codeActions(doc, context) }, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    services.stores.onDidChangeStore((s) => lp.onStoreChanged(s)),
    vscode.workspace.onDidSaveTextDocument((doc) => lp.onSaved(doc)),
    vscode.workspace.onDidOpenTextDocument((doc) => maybeStart(doc)),
    vscode.workspace.onDidCreateFiles((e) => lp.onFilesChanged(e.files)),
    watcher,
    // Files created, changed or deleted outside the editor (a manifest written by a tool, a git checkout).
    watcher.onDidCreate((u) => lp.onFilesChanged([u])),
    watcher.onDidChange((u) => lp.onFilesChanged([u])),
    watcher.onDidDelete((u) => lp.onFilesChanged([u])),
    vscode.workspace.onDidDeleteFiles((e) => lp.onFilesChanged(e.files)),
    vscode.workspace.onDidRenameFiles((e) => lp.onFilesChanged(e.files.flatMap((f) => [f.oldUri, f.newUri]))),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      lp.clearAll();
      if (services.stores.get()?.hasMethods) lp.scheduleAll();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const affects = [`${SECTION}.leastPrivilege`, `${SECTION}.rules`, `${SECTION}.maxFileSizeKB`, 'files.exclude', 'search.exclude'].some((s) => e.affectsConfiguration(s));
      if (affects && services.stores.get()?.hasMethods) lp.scheduleAll();
    }),
  );
  // Once after activation, lazily: when a supported document is (or becomes) open.
  setTimeout(() => {
    for (const ed of vscode.window.visibleTextEditors) maybeStart(ed.document);
  }, 0);
  return lp;
}
