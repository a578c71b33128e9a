/**
 * "Graph Permissions: Update Metadata" and friends: a thin adapter over src/core/upstream (download,
 * validation, cache, diff). Shows the store in use in the status bar (from the explorer's
 * `metadataInfo`: the language server's on the desktop), and never touches the network without the
 * user's action (the command, or the opt-in weekly check). Where the store lives is the host's
 * (./metadataSide.ts): on the desktop the language server reads the cache and computes the diff, so
 * the extension host builds no store at all; in the browser the cached data is loaded on the store's
 * first use (loader hook). The same code in the desktop and the browser
 * extension host: the cache and the downloads come from the host (EditorHost.metadata — Node's fs
 * and http(s), or `globalStorageUri` through `vscode.workspace.fs` and `fetch`).
 */
import * as vscode from 'vscode';
import { metadataInfo, type MetadataInfo } from '../core/explorer/listing';
import type { PermissionStore } from '../core/store/store';
import { activeStoreOf, dataDatesText, DEFAULT_SOURCE_URL, downloadToCache, formatDiff, sourceHint, updateMessage, type SourceOrigin, type CacheMeta, type StoreDiff } from '../core/upstream';
import type { MetadataLoadedParams } from '../server/protocol';
import { reasonOf } from './explorerSource';
import type { MetadataHost } from './host';
import type { Services } from './services';
import type { StoreService } from './storeService';

/** The StoreService hook this module needs (see the report): how the store is loaded on first use. */
type WithLoader = StoreService & { setLoader?: (loader: () => PermissionStore) => void };

/** Hidden: `{ text, tooltip, visible }` of the status bar item (tests). */
export const METADATA_STATUS_COMMAND = '_graphPermissionLens.metadataStatus';

const CHANGES_URI = vscode.Uri.parse('graph-permission-lens-metadata:/Metadata%20Changes.txt');
const LAST_CHECK_KEY = 'graphPermissionLens.metadata.lastCheck';
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface MetadataConfig {
  sourceUrl: string;
  /** Which settings layer gave sourceUrl (application scope: the User settings, or the default). */
  sourceOrigin: SourceOrigin;
  checkForUpdates: 'never' | 'weekly';
}

export function readMetadataConfig(): MetadataConfig {
  const c = vscode.workspace.getConfiguration('graphPermissionLens.metadata');
  const src = (c.get<string>('sourceUrl', DEFAULT_SOURCE_URL) ?? '').trim();
  const user = c.inspect<string>('sourceUrl')?.globalValue;
  const sourceOrigin: SourceOrigin = src && typeof user === 'string' && user.trim() === src ? 'user' : 'default';
  return { sourceUrl: src || DEFAULT_SOURCE_URL, sourceOrigin, checkForUpdates: c.get<string>('checkForUpdates', 'never') === 'weekly' ? 'weekly' : 'never' };
}


/** What the command resolves to: whether the new data is in use, and the message shown. */
export interface UpdateOutcome {
  ok: boolean;
  message: string;
}

/** The button that applies an update whose data is older than the data in use. */
export const USE_OLDER = 'Use the Older Data';

class MetadataUpdater implements vscode.Disposable {
  private lastDiff: { text: string; title: string } | undefined;
  private meta: CacheMeta | undefined;
  private running: Promise<UpdateOutcome> | undefined;
  private readonly status: vscode.StatusBarItem;
  private readonly changesEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The status bar's data is being asked for (or was shown): asked again only when the store changes. */
  private statusAsked = false;

  constructor(private readonly services: Services) {
    this.status = vscode.window.createStatusBarItem('graphPermissionLens.metadata', vscode.StatusBarAlignment.Right, 100);
    this.status.name = 'Graph Permission Lens Metadata';
    this.status.command = 'graphPermissionLens.showMetadataInfo';
    this.disposables.push(
      this.status,
      this.changesEmitter,
      // Another store in use (or the language server back after a restart): the status bar asks again.
      services.explorerData.onDidChange(() => this.refreshStatus(true)),
      services.metadata.onDidLoadCache((p) => this.loadedCache(p)),
      vscode.window.onDidChangeActiveTextEditor(() => this.refreshStatus(false)),
    );
    this.refreshStatus(false);
  }

  private get platform(): MetadataHost {
    return this.services.host.metadata;
  }

  hasCache(): boolean {
    const cache = this.platform.cache;
    return !!cache && (cache.has('current') || cache.has('previous'));
  }

  /** The StoreService's loader: cached upstream data when valid, else the bundled store (one message when the cache was bad). */
  load(): PermissionStore {
    const bundled = this.services.stores.bundled;
    const cache = this.platform.cache;
    if (!cache) {
      const store = bundled.permissionStore();
      this.showStatus(metadataInfo(store));
      return store;
    }
    const t0 = Date.now();
    const active = activeStoreOf(bundled, cache);
    if (active.meta) this.services.log.info(`Upstream metadata from ${active.meta.source} (${active.which}, fetched ${active.meta.fetchedAt}) loaded in ${Date.now() - t0} ms`);
    this.loadedCache({ which: active.which, meta: active.meta, problem: active.problem });
    this.showStatus(metadataInfo(active.store));
    return active.store;
  }

  /** The cache was read (here in the browser, by the language server on the desktop): the version in use, and the one warning when a version was unusable. */
  private loadedCache(p: MetadataLoadedParams): void {
    this.meta = p.meta;
    if (p.problem) {
      this.services.log.warn(p.problem);
      void vscode.window.showWarningMessage(p.problem);
    }
    if (!this.services.metadata.inHost) this.refreshStatus(true);
  }

  /**
   * Asks for the status bar's data: when the store changed (`again`), or on the desktop when a
   * document the extension reads is active and it was not asked yet (the language server loads its
   * store for that document anyway). In the browser the loader shows it when the store loads.
   */
  private refreshStatus(again: boolean): void {
    this.updateVisibility();
    if (!again && (this.statusAsked || this.services.metadata.inHost || !this.activeReads())) return;
    this.statusAsked = true;
    this.services.explorerData.metadataInfo().then(
      (info) => this.showStatus(info),
      (e: unknown) => {
        // The views and Show Metadata Info say why; the status bar hides until the store changes.
        this.services.log.warn(`Metadata status: ${reasonOf(e)}`);
        this.status.text = '';
        this.updateVisibility();
      },
    );
  }

  showStatus(info: MetadataInfo): void {
    const upstream = info.origin === 'upstream';
    this.status.text = `$(shield) Graph: ${info.dataLabel}`;
    const text = [
      `Graph Permission Lens uses ${info.describe}: ${info.countsText}`,
      info.hasMethods ? ', with Graph methods per permission.' : '. Run "Graph Permissions: Update Metadata" for the latest permissions and their Graph methods.',
      upstream ? '' : ' Descriptions Microsoft publishes for newer permissions come with "Graph Permissions: Update Metadata".',
      // Which date is which: the data's (Microsoft's published permissions, as of) and the package's or download's.
      ` ${dataDatesText(info, upstream ? this.meta : undefined)}`,
      ' Click for details.',
    ].join('');
    this.tooltipText = text;
    // Text, escaped: the names and dates come from the metadata.
    this.status.tooltip = new vscode.MarkdownString().appendText(text);
    this.updateVisibility();
  }

  /** The status bar item as shown (the hidden test command). */
  statusShown(): { text: string; tooltip: string; visible: boolean } {
    return { text: this.status.text, tooltip: this.tooltipText, visible: this.visible };
  }
  private visible = false;
  private tooltipText = '';

  private activeReads(): boolean {
    const doc = vscode.window.activeTextEditor?.document;
    return !!doc && vscode.languages.match(this.services.selector, doc) > 0;
  }

  private updateVisibility(): void {
    this.visible = !!this.status.text && this.activeReads();
    if (this.visible) this.status.show();
    else this.status.hide();
  }

  /** The command: download with progress and cancellation, validate, cache, swap the store, show what changed. Resolves to the outcome (also for tests). */
  async update(interactive: boolean): Promise<UpdateOutcome> {
    if (this.running) {
      if (interactive) void vscode.window.showInformationMessage('Graph Permission Lens: a metadata update is already running.');
      return this.running;
    }
    this.running = this.doUpdate(interactive).finally(() => (this.running = undefined));
    return this.running;
  }

  private async doUpdate(interactive: boolean, allowOlder = false): Promise<UpdateOutcome> {
    const { stores, log, context, host, metadata } = this.services;
    const { cache, io } = this.platform;
    let current: MetadataInfo;
    try {
      current = await this.services.explorerData.metadataInfo();
    } catch (e) {
      // The language server is stopped or its store did not load (it said so when it failed); nothing is downloaded.
      const message = `Graph Permission Lens could not update its metadata: the metadata in use is not known (${reasonOf(e)}). Nothing changed.`;
      log.warn(message);
      if (interactive) void vscode.window.showErrorMessage(message);
      return { ok: false, message };
    }
    const inUse = { dataDate: current.dataDate, describe: current.describe };
    if (!cache) {
      const message = 'Graph Permission Lens cannot update its metadata here: the extension has no local storage folder.';
      void vscode.window.showErrorMessage(message);
      return { ok: false, message };
    }
    const cfg = readMetadataConfig();
    // In an untrusted window nothing is read from the workspace (relative paths are refused everywhere); a browser reads no folder at all.
    const untrusted = vscode.workspace.isTrusted ? undefined : (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const refused = this.platform.refuseSource(cfg.sourceUrl, untrusted);
    if (refused) {
      const message = `Graph Permission Lens could not update its metadata: ${refused}. Nothing changed; still using ${current.describe}.`;
      log.warn(`Metadata update refused: ${refused}`);
      if (interactive) void vscode.window.showErrorMessage(message);
      return { ok: false, message };
    }
    await context.globalState.update(LAST_CHECK_KEY, Date.now());
    const result = await vscode.window.withProgress(
      {
        location: interactive ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
        title: 'Graph Permissions: updating metadata',
        cancellable: interactive,
      },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        let done = 0;
        try {
          return await downloadToCache({
            source: cfg.sourceUrl,
            // A fresh parse on the desktop, not kept: the extension host holds no store data.
            bundled: host.readBundledStoreFile ? { storeFile: host.readBundledStoreFile } : stores.bundled,
            cache,
            io,
            inUse,
            allowOlder,
            signal: abort.signal,
            onProgress: (message, fraction) => {
              const pct = Math.round(fraction * 100);
              progress.report({ message, increment: Math.max(0, pct - done) });
              done = Math.max(done, pct);
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    if (!result.ok && result.error.kind === 'older') {
      // Not a failure: the source holds older data than the data in use. Never a silent step back.
      log.warn(result.message);
      if (!interactive) return { ok: false, message: result.message };
      const pick = await vscode.window.showWarningMessage(result.message, USE_OLDER);
      if (pick === USE_OLDER) return this.doUpdate(true, true);
      return { ok: false, message: result.message };
    }
    if (!result.ok) {
      const message = result.error.kind === 'cancelled' ? result.message : `${result.message} ${sourceHint(cfg.sourceUrl, cfg.sourceOrigin, this.platform.localSources)}`;
      log.warn(message);
      if (interactive) void vscode.window.showErrorMessage(message);
      return { ok: false, message };
    }
    this.meta = result.meta;
    for (const c of result.stats.conflicts) log.warn(`Metadata conflict: ${c}`);
    if (result.stats.skipped.length) log.info(`Skipped ${result.stats.skipped.length} invalid upstream entries: ${result.stats.skipped.slice(0, 10).join('; ')}`);
    // The new data in use where the store lives (the language server on the desktop), which answers with the diff.
    let applied;
    try {
      applied = await metadata.useCache(result.file);
    } catch (e) {
      applied = { diff: null, info: null, error: reasonOf(e) };
    }
    if (!applied.info) {
      const message = `Graph Permission Lens downloaded the metadata but could not put it in use: ${applied.error ?? 'unknown error'}. It is cached and is used from the next start.`;
      log.error(message);
      if (interactive) void vscode.window.showErrorMessage(message);
      return { ok: false, message };
    }
    const diff = applied.diff ?? emptyDiff();
    const message = updateMessage(applied.info, diff, result.snapshotDate, inUse);
    log.info(message);
    this.setDiff(diff, applied.info.describe);
    const changed = diff.added.length + diff.removed.length + diff.changed.length > 0;
    if (interactive || changed) {
      // The command is done once the new store is in use; the prompt stays for the user to answer.
      void vscode.window.showInformationMessage(message, 'Show Changes').then((pick) => (pick === 'Show Changes' ? this.showChanges() : undefined));
    }
    return { ok: true, message };
  }

  private setDiff(diff: StoreDiff, describe: string): void {
    const title = `Graph Permission Lens: metadata changes — now using ${describe} (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
    this.lastDiff = { title, text: formatDiff(diff, title) };
    this.changesEmitter.fire(CHANGES_URI);
  }

  async showChanges(): Promise<void> {
    if (!this.lastDiff) {
      void vscode.window.showInformationMessage('Graph Permission Lens: no metadata update in this session yet. Run "Graph Permissions: Update Metadata".');
      return;
    }
    const doc = await vscode.workspace.openTextDocument(CHANGES_URI);
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  /** Back to the bundled store; the downloaded files are renamed aside, not deleted. */
  async useBundled(): Promise<void> {
    const cache = this.platform.cache;
    try {
      if (cache) await cache.clear();
      this.meta = undefined;
      const applied = await this.services.metadata.useBundled();
      if (!applied.info) throw new Error(applied.error ?? 'the bundled store did not load');
      if (applied.diff) this.setDiff(applied.diff, applied.info.describe);
      void vscode.window.showInformationMessage(`Graph Permission Lens now uses ${applied.info.describe}.`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Graph Permission Lens could not switch to the bundled metadata: ${(e as Error).message}`);
    }
  }

  provider(): vscode.TextDocumentContentProvider {
    return {
      onDidChange: this.changesEmitter.event,
      provideTextDocumentContent: () => this.lastDiff?.text ?? 'No metadata update in this session yet.',
    };
  }

  /** The opt-in weekly check: at most once a week, a while after activation, never at all by default. */
  scheduleCheck(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (readMetadataConfig().checkForUpdates !== 'weekly') return;
    const last = this.services.context.globalState.get<number>(LAST_CHECK_KEY, 0);
    const due = Math.max(30_000, last + WEEK_MS - Date.now());
    // setTimeout caps at ~24.8 days; a week fits.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (readMetadataConfig().checkForUpdates === 'weekly') void this.update(false).then(() => this.scheduleCheck());
    }, due);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The diff when there was no store before (it had not loaded). */
function emptyDiff(): StoreDiff {
  return { added: [], removed: [], changed: [], methodsBefore: 0, methodsAfter: 0, describedAfter: 0 };
}

export function registerMetadataUpdate(services: Services): void {
  const updater = new MetadataUpdater(services);
  const stores = services.stores as WithLoader;
  if (stores.setLoader) {
    stores.setLoader(() => updater.load());
  } else if (updater.hasCache()) {
    // Without the loader hook: swap in the cached upstream store once activation is done.
    setTimeout(() => {
      try {
        stores.replace(updater.load());
      } catch (e) {
        services.log.error(`Graph Permission Lens could not load its metadata: ${(e as Error).message}`);
      }
    }, 0);
  }
  services.context.subscriptions.push(
    updater,
    vscode.workspace.registerTextDocumentContentProvider(CHANGES_URI.scheme, updater.provider()),
    vscode.commands.registerCommand('graphPermissionLens.updateMetadata', () => updater.update(true)),
    vscode.commands.registerCommand('graphPermissionLens.showMetadataChanges', () => updater.showChanges()),
    vscode.commands.registerCommand('graphPermissionLens.useBundledMetadata', () => updater.useBundled()),
    // Hidden (tests): the status bar item as shown.
    vscode.commands.registerCommand(METADATA_STATUS_COMMAND, () => updater.statusShown()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('graphPermissionLens.metadata.checkForUpdates')) updater.scheduleCheck();
    }),
  );
  updater.scheduleCheck();
}
