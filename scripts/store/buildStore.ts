/**
 * Generates the bundled metadata store in `data/` from pinned npm packages and one snapshot of
 * Microsoft's open permission data (microsoft-graph-devx-content), and nothing else.
 *
 *   npm run store:build -- --upstream <folder | URL> [--upstream-commit "<sha> <date>"] [--out DIR]
 *
 * writes data/permissions.json, data/paths.json and data/resources.json. `--upstream` is a folder
 * holding `permissions.json` + `provisioningInfo.json` (or the `devx-` prefixed names, or the
 * repository layout `permissions/new/…`) and `devx-commit.txt` (`<sha> <date>`), or the base URL of
 * the repository at a commit, with `--upstream-commit`.
 *
 * From the upstream files only FACTS are bundled: names, GUIDs, kinds, admin consent, privilege
 * levels, hidden/enabled, and the pathSets (methods, paths, `least=` and `AlsoRequires=`). Their
 * sentences (display texts, descriptions) are never written: those come from @microsoft/teamsfx-core
 * where it has the permission, else the extension says they come with Update Metadata.
 *
 * Each npm package is fetched as a tarball with `npm pack` (no dependency tree is installed) into
 * `.cache/store-sources/`, and only the one file needed is read from it. Dates come from the
 * registry's publish time of the pinned versions and the upstream commit's date, so two runs
 * produce identical bytes.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar';
import { PATHS_FORMAT, STORE_FORMAT } from '../../src/core/store/storeData';
import type { PathsStoreFile, PermissionStoreFile, Provenance, ResourceAppData, ResourceStoreFile, SourceInfo } from '../../src/core/store/storeData';
import { resourceAppsFromServicePrincipals } from './permissionsSource';
import { extractGraphTypes } from './graphTypes';
import { bundleUpstreamFacts, type UpstreamSnapshot } from './upstreamFacts';
import { fetchUpstreamFiles } from '../../src/core/upstream/source';
import { nodeUpstreamIo } from '../../src/platform/node/download';

export const SOURCES = {
  permissions: {
    package: '@microsoft/teamsfx-core',
    version: '3.1.3',
    file: 'build/component/driver/aad/permissions/permissions.json',
    license: 'MIT',
  },
  types: {
    package: '@microsoft/microsoft-graph-types',
    version: '2.43.1',
    file: 'microsoft-graph.d.ts',
    license: 'MIT',
  },
} as const;

const GENERATOR = 'scripts/store/buildStore.ts';
const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Fetched {
  text: string;
  published?: string;
}

function npm(args: string[], cwd: string): string {
  const cmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
}

/** Fetches (or reuses) the tarball of `pkg@version` and returns one file of it plus the publish date. */
export function fetchSource(src: { package: string; version: string; file: string }, cacheDir: string): Fetched {
  fs.mkdirSync(cacheDir, { recursive: true });
  const tgzName = `${src.package.replace(/^@/, '').replace('/', '-')}-${src.version}.tgz`;
  const tgz = path.join(cacheDir, tgzName);
  if (!fs.existsSync(tgz)) {
    npm(['pack', `${src.package}@${src.version}`, '--pack-destination', cacheDir, '--silent'], cacheDir);
  }
  const datesFile = path.join(cacheDir, `${tgzName}.published`);
  let published: string | undefined;
  if (fs.existsSync(datesFile)) {
    published = fs.readFileSync(datesFile, 'utf8').trim();
  } else {
    const times = JSON.parse(npm(['view', `${src.package}@${src.version}`, 'time', '--json'], cacheDir)) as Record<string, string>;
    const t = times[src.version];
    if (t) {
      published = t.slice(0, 10);
      fs.writeFileSync(datesFile, published + '\n');
    }
  }
  const buf = readTarEntry(tgz, `package/${src.file}`);
  if (!buf) throw new Error(`${src.file} not found in ${src.package}@${src.version}`);
  return { text: buf.toString('utf8'), published };
}

/** Reads one file from a .tgz with node-tar, without extracting anything to disk. */
function readTarEntry(tgz: string, entryPath: string): Buffer | undefined {
  const chunks: Buffer[] = [];
  let found = false;
  tar.t({
    file: tgz,
    sync: true,
    filter: (p) => p === entryPath,
    onReadEntry: (entry) => {
      found = true;
      entry.on('data', (c: Buffer) => chunks.push(c));
    },
  });
  return found ? Buffer.concat(chunks) : undefined;
}

function provenance(sources: SourceInfo[], counts: Record<string, number>, upstream?: UpstreamSnapshot): Provenance {
  const dates = sources.map((s) => s.published).filter((d): d is string => !!d).sort();
  return {
    origin: 'bundled',
    sources,
    snapshotDate: dates[dates.length - 1] ?? 'unknown',
    generator: GENERATOR,
    counts,
    ...(upstream ? { upstream: { commit: upstream.commit, date: upstream.date } } : {}),
  };
}

/** JSON with one array element per line: small diffs, stable bytes. */
export function stableStringify(value: unknown): string {
  const lines: string[] = ['{'];
  const entries = Object.entries(value as Record<string, unknown>);
  entries.forEach(([k, v], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (Array.isArray(v)) {
      lines.push(`  ${JSON.stringify(k)}: [`);
      v.forEach((item, j) => lines.push(`    ${JSON.stringify(item)}${j < v.length - 1 ? ',' : ''}`));
      lines.push(`  ]${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}${comma}`);
    }
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}

export interface BuildOptions {
  outDir: string;
  cacheDir: string;
  /** Folder or URL of the upstream files. */
  upstream: string;
  /** `<sha> <date>`; read from devx-commit.txt (or commit.txt) in a folder when not given. */
  upstreamCommit?: string;
}

const UPSTREAM_REPO = 'microsoftgraph/microsoft-graph-devx-content';

/** `<sha> <date>` → commit and YYYY-MM-DD (the date in UTC). */
export function parseCommitLine(text: string): { commit: string; date: string } {
  const m = /^([0-9a-f]{7,40})\s+(.+)$/m.exec(text.trim());
  const t = m ? Date.parse(m[2].trim()) : NaN;
  if (!m || !Number.isFinite(t)) throw new Error(`expected "<commit sha> <date>", got ${JSON.stringify(text.trim().slice(0, 100))}`);
  return { commit: m[1], date: new Date(t).toISOString().slice(0, 10) };
}

function commitOf(opts: BuildOptions): { commit: string; date: string } {
  if (opts.upstreamCommit) return parseCommitLine(opts.upstreamCommit);
  if (!/^[a-z][a-z0-9+.-]+:\/\//i.test(opts.upstream)) {
    for (const name of ['devx-commit.txt', 'commit.txt']) {
      const f = path.join(path.resolve(opts.upstream), name);
      if (fs.existsSync(f)) return parseCommitLine(fs.readFileSync(f, 'utf8'));
    }
  }
  throw new Error(`no upstream commit for ${opts.upstream}: put devx-commit.txt ("<sha> <date>") beside the files or pass --upstream-commit "<sha> <date>"`);
}

export async function buildStore(opts: BuildOptions): Promise<{ permissions: string; paths: string; resources: string }> {
  const { outDir, cacheDir } = opts;
  const perm = fetchSource(SOURCES.permissions, cacheDir);
  const types = fetchSource(SOURCES.types, cacheDir);
  const commit = commitOf(opts);
  const files = await fetchUpstreamFiles(opts.upstream, nodeUpstreamIo, { cwd: process.cwd() });

  const teamsfx = resourceAppsFromServicePrincipals(perm.text);
  const facts = bundleUpstreamFacts(files.permissionsText, files.provisioningText, teamsfx);
  const apps: ResourceAppData[] = facts.resourceApps;
  const delegated = apps.reduce((n, a) => n + a.permissions.filter((p) => p.kind === 'Delegated').length, 0);
  const application = apps.reduce((n, a) => n + a.permissions.filter((p) => p.kind === 'Application').length, 0);
  const upstream: UpstreamSnapshot = { ...commit };
  const upstreamSource = (file: string): SourceInfo => ({ package: UPSTREAM_REPO, version: commit.commit, file, license: 'MIT', published: commit.date });
  const permSources = [
    { ...SOURCES.permissions, published: perm.published },
    upstreamSource('permissions/new/permissions.json'),
    upstreamSource('permissions/new/provisioningInfo.json'),
  ];
  const permFile: PermissionStoreFile = {
    format: STORE_FORMAT,
    provenance: provenance(permSources, { resourceApps: apps.length, delegated, application, ...facts.counts }, upstream),
    resourceApps: apps,
  };
  const pathsFile: PathsStoreFile = {
    format: PATHS_FORMAT,
    provenance: provenance([upstreamSource('permissions/new/permissions.json')], facts.pathCounts, upstream),
    ...facts.paths,
  };

  const model = extractGraphTypes(types.text);
  const resFile: ResourceStoreFile = {
    format: STORE_FORMAT,
    provenance: provenance([{ ...SOURCES.types, published: types.published }], {
      types: model.types.length,
      enums: model.enums.length,
      properties: model.types.reduce((n, t) => n + t.properties.length, 0),
    }),
    types: model.types,
    enums: model.enums,
  };

  fs.mkdirSync(outDir, { recursive: true });
  const permissions = path.join(outDir, 'permissions.json');
  const paths = path.join(outDir, 'paths.json');
  const resources = path.join(outDir, 'resources.json');
  fs.writeFileSync(permissions, stablePermissions(permFile));
  fs.writeFileSync(paths, stablePaths(pathsFile));
  fs.writeFileSync(resources, stableStringify(resFile));
  return { permissions, paths, resources };
}

/** One path per line and one permission per line: compact, and a new upstream snapshot diffs readably. */
function stablePaths(file: PathsStoreFile): string {
  const out = ['{', `  "format": ${file.format},`, `  "provenance": ${JSON.stringify(file.provenance)},`];
  out.push(`  "also": ${JSON.stringify(file.also)},`);
  out.push('  "paths": [');
  file.paths.forEach((p, i) => out.push(`${JSON.stringify(p)}${i < file.paths.length - 1 ? ',' : ''}`));
  out.push('  ],', '  "permissions": [');
  file.permissions.forEach((p, i) => out.push(`${JSON.stringify(p)}${i < file.permissions.length - 1 ? ',' : ''}`));
  out.push('  ]', '}');
  return out.join('\n') + '\n';
}

/** The permissions file nests permissions under their app; write one permission per line. */
function stablePermissions(file: PermissionStoreFile): string {
  const out: string[] = ['{', `  "format": ${file.format},`, `  "provenance": ${JSON.stringify(file.provenance)},`, '  "resourceApps": ['];
  file.resourceApps.forEach((app, i) => {
    out.push(`    {"appId": ${JSON.stringify(app.appId)}, "displayName": ${JSON.stringify(app.displayName)}, "permissions": [`);
    app.permissions.forEach((p, j) => out.push(`      ${JSON.stringify(p)}${j < app.permissions.length - 1 ? ',' : ''}`));
    out.push(`    ]}${i < file.resourceApps.length - 1 ? ',' : ''}`);
  });
  out.push('  ]', '}');
  return out.join('\n') + '\n';
}

function usage(): never {
  process.stderr.write('usage: npm run store:build -- --upstream <folder | URL> [--upstream-commit "<sha> <date>"] [--out DIR]\n');
  process.exit(2);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    if (!args[i + 1] || args[i + 1].startsWith('--')) usage();
    return args[i + 1];
  };
  const outArg = opt('--out');
  const upstream = opt('--upstream');
  if (!upstream) {
    process.stderr.write('store:build: --upstream is required: a folder with the microsoft-graph-devx-content files (for example ../shared/upstream) or the repository URL at a commit\n');
    usage();
  }
  const outDir = outArg ? path.resolve(outArg) : path.join(ROOT, 'data');
  const cacheDir = process.env.GPL_STORE_CACHE ? path.resolve(process.env.GPL_STORE_CACHE) : path.join(ROOT, '.cache', 'store-sources');
  buildStore({ outDir, cacheDir, upstream, upstreamCommit: opt('--upstream-commit') }).then(
    (written) => {
      for (const f of Object.values(written)) {
        process.stdout.write(`wrote ${path.relative(process.cwd(), f)} (${fs.statSync(f).size} bytes)\n`);
      }
    },
    (e: unknown) => {
      process.stderr.write(`store:build failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
