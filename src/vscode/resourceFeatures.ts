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
import { parseRuleOverrides } from '../core/rules';
import type { Diagnostic, Severity, SeveritySetting } from '../core/rules/types';
import {
  LazyResourceModel,
  mayContainPayload,
  PAYLOAD_RULE_IDS,
  payloadCompletions,
  payloadFormatOf,
  payloadHoverAt,
  runPayloadRules,
  typedPayloads,
  type PayloadCompletionItem,
  type PayloadFormat,
  type ResourceModel,
} from '../core/resources';
import type { TypedPayload } from '../core/resources/walker';
import { toWorkspaceEdit } from './codeActions';
import { readConfig, SECTION } from './config';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
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

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

function formatOf(doc: vscode.TextDocument): PayloadFormat | undefined {
  if (doc.uri.scheme === 'output' || doc.uri.scheme === 'git') return undefined;
  return payloadFormatOf(doc.languageId) ?? (doc.languageId === 'plaintext' ? payloadFormatOf(doc.fileName) : undefined) ?? (/\.(http|rest)$/i.test(doc.fileName) ? 'http' : undefined);
}

/** Severity overrides of the payload rules from `graphPermissionLens.rules` (other ids are the permission rules'). */
function payloadOverrides(doc: vscode.TextDocument): Record<string, SeveritySetting> {
  const raw = vscode.workspace.getConfiguration(SECTION, doc).get<unknown>('rules', {});
  const mine: Record<string, unknown> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (PAYLOAD_RULE_IDS.includes(k)) mine[k] = v;
  }
  // parseRuleOverrides knows the permission rule ids only; validate the values with the same rules.
  const out: Record<string, SeveritySetting> = {};
  for (const [k, v] of Object.entries(mine)) {
    const probe = parseRuleOverrides({ 'unknown-permission-id': v }).overrides['unknown-permission-id'];
    if (probe) out[k] = probe;
  }
  return out;
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

export class PayloadHoverProvider implements vscode.HoverProvider {
  constructor(private readonly cache: PayloadCache) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    try {
      if (!readConfig(doc).hoverEnabled) return undefined;
      const r = this.cache.get(doc);
      if (!r || token.isCancellationRequested) return undefined;
      const h = payloadHoverAt(r.typed, doc.offsetAt(position), r.model);
      if (!h) return undefined;
      const md = new vscode.MarkdownString(h.markdown, true);
      md.isTrusted = false;
      md.supportHtml = false;
      return new vscode.Hover(md, new vscode.Range(doc.positionAt(h.start), doc.positionAt(h.end)));
    } catch {
      return undefined;
    }
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
      const md = new vscode.MarkdownString(item.markdown, true);
      md.isTrusted = false;
      md.supportHtml = false;
      item.documentation = md;
    }
    return item;
  }
}

interface PayloadResult {
  version: number;
  items: { core: Diagnostic; range: vscode.Range }[];
}

/** Publishes payload diagnostics: debounced while typing (or on save), dropped when a document's last tab closes. */
export class PayloadDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('graphPermissionLens.payload');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly results = new Map<string, PayloadResult>();
  private readonly published = new Set<string>();
  private readonly closing = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly cache: PayloadCache,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const cfg = readConfig(e.document);
        if (cfg.validate === 'onType') this.schedule(e.document, cfg.debounceMs);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const t of e.closed) if (t.input instanceof vscode.TabInputText) this.closing.add(t.input.uri.toString());
        this.reconcileClosing();
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        this.reconcileClosing();
        for (const ed of editors) if (!this.published.has(ed.document.uri.toString())) this.schedule(ed.document, 0);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.revalidateAll();
      }),
    );
    this.revalidateAll();
  }

  revalidateAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** The current result (computed now when the shown one is stale). */
  resultFor(doc: vscode.TextDocument): PayloadResult | undefined {
    const r = this.results.get(doc.uri.toString());
    if (r && r.version === doc.version) return r;
    return this.compute(doc);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!formatOf(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const version = doc.version;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (doc.isClosed || doc.version !== version) return;
      this.publish(doc);
    }, delay);
    timer.unref?.();
    this.timers.set(key, timer);
  }

  private compute(doc: vscode.TextDocument): PayloadResult | undefined {
    try {
      const r = this.cache.get(doc);
      const version = doc.version;
      if (!r) {
        const empty = { version, items: [] };
        this.results.set(doc.uri.toString(), empty);
        return empty;
      }
      const { diagnostics, errors } = runPayloadRules(doc.getText(), r.format, doc.fileName, r.model, {
        overrides: payloadOverrides(doc),
        payloads: r.typed,
        isCancelled: () => doc.version !== version,
      });
      for (const e of errors) this.log.error(`payload rule failed on ${doc.uri.toString(true)}: ${e}`);
      const result: PayloadResult = {
        version,
        items: diagnostics.map((core) => ({ core, range: new vscode.Range(doc.positionAt(core.start), doc.positionAt(core.end)) })),
      };
      this.results.set(doc.uri.toString(), result);
      return result;
    } catch (e) {
      this.log.error(`payload check failed on ${doc.uri.toString(true)}: ${(e as Error).message}`);
      return undefined;
    }
  }

  private publish(doc: vscode.TextDocument): void {
    const result = this.compute(doc);
    if (!result || result.version !== doc.version || result.items.length === 0) {
      this.collection.delete(doc.uri);
      if (result && result.version === doc.version) this.published.add(doc.uri.toString());
      else this.published.delete(doc.uri.toString());
      return;
    }
    this.published.add(doc.uri.toString());
    this.collection.set(
      doc.uri,
      result.items.map(({ core, range }) => {
        const d = new vscode.Diagnostic(range, core.message, SEVERITY[core.severity]);
        d.code = core.code;
        d.source = DIAGNOSTIC_SOURCE;
        return d;
      }),
    );
  }

  private reconcileClosing(): void {
    if (this.closing.size === 0) return;
    const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
    const inTabs = new Set<string>();
    for (const g of vscode.window.tabGroups.all) for (const t of g.tabs) if (t.input instanceof vscode.TabInputText) inTabs.add(t.input.uri.toString());
    for (const key of [...this.closing]) {
      if (inTabs.has(key)) this.closing.delete(key);
      else if (!visible.has(key)) {
        this.closing.delete(key);
        this.forget(vscode.Uri.parse(key));
      }
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.results.delete(key);
    this.published.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.results.clear();
    for (const d of this.disposables) d.dispose();
  }
}

export class PayloadCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: PayloadDiagnostics) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): vscode.CodeAction[] {
    const mine = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string' && PAYLOAD_RULE_IDS.includes(d.code));
    if (mine.length === 0) return [];
    const result = this.diagnostics.resultFor(doc);
    if (!result || token.isCancellationRequested) return [];
    const actions: vscode.CodeAction[] = [];
    for (const shown of mine) {
      const item = result.items.find((i) => i.core.code === shown.code && i.range.isEqual(shown.range) && i.core.message === shown.message);
      if (!item) continue;
      for (const fix of item.core.fixes) {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(doc, fix.edits);
        a.diagnostics = [shown];
        a.isPreferred = fix.preferred === true;
        actions.push(a);
      }
    }
    return actions;
  }
}

/** Registers payload hovers, completions, diagnostics and quick-fixes (one line in extension.ts). */
export function registerResourceFeatures(services: Services): void {
  const { context, log, stores } = services;
  const models = new LazyResourceModel(stores.dataDir, ({ model, error, ms }) => {
    if (model) log.info(`Loaded ${model.typeCount} Graph resource types from ${model.provenance.sources.map((s) => `${s.package}@${s.version}`).join(', ')} in ${ms} ms`);
    else log.error(`Graph Permission Lens could not load its resource types: ${error?.message ?? 'unknown error'}. Payload hovers and checks are off.`);
  });
  const cache = new PayloadCache(models);
  const diagnostics = new PayloadDiagnostics(cache, log);
  context.subscriptions.push(
    cache,
    diagnostics,
    vscode.languages.registerHoverProvider(RESOURCE_SELECTOR, new PayloadHoverProvider(cache)),
    vscode.languages.registerCompletionItemProvider(RESOURCE_SELECTOR, new PayloadCompletionProvider(cache), ...PayloadCompletionProvider.triggerCharacters),
    vscode.languages.registerCodeActionsProvider(RESOURCE_SELECTOR, new PayloadCodeActionProvider(diagnostics), PayloadCodeActionProvider.metadata),
  );
}
