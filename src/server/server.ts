/**
 * The Graph Permission Lens language server: the core language service over LSP, for any editor
 * with an LSP client (Neovim, Helix, Zed, Sublime, JetBrains through LSP4IJ). It is a thin host:
 * documents come from the client, settings from `workspace/configuration`, the store from the
 * bundled data folder (or upstream metadata named in the initialization options); every feature is
 * the service's (src/core/service).
 *
 * Diagnostics are pushed, debounced per document, and dropped when a newer version arrived; each
 * carries `data` (protocol.ts `DiagnosticData`) so that its quick-fixes are found by id. The
 * least-privilege findings of the workspace folders (./leastPrivilege.ts) are pushed with them.
 */
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeAction,
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
  type CompletionItem,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type TextEdit,
} from 'vscode-languageserver/node';
import { bundledData, loadPermissionStore } from '../platform/node/data';
import type { LazyResourceModel } from '../core/payloads';
import type { Severity, TextEdit as CoreEdit } from '../core/rules/types';
import { createLanguageService, isLeastPrivilegeId, rawFromObject, readSettings, type LanguageService, type LensSettings, type ServiceCodeAction, type ServiceCompletionKind, type ServiceDocument } from '../core/service';
import type { PermissionStore } from '../core/store/store';
import { loadStoreWithMetadata } from '../platform/node/upstream';
import { createServerLeastPrivilege, type WorkspaceFolderInfo } from './leastPrivilege';
import { Commands, CONFIGURATION_SECTION, SERVER_NAME, type DiagnosticData, type InitializationOptions } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const COMPLETION_KIND: Record<ServiceCompletionKind, CompletionItemKind> = {
  permission: CompletionItemKind.Value,
  type: CompletionItemKind.EnumMember,
  resourceApp: CompletionItemKind.Module,
  property: CompletionItemKind.Property,
  enumMember: CompletionItemKind.EnumMember,
  payloadType: CompletionItemKind.Class,
  value: CompletionItemKind.Value,
};

export interface ServerOptions {
  /** The bundled data folder when the client names none. */
  defaultDataDir: string;
}

/** Starts the server on a connection (stdio, IPC or an in-process stream pair). */
export function startServer(connection: Connection, opts: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  let init: InitializationOptions = {};
  let configurationCapable = false;
  let store: PermissionStore | undefined;
  let storeError: string | undefined;
  let storeLoading: Promise<void> | undefined;
  let resources: LazyResourceModel | undefined;
  let service: LanguageService | undefined;
  const settingsCache = new Map<string, Promise<LensSettings>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Loads the store once (bundled, or upstream metadata when named); reports a failure once. */
  function ensureStore(): Promise<void> {
    storeLoading ??= (async () => {
      const dataDir = init.dataDir ?? opts.defaultDataDir;
      try {
        store = init.metadata ? await loadStoreWithMetadata(dataDir, init.metadata, { cwd: process.cwd() }) : loadPermissionStore(dataDir);
      } catch (e) {
        storeError = (e as Error).message;
        connection.window.showErrorMessage(`${SERVER_NAME}: the permission store did not load: ${storeError}`);
      }
      resources = bundledData(dataDir).resources;
      service = createLanguageService({ store: () => store, payloadModel: () => resources?.get(), commandLinks: init.commandLinks === true });
    })();
    return storeLoading;
  }

  function settingsFor(uri: string): Promise<LensSettings> {
    if (!configurationCapable) return Promise.resolve(readSettings(rawFromObject(init.settings)));
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: CONFIGURATION_SECTION })
        .then((raw: unknown) => readSettings(rawFromObject(raw ?? init.settings)))
        .catch(() => readSettings(rawFromObject(init.settings)));
      settingsCache.set(uri, s);
    }
    return s;
  }

  function serviceDoc(doc: TextDocument): ServiceDocument {
    return { uri: doc.uri, version: doc.version, languageId: doc.languageId, fileName: fileNameOf(doc.uri), text: doc.getText() };
  }

  function toRange(doc: TextDocument, start: number, end: number) {
    return { start: doc.positionAt(start), end: doc.positionAt(end) };
  }

  /** A service diagnostic over LSP, with the data its quick-fixes are found by. */
  function toDiagnostic(range: Diagnostic['range'], d: { severity: Severity; code: string; message: string; id: string }, version: number): Diagnostic {
    return { range, severity: SEVERITY[d.severity], code: d.code, source: SERVER_NAME, message: d.message, data: { id: d.id, version } satisfies DiagnosticData };
  }

  function toEdits(doc: TextDocument, edits: readonly CoreEdit[]): TextEdit[] {
    return edits.map((e) => ({ range: toRange(doc, e.start, e.end), newText: e.newText }));
  }

  /** What was wrong with the settings, told once per distinct problem (not once per document). */
  const toldProblems = new Set<string>();
  function tellSettingProblems(settings: LensSettings): void {
    const problems = [...settings.ruleProblems.map((p) => `ignoring part of the "${CONFIGURATION_SECTION}.rules" setting: ${p}`), ...settings.settingProblems];
    for (const p of problems) {
      if (toldProblems.has(p)) continue;
      toldProblems.add(p);
      connection.console.warn(p);
      void connection.window.showWarningMessage(`${SERVER_NAME}: ${p}`);
    }
  }

  async function validate(doc: TextDocument): Promise<void> {
    await ensureStore();
    const settings = await settingsFor(doc.uri);
    tellSettingProblems(settings);
    const version = doc.version;
    const current = documents.get(doc.uri);
    if (!service || !current || current.version !== version) return; // closed or edited meanwhile
    const result = service.check(serviceDoc(doc), settings, () => documents.get(doc.uri)?.version !== version);
    if (documents.get(doc.uri)?.version !== version) return;
    for (const e of result.errors) connection.console.error(`${doc.uri}: ${e}`);
    const own = result.diagnostics.filter((d) => leastPrivilege.keep(doc, d)).map((d) => toDiagnostic(toRange(doc, d.start, d.end), d, version));
    const diagnostics = [...own, ...leastPrivilege.diagnosticsOf(doc.uri)];
    await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
  }

  function schedule(doc: TextDocument, immediate: boolean): void {
    clearTimeout(timers.get(doc.uri));
    void settingsFor(doc.uri).then((settings) => {
      if (!immediate && settings.validate === 'onSave') return;
      clearTimeout(timers.get(doc.uri));
      const timer = setTimeout(
        () => {
          timers.delete(doc.uri);
          const latest = documents.get(doc.uri);
          if (latest) validate(latest).catch((e) => connection.console.error(`checking ${doc.uri} failed: ${(e as Error).stack ?? e}`));
        },
        immediate ? 0 : settings.debounceMs,
      );
      timers.set(doc.uri, timer);
    });
  }

  const leastPrivilege = createServerLeastPrivilege({
    connection,
    documents,
    ensureStore,
    service: () => service,
    store: () => store,
    settingsFor,
    toDiagnostic,
    revalidate: (uri) => {
      const doc = documents.get(uri);
      if (doc) schedule(doc, true);
    },
  });
  let workspaceFoldersCapable = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    init = (params.initializationOptions ?? {}) as InitializationOptions;
    configurationCapable = params.capabilities.workspace?.configuration === true;
    workspaceFoldersCapable = params.capabilities.workspace?.workspaceFolders === true;
    const folders: WorkspaceFolderInfo[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: params.rootUri.replace(/\/+$/, '').split('/').pop() ?? params.rootUri }] : []);
    leastPrivilege.setFolders(folders);
    return {
      capabilities: {
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"', "'", ':', ' ', ',', '#'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        executeCommandProvider: { commands: Object.values(Commands) },
      },
      serverInfo: { name: 'graph-permission-lens' },
    };
  });

  connection.onInitialized(() => {
    if (!workspaceFoldersCapable) return;
    connection.workspace.onDidChangeWorkspaceFolders(async () => leastPrivilege.setFolders((await connection.workspace.getWorkspaceFolders()) ?? []));
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    service?.clear();
    for (const doc of documents.all()) schedule(doc, true);
    leastPrivilege.scheduleAll();
  });
  // Sent by clients that watch files for the server (created, changed or deleted outside the editor).
  connection.onDidChangeWatchedFiles((p) => {
    for (const c of p.changes) leastPrivilege.changed(c.uri);
  });

  documents.onDidOpen((e) => {
    schedule(e.document, true);
    leastPrivilege.opened();
  });
  documents.onDidChangeContent((e) => schedule(e.document, false));
  documents.onDidSave((e) => {
    schedule(e.document, true);
    leastPrivilege.changed(e.document.uri);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    service?.forget(e.document.uri);
    // A closed file keeps its least-privilege findings (they are about the folder, not the editor).
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: leastPrivilege.diagnosticsOf(e.document.uri) });
  });

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    await ensureStore();
    const h = service?.hover(serviceDoc(doc), doc.offsetAt(params.position), await settingsFor(doc.uri));
    if (!h) return null;
    return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(doc, h.start, h.end) };
  });

  connection.onCompletion(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    await ensureStore();
    const r = service?.complete(serviceDoc(doc), doc.offsetAt(params.position), await settingsFor(doc.uri));
    if (!r) return null;
    const range = toRange(doc, r.replaceStart, r.replaceEnd);
    return r.items.map(
      (i): CompletionItem => ({
        label: i.label,
        kind: COMPLETION_KIND[i.kind],
        textEdit: { range, newText: i.insertText },
        insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        ...(i.detail ? { detail: i.detail } : {}),
        ...(i.filterText ? { filterText: i.filterText } : {}),
        ...(i.sortText ? { sortText: i.sortText } : {}),
        ...(i.preselect ? { preselect: true } : {}),
        ...(i.documentation ? { documentation: { kind: MarkupKind.Markdown, value: i.documentation } } : {}),
      }),
    );
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    await ensureStore();
    if (!service) return null;
    const ids: string[] = [];
    const byId = new Map<string, Diagnostic>();
    for (const d of params.context.diagnostics) {
      const data = d.data as Partial<DiagnosticData> | undefined;
      // Least-privilege findings are checked by the service against the text they were found in.
      if (d.source !== SERVER_NAME || !data || typeof data.id !== 'string' || (data.version !== doc.version && !isLeastPrivilegeId(data.id))) continue;
      ids.push(data.id);
      byId.set(data.id, d);
    }
    const only = params.context.only?.map((k) => (k.startsWith(CodeActionKind.QuickFix) ? 'quickfix' : k.startsWith(CodeActionKind.Refactor) ? 'refactor.rewrite' : undefined)).filter((k): k is ServiceCodeAction['kind'] => !!k);
    if (params.context.only && only?.length === 0) return [];
    const actions = service.codeActions(serviceDoc(doc), doc.offsetAt(params.range.start), ids, await settingsFor(doc.uri), only);
    return actions.map((a) => {
      const action = CodeAction.create(a.title, { changes: { [doc.uri]: toEdits(doc, a.edits) } }, a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite);
      const diag = a.diagnosticId ? byId.get(a.diagnosticId) : undefined;
      if (diag) action.diagnostics = [diag];
      if (a.preferred) action.isPreferred = true;
      return action;
    });
  });

  connection.onExecuteCommand(async (params) => {
    const direction = params.command === Commands.convertGuidsToNames ? 'toNames' : params.command === Commands.convertNamesToGuids ? 'toGuids' : undefined;
    const uri = typeof params.arguments?.[0] === 'string' ? params.arguments[0] : undefined;
    const doc = uri ? documents.get(uri) : undefined;
    if (!direction || !doc) return { ok: false, message: `${params.command} takes the URI of an open document` };
    await ensureStore();
    if (!service) return { ok: false, message: storeError ?? 'no store' };
    const r = service.convert(serviceDoc(doc), direction, await settingsFor(doc.uri));
    if (r.ok && r.edits.length) {
      const applied = await connection.workspace.applyEdit({ label: 'Convert permissions', edit: { changes: { [doc.uri]: toEdits(doc, r.edits) } } });
      if (!applied.applied) return { ok: false, message: 'the document changed while converting; nothing was modified' };
    }
    connection.window.showInformationMessage(`${SERVER_NAME}: ${r.message}`);
    return { ok: r.ok, message: r.message };
  });

  documents.listen(connection);
  connection.listen();
}

/** The file name in a `file:` URI (formats like `aad.manifest.json` and `.http` are told by name). */
function fileNameOf(uri: string): string | undefined {
  try {
    const u = new URL(uri);
    return decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
}

/** Entry of dist/server.js: `node dist/server.js --stdio` (or `--node-ipc` when a VS Code client starts it). */
export function main(): void {
  const connection = createConnection(ProposedFeatures.all);
  // The bundle lives in dist/, the data next to it in ../data.
  startServer(connection, { defaultDataDir: path.join(__dirname, '..', 'data') });
}

if (require.main === module) main();
