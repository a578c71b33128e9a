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
 *
 * The VS Code extension is a client of this server too (src/vscode/languageClient.ts): it owns the
 * metadata in use (Update Metadata), which the server asks for and follows (`metadataFromClient`),
 * and it is told when a document is skipped, to say so once. Its explorer asks this server for what
 * it shows (./explorerProtocol.ts, ./explorerHandlers.ts); its least-privilege report page asks
 * for the report model and for the findings' fixes (protocol.ts `LeastPrivilegeReportRequest`,
 * `LeastPrivilegeFixRequest`) and is told when they change.
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
import { permissionDetail } from '../core/explorer/detail';
import type { LazyResourceModel } from '../core/payloads';
import type { Severity, TextEdit as CoreEdit } from '../core/rules/types';
import { PermissionStore } from '../core/store/store';
import { createLanguageService, isLeastPrivilegeId, rawFromObject, readSettings, type LanguageService, type LensSettings, type ServiceCodeAction, type ServiceCompletionKind, type ServiceDocument } from '../core/service';
import { loadStoreWithMetadata } from '../platform/node/upstream';
import { UpstreamCache } from '../platform/node/metadataCache';
import { activeStoreOf, diffStores } from '../core/upstream';
import { metadataInfo } from '../core/explorer/listing';
import {
  Commands,
  CONFIGURATION_SECTION,
  DocumentSkippedNotification,
  MetadataChangedNotification,
  MetadataLoadedNotification,
  MetadataRequest,
  UseMetadataRequest,
  PermissionDetailRequest,
  LeastPrivilegeChangedNotification,
  SERVER_NAME,
  type CommandResult,
  type DiagnosticData,
  type DocumentSkippedParams,
  type InitializationOptions,
  type MetadataInUse,
  type MetadataLoadedParams,
  type UseMetadataResult,
  type PermissionDetailParams,
  type PermissionDetailResult,
} from './protocol';
import { createServerLeastPrivilege, type WorkspaceFolderInfo } from './leastPrivilege';
import { registerLeastPrivilegeRequests } from './leastPrivilegeRequests';
import { ReadFolderRequest, type ReadFolderParams, type ReadFolderResult } from './protocol';
import { globMatcher } from '../core/text/glob';
import { fileNameOf } from './fileName';
import { registerExplorerHandlers } from './explorerHandlers';

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

/** `CompletionItem.data` of an item whose documentation comes on resolve. */
interface CompletionData {
  seq: number;
  index: number;
}

export interface ServerOptions {
  /** The bundled data folder when the client names none. */
  defaultDataDir: string;
}

/** Starts the server on a connection (stdio, IPC or an in-process stream pair). */
export function startServer(connection: Connection, opts: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  let init: InitializationOptions = {};
  let configurationCapable = false;
  /** The client resolves completion items' documentation (then it is sent on resolve, not with every item). */
  let lazyDocumentation = false;
  let store: PermissionStore | undefined;
  let storeError: string | undefined;
  let storeLoading: Promise<void> | undefined;
  let resources: LazyResourceModel | undefined;
  let service: LanguageService | undefined;
  /** Counts store and settings changes: a diagnostic of an older epoch has no fixes (its id may name another one now). */
  let epoch = 0;
  /** Counts stores put in use by the client's notification: an older answer to the first request must not win. */
  let storeChanges = 0;
  const settingsCache = new Map<string, Promise<LensSettings>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents already reported as skipped (once each). */
  const toldSkipped = new Set<string>();

  const dataDir = (): string => init.dataDir ?? opts.defaultDataDir;

  /** The store of the metadata a client uses: its upstream store as is, its cache (read here), or the bundled one. */
  function storeOf(m: MetadataInUse | null | undefined): PermissionStore {
    if (m?.store) return new PermissionStore(m.store);
    if (typeof m?.cacheDir === 'string' && m.cacheDir) return storeOfCache(m.cacheDir);
    return loadPermissionStore(dataDir());
  }

  // ---- The client's metadata cache, read here (the VS Code desktop client builds no store) ----

  /**
   * The store of the client's Update Metadata cache: its current download, else the previous one,
   * else the bundled store — a version that does not validate is set aside, and the client is told
   * which one is in use and the one sentence to show (protocol.ts `MetadataLoadedNotification`).
   */
  function storeOfCache(cacheDir: string): PermissionStore {
    const t0 = Date.now();
    const active = activeStoreOf(bundledData(dataDir()), new UpstreamCache(cacheDir));
    if (active.meta) connection.console.info(`Upstream metadata from ${active.meta.source} (${active.which}, fetched ${active.meta.fetchedAt}) loaded in ${Date.now() - t0} ms`);
    void connection.sendNotification(MetadataLoadedNotification, { which: active.which, meta: active.meta, problem: active.problem } satisfies MetadataLoadedParams);
    return active.store;
  }

  /** Update Metadata, Use Bundled Metadata, the test hook: the new store in use, and the diff from the one before. */
  connection.onRequest(UseMetadataRequest, (m: MetadataInUse): UseMetadataResult => {
    const before = store;
    useMetadata(m);
    if (!store || storeError) return { diff: null, info: null, error: storeError ?? 'the permission store did not load' };
    return { diff: before ? diffStores(before, store) : null, info: metadataInfo(store) };
  });

  // ---- end of the metadata cache block ----

  function createService(): void {
    resources ??= bundledData(dataDir()).resources;
    service?.clear();
    service = createLanguageService({ store: () => store, payloadModel: () => resources?.get(), commandLinks: init.commandLinks === true });
  }

  /** Loads the store once (the client's, bundled, or upstream metadata when named); reports a failure once. */
  function ensureStore(): Promise<void> {
    storeLoading ??= (async () => {
      const seen = storeChanges;
      try {
        const loaded = init.metadataFromClient
          ? storeOf(await connection.sendRequest<MetadataInUse | null>(MetadataRequest))
          : init.metadata
            ? await loadStoreWithMetadata(dataDir(), init.metadata, { cwd: process.cwd() })
            : loadPermissionStore(dataDir());
        if (seen === storeChanges) store = loaded;
      } catch (e) {
        storeError = (e as Error).message;
        connection.window.showErrorMessage(`${SERVER_NAME}: the permission store did not load: ${storeError}`);
      }
      if (!service) createService();
    })();
    return storeLoading;
  }

  /** The client put other metadata in use: every result is stale. */
  connection.onNotification(MetadataChangedNotification, (m: MetadataInUse) => useMetadata(m));
  function useMetadata(m: MetadataInUse): void {
    storeChanges++;
    try {
      store = storeOf(m);
      storeError = undefined;
    } catch (e) {
      storeError = (e as Error).message;
      connection.window.showErrorMessage(`${SERVER_NAME}: the permission store did not load: ${storeError}`);
      explorer.storeChanged();
      return;
    }
    storeLoading = Promise.resolve();
    epoch++;
    createService();
    for (const doc of documents.all()) schedule(doc, true);
    if (init.leastPrivilege !== false) leastPrivilege.storeChanged();
    explorer.storeChanged();
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
    return { range, severity: SEVERITY[d.severity], code: d.code, source: SERVER_NAME, message: d.message, data: { id: d.id, version, epoch } satisfies DiagnosticData };
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

  /** A document it reads was not analysed: logged, and the client told (once per document). */
  function tellSkipped(p: DocumentSkippedParams): void {
    if (toldSkipped.has(p.uri)) return;
    toldSkipped.add(p.uri);
    connection.console.info(`${p.uri} was not analysed: ${p.why} (setting ${CONFIGURATION_SECTION}.maxFileSizeKB)`);
    void connection.sendNotification(DocumentSkippedNotification, p);
  }

  async function validate(doc: TextDocument): Promise<void> {
    await ensureStore();
    const settings = await settingsFor(doc.uri);
    tellSettingProblems(settings);
    const version = doc.version;
    const current = documents.get(doc.uri);
    if (!service || !current || current.version !== version) return; // closed or edited meanwhile
    const sdoc = serviceDoc(doc);
    const parsed = service.parse(sdoc, settings);
    if (parsed.skipped && parsed.format) tellSkipped({ uri: doc.uri, why: parsed.skipped });
    const result = service.check(sdoc, settings, () => documents.get(doc.uri)?.version !== version);
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
    excludesFor,
    epoch: () => epoch,
    reportsChanged: () => void connection.sendNotification(LeastPrivilegeChangedNotification).catch(() => undefined),
    // Folders that are not on disk: the client reads them (protocol.ts `ReadFolderRequest`).
    readsFolders: () => init.readsFolders === true,
    readFolder: (p) => connection.sendRequest<ReadFolderResult>(ReadFolderRequest, p satisfies ReadFolderParams),
  });
  registerLeastPrivilegeRequests(connection, leastPrivilege);

  /** What the client's `files.exclude` and `search.exclude` leave out of a folder (least privilege does not read it either). */
  async function excludesFor(folderUri: string): Promise<((relPath: string) => boolean) | undefined> {
    if (!configurationCapable) return undefined;
    try {
      const sections = (await connection.workspace.getConfiguration([
        { scopeUri: folderUri, section: 'files.exclude' },
        { scopeUri: folderUri, section: 'search.exclude' },
      ])) as unknown[];
      const globs = sections.flatMap((s) => (s && typeof s === 'object' ? Object.entries(s as Record<string, unknown>).filter(([g, on]) => on === true && g.trim()).map(([g]) => g) : []));
      return globs.length ? globMatcher(globs) : undefined;
    } catch {
      return undefined; // a client without those sections
    }
  }
  let workspaceFoldersCapable = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    init = (params.initializationOptions ?? {}) as InitializationOptions;
    configurationCapable = params.capabilities.workspace?.configuration === true;
    lazyDocumentation = params.capabilities.textDocument?.completion?.completionItem?.resolveSupport?.properties.includes('documentation') === true;
    workspaceFoldersCapable = params.capabilities.workspace?.workspaceFolders === true;
    const folders: WorkspaceFolderInfo[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: params.rootUri.replace(/\/+$/, '').split('/').pop() ?? params.rootUri }] : []);
    if (init.leastPrivilege !== false) leastPrivilege.setFolders(folders);
    return {
      capabilities: {
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"', "'", ':', ' ', ',', '#'], resolveProvider: lazyDocumentation },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        // A client that registers them itself (VS Code) would otherwise have them registered twice.
        ...(init.clientCommands ? {} : { executeCommandProvider: { commands: Object.values(Commands) } }),
      },
      serverInfo: { name: 'graph-permission-lens' },
    };
  });

  connection.onInitialized(() => {
    if (!workspaceFoldersCapable) return;
    connection.workspace.onDidChangeWorkspaceFolders(async () => {
      if (init.leastPrivilege !== false) leastPrivilege.setFolders((await connection.workspace.getWorkspaceFolders()) ?? []);
    });
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    epoch++;
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
    toldSkipped.delete(e.document.uri);
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
    // Clients that resolve get each item's documentation on resolve: a list of 600 permissions does not carry 600 Markdown blocks.
    const seq = ++completionSeq;
    if (lazyDocumentation) lastDocumentation = { seq, docs: r.items.map((i) => i.documentation) };
    return r.items.map(
      (i, index): CompletionItem => ({
        label: i.label,
        kind: COMPLETION_KIND[i.kind],
        textEdit: { range, newText: i.insertText },
        insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        ...(i.detail ? { detail: i.detail } : {}),
        ...(i.filterText ? { filterText: i.filterText } : {}),
        ...(i.sortText ? { sortText: i.sortText } : {}),
        ...(i.preselect ? { preselect: true } : {}),
        ...(i.documentation ? (lazyDocumentation ? { data: { seq, index } satisfies CompletionData } : { documentation: { kind: MarkupKind.Markdown, value: i.documentation } }) : {}),
      }),
    );
  });

  let completionSeq = 0;
  /** The documentation of the last completion list's items, until the next list (clients resolve items of the list shown). */
  let lastDocumentation: { seq: number; docs: (string | undefined)[] } | undefined;
  connection.onCompletionResolve((item) => {
    const data = item.data as Partial<CompletionData> | undefined;
    const md = data && lastDocumentation && data.seq === lastDocumentation.seq && typeof data.index === 'number' ? lastDocumentation.docs[data.index] : undefined;
    return md ? { ...item, documentation: { kind: MarkupKind.Markdown, value: md } } : item;
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    await ensureStore();
    if (!service) return null;
    const ids: string[] = [];
    /** Least-privilege findings: fixed by the run that found them, while the file is the text analysed (whatever its version, epoch). */
    const lpFindings: { id: string; epoch: number }[] = [];
    const byId = new Map<string, Diagnostic>();
    for (const d of params.context.diagnostics) {
      const data = d.data as Partial<DiagnosticData> | undefined;
      if (d.source !== SERVER_NAME || !data || typeof data.id !== 'string') continue;
      if (isLeastPrivilegeId(data.id)) {
        if (typeof data.epoch === 'number') lpFindings.push({ id: data.id, epoch: data.epoch });
      } else if (data.version !== doc.version || (data.epoch ?? epoch) !== epoch) continue;
      else ids.push(data.id);
      byId.set(data.id, d);
    }
    const only = params.context.only?.map((k) => (k.startsWith(CodeActionKind.QuickFix) ? 'quickfix' : k.startsWith(CodeActionKind.Refactor) ? 'refactor.rewrite' : undefined)).filter((k): k is ServiceCodeAction['kind'] => !!k);
    if (params.context.only && only?.length === 0) return [];
    const sdoc = serviceDoc(doc);
    const settings = await settingsFor(doc.uri);
    const actions = [
      ...(lpFindings.length && (!only || only.includes('quickfix')) ? leastPrivilege.codeActions(sdoc, lpFindings, settings) : []),
      ...service.codeActions(sdoc, doc.offsetAt(params.range.start), ids, settings, only),
    ];
    return actions.map((a) => {
      const action = CodeAction.create(a.title, { changes: { [doc.uri]: toEdits(doc, a.edits) } }, a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite);
      const diag = a.diagnosticId ? byId.get(a.diagnosticId) : undefined;
      if (diag) action.diagnostics = [diag];
      if (a.preferred) action.isPreferred = true;
      return action;
    });
  });

  connection.onExecuteCommand(async (params): Promise<CommandResult> => {
    const direction = params.command === Commands.convertGuidsToNames ? 'toNames' : params.command === Commands.convertNamesToGuids ? 'toGuids' : undefined;
    const uri = typeof params.arguments?.[0] === 'string' ? params.arguments[0] : undefined;
    const doc = uri ? documents.get(uri) : undefined;
    if (!direction || !doc) return { ok: false, message: `${params.command} takes the URI of an open document` };
    await ensureStore();
    if (!service) return { ok: false, message: storeError ?? 'no store' };
    const sdoc = serviceDoc(doc);
    const settings = await settingsFor(doc.uri);
    const r = service.convert(sdoc, direction, settings);
    if (!r.ok) {
      // Refused on a JSON document it reads (an Entra manifest takes GUIDs only) is a warning; not readable at all, information.
      const readable = service.parse(sdoc, settings).analysis?.format === 'json';
      if (readable) void connection.window.showWarningMessage(`${SERVER_NAME}: ${r.message}`);
      else void connection.window.showInformationMessage(`${SERVER_NAME}: ${r.message}`);
      return { ok: false, message: r.message };
    }
    if (r.edits.length) {
      const applied = await connection.workspace.applyEdit({ label: 'Convert permissions', edit: { changes: { [doc.uri]: toEdits(doc, r.edits) } } });
      if (!applied.applied) {
        const message = 'the document changed while converting; nothing was modified. Try again.';
        void connection.window.showErrorMessage(`${SERVER_NAME}: ${message}`);
        return { ok: false, message };
      }
    }
    void connection.window.showInformationMessage(`${SERVER_NAME}: ${r.message}`);
    return { ok: true, message: r.message };
  });

  /** The detail page's model from this server's store (the VS Code client's explorer asks). */
  connection.onRequest(PermissionDetailRequest, async (p: PermissionDetailParams): Promise<PermissionDetailResult> => {
    await ensureStore();
    if (!store || typeof p?.name !== 'string' || typeof p.resourceAppId !== 'string') return null;
    const data = bundledData(dataDir());
    const index = data.resourceIndex() ?? `The resource types could not be read (${data.resources.error?.message ?? 'unknown error'}).`;
    return permissionDetail(store, { name: p.name, resourceAppId: p.resourceAppId }, index, typeof p.threshold === 'number' ? p.threshold : undefined) ?? null;
  });

  // ---- The explorer's requests (./explorerProtocol.ts, ./explorerHandlers.ts) ----
  const explorer = registerExplorerHandlers({ connection, ensureStore, store: () => store, storeError: () => storeError });
  // A least-privilege run under way stops at its next step.
  connection.onShutdown(() => leastPrivilege.dispose());

  documents.listen(connection);
  connection.listen();
}

/** Entry of dist/server.js: `node dist/server.js --stdio` (or `--node-ipc` when a VS Code client starts it). */
export function main(): void {
  const connection = createConnection(ProposedFeatures.all);
  // The bundle lives in dist/, the data next to it in ../data.
  startServer(connection, { defaultDataDir: path.join(__dirname, '..', 'data') });
}

if (require.main === module) main();
