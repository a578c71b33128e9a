/**
 * "All permissions": every permission of the store, grouped by resource app and resource (or one
 * list by risk). The list comes from the explorer's source (the language server on the desktop);
 * while it is on its way the view shows VS Code's progress, and when it cannot come, one item with
 * the reason.
 */
import * as vscode from 'vscode';
import { textMarkdown } from '../vscode/markdownString';
import { GRAPH_APP_ID } from '../core/permissions/guid';
import { escapeMarkdown, codeSpan } from '../core/text/markdown';
import { DEFAULT_RISK_THRESHOLD, formatRisk } from '../core/permissions/risk';
import { groupList, rankList, type ExplorerEntry, type ListAppGroup, type ListResourceGroup } from '../core/explorer/listing';
import { keyOf, kindsLabel, resourceSegment, riskLabel, type PermissionKey } from '../core/explorer/model';
import { reasonOf, type ExplorerSource } from '../vscode/explorerSource';
import { CMD } from './ids';

export type AllNode =
  | { type: 'app'; id: string; app: ListAppGroup }
  | { type: 'group'; id: string; group: ListResourceGroup; parent?: AllNode }
  | { type: 'permission'; id: string; entry: ExplorerEntry; parent?: AllNode }
  /** The list could not be had (the language server not running, the store not loaded): why. */
  | { type: 'message'; id: string; text: string };

/** "name": grouped by resource app and resource, by name; "risk": one list, riskiest first. */
export type AllPermissionsSort = 'name' | 'risk';

export function permissionIcon(entry: ExplorerEntry): vscode.ThemeIcon {
  return entry.highPrivilege.length
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
    : new vscode.ThemeIcon('key');
}

/** Hover tooltip of a permission item (escaped Markdown, untrusted). */
export function permissionTooltip(entry: ExplorerEntry): vscode.MarkdownString {
  const lines = [`**${escapeMarkdown(entry.name)}** — ${escapeMarkdown(kindsLabel(entry.kinds))}`, ''];
  if (entry.displayText) lines.push(escapeMarkdown(entry.displayText), '');
  if (entry.risk) lines.push(`Risk ${formatRisk(entry.risk.score)} (${entry.risk.band}, ${entry.risk.kind})`, '');
  for (const p of entry.ids) lines.push(`${p.kind}: ${codeSpan(p.id)}`, '');
  for (const h of entry.highPrivilege) lines.push(`$(warning) High privilege (${h.kind}): ${escapeMarkdown(h.reason)}`, '');
  return textMarkdown(lines.join('\n'));
}

/** The one item of a view that could not be filled (the language server not running, the store not loaded): why. */
export function messageItem(node: { id: string; text: string }): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('error');
  item.tooltip = node.text;
  item.contextValue = 'message';
  return item;
}

export class AllPermissionsProvider implements vscode.TreeDataProvider<AllNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AllNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Promise<AllNode[]> | undefined;
  private readonly byKey = new Map<string, AllNode & { type: 'permission' }>();
  private readonly appChildren = new Map<string, AllNode[]>();

  private sortOrder: AllPermissionsSort = 'name';
  /** Counts refreshes: a list that arrives after one (an older store or threshold) adds no node to `byKey`. */
  private generation = 0;

  /** `threshold`: the risk threshold the high-privilege marks follow (the user's setting). */
  constructor(
    private readonly source: ExplorerSource,
    private readonly threshold: () => number = () => DEFAULT_RISK_THRESHOLD,
  ) {}

  get sort(): AllPermissionsSort {
    return this.sortOrder;
  }

  /** Switches between the grouped list by name and the flat list by risk; rebuilds the tree. */
  setSort(sort: AllPermissionsSort): void {
    if (sort === this.sortOrder) return;
    this.sortOrder = sort;
    this.refresh();
  }

  refresh(): void {
    this.generation++;
    this.roots = undefined;
    this.byKey.clear();
    this.appChildren.clear();
    this.changed.fire(undefined);
  }

  private build(): Promise<AllNode[]> {
    if (this.roots) return this.roots;
    const roots = this.buildRoots();
    this.roots = roots;
    // A failure is shown once and not kept: the next refresh (the server back, another store) asks again.
    roots.then(
      (r) => r.length === 1 && r[0].type === 'message' && this.roots === roots && (this.roots = undefined),
      () => undefined,
    );
    return roots;
  }

  private async buildRoots(): Promise<AllNode[]> {
    const generation = this.generation;
    let list;
    try {
      list = await this.source.permissionList(this.threshold());
    } catch (e) {
      return [{ type: 'message', id: 'message', text: `The permissions could not be listed: ${reasonOf(e)}` }];
    }
    const roots: AllNode[] = [];
    if (this.sortOrder === 'risk') {
      const current = generation === this.generation;
      for (const entry of rankList(list)) {
        const k = keyOf(entry);
        const n: AllNode & { type: 'permission' } = { type: 'permission', id: `risk:${k}`, entry };
        if (current) this.byKey.set(k, n);
        roots.push(n);
      }
      return roots;
    }
    for (const app of groupList(list)) {
      const appNode: AllNode | undefined = app.resourceAppId === GRAPH_APP_ID ? undefined : { type: 'app', id: `app:${app.resourceAppId}`, app };
      const groups = app.groups.map((group): AllNode => ({ type: 'group', id: `group:${app.resourceAppId}:${group.resource}`, group, parent: appNode }));
      if (appNode) roots.push(appNode);
      else roots.push(...groups);
    }
    return roots;
  }

  private groupChildren(node: AllNode & { type: 'group' }): AllNode[] {
    return node.group.entries.map((entry) => {
      const k = keyOf(entry);
      let n = this.byKey.get(k);
      if (!n) {
        n = { type: 'permission', id: `perm:${k}`, entry, parent: node };
        this.byKey.set(k, n);
      }
      return n;
    });
  }

  getChildren(node?: AllNode): AllNode[] | Promise<AllNode[]> {
    if (!node) return this.build();
    if (node.type === 'app') {
      let list = this.appChildren.get(node.id);
      if (!list) {
        list = node.app.groups.map((group): AllNode => ({ type: 'group', id: `group:${node.app.resourceAppId}:${group.resource}`, group, parent: node }));
        this.appChildren.set(node.id, list);
      }
      return list;
    }
    if (node.type === 'group') return this.groupChildren(node);
    return [];
  }

  getParent(node: AllNode): AllNode | undefined {
    return node.type === 'app' || node.type === 'message' ? undefined : node.parent;
  }

  /** The node of a permission (for reveal), building its group's children on the way. */
  async nodeOf(key: PermissionKey): Promise<AllNode | undefined> {
    const k = keyOf(key);
    const hit = this.byKey.get(k);
    if (hit) return hit;
    const generation = this.generation;
    const roots = await this.build();
    // Refreshed meanwhile: these roots are not the tree's any more (the caller asks again if it must).
    if (generation !== this.generation) return undefined;
    if (this.sortOrder === 'risk') return this.byKey.get(k);
    const seg = resourceSegment(key.name).toLowerCase();
    const app = key.resourceAppId.toLowerCase();
    for (const root of roots) {
      const groups = root.type === 'app' ? (root.app.resourceAppId === app ? await this.getChildren(root) : []) : [root];
      for (const g of groups) {
        if (g.type === 'group' && g.group.resourceAppId === app && g.group.resource.toLowerCase() === seg) {
          this.groupChildren(g);
          return this.byKey.get(k);
        }
      }
    }
    return undefined;
  }

  getTreeItem(node: AllNode): vscode.TreeItem {
    if (node.type === 'message') return messageItem(node);
    if (node.type === 'app') {
      const item = new vscode.TreeItem(node.app.displayName, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = `${node.app.count}`;
      item.iconPath = new vscode.ThemeIcon('server');
      item.tooltip = `${node.app.displayName} (${node.app.resourceAppId}): ${node.app.count} permissions`;
      return item;
    }
    if (node.type === 'group') {
      const item = new vscode.TreeItem(node.group.resource, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = `${node.group.entries.length}`;
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.contextValue = 'resourceGroup';
      item.accessibilityInformation = { label: `${node.group.resource}: ${node.group.entries.length} permissions` };
      return item;
    }
    const e = node.entry;
    const item = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = [riskLabel(e), kindsLabel(e.kinds)].filter(Boolean).join(' · ') + (e.displayText ? ' — ' + e.displayText : '');
    item.iconPath = permissionIcon(e);
    item.tooltip = permissionTooltip(e);
    item.contextValue = e.highPrivilege.length ? 'permission.highPrivilege' : 'permission';
    item.accessibilityInformation = {
      label: `${e.name}, ${e.kinds.join(' and ')}${e.risk ? `, risk ${formatRisk(e.risk.score)} ${e.risk.band}` : ''}${e.highPrivilege.length ? ', high privilege' : ''}: ${e.displayText}`,
    };
    item.command = { command: CMD.show, title: 'Show Permission', arguments: [{ name: e.name, resourceAppId: e.resourceAppId }] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
