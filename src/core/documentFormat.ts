/**
 * The formats the analysis reads (one scanner each; see analyze.ts for how a file or language id
 * maps to one). A leaf module, so that scanners and the least-privilege reader can name a format
 * without importing the analysis that imports them.
 */
export type DocumentFormat =
  | 'json'
  | 'bicep'
  | 'terraform'
  | 'powershell'
  | 'javascript'
  | 'csharp'
  | 'python'
  | 'java'
  | 'http'
  | 'yaml'
  | 'markdown'
  | 'shell'
  | 'plaintext'
  | 'html'
  | 'xml'
  | 'properties'
  | 'notebook';

export const DOCUMENT_FORMATS: readonly DocumentFormat[] = [
  'json',
  'bicep',
  'terraform',
  'powershell',
  'javascript',
  'csharp',
  'python',
  'java',
  'http',
  'yaml',
  'markdown',
  'shell',
  'plaintext',
  'html',
  'xml',
  'properties',
  'notebook',
];

/** The formats whose Graph payloads are read (JSON bodies, `.http` requests, TypeScript objects). */
export type PayloadFormat = 'json' | 'http' | 'ts';
