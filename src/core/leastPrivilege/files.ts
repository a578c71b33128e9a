/**
 * Which files of an app folder the least-privilege analysis reads (shared by the CLI's folder walk
 * and the editor's workspace scan): the formats that hold Graph calls or manifests, and the folders
 * that only hold dependencies or build output.
 */
import { formatOf, looksBinary, type DocumentFormat } from '../analyze';
import { USAGE_FORMATS } from '../formats';
import type { UsageFile } from './analysis';

/** Formats read for least privilege: manifests (JSON) and code with Graph calls (the format registry's). */
export { USAGE_FORMATS };

/** Folders never read, and the same as one glob: the one list of core/skipFolders.ts. */
export { SKIP_FOLDERS as USAGE_SKIP_DIRS, SKIP_FOLDERS_GLOB as USAGE_SKIP_GLOB } from '../skipFolders';

/** The usage format of a file name, when the analysis reads it. */
export function usageFormatOf(fileName: string): DocumentFormat | undefined {
  const f = formatOf(fileName.split(/[\\/]/).pop() ?? fileName);
  return f && USAGE_FORMATS.includes(f) ? f : undefined;
}

/**
 * A file's content as a UsageFile, or why it is skipped (not a usage format, larger than
 * `maxBytes`, binary). The one decoding of the files least privilege reads (the editor's scan and
 * the Node folder walk): UTF-8 without a leading BOM, the text VS Code's documents hold, so offsets
 * and fixes match the editor's.
 */
export function toUsageFile(relPath: string, bytes: Uint8Array, maxBytes: number): UsageFile | 'unsupported' | 'oversized' | 'binary' {
  const format = usageFormatOf(relPath);
  if (!format) return 'unsupported';
  if (bytes.length > maxBytes) return 'oversized';
  if (looksBinary(bytes)) return 'binary';
  return { path: relPath, text: new TextDecoder('utf-8').decode(bytes), format };
}
