/**
 * wrong-resource-app — a permission listed under a resource application it does not belong to:
 * a Graph GUID under SharePoint (or another API), a SharePoint-only name under Graph, …
 */
import { isGuid } from '../permissions/guid';
import type { ResolvedReference } from '../permissions/resolve';
import { ResourceBlocks } from './resourceBlocks';
import type { Fix, Rule, TextEdit } from './types';
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
    fix:
      'Move the entry into the block of the app it belongs to (or into a new block for that app, after the others); ' +
      'when every entry of the block belongs to that app and it has no block yet, change the block\'s resourceAppId instead.',
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
    // The owner depends only on the written app and the token: found once per distinct pair.
    // (form, written app → token: no key string per reference)
    const memo = { guid: new Map<string, Map<string, string | undefined>>(), name: new Map<string, Map<string, string | undefined>>() };
    const ownerOf = (r: ResolvedReference): string | undefined => {
      if (r.ref.form === 'name' && r.match) return undefined;
      const byApp = r.ref.form === 'guid' ? memo.guid : memo.name;
      const written = r.ref.resourceAppId as string;
      let byToken = byApp.get(written);
      if (!byToken) byApp.set(written, (byToken = new Map()));
      const k = r.ref.form === 'guid' ? r.ref.text : r.ref.name;
      if (byToken.has(k)) return byToken.get(k);
      const o = owner(r);
      byToken.set(k, o);
      return o;
    };
    // The message depends on the same pair (the right app is the pair's): built once per pair too.
    const messages = { guid: new Map<string, Map<string, string>>(), name: new Map<string, Map<string, string>>() };
    const messageOf = (r: ResolvedReference, right: string): string => {
      const written = r.ref.resourceAppId as string;
      const byApp = r.ref.form === 'guid' ? messages.guid : messages.name;
      let byToken = byApp.get(written);
      if (!byToken) byApp.set(written, (byToken = new Map()));
      const k = r.ref.form === 'guid' ? r.ref.text : r.ref.name;
      let message = byToken.get(k);
      if (message !== undefined) return message;
      const name = r.ref.form === 'guid' ? ctx.store.byIdAll(r.ref.text).find((p) => p.resourceAppId === right)?.value : ctx.store.byName(r.ref.name, right)?.name;
      message = `${name ?? r.ref.text} is a ${appName(ctx.store, right)} permission, but it is listed under ${ctx.store.resourceApp(written) ? appName(ctx.store, written) : `the resource app ${written}`}.`;
      // (A name the right app does not know names the token as written: not shared.)
      if (name !== undefined) byToken.set(k, message);
      return message;
    };
    // The references of each resourceAccess block, by the offset of its resourceAppId: gathered in
    // one pass when a fix first asks (not one per fix, and not at all for a check that only shows).
    let blocks: Map<number | undefined, ResolvedReference[]> | undefined;
    const blockOf = (start: number | undefined): readonly ResolvedReference[] => {
      if (!blocks) {
        blocks = new Map();
        for (const r of refs) {
          const k = r.ref.resourceAppRange?.start;
          const list = blocks.get(k);
          if (list) list.push(r);
          else blocks.set(k, [r]);
        }
      }
      return blocks.get(start) ?? [];
    };
    // JSON manifests: the blocks, parsed only when a fix needs them.
    let parsed: ResourceBlocks | undefined;
    const blocksOf = (): ResourceBlocks | undefined => (ctx.analysis.format === 'json' ? (parsed ??= ResourceBlocks.of(ctx.text, ctx.analysis, ctx.store)) : undefined);
    // Built when asked for (a code action, the CLI's output): the move looks the blocks up. (Made
    // outside the loop: a closure in the loop's body would cost a context for every reference.)
    const fixesFor = (r: ResolvedReference, right: string) => (): Fix[] => {
      const range = r.ref.resourceAppRange;
      const sameBlock = blockOf(range?.start);
      const writtenAsName = !isGuid((r.ref.resourceAppText ?? '').trim());
      const moved = range && r.ref.entry ? moveFix(blocksOf(), range.start, r.ref.entry.start, right, writtenAsName ? appName(ctx.store, right) : right) : undefined;
      const allBelong = sameBlock.every((o) => ownerOf(o) === right);
      if (moved && (moved.into === 'existing' || !allBelong)) {
        return [{ title: moved.into === 'existing' ? `Move to the ${appName(ctx.store, right)} block` : `Move to a new ${appName(ctx.store, right)} block`, edits: moved.edits, preferred: true }];
      }
      if (range && allBelong) {
        const newText = writtenAsName ? appName(ctx.store, right) : right;
        return [{ title: `Change resourceAppId to ${appName(ctx.store, right)}`, edits: [{ ...range, newText }], preferred: true }];
      }
      return [];
    };
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      const right = ownerOf(r);
      if (!right) continue;
      report({ start: r.ref.start, end: r.ref.end, message: messageOf(r, right), fixes: fixesFor(r, right) });
    }
  },
};

/**
 * Moves the entry at `entryStart` (in the block whose resourceAppId is at `appStart`) into the
 * block of `right` in the same list, or into a new block appended to the list. A block left empty
 * by the move is removed with it.
 */
function moveFix(
  blocks: ResourceBlocks | undefined,
  appStart: number,
  entryStart: number,
  right: string,
  rightText: string,
): { into: 'existing' | 'new'; edits: TextEdit[] } | undefined {
  if (!blocks) return undefined;
  const src = blocks.blockAt(appStart);
  const entry = blocks.entryAt(entryStart);
  if (!src || entry === undefined || blocks.parent(entry) !== src.access) return undefined;
  const first = blocks.firstOfApp(src, right);
  const target = first && first !== src ? first : undefined;
  const list = blocks.parent(src.node);
  if (!target && !blocks.isArray(list)) return undefined;
  const removal = blocks.childCount(src.access) === 1 && target ? blocks.remove(src.node) : blocks.remove(entry);
  if (target) return { into: 'existing', edits: [...removal, blocks.append(target.access, [blocks.slice(entry)])] };
  const block = `{ "resourceAppId": ${JSON.stringify(rightText)}, "resourceAccess": [ ${blocks.slice(entry)} ] }`;
  return { into: 'new', edits: [...removal, blocks.append(list, [block])] };
}
