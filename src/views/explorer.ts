/**
 * The permission explorer: the "Graph Permissions" views (All permissions, In this workspace), the
 * permission detail page and their commands. `registerExplorer(services)` wires everything into
 * context.subscriptions; nothing loads until a view, a page or a command is used. Everything they
 * show comes from the explorer's source (services.explorerData: the language server on the
 * desktop, the extension host in the browser), never from a store of the client's own.
 */
import * as vscode from 'vscode';
import { parsePermissionArg } from '../core/explorer/hoverLink';
import { listSearchItems, type ExplorerEntry } from '../core/explorer/listing';
import type { PermissionKey } from '../core/explorer/model';
import { filterItems, type SearchItem } from '../core/explorer/search';
import { GRAPH_APP_ID } from '../core/permissions/guid';
import type { PermissionKind } from '../core/store/storeData';
import { reasonOf } from '../vscode/explorerSource';
import type { Services } from '../vscode/services';
import { AllPermissionsProvider, type AllNode, type AllPermissionsSort } from './allPermissionsTree';
import { DetailPanels } from './detailPanel';
import { RiskThresholdSetting } from './riskThreshold';
import { ALL_VIEW, CMD, CTX_ALL_SORT, DETAIL_VIEW_TYPE, WORKSPACE_VIEW } from './ids';
import { WorkspacePermissionsProvider, WorkspaceScanner, type WsNode } from './workspaceTree';

export { permissionDetailsLink } from '../core/explorer/hoverLink';

interface PickItem extends vscode.QuickPickItem {
  item: SearchItem<ExplorerEntry>;
}

/** A permission key from a command argument: a tree node, a `{ name, resourceAppId }` object or a name. */
function keyFromArg(arg: unknown): PermissionKey | undefined {
  if (arg && typeof arg === 'object') {
    const n = arg as { type?: unknown; entry?: PermissionKey; usage?: PermissionKey };
    if (n.type === 'permission' && n.entry) return { name: n.entry.name, resourceAppId: n.entry.resourceAppId };
    if (n.type === 'permission' && n.usage) return { name: n.usage.name, resourceAppId: n.usage.resourceAppId };
  }
  return parsePermissionArg(arg, GRAPH_APP_ID);
}

export function registerExplorer(services: Services): void {
  const { context, log } = services;
  const source = services.explorerData;
  // The high-privilege marks of the trees, the QuickPick and the pages follow the user's threshold.
  const risk = new RiskThresholdSetting();
  const threshold = (): number => risk.value;
  const all = new AllPermissionsProvider(source, threshold);
  const scanner = new WorkspaceScanner(source, log);
  const workspace = new WorkspacePermissionsProvider(scanner, source, threshold);
  const panels = new DetailPanels(context.extensionUri, log, source, threshold);
  const allView = vscode.window.createTreeView(ALL_VIEW, { treeDataProvider: all, showCollapseAll: true });
  const wsView = vscode.window.createTreeView(WORKSPACE_VIEW, { treeDataProvider: workspace, showCollapseAll: true });

  // Which store the list comes from, and its date (asked once the view is shown: the store loads then anyway).
  const updateAllDescription = (): void => {
    if (!allView.visible) return;
    source.metadataInfo().then(
      (info) => (allView.description = info.dataLabel),
      () => (allView.description = undefined), // the tree says why
    );
  };
  context.subscriptions.push(allView.onDidChangeVisibility(updateAllDescription), source.onDidChange(updateAllDescription));

  const updateWsMessage = (): void => {
    if (!scanner.isScanned) return;
    const inv = scanner.inventory;
    const n = inv.byPermission().length;
    wsView.description = n ? `${n} in ${inv.fileCount} file${inv.fileCount === 1 ? '' : 's'}` : undefined;
  };

  /** The permission the user picks in the QuickPick (name, GUID, display text or description words). */
  async function pickPermission(title = 'Show Permission'): Promise<PermissionKey | undefined> {
    let list, info;
    try {
      [list, info] = await Promise.all([source.permissionList(threshold(), true), source.metadataInfo()]);
    } catch (e) {
      void vscode.window.showErrorMessage(`Graph Permission Lens: the permissions could not be listed: ${reasonOf(e)}`);
      return undefined;
    }
    const items = listSearchItems(list);
    const toPick = (it: SearchItem<ExplorerEntry>): PickItem => ({ label: it.label, description: it.description, detail: it.detail, alwaysShow: true, item: it });
    const allPicks = items.map(toPick);
    const qp = vscode.window.createQuickPick<PickItem>();
    qp.title = title;
    qp.placeholder = `Type a permission name, GUID or words of its description (${info.names} permission names, ${info.describe})`;
    qp.matchOnDescription = false;
    qp.matchOnDetail = false;
    qp.items = allPicks;
    const pickOf = new Map(allPicks.map((p) => [p.item, p]));
    const subs = [
      qp.onDidChangeValue((value) => {
        qp.items = filterItems(items, value).map((it) => pickOf.get(it) as PickItem);
      }),
    ];
    try {
      return await new Promise<PermissionKey | undefined>((resolve) => {
        subs.push(
          qp.onDidAccept(() => {
            const sel = qp.selectedItems[0] ?? qp.activeItems[0];
            resolve(sel ? { name: sel.item.entry.name, resourceAppId: sel.item.entry.resourceAppId } : undefined);
            qp.hide();
          }),
          qp.onDidHide(() => resolve(undefined)),
        );
        qp.show();
      });
    } finally {
      for (const s of subs) s.dispose();
      qp.dispose();
    }
  }

  async function resolveKey(arg: unknown, title: string): Promise<ExplorerEntry | undefined> {
    const key = keyFromArg(arg) ?? (arg === undefined ? await pickPermission(title) : undefined);
    if (!key) return undefined;
    let found;
    try {
      found = await source.resolve(key, threshold());
    } catch (e) {
      void vscode.window.showErrorMessage(`Graph Permission Lens: ${key.name} could not be looked up: ${reasonOf(e)}`);
      return undefined;
    }
    if (!found.entry) void vscode.window.showWarningMessage(`Graph Permission Lens: ${key.name} is not in ${found.source}.`);
    return found.entry ?? undefined;
  }

  async function reveal(key: PermissionKey): Promise<boolean> {
    const node = await all.nodeOf(key);
    if (!node) return false;
    await allView.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }

  async function showPermission(arg?: unknown): Promise<boolean> {
    const entry = await resolveKey(arg, 'Show Permission');
    if (!entry) return false;
    const ok = await panels.show(entry);
    if (arg === undefined && allView.visible) await reveal(entry).catch(() => undefined);
    return ok;
  }

  async function copyGuid(arg?: unknown, kind?: unknown): Promise<string | undefined> {
    const entry = await resolveKey(arg, 'Copy Permission GUID');
    if (!entry) return undefined;
    const perms = entry.ids;
    let p = perms.find((x) => x.kind === kind);
    if (!p && perms.length === 1) p = perms[0];
    if (!p) {
      const choice = await vscode.window.showQuickPick(
        perms.map((x) => ({ label: x.kind as PermissionKind, description: x.id })),
        { title: `Copy the GUID of ${entry.name}`, placeHolder: 'Which kind?' },
      );
      p = perms.find((x) => x.kind === choice?.label);
    }
    if (!p) return undefined;
    await vscode.env.clipboard.writeText(p.id);
    const msg = `Copied the ${p.kind} GUID of ${entry.name}: ${p.id}`;
    vscode.window.setStatusBarMessage(msg, 4000);
    return msg;
  }

  async function copyName(arg?: unknown): Promise<string | undefined> {
    const entry = await resolveKey(arg, 'Copy Permission Name');
    if (!entry) return undefined;
    await vscode.env.clipboard.writeText(entry.name);
    const msg = `Copied ${entry.name}`;
    vscode.window.setStatusBarMessage(msg, 4000);
    return msg;
  }

  async function findUsages(arg?: unknown): Promise<number> {
    const entry = await resolveKey(arg, 'Find Permission Usages');
    if (!entry) return 0;
    await vscode.commands.executeCommand(`${WORKSPACE_VIEW}.focus`);
    const node = await workspace.nodeOf(entry);
    if (!node) {
      void vscode.window.showInformationMessage(`Graph Permission Lens: ${entry.name} is not used in this workspace's files.`);
      return 0;
    }
    await wsView.reveal(node, { select: true, focus: true, expand: true });
    return node.usage.locations.length;
  }

  /** Plain data of both trees, produced through the real providers (integration tests). */
  async function snapshot(opts: { expandAll?: boolean } = {}): Promise<unknown> {
    type Snap = { label: string; description?: string; contextValue?: string; icon?: string; command?: unknown; children?: Snap[] };
    const label = (i: vscode.TreeItem): string => (typeof i.label === 'string' ? i.label : (i.label?.label ?? ''));
    const snapAll = async (n: AllNode, depth: number): Promise<Snap> => {
      const i = all.getTreeItem(n);
      const s: Snap = { label: label(i), description: String(i.description ?? ''), contextValue: i.contextValue, icon: (i.iconPath as vscode.ThemeIcon | undefined)?.id };
      if (n.type !== 'permission' && (opts.expandAll || depth < 1)) s.children = await Promise.all((await all.getChildren(n)).map((c) => snapAll(c, depth + 1)));
      return s;
    };
    const snapWs = async (n: WsNode): Promise<Snap> => {
      const i = workspace.getTreeItem(n);
      const s: Snap = { label: label(i), description: String(i.description ?? ''), contextValue: i.contextValue, command: i.command && { command: i.command.command, arguments: i.command.arguments ?? [] } };
      if (n.type === 'permission') s.children = await Promise.all((await workspace.getChildren(n)).map(snapWs));
      return s;
    };
    return {
      all: await Promise.all((await all.getChildren()).map((n) => snapAll(n, 0))),
      workspace: await Promise.all((await workspace.getChildren()).map(snapWs)),
      skipped: { ...scanner.skipped },
    };
  }

  // The sort of All permissions, remembered across windows; the title bar shows the other choice.
  const SORT_KEY = 'graphPermissionLens.allPermissionsSort';
  const setSort = async (sort: AllPermissionsSort): Promise<AllPermissionsSort> => {
    all.setSort(sort);
    await vscode.commands.executeCommand('setContext', CTX_ALL_SORT, sort);
    await context.globalState.update(SORT_KEY, sort);
    return sort;
  };
  if (context.globalState.get<string>(SORT_KEY) === 'risk') all.setSort('risk');
  void vscode.commands.executeCommand('setContext', CTX_ALL_SORT, all.sort);

  context.subscriptions.push(
    risk,
    risk.onDidChange(() => {
      all.refresh();
      workspace.refresh();
      panels.rerender();
    }),
    all,
    scanner,
    workspace,
    panels,
    allView,
    wsView,
    scanner.onDidChange(updateWsMessage),
    source.onDidChange(() => all.refresh()),
    vscode.window.registerWebviewPanelSerializer(DETAIL_VIEW_TYPE, panels),
    vscode.commands.registerCommand(CMD.show, showPermission),
    vscode.commands.registerCommand(CMD.openDetails, (arg?: unknown) => (arg === undefined ? false : showPermission(arg))),
    vscode.commands.registerCommand(CMD.copyGuid, copyGuid),
    vscode.commands.registerCommand(CMD.copyName, copyName),
    vscode.commands.registerCommand(CMD.reveal, async (arg?: unknown) => {
      const entry = await resolveKey(arg, 'Reveal in Permission Explorer');
      return entry ? reveal(entry) : false;
    }),
    vscode.commands.registerCommand(CMD.findUsages, findUsages),
    vscode.commands.registerCommand(CMD.refresh, async () => {
      await scanner.rescan();
      return scanner.inventory.byPermission().length;
    }),
    vscode.commands.registerCommand(CMD.sortByRisk, () => setSort('risk')),
    vscode.commands.registerCommand(CMD.sortByName, () => setSort('name')),
    vscode.commands.registerCommand(CMD.snapshot, snapshot),
    vscode.commands.registerCommand(CMD.search, async (query: unknown) => {
      if (typeof query !== 'string') return [];
      const items = listSearchItems(await source.permissionList(threshold(), true));
      const t0 = performance.now();
      const found = filterItems(items, query);
      return { ms: performance.now() - t0, names: found.map((f) => f.entry.name) };
    }),
    vscode.commands.registerCommand(CMD.detailHtml, async (arg: unknown) => {
      const key = keyFromArg(arg);
      const m = key && (await source.resolve(key, threshold())).entry;
      return m ? panels.htmlOf({ name: m.name, resourceAppId: m.resourceAppId }) : undefined;
    }),
  );
}
