/**
 * CLI command `least-privilege [--format json|markdown] [--metadata SOURCE] [--kind application|delegated]
 * [--default-kind application|delegated] <folder>`: the least-privilege report of one app folder.
 * Exit codes: 0 report written (also when there is no path data: the report says so); 2 usage
 * error; 3 other failure (folder unreadable, metadata failed to load; also after the report when
 * files or folders in it could not be read).
 *
 * No I/O here: the host passes in how the folder is read and the store loaded
 * (src/platform/node/leastPrivilege.ts for the CLI); the analysis is the language service's
 * `leastPrivilege` entry point, as in the editor.
 */
import { createLanguageService, DEFAULT_SETTINGS } from '../service';
import type { PermissionStore } from '../store/store';
import type { PermissionKind } from '../store/storeData';
import { noPathDataMessage, type UsageFile } from './analysis';
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

class UsageError extends Error {}

function parseKind(v: string): PermissionKind {
  const k = v.toLowerCase();
  if (k === 'application' || k === 'app') return 'Application';
  if (k === 'delegated') return 'Delegated';
  throw new UsageError(`--kind must be application or delegated, not '${v}'`);
}

/** What the command needs of its host. */
export interface LeastPrivilegeHost {
  out: (s: string) => void;
  err: (s: string) => void;
  /** What the path is: a folder, something else, or nothing readable. */
  pathKind(path: string): 'folder' | 'other' | 'missing';
  /**
   * The usage files of a folder and every file path in it (relative, with `/`); why the folder
   * could not be read (`rootError`), and how many files or folders in it could not be.
   */
  readRepository(folder: string): { files: UsageFile[]; allPaths: string[]; rootError?: string; unreadable?: number };
  /** The bundled store, or the bundled store with the upstream files of `metadata` merged over it. Throws with a readable message. */
  loadStore(metadata: string | undefined): Promise<PermissionStore>;
}

export async function runLeastPrivilege(args: string[], host: LeastPrivilegeHost): Promise<number> {
  const { out, err } = host;
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
    const what = host.pathKind(folder);
    if (what === 'missing') {
      err(`graph-permission-lens: no such folder: ${folder}\n`);
      return 3;
    }
    if (what !== 'folder') {
      err(`graph-permission-lens: not a folder: ${folder}\n`);
      return 3;
    }
    const store = await host.loadStore(metadata);
    if (!store.loadPathData()) err(`graph-permission-lens: ${noPathDataMessage(store)}\n`);
    const { files, allPaths, rootError, unreadable = 0 } = host.readRepository(folder);
    if (rootError) {
      err(`graph-permission-lens: cannot read the folder ${folder}: ${rootError}\n`);
      return 3;
    }
    const service = createLanguageService({ store: () => store });
    const settings = { ...DEFAULT_SETTINGS, leastPrivilege: { defaultKind: defaultKind ?? DEFAULT_SETTINGS.leastPrivilege.defaultKind, apps: {}, excludeManifests } };
    const docs = files.map((f) => ({ uri: `${folder.replace(/[\\/]+$/, '')}/${f.path}`, version: 1, path: f.path, text: f.text }));
    const runs = service.leastPrivilege({ name: folder, files: docs, allPaths }, settings, { kind }).apps;
    const reports = runs.flatMap((r) => (r.report ? [r.report] : []));
    const off = runs.filter((r) => !r.report).map((r) => ({ app: r.group.name, excluded: r.group.excluded }));
    if (format === 'json') out(JSON.stringify({ ...reportJson(reports), ...(off.length ? { disabled: off } : {}) }, null, 2) + '\n');
    else out([reportMarkdown(reports), ...off.map((o) => disabledAppMarkdown(o.app, o.excluded))].join('\n') + '\n');
    if (unreadable) {
      // Fail closed, as scan does: the report leaves out what could not be read.
      err(`graph-permission-lens: ${unreadable} ${unreadable === 1 ? 'file or folder' : 'files or folders'} in ${folder} could not be read: the report leaves ${unreadable === 1 ? 'it' : 'them'} out\n`);
      return 3;
    }
    return 0;
  } catch (e) {
    err(`graph-permission-lens: ${(e as Error).message}\n`);
    return 3;
  }
}
