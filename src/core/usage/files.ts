/**
 * Which files of an app folder the least-privilege analysis reads (shared by the CLI's folder walk
 * and the editor's workspace scan): the formats that hold Graph calls or manifests, and the folders
 * that only hold dependencies or build output.
 */
import { formatOf, looksBinary, type DocumentFormat } from '../analyze';
import { USAGE_FORMATS } from '../formats';
import type { UsageFile } from './leastPrivilege';

/** Formats read for least privilege: manifests (JSON) and code with Graph calls (the format registry's). */
export { USAGE_FORMATS };

/** Folders never read (dependencies, VCS, build output, virtual environments). */
export const USAGE_SKIP_DIRS: readonly string[] = ['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.e2e', '.cache', 'bin', 'obj', '.venv', 'venv', '__pycache__'];

/** The same folders as one glob (`**\/{node_modules,…}/**`), for file searches. */
export const USAGE_SKIP_GLOB = `**/{${USAGE_SKIP_DIRS.join(',')}}/**`;

/** The usage format of a file name, when the analysis reads it. */
export function usageFormatOf(fileName: string): DocumentFormat | undefined {
  const f = formatOf(fileName.split(/[\\/]/).pop() ?? fileName);
  return f && USAGE_FORMATS.includes(f) ? f : undefined;
}

/**
 * A file's content as a UsageFile, or why it is skipped (not a usage format, larger than
 * `maxBytes`, binary).
 */
export function toUsageFile(relPath: string, bytes: Uint8Array, maxBytes: number): UsageFile | 'unsupported' | 'oversized' | 'binary' {
  const format = usageFormatOf(relPath);
  if (!format) return 'unsupported';
  if (bytes.length > maxBytes) return 'oversized';
  if (looksBinary(bytes)) return 'binary';
  return { path: relPath, text: new TextDecoder('utf-8').decode(bytes), format };
}
