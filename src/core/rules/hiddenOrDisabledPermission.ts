/**
 * hidden-or-disabled-permission — a permission the upstream metadata marks as disabled (requesting
 * it has no effect) or hidden (not meant for general use). Only upstream data (Update Metadata)
 * carries these marks; with the bundled snapshot the rule is silent.
 */
import type { Permission } from '../store';
import type { Rule } from './types';
import { declared } from './util';

export const hiddenOrDisabledPermission: Rule = {
  id: 'hidden-or-disabled-permission',
  defaultSeverity: 'warning',
  doc: {
    summary: 'A permission the published metadata marks as disabled or hidden.',
    help:
      'A disabled permission can no longer be granted; a hidden one is not meant for general use and may change or disappear. ' +
      'Both marks come from the upstream data loaded by Update Metadata; the bundled snapshot has none.',
    example: 'a hidden permission\'s GUID in requiredResourceAccess, after Update Metadata',
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
