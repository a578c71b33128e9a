/**
 * One entry point from a document's text to its resolved references, used by the CLI and the
 * editor alike. The scanner of each format is the format registry's (formats.ts); `formatOf` maps
 * VS Code language ids and file names to formats.
 */
import { formatInfo, formatOfFileName, formatOfLanguage } from './formats';
import { resolveAll, type ResolvedReference } from './permissions/resolve';
import { annotateKinds } from './scan/plain';
import type { ResourceAppMention, ScanResult, ScannedReference } from './scan/reference';
import type { SpecialMention } from './scan/special';
import { incompleteReason, type FormatScan } from './scan/tokens';
import type { PermissionStore } from './store/store';
import type { JsonTree } from './scan/jsonTree';
import type { Diagnostic } from './diagnostic';
import type { DocumentFormat } from './documentFormat';
import { LineIndex } from './text/text';
import { fileKind, kindEvidence, kindReason } from './leastPrivilege/auth';

export { DOCUMENT_FORMATS, type DocumentFormat } from './documentFormat';

export interface Analysis {
  format: DocumentFormat;
  scan: ScanResult;
  references: ResolvedReference[];
  resourceApps: ResourceAppMention[];
  /** `.default` scopes and Teams RSC permissions: hover only (special.ts renders them). */
  specials: SpecialMention[];
  /**
   * Set when the document could not be analysed in full (too deeply nested, a scanner failure):
   * the reason, in words. Every host must report it (a diagnostic, a CLI line, a SARIF
   * notification) and `--fail-on` counts it as a failure: a file that cannot be read is never
   * "no problems".
   */
  incomplete?: string;
  /** Line index of the analysed text, built on first use. */
  readonly lines: LineIndex;
  /**
   * JSON documents: the scanner's syntax tree (flat, scan/jsonTree.ts), kept for the rules of the
   * same version (the resource blocks and their fixes), so that a document is parsed once. Not
   * enumerable: comparisons and serialisations of an analysis do not see it.
   */
  readonly jsonTree?: JsonTree;
}

/** The format for a VS Code language id or, failing that, a file name (by extension). */
export function formatOf(fileNameOrLanguage: string): DocumentFormat | undefined {
  // The languages and file names of each format are the registry's (formats.ts).
  return formatOfLanguage(fileNameOrLanguage) ?? formatOfFileName(fileNameOrLanguage);
}

/**
 * The format of a file whose extension says nothing (CLI, explicit files): JSON when the content
 * starts like JSON, else undefined.
 */
export function formatOfContent(text: string): DocumentFormat | undefined {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return 'json';
  return undefined;
}

// How the hosts load the YAML scanner on the first YAML document (see scan/yamlLoader.ts).
export { setYamlScannerLoader, type YamlScannerModule } from './scan/yamlLoader';

/** The scan of a document by its format's scanner (the format registry's, formats.ts). May throw: analyzeText reports it. */
export function scanText(text: string, format: DocumentFormat, store: PermissionStore): FormatScan {
  const info = formatInfo(format);
  if (!info) throw new Error(`no scanner for the format '${format}'`);
  return info.scan(text, store);
}

/** OpenID Connect scopes every identity provider shares: Graph permissions only in a Microsoft context. */
const OIDC = new Set(['openid', 'email', 'profile', 'offline_access']);
const MICROSOFT_CONTEXT = /acquire_?[Tt]oken|ClientApplication|login\.microsoftonline\.(?:com|us|cn)|graph\.microsoft\.(?:com|us)|microsoftgraph|msgraph|\bmsal|Microsoft\.Identity|@azure\/|azure[-_.]identity|AzureAd|Connect-MgGraph|requiredResourceAccess|resourceAppId/i;

/**
 * `scope=openid email profile` to Google or Okta is not a Microsoft Graph request: the OIDC scope
 * names count only beside another Graph permission, or where the text names a Microsoft sign-in.
 */
function withoutForeignOidc(refs: ScannedReference[], text: string): ScannedReference[] {
  const isOidc = (r: ScannedReference): boolean => r.form === 'name' && r.position !== 'resourceAccess' && r.resourceAppId === undefined && OIDC.has(r.name.toLowerCase());
  if (!refs.some(isOidc) || refs.some((r) => !isOidc(r)) || MICROSOFT_CONTEXT.test(text)) return refs;
  return refs.filter((r) => !isOidc(r));
}

/**
 * Gives every name whose own context says nothing the kind the file means (how it signs in, what it
 * grants, what its prose says — leastPrivilege/auth.ts, shared with least privilege), with the reason.
 */
function inferKinds(refs: ScannedReference[], text: string, format: DocumentFormat): void {
  if (!refs.some((r) => r.form === 'name' && !r.declaredKind)) return;
  const e = fileKind(kindEvidence(text, format));
  if (!e) return;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < e.start; i = text.indexOf('\n', i + 1)) line++;
  const reason = kindReason(e, line);
  for (const r of refs) {
    if (r.form !== 'name' || r.declaredKind) continue;
    r.inferredKind = e.kind;
    r.kindReason = reason;
  }
}

export function analyzeText(text: string, format: DocumentFormat, store: PermissionStore): Analysis {
  let full: FormatScan;
  try {
    full = scanText(text, format, store);
  } catch (e) {
    // A scanner bug must never break the editor, nor pass for an empty file.
    full = { references: [], resourceApps: [], specials: [], incomplete: incompleteReason(e) };
  }
  let incomplete = full.incomplete;
  const scan: ScanResult = { references: withoutForeignOidc(full.references, text), resourceApps: full.resourceApps };
  try {
    // The kind the text right around a plain mention states (comments and strings of every format).
    annotateKinds(scan.references.filter((r) => r.position === 'string' && !r.declaredKind), text);
    inferKinds(scan.references, text, format);
  } catch {
    // the kind a file means is a refinement: never let it break the analysis
  }
  let references: ResolvedReference[];
  try {
    references = resolveAll(store, scan.references);
  } catch (e) {
    references = [];
    scan.references = [];
    incomplete ??= incompleteReason(e);
  }
  let lines: LineIndex | undefined;
  const analysis: Analysis = {
    format,
    scan,
    references,
    resourceApps: scan.resourceApps,
    specials: full.specials,
    ...(incomplete ? { incomplete } : {}),
    get lines(): LineIndex {
      return (lines ??= new LineIndex(text));
    },
  };
  if (full.jsonTree) Object.defineProperty(analysis, 'jsonTree', { value: full.jsonTree, enumerable: false });
  return analysis;
}

/** What every host says about a file that could not be analysed in full (Analysis.incomplete). */
export function incompleteMessage(reason: string): string {
  return `could not be analysed: ${reason}; its Microsoft Graph permissions are not (all) checked`;
}

/** The diagnostic code of a document that could not be analysed in full (every editor host shows it). */
export const INCOMPLETE_CODE = 'analysis-incomplete';

/**
 * Fail closed: a document that could not be read in full is never shown as clean. The diagnostic
 * sits on the first line (at most 200 characters).
 */
export function incompleteDiagnostic(text: string, reason: string): Diagnostic {
  const eol = text.search(/[\r\n]/);
  return { code: INCOMPLETE_CODE, severity: 'warning', message: `This document ${incompleteMessage(reason)}.`, start: 0, end: eol < 0 ? Math.min(text.length, 200) : Math.min(eol, 200), fixes: [] };
}

/** Heuristic used before scanning a file from disk: NUL bytes in the first 8 KiB mean binary. */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}
