/**
 * Completion of permission GUIDs / names, `type` and `resourceAppId` values in app manifests:
 * converts offsets and ranges; the items are core's (src/core/completion.ts). Documentation is
 * attached on resolve, so a list of 600 permissions does not ship 600 Markdown blocks per request.
 */
import * as vscode from 'vscode';
import { textMarkdown } from './markdownString';
import { completionsAt, type CompletionItem as CoreItem, type CompletionItemKind as CoreKind } from '../core/completion';
import { formatOf } from '../core/analyze';
import { scopeCompletionsAt } from '../core/scopeCompletion';
import { SECTION } from './config';
import type { StoreService } from './storeService';

const KINDS: Record<CoreKind, vscode.CompletionItemKind> = {
  permission: vscode.CompletionItemKind.Value,
  type: vscode.CompletionItemKind.EnumMember,
  resourceApp: vscode.CompletionItemKind.Module,
};

/** A VS Code item that remembers its (already escaped) Markdown until it is resolved. */
export class PermissionCompletionItem extends vscode.CompletionItem {
  constructor(
    item: CoreItem,
    range: vscode.Range,
    readonly markdown: string | undefined,
  ) {
    super(item.label, KINDS[item.kind]);
    this.insertText = item.insertText;
    this.range = range;
    if (item.detail) this.detail = item.detail;
    if (item.filterText) this.filterText = item.filterText;
    if (item.sortText) this.sortText = item.sortText;
    if (item.preselect) this.preselect = true;
  }
}

export class PermissionCompletionProvider implements vscode.CompletionItemProvider<PermissionCompletionItem> {
  constructor(private readonly stores: StoreService) {}

  provideCompletionItems(
    doc: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): PermissionCompletionItem[] | undefined {
    const config = vscode.workspace.getConfiguration(SECTION, doc);
    if (!config.get<boolean>('completion.enabled', true)) return undefined;
    const store = this.stores.get();
    if (!store || token.isCancellationRequested) return undefined;
    const text = doc.getText();
    if (text.length > Math.max(1, config.get<number>('maxFileSizeKB', 5120)) * 1024) return undefined;
    const offset = doc.offsetAt(position);
    const format = formatOf(doc.languageId) ?? formatOf(doc.fileName);
    const result =
      completionsAt(text, offset, store, doc.fileName) ?? (format && format !== 'json' ? scopeCompletionsAt(text, offset, format, store) : undefined);
    if (!result || token.isCancellationRequested) return undefined;
    const range = new vscode.Range(doc.positionAt(result.replaceStart), doc.positionAt(result.replaceEnd));
    return result.items.map((i) => new PermissionCompletionItem(i, range, i.documentation));
  }

  resolveCompletionItem(item: PermissionCompletionItem): PermissionCompletionItem {
    if (item.markdown && !item.documentation) {
      item.documentation = textMarkdown(item.markdown);
    }
    return item;
  }
}
