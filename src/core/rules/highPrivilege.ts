/**
 * high-privilege — permissions that let an app take over a tenant or read everything: upstream
 * privilege level 4 of 4 (the documented threshold, HIGH_PRIVILEGE_LEVEL), plus the documented
 * tier-0 list with reasons, both in data/privilege.ts.
 */
import { GRAPH_APP_ID } from '../guid';
import { HIGH_PRIVILEGE, HIGH_PRIVILEGE_IDS, highPrivilegeReason, HIGH_PRIVILEGE_LEVEL } from './data/privilege';
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
      `or delegated access; if the grant is needed, document why and watch its use. Reported: every kind Microsoft rates privilege level ${HIGH_PRIVILEGE_LEVEL} of 4 in its published permission data (bundled), ` +
      'and the documented tier-0 list with its reasons and sources in src/core/rules/data/privilege.ts.',
    example: '{ "id": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "type": "Role" }  (RoleManagement.ReadWrite.Directory)',
  },
  check(ctx, report) {
    for (const r of declared(ctx.analysis.references)) {
      if (!r.match) continue;
      const m = r.match;
      // By GUID first: a GUID is one permission of one kind, whatever name the metadata gives it (a
      // relabelled "User.Read.Harmless" keeps the warning of the GUID it really is).
      const byId = r.permission ? HIGH_PRIVILEGE_IDS.get(r.permission.id) : undefined;
      const listed = byId ? BY_NAME.get(byId.toLowerCase()) : undefined;
      if (byId && listed && r.permission) {
        const relabelled = byId.toLowerCase() !== m.name.toLowerCase() ? `, whose GUID is ${byId},` : '';
        report({ start: r.ref.start, end: r.ref.end, message: `${m.name} (${r.permission.kind})${relabelled} is a high-privilege permission: it ${listed.reason}.` });
        continue;
      }
      if (m.resourceAppId !== GRAPH_APP_ID) continue;
      // The kind written; when the text does not say, only if every kind the name has is high
      // (an MSAL scope "Mail.Send" is delegated in practice: not the tenant-wide application role).
      const kinds = r.kind === 'Unknown' ? ctx.store.kindsOf(m) : [r.kind];
      const reasons = kinds.map((k) => highPrivilegeReason(m, k));
      if (!reasons.length || reasons.some((x) => !x)) continue;
      const kindText = r.kind === 'Unknown' ? '' : ` (${r.kind})`;
      report({ start: r.ref.start, end: r.ref.end, message: `${m.name}${kindText} is a high-privilege permission: it ${reasons[0]}.` });
    }
  },
};
