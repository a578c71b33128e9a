/**
 * The All permissions tree over an explorer source that fails, then answers (the language server
 * stopped, then back): the tree shows one item with the reason instead of an empty tree, and the
 * list once asked again. The tree (src/views/allPermissionsTree.ts) is loaded with a small stand-in
 * for the `vscode` module (tree items, icons, events); the list is the bundled store's, from the
 * core function the server answers with.
 */
import * as assert from 'assert';
import * as path from 'path';
import { permissionList } from '../../src/core/explorer/listing';
import { bundledData } from '../../src/platform/node/data';
import type { ExplorerSource } from '../../src/vscode/explorerSource';
import type { AllNode, AllPermissionsProvider } from '../../src/views/allPermissionsTree';
import { EventEmitter, withVscode } from './vscodeStandIn';

const root = path.resolve(__dirname, '..', '..', '..');

/** The parts of the `vscode` API the tree uses. */
function vscodeStandIn(): Record<string, unknown> {
  class TreeItem {
    id?: string;
    description?: string;
    iconPath?: unknown;
    tooltip?: unknown;
    contextValue?: string;
    constructor(
      public label: string,
      public collapsibleState: number,
    ) {}
  }
  class ThemeIcon {
    constructor(
      public id: string,
      public color?: unknown,
    ) {}
  }
  class ThemeColor {
    constructor(public id: string) {}
  }
  class MarkdownString {
    constructor(public value: string) {}
  }
  return { EventEmitter, TreeItem, ThemeIcon, ThemeColor, MarkdownString, TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 } };
}

function loadTree(): typeof import('../../src/views/allPermissionsTree') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return withVscode(vscodeStandIn(), () => require('../../src/views/allPermissionsTree') as typeof import('../../src/views/allPermissionsTree'));
}

describe('explorer views over a source that fails, then answers', () => {
  const store = bundledData(path.join(root, 'data')).permissionStore();

  it('All permissions shows the reason instead of an empty tree, and the list once the source answers again', async () => {
    const { AllPermissionsProvider } = loadTree();
    let down = true;
    let asked = 0;
    const source = {
      permissionList: async (threshold: number) => {
        asked++;
        if (down) throw new Error('Client is not running');
        return permissionList(store, threshold);
      },
    } as unknown as ExplorerSource;
    const tree: AllPermissionsProvider = new AllPermissionsProvider(source, () => 7);
    const first = await tree.getChildren();
    assert.deepStrictEqual(
      first.map((n) => [n.type, n.type === 'message' ? n.text : '']),
      [['message', 'The permissions could not be listed: Client is not running']],
    );
    const item = tree.getTreeItem(first[0]) as unknown as { label: string; iconPath: { id: string }; contextValue: string };
    assert.deepStrictEqual([item.label, item.iconPath.id, item.contextValue], ['The permissions could not be listed: Client is not running', 'error', 'message']);
    // The failure is not kept: asked again (the view refreshes when the server is back).
    down = false;
    const roots = await tree.getChildren();
    assert.strictEqual(asked, 2);
    const calls = roots.find((n): n is AllNode & { type: 'group' } => n.type === 'group' && n.group.resource === 'Calls');
    assert.ok(calls, roots.map((n) => n.type).join(','));
    const perms = await tree.getChildren(calls);
    assert.ok(perms.some((n) => n.type === 'permission' && n.entry.name === 'Calls.AccessMedia.All'));
    // Kept while the source stays the same: no second request for the same tree.
    await tree.getChildren();
    assert.strictEqual(asked, 2);
    // Reveal finds a permission in its group.
    const node = await tree.nodeOf({ name: 'mail.send', resourceAppId: '00000003-0000-0000-c000-000000000000' });
    assert.strictEqual(node?.type === 'permission' && node.entry.name, 'Mail.Send');
    assert.strictEqual(node && tree.getParent(node)?.type, 'group');
  });

  it('a list that arrives after a refresh (an older store) leaves no node behind for reveal', async () => {
    const { AllPermissionsProvider } = loadTree();
    const full = permissionList(store, 7);
    const without = { ...full, entries: full.entries.filter((e) => e.name !== 'Mail.Send') };
    let release: () => void = () => undefined;
    const late = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    const source = {
      permissionList: async () => {
        asked++;
        if (asked === 1) {
          await late;
          return full;
        }
        return without;
      },
    } as unknown as ExplorerSource;
    const tree: AllPermissionsProvider = new AllPermissionsProvider(source, () => 7);
    tree.setSort('risk');
    const old = tree.getChildren() as Promise<AllNode[]>;
    tree.refresh(); // another store while the first list is on its way
    release();
    assert.ok((await old).some((n) => n.type === 'permission' && n.entry.name === 'Mail.Send'), 'the first list had it');
    const node = await tree.nodeOf({ name: 'Mail.Send', resourceAppId: '00000003-0000-0000-c000-000000000000' });
    assert.strictEqual(node, undefined, 'the store in use has no Mail.Send: nothing to reveal');
    assert.strictEqual(asked, 2);
  });
});
