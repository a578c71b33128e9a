/**
 * duplicate-resource-app — two `requiredResourceAccess` blocks for the same resource application.
 * Entra ID keeps one block per API; a second one is confusing at best (which list is reviewed?) and
 * is what a careless move leaves behind. The fix merges the later block's entries into the first
 * (skipping entries the first already has) and removes the later block.
 */
import { ResourceBlocks, type ResourceBlock } from './resourceBlocks';
import type { Fix, Rule } from './types';
import { appName } from './util';

export const duplicateResourceApp: Rule = {
  id: 'duplicate-resource-app',
  defaultSeverity: 'warning',
  doc: {
    summary: 'Two requiredResourceAccess blocks for the same resource application.',
    help:
      'An app lists each API it calls once, with all its permissions in one resourceAccess list. ' +
      'A second block for the same resourceAppId splits the list that reviewers and consent screens read. Merge the blocks.',
    example:
      '[{ "resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [ … ] }, { "resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [ … ] }]',
    fix: 'Move the later block\'s entries into the first block for that app (repeats dropped) and remove the later block.',
  },
  check(ctx, report) {
    if (ctx.analysis.format !== 'json') return;
    // Cheap test first: the scanner's resource-app mentions, by app; parse only when one repeats.
    const seen = new Set<string>();
    let repeated = false;
    for (const m of ctx.analysis.resourceApps) {
      const k = m.appId ?? m.text.trim().toLowerCase();
      if (seen.has(k)) {
        repeated = true;
        break;
      }
      seen.add(k);
    }
    if (!repeated) return;
    const blocks = ResourceBlocks.of(ctx.text, ctx.analysis, ctx.store);
    const done = new Set<number>();
    for (const m of ctx.analysis.resourceApps) {
      const block = blocks.blockAt(m.start);
      if (!block || done.has(block.node)) continue;
      const list = blocks.siblings(block);
      for (const b of list) done.add(b.node);
      const byApp = new Map<string, ResourceBlock[]>();
      for (const b of list) {
        const same = byApp.get(b.appId);
        if (same) same.push(b);
        else byApp.set(b.appId, [b]);
      }
      for (const [appId, same] of byApp) {
        if (same.length < 2 || !appId) continue;
        const first = same[0];
        const name = ctx.store.resourceApp(appId) ? appName(ctx.store, appId) : `the resource app ${String(blocks.value(first.appNode))}`;
        // The entries the first block already has: gathered when a merge is first asked for.
        let have: Set<string> | undefined;
        for (const dup of same.slice(1)) {
          const merge = (): Fix[] => {
            have ??= new Set(blocks.children(first.access).map((e) => blocks.entryKey(e)));
            const moved: string[] = [];
            for (const e of blocks.children(dup.access)) {
              const k = blocks.entryKey(e);
              if (have.has(k)) continue;
              moved.push(blocks.slice(e));
            }
            const edits = [...blocks.remove(dup.node), ...(moved.length ? [blocks.append(first.access, moved)] : [])];
            return [{ title: ctx.store.resourceApp(appId) ? `Merge into the first ${appName(ctx.store, appId)} block` : 'Merge into the first block for this app', edits, preferred: true }];
          };
          report({
            start: blocks.offset(dup.appNode) + 1,
            end: blocks.offset(dup.appNode) + blocks.length(dup.appNode) - 1,
            message: `${name} already has a requiredResourceAccess block above; list its permissions in one block.`,
            fixes: merge,
          });
        }
      }
    }
  },
};
