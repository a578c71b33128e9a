/**
 * unknown-permission-name — a permission name the store does not know (with "did you mean"
 * fixes), or a known name written in the wrong casing.
 */
import type { ResolvedReference } from '../permissions/resolve';
import type { PermissionMatch } from '../store/store';
import type { Fix, Rule } from './types';
import { looksLikeGuid } from './unknownPermissionId';
import { appName, declared, replaceName, storeCovers } from './util';

// The fixes, built when read (functions outside the rule's loop: a closure inside would cost a context per reference).
function casingFix(r: ResolvedReference, match: PermissionMatch): () => Fix[] {
  return () => [{ title: `Change to '${match.name}'`, edits: [replaceName(r, match.name)], preferred: true }];
}

function suggestionFixes(r: ResolvedReference, found: readonly string[]): () => Fix[] {
  return () => found.map((s, i) => ({ title: `Change to '${s}'`, edits: [replaceName(r, s)], preferred: i === 0 }));
}

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
    // by every reference to the same misspelling. A wrong casing's message likewise, per app and
    // name. (app → name: no key string per reference.)
    const suggested = new Map<string, Map<string, { suggestions: readonly string[]; message: string; severity: 'information' | undefined }>>();
    const casing = new Map<string, Map<string, string>>();
    const refs = declared(ctx.analysis.references);
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      if (r.ref.form !== 'name' || looksLikeGuid(r.ref.text)) continue;
      if (!storeCovers(ctx.store, r.resourceAppId)) continue;
      if (r.match) {
        if (r.match.name === r.ref.name) continue;
        let byName = casing.get(r.resourceAppId);
        if (!byName) casing.set(r.resourceAppId, (byName = new Map()));
        let message = byName.get(r.ref.name);
        if (message === undefined) {
          const app = appName(ctx.store, r.resourceAppId);
          byName.set(r.ref.name, (message = `'${r.ref.name}' is written in the wrong casing: the ${app} permission is '${r.match.name}'.`));
        }
        report({ start: r.ref.start, end: r.ref.end, severity: 'warning', message, fixes: casingFix(r, r.match) });
        continue;
      }
      let byName = suggested.get(r.resourceAppId);
      if (!byName) suggested.set(r.resourceAppId, (byName = new Map()));
      let known = byName.get(r.ref.name);
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
        byName.set(r.ref.name, known);
      }
      report({ start: r.ref.start, end: r.ref.end, severity: known.severity, message: known.message, fixes: suggestionFixes(r, known.suggestions) });
    }
  },
};
