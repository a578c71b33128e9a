/**
 * The files least privilege reads from a workspace folder through `workspace.fs` — any file system
 * the editor has (disk, a remote repository opened without a clone, any `FileSystemProvider`): the
 * browser entry's in-host least privilege (./leastPrivilege.ts) and, on the desktop, the client's
 * answer to the language server's `ReadFolderRequest` for a folder that is not on disk
 * (./leastPrivilegeClient.ts) both gather with `FolderReader`.
 *
 * The folder is walked with `readDirectory` (not `findFiles`, which needs a search provider a plain
 * file system provider does not have); files and folders `files.exclude` / `search.exclude` leave
 * out are not read, nor the dependency and build folders of the one skip list, nor files over the
 * size limit or binary ones (counted as skipped); open editors' text comes first. Unchanged files
 * (same mtime, size, path and limit) are not read again (a bounded cache).
 */
import * as vscode from 'vscode';
import { excludeGlob } from '../core/explorer/inventory';
import type { LeastPrivilegeFile } from '../core/service';
import { toUsageFile, usageFormatOf } from '../core/leastPrivilege/files';
import { isSkippedFolder } from '../core/skipFolders';
import { globMatcher } from '../core/text/glob';
import { yieldSlice } from './webPlatform';

const MAX_FILES = 20000;
/** At most this much file content is kept between runs (unchanged files are then not read again). */
const CACHE_BYTES = 32 * 1024 * 1024;

/** A folder's files as least privilege reads them. */
export interface GatheredFolder {
  /** The usage files (manifests and code), open editors' text first. */
  files: LeastPrivilegeFile[];
  /** Every file path in the folder, relative with `/` (project files decide app boundaries). */
  allPaths: string[];
  /** Usage files skipped as binary or oversized. */
  skipped: number;
}

/** A file read, kept while unchanged (same mtime, size, path and limit). */
interface CachedFile {
  mtime: number;
  size: number;
  maxBytes: number;
  rel: string;
  /** The document handed on (its version changes only when the file is read again), or why it is skipped. */
  file: LeastPrivilegeFile | 'unsupported' | 'oversized' | 'binary';
}

/** What `files.exclude` and `search.exclude` leave out of a folder, with the skip list's folders (relative paths of files and folders). */
export function folderExcludes(folder: vscode.Uri): (relPath: string) => boolean {
  const files = vscode.workspace.getConfiguration('files', folder).get<Record<string, unknown>>('exclude');
  const search = vscode.workspace.getConfiguration('search', folder).get<Record<string, unknown>>('exclude');
  const glob = excludeGlob(files, search);
  return glob ? globMatcher(glob) : () => false;
}

export class FolderReader {
  private readonly cache = new Map<string, CachedFile>();
  private cachedBytes = 0;
  /** Versions of the documents read (a file read again is a new version). */
  private version = 0;

  constructor(private readonly warn: (message: string) => void) {}

  /**
   * Reads a folder's manifests and code (open editors' text first); stops early (partial result)
   * once `token` is cancelled. Rejects when the folder itself cannot be read.
   */
  async read(folder: vscode.Uri, maxBytes: number, token?: { readonly isCancellationRequested: boolean }): Promise<GatheredFolder> {
    const excluded = folderExcludes(folder);
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    const out: GatheredFolder = { files: [], allPaths: [], skipped: 0 };
    let steps = 0;
    const breathe = async (): Promise<void> => {
      if (++steps % 25 === 0) await yieldSlice(); // let the extension host breathe
    };
    const visit = async (dir: vscode.Uri, relDir: string): Promise<void> => {
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch (e) {
        // The folder itself: fail closed (the caller says the folder was not read); a subfolder: said, and the rest read.
        if (!relDir) throw new Error(`could not read the folder ${dir.toString(true)}: ${(e as Error).message}`, { cause: e });
        this.warn(`Least privilege: could not read the folder ${dir.toString(true)}: ${(e as Error).message}`);
        return;
      }
      for (const [name, type] of entries.sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        if (token?.isCancellationRequested || out.allPaths.length >= MAX_FILES) return;
        const rel = relDir ? `${relDir}/${name}` : name;
        if (excluded(rel)) continue;
        const uri = vscode.Uri.joinPath(dir, name);
        if (type & vscode.FileType.Directory) {
          // Symbolic links to folders are not followed (they may form loops).
          if (!(type & vscode.FileType.SymbolicLink) && !isSkippedFolder(name)) await visit(uri, rel);
          continue;
        }
        if (!(type & vscode.FileType.File)) continue;
        out.allPaths.push(rel);
        if (!usageFormatOf(name)) continue;
        const file = await this.file(uri, rel, maxBytes, open.get(uri.toString()));
        if (file === undefined) continue;
        if (typeof file === 'string') out.skipped++;
        else out.files.push(file);
        await breathe();
      }
    };
    await visit(folder, '');
    return out;
  }

  private async file(uri: vscode.Uri, rel: string, maxBytes: number, open: vscode.TextDocument | undefined): Promise<CachedFile['file'] | undefined> {
    const key = uri.toString();
    try {
      if (open) {
        // The editor's version: the service shares its parse with the other features.
        const text = open.getText();
        return text.length > maxBytes ? 'oversized' : { uri: key, version: open.version, path: rel, text };
      }
      const stat = await vscode.workspace.fs.stat(uri);
      const hit = this.cache.get(key);
      if (hit && hit.mtime === stat.mtime && hit.size === stat.size && hit.maxBytes === maxBytes && hit.rel === rel) return hit.file;
      const read = stat.size > maxBytes ? 'oversized' : toUsageFile(rel, await vscode.workspace.fs.readFile(uri), maxBytes);
      const file: CachedFile['file'] = typeof read === 'string' ? read : { uri: key, version: ++this.version, path: rel, text: read.text };
      const prev = this.cache.get(key);
      if (prev) this.cachedBytes -= prev.size;
      if (this.cachedBytes + stat.size <= CACHE_BYTES) {
        this.cache.set(key, { mtime: stat.mtime, size: stat.size, maxBytes, rel, file });
        this.cachedBytes += stat.size;
      } else this.cache.delete(key);
      return file;
    } catch (e) {
      // Gone meanwhile: nothing to read; anything else is said.
      if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) this.warn(`Least privilege: could not read ${uri.toString(true)}: ${(e as Error).message}`);
      return undefined;
    }
  }

  clear(): void {
    this.cache.clear();
    this.cachedBytes = 0;
  }
}
