/**
 * Least privilege in the language server: each `file:` workspace folder is read from disk (the Node
 * platform's folder walk, open documents' text first) and handed to the service's `leastPrivilege`
 * entry point, as the VS Code client and the CLI do; its findings (`permission-unused`,
 * `-over-broad`, `-missing`) are pushed with the file's other diagnostics, their quick-fixes found
 * by id. Settings: the same `graphPermissionLens.leastPrivilege.*` (read per folder). Runs
 * (debounced: a second after the last document opened, then on save of a file least privilege
 * reads, on a settings change and when the workspace folders change) only while the store has
 * path data. The analysis runs in slices of a few milliseconds (the service's `leastPrivilegeAsync`,
 * yielding with `setImmediate`), so hovers, completions and diagnostics are answered while a large
 * folder is analysed; a newer run of a folder cancels the one running, as do a settings or store
 * change (every folder) and shutdown.
 */
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { isProjectFile } from '../core/leastPrivilege';
import { usageFormatOf } from '../core/leastPrivilege/files';
import type { Severity, Diagnostic as CoreDiagnostic } from '../core/rules/types';
import { isStepsCancelled, type LanguageService, type LensSettings, type LeastPrivilegeFile } from '../core/service';
import type { PermissionStore } from '../core/store/store';
import { LineIndex } from '../core/text/text';
import { readRepository } from '../platform/node/walk';

const DEBOUNCE_MS = 1000;

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
  dispose(): void;
}

interface Published {
  diagnostics: Diagnostic[];
  usageKnown: Set<string>;
}

export function createServerLeastPrivilege(deps: ServerLeastPrivilegeDeps): ServerLeastPrivilege {
  let folders: WorkspaceFolderInfo[] = [];
  let started = false;
  /** A run began (until then each opened document pushes the first run back: the editor is still opening files). */
  let ran = false;
  let pathProblemTold = false;
  const published = new Map<string, Published>();
  /** folder uri → the uris it published to. */
  const byFolder = new Map<string, Set<string>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const generation = new Map<string, number>();
  /** folder uri → the run under way (its token, cancelled by a newer run, a settings or store change, shutdown). */
  const running = new Map<string, { isCancellationRequested: boolean }>();
  let disposed = false;

  function log(message: string): void {
    try {
      deps.connection.console.log(message);
    } catch {
      // the connection is gone
    }
  }

  function cancel(uri: string): void {
    const token = running.get(uri);
    if (token) token.isCancellationRequested = true;
  }

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
    for (const u of uris) {
      published.delete(u);
      push(u);
    }
  }

  async function run(folder: WorkspaceFolderInfo, token: { isCancellationRequested: boolean }): Promise<void> {
    const gen = (generation.get(folder.uri) ?? 0) + 1;
    generation.set(folder.uri, gen);
    ran = true;
    await deps.ensureStore();
    const store = deps.store();
    const service = deps.service();
    if (!store || !service) return;
    // First need of the path data: it loads here (a failure is told once and least privilege stays off).
    if (!store.loadPathData()) {
      if (store.pathDataProblem && !pathProblemTold) {
        pathProblemTold = true;
        deps.connection.console.error(`Least privilege: ${store.pathDataProblem}`);
      }
      clearFolder(folder.uri);
      return;
    }
    const settings = await deps.settingsFor(folder.uri);
    if (generation.get(folder.uri) !== gen) return; // superseded
    const dir = fileURLToPath(folder.uri);
    const { files: read, allPaths } = readRepository(dir);
    const files: LeastPrivilegeFile[] = read.map((f) => {
      const uri = pathToFileURL(path.join(dir, ...f.path.split('/'))).href;
      // Open documents' text first: their parse is shared with the other features.
      const open = deps.documents.get(uri);
      return open ? { uri, version: open.version, path: f.path, text: open.getText() } : { uri, version: 0, path: f.path, text: f.text };
    });
    log(`Least privilege: analysing ${folder.name} (${files.length} files)`);
    const began = Date.now();
    let result;
    try {
      result = await service.leastPrivilegeAsync({ key: folder.uri, name: folder.name, files, allPaths }, settings, { token, yieldNow });
    } catch (e) {
      if (!isStepsCancelled(e)) throw e;
      log(`Least privilege: the analysis of ${folder.name} was cancelled (a newer run, a settings or store change, or shutdown)`);
      return;
    }
    if (generation.get(folder.uri) !== gen || token.isCancellationRequested) return;
    log(`Least privilege: ${folder.name} analysed in ${Date.now() - began} ms (${result.files.reduce((n, f) => n + f.diagnostics.length, 0)} findings)`);
    const before = byFolder.get(folder.uri) ?? new Set<string>();
    const now = new Set<string>();
    for (const f of result.files) {
      const lines = new LineIndex(f.text);
      const diagnostics = f.diagnostics.map((d) => deps.toDiagnostic({ start: lines.position(d.start), end: lines.position(Math.max(d.start, d.end)) }, d, f.version));
      published.set(f.uri, { diagnostics, usageKnown: new Set(f.usageKnown) });
      now.add(f.uri);
    }
    byFolder.set(folder.uri, now);
    for (const u of before) if (!now.has(u)) published.delete(u);
    for (const u of new Set([...before, ...now])) push(u);
  }

  function start(folder: WorkspaceFolderInfo): void {
    // A newer run supersedes the one under way.
    cancel(folder.uri);
    const token = { isCancellationRequested: false };
    running.set(folder.uri, token);
    void run(folder, token)
      .catch((e) => {
        try {
          deps.connection.console.error(`Least privilege: analysis of ${folder.name} failed: ${(e as Error).stack ?? e}`);
        } catch {
          // the connection is gone
        }
      })
      .finally(() => {
        if (running.get(folder.uri) === token) running.delete(folder.uri);
      });
  }

  function schedule(folder: WorkspaceFolderInfo): void {
    if (disposed) return;
    clearTimeout(timers.get(folder.uri));
    const timer = setTimeout(() => {
      timers.delete(folder.uri);
      start(folder);
    }, DEBOUNCE_MS);
    timer.unref?.();
    timers.set(folder.uri, timer);
  }

  function scheduleAll(): void {
    // What runs now reads the old settings or store.
    for (const uri of running.keys()) cancel(uri);
    if (started) for (const f of folders) schedule(f);
  }

  return {
    setFolders(list) {
      const keep = new Set(list.map((f) => f.uri));
      for (const f of folders)
        if (!keep.has(f.uri)) {
          cancel(f.uri);
          clearFolder(f.uri);
        }
      folders = list.filter((f) => f.uri.startsWith('file:'));
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
      if (folder) schedule(folder);
    },
    scheduleAll,
    diagnosticsOf: (uri) => published.get(uri)?.diagnostics ?? [],
    keep(doc, d) {
      if (d.code !== 'broader-than-sibling') return true;
      const known = published.get(doc.uri)?.usageKnown;
      if (!known) return true;
      const p = doc.positionAt(d.start);
      return !known.has(`${p.line + 1}:${p.character + 1}`);
    },
    dispose() {
      disposed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const uri of running.keys()) cancel(uri);
    },
  };
}
