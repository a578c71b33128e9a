/**
 * unknown-permission-id — a GUID in a permission position that the store does not know for the
 * resource app it is listed under. An error with the bundled store (it carries every public Graph
 * permission of its upstream snapshot) and with updated data; only information with a partial store
 * (a snapshot made from npm packages alone), with a pointer to updating the metadata.
 */
import type { Rule } from './types';
import { appName, declared, storeCovers } from './util';

/** A half-typed or mangled GUID: hex digits and dashes, but not a GUID. */
const GUID_LIKE = /^[0-9a-f]{4,}-[0-9a-f-]*$/i;

export function looksLikeGuid(text: string): boolean {
  // (One RegExp for every call: a literal in the body is a new object each time, on every reference.)
  return GUID_LIKE.test(text);
}

export const unknownPermissionId: Rule = {
  id: 'unknown-permission-id',
  defaultSeverity: 'error',
  doc: {
    summary: 'A permission GUID that the metadata store does not know for its resource application.',
    help:
      'A mistyped or made-up GUID makes the app request nothing (or fail consent). Check the GUID against the permissions reference. ' +
      'The bundled metadata holds every public Microsoft Graph permission of its upstream snapshot; a permission published after that date needs Update Metadata.',
    example: '{ "resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [{ "id": "a7a681dc-756e-4909-b988-f160edc66550", "type": "Role" }] }',
  },
  check(ctx, report) {
    const partial = ctx.store.isPartial;
    const bundled = ctx.store.provenance.origin === 'bundled';
    const refs = declared(ctx.analysis.references);
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      if (r.ref.position !== 'resourceAccess' || !storeCovers(ctx.store, r.resourceAppId)) continue;
      if (r.ref.form === 'name') {
        if (looksLikeGuid(r.ref.text)) {
          report({ start: r.ref.start, end: r.ref.end, message: `'${r.ref.text}' is not a well-formed GUID (8-4-4-4-12 hexadecimal digits).` });
        }
        continue;
      }
      if (ctx.store.byIdAll(r.ref.text).length > 0) continue; // known somewhere: wrong-resource-app decides
      const app = appName(ctx.store, r.resourceAppId);
      report({
        start: r.ref.start,
        end: r.ref.end,
        severity: partial ? 'information' : undefined,
        message: partial
          ? `${r.ref.text} is not a ${app} permission in ${ctx.store.describe()}; update the metadata (Graph Permissions: Update Metadata) to check against current data.`
          : bundled
            ? `${r.ref.text} is not a ${app} permission (${ctx.store.describe()}; one published later needs Graph Permissions: Update Metadata).`
            : `${r.ref.text} is not a ${app} permission (${ctx.store.describe()}).`,
      });
    }
  },
};
