/**
 * The least-privilege report page: one webview panel (reused), rendered by
 * src/core/leastPrivilege/reportHtml.ts (escaped, nonce CSP) from the report model
 * (src/core/service/leastPrivilegeReport.ts) of the host's least privilege (./leastPrivilegeFeature.ts:
 * the language server's on the desktop, the extension host's in the browser). Its links open files at
 * the call or manifest line, its buttons apply the findings' fixes (asked for by the finding's id:
 * only while the file is still the text analysed, else the page says so and refreshes), refresh,
 * copy or save the Markdown export. Nothing is opened as an Untitled document. An open page follows
 * new results (a save, a store change), also those that come while it is being analysed.
 */
import * as vscode from 'vscode';
import { makeNonce } from '../core/explorer/detail';
import { findingKey, reportHtml, type ReportPageApp } from '../core/leastPrivilege/reportHtml';
import type { LeastPrivilegeReportModel, ReportApp, ReportFolder } from '../core/service/leastPrivilegeReport';
import { randomBytes } from './webPlatform';
import type { LeastPrivilegeAnalysis } from './leastPrivilegeAnalysis';
import type { Services } from './services';

export const REPORT_VIEW_TYPE = 'graphPermissionLens.leastPrivilegeReport';

interface Message {
  type?: unknown;
  app?: unknown;
  file?: unknown;
  line?: unknown;
  column?: unknown;
  finding?: unknown;
  fix?: unknown;
  /** The finding's key and the fix's title as the page showed them (a click from a page drawn before the model changed). */
  key?: unknown;
  title?: unknown;
}

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private model: LeastPrivilegeReportModel | undefined;
  /** Page app index → its folder and app. */
  private apps: { folder: ReportFolder; app: ReportApp }[] = [];
  private readonly mediaRoot: vscode.Uri;
  /** The last status line shown on the page. */
  private lastStatus: string | undefined;
  /** An analysis for the page is running (the change it causes needs no second render). */
  private busy = 0;
  /** New results came while busy (the model that call returns may be older): the page shows the last results once it ends. */
  private dirty = false;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly services: Services,
    private readonly analysis: LeastPrivilegeAnalysis,
  ) {
    this.mediaRoot = vscode.Uri.joinPath(services.context.extensionUri, 'media');
    // New results (a save, a file written by a tool, another store): an open page shows them.
    this.subscription = analysis.onDidChange(() => {
      if (this.busy) this.dirty = true;
      else if (this.panel) void this.update(false);
    });
  }

  /** Shows the last results once when new ones came during an analysis for the page. */
  private followChanges(): void {
    if (!this.dirty || this.busy) return;
    this.dirty = false;
    if (this.panel) void this.update(false);
  }

  /** Every folder analysed again (with the window's progress), or the last results. */
  private async report(refresh: boolean): Promise<LeastPrivilegeReportModel | undefined> {
    this.busy++;
    try {
      if (!refresh) return await this.analysis.report(false);
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Graph Permissions: least-privilege report' }, () => this.analysis.report(true));
    } finally {
      this.busy--;
    }
  }

  private async update(refresh: boolean): Promise<void> {
    try {
      const model = await this.report(refresh);
      if (model) this.render(model);
    } catch (e) {
      this.services.log.warn(`Least-privilege report: ${(e as Error).message}`);
      this.status(`Failed: ${(e as Error).message}`);
    }
    this.followChanges();
  }

  /** Analyses and shows (or reveals and refreshes) the page. */
  async show(): Promise<LeastPrivilegeReportModel | undefined> {
    const model = await this.report(true);
    if (!model) {
      this.followChanges();
      return undefined;
    }
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'Least-Privilege Report', vscode.ViewColumn.Active, {
        enableScripts: true,
        enableCommandUris: false,
        enableFindWidget: true,
        retainContextWhenHidden: false,
        localResourceRoots: [this.mediaRoot],
      });
      this.panel.iconPath = vscode.Uri.joinPath(this.mediaRoot, 'icons', 'graph-permissions.svg');
      const panel = this.panel;
      const subs = [
        panel.webview.onDidReceiveMessage((m: Message) => void this.onMessage(m)),
        panel.onDidDispose(() => {
          if (this.panel === panel) this.panel = undefined;
          for (const s of subs) s.dispose();
        }),
      ];
    } else this.panel.reveal(vscode.ViewColumn.Active);
    this.render(model);
    this.followChanges();
    return model;
  }

  /** The page's HTML (tests). */
  html(): string | undefined {
    return this.panel?.webview.html;
  }

  private render(model: LeastPrivilegeReportModel): void {
    this.model = model;
    this.apps = model.folders.flatMap((folder) => folder.apps.map((app) => ({ folder, app })));
    const multi = model.folders.length > 1;
    const pageApps: ReportPageApp[] = this.apps.map(({ folder, app }) => ({
      title: `${multi ? `${folder.name}: ` : ''}${app.name}`,
      report: app.report,
      excluded: app.excluded,
    }));
    const panel = this.panel;
    if (!panel) return;
    const w = panel.webview;
    w.html = reportHtml(pageApps, {
      nonce: makeNonce(randomBytes),
      cspSource: w.cspSource,
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'report.css')).toString(),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'report.js')).toString(),
      generatedAt: new Date().toLocaleString(),
      ...(model.unread?.length ? { unread: model.unread } : {}),
    });
  }

  private status(text: string): void {
    this.lastStatus = text;
    void this.panel?.webview.postMessage({ type: 'status', text });
  }

  /** Handles a message as if the open page posted it; resolves to the status line it left (tests: the page's buttons without a click). */
  async receive(m: unknown): Promise<string | undefined> {
    if (!this.panel || !m || typeof m !== 'object') return undefined;
    this.lastStatus = undefined;
    await this.onMessage(m as Message);
    return this.lastStatus;
  }

  private async onMessage(m: Message): Promise<void> {
    try {
      switch (m.type) {
        case 'open':
          return await this.open(m);
        case 'fix':
          return await this.fix(m);
        case 'refresh':
          return await this.update(true);
        case 'copyMarkdown':
          await vscode.env.clipboard.writeText(await this.markdown());
          return this.status('Copied the report as Markdown.');
        case 'saveMarkdown':
          return await this.save();
      }
    } catch (e) {
      this.services.log.warn(`Least-privilege report: ${String(m.type)} failed: ${(e as Error).message}`);
      this.status(`Failed: ${(e as Error).message}`);
    }
  }

  private async markdown(): Promise<string> {
    return this.model?.markdown ?? '';
  }

  /** Opens a file of an app at a line (only files under the app's workspace folder). */
  private async open(m: Message): Promise<void> {
    if (!isIndex(m.app) || typeof m.file !== 'string' || !isIndex(m.line)) return;
    const app = this.apps[m.app];
    if (!app || m.file.split('/').includes('..')) return;
    const uri = vscode.Uri.joinPath(vscode.Uri.parse(app.folder.uri), ...m.file.split('/'));
    const line = Math.max(0, m.line - 1);
    const col = isIndex(m.column) ? Math.max(0, m.column - 1) : 0;
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(line, col, line, col), preview: true });
  }

  /** Applies one fix of one finding, when the file is still the text the report analysed. */
  private async fix(m: Message): Promise<void> {
    if (!isIndex(m.app) || !isIndex(m.finding) || !isIndex(m.fix)) return;
    const app = this.apps[m.app];
    const finding = app?.app.report?.findings[m.finding];
    const where = app?.app.findings[m.finding];
    if (!app || !finding || !where || !finding.fixes[m.fix]) return;
    if ((typeof m.key === 'string' && m.key !== findingKey(finding)) || (typeof m.title === 'string' && m.title !== finding.fixes[m.fix].title)) {
      // The page was drawn from older results than these: the finding at that index is another one now.
      await this.update(false);
      this.status('The findings changed before the click arrived: nothing was applied. The page shows the current ones.');
      return;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(where.uri));
    // The finding's fixes, in the order the page shows them (none once the file changed).
    const fix = await this.analysis.fix(doc, where, m.fix, finding.fixes[m.fix].title);
    if (fix === 'changed') {
      await this.update(true);
      this.status(`${finding.file} changed since the report: refreshed, try again.`);
      return;
    }
    if (!(await vscode.workspace.applyEdit(fix.edit))) {
      this.status(`Could not apply "${fix.title}".`);
      return;
    }
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
    await this.update(true);
    this.status(`Applied "${fix.title}" to ${finding.file} (not saved yet).`);
  }

  private async save(): Promise<void> {
    const first = this.model?.folders[0]?.uri;
    const folder = first ? vscode.Uri.parse(first) : undefined;
    const target = await vscode.window.showSaveDialog({
      title: 'Export the least-privilege report',
      filters: { Markdown: ['md'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'least-privilege-report.md') } : {}),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(await this.markdown()));
    this.status(`Saved ${target.toString(true)}.`);
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
