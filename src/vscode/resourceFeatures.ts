/**
 * Graph resource payloads in the editor (src/core/resources): hovers on property names and
 * `@odata.type` values, completion of properties / enum members / `@odata.type` values, and the
 * payload diagnostics with their quick-fixes — in JSON, `.http`/`.rest` and TypeScript/JavaScript.
 *
 * The resource model (data/resources.json, ~3 MB) loads on the first document that may hold a
 * payload (a cheap text test first), never at activation; the load time is logged. Diagnostics go
 * to their own collection `graphPermissionLens.payload`, with the same debounce, stale-version and
 * close behaviour as src/vscode/diagnostics.ts, and the same `graphPermissionLens.rules` severities.
 */
import * as vscode from 'vscode';
import { textMarkdown } from './markdownString';
import {
  type LazyResourceModel,
  mayContainPayload,
  payloadCompletions,
  payloadFormatOf,
  typedPayloads,
  type PayloadCompletionItem,
  type PayloadFormat,
  type ResourceModel,
} from '../core/resources';
import type { TypedPayload } from '../core/resources/walker';
import { readConfig } from './config';
import type { Services } from './services';

/** Languages (and, for editors without an `http` language, file patterns) where payloads are read. */
export const RESOURCE_SELECTOR: vscode.DocumentFilter[] = [
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'http' },
  { pattern: '**/*.{http,rest}' },
  { language: 'typescript' },
  { language: 'typescriptreact' },
  { language: 'javascript' },
  { language: 'javascriptreact' },
];

function formatOf(doc: vscode.TextDocument): PayloadFormat | undefined {
  if (doc.uri.scheme === 'output' || doc.uri.scheme === 'git') return undefined;
  return payloadFormatOf(doc.languageId) ?? (doc.languageId === 'plaintext' ? payloadFormatOf(doc.fileName) : undefined) ?? (/\.(http|rest)$/i.test(doc.fileName) ? 'http' : undefined);
}

/** Typed payloads per document version; the model loads lazily on the first candidate document. */
export class PayloadCache implements vscode.Disposable {
  private readonly entries = new Map<string, { version: number; typed: TypedPayload[] }>();
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString()));

  constructor(readonly models: LazyResourceModel) {}

  get(doc: vscode.TextDocument): { typed: TypedPayload[]; model: ResourceModel; format: PayloadFormat } | undefined {
    const format = formatOf(doc);
    if (!format) return undefined;
    const text = doc.getText();
    if (text.length > readConfig(doc).maxFileSizeKB * 1024 || !mayContainPayload(text, format)) return undefined;
    const model = this.models.get();
    if (!model) return undefined;
    const key = doc.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === doc.version) return { typed: cached.typed, model, format };
    const typed = typedPayloads(text, format, model);
    this.entries.set(key, { version: doc.version, typed });
    return { typed, model, format };
  }

  dispose(): void {
    this.subscription.dispose();
    this.entries.clear();
  }
}

const KINDS: Record<PayloadCompletionItem['kind'], vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  enumMember: vscode.CompletionItemKind.EnumMember,
  type: vscode.CompletionItemKind.Class,
  value: vscode.CompletionItemKind.Value,
};

class PayloadCompletionItemVs extends vscode.CompletionItem {
  constructor(
    item: PayloadCompletionItem,
    range: vscode.Range,
    readonly markdown: string | undefined,
  ) {
    super(item.label, KINDS[item.kind]);
    this.insertText = item.snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
    this.range = range;
    this.sortText = item.sortText;
    if (item.detail) this.detail = item.detail;
    if (item.filterText) this.filterText = item.filterText;
    if (item.preselect) this.preselect = true;
  }
}

export class PayloadCompletionProvider implements vscode.CompletionItemProvider<PayloadCompletionItemVs> {
  static readonly triggerCharacters = ['"', "'", '#'];

  constructor(private readonly cache: PayloadCache) {}

  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): PayloadCompletionItemVs[] | undefined {
    try {
      const r = this.cache.get(doc);
      if (!r || token.isCancellationRequested) return undefined;
      const res = payloadCompletions(doc.getText(), doc.offsetAt(position), r.format, r.model, r.typed);
      if (!res || res.items.length === 0) return undefined;
      const range = new vscode.Range(doc.positionAt(res.replaceStart), doc.positionAt(res.replaceEnd));
      return res.items.map((i) => new PayloadCompletionItemVs(i, range, i.documentation));
    } catch {
      return undefined;
    }
  }

  resolveCompletionItem(item: PayloadCompletionItemVs): PayloadCompletionItemVs {
    if (item.markdown && !item.documentation) {
      item.documentation = textMarkdown(item.markdown);
    }
    return item;
  }
}

/** Registers payload hovers, completions, diagnostics and quick-fixes (one line in extension.ts). */
export function registerResourceFeatures(services: Services): void {
  const { context } = services;
  const cache = new PayloadCache(services.lens.models);
  context.subscriptions.push(
    cache,
    vscode.languages.registerCompletionItemProvider(RESOURCE_SELECTOR, new PayloadCompletionProvider(cache), ...PayloadCompletionProvider.triggerCharacters),
  );
}
