/** Least privilege as the report page and the commands (./leastPrivilegeFeature.ts) see it, whichever side analyses. */
import type * as vscode from 'vscode';
import type { LeastPrivilegeReportModel, ReportFindingRef } from '../core/service/leastPrivilegeReport';

/** A fix of a finding as the editor applies it, or why there is none. */
export type LeastPrivilegeFix = { title: string; edit: vscode.WorkspaceEdit } | 'changed';

/** Least privilege as the report page and the commands see it: the language server's (desktop) or the extension host's (browser). */
export interface LeastPrivilegeAnalysis {
  /**
   * The report of every workspace folder: analysed again with `refresh` (their findings published),
   * else the last results. Undefined when there is no store (the store service already said why).
   */
  report(refresh: boolean): Promise<LeastPrivilegeReportModel | undefined>;
  /**
   * The edit of one fix (its index in the finding's fixes, and its title as shown) on the document as
   * it is now; `'changed'` when it is no longer the text analysed (or that fix is another one now).
   */
  fix(doc: vscode.TextDocument, finding: ReportFindingRef, fix: number, title: string): Promise<LeastPrivilegeFix>;
  /** Fires when a folder's results changed (an open report page shows them). */
  readonly onDidChange: vscode.Event<void>;
}
