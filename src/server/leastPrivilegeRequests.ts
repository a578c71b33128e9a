/**
 * The least-privilege requests of the VS Code client's report page (protocol.ts): the report model
 * of the workspace folders and the edit of a finding's fix, answered by the server's least
 * privilege (./leastPrivilege.ts). Kept in a file of their own beside the other custom requests.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { ServerLeastPrivilege } from './leastPrivilege';
import {
  LeastPrivilegeFixRequest,
  LeastPrivilegeReportRequest,
  type LeastPrivilegeFixParams,
  type LeastPrivilegeFixResult,
  type LeastPrivilegeReportModel,
  type LeastPrivilegeReportParams,
} from './protocol';

export function registerLeastPrivilegeRequests(connection: Connection, lp: ServerLeastPrivilege): void {
  connection.onRequest(LeastPrivilegeReportRequest, (p: LeastPrivilegeReportParams | null): Promise<LeastPrivilegeReportModel | null> => lp.report(p?.refresh === true));
  connection.onRequest(LeastPrivilegeFixRequest, (p: LeastPrivilegeFixParams): Promise<LeastPrivilegeFixResult> => lp.fix(p));
}
