/**
 * Least privilege in the language server: each `file:` workspace folder is read from disk (the Node
 * platform's folder walk), any other one through the client when it can (`ReadFolderRequest`, with
 * `readsFolders`: VS Code reads a virtual folder through `workspace.fs`), open documents' text
 * first, and handed to the service's `leastPrivilege`
 * entry point, as the VS Code client and the CLI do; its findings (`permission-unused`,
 * `-over-broad`, `-missing`) are pushed with the file's other diagnostics, their quick-fixes found
 * by id. Settings: the same `graphPermissionLens.leastPrivilege.*` (read per folder). Runs
 * (debounced: a second after the last document opened, then on save of a file least privilege
 * reads, on a settings change and when the workspace folders change) only while the store has
 * path data, and when the client's store changes (`storeChanged`). Files and folders the client's
 * `files.exclude` / `search.exclude` leave out are not read (when the client answers those sections),
 * nor files over `maxFileSizeKB`. Each run is logged (apps, calls, manifests, findings, files read
 * and skipped, time).
 *
 * The VS Code client's report page asks for the report model (`report`: the last results, or every
 * folder again) and for a finding's fix by id (`fix`), and is told when a folder's results change
 * (`deps.reportsChanged`). The analysis of a large folder takes the server's thread for a while;
 * the analysis runs in slices of a few milliseconds (the service's `leastPrivilegeAsync`, yielding
 * with `setImmediate`), so hovers, completions and diagnostics are answered meanwhile; a newer run
 * of a folder cancels the one running (a report's refresh too), as do a settings or store change
 * (every folder) and shutdown; a report whose run is cancelled takes the newer run's result (a folder
 * still without one is named in the report's `unread`, never left out silently).
 */
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { isProjectFile } from '../core/leastPrivilege';
import { usageFormatOf } from '../core/leastPrivilege/files';
import { noPathDataMessage } from '../core/leastPrivilege/analysis';
import { leastPrivilegeReportModel, type LeastPrivilegeReportModel } from '../core/service/leastPrivilegeReport';
import type { LeastPrivilegeResult } from '../core/service';
import type { LeastPrivilegeFixParams, LeastPrivilegeFixResult, ReadFolderParams, ReadFolderResult } from './protocol';
import { fileNameOf } from './fileName';
import type { Severity, Diagnostic as CoreDiagnostic } from '../core/rules/types';
import { isStepsCancelled, type LanguageService, type LensSettings, type LeastPrivilegeFile, type ServiceCodeAction, type ServiceDocument } from '../core/service';
import type { PermissionStore } from '../core/store/store';
import { LineIndex } from '../core/text/text';
import { TextDocument as PlainDocument } from 'vscode-languageserver-textdocument';
import { readRepository } from '../platform/node/walk';
import { isSkippedFolder } from '../core/skipFolders';

const DEBOUNCE_MS = 1000;
/** How many runs a report starts for a folder whose runs newer changes keep cancelling. */
const REPORT_ATTEMPTS = 3;

/** Gives the server's thread back to the messages waiting (a hover, a completion) between slices of the analysis. */
const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface WorkspaceFolderInfo {
  uri: string;
  name: string;
}

export interface ServerLeastPrivilegeDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  ensureStore(): Promise<void>;
  service(): LanguageService | undefined;
  store(): PermissionStore | undefined;
  settingsFor(uri: string): Promise<LensSettings>;
  /** The server's conversion of a service diagnostic (source, severity, data with its id and the version analysed). */
  toDiagnostic(range: Diagnostic['range'], d: { severity: Severity; code: string; message: string; id: string }, version: number): Diagnostic;
  /** Pushes an open document's diagnostics again (its least-privilege findings changed). */
  revalidate(uri: string): void;
  /** Which relative paths (files and folders, `/`) of a folder the client excludes (`files.exclude`, `search.exclude`); undefined: none. */
  excludesFor(folderUri: string): Promise<((relPath: string) => boolean) | undefined>;
  /** A folder's results changed (the client's report page asks again). */
  reportsChanged(): void;
  /** The server's count of store and settings changes (diagnostics carry it). */
  epoch(): number;
  /** The client answers `ReadFolderRequest` (its `readsFolders`): folders that are not `file:` are read through it. */
  readsFolders(): boolean;
  /** Asks the client for a folder's files (`ReadFolderRequest`). */
  readFolder(p: ReadFolderParams): Promise<ReadFolderResult>;
}

export interface ServerLeastPrivilege {
  setFolders(folders: readonly WorkspaceFolderInfo[]): void;
  /** A document was opened: the first one starts least privilege. */
  opened(): void;
  /** A document was saved, or files changed: the folder is analysed again when least privilege reads such a file. */
  changed(uri: string): void;
  /** The settings or the store changed: every folder again (a run under way is cancelled now: its results would be stale). */
  scheduleAll(): void;

  /** The least-privilege diagnostics of a file, to push with its own. */
  diagnosticsOf(uri: string): Diagnostic[];
  /** False for a `broader-than-sibling` diagnostic where least privilege knows how the permission is used (one piece of advice per line). */
  keep(doc: TextDocument, d: CoreDiagnostic): boolean;
  /** Another store is in use: every folder again (least privilege starts, if it had not). */
  storeChanged(): void;
  /** The report model of every folder: analysed now with `refresh`, else the last results (folders not analysed yet are analysed). */
  report(refresh: boolean): Promise<LeastPrivilegeReportModel | null>;
  /** One fix of one finding, on the text the client has now. */
  fix(p: LeastPrivilegeFixParams): Promise<LeastPrivilegeFixResult>;
  /**
   * The quick-fixes of findings shown (their id and the epoch their diagnostic carries), from the
   * run that found them — also after a store or settings change, until their folder runs again —
   * while the document is still the text analysed.
   */
  codeActions(doc: ServiceDocument, findings: readonly { id: string; epoch: number }[], settings: LensSettings): ServiceCodeAction[];
  dispose(): void;
}

interface FolderRun {
  uri: string;
  name: string;
  result: LeastPrivilegeResult;
  /** The service that found it (asked for the findings' fixes by id) and the server's epoch then. */
  service: LanguageService;
  epoch: number;
}

interface Published {
  diagnostics: Diagnostic[];
  usageKnown: Set<string>;
}

export function createServerLeastPrivilege(deps: ServerLeastPrivilegeDeps): ServerLeastPrivilege {
  let folders: WorkspaceFolderInfo[] = [];
  /** Workspace folders least privilege cannot read (not on disk). */
  let unread: WorkspaceFolderInfo[] = [];
  let started = false;
  /** A run began (until then each opened document pushes the first run back: the editor is still opening files). */
  let ran = false;
  let pathProblemTold = false;
  const published = new Map<string, Published>();
  /** folder uri → the uris it published to. */
  const byFolder = new Map<string, Set<string>>();
  /** folder uri → its last analysis (the report page's model). */
  const lastRuns = new Map<string, FolderRun>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const generation = new Map<string, number>();
  /** Fix requests' documents that are not the open version get versions of their own (the service caches parses by version). */
  let fixVersion = 0;
  /** folder uri → the run under way (its token, cancelled by a newer run, a settings or store change, shutdown). */
  const running = new Map<string, { isCancellationRequested: boolean }>();
  /** folder uri → why its newest run could not read it (missing, no permission; the client's error for a folder not on disk): named in the report. */
  const readErrors = new Map<string, string>();
  /** folder uri → the promise of its newest run while it runs (a report whose run is superseded awaits it). */
  const current = new Map<string, Promise<FolderRun | undefined>>();
  let disposed = false;

  function cancel(uri: string): void {
    const token = running.get(uri);
    if (token) token.isCancellationRequested = true;
  }

  /** Whether the folder is (still) one of the workspace folders least privilege reads. */
  const present = (uri: string): boolean => folders.some((f) => f.uri === uri);

  function folderOf(uri: string): WorkspaceFolderInfo | undefined {
    let best: WorkspaceFolderInfo | undefined;
    for (const f of folders) {
      const base = f.uri.endsWith('/') ? f.uri : `${f.uri}/`;
      if (uri.startsWith(base) && (!best || f.uri.length > best.uri.length)) best = f;
    }
    return best;
  }

  /** Pushes what changed: open documents through their own validation, the others alone. */
  function push(uri: string): void {
    if (deps.documents.get(uri)) deps.revalidate(uri);
    else void deps.connection.sendDiagnostics({ uri, diagnostics: published.get(uri)?.diagnostics ?? [] });
  }

  function clearFolder(key: string): void {
    const uris = byFolder.get(key) ?? new Set<string>();
    byFolder.delete(key);
    const had = lastRuns.delete(key);
    for (const u of uris) {
      published.delete(u);
      push(u);
    }
    if (had || uris.size) deps.reportsChanged();
  }

  function log(message: string, level: 'info' | 'error' = 'info'): void {
    try {
      deps.connection.console[level](message);
    } catch {
      // the connection is gone
    }
  }

  /**
   * Reads and analyses a folder; undefined when superseded (a newer run of the folder began) or
   * without a store. Publishes the findings when the store has path data (else clears them);
   * without path data the result is still the report's (its apps and calls, "without path data"),
   * and a scheduled run (`forReport` false) reads nothing at all. Undefined too when `token` is
   * cancelled (a newer run, a settings or store change, shutdown).
   */
  async function analyse(folder: WorkspaceFolderInfo, forReport: boolean, token: { isCancellationRequested: boolean }): Promise<FolderRun | undefined> {
    if (!present(folder.uri)) return undefined; // removed from the workspace: nothing published
    const gen = (generation.get(folder.uri) ?? 0) + 1;
    generation.set(folder.uri, gen);
    ran = true;
    await deps.ensureStore();
    const store = deps.store();
    const service = deps.service();
    if (!store || !service) return undefined;
    // First need of the path data: it loads here (a failure is told once and least privilege stays off).
    const hasPathData = store.loadPathData();
    if (!hasPathData && store.pathDataProblem && !pathProblemTold) {
      pathProblemTold = true;
      log(`Least privilege: ${store.pathDataProblem}`, 'error');
    }
    if (!hasPathData && !forReport) {
      clearFolder(folder.uri);
      return undefined;
    }
    const [settings, exclude] = await Promise.all([deps.settingsFor(folder.uri), deps.excludesFor(folder.uri)]);
    if (generation.get(folder.uri) !== gen) return undefined; // superseded
    const gathered = await readFolder(folder, settings.maxFileSizeKB, exclude);
    if (generation.get(folder.uri) !== gen || deps.store() !== store || token.isCancellationRequested) return undefined;
    if ('error' in gathered) {
      // Not an empty folder: its findings are cleared and the report names it with the reason (logged).
      const was = readErrors.get(folder.uri);
      readErrors.set(folder.uri, gathered.error);
      clearFolder(folder.uri);
      if (was !== gathered.error) deps.reportsChanged();
      return undefined;
    }
    readErrors.delete(folder.uri);
    const { read, allPaths, skipped, unreadable } = gathered;
    const files: LeastPrivilegeFile[] = read.map((f) => {
      // Open documents' text first: their parse is shared with the other features.
      const open = deps.documents.get(f.uri);
      return open ? { uri: f.uri, version: open.version, path: f.path, text: open.getText() } : { uri: f.uri, version: 0, path: f.path, text: f.text };
    });
    if (unreadable) log(`Least privilege: ${unreadable} file${unreadable === 1 ? '' : 's'} or folder${unreadable === 1 ? '' : 's'} of ${folder.name} could not be read (left out)`, 'error');
    log(`Least privilege: analysing ${folder.name} (${files.length} files)`);
    const t0 = Date.now();
    let result: LeastPrivilegeResult;
    try {
      // In slices: a hover or completion need not wait for the whole folder.
      result = await service.leastPrivilegeAsync({ key: folder.uri, name: folder.name, files, allPaths }, settings, { token, yieldNow });
    } catch (e) {
      if (!isStepsCancelled(e)) throw e;
      log(`Least privilege: the analysis of ${folder.name} was cancelled (a newer run, a settings or store change, or shutdown)`);
      return undefined;
    }
    const reports = result.apps.flatMap((r) => (r.report ? [r.report] : []));
    const count = (f: (r: (typeof reports)[number]) => number): number => reports.reduce((n, r) => n + f(r), 0);
    log(
      `Least privilege: ${folder.name} analysed in ${Date.now() - t0} ms (${count((r) => r.findings.length)} findings): ${result.apps.length} app${result.apps.length === 1 ? '' : 's'}, ${count((r) => r.calls.length)} Graph calls, ${count((r) => r.manifests.length)} manifests, from ${files.length} files (${skipped} skipped as binary or oversized${unreadable ? `, ${unreadable} unreadable` : ''})`,
    );
    if (generation.get(folder.uri) !== gen || token.isCancellationRequested || deps.store() !== store || deps.service() !== service || !present(folder.uri)) return undefined; // superseded or removed
    const run: FolderRun = { uri: folder.uri, name: folder.name, result, service, epoch: deps.epoch() };
    if (!hasPathData) {
      clearFolder(folder.uri);
      lastRuns.set(folder.uri, run);
      return run;
    }
    const before = byFolder.get(folder.uri) ?? new Set<string>();
    const now = new Set<string>();
    for (const f of result.files) {
      const lines = new LineIndex(f.text);
      const diagnostics = f.diagnostics.map((d) => deps.toDiagnostic({ start: lines.position(d.start), end: lines.position(Math.max(d.start, d.end)) }, d, f.version));
      published.set(f.uri, { diagnostics, usageKnown: new Set(f.usageKnown) });
      now.add(f.uri);
    }
    byFolder.set(folder.uri, now);
    lastRuns.set(folder.uri, run);
    for (const u of before) if (!now.has(u)) published.delete(u);
    for (const u of new Set([...before, ...now])) push(u);
    deps.reportsChanged();
    return run;
  }

  /**
   * A folder's usage files, every path in it and how many were skipped: from disk for a `file:`
   * folder, else from the client (`ReadFolderRequest`; its answer checked: only files inside the
   * folder). Undefined when the client's answer failed (logged).
   */
  async function readFolder(
    folder: WorkspaceFolderInfo,
    maxFileSizeKB: number,
    exclude: ((relPath: string) => boolean) | undefined,
  ): Promise<{ read: { uri: string; path: string; text: string }[]; allPaths: string[]; skipped: number; unreadable: number } | { error: string }> {
    if (folder.uri.startsWith('file:')) {
      const dir = fileURLToPath(folder.uri);
      const { files, allPaths, skipped, rootError, unreadable } = readRepository(dir, { exclude, maxBytes: maxFileSizeKB * 1024 });
      if (rootError) {
        log(`Least privilege: cannot read ${folder.name} (${dir}): ${rootError}`, 'error');
        return { error: `it could not be read: ${rootError}` };
      }
      return { read: files.map((f) => ({ uri: pathToFileURL(path.join(dir, ...f.path.split('/'))).href, path: f.path, text: f.text })), allPaths, skipped, unreadable };
    }
    let r: ReadFolderResult;
    try {
      r = await deps.readFolder({ folderUri: folder.uri, maxFileSizeKB });
    } catch (e) {
      const why = (e as Error).message;
      log(`Least privilege: the editor could not read the folder ${folder.name} (${folder.uri}): ${why}`, 'error');
      return { error: `the editor could not read it: ${why}` };
    }
    const base = folder.uri.endsWith('/') ? folder.uri : `${folder.uri}/`;
    const ok = (f: unknown): f is { uri: string; path: string; text: string } =>
      !!f && typeof f === 'object' && typeof (f as { uri?: unknown }).uri === 'string' && (f as { uri: string }).uri.startsWith(base) && typeof (f as { path?: unknown }).path === 'string' && typeof (f as { text?: unknown }).text === 'string';
    const files = Array.isArray(r?.files) ? r.files : [];
    const read = files.filter(ok);
    if (read.length !== files.length) log(`Least privilege: ${files.length - read.length} files of the client's answer for ${folder.name} were not inside the folder or not text: not read`, 'error');
    return { read, allPaths: Array.isArray(r?.allPaths) ? r.allPaths.filter((p): p is string => typeof p === 'string') : [], skipped: typeof r?.skipped === 'number' ? r.skipped : 0, unreadable: 0 };
  }

  function failed(folder: WorkspaceFolderInfo, e: unknown): void {
    log(`Least privilege: analysis of ${folder.name} failed: ${(e as Error).stack ?? String(e)}`, 'error');
  }

  /** Runs `analyse` as the folder's run under way, cancelling the one before it. */
  function track(folder: WorkspaceFolderInfo, forReport: boolean): Promise<FolderRun | undefined> {
    cancel(folder.uri);
    const token = { isCancellationRequested: false };
    running.set(folder.uri, token);
    const promise: Promise<FolderRun | undefined> = analyse(folder, forReport, token).finally(() => {
      if (running.get(folder.uri) === token) running.delete(folder.uri);
      if (current.get(folder.uri) === promise) current.delete(folder.uri);
    });
    current.set(folder.uri, promise);
    return promise;
  }

  /**
   * A folder analysed for the report. When the report's run is superseded, the newer run's result:
   * a run under way (a save, another request) is awaited, one scheduled (a settings or store change)
   * runs now. Undefined when newer runs kept superseding it (the report names the folder).
   */
  async function reportRun(folder: WorkspaceFolderInfo): Promise<FolderRun | undefined> {
    for (let attempt = 0; attempt < REPORT_ATTEMPTS && !disposed; attempt++) {
      clearTimeout(timers.get(folder.uri));
      timers.delete(folder.uri);
      let awaited = track(folder, true);
      let r = await awaited;
      for (let newer = current.get(folder.uri); !r && newer && newer !== awaited; newer = current.get(folder.uri)) {
        awaited = newer;
        r = await newer.catch(() => undefined); // its own failure is logged by whoever started it
      }
      if (r) return r;
      if (!present(folder.uri) || readErrors.has(folder.uri)) return undefined; // removed from the workspace, or unreadable
    }
    return undefined;
  }

  function schedule(folder: WorkspaceFolderInfo): void {
    if (disposed) return;
    clearTimeout(timers.get(folder.uri));
    const timer = setTimeout(() => {
      timers.delete(folder.uri);
      track(folder, false).catch((e) => failed(folder, e));
    }, DEBOUNCE_MS);
    timer.unref?.();
    timers.set(folder.uri, timer);
  }

  function scheduleAll(): void {
    // What runs now reads the old settings or store.
    for (const uri of running.keys()) cancel(uri);
    if (started) for (const f of folders) schedule(f);
  }

  async function report(refresh: boolean): Promise<LeastPrivilegeReportModel | null> {
    await deps.ensureStore();
    const store = deps.store();
    if (!store) return null;
    started = true;
    const list = folders;
    const results = new Map<string, FolderRun>();
    for (const folder of list) {
      if (lastRuns.has(folder.uri) && !refresh) continue;
      try {
        const r = await reportRun(folder);
        if (r) results.set(folder.uri, r);
      } catch (e) {
        failed(folder, e);
        throw new Error(`the least-privilege analysis of ${folder.name} failed: ${(e as Error).message}`, { cause: e });
      }
    }
    // Each folder's newest results: a run that finished while a later folder was analysed (a save) wins.
    const runs: FolderRun[] = [];
    const notAnalysed: { name: string; why: string }[] = [];
    for (const folder of list.filter((f) => present(f.uri))) {
      const r = lastRuns.get(folder.uri) ?? results.get(folder.uri);
      const error = readErrors.get(folder.uri);
      if (r) runs.push(r);
      else if (error) notAnalysed.push({ name: folder.name, why: error });
      else notAnalysed.push({ name: folder.name, why: 'its analysis was cancelled again and again by newer changes (settings, the metadata or its files): refresh the report' });
    }
    const model = leastPrivilegeReportModel(runs, store.loadPathData() ? undefined : noPathDataMessage(store));
    const all = [...unread.map((f) => ({ name: f.name, why: 'the language server reads folders on disk only' })), ...notAnalysed];
    return all.length ? { ...model, unread: all } : model;
  }

  /** The last run that found this finding (in the file of `uri`), of this epoch when given. */
  function runOf(uri: string, id: string, epoch?: number): FolderRun | undefined {
    const folder = folderOf(uri);
    const run = folder && lastRuns.get(folder.uri);
    if (!run || (epoch !== undefined && run.epoch !== epoch)) return undefined;
    return run.result.files.some((f) => f.uri === uri && f.diagnostics.some((d) => d.id === id)) ? run : undefined;
  }

  /** The service's document for a text of `uri`: the open document's version when it is that text, else a version of its own. */
  function docOf(uri: string, text: string): ServiceDocument {
    const open = deps.documents.get(uri);
    const version = open && open.getText() === text ? open.version : --fixVersion;
    return { uri, version, languageId: open?.languageId ?? '', fileName: fileNameOf(uri), text };
  }

  async function fix(p: LeastPrivilegeFixParams): Promise<LeastPrivilegeFixResult> {
    await deps.ensureStore();
    if (typeof p?.uri !== 'string' || typeof p.id !== 'string' || typeof p.text !== 'string' || typeof p.fix !== 'number') return { changed: true };
    const run = runOf(p.uri, p.id);
    if (!run) return { changed: true }; // analysed again since the report
    // The finding's fixes, in the order the report shows them (none once the file changed).
    const action = run.service.codeActions(docOf(p.uri, p.text), 0, [p.id], await deps.settingsFor(p.uri), ['quickfix'])[p.fix];
    if (!action || (typeof p.title === 'string' && action.title !== p.title)) return { changed: true };
    const lines = PlainDocument.create(p.uri, '', 0, p.text);
    return { title: action.title, edits: action.edits.map((e) => ({ range: { start: lines.positionAt(e.start), end: lines.positionAt(e.end) }, newText: e.newText })) };
  }

  function codeActions(doc: ServiceDocument, findings: readonly { id: string; epoch: number }[], settings: LensSettings): ServiceCodeAction[] {
    return findings.flatMap(({ id, epoch }) => runOf(doc.uri, id, epoch)?.service.codeActions(doc, 0, [id], settings, ['quickfix']) ?? []);
  }

  return {
    setFolders(list) {
      const keep = new Set(list.map((f) => f.uri));
      for (const f of folders)
        if (!keep.has(f.uri)) {
          // Its run scheduled (a second after a document opened) must not publish it again.
          clearTimeout(timers.get(f.uri));
          timers.delete(f.uri);
          cancel(f.uri);
          clearFolder(f.uri);
          readErrors.delete(f.uri);
        }
      // A folder not on disk (a remote repository opened without a clone) is read through the client when it can, else named in the report.
      const readable = (f: WorkspaceFolderInfo): boolean => f.uri.startsWith('file:') || deps.readsFolders();
      folders = list.filter(readable);
      unread = list.filter((f) => !readable(f));
      scheduleAll();
    },
    opened() {
      if (ran) return;
      started = true;
      scheduleAll();
    },
    changed(uri) {
      if (!started) return;
      const name = uri.slice(uri.lastIndexOf('/') + 1);
      if (!usageFormatOf(decodeURIComponent(name)) && !isProjectFile(decodeURIComponent(name))) return;
      const folder = folderOf(uri);
      if (!folder) return;
      // Not under a folder least privilege never reads (the one skip list), nor one the client excludes.
      const parts = decodeURIComponent(uri.slice(folder.uri.replace(/\/?$/, '/').length)).split('/');
      if (parts.slice(0, -1).some(isSkippedFolder)) return;
      void deps.excludesFor(folder.uri).then((exclude) => {
        // The file or a folder above it excluded (as the walk leaves it out).
        if (exclude && parts.some((_, i) => exclude(parts.slice(0, i + 1).join('/')))) return;
        if (present(folder.uri)) schedule(folder);
      });
    },
    scheduleAll,
    storeChanged() {
      started = true;
      scheduleAll();
    },
    diagnosticsOf: (uri) => published.get(uri)?.diagnostics ?? [],
    keep(doc, d) {
      if (d.code !== 'broader-than-sibling') return true;
      const known = published.get(doc.uri)?.usageKnown;
      if (!known) return true;
      const p = doc.positionAt(d.start);
      return !known.has(`${p.line + 1}:${p.character + 1}`);
    },
    report,
    fix,
    codeActions,
    dispose() {
      disposed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const uri of running.keys()) cancel(uri);
    },
  };
}
