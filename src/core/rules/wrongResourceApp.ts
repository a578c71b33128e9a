/**
 * wrong-resource-app — a permission listed under a resource application it does not belong to:
 * a Graph GUID under SharePoint (or another API), a SharePoint-only name under Graph, …
 */
import { isGuid } from '../guid';
import type { ResolvedReference } from '../resolve';
import type { Fix, Rule } from './types';
import { appName, declared, storeCovers } from './util';

export const wrongResourceApp: Rule = {
  id: 'wrong-resource-app',
  defaultSeverity: 'error',
  doc: {
    summary: 'A permission listed under a resource application that does not define it.',
    help:
      'Permission ids are looked up under the entry\'s resourceAppId: a Microsoft Graph GUID under SharePoint (or another API) requests nothing. ' +
      'Move the entry to the right resourceAppId block.',
    example: '{ "resourceAppId": "00000003-0000-0ff1-ce00-000000000000", "resourceAccess": [{ "id": "a7a681dc-756e-4909-b988-f160edc6655f", "type": "Role" }] }',
    fix: 'When every entry of the block belongs to one other app, change the block\'s resourceAppId to it.',
  },
  check(ctx, report) {
    const refs = declared(ctx.analysis.references).filter((r) => r.ref.position === 'resourceAccess' && r.ref.resourceAppId);
    const owner = (r: ResolvedReference): string | undefined => {
      const written = r.ref.resourceAppId as string;
      if (r.ref.form === 'guid') {
        const all = ctx.store.byIdAll(r.ref.text);
        if (all.length === 0 || all.some((p) => p.resourceAppId === written)) return undefined;
        return all[0].resourceAppId;
      }
      // Names: only where the store covers the written app (custom APIs may use any names).
      if (!storeCovers(ctx.store, written) || r.match) return undefined;
      for (const app of ctx.store.resourceApps()) {
        if (app.appId !== written && app.permissionCount > 0 && ctx.store.byName(r.ref.name, app.appId)) return app.appId;
      }
      return undefined;
    };
    const owners = new Map<ResolvedReference, string | undefined>(refs.map((r) => [r, owner(r)]));
    // The references of each resourceAccess block, by the offset of its resourceAppId (one pass, not one per report).
    const blocks = new Map<number | undefined, ResolvedReference[]>();
    for (const r of refs) {
      const k = r.ref.resourceAppRange?.start;
      const list = blocks.get(k);
      if (list) list.push(r);
      else blocks.set(k, [r]);
    }
    for (const r of refs) {
      const right = owners.get(r);
      if (!right) continue;
      const written = r.ref.resourceAppId as string;
      const name = r.ref.form === 'guid' ? ctx.store.byIdAll(r.ref.text).find((p) => p.resourceAppId === right)?.value : ctx.store.byName(r.ref.name, right)?.name;
      const fixes: Fix[] = [];
      const range = r.ref.resourceAppRange;
      const sameBlock = blocks.get(range?.start) ?? [];
      if (range && sameBlock.every((o) => owners.get(o) === right)) {
        const writtenAsName = !isGuid((r.ref.resourceAppText ?? '').trim());
        const newText = writtenAsName ? appName(ctx.store, right) : right;
        fixes.push({ title: `Change resourceAppId to ${appName(ctx.store, right)}`, edits: [{ ...range, newText }], preferred: true });
      }
      report({
        start: r.ref.start,
        end: r.ref.end,
        message: `${name ?? r.ref.text} is a ${appName(ctx.store, right)} permission, but it is listed under ${ctx.store.resourceApp(written) ? appName(ctx.store, written) : `the resource app ${written}`}.`,
        fixes,
      });
    }
  },
};
