/**
 * App boundaries for least privilege: which code belongs to which manifest. One workspace folder
 * or repository often holds several apps (a samples repository, a monorepo, an admin script beside
 * an app); comparing every manifest with every call floods them with findings that belong to
 * another app. Pure: the host lists the paths and says which files are manifests.
 *
 * - An app is a manifest together with the code of its project: the nearest folder (the manifest's
 *   own, or an ancestor) holding a project file (`package.json`, `*.csproj`, `pyproject.toml`,
 *   `requirements.txt`, `pom.xml`, `build.gradle`, `go.mod`, `teamsapp.yml`, …), else the
 *   manifest's own folder and below. Manifests with the same root form one app.
 * - A code file belongs to the app with the deepest root above it, unless a project folder without
 *   a manifest lies between them (that code is another project: listed, never compared). Code never
 *   affects another app's manifest.
 * - Scripts (PowerShell, shell) count only for the app whose root is their own project folder (or,
 *   outside any project, their own folder): an admin script elsewhere does not make every manifest
 *   "need" what it calls.
 * - `graphPermissionLens.leastPrivilege.apps` (manifest glob → code globs) maps apps explicitly;
 *   `graphPermissionLens.leastPrivilege.excludeManifests` turns least privilege off per manifest.
 * - A folder without any manifest is one group of code (the needed permissions are still listed).
 */
import type { DocumentFormat } from '../analyze';
import { globMatcher } from '../text/glob';

/** File names that make their folder a project folder. */
const PROJECT_FILES = new Set([
  'package.json',
  'pyproject.toml',
  'requirements.txt',
  'setup.py',
  'pipfile',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'go.mod',
  'cargo.toml',
  'teamsapp.yml',
  'teamsapp.yaml',
  'm365agents.yml',
  'host.json',
]);
const PROJECT_EXTENSIONS = /\.(csproj|fsproj|vbproj)$/i;

/** True for a file whose presence makes its folder a project folder. */
export function isProjectFile(relPath: string): boolean {
  const base = relPath.split('/').pop() ?? relPath;
  return PROJECT_FILES.has(base.toLowerCase()) || PROJECT_EXTENSIONS.test(base);
}

/** Formats that are scripts (run by an admin, not part of an app's code). */
const SCRIPT_FORMATS: readonly DocumentFormat[] = ['powershell'];
const SCRIPT_NAMES = /\.(ps1|psm1|sh|bash|zsh)$/i;

export interface AppInputFile {
  /** `/`-separated, relative to the workspace folder or repository root. */
  path: string;
  format?: DocumentFormat;
  /** A manifest (the least-privilege analysis compares it with code). */
  manifest: boolean;
}

export interface AppOptions {
  /** Manifest glob → code globs (relative paths), from `graphPermissionLens.leastPrivilege.apps`. */
  apps?: Readonly<Record<string, readonly string[]>>;
  /** Manifests whose least privilege is off (globs), from `graphPermissionLens.leastPrivilege.excludeManifests`. */
  excludeManifests?: readonly string[];
}

export type AppOrigin = 'project' | 'manifest-folder' | 'setting' | 'no-manifest' | 'no-app';

export interface AppGroup {
  /** Folder of the app (`''` = the root), or the setting's manifest glob for explicit apps. */
  root: string;
  /** A short name for the report: the root folder's name, `(root)`, or the glob. */
  name: string;
  /** How the boundary was found, for the report. */
  origin: AppOrigin;
  /** The project file that decided the root, when one did. */
  projectFile?: string;
  manifests: string[];
  code: string[];
  /** Manifests of this app whose least privilege is off (not compared). */
  excluded: string[];
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** `a/b/c` → ['a/b/c', 'a/b', 'a', '']. */
function ancestors(dir: string): string[] {
  const out = [dir];
  for (let d = dir; d; ) {
    d = dirOf(d);
    out.push(d);
  }
  return out;
}

function nameOf(root: string): string {
  return root ? root : '(root)';
}

function isScript(f: AppInputFile): boolean {
  return (f.format !== undefined && SCRIPT_FORMATS.includes(f.format)) || SCRIPT_NAMES.test(f.path);
}

/**
 * Groups the files of one folder into apps. `allPaths` lists every file path (project files
 * included, which are not usage files); `files` are the manifests and code the analysis reads.
 * Linear in the number of paths times the folder depth.
 */
export function groupIntoApps(files: readonly AppInputFile[], allPaths: readonly string[], opts: AppOptions = {}): AppGroup[] {
  const projectDirs = new Map<string, string>();
  for (const p of allPaths) if (isProjectFile(p) && !projectDirs.has(dirOf(p))) projectDirs.set(dirOf(p), p);
  const isExcluded = globMatcher(opts.excludeManifests ?? []);
  const groups: AppGroup[] = [];
  const claimed = new Set<string>();

  // 1. Explicit apps from the setting: their manifests and code are taken first.
  for (const [manifestGlob, codeGlobs] of Object.entries(opts.apps ?? {})) {
    if (!manifestGlob.trim()) continue;
    const isManifest = globMatcher(manifestGlob);
    const isCode = globMatcher(Array.isArray(codeGlobs) ? codeGlobs.filter((g): g is string => typeof g === 'string') : []);
    const g: AppGroup = { root: manifestGlob, name: manifestGlob, origin: 'setting', manifests: [], code: [], excluded: [] };
    for (const f of files) {
      if (claimed.has(f.path)) continue;
      if (f.manifest && isManifest(f.path)) (isExcluded(f.path) ? g.excluded : g.manifests).push(f.path);
      else if (!f.manifest && isCode(f.path)) g.code.push(f.path);
      else continue;
      claimed.add(f.path);
    }
    if (g.manifests.length || g.excluded.length) groups.push(g);
    else for (const c of g.code) claimed.delete(c); // a mapping whose manifest is absent claims nothing
  }

  // 2. One app per root folder of the other manifests.
  const byRoot = new Map<string, AppGroup>();
  for (const f of files) {
    if (!f.manifest || claimed.has(f.path)) continue;
    const dir = dirOf(f.path);
    const projectRoot = ancestors(dir).find((d) => projectDirs.has(d));
    const root = projectRoot ?? dir;
    let g = byRoot.get(root);
    if (!g) {
      g = {
        root,
        name: nameOf(root),
        origin: projectRoot !== undefined ? 'project' : 'manifest-folder',
        ...(projectRoot !== undefined ? { projectFile: projectDirs.get(projectRoot) } : {}),
        manifests: [],
        code: [],
        excluded: [],
      };
      byRoot.set(root, g);
    }
    (isExcluded(f.path) ? g.excluded : g.manifests).push(f.path);
    claimed.add(f.path);
  }

  // 3. Code to the app of the deepest root above it, unless another project lies in between.
  const noManifest = byRoot.size === 0 && groups.length === 0;
  const others = new Map<string, AppGroup>();
  for (const f of files) {
    if (f.manifest || claimed.has(f.path)) continue;
    const dir = dirOf(f.path);
    const chain = ancestors(dir);
    const ownProject = chain.find((d) => projectDirs.has(d));
    let app: AppGroup | undefined;
    for (const d of chain) {
      const g = byRoot.get(d);
      if (g) {
        app = g;
        break;
      }
      if (projectDirs.has(d)) break; // a project without a manifest: not this app's code
    }
    if (app && isScript(f) && (ownProject ?? dir) !== app.root) app = undefined;
    if (!app) {
      const key = noManifest ? '' : (ownProject ?? dir);
      app = others.get(key);
      if (!app) {
        app = { root: key, name: nameOf(key), origin: noManifest ? 'no-manifest' : 'no-app', manifests: [], code: [], excluded: [] };
        if (ownProject !== undefined && !noManifest) app.projectFile = projectDirs.get(ownProject);
        others.set(key, app);
      }
    }
    app.code.push(f.path);
  }
  const sorted = [...byRoot.values()].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  const rest = [...others.values()].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  return [...groups, ...sorted, ...rest];
}

/** Why an app's boundary is what it is, one phrase for the report. */
export function describeOrigin(g: AppGroup): string {
  switch (g.origin) {
    case 'setting':
      return 'mapped by the graphPermissionLens.leastPrivilege.apps setting';
    case 'project':
      return `project folder of ${g.projectFile ?? 'a project file'}`;
    case 'manifest-folder':
      return 'no project file found: the manifest\'s folder and below';
    case 'no-manifest':
      return 'no manifest found: the whole folder as one app (needed permissions only)';
    case 'no-app':
      return 'code outside every app (no manifest in its project): its calls are listed but compared with no manifest';
  }
}
