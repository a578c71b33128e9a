/**
 * The VS Code host of the core language service (src/core/service): one service per store and
 * settings, recreated when either changes, through which every editor feature — diagnostics with
 * their quick-fixes, hovers, completions, refactorings, conversions — reaches the core. Each
 * document version is parsed once (the service's cache, keyed by URI and version) and shared by
 * all of them; a closed document is forgotten.
 *
 * This module also owns what the service leaves to its host: reading the settings (config.ts), the
 * lazy Graph type model, and telling the user once when a document is skipped (size, binary).
 */
import * as vscode from 'vscode';
import type { LazyResourceModel } from '../core/payloads';
import { createLanguageService, type CheckResult, type ConvertOutcome, type LanguageService, type LensSettings, type ServiceCodeAction, type ServiceCompletions, type ServiceDocument, type ServiceHover } from '../core/service';
import type { ConvertDirection } from '../core/permissions/convert';
import { readConfig, SECTION } from './config';
import type { StoreService } from './storeService';

/** Which family of completions a provider asks for (they keep their own trigger characters). */
export type CompletionFamily = 'permissions' | 'payloads';

export class LensService implements vscode.Disposable {
  private current: LanguageService;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the service was recreated (a new store or new settings): every result is stale. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** The Graph type model (data/resources.json), loaded on the first document that may hold a payload. */
  readonly models: LazyResourceModel;
  private skipNoticeShown = false;
  private reportedProblems = '';
  /** Problems of other settings already told (once each). */
  private readonly reportedSettingProblems = new Set<string>();

  constructor(
    private readonly stores: StoreService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // The resource types are the extension's one copy (StoreService.resources), shared with the detail page; their load is logged there.
    this.models = stores.resources;
    this.current = this.create();
    this.disposables.push(
      this.changed,
      stores.onDidChangeStore(() => this.renew()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.renew();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.current.forget(doc.uri.toString())),
    );
  }

  /** The service in use. Results of an older one (diagnostic ids) are not valid with it. */
  get service(): LanguageService {
    return this.current;
  }

  private create(): LanguageService {
    return createLanguageService({ store: () => this.stores.get(), payloadModel: () => this.models.get(), commandLinks: true });
  }

  private renew(): void {
    this.current.clear();
    this.current = this.create();
    this.changed.fire();
  }

  /** The settings for a document (its folder and language), validated once by the core. */
  settings(doc: vscode.TextDocument): LensSettings {
    const s = readConfig(doc);
    if (s.ruleProblems.length && s.ruleProblems.join('\n') !== this.reportedProblems) {
      this.reportedProblems = s.ruleProblems.join('\n');
      const msg = `Graph Permission Lens: ignoring part of the "${SECTION}.rules" setting: ${s.ruleProblems.join('; ')}`;
      this.log.warn(msg);
      void vscode.window.showWarningMessage(msg);
    }
    for (const p of s.settingProblems) {
      if (this.reportedSettingProblems.has(p)) continue;
      this.reportedSettingProblems.add(p);
      this.log.warn(p);
      void vscode.window.showWarningMessage(`Graph Permission Lens: ${p}`);
    }
    return s;
  }

  /** The service's view of a document; the text is read only when the service needs it (a cache miss). */
  document(doc: vscode.TextDocument): ServiceDocument {
    let text: string | undefined;
    return {
      uri: doc.uri.toString(),
      version: doc.version,
      languageId: doc.languageId,
      fileName: doc.fileName,
      get text(): string {
        text ??= doc.getText();
        return text;
      },
    };
  }

  /** Parses (once per version) and tells the user, once per session, when a document is skipped. */
  private parsed(doc: vscode.TextDocument, sdoc: ServiceDocument, settings: LensSettings): void {
    const p = this.current.parse(sdoc, settings);
    if (p.skipped && p.format) this.skipNotice(doc, p.skipped);
  }

  private skipNotice(doc: vscode.TextDocument, why: string): void {
    if (this.skipNoticeShown) return;
    this.skipNoticeShown = true;
    const name = doc.uri.path.split('/').pop() ?? doc.uri.toString(true);
    const what = /^\d/.test(why) ? `${name} is ${why}` : `${name} ${why}`;
    void vscode.window
      .showInformationMessage(`Graph Permission Lens skipped a document: ${what} (setting ${SECTION}.maxFileSizeKB).`, 'Open Setting')
      .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.maxFileSizeKB`));
  }

  /** Diagnostics of the document's current version (cached per version); `isCancelled` stops stale work. */
  check(doc: vscode.TextDocument, isCancelled?: () => boolean): CheckResult {
    const sdoc = this.document(doc);
    const settings = this.settings(doc);
    this.parsed(doc, sdoc, settings);
    return this.current.check(sdoc, settings, isCancelled);
  }

  hover(doc: vscode.TextDocument, offset: number): ServiceHover | undefined {
    const sdoc = this.document(doc);
    const settings = this.settings(doc);
    if (!settings.hoverEnabled) return undefined;
    this.parsed(doc, sdoc, settings);
    return this.current.hover(sdoc, offset, settings);
  }

  complete(doc: vscode.TextDocument, offset: number, family: CompletionFamily): ServiceCompletions | undefined {
    const sdoc = this.document(doc);
    const settings = this.settings(doc);
    return this.current.complete(sdoc, offset, settings, { only: family });
  }

  codeActions(service: LanguageService, doc: vscode.TextDocument, offset: number, diagnosticIds: readonly string[], only?: readonly ServiceCodeAction['kind'][]): ServiceCodeAction[] {
    return service.codeActions(this.document(doc), offset, diagnosticIds, this.settings(doc), only);
  }

  convert(doc: vscode.TextDocument, direction: ConvertDirection): ConvertOutcome {
    const sdoc = this.document(doc);
    const settings = this.settings(doc);
    this.parsed(doc, sdoc, settings);
    return this.current.convert(sdoc, direction, settings);
  }

  dispose(): void {
    this.current.clear();
    for (const d of this.disposables) d.dispose();
  }
}
