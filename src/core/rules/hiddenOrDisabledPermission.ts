/**
 * hidden-or-disabled-permission — a permission the upstream metadata marks as disabled (requesting
 * it has no effect) or hidden (not meant for general use). The marks come from Microsoft's published
 * permission data: bundled (as of its upstream snapshot) and refreshed by Update Metadata.
 */
import type { Permission, PermissionMatch } from '../store/store';
import type { Rule } from './types';
import { declared } from './util';

export const hiddenOrDisabledPermission: Rule = {
  id: 'hidden-or-disabled-permission',
  defaultSeverity: 'warning',
  doc: {
    summary: 'A permission the published metadata marks as disabled or hidden.',
    help:
      'A disabled permission can no longer be granted; a hidden one is not meant for general use and may change or disappear. ' +
      'Both marks come from Microsoft\'s published permission data: bundled as of its upstream snapshot, and current after Update Metadata.',
    example: '{ "id": "e118f1da-5c1c-46cf-bff6-8858d786f46f", "type": "Role" }  (Mail-Advanced.ReadWrite.All, hidden)',
  },
  check(ctx, report) {
    // The verdict depends only on the match and the permission meant (a GUID's, a declared kind's, or
    // none): decided once per distinct pair, one message string shared by every reference to it.
    const where = ctx.store.describe();
    const verdicts = new Map<PermissionMatch, Map<Permission | undefined, Verdict | null>>();
    const refs = declared(ctx.analysis.references);
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      const m = r.match;
      if (!m) continue;
      let byPermission = verdicts.get(m);
      if (!byPermission) verdicts.set(m, (byPermission = new Map()));
      let v = byPermission.get(r.permission);
      if (v === undefined) byPermission.set(r.permission, (v = verdict(m, r.permission, where)));
      if (v) report({ start: r.ref.start, end: r.ref.end, severity: v.severity, message: v.message });
    }
  },
};

interface Verdict {
  severity: 'information' | undefined;
  message: string;
}

function verdict(m: PermissionMatch, permission: Permission | undefined, where: string): Verdict | null {
  const perms = permission ? [permission] : [m.application, m.delegated].filter((p): p is Permission => !!p);
  if (perms.length === 0) return null;
  if (perms.every((p) => p.enabled === false)) return { severity: undefined, message: `${m.name} is disabled in ${where}: it can no longer be granted.` };
  if (perms.every((p) => p.hidden === true)) return { severity: 'information', message: `${m.name} is hidden in ${where}: not meant for general use, it may change or go away.` };
  return null;
}
