/**
 * Folder walking for the Node hosts, with the one skip list of core/skipFolders.ts: the files of an
 * app folder or repository that least privilege reads (`readRepository`), and the files `scan`
 * reads (`collectScanFiles`: symbolic links followed once, unreadable paths reported).
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatOf } from '../../core/analyze';
import { isSkippedFolder } from '../../core/skipFolders';
import type { UsageFile } from '../../core/leastPrivilege/analysis';
import { toUsageFile, usageFormatOf } from '../../core/leastPrivilege/files';

const MAX_FILE = 5 * 1024 * 1024;
const MAX_FILES = 20000;

/** Reads the files of an app folder that may hold calls or manifests, relative paths with `/`. */
export function readAppFolder(folder: string): UsageFile[] {
  return readRepository(folder).files;
}

export interface ReadRepositoryOptions {
  /** Relative paths (`/`) of files and folders to leave out (the editor's `files.exclude` / `search.exclude`). */
  exclude?: (relPath: string) => boolean;
  /** Larger files are skipped (default 5 MiB). */
  maxBytes?: number;
}

export interface RepositoryFiles {
  files: UsageFile[];
  /** Every file path in the folder (project files decide app boundaries). */
  allPaths: string[];
  /** Usage files skipped as binary or oversized. */
  skipped: number;
  /** Why the folder itself could not be read (missing, not a folder, no permission): nothing was read. */
  rootError?: string;
  /** Folders and usage files below it that could not be read (left out). */
  unreadable: number;
}

/** A file system error as a short reason. */
export function readErrorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' ? 'not a folder' : (e as Error).message;
}

/** The usage files of a folder, every file path in it, and what could not be read or was skipped. */
export function readRepository(folder: string, opts: ReadRepositoryOptions = {}): RepositoryFiles {
  const files: UsageFile[] = [];
  const allPaths: string[] = [];
  const maxBytes = opts.maxBytes ?? MAX_FILE;
  const exclude = opts.exclude;
  let skipped = 0;
  let unreadable = 0;
  let rootError: string | undefined;
  const visit = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch (e) {
      if (dir === folder) rootError = readErrorText(e);
      else unreadable++;
      return;
    }
    for (const e of entries) {
      if (files.length >= MAX_FILES) return;
      const p = path.join(dir, e.name);
      const rel = path.relative(folder, p).split(path.sep).join('/');
      if (exclude?.(rel)) continue;
      if (e.isDirectory()) {
        if (!isSkippedFolder(e.name)) visit(p);
        continue;
      }
      if (!e.isFile()) continue;
      if (allPaths.length < MAX_FILES * 5) allPaths.push(rel);
      const format = usageFormatOf(e.name);
      if (!format) continue;
      try {
        if (fs.statSync(p).size > maxBytes) {
          skipped++;
          continue;
        }
        // Decoded as the editor's reader does (core's toUsageFile: a UTF-8 BOM is not part of the text, as in VS Code's documents).
        const file = toUsageFile(rel, fs.readFileSync(p), maxBytes);
        if (typeof file === 'string') {
          skipped++;
          continue;
        }
        files.push(file);
      } catch {
        unreadable++;
      }
    }
  };
  visit(folder);
  return { files, allPaths, skipped, unreadable, ...(rootError ? { rootError } : {}) };
}

/** A path `collectScanFiles` could not read, and why. */
export interface WalkError {
  path: string;
  error: string;
}

/**
 * The files `scan` reads under its arguments: every file in a format it reads (by extension) in
 * the folders, each named file whatever its extension, folders of the skip list left out unless
 * named; symbolic links followed once (real paths remembered: links may form loops). A FIFO,
 * socket or device named on the command line is reported, not read (it could block).
 */
export function collectScanFiles(inputs: readonly string[], errors: WalkError[]): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const visit = (p: string, explicit: boolean): void => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      errors.push({ path: p, error: readErrorText(e) });
      return;
    }
    if (st.isDirectory()) {
      if (!explicit && isSkippedFolder(path.basename(p))) return;
      let real: string;
      try {
        real = fs.realpathSync(p);
      } catch {
        return;
      }
      if (seen.has(real)) return;
      seen.add(real);
      let entries: string[];
      try {
        entries = fs.readdirSync(p).sort();
      } catch (e) {
        errors.push({ path: p, error: (e as Error).message });
        return;
      }
      for (const e of entries) visit(path.join(p, e), false);
    } else if (st.isFile()) {
      if (explicit || formatOf(p)) files.push(p);
    } else if (explicit) {
      const what = st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file';
      errors.push({ path: p, error: `${what}, not a file or folder: not read` });
    }
  };
  for (const i of inputs) visit(i, true);
  return files;
}
