/**
 * "In this workspace": every permission the workspace's files reference, through the scanners.
 * Built lazily (on the view's first render) with a progress indicator; respects files.exclude and
 * search.exclude and skips the folders no walk reads (core/skipFolders.ts); skips binary and
 * oversized files; kept up to date by a FileSystemWatcher.
 *
 * The files are listed here (findFiles with the excludes) and analysed by the explorer's source in
 * batches: on the desktop the language server reads `file:` files from disk itself; open editors'
 * text (unsaved text wins) and files of other file systems are read here and sent.
 */
import * as vscode from 'vscode';
import { DEFAULT_RISK_THRESHOLD } from '../core/permissions/risk';
import { entriesByKey, isInventoried, type ExplorerEntry, type FileReferences } from '../core/explorer/listing';
import { keyOf, kindsLabel, type PermissionKey } from '../core/explorer/model';
import { SKIP_FOLDERS_GLOB } from '../core/skipFolders';
import { describeLocation, excludeGlob, skipReason, WorkspaceInventory, type PermissionUsage, type UsageLocation } from '../core/explorer/inventory';
import { readConfig } from '../vscode/config';
import { yieldToHost } from '../vscode/webPlatform';
import { reasonOf, type ExplorerSource, type FileToScan } from '../vscode/explorerSource';
import { basename, dirname, relativeInside } from '../vscode/uriPath';
import { messageItem, permissionIcon, permissionTooltip } from './allPermissionsTree';
import { CTX_SCANNED, CTX_SCANNING, WORKSPACE_VIEW } from './ids';

export type WsNode =
  /** `entry`: the permission as the All permissions tree shows it (icon, kinds, tooltip); absent when the list could not be had. */
  | { type: 'permission'; id: string; usage: PermissionUsage; entry?: ExplorerEntry }
  | { type: 'location'; id: string; location: UsageLocation; parent: WsNode }
  /** Why the inventory could not be made (the language server not running, the store not loaded). */
  | { type: 'message'; id: string; text: string };

/** At most this many files are read in a full scan (the rest is reported in the log). */
const MAX_FILES = 20_000;
/** More changed files than this in one batch: rescan everything instead. */
const MAX_BATCH = 500;
const DEBOUNCE_MS = 250;
/** Files per request to the source: the progress moves and a newer scan stops an older one between batches. */
const BATCH = 50;

type FileUsages = Parameters<WorkspaceInventory['setFile']>[1];

export class WorkspaceScanner implements vscode.Disposable {
  private current = new WorkspaceInventory();
  private scanned = false;
  private scanning: Promise<void> | undefined;
  private generation = 0;
  private readonly pending = new Map<string, { uri: vscode.Uri; deleted: boolean }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private batch: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the inventory changed (a scan or a batch of file events finished). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private watching = false;
  /** Files skipped in the last full scan, by reason (for the log and the tests). */
  readonly skipped = { binary: 0, oversized: 0 };
  /** Why the last full scan failed (the source could not answer), shown in the view instead of an empty tree. */
  failure: string | undefined;

  constructor(
    private readonly source: ExplorerSource,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (this.scanned && ['files.exclude', 'search.exclude', 'graphPermissionLens.maxFileSizeKB'].some((s) => e.affectsConfiguration(s))) void this.rescan();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        if (this.scanned) void this.rescan();
      }),
      source.onDidChange(() => {
        if (this.scanned) void this.rescan();
      }),
    );
  }

  get inventory(): WorkspaceInventory {
    return this.current;
  }

  get isScanned(): boolean {
    return this.scanned;
  }

  /** The inventory, scanning the workspace first if that has not been done. */
  async ensureScanned(): Promise<WorkspaceInventory> {
    if (!this.scanned) await (this.scanning ?? this.rescan());
    else await this.scanning;
    await this.batch;
    return this.inventory;
  }

  /** A full scan (replaces the inventory). Concurrent callers share the newest scan. */
  /** File events matter only once the view has been scanned: the watcher starts with the first scan. */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.queue(uri, false)),
      watcher.onDidChange((uri) => this.queue(uri, false)),
      watcher.onDidDelete((uri) => this.queue(uri, true)),
    );
  }

  rescan(): Promise<void> {
    this.watch();
    const gen = ++this.generation;
    const run = vscode.window.withProgress(
      { location: { viewId: WORKSPACE_VIEW }, title: 'Scanning the workspace for Graph permissions' },
      () => this.fullScan(gen),
    );
    const p = Promise.resolve(run).then(
      () => undefined,
      (e: unknown) => this.log.error(`Workspace permission scan failed: ${(e as Error).message}`),
    );
    this.scanning = p;
    void vscode.commands.executeCommand('setContext', CTX_SCANNING, true);
    void p.finally(() => {
      if (this.scanning === p) {
        this.scanning = undefined;
        void vscode.commands.executeCommand('setContext', CTX_SCANNING, false);
      }
    });
    return p;
  }

  private excludes(): string | undefined {
    const files = vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude');
    const search = vscode.workspace.getConfiguration('search').get<Record<string, unknown>>('exclude');
    return excludeGlob(files, search, { [SKIP_FOLDERS_GLOB]: true });
  }

  private async fullScan(gen: number): Promise<void> {
    const t0 = Date.now();
    if (!vscode.workspace.workspaceFolders?.length) {
      this.current = new WorkspaceInventory();
      this.failure = undefined;
      this.finishScan();
      return;
    }
    const uris = await vscode.workspace.findFiles('**/*', this.excludes(), MAX_FILES);
    if (gen !== this.generation) return;
    const candidates = uris.filter((u) => isInventoried(u.toString()));
    const next = new WorkspaceInventory();
    const skipped = { binary: 0, oversized: 0 };
    try {
      for (let i = 0; i < candidates.length; i += BATCH) {
        if (gen !== this.generation) return;
        const results = await this.readUsages(candidates.slice(i, i + BATCH), skipped);
        for (const [uri, usages] of results) next.setFile(uri, usages);
        await yieldToHost(); // let the extension host breathe
      }
    } catch (e) {
      if (gen !== this.generation) return;
      this.failure = `The workspace could not be scanned: ${reasonOf(e)}`;
      this.log.error(`Workspace permissions: ${this.failure}`);
      this.current = new WorkspaceInventory();
      this.finishScan();
      return;
    }
    if (gen !== this.generation) return;
    this.current = next;
    this.failure = undefined;
    Object.assign(this.skipped, skipped);
    this.log.info(
      `Workspace permissions: ${this.inventory.byPermission().length} permissions in ${this.inventory.fileCount} of ${candidates.length} files (${uris.length} listed${uris.length >= MAX_FILES ? `, capped at ${MAX_FILES}` : ''}; skipped ${this.skipped.binary} binary, ${this.skipped.oversized} oversized) in ${Date.now() - t0} ms`,
    );
    this.finishScan();
  }

  private finishScan(): void {
    this.scanned = true;
    void vscode.commands.executeCommand('setContext', CTX_SCANNED, true);
    this.changed.fire();
  }

  /**
   * The usages in each file ([] when it is not scanned: binary, oversized, unreadable, not a known
   * format), counting the skipped ones in `skipped`. Open editors' text wins over the file; the
   * source reads the files it can itself (the server, `file:` URIs), the others are read here.
   * Throws when the source cannot answer.
   */
  private async readUsages(uris: vscode.Uri[], skipped?: { binary: number; oversized: number }): Promise<[string, FileUsages][]> {
    const out = new Map<string, FileUsages>();
    const toScan: FileToScan[] = [];
    for (const uri of uris) {
      const key = uri.toString();
      out.set(key, []);
      try {
        const maxFileSizeKB = readConfig(uri).maxFileSizeKB;
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
        if (open) {
          toScan.push({ uri: key, text: open.getText(), maxFileSizeKB });
          continue;
        }
        if (this.source.readsFile(uri)) {
          toScan.push({ uri: key, maxFileSizeKB });
          continue;
        }
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type & vscode.FileType.Directory) continue;
        if (skipReason(stat.size, maxFileSizeKB)) {
          if (skipped) skipped.oversized++;
          continue;
        }
        const bytes = await vscode.workspace.fs.readFile(uri);
        const why = skipReason(bytes.length, maxFileSizeKB, bytes);
        if (why) {
          if (skipped) skipped[why]++;
          continue;
        }
        toScan.push({ uri: key, text: new TextDecoder('utf-8').decode(bytes), maxFileSizeKB });
      } catch (e) {
        if (!(e instanceof vscode.FileSystemError)) this.log.warn(`Workspace permissions: could not scan ${uri.toString(true)}: ${reasonOf(e)}`);
      }
    }
    const results: FileReferences[] = toScan.length ? await this.source.fileReferences(toScan) : [];
    for (const r of results) {
      if (r.skipped && skipped) skipped[r.skipped]++;
      // A file that no longer exists (deleted meanwhile) is not worth a line; others are.
      if (r.error && !/ENOENT|ENOTDIR/.test(r.error)) this.log.warn(`Workspace permissions: could not scan ${r.uri}: ${r.error}`);
      out.set(r.uri, r.usages.map((u) => ({ match: u.key, location: u.location })));
    }
    return [...out];
  }

  private queue(uri: vscode.Uri, deleted: boolean): void {
    if (!this.scanned && !this.scanning) return; // the lazy first scan will read it
    if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote' && !vscode.workspace.getWorkspaceFolder(uri)) return;
    this.pending.set(uri.toString(), { uri, deleted });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.batch = this.batch.then(() => this.processPending());
    }, DEBOUNCE_MS);
  }

  /** Whether a file passes files.exclude / search.exclude: asks findFiles for exactly that file. */
  private async included(uri: vscode.Uri, exclude: string | undefined): Promise<boolean> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const rel = relativeInside(folder.uri.path, uri.path);
    if (!rel || rel.startsWith('..')) return false;
    if (/[[\]{}*?!]/.test(rel)) return true; // not expressible as a literal glob: accept
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, rel), exclude, 1);
    return found.length > 0;
  }

  private async processPending(): Promise<void> {
    if (this.scanning) await this.scanning;
    const items = [...this.pending.values()];
    this.pending.clear();
    if (!items.length) return;
    if (items.length > MAX_BATCH) {
      await this.rescan();
      return;
    }
    const exclude = this.excludes();
    let changed = false;
    const toRead: vscode.Uri[] = [];
    for (const { uri, deleted } of items) {
      const key = uri.toString();
      if (deleted) {
        changed = this.inventory.removeFile(key) || changed;
        changed = this.inventory.removeUnder(key) > 0 || changed;
        continue;
      }
      if (!isInventoried(key)) continue;
      if (await this.included(uri, exclude)) toRead.push(uri);
      else if (this.inventory.hasFile(key)) {
        this.inventory.setFile(key, []);
        changed = true;
      }
    }
    for (let i = 0; i < toRead.length; i += BATCH) {
      let results: [string, FileUsages][];
      try {
        results = await this.readUsages(toRead.slice(i, i + BATCH));
      } catch (e) {
        this.log.warn(`Workspace permissions: changed files could not be scanned: ${reasonOf(e)}`);
        break;
      }
      for (const [key, usages] of results) {
        if (usages.length || this.inventory.hasFile(key)) {
          this.inventory.setFile(key, usages);
          changed = true;
        }
      }
    }
    if (changed) this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.generation++;
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export class WorkspacePermissionsProvider implements vscode.TreeDataProvider<WsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes = new Map<string, WsNode & { type: 'permission' }>();
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly scanner: WorkspaceScanner,
    private readonly source: ExplorerSource,
    /** The risk threshold the high-privilege marks follow (the user's setting). */
    private readonly threshold: () => number = () => DEFAULT_RISK_THRESHOLD,
  ) {
    this.sub = scanner.onDidChange(() => this.refresh());
  }

  /** Redraws the tree (the inventory is kept). */
  refresh(): void {
    this.nodes = new Map();
    this.changed.fire(undefined);
  }

  async getChildren(node?: WsNode): Promise<WsNode[]> {
    if (!node) {
      const inv = await this.scanner.ensureScanned();
      if (this.scanner.failure) return [{ type: 'message', id: 'message', text: this.scanner.failure }];
      const entries = await this.entries();
      return inv.byPermission().map((usage) => this.permissionNode(usage, entries?.get(usage.key)));
    }
    if (node.type === 'permission') {
      return node.usage.locations.map((location, i): WsNode => ({ type: 'location', id: `${node.id}#${i}:${location.file}:${location.line}:${location.character}`, location, parent: node }));
    }
    return [];
  }

  /** The permissions as the All permissions tree shows them (icons, kinds); undefined when they cannot be had (the items then show less). */
  private async entries(): Promise<Map<string, ExplorerEntry> | undefined> {
    try {
      return entriesByKey(await this.source.permissionList(this.threshold()));
    } catch {
      return undefined;
    }
  }

  private permissionNode(usage: PermissionUsage, entry: ExplorerEntry | undefined): WsNode & { type: 'permission' } {
    let n = this.nodes.get(usage.key);
    if (!n || n.usage !== usage || n.entry !== entry) {
      n = { type: 'permission', id: `ws:${usage.key}`, usage, entry };
      this.nodes.set(usage.key, n);
    }
    return n;
  }

  /** The node of a permission, after the scan; undefined when the workspace does not use it. */
  async nodeOf(key: PermissionKey): Promise<(WsNode & { type: 'permission' }) | undefined> {
    const inv = await this.scanner.ensureScanned();
    const usage = inv.find(keyOf(key));
    return usage && this.permissionNode(usage, (await this.entries())?.get(usage.key));
  }

  getParent(node: WsNode): WsNode | undefined {
    return node.type === 'location' ? node.parent : undefined;
  }

  getTreeItem(node: WsNode): vscode.TreeItem {
    if (node.type === 'message') return messageItem(node);
    if (node.type === 'permission') {
      const u = node.usage;
      const entry = node.entry;
      const n = u.locations.length;
      const item = new vscode.TreeItem(u.name, n <= 5 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = `${n} location${n === 1 ? '' : 's'}${entry ? ' · ' + kindsLabel(entry.kinds) : ''}`;
      if (entry) {
        item.iconPath = permissionIcon(entry);
        item.tooltip = permissionTooltip(entry);
        item.contextValue = entry.highPrivilege.length ? 'permission.highPrivilege' : 'permission';
      }
      item.accessibilityInformation = { label: `${u.name}: ${n} location${n === 1 ? '' : 's'} in the workspace` };
      return item;
    }
    const l = node.location;
    const uri = vscode.Uri.parse(l.file);
    const rel = vscode.workspace.asRelativePath(uri, vscode.workspace.workspaceFolders !== undefined && vscode.workspace.workspaceFolders.length > 1);
    const item = new vscode.TreeItem(`${basename(uri.path)}:${l.line + 1}`, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.resourceUri = uri;
    const dir = dirname(rel);
    item.description = `${describeLocation(l)}${dir && dir !== '.' ? ' · ' + dir : ''}`;
    item.tooltip = `${rel}:${l.line + 1}:${l.character + 1} — ${l.text}`;
    item.contextValue = 'location';
    item.accessibilityInformation = { label: `${rel} line ${l.line + 1}, ${describeLocation(l)}` };
    item.command = {
      command: 'vscode.open',
      title: 'Open Location',
      arguments: [uri, { selection: new vscode.Range(l.line, l.character, l.endLine, l.endCharacter), preview: true } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

