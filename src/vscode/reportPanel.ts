/**
 * The least-privilege report page: one webview panel (reused), rendered by
 * src/core/leastPrivilege/reportHtml.ts (escaped, nonce CSP). Its links open files at the call or manifest
 * line, its buttons apply the findings' fixes (the language service's, by the finding's id: only
 * while the file is still the text analysed), refresh, copy or save the Markdown export. Nothing is
 * opened as an Untitled document. The page's model is the service's least-privilege result.
 */
import * as vscode from 'vscode';
import { makeNonce } from '../core/explorer/detail';
import type { AppRun, UsageFinding } from '../core/leastPrivilege';
import { disabledAppMarkdown, reportMarkdown } from '../core/leastPrivilege/report';
import { reportHtml, type ReportPageApp } from '../core/leastPrivilege/reportHtml';
import type { LanguageService, LeastPrivilegeResult } from '../core/service';
import { toWorkspaceEdit } from './codeActions';
import { randomBytes } from './host';
import type { Services } from './services';

export const REPORT_VIEW_TYPE = 'graphPermissionLens.leastPrivilegeReport';

export interface ReportFolderRun {
  folder: vscode.WorkspaceFolder;
  /** The language service's least-privilege result for the folder: its apps are the page's model. */
  result: LeastPrivilegeResult;
  /** The service that produced it (asked for the findings' fixes by their ids). */
  service: LanguageService;
}

interface Message {
  type?: unknown;
  app?: unknown;
  file?: unknown;
  line?: unknown;
  column?: unknown;
  finding?: unknown;
  fix?: unknown;
}

export interface ReportHost {
  /** Analyses every workspace folder again (and publishes its diagnostics). */
  refresh(): Promise<ReportFolderRun[] | undefined>;
  /** A fix changed a manifest: recompute the diagnostics. */
  fixApplied(): void;
}

/** The report as Markdown (export, CLI-compatible). */
export function markdownOf(runs: readonly ReportFolderRun[]): string {
  const multi = runs.length > 1;
  const reports = runs.flatMap((f) => f.result.apps.flatMap((r) => (r.report ? [r.report] : [])));
  const off = runs.flatMap((f) => f.result.apps.filter((r) => !r.report).map((r) => disabledAppMarkdown(multi ? `${f.folder.name}/${r.group.name}` : r.group.name, r.group.excluded)));
  return [reportMarkdown(reports), ...off].join('\n');
}

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private runs: ReportFolderRun[] = [];
  /** Page app index → its folder run and app run. */
  private apps: { folder: ReportFolderRun; run: AppRun }[] = [];
  /** Each finding on the page → its file and diagnostic id in the service. */
  private ids = new Map<UsageFinding, { uri: string; id: string }>();
  private readonly mediaRoot: vscode.Uri;

  constructor(
    private readonly services: Services,
    private readonly host: ReportHost,
  ) {
    this.mediaRoot = vscode.Uri.joinPath(services.context.extensionUri, 'media');
  }

  /** Analyses and shows (or reveals and refreshes) the page. */
  async show(): Promise<ReportFolderRun[] | undefined> {
    const runs = await this.host.refresh();
    if (!runs) return undefined;
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
    this.render(runs);
    return runs;
  }

  /** The page's HTML (tests). */
  html(): string | undefined {
    return this.panel?.webview.html;
  }

  private render(runs: ReportFolderRun[]): void {
    this.runs = runs;
    this.apps = runs.flatMap((folder) => folder.result.apps.map((run) => ({ folder, run })));
    this.ids = new Map(runs.flatMap((r) => r.result.files.flatMap((f) => f.diagnostics.map((d) => [d.finding, { uri: f.uri, id: d.id }] as const))));
    const multi = runs.length > 1;
    const pageApps: ReportPageApp[] = this.apps.map(({ folder, run }) => ({
      title: `${multi ? `${folder.folder.name}: ` : ''}${run.group.name}`,
      report: run.report,
      excluded: run.group.excluded,
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
    });
  }

  private status(text: string): void {
    void this.panel?.webview.postMessage({ type: 'status', text });
  }

  private async onMessage(m: Message): Promise<void> {
    try {
      switch (m.type) {
        case 'open':
          return await this.open(m);
        case 'fix':
          return await this.fix(m);
        case 'refresh': {
          const runs = await this.host.refresh();
          if (runs) this.render(runs);
          return;
        }
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
    return markdownOf(this.runs);
  }

  /** Opens a file of an app at a line (only files under the app's workspace folder). */
  private async open(m: Message): Promise<void> {
    if (!isIndex(m.app) || typeof m.file !== 'string' || !isIndex(m.line)) return;
    const app = this.apps[m.app];
    if (!app || m.file.split('/').includes('..')) return;
    const uri = vscode.Uri.joinPath(app.folder.folder.uri, ...m.file.split('/'));
    const line = Math.max(0, m.line - 1);
    const col = isIndex(m.column) ? Math.max(0, m.column - 1) : 0;
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(line, col, line, col), preview: true });
  }

  /** Applies one fix of one finding, when the file is still the text the report analysed. */
  private async fix(m: Message): Promise<void> {
    if (!isIndex(m.app) || !isIndex(m.finding) || !isIndex(m.fix)) return;
    const app = this.apps[m.app];
    const finding = app?.run.report?.findings[m.finding];
    const where = finding && this.ids.get(finding);
    if (!app || !finding || !where || !finding.fixes[m.fix]) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(where.uri));
    // The service's fixes of this finding, in the order the page shows them (none once the file changed).
    const fix = this.services.lens.codeActions(app.folder.service, doc, 0, [where.id], ['quickfix'])[m.fix];
    if (!fix) {
      this.status(`${finding.file} changed since the report: refreshed, try again.`);
      const runs = await this.host.refresh();
      if (runs) this.render(runs);
      return;
    }
    if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(doc, fix.edits)))) {
      this.status(`Could not apply "${fix.title}".`);
      return;
    }
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
    this.host.fixApplied();
    const runs = await this.host.refresh();
    if (runs) this.render(runs);
    this.status(`Applied "${fix.title}" to ${finding.file} (not saved yet).`);
  }

  private async save(): Promise<void> {
    const folder = this.runs[0]?.folder.uri;
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
    this.panel?.dispose();
  }
}
