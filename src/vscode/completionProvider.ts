/**
 * Completion from the language service: permission GUIDs / names, `type` and `resourceAppId` values
 * and scopes (family `permissions`), and Graph payload properties, enum members and `@odata.type`
 * values (family `payloads`). The two are registered separately because they have their own
 * languages and trigger characters; both ask the one service, which parses each document version
 * once. This file only converts offsets, kinds and snippets. Documentation is attached on resolve,
 * so a list of 600 permissions does not ship 600 Markdown blocks per request.
 */
import * as vscode from 'vscode';
import { textMarkdown } from './markdownString';
import type { ServiceCompletionItem, ServiceCompletionKind } from '../core/service';
import type { CompletionFamily, LensService } from './lensService';

const KINDS: Record<ServiceCompletionKind, vscode.CompletionItemKind> = {
  permission: vscode.CompletionItemKind.Value,
  type: vscode.CompletionItemKind.EnumMember,
  resourceApp: vscode.CompletionItemKind.Module,
  property: vscode.CompletionItemKind.Property,
  enumMember: vscode.CompletionItemKind.EnumMember,
  payloadType: vscode.CompletionItemKind.Class,
  value: vscode.CompletionItemKind.Value,
};

/** The trigger characters of each family. */
export const TRIGGER_CHARACTERS: Record<CompletionFamily, readonly string[]> = {
  permissions: ['"', ':'],
  payloads: ['"', "'", '#'],
};

/** A VS Code item that remembers its (already escaped) Markdown until it is resolved. */
export class LensCompletionItem extends vscode.CompletionItem {
  readonly markdown: string | undefined;

  constructor(item: ServiceCompletionItem, range: vscode.Range) {
    super(item.label, KINDS[item.kind]);
    this.markdown = item.documentation;
    this.insertText = item.snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
    this.range = range;
    if (item.sortText) this.sortText = item.sortText;
    if (item.detail) this.detail = item.detail;
    if (item.filterText) this.filterText = item.filterText;
    if (item.preselect) this.preselect = true;
  }
}

export class LensCompletionProvider implements vscode.CompletionItemProvider<LensCompletionItem> {
  constructor(
    private readonly lens: LensService,
    private readonly family: CompletionFamily,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): LensCompletionItem[] | undefined {
    if (token.isCancellationRequested) return undefined;
    let result;
    try {
      result = this.lens.complete(doc, doc.offsetAt(position), this.family);
    } catch (e) {
      // A bug in a scanner must not surface as an error in the extension host.
      this.log.error(`completion in ${doc.uri.toString(true)} failed: ${(e as Error).stack ?? String(e)}`);
      return undefined;
    }
    if (!result || result.items.length === 0 || token.isCancellationRequested) return undefined;
    const range = new vscode.Range(doc.positionAt(result.replaceStart), doc.positionAt(result.replaceEnd));
    return result.items.map((i) => new LensCompletionItem(i, range));
  }

  resolveCompletionItem(item: LensCompletionItem): LensCompletionItem {
    if (item.markdown && !item.documentation) item.documentation = textMarkdown(item.markdown);
    return item;
  }
}
