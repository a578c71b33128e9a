/**
 * CLI command `least-privilege [--format json|markdown] [--metadata SOURCE] [--kind application|delegated]
 * [--default-kind application|delegated] <folder>`: the least-privilege report of one app folder.
 * Exit codes: 0 report written (also when there is no path data: the report says so); 2 usage
 * error; 3 other failure (folder unreadable, metadata failed to load).
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatOf, looksBinary } from '../analyze';
import { loadPermissionStore } from '../loadStore';
import type { PermissionStore } from '../store';
import type { PermissionKind } from '../storeData';
import { loadStoreWithMetadata, type UpstreamLimits } from '../upstream';
import { analyzeApps } from './collect';
import { USAGE_FORMATS } from './files';
import { noPathDataMessage, type UsageFile } from './leastPrivilege';
import { disabledAppMarkdown, reportJson, reportMarkdown } from './report';

export const LEAST_PRIVILEGE_USAGE = `  least-privilege [--format json|markdown] [--metadata SOURCE]
                  [--kind application|delegated] [--default-kind application|delegated]
                  [--exclude-manifest GLOB]... <folder>
         compare the permissions each app's manifests request with the Microsoft Graph
         calls its code makes (needs upstream path data: --metadata). The folder may be
         a repository root: each manifest with the code of its project folder (the
         nearest folder with package.json, *.csproj, pyproject.toml, go.mod, … or the
         manifest's folder) is one app, reported on its own. --kind forces the permission
         kind of every call; --default-kind is used where the code does not show how it
         authenticates (default delegated); --exclude-manifest turns least privilege off
         for matching manifests (relative globs)`;

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.e2e', '.cache', 'bin', 'obj', '.venv', 'venv', '__pycache__']);
const MAX_FILE = 5 * 1024 * 1024;
const MAX_FILES = 20000;

class UsageError extends Error {}

function parseKind(v: string): PermissionKind {
  const k = v.toLowerCase();
  if (k === 'application' || k === 'app') return 'Application';
  if (k === 'delegated') return 'Delegated';
  throw new UsageError(`--kind must be application or delegated, not '${v}'`);
}

/** Reads the files of an app folder that may hold calls or manifests, relative paths with `/`. */
export function readAppFolder(folder: string): UsageFile[] {
  return readRepository(folder).files;
}

/** The usage files of a folder, and every file path in it (project files decide app boundaries). */
export function readRepository(folder: string): { files: UsageFile[]; allPaths: string[] } {
  const files: UsageFile[] = [];
  const allPaths: string[] = [];
  const visit = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return;
    }
    for (const e of entries) {
      if (files.length >= MAX_FILES) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) visit(p);
        continue;
      }
      if (!e.isFile()) continue;
      if (allPaths.length < MAX_FILES * 5) allPaths.push(path.relative(folder, p).split(path.sep).join('/'));
      const format = formatOf(e.name);
      if (!format || !USAGE_FORMATS.includes(format)) continue;
      try {
        if (fs.statSync(p).size > MAX_FILE) continue;
        const buf = fs.readFileSync(p);
        if (looksBinary(buf)) continue;
        files.push({ path: path.relative(folder, p).split(path.sep).join('/'), text: buf.toString('utf8'), format });
      } catch {
        // unreadable file: skip
      }
    }
  };
  visit(folder);
  return { files, allPaths };
}

export interface LeastPrivilegeIo {
  out?: (s: string) => void;
  err?: (s: string) => void;
  /** For tests: importer limits (small fixture metadata). */
  limits?: Partial<UpstreamLimits>;
}

export async function runLeastPrivilege(args: string[], dataDir: string, io: LeastPrivilegeIo = {}): Promise<number> {
  const out = io.out ?? ((s: string) => void process.stdout.write(s));
  const err = io.err ?? ((s: string) => void process.stderr.write(s));
  let format: 'json' | 'markdown' = 'markdown';
  let metadata: string | undefined;
  let kind: PermissionKind | undefined;
  let defaultKind: PermissionKind | undefined;
  const excludeManifests: string[] = [];
  const rest: string[] = [];
  try {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const eq = a.indexOf('=');
      const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
      const value = (): string => {
        if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
        const v = args[++i];
        if (v === undefined) throw new UsageError(`${flag} needs a value`);
        return v;
      };
      if (flag === '--format') {
        const v = value();
        if (v !== 'json' && v !== 'markdown' && v !== 'md') throw new UsageError(`--format must be json or markdown, not '${v}'`);
        format = v === 'json' ? 'json' : 'markdown';
      } else if (flag === '--metadata') metadata = value();
      else if (flag === '--kind') kind = parseKind(value());
      else if (flag === '--default-kind') defaultKind = parseKind(value());
      else if (flag === '--exclude-manifest') excludeManifests.push(value());
      else if (flag.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
      else rest.push(a);
    }
    if (rest.length !== 1) throw new UsageError('least-privilege needs exactly one folder (the app)');
  } catch (e) {
    if (e instanceof UsageError) {
      err(`graph-permission-lens: ${e.message} (see --help)\n`);
      return 2;
    }
    throw e;
  }
  try {
    const folder = rest[0];
    let st: fs.Stats;
    try {
      st = fs.statSync(folder);
    } catch {
      err(`graph-permission-lens: no such folder: ${folder}\n`);
      return 3;
    }
    if (!st.isDirectory()) {
      err(`graph-permission-lens: not a folder: ${folder}\n`);
      return 3;
    }
    const store: PermissionStore = metadata ? await loadStoreWithMetadata(dataDir, metadata, { cwd: process.cwd(), limits: io.limits }) : loadPermissionStore(dataDir);
    if (!store.loadPathData()) err(`graph-permission-lens: ${noPathDataMessage(store)}\n`);
    const { files, allPaths } = readRepository(folder);
    const runs = analyzeApps(folder, files, allPaths, store, { kind, defaultKind, excludeManifests });
    const reports = runs.flatMap((r) => (r.report ? [r.report] : []));
    const off = runs.filter((r) => !r.report).map((r) => ({ app: r.group.name, excluded: r.group.excluded }));
    if (format === 'json') out(JSON.stringify({ ...reportJson(reports), ...(off.length ? { disabled: off } : {}) }, null, 2) + '\n');
    else out([reportMarkdown(reports), ...off.map((o) => disabledAppMarkdown(o.app, o.excluded))].join('\n') + '\n');
    return 0;
  } catch (e) {
    err(`graph-permission-lens: ${(e as Error).message}\n`);
    return 3;
  }
}
