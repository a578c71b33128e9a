/**
 * The format registry: for each document format, the editor languages and file names it covers,
 * the scanner that finds its permission references, where its comments are, which detectors read
 * its Graph calls, whether Graph payloads are read in it (in which files, with which reader), and
 * whether the least-privilege analysis reads it (manifests, code with Graph calls). Every list of
 * languages, extensions and formats in the product, and the choice of scanner, comment lexer,
 * call detectors and payload reader, derives from this table: `formatOf` and `scanText` (analyze.ts), `commentRanges` (scan/comments.ts),
 * `detectGraphCalls` and the least-privilege formats (leastPrivilege/detect.ts,
 * leastPrivilege/files.ts), `payloadFormatOf` and `findPayloads` (payloads/payload.ts), the VS Code
 * client's document selectors (vscode/selectors.ts, and the least-privilege formats that
 * vscode/leastPrivilege.ts watches); package.json's activation events are checked against it by a unit test.
 * Adding a format means its name in documentFormat.ts, one entry here, and its modules.
 *
 * Scanners and comment lexers are named here as functions. Call detectors and payload readers are
 * named by key (`calls`, `payload.format`): the modules that hold them (leastPrivilege/detect.ts,
 * payloads/payload.ts) look their format up here, so this table cannot import them; each keeps
 * one function per key, in a table whose type requires every key.
 */
import type { DocumentFormat, PayloadFormat } from './documentFormat';
import { lexCLike, lexPython, scanCode, type CodeLanguage } from './scan/code';
import { scanHttp } from './scan/http';
import { httpComments } from './text/lexer';
import { scanJson } from './scan/json';
import type { PermissionOracle } from './scan/names';
import { scanPlain } from './scan/plain';
import { lexPs, scanPowerShell } from './scan/powershell';
import type { TextRange } from './scan/reference';
import { scanBicep, scanTerraform } from './scan/structured';
import type { FormatScan } from './scan/tokens';
import { scanYamlLazily } from './scan/yamlLoader';

/**
 * The Graph call detectors of leastPrivilege/detect.ts, by name (it holds one function per name):
 * the Graph JS client's `.api('…')` chains, Graph URL literals given to an HTTP client, URLs built
 * on a Graph base-URL constant, Kiota fluent chains, Kiota request builders made from a paging link,
 * PowerShell (`Invoke-MgGraphRequest`, Microsoft Graph cmdlets), `.http` request lines, and paging
 * follow-ups of the calls found before it.
 */
export type CallDetector = 'js-client' | 'url' | 'base-url' | 'kiota' | 'builder-from-link' | 'powershell' | 'http-file' | 'paging';

/** Finds the permission references of one document (may throw: analyzeText reports it as not analysed). */
export type Scanner = (text: string, oracle: PermissionOracle) => FormatScan;

export interface FormatInfo {
  format: DocumentFormat;
  /** VS Code language ids the extension activates on and registers its providers for. */
  languages: readonly string[];
  /** Other editors' (or extensions') language ids read as this format; the VS Code client does not register for them. */
  otherLanguages?: readonly string[];
  /** File names read as this format (tested on the lower-cased name, in table order: `.tf.json` is JSON). */
  fileNames: RegExp;
  /** The permission-reference scanner of its documents. */
  scan: Scanner;
  /** Where its comments are, in text order (scan/comments.ts; the call detector skips commented-out calls). */
  comments?: (text: string) => TextRange[];
  /**
   * The call detectors that read its Graph calls (least privilege, call hovers), run in this
   * order: where two find the same range, the first one's call is kept. Set exactly for `usage: 'calls'`.
   */
  calls?: readonly CallDetector[];
  /** Graph payloads are typed and checked in documents of `languages` and in files named `fileNames`, read by `format`'s reader (payloads/payload.ts). */
  payload?: { format: PayloadFormat; fileNames: RegExp };
  /**
   * Read by the least-privilege analysis as a manifest (`json`), for its Graph calls, or for the
   * scopes an app's configuration requests (`.properties`, YAML: Spring's `…graph.scopes`).
   */
  usage?: 'manifest' | 'calls' | 'requests';
}

/** The plain-text scanner, with the readers of `format`'s own shapes (scan/plain.ts). */
function plain(format: DocumentFormat): Scanner {
  return (text, oracle) => scanPlain(text, oracle, format);
}

/** The code scanner of one language (scan/code.ts). */
function code(lang: CodeLanguage): Scanner {
  return (text, oracle) => scanCode(text, oracle, lang);
}

/** The comments of a C-like language, from its lexer (scan/code.ts). */
function cLikeComments(lang: CodeLanguage): (text: string) => TextRange[] {
  return (text) => lexCLike(text, lang).comments;
}

/** The call detectors of C#, Python and Java (SDK and HTTP-client code). */
const CODE_CALLS: readonly CallDetector[] = ['url', 'base-url', 'kiota', 'builder-from-link', 'paging'];

export const FORMATS: readonly FormatInfo[] = [
  {
    format: 'json',
    languages: ['json', 'jsonc'],
    otherLanguages: ['json5'],
    fileNames: /\.(?:json|jsonc|json5)$/,
    scan: scanJson,
    payload: { format: 'json', fileNames: /\.(?:json|jsonc)$/ },
    usage: 'manifest',
  },
  { format: 'bicep', languages: ['bicep'], otherLanguages: ['bicepparam'], fileNames: /\.(?:bicep|bicepparam)$/, scan: scanBicep },
  { format: 'terraform', languages: ['terraform'], otherLanguages: ['terraform-vars', 'tf', 'hcl'], fileNames: /\.(?:tf|tfvars|hcl)$/, scan: scanTerraform },
  { format: 'powershell', languages: ['powershell'], fileNames: /\.(?:ps1|psm1|psd1)$/, scan: scanPowerShell, comments: (text) => lexPs(text).comments, calls: ['powershell'], usage: 'calls' },
  {
    format: 'javascript',
    languages: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'],
    fileNames: /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/,
    scan: code('js'),
    comments: cLikeComments('js'),
    calls: ['js-client', 'url', 'base-url', 'kiota', 'paging'],
    payload: { format: 'ts', fileNames: /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/ },
    usage: 'calls',
  },
  { format: 'csharp', languages: ['csharp'], fileNames: /\.(?:cs|csx)$/, scan: code('csharp'), comments: cLikeComments('csharp'), calls: CODE_CALLS, usage: 'calls' },
  { format: 'python', languages: ['python'], fileNames: /\.py$/, scan: code('python'), comments: (text) => lexPython(text).comments, calls: CODE_CALLS, usage: 'calls' },
  { format: 'java', languages: ['java'], fileNames: /\.java$/, scan: code('java'), comments: cLikeComments('java'), calls: CODE_CALLS, usage: 'calls' },
  {
    format: 'http',
    languages: ['http'],
    otherLanguages: ['rest'],
    fileNames: /\.(?:http|rest)$/,
    scan: scanHttp,
    comments: httpComments,
    calls: ['http-file'],
    payload: { format: 'http', fileNames: /\.(?:http|rest)$/ },
    usage: 'calls',
  },
  // The YAML scanner is loaded on the first YAML document (scan/yamlLoader.ts): the parser stays out of every start.
  { format: 'yaml', languages: ['yaml'], otherLanguages: ['github-actions-workflow', 'azure-pipelines', 'dockercompose'], fileNames: /\.(?:ya?ml)$/, scan: scanYamlLazily, usage: 'requests' },
  { format: 'markdown', languages: ['markdown'], fileNames: /\.(?:md|markdown|mdx)$/, scan: plain('markdown') },
  { format: 'shell', languages: ['shellscript'], fileNames: /\.(?:sh|bash|zsh|azcli)$/, scan: plain('shell') },
  { format: 'plaintext', languages: ['plaintext', 'restructuredtext', 'asciidoc'], fileNames: /\.(?:txt|rst|adoc|asciidoc)$/, scan: plain('plaintext') },
  { format: 'html', languages: ['html', 'razor', 'aspnetcorerazor'], fileNames: /\.(?:html?|cshtml|razor)$/, scan: plain('html') },
  { format: 'xml', languages: ['xml'], fileNames: /(?:^|[\\/])(?:web|app)\.config$|\.(?:config|csproj|vbproj|props|targets|xml)$/, scan: plain('xml') },
  {
    format: 'properties',
    languages: ['properties', 'ini', 'dotenv'],
    fileNames: /\.(?:properties|ini|cfg)$|(?:^|[\\/])\.env(?:\.[\w.-]+)?$|\.env$/,
    scan: plain('properties'),
    usage: 'requests',
  },
  // Notebooks are read from disk (CLI, workspace view); in the editor their cells have their own languages.
  { format: 'notebook', languages: [], fileNames: /\.ipynb$/, scan: plain('notebook') },
];

// Maps: looked up with data (a language id), so `constructor` must not find Object's members.
const BY_FORMAT: ReadonlyMap<string, FormatInfo> = new Map(FORMATS.map((f) => [f.format, f] as const));
const BY_LANGUAGE: ReadonlyMap<string, FormatInfo> = new Map(FORMATS.flatMap((f) => [...f.languages, ...(f.otherLanguages ?? [])].map((id) => [id, f] as const)));
const BY_EDITOR_LANGUAGE: ReadonlyMap<string, FormatInfo> = new Map(FORMATS.flatMap((f) => f.languages.map((id) => [id, f] as const)));

/** The registry entry of a format (undefined for a string that names none). */
export function formatInfo(format: string): FormatInfo | undefined {
  return BY_FORMAT.get(format);
}

/** The format of a language id (the editor's or another editor's), if it is read. */
export function formatOfLanguage(languageId: string): DocumentFormat | undefined {
  return BY_LANGUAGE.get(languageId.toLowerCase())?.format;
}

/** The format of a file name or path (by extension, or the whole name), if it is read. */
export function formatOfFileName(fileName: string): DocumentFormat | undefined {
  const s = fileName.toLowerCase();
  for (const f of FORMATS) if (f.fileNames.test(s)) return f.format;
  return undefined;
}

/** The payload format of an editor language id, if payloads are read in its documents. */
export function payloadFormatOfLanguage(languageId: string): PayloadFormat | undefined {
  return BY_EDITOR_LANGUAGE.get(languageId)?.payload?.format;
}

/** The payload format of a file name or path, if payloads are read in such files. */
export function payloadFormatOfFileName(fileName: string): PayloadFormat | undefined {
  const s = fileName.toLowerCase();
  for (const f of FORMATS) if (f.payload?.fileNames.test(s)) return f.payload.format;
  return undefined;
}

/** Every language id the VS Code client activates on and registers for, in table order. */
export function editorLanguages(which: (f: FormatInfo) => boolean = () => true): string[] {
  return FORMATS.filter(which).flatMap((f) => f.languages);
}

/** The formats the least-privilege analysis reads: manifests, code with Graph calls, configuration with requested scopes. */
export const USAGE_FORMATS: readonly DocumentFormat[] = FORMATS.filter((f) => f.usage).map((f) => f.format);

/** The formats whose Graph calls the call detector reads. */
export const CALL_FORMATS: readonly DocumentFormat[] = FORMATS.filter((f) => f.usage === 'calls').map((f) => f.format);
