/**
 * unknown-permission-name — a permission name the store does not know (with "did you mean"
 * fixes), or a known name written in the wrong casing.
 */
import type { Fix, Rule } from './types';
import { looksLikeGuid } from './unknownPermissionId';
import { appName, declared, replaceName, storeCovers } from './util';

export const unknownPermissionName: Rule = {
  id: 'unknown-permission-name',
  defaultSeverity: 'error',
  doc: {
    summary: 'A permission name the metadata store does not know, or a known name in the wrong casing.',
    help:
      'Permission names are matched exactly by tools that resolve them (Teams Toolkit, MSAL consent). The quick-fix offers the closest published names. ' +
      'The bundled metadata holds every public Microsoft Graph permission of its upstream snapshot, so an unknown name is an error; a permission published after that date needs Update Metadata.',
    example: '{ "id": "Calls.JoinGroupCallasGuest.All", "type": "Role" }   /   "Scopes": "Directory.ReadAll"',
    fix: 'Replace with a suggested name (the casing fix is preferred).',
  },
  check(ctx, report) {
    const partial = ctx.store.isPartial;
    // "Did you mean" compares against every name of the app: once per distinct misspelling, and so
    // is the message (it depends only on the name, its app and the suggestions): one string shared
    // by every reference to the same misspelling.
    const suggested = new Map<string, { suggestions: readonly string[]; message: string; severity: 'information' | undefined }>();
    for (const r of declared(ctx.analysis.references)) {
      if (r.ref.form !== 'name' || looksLikeGuid(r.ref.text)) continue;
      if (!storeCovers(ctx.store, r.resourceAppId)) continue;
      if (r.match) {
        if (r.match.name === r.ref.name) continue;
        const app = appName(ctx.store, r.resourceAppId);
        report({
          start: r.ref.start,
          end: r.ref.end,
          severity: 'warning',
          message: `'${r.ref.name}' is written in the wrong casing: the ${app} permission is '${r.match.name}'.`,
          fixes: () => (r.match ? [{ title: `Change to '${r.match.name}'`, edits: [replaceName(r, r.match.name)], preferred: true }] : []),
        });
        continue;
      }
      const sk = `${r.resourceAppId}|${r.ref.name}`;
      let known = suggested.get(sk);
      if (!known) {
        const app = appName(ctx.store, r.resourceAppId);
        const suggestions = ctx.store.suggest(r.ref.name, r.resourceAppId);
        const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : '';
        known = {
          suggestions,
          severity: partial && suggestions.length === 0 ? 'information' : undefined,
          message: partial
            ? `'${r.ref.name}' is not a ${app} permission in ${ctx.store.describe()}.${hint}${suggestions.length ? '' : ' Update the metadata to check against current data.'}`
            : `'${r.ref.name}' is not a ${app} permission (${ctx.store.describe()}).${hint}`,
        };
        suggested.set(sk, known);
      }
      const found = known.suggestions;
      const fixes = (): Fix[] => found.map((s, i) => ({ title: `Change to '${s}'`, edits: [replaceName(r, s)], preferred: i === 0 }));
      report({ start: r.ref.start, end: r.ref.end, severity: known.severity, message: known.message, fixes });
    }
  },
};
