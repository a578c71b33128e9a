/**
 * hidden-or-disabled-permission — a permission the upstream metadata marks as disabled (requesting
 * it has no effect) or hidden (not meant for general use). The marks come from Microsoft's published
 * permission data: bundled (as of its upstream snapshot) and refreshed by Update Metadata.
 */
import type { Permission } from '../store/store';
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
    for (const r of declared(ctx.analysis.references)) {
      if (!r.match) continue;
      const perms = r.permission ? [r.permission] : [r.match.application, r.match.delegated].filter((p): p is Permission => !!p);
      if (perms.length === 0) continue;
      if (perms.every((p) => p.enabled === false)) {
        report({ start: r.ref.start, end: r.ref.end, message: `${r.match.name} is disabled in ${ctx.store.describe()}: it can no longer be granted.` });
      } else if (perms.every((p) => p.hidden === true)) {
        report({
          start: r.ref.start,
          end: r.ref.end,
          severity: 'information',
          message: `${r.match.name} is hidden in ${ctx.store.describe()}: not meant for general use, it may change or go away.`,
        });
      }
    }
  },
};
