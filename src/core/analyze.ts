/**
 * One entry point from a document's text to its resolved references, used by the CLI and the
 * editor alike. Picks the scanner by file name / language id.
 */
import { resolveAll, type ResolvedReference } from './resolve';
import { scanJson } from './scan/json';
import type { ResourceAppMention, ScanResult } from './scan/reference';
import type { PermissionStore } from './store';
import { LineIndex } from './text';

export type DocumentFormat = 'json';

export interface Analysis {
  format: DocumentFormat;
  scan: ScanResult;
  references: ResolvedReference[];
  resourceApps: ResourceAppMention[];
  /** Line index of the analysed text, built on first use. */
  readonly lines: LineIndex;
}

const JSON_FILE = /\.(?:json|jsonc|json5)$/i;

/** The format for a language id (`json`, `jsonc`) or, failing that, a file name. */
export function formatOf(fileNameOrLanguage: string): DocumentFormat | undefined {
  const s = fileNameOrLanguage.toLowerCase();
  if (s === 'json' || s === 'jsonc' || JSON_FILE.test(s)) return 'json';
  return undefined;
}

export function analyzeText(text: string, format: DocumentFormat, store: PermissionStore): Analysis {
  const scan = scanJson(text, store);
  let lines: LineIndex | undefined;
  return {
    format,
    scan,
    references: resolveAll(store, scan.references),
    resourceApps: scan.resourceApps,
    get lines(): LineIndex {
      return (lines ??= new LineIndex(text));
    },
  };
}

/** Heuristic used before scanning a file from disk: NUL bytes in the first 8 KiB mean binary. */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}
