/**
 * The desktop extension as a thin client of the Graph Permission Lens language server
 * (dist/server.js, src/server/server.ts, started over Node IPC): hover, completion (with resolve),
 * diagnostics with their quick-fixes, the GUID ↔ name refactorings and the two conversion commands
 * all come from the server, which runs the same core service as the CLI and other editors. The
 * conversion commands are registered here at activation and sent to the server when it is ready.
 *
 * What stays here, in the client:
 * - the metadata in use, without a store: the server asks for it on first use (protocol.ts
 *   `MetadataRequest`) and gets the Update Metadata cache folder, which it reads and validates
 *   itself, telling the client which version it uses and any problem (`MetadataLoadedNotification`);
 *   Update Metadata, Use Bundled Metadata and the test hook ask it to switch (`UseMetadataRequest`,
 *   answered with the diff); the explorer, the detail page, Show Metadata Info and the status bar
 *   ask the server (./serverExplorerSource.ts, src/server/explorerProtocol.ts);
 * - the least-privilege report page, which asks the server for the report and a finding's fix
 *   (./leastPrivilegeClient.ts; the server analyses the workspace folders and pushes the findings
 *   with the other diagnostics, told of files changed on disk by the client's file watcher);
 * - what VS Code adds to the protocol: settings per document with language overrides (answered
 *   from `workspace.getConfiguration` with the document as scope, the size limit capped as before),
 *   Markdown without theme icons and trusted only for the detail-page command, diagnostics hidden
 *   when the last tab of a document closes (the model can outlive its editor for minutes) and shown
 *   again when it becomes visible, and the `DiagnosticsHub` filters other features may add (none on
 *   the desktop now: the server itself lets least privilege's usage findings replace the sibling
 *   heuristic on their lines);
 * - the one-time notice when a document is skipped (size limit, binary).
 */
import * as vscode from 'vscode';
import {
  CompletionTriggerKind,
  ExecuteCommandRequest,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type HandleDiagnosticsSignature,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { readSettings } from '../core/service/settings';
import type { PermissionStore } from '../core/store/store';
import {
  Commands,
  CONFIGURATION_SECTION,
  DocumentSkippedNotification,
  HOVER_LINK_COMMANDS,
  isLeastPrivilegeData,
  MetadataLoadedNotification,
  MetadataRequest,
  UseMetadataRequest,
  SERVER_NAME,
  type CommandResult,
  type DocumentSkippedParams,
  type InitializationOptions,
  type MetadataInUse,
  type MetadataLoadedParams,
  type UseMetadataResult,
} from '../server/protocol';
import { MAX_FILE_SIZE_KB, SECTION } from './config';
import { leastPrivilegeClient } from './leastPrivilegeClient';
import type { MetadataSide } from './metadataSide';
import { textMarkdown } from './markdownString';
import { RESOURCE_SELECTOR, SELECTOR_FILTERS } from './selectors';
import { serverExplorerSource } from './serverExplorerSource';
import { serverLogChannel } from './serverLog';
import type { BaseServices, DiagnosticsHub, LanguageFeatures } from './services';
import { ClosedTabs, DiagnosticFilters, type DiagnosticFilter } from './shownDiagnostics';

/**
 * Characters that open completion in VS Code: those of the former in-host providers (permissions
 * `"` `:`, payloads `"` `'` `#`). The server also names space and comma for editors without
 * word-based suggestions; in VS Code they would send a request at every space.
 */
const TRIGGERS = new Set(['"', ':', "'", '#']);

let running: LanguageClient | undefined;

/** Hidden: restarts the language server (tests and troubleshooting). */
export const RESTART_COMMAND = '_graphPermissionLens.restartLanguageServer';

/** Stops the server (the entry's `deactivate`): VS Code waits for this promise. */
export function stopLanguageClient(): Promise<void> | undefined {
  const c = running;
  running = undefined;
  return c?.stop();
}

/** A store the client loaded (the test hook), as the server takes it: an upstream store as is, nothing for the bundled one. */
export function metadataInUse(store: PermissionStore | undefined): MetadataInUse {
  return store && store.provenance.origin === 'upstream' ? { store: store.file } : {};
}

/**
 * The desktop's MetadataSide (./metadataSide.ts): the server holds the store. It is told the cache
 * folder, which it reads itself (validation, a bad version set aside, the one warning sent back with
 * `MetadataLoadedNotification`), and is asked to switch with `UseMetadataRequest`, which answers with
 * the diff — the extension host builds no store, neither on first use nor for Update Metadata.
 */
function serverMetadataSide(client: LanguageClient, started: () => Promise<void>, cacheDir: string | undefined, subscriptions: vscode.Disposable[]): MetadataSide {
  const loaded = new vscode.EventEmitter<MetadataLoadedParams>();
  const ofCache = (): MetadataInUse => (cacheDir ? { cacheDir } : {});
  /** What the server asks for on first use (and again after a restart). */
  let inUse: MetadataInUse = ofCache();
  subscriptions.push(
    loaded,
    client.onRequest(MetadataRequest, () => inUse),
    client.onNotification(MetadataLoadedNotification, (p: MetadataLoadedParams) => loaded.fire(p)),
  );
  const use = async (m: MetadataInUse): Promise<UseMetadataResult> => {
    inUse = m;
    await started();
    return client.sendRequest<UseMetadataResult>(UseMetadataRequest, m);
  };
  return {
    inHost: false,
    useCache: () => use(ofCache()),
    // The cache was cleared: the server finds no version there and takes the bundled store.
    useBundled: () => use(ofCache()),
    useStore: (store) => use(metadataInUse(store)),
    onDidLoadCache: loaded.event,
  };
}

/** A Markdown link (not an escaped `\](`) to each command a hover may run (protocol.ts HOVER_LINK_COMMANDS). */
const HOVER_LINKS = HOVER_LINK_COMMANDS.map((c) => ({ command: c, link: new RegExp(`(?<!\\\\)\\]\\(command:${c.replace(/\./g, '\\.')}[?)]`) }));

/** Trust for the commands the hover links to, of those it may run; none when it links to none. */
export function hoverTrust(md: string): vscode.MarkdownString['isTrusted'] {
  const enabledCommands = HOVER_LINKS.filter((h) => h.link.test(md)).map((h) => h.command);
  return enabledCommands.length ? { enabledCommands } : false;
}

/** The raw `graphPermissionLens` section for a document (with its language's overrides) or folder, as flat keys. */
function rawSettings(scopeUri: string | undefined): Record<string, unknown> {
  const doc = scopeUri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === scopeUri) : undefined;
  const c = vscode.workspace.getConfiguration(SECTION, doc ?? (scopeUri ? vscode.Uri.parse(scopeUri) : undefined));
  const raw: Record<string, unknown> = {};
  const s = readSettings((key, fallback) => (raw[key] = c.get<unknown>(key, fallback)));
  // Bounded whatever the settings file says, as in the extension host (config.ts).
  raw.maxFileSizeKB = Math.min(MAX_FILE_SIZE_KB, s.maxFileSizeKB);
  return raw;
}

function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

/**
 * The server's diagnostics as shown: other features' filters applied, hidden while a document has
 * no tab (but its least-privilege findings, which are about the folder) and on `git:`/`output:`
 * documents, shown again when it becomes visible.
 */
class ServerDiagnostics implements DiagnosticsHub, vscode.Disposable {
  private readonly received = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  private readonly filters = new DiagnosticFilters();
  /** Documents whose last tab closed (their model may stay open for minutes). */
  private readonly hidden = new Set<string>();
  private readonly closedTabs = new ClosedTabs((uri) => {
    this.hidden.add(uri.toString());
    this.apply(uri.toString());
  });
  private show: HandleDiagnosticsSignature | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.closedTabs,
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        this.closedTabs.reconcile();
        for (const ed of editors) {
          const key = ed.document.uri.toString();
          if (this.hidden.delete(key)) this.apply(key);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.hidden.delete(doc.uri.toString());
        this.received.delete(doc.uri.toString());
      }),
    );
  }

  /** The middleware's `handleDiagnostics`: what the server published for a document. */
  receive(uri: vscode.Uri, diagnostics: vscode.Diagnostic[], next: HandleDiagnosticsSignature): void {
    this.show = next;
    const key = uri.toString();
    this.received.set(key, { uri, diagnostics });
    // A document opened again (its model kept) gets diagnostics while an editor shows it.
    if (this.hidden.has(key) && vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === key)) this.hidden.delete(key);
    this.apply(key);
  }

  addFilter(keep: DiagnosticFilter): vscode.Disposable {
    return this.filters.add(keep);
  }

  revalidate(uri: vscode.Uri): void {
    this.apply(uri.toString());
  }

  private apply(key: string): void {
    const r = this.received.get(key);
    if (!r || !this.show) return;
    if (r.uri.scheme === 'output' || r.uri.scheme === 'git') return this.show(r.uri, []);
    // Least-privilege findings are about the folder: they stay while the document has no tab (as for a closed file).
    const all = this.hidden.has(key) ? r.diagnostics.filter((d) => isLeastPrivilegeData((d as { data?: unknown }).data)) : r.diagnostics;
    const doc = this.filters.empty ? undefined : vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    const shown = doc ? all.filter((d) => this.filters.keeps(doc, { code: codeOf(d), start: doc.offsetAt(d.range.start) })) : all;
    this.show(r.uri, shown);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.received.clear();
  }
}

/** Starts the language client (not awaited: activation stays cheap); returns the diagnostics other features filter and the explorer's requests. */
export function registerServerFeatures(services: BaseServices, serverModule: string, dataDir: string): LanguageFeatures {
  const { context, log } = services;
  const diagnostics = new ServerDiagnostics();
  let skipNoticeShown = false;

  const middleware: Middleware = {
    async provideHover(doc, position, token, next) {
      const h = await next(doc, position, token);
      if (!h) return h;
      // Theme icons off, the core's own `$(warning)` a plain sign, trusted for the detail command only.
      return new vscode.Hover(
        h.contents.map((c) => (c instanceof vscode.MarkdownString ? textMarkdown(c.value, hoverTrust(c.value)) : c)),
        h.range,
      );
    },
    provideCompletionItem(doc, position, context, token, next) {
      if (context.triggerKind === CompletionTriggerKind.TriggerCharacter && !TRIGGERS.has(context.triggerCharacter ?? '')) return undefined;
      return next(doc, position, context, token);
    },
    async resolveCompletionItem(item, token, next) {
      const r = await next(item, token);
      // Escaped by the core, never trusted, no theme icons.
      if (r && r.documentation instanceof vscode.MarkdownString) r.documentation = textMarkdown(r.documentation.value);
      return r;
    },
    handleDiagnostics(uri, ds, next) {
      diagnostics.receive(uri, ds, next);
    },
    workspace: {
      configuration(params, token, next) {
        if (params.items.every((i) => i.section === CONFIGURATION_SECTION)) return params.items.map((i) => rawSettings(i.scopeUri));
        return next(params, token);
      },
    },
  };

  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc },
  };
  // The conversion commands are registered here (below), not by the client once the server has started.
  // Least privilege runs in the server (its `leastPrivilege` default); the report page asks it (./leastPrivilegeClient.ts).
  const init: InitializationOptions = { dataDir, metadataFromClient: true, commandLinks: true, clientCommands: true };
  // Workspace folders not on disk: the server asks this client to read them (./leastPrivilegeClient.ts).
  init.readsFolders = true;
  // Permission references in every language the registry knows; payloads also in `.http`/`.rest` files of any language.
  const documentSelector = [...SELECTOR_FILTERS, ...RESOURCE_SELECTOR.filter((f) => f.pattern)].map((f) => (f.language ? { language: f.language } : { pattern: f.pattern as string }));
  const leastPrivilegeWatcher = vscode.workspace.createFileSystemWatcher('**/*');
  context.subscriptions.push(leastPrivilegeWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    diagnosticCollectionName: 'graphPermissionLens',
    // The server's log lines and the client's own at their level in the extension's log channel (one level prefix, not two).
    outputChannel: serverLogChannel(log),
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: init,
    synchronize: {
      // Least privilege also follows files.exclude / search.exclude (the folders it reads).
      configurationSection: [SECTION, 'files.exclude', 'search.exclude'],
      // Files created, changed or deleted outside the editor (a manifest written by a tool, a git checkout): least privilege runs again.
      fileEvents: leastPrivilegeWatcher,
    },
    markdown: { isTrusted: false, supportHtml: false },
    middleware,
  };
  const client = new LanguageClient('graphPermissionLens', SERVER_NAME, serverOptions, clientOptions);
  running = client;

  client.onNotification(DocumentSkippedNotification, (p: DocumentSkippedParams) => {
    if (skipNoticeShown) return;
    skipNoticeShown = true;
    const name = vscode.Uri.parse(p.uri).path.split('/').pop() ?? p.uri;
    const what = /^\d/.test(p.why) ? `${name} is ${p.why}` : `${name} ${p.why}`;
    void vscode.window
      .showInformationMessage(`Graph Permission Lens skipped a document: ${what} (setting ${SECTION}.maxFileSizeKB).`, 'Open Setting')
      .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.maxFileSizeKB`));
  });

  context.subscriptions.push(
    diagnostics,
    { dispose: () => void stopLanguageClient() },
  );
  /** The server's start, which the commands wait for (again after a restart). */
  let started: Promise<void>;
  const start = (): void => {
    const t0 = Date.now();
    started = client.start().then(
      () => log.info(`Language server started in ${Date.now() - t0} ms`),
      (e: unknown) => {
        const message = `The Graph Permission Lens language server did not start: ${e instanceof Error ? e.message : String(e)}`;
        log.error(message);
        throw new Error(message);
      },
    );
    started.catch(() => undefined); // logged above; a conversion asked for meanwhile says it again
  };
  start();

  /**
   * The conversions of the active editor's document, run by the server. Registered here at
   * activation (they are contributed in package.json, so the palette and keybindings offer them at
   * once), waiting for the server when it is still starting; `clientCommands` keeps the server from
   * advertising them, which would make the client register them a second time.
   */
  const convert = async (command: string): Promise<CommandResult | undefined> => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc) return undefined;
    if (vscode.languages.match(documentSelector, doc) === 0) {
      const message = `${doc.uri.path.split('/').pop() ?? doc.uri.toString()} is not a document Graph Permission Lens reads (language ${doc.languageId}).`;
      void vscode.window.showInformationMessage(`Graph Permission Lens: ${message}`);
      return { ok: false, message };
    }
    try {
      await started;
      return await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [client.code2ProtocolConverter.asUri(doc.uri)] });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      void vscode.window.showErrorMessage(`Graph Permission Lens: ${message}`);
      return { ok: false, message };
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.convertGuidsToNames, () => convert(Commands.convertGuidsToNames)),
    vscode.commands.registerCommand(Commands.convertNamesToGuids, () => convert(Commands.convertNamesToGuids)),
    // Hidden (tests and troubleshooting): stops the server and starts it again without waiting; resolves to the client's state then.
    vscode.commands.registerCommand(RESTART_COMMAND, async (): Promise<string> => {
      await client.stop();
      start();
      return State[client.state];
    }),
  );
  return {
    diagnostics,
    leastPrivilege: leastPrivilegeClient(client, () => started, context.subscriptions, (m) => log.warn(m)),
    // The explorer's views ask the server (src/server/explorerProtocol.ts).
    explorerData: serverExplorerSource(client, () => started, context.subscriptions),
    // Update Metadata, Use Bundled Metadata, the test hook: the server holds the store in use.
    metadata: serverMetadataSide(client, () => started, services.host.metadata.cache?.dir, context.subscriptions),
  };
}
