/**
 * high-privilege — permissions that let an app take over a tenant or read everything. The list and
 * the reasons are documented data in data/privilege.ts.
 */
import { HIGH_PRIVILEGE, HIGH_PRIVILEGE_IDS } from './data/privilege';
import type { Rule } from './types';
import { declared } from './util';

const BY_NAME = new Map(HIGH_PRIVILEGE.map((e) => [e.name.toLowerCase(), e]));

export const highPrivilege: Rule = {
  id: 'high-privilege',
  defaultSeverity: 'warning',
  doc: {
    summary: 'A permission that lets the app take over the tenant or read everything in it.',
    help:
      'These grants are the first thing an attacker looks for in a compromised app. Prefer a narrower permission, a resource-scoped one (`.Selected`, application access policies), ' +
      'or delegated access; if the grant is needed, document why and watch its use. The classification and its sources are in src/core/rules/data/privilege.ts.',
    example: '{ "id": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "type": "Role" }  (RoleManagement.ReadWrite.Directory)',
  },
  check(ctx, report) {
    for (const r of declared(ctx.analysis.references)) {
      if (!r.match) continue;
      // By GUID first (a GUID is one permission of one kind, whatever name the metadata gives it), else by name.
      const byId = r.permission ? HIGH_PRIVILEGE_IDS.get(r.permission.id) : undefined;
      const e = BY_NAME.get((byId ?? r.match.name).toLowerCase());
      if (!e) continue;
      // The kind written; when the text does not say, only if every kind the name has is listed
      // (an MSAL scope "Mail.Send" is delegated in practice: not the tenant-wide application role).
      if (!byId && (r.kind === 'Unknown' ? !ctx.store.kindsOf(r.match).every((k) => e.kinds.includes(k)) : !e.kinds.includes(r.kind))) continue;
      const kind = byId && r.permission ? r.permission.kind : r.kind;
      const kindText = kind === 'Unknown' ? '' : ` (${kind})`;
      const relabelled = byId && byId.toLowerCase() !== r.match.name.toLowerCase() ? `, whose GUID is ${byId},` : '';
      report({ start: r.ref.start, end: r.ref.end, message: `${r.match.name}${kindText}${relabelled} is a high-privilege permission: it ${e.reason}.` });
    }
  },
};
