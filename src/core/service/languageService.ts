/**
 * The language service: one entry point from a document to everything the hosts show — diagnostics
 * with their fixes, hovers, completions and code actions — for the permission references and the
 * Graph resource payloads alike. Modelled on vscode-json-languageservice: all I/O is passed in (the
 * store and the payload model come from getters the host owns), and each document version is parsed
 * once and shared by every feature.
 *
 * Offsets are UTF-16 offsets into the document text; hosts convert to their positions.
 */
import { analyzeText, formatOf, formatOfContent, incompleteDiagnostic, type Analysis, type DocumentFormat } from '../analyze';
import { callHoverMarkdown, CODE_FORMATS, detectGraphCalls, usageContext, type GraphCall } from '../leastPrivilege';
import { completionsAt, type CompletionItem as PermissionCompletionItem } from '../permissions/permissionCompletion';
import { acceptsNames, convertAll, convertOne, type ConvertDirection } from '../permissions/convert';
import { SHOW_PERMISSION_COMMAND } from '../explorer/hoverLink';
import { permissionHover, resourceAppHover } from '../permissions/permissionHover';
import { resolveReference } from '../permissions/resolve';
import { mayContainPayload, payloadCompletions, payloadFormatOf, payloadHoverAt, runPayloadRules, typedPayloads, type PayloadCompletionItem, type PayloadFormat, type ResourceModel } from '../payloads';
import type { TypedPayload } from '../payloads/walker';
import { runRules } from '../rules';
import type { Diagnostic, Fix, TextEdit } from '../rules/types';
import { findAt, isPermissionReference } from '../scan/reference';
import { specialAt, specialHover } from '../scan/special';
import { scopeCompletionsAt } from '../permissions/scopeCompletion';
import type { PermissionStore } from '../store/store';
import { createLeastPrivilege, isLeastPrivilegeId, type LeastPrivilegeAsyncOptions, type LeastPrivilegeFolder, type LeastPrivilegeOptions, type LeastPrivilegeResult } from './leastPrivilege';
import { DEFAULT_SETTINGS, type LensSettings } from './settings';

/** A document as the service sees it: the host's identity and version, and the text. */
export interface ServiceDocument {
  /** Stable key (a URI in the editors, a path in the CLI). */
  uri: string;
  /** Increases with each edit; the parse is shared while it stays the same. */
  version: number;
  /** The editor's language id, when there is one. */
  languageId?: string;
  /** The file name or path, for formats told by name (`aad.manifest.json`, `.http`). */
  fileName?: string;
  text: string;
}

/** A diagnostic of the service: the core diagnostic plus an id that its code actions are keyed on. */
export interface ServiceDiagnostic extends Diagnostic {
  /** Unique within one check of one document version: `<version>:<n>`. Hosts carry it as diagnostic data. */
  id: string;
}

export interface CheckResult {
  version: number;
  diagnostics: ServiceDiagnostic[];
  /** Rules or checks that failed on this document (the rest still ran). */
  errors: string[];
  /** Why the document was not analysed at all (size, binary, unknown format), when it was not. */
  skipped?: string;
}

export interface ServiceHover {
  markdown: string;
  start: number;
  end: number;
  /** Commands the Markdown may run (its links); none means the hover is untrusted. */
  enabledCommands: string[];
}

export type ServiceCompletionKind = 'permission' | 'type' | 'resourceApp' | 'property' | 'enumMember' | 'payloadType' | 'value';

export interface ServiceCompletionItem {
  label: string;
  kind: ServiceCompletionKind;
  insertText: string;
  /** `insertText` is a snippet (`${1}` placeholders). */
  snippet?: boolean;
  detail?: string;
  filterText?: string;
  sortText?: string;
  preselect?: boolean;
  /** Escaped Markdown; hosts may attach it lazily (on resolve). */
  documentation?: string;
}

export interface ServiceCompletions {
  replaceStart: number;
  replaceEnd: number;
  items: ServiceCompletionItem[];
}

export interface ServiceCodeAction {
  title: string;
  kind: 'quickfix' | 'refactor.rewrite';
  edits: TextEdit[];
  preferred?: boolean;
  /** The diagnostic the fix belongs to (quick-fixes). */
  diagnosticId?: string;
}

export type ConvertOutcome =
  | { ok: true; edits: TextEdit[]; converted: number; skipped: string[]; message: string }
  | { ok: false; message: string };

export interface ParsedPayloads {
  typed: TypedPayload[];
  model: ResourceModel;
  format: PayloadFormat;
  /** Why the payloads could not be read, when they could not (the check reports it). */
  error?: string;
}

/** One document version, parsed once and shared by every feature. */
export interface ParsedDocument {
  readonly version: number;
  readonly format: DocumentFormat | undefined;
  /** The permission analysis; undefined when the document is skipped or of no known format. */
  readonly analysis: Analysis | undefined;
  /** Why the document is not analysed, when it is not. */
  readonly skipped?: string;
  /** The typed Graph payloads (computed on first use, needs the payload model). */
  payloads(): ParsedPayloads | undefined;
  /** The Graph calls of code (computed on first use; none in other formats or without a store): the call hover's. */
  graphCalls(): readonly GraphCall[];
}

export interface CompleteOptions {
  /**
   * Only this family: permission references (GUIDs, names, `type`, `resourceAppId`, scopes) or Graph
   * payloads (properties, enum members, `@odata.type`). Unset: permissions first, else payloads.
   * Editors that register the two with their own trigger characters ask for one each.
   */
  only?: 'permissions' | 'payloads';
}

export interface LanguageServiceParams {
  /** The permission store in use (undefined while none could be loaded). */
  store: () => PermissionStore | undefined;
  /** The Graph type model, loaded on first need; undefined when unavailable. */
  payloadModel?: () => ResourceModel | undefined;
  /**
   * Whether hovers may link to the client's commands (`command:` links, e.g. the permission's detail
   * page). VS Code runs them; other LSP clients cannot, so they get no such links. Default true.
   */
  commandLinks?: boolean;
}

export interface LanguageService {
  parse(doc: ServiceDocument, settings?: LensSettings): ParsedDocument;
  check(doc: ServiceDocument, settings?: LensSettings, isCancelled?: () => boolean): CheckResult;
  hover(doc: ServiceDocument, offset: number, settings?: LensSettings): ServiceHover | undefined;
  complete(doc: ServiceDocument, offset: number, settings?: LensSettings, opts?: CompleteOptions): ServiceCompletions | undefined;
  /** Quick-fixes of the given diagnostics (by id) and refactorings at `offset`. */
  codeActions(doc: ServiceDocument, offset: number, diagnosticIds: readonly string[], settings?: LensSettings, only?: readonly ServiceCodeAction['kind'][]): ServiceCodeAction[];
  /** GUID ↔ name conversion of every `resourceAccess` reference, or why it is refused here. */
  convert(doc: ServiceDocument, direction: ConvertDirection, settings?: LensSettings): ConvertOutcome;
  /**
   * Least privilege of a folder whose files the host read: split into apps (settings
   * `leastPrivilege.*`), each app's requests compared with its code's Graph calls. The findings are
   * diagnostics with ids whose fixes `codeActions` returns while the file is the text analysed; they
   * stay until the next run of the folder (neither `forget` nor `clear` drops them).
   */
  leastPrivilege(folder: LeastPrivilegeFolder, settings?: LensSettings, opts?: LeastPrivilegeOptions): LeastPrivilegeResult;
  /**
   * The same analysis without holding the host's thread: it runs in slices of a few milliseconds
   * and awaits `opts.yieldNow()` between them (the host's `setImmediate`, a `MessageChannel` in a
   * browser). Rejects with `StepsCancelled` (`isStepsCancelled`) once `opts.token` is cancelled —
   * a newer run of the folder, a store or settings change, shutdown; a cancelled run leaves the
   * folder's last findings as they were.
   */
  leastPrivilegeAsync(folder: LeastPrivilegeFolder, settings: LensSettings | undefined, opts: LeastPrivilegeAsyncOptions): Promise<LeastPrivilegeResult>;
  /** Forgets a folder's least-privilege findings (its key). */
  forgetLeastPrivilege(folderKey: string): void;
  /** Forgets a closed document. */
  forget(uri: string): void;
  /** Forgets every document (the store or the settings changed). */
  clear(): void;
}

interface Entry {
  version: number;
  /** The text parsed (least privilege reuses the parse only for the same text). */
  text: string;
  parsed: ParsedDocument;
  check?: CheckResult;
  /** The store and size limit the parse was made with. */
  store: PermissionStore | undefined;
  maxFileSizeKB: number;
}

export function createLanguageService(params: LanguageServiceParams): LanguageService {
  const entries = new Map<string, Entry>();
  const commandLinks = params.commandLinks !== false;
  const leastPrivilege = createLeastPrivilege({
    store: params.store,
    // A document the host has open, parsed at this very version and text, is not parsed again.
    cachedAnalysis: (doc, format) => {
      const e = entries.get(doc.uri);
      return e && e.version === doc.version && e.store === params.store() && e.parsed.format === format && e.text === doc.text ? e.parsed.analysis : undefined;
    },
  });

  function formatFor(doc: ServiceDocument): DocumentFormat | undefined {
    return (doc.languageId ? formatOf(doc.languageId) : undefined) ?? (doc.fileName ? formatOf(doc.fileName) : undefined) ?? (doc.languageId ? undefined : formatOfContent(doc.text));
  }

  function payloadFormatFor(doc: ServiceDocument): PayloadFormat | undefined {
    return (
      (doc.languageId ? payloadFormatOf(doc.languageId) : undefined) ??
      (doc.fileName && (!doc.languageId || doc.languageId === 'plaintext') ? payloadFormatOf(doc.fileName) : undefined) ??
      (doc.fileName && /\.(http|rest)$/i.test(doc.fileName) ? 'http' : undefined)
    );
  }

  function parse(doc: ServiceDocument, settings: LensSettings = DEFAULT_SETTINGS): ParsedDocument {
    const store = params.store();
    const cached = entries.get(doc.uri);
    if (cached && cached.version === doc.version && cached.store === store && cached.maxFileSizeKB === settings.maxFileSizeKB) return cached.parsed;
    const text = doc.text;
    const format = formatFor(doc);
    let skipped: string | undefined;
    if (text.length > settings.maxFileSizeKB * 1024) skipped = `${Math.round(text.length / 1024)} KiB, over the limit of ${settings.maxFileSizeKB} KiB`;
    else if (text.indexOf('\u0000') >= 0) skipped = 'looks binary';
    const analysis = !skipped && format && store ? analyzeText(text, format, store) : undefined;
    let typed: ParsedPayloads | undefined | null = null;
    let calls: GraphCall[] | undefined;
    const parsed: ParsedDocument = {
      version: doc.version,
      format,
      analysis,
      ...(skipped ? { skipped } : {}),
      payloads() {
        if (typed !== null) return typed;
        typed = undefined;
        const pf = skipped ? undefined : payloadFormatFor(doc);
        if (!pf || !mayContainPayload(text, pf)) return typed;
        const model = params.payloadModel?.();
        if (!model) return typed;
        let error: string | undefined;
        const list = typedPayloads(text, pf, model, (why) => (error = why));
        typed = { typed: list, model, format: pf, ...(error ? { error } : {}) };
        return typed;
      },
      graphCalls() {
        if (calls) return calls;
        // The calls of this document alone (the least-privilege run sees the base URLs of the whole app).
        calls = !skipped && store && format && CODE_FORMATS.includes(format) ? detectGraphCalls(text, format, usageContext(store, [{ text, format }])) : [];
        return calls;
      },
    };
    entries.set(doc.uri, { version: doc.version, text, parsed, store, maxFileSizeKB: settings.maxFileSizeKB });
    return parsed;
  }

  function check(doc: ServiceDocument, settings: LensSettings = DEFAULT_SETTINGS, isCancelled?: () => boolean): CheckResult {
    const parsed = parse(doc, settings);
    const entry = entries.get(doc.uri);
    if (entry?.check && entry.check.version === doc.version) return entry.check;
    const store = params.store();
    const diagnostics: Diagnostic[] = [];
    const errors: string[] = [];
    // Each rule run returns its diagnostics sorted: the whole list is sorted only when two lists meet.
    let lists = 0;
    if (store && parsed.analysis) {
      // Fail closed: a document that could not be analysed in full says so.
      if (parsed.analysis.incomplete) {
        diagnostics.push(incompleteDiagnostic(doc.text, parsed.analysis.incomplete));
        lists++;
      }
      const r = runRules(doc.text, parsed.analysis, store, { overrides: settings.rules, riskThreshold: settings.riskThreshold, isCancelled });
      for (const d of r.diagnostics) diagnostics.push(d);
      if (r.diagnostics.length) lists++;
      errors.push(...r.errors);
    }
    if (!parsed.skipped && !isCancelled?.()) {
      // The payloads typed once for this version (hover and completion use the same).
      const p = parsed.payloads();
      if (p) {
        if (p.error) errors.push(`payloads could not be read: ${p.error}`);
        const r = runPayloadRules(doc.text, p.format, doc.fileName, p.model, { overrides: settings.rules, payloads: p.typed, isCancelled });
        for (const d of r.diagnostics) diagnostics.push(d);
        if (r.diagnostics.length) lists++;
        errors.push(...r.errors);
      }
    }
    if (lists > 1) diagnostics.sort((a, b) => a.start - b.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    // Each diagnostic gets its id in place (the rules' are fresh objects; a copy would also read
    // every diagnostic's fixes, which are built only when a code action asks for them).
    const withIds = diagnostics as ServiceDiagnostic[];
    for (let i = 0; i < withIds.length; i++) withIds[i].id = `${doc.version}:${i}`;
    const result: CheckResult = {
      version: doc.version,
      diagnostics: withIds,
      errors,
      ...(parsed.skipped ? { skipped: parsed.skipped } : {}),
    };
    // A cancelled run is partial: never cache it.
    if (entry && !isCancelled?.()) entry.check = result;
    return result;
  }

  function hover(doc: ServiceDocument, offset: number, settings: LensSettings = DEFAULT_SETTINGS): ServiceHover | undefined {
    if (!settings.hoverEnabled) return undefined;
    const parsed = parse(doc, settings);
    const own = referenceOrPayloadHover(parsed, offset);
    const call = callHover(parsed, offset);
    if (!own || !call) return own ?? call;
    // A permission written inside a Graph call (a cmdlet's `-Scope`): both, the narrower range.
    return { ...own, markdown: `${own.markdown}\n\n---\n\n${call.markdown}` };
  }

  /** The least-privileged permissions of the Graph call at `offset` (code only). */
  function callHover(parsed: ParsedDocument, offset: number): ServiceHover | undefined {
    const store = params.store();
    if (!store) return undefined;
    const call = parsed.graphCalls().find((c) => offset >= c.start && offset <= c.end);
    return call && { markdown: callHoverMarkdown(store, call), start: call.start, end: call.end, enabledCommands: [] };
  }

  function referenceOrPayloadHover(parsed: ParsedDocument, offset: number): ServiceHover | undefined {
    const store = params.store();
    const analysis = parsed.analysis;
    if (store && analysis) {
      const hit = findAt(analysis.scan, offset);
      if (hit) {
        if (isPermissionReference(hit)) {
          const md = permissionHover(store, resolveReference(store, hit), { commandLinks });
          return md ? { markdown: md, start: hit.start, end: hit.end, enabledCommands: commandLinks ? [SHOW_PERMISSION_COMMAND] : [] } : undefined;
        }
        if (hit.appId) {
          const app = store.resourceApp(hit.appId);
          if (app) return { markdown: resourceAppHover(app), start: hit.start, end: hit.end, enabledCommands: [] };
        }
        return undefined;
      }
      // `.default` scopes and Teams RSC permissions have their own explanation.
      const sp = specialAt(analysis.specials, offset);
      if (sp) return { markdown: specialHover(sp), start: sp.start, end: sp.end, enabledCommands: [] };
    }
    const p = parsed.payloads();
    if (p) {
      const h = payloadHoverAt(p.typed, offset, p.model);
      if (h) return { markdown: h.markdown, start: h.start, end: h.end, enabledCommands: [] };
    }
    return undefined;
  }

  function complete(doc: ServiceDocument, offset: number, settings: LensSettings = DEFAULT_SETTINGS, opts: CompleteOptions = {}): ServiceCompletions | undefined {
    const store = params.store();
    const parsed = parse(doc, settings);
    if (parsed.skipped) return undefined;
    if (store && settings.completionEnabled && opts.only !== 'payloads') {
      const format = parsed.format;
      const r = completionsAt(doc.text, offset, store, doc.fileName) ?? (format && format !== 'json' ? scopeCompletionsAt(doc.text, offset, format, store) : undefined);
      if (r) return { replaceStart: r.replaceStart, replaceEnd: r.replaceEnd, items: r.items.map(fromPermissionItem) };
    }
    const p = opts.only === 'permissions' ? undefined : parsed.payloads();
    if (p) {
      const r = payloadCompletions(doc.text, offset, p.format, p.model, p.typed);
      if (r && r.items.length) return { replaceStart: r.replaceStart, replaceEnd: r.replaceEnd, items: r.items.map(fromPayloadItem) };
    }
    return undefined;
  }

  function codeActions(
    doc: ServiceDocument,
    offset: number,
    diagnosticIds: readonly string[],
    settings: LensSettings = DEFAULT_SETTINGS,
    only?: readonly ServiceCodeAction['kind'][],
  ): ServiceCodeAction[] {
    const wants = (k: ServiceCodeAction['kind']): boolean => !only || only.includes(k);
    const actions: ServiceCodeAction[] = [];
    if (wants('quickfix') && diagnosticIds.length) {
      // Least-privilege findings are kept by the run that found them; the others by the check of this version.
      const lp = diagnosticIds.filter(isLeastPrivilegeId);
      const byId = new Map<string, ServiceDiagnostic>(leastPrivilege.findings(doc, lp).map((d) => [d.id, d]));
      if (lp.length < diagnosticIds.length) for (const d of check(doc, settings).diagnostics) byId.set(d.id, d);
      for (const id of diagnosticIds) {
        const d = byId.get(id);
        if (!d) continue;
        for (const fix of d.fixes) actions.push(quickFix(fix, id));
      }
    }
    const analysis = parse(doc, settings).analysis;
    // Only JSON manifests accept both forms; elsewhere (a Terraform `app_role_ids["…"]`) a GUID would break the lookup.
    if (wants('refactor.rewrite') && analysis && analysis.format === 'json') {
      const ref = analysis.references.find((r) => offset >= r.ref.start && offset <= r.ref.end && r.ref.position === 'resourceAccess');
      if (ref) {
        if (ref.ref.form === 'guid' && acceptsNames(doc.fileName ?? doc.uri, analysis)) {
          const e = convertOne(ref, 'toNames');
          if (typeof e !== 'string') actions.push({ title: `Convert to permission name '${e.newText}'`, kind: 'refactor.rewrite', edits: [e] });
        } else if (ref.ref.form === 'name') {
          const e = convertOne(ref, 'toGuids');
          if (typeof e !== 'string') actions.push({ title: `Convert to permission GUID ${e.newText}`, kind: 'refactor.rewrite', edits: [e] });
        }
      }
    }
    return actions;
  }

  function convert(doc: ServiceDocument, direction: ConvertDirection, settings: LensSettings = DEFAULT_SETTINGS): ConvertOutcome {
    const analysis = parse(doc, settings).analysis;
    if (!analysis || analysis.format !== 'json') {
      return { ok: false, message: 'this document is not a JSON file it can read (or it is larger than graphPermissionLens.maxFileSizeKB).' };
    }
    if (direction === 'toNames' && !acceptsNames(doc.fileName ?? doc.uri, analysis)) {
      return { ok: false, message: 'this file looks like an Entra app manifest, which accepts permission GUIDs only. Names are accepted in Teams Toolkit aad.manifest.json files.' };
    }
    const r = convertAll(analysis, direction);
    const what = direction === 'toNames' ? 'names' : 'GUIDs';
    const skipped = r.skipped.length ? ` ${r.skipped.length} left as they are: ${[...new Set(r.skipped)].slice(0, 3).join('; ')}.` : '';
    return { ok: true, edits: r.edits, converted: r.converted, skipped: r.skipped, message: `converted ${r.converted} permission${r.converted === 1 ? '' : 's'} to ${what}.${skipped}` };
  }

  return {
    parse,
    check,
    convert,
    hover,
    complete,
    codeActions,
    leastPrivilege: (folder, settings = DEFAULT_SETTINGS, opts) => leastPrivilege.run(folder, settings, opts),
    leastPrivilegeAsync: (folder, settings = DEFAULT_SETTINGS, opts) => leastPrivilege.runAsync(folder, settings, opts),
    forgetLeastPrivilege: (key) => leastPrivilege.forgetFolder(key),
    forget: (uri) => void entries.delete(uri),
    clear: () => {
      entries.clear();
      leastPrivilege.clearParses();
    },
  };
}

function quickFix(fix: Fix, diagnosticId: string): ServiceCodeAction {
  return { title: fix.title, kind: 'quickfix', edits: fix.edits, ...(fix.preferred ? { preferred: true } : {}), diagnosticId };
}

function fromPermissionItem(i: PermissionCompletionItem): ServiceCompletionItem {
  return {
    label: i.label,
    kind: i.kind,
    insertText: i.insertText,
    ...(i.detail ? { detail: i.detail } : {}),
    ...(i.filterText ? { filterText: i.filterText } : {}),
    ...(i.sortText ? { sortText: i.sortText } : {}),
    ...(i.preselect ? { preselect: true } : {}),
    ...(i.documentation ? { documentation: i.documentation } : {}),
  };
}

function fromPayloadItem(i: PayloadCompletionItem): ServiceCompletionItem {
  return {
    label: i.label,
    kind: i.kind === 'type' ? 'payloadType' : i.kind,
    insertText: i.insertText,
    ...(i.snippet ? { snippet: true } : {}),
    ...(i.detail ? { detail: i.detail } : {}),
    ...(i.filterText ? { filterText: i.filterText } : {}),
    sortText: i.sortText,
    ...(i.preselect ? { preselect: true } : {}),
    ...(i.documentation ? { documentation: i.documentation } : {}),
  };
}
