/**
 * The one list of folders that no walk reads: dependencies, version control, build output and
 * virtual environments. Used by the CLI's `scan` and `least-privilege` (src/platform/node/walk.ts)
 * and, as a glob, by the editor's workspace inventory and least-privilege scan.
 */
export const SKIP_FOLDERS: readonly string[] = ['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.e2e', '.cache', 'bin', 'obj', '.venv', 'venv', '__pycache__'];

const SKIPPED = new Set(SKIP_FOLDERS);

/** Whether a folder of this name is skipped (unless named explicitly on a command line). */
export function isSkippedFolder(name: string): boolean {
  return SKIPPED.has(name);
}

/** The same folders as one glob (`**\/{node_modules,…}/**`), for file searches. */
export const SKIP_FOLDERS_GLOB = `**/{${SKIP_FOLDERS.join(',')}}/**`;
