/**
 * The format registry: for each document format, the editor languages and file names it covers,
 * whether Graph payloads are read in it (and in which files), and whether the least-privilege
 * analysis reads it (manifests, code with Graph calls). Every list of languages, extensions and
 * formats in the product derives from this table: `formatOf` (analyze.ts), `payloadFormatOf`
 * (payloads/payload.ts), the least-privilege formats (leastPrivilege/files.ts, leastPrivilege/detect.ts), the VS Code
 * client's document selectors (extension.ts, vscode/resourceFeatures.ts, vscode/leastPrivilege.ts);
 * package.json's activation events are checked against it by a unit test.
 *
 * The scanners, payload readers and call detector are still chosen by format in their own modules
 * (analyze.ts `scanText`, payloads/payload.ts, leastPrivilege/detect.ts), keyed by the formats named here.
 */
import type { DocumentFormat, PayloadFormat } from './documentFormat';

export interface FormatInfo {
  format: DocumentFormat;
  /** VS Code language ids the extension activates on and registers its providers for. */
  languages: readonly string[];
  /** Other editors' (or extensions') language ids read as this format; the VS Code client does not register for them. */
  otherLanguages?: readonly string[];
  /** File names read as this format (tested on the lower-cased name, in table order: `.tf.json` is JSON). */
  fileNames: RegExp;
  /** Graph payloads are typed and checked in documents of `languages` and in files named `fileNames`. */
  payload?: { format: PayloadFormat; fileNames: RegExp };
  /**
   * Read by the least-privilege analysis as a manifest (`json`), for its Graph calls, or for the
   * scopes an app's configuration requests (`.properties`, YAML: Spring's `…graph.scopes`).
   */
  usage?: 'manifest' | 'calls' | 'requests';
}

export const FORMATS: readonly FormatInfo[] = [
  {
    format: 'json',
    languages: ['json', 'jsonc'],
    otherLanguages: ['json5'],
    fileNames: /\.(?:json|jsonc|json5)$/,
    payload: { format: 'json', fileNames: /\.(?:json|jsonc)$/ },
    usage: 'manifest',
  },
  { format: 'bicep', languages: ['bicep'], otherLanguages: ['bicepparam'], fileNames: /\.(?:bicep|bicepparam)$/ },
  { format: 'terraform', languages: ['terraform'], otherLanguages: ['terraform-vars', 'tf', 'hcl'], fileNames: /\.(?:tf|tfvars|hcl)$/ },
  { format: 'powershell', languages: ['powershell'], fileNames: /\.(?:ps1|psm1|psd1)$/, usage: 'calls' },
  {
    format: 'javascript',
    languages: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'],
    fileNames: /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/,
    payload: { format: 'ts', fileNames: /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/ },
    usage: 'calls',
  },
  { format: 'csharp', languages: ['csharp'], fileNames: /\.(?:cs|csx)$/, usage: 'calls' },
  { format: 'python', languages: ['python'], fileNames: /\.py$/, usage: 'calls' },
  { format: 'java', languages: ['java'], fileNames: /\.java$/, usage: 'calls' },
  { format: 'http', languages: ['http'], otherLanguages: ['rest'], fileNames: /\.(?:http|rest)$/, payload: { format: 'http', fileNames: /\.(?:http|rest)$/ }, usage: 'calls' },
  { format: 'yaml', languages: ['yaml'], otherLanguages: ['github-actions-workflow', 'azure-pipelines', 'dockercompose'], fileNames: /\.(?:ya?ml)$/, usage: 'requests' },
  { format: 'markdown', languages: ['markdown'], fileNames: /\.(?:md|markdown|mdx)$/ },
  { format: 'shell', languages: ['shellscript'], fileNames: /\.(?:sh|bash|zsh|azcli)$/ },
  { format: 'plaintext', languages: ['plaintext', 'restructuredtext', 'asciidoc'], fileNames: /\.(?:txt|rst|adoc|asciidoc)$/ },
  { format: 'html', languages: ['html', 'razor', 'aspnetcorerazor'], fileNames: /\.(?:html?|cshtml|razor)$/ },
  { format: 'xml', languages: ['xml'], fileNames: /(?:^|[\\/])(?:web|app)\.config$|\.(?:config|csproj|vbproj|props|targets|xml)$/ },
  { format: 'properties', languages: ['properties', 'ini', 'dotenv'], fileNames: /\.(?:properties|ini|cfg)$|(?:^|[\\/])\.env(?:\.[\w.-]+)?$|\.env$/, usage: 'requests' },
  // Notebooks are read from disk (CLI, workspace view); in the editor their cells have their own languages.
  { format: 'notebook', languages: [], fileNames: /\.ipynb$/ },
];

// Maps: looked up with data (a language id), so `constructor` must not find Object's members.
const BY_LANGUAGE: ReadonlyMap<string, FormatInfo> = new Map(FORMATS.flatMap((f) => [...f.languages, ...(f.otherLanguages ?? [])].map((id) => [id, f] as const)));
const BY_EDITOR_LANGUAGE: ReadonlyMap<string, FormatInfo> = new Map(FORMATS.flatMap((f) => f.languages.map((id) => [id, f] as const)));

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
