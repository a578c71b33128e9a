/**
 * Least privilege in the editor, whichever side analyses: the report command and its page
 * (./reportPanel.ts), the hidden commands of the tests, and the interface both analyses implement —
 * the language server's on the desktop (./leastPrivilegeClient.ts: the findings arrive with the
 * server's diagnostics, their quick-fixes with its code actions, the report and a finding's fix
 * through custom requests) and the extension host's in the browser (./leastPrivilege.ts, with the
 * service in the extension host). The host's language features choose one at activation.
 *
 * - "Graph Permissions: Show Least-Privilege Report": every workspace folder analysed again, the
 *   report page shown with the model (src/core/service/leastPrivilegeReport.ts): no untitled
 *   documents, no save prompts; returns the Markdown export (tests, scripting). Without path data
 *   the report says so and Update Metadata is offered; a folder that could not be read (the language
 *   server reads folders on disk) is named in a warning.
 * - `_graphPermissionLens.loadMetadataFrom` (hidden; for tests and troubleshooting): loads upstream
 *   files from a folder or URL with given importer limits and puts that store in use (not cached;
 *   on the desktop the store is sent to the language server and not kept in the extension host).
 */
import * as vscode from 'vscode';
import type { UpstreamLimits } from '../core/upstream';
import { ReportPanel } from './reportPanel';
import type { Services } from './services';

export const REPORT_COMMAND = 'graphPermissionLens.showLeastPrivilegeReport';
/** Hidden: the report page's HTML (tests and troubleshooting). */
export const REPORT_HTML_COMMAND = '_graphPermissionLens.leastPrivilegeReportHtml';
export const LOAD_METADATA_COMMAND = '_graphPermissionLens.loadMetadataFrom';
/** Hidden: hands the open report page a message as if it posted it (`{ type: 'fix', app, finding, fix }`, …); resolves to the page's status line (tests). */
export const REPORT_MESSAGE_COMMAND = '_graphPermissionLens.leastPrivilegeReportMessage';

/** Test and troubleshooting hook: loads upstream files (folder or URL) with importer limits; not cached. */
async function loadMetadataFrom(services: Services, source: unknown, limits: unknown): Promise<{ ok: boolean; message: string }> {
  if (typeof source !== 'string' || !source.trim()) return { ok: false, message: 'expected a folder or URL' };
  const lim: Partial<UpstreamLimits> = {};
  if (limits && typeof limits === 'object') {
    for (const [k, v] of Object.entries(limits as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v)) (lim as Record<string, number>)[k] = v;
  }
  if (!services.host.loadStoreWithMetadata) return { ok: false, message: 'loading metadata from a folder or URL is not available in this extension host' };
  try {
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.scheme === 'file' ? vscode.workspace.workspaceFolders[0].uri.fsPath : undefined;
    const store = await services.host.loadStoreWithMetadata(source, { limits: lim, cwd });
    // Where the store lives (the language server on the desktop); the store loaded here is not kept.
    const r = await services.metadata.useStore(store);
    if (!r.info) return { ok: false, message: `Graph Permission Lens could not put the metadata from ${source} in use: ${r.error ?? 'unknown error'}` };
    return { ok: true, message: `now using ${r.info.describe}` };
  } catch (e) {
    const message = `Graph Permission Lens could not load metadata from ${source}: ${(e as Error).message}`;
    services.log.warn(message);
    return { ok: false, message };
  }
}

/** The report command, its page and the hidden commands, over the host's least privilege. */
export function registerLeastPrivilegeCommands(services: Services): void {
  const panel = new ReportPanel(services, services.leastPrivilege);
  const showReport = async (): Promise<string | undefined> => {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage('Graph Permission Lens: open a folder to get its least-privilege report.');
      return undefined;
    }
    const model = await panel.show();
    if (model?.noPathData) {
      void vscode.window.showInformationMessage(model.noPathData, 'Update Metadata').then((pick) => {
        if (pick) void vscode.commands.executeCommand('graphPermissionLens.updateMetadata');
      });
    }
    if (model?.unread?.length) {
      const names = model.unread.map((f) => `${f.name} (${f.why})`).join(', ');
      services.log.warn(`Least privilege: not analysed: ${names}`);
      void vscode.window.showWarningMessage(`Graph Permission Lens: the least-privilege report leaves out ${names}.`);
    }
    return model?.markdown;
  };
  services.context.subscriptions.push(
    panel,
    vscode.commands.registerCommand(REPORT_COMMAND, showReport),
    vscode.commands.registerCommand(REPORT_HTML_COMMAND, () => panel.html()),
    vscode.commands.registerCommand(REPORT_MESSAGE_COMMAND, (m: unknown) => panel.receive(m)),
    vscode.commands.registerCommand(LOAD_METADATA_COMMAND, (source: unknown, limits: unknown) => loadMetadataFrom(services, source, limits)),
  );
}
