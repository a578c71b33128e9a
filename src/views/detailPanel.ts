/**
 * The permission detail page: one webview panel per permission, restored after a window reload
 * by a WebviewPanelSerializer. The model comes from the explorer's source (the language server on
 * the desktop); the HTML from src/core/explorer/detail.ts (escaped, nonce CSP).
 */
import * as vscode from 'vscode';
import { detailHtml, makeNonce } from '../core/explorer/detail';
import { parsePermissionArg } from '../core/explorer/hoverLink';
import { keyOf, type PermissionKey } from '../core/explorer/model';
import { GRAPH_APP_ID } from '../core/permissions/guid';
import { DEFAULT_RISK_THRESHOLD } from '../core/permissions/risk';
import { escapeHtml } from '../core/text/markdown';
import { randomBytes } from '../vscode/webPlatform';
import { reasonOf, type ExplorerSource } from '../vscode/explorerSource';
import { CMD, DETAIL_VIEW_TYPE } from './ids';

interface Message {
  type?: unknown;
  kind?: unknown;
}

/** A page of one line (escaped, no scripts): why there is no permission to show. */
function messagePage(text: string): string {
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${escapeHtml(text)}</p></body></html>`;
}

export class DetailPanels implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; key: PermissionKey }>();
  /** Panels closed by the user: a render still awaiting must not touch them. */
  private readonly disposed = new WeakSet<vscode.WebviewPanel>();
  /** The latest render of each panel: an earlier one answered later must not overwrite it. */
  private readonly renders = new WeakMap<vscode.WebviewPanel, number>();
  private renderSeq = 0;
  private readonly mediaRoot: vscode.Uri;
  private readonly sub: vscode.Disposable;

  constructor(
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    /** The pages' models: from the language server on the desktop, computed in the extension host in the browser. */
    private readonly data: ExplorerSource,
    /** The risk threshold the high-privilege note follows (the user's setting). */
    private readonly threshold: () => number = () => DEFAULT_RISK_THRESHOLD,
  ) {
    this.mediaRoot = vscode.Uri.joinPath(extensionUri, 'media');
    // A replaced store re-renders every open page.
    this.sub = data.onDidChange(() => this.rerender());
  }

  /** Renders every open page again (another store, another risk threshold). */
  rerender(): void {
    for (const { panel, key } of this.panels.values()) void this.render(panel, key);
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, enableCommandUris: false, localResourceRoots: [this.mediaRoot], enableFindWidget: true };
  }

  /** Opens (or reveals) the page of a permission, as resolved by the source (canonical name). */
  async show(key: PermissionKey, column: vscode.ViewColumn = vscode.ViewColumn.Active): Promise<boolean> {
    const canonical = { name: key.name, resourceAppId: key.resourceAppId };
    const existing = this.panels.get(keyOf(canonical));
    if (existing) {
      existing.panel.reveal(column);
      return true;
    }
    const panel = vscode.window.createWebviewPanel(DETAIL_VIEW_TYPE, key.name, column, this.options());
    this.adopt(panel, canonical);
    await this.render(panel, canonical);
    return true;
  }

  /** Restores a page after a window reload, from the state its script saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    panel.webview.options = this.options();
    // The state the page's script saved; failing that, the panel title (the permission's name, in any resource app).
    const key = parsePermissionArg(state, GRAPH_APP_ID) ?? parsePermissionArg(panel.title, GRAPH_APP_ID);
    this.log.info(`Restoring the permission page ${JSON.stringify(key?.name ?? null)} (${state === undefined ? 'from its title' : 'from its state'})`);
    let match: PermissionKey | null = null;
    let why: string | undefined;
    if (key) {
      try {
        match = (await this.data.resolve(key, this.threshold(), state === undefined)).entry;
      } catch (e) {
        why = reasonOf(e);
      }
    }
    if (!key || !match) {
      panel.webview.html = messagePage(
        !key ? 'This permission page could not be restored.' : why ? `The page of ${key.name} could not be restored: ${why}` : `${key.name} is not in the metadata store in use.`,
      );
      return;
    }
    const canonical = { name: match.name, resourceAppId: match.resourceAppId };
    this.adopt(panel, canonical);
    await this.render(panel, canonical);
  }

  private adopt(panel: vscode.WebviewPanel, key: PermissionKey): void {
    const k = keyOf(key);
    this.panels.set(k, { panel, key });
    panel.iconPath = vscode.Uri.joinPath(this.mediaRoot, 'icons', 'graph-permissions.svg');
    const subs = [
      panel.webview.onDidReceiveMessage((m: Message) => void this.onMessage(panel, key, m)),
      panel.onDidDispose(() => {
        this.disposed.add(panel);
        if (this.panels.get(k)?.panel === panel) this.panels.delete(k);
        for (const s of subs) s.dispose();
      }),
    ];
  }

  private async render(panel: vscode.WebviewPanel, key: PermissionKey): Promise<void> {
    const seq = ++this.renderSeq;
    this.renders.set(panel, seq);
    let model;
    try {
      model = await this.data.permissionDetail(key, this.threshold());
    } catch (e) {
      // The server not running: the page says so (and is rendered again when it is back).
      if (this.disposed.has(panel) || this.renders.get(panel) !== seq) return;
      panel.webview.html = messagePage(`The page of ${key.name} could not be shown: ${reasonOf(e)}`);
      return;
    }
    // Closed while the model was on its way, or rendered again since.
    if (this.disposed.has(panel) || this.renders.get(panel) !== seq) return;
    if (!model) return;
    const w = panel.webview;
    panel.title = model.entry.name;
    w.html = detailHtml(model, {
      nonce: makeNonce(randomBytes),
      cspSource: w.cspSource,
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'explorer.css')).toString(),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'detail.js')).toString(),
    });
  }

  private async onMessage(panel: vscode.WebviewPanel, key: PermissionKey, m: Message): Promise<void> {
    const arg = { name: key.name, resourceAppId: key.resourceAppId };
    let status: string | undefined;
    if (m.type === 'copyGuid' && (m.kind === 'Application' || m.kind === 'Delegated')) {
      status = await vscode.commands.executeCommand<string | undefined>(CMD.copyGuid, arg, m.kind);
    } else if (m.type === 'copyName') {
      status = await vscode.commands.executeCommand<string | undefined>(CMD.copyName, arg);
    } else if (m.type === 'findUsages') {
      await vscode.commands.executeCommand(CMD.findUsages, arg);
    }
    if (status) void panel.webview.postMessage({ type: 'status', text: status });
  }

  /** The HTML of the open page of a permission (tests). */
  htmlOf(key: PermissionKey): string | undefined {
    return this.panels.get(keyOf(key))?.panel.webview.html;
  }

  dispose(): void {
    this.sub.dispose();
    for (const { panel } of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}
