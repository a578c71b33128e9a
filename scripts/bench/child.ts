/**
 * Cold measurements, one per fresh process (spawned by bench.ts): `node child.js <mode> <root> [extra]`.
 * Prints one JSON line. Modes:
 * - store-floor: read + JSON.parse data/permissions.json (what any store load must do at least);
 * - store: loadPermissionStore(data/) as on first use in the editor (no path data yet);
 * - paths-floor: read + JSON.parse data/paths.json;
 * - paths: the store loaded, then its path data on first need (store.loadPathData());
 * - activate-floor: require + activate() of a trivial extension that registers one hover provider;
 * - activate: require + activate() of dist/extension.js, with a fake `vscode` module;
 * - browser-read-floor: the files a browser activation reads ahead (data/*.json, and the metadata
 *   cache's files when `extra` names a storage folder holding one), read in parallel and decoded:
 *   what any read-ahead must do at least;
 * - activate-browser: require + activate() of dist/browser/extension.js (the web entry: it awaits
 *   the read-ahead of the data and of the cache in `extra`'s `upstream/`), `workspace.fs` served
 *   from disk, then the first hover on an Entra manifest (the store's first load: the bundled store,
 *   or the cached upstream files merged over it).
 * Heap figures are retained bytes after a forced GC (run with --expose-gc).
 */
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import { performance } from 'perf_hooks';

const [mode, root, extra] = process.argv.slice(2);
const registrations: string[] = [];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function heap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * A stand-in for the `vscode` module: every property is another stand-in, calls return stand-ins
 * (which are disposable, iterable as empty, and 0 / '' as primitives); `get(key, default)` returns
 * the default, as WorkspaceConfiguration.get does for an unset setting. It records registrations.
 */
export function fakeVscode(): unknown {
  // esbuild's ESM interop copies the module's own keys: give it every top-level name the API declares.
  const api: Record<string, unknown> = {};
  for (const name of apiNames()) {
    Object.defineProperty(api, name, { enumerable: true, configurable: true, get: () => make(`vscode.${name}`) });
  }
  return api;
}

function apiNames(): string[] {
  const dts = fs.readFileSync(require.resolve('@types/vscode/index.d.ts', { paths: [root] }), 'utf8');
  return [...new Set([...dts.matchAll(/^\texport (?:declare )?(?:class|namespace|enum|function|const|let) (\w+)/gm)].map((m) => m[1]))];
}

function make(pathName: string): unknown {
  const target = function () {
    /* stand-in */
  };
  const assigned = new Map<string | symbol, unknown>();
  return new Proxy(target, {
    set(_t, prop, value) {
      assigned.set(prop, value);
      return true;
    },
    get(_t, prop) {
      if (assigned.has(prop)) return assigned.get(prop);
      if (prop === Symbol.iterator) return function* () {
        /* empty */
      };
      if (prop === Symbol.toPrimitive) return () => 0;
      if (prop === 'then') return undefined; // not a thenable
      if (prop === 'dispose') return () => undefined;
      if (typeof prop === 'symbol') return undefined;
      return make(`${pathName}.${prop}`);
    },
    apply(_t, _this, args: unknown[]) {
      if (pathName.endsWith('.get') && args.length >= 2) return args[1];
      if (/\.(register\w+|createOutputChannel|createDiagnosticCollection|createStatusBarItem|on\w+)$/.test(pathName)) registrations.push(pathName.replace(/^vscode\./, ''));
      return make(`${pathName}()`);
    },
    construct(_t, _args, newTarget: { prototype: object }) {
      // An instance (also of a subclass, `class X extends vscode.TreeItem`): its own fields are plain
      // properties, anything else a stand-in.
      const self = Object.create(newTarget.prototype) as Record<string | symbol, unknown>;
      return new Proxy(self, {
        get(t, prop, receiver) {
          if (prop in t || typeof prop === 'symbol') return Reflect.get(t, prop, receiver);
          return (make(`new ${pathName}`) as Record<string, unknown>)[prop];
        },
      });
    },
  });
}

function injectVscode(fake: unknown): void {
  const M = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const orig = M._load;
  M._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === 'vscode') return fake;
    return orig.call(this, request, parent, isMain);
  };
}

async function activateFrom(file: string): Promise<object> {
  injectVscode(fakeVscode());
  const subscriptions: { dispose(): unknown }[] = [];
  const context = new Proxy(
    { subscriptions, extensionPath: root, extensionUri: { fsPath: root, path: root, scheme: 'file' }, extensionMode: 1 } as Record<string, unknown>,
    {
      get(t, prop) {
        if (typeof prop === 'string' && prop in t) return t[prop];
        return (make('context') as Record<string | symbol, unknown>)[prop];
      },
    },
  );
  const h0 = heap();
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- VS Code loads extensions with require
  const ext = require(file) as { activate(ctx: unknown): unknown };
  const t1 = performance.now();
  await ext.activate(context);
  const t2 = performance.now();
  const h1 = heap();
  return { loadMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, heapBytes: h1 - h0, subscriptions: subscriptions.length, registrations: registrations.length };
}

/** A file: Uri as far as the browser host uses one. */
function fileUri(p: string): object {
  return { scheme: 'file', path: p, fsPath: p, toString: () => `file://${p}` };
}

/** The files a browser activation reads ahead: data/*.json and, when there is a cache in `storage`, the versions its index names. */
function readAheadFiles(storage: string | undefined): string[] {
  const files = ['permissions.json', 'paths.json', 'resources.json'].map((n) => path.join(root, 'data', n));
  const dir = storage ? path.join(storage, 'upstream') : undefined;
  if (dir && fs.existsSync(path.join(dir, 'index.json'))) {
    files.push(path.join(dir, 'index.json'));
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as { current: string | null; previous: string | null };
    for (const id of [index.current, index.previous]) if (id) for (const n of ['meta.json', 'permissions.json', 'provisioningInfo.json']) files.push(path.join(dir, id, n));
  }
  return files;
}

async function browserReadFloor(storage: string | undefined): Promise<object> {
  const files = readAheadFiles(storage);
  const t0 = performance.now();
  const texts = await Promise.all(files.map(async (f) => new TextDecoder().decode(new Uint8Array(await fs.promises.readFile(f)))));
  const ms = performance.now() - t0;
  return { totalMs: ms, files: files.length, bytes: texts.reduce((n, t) => n + t.length, 0) };
}

/** The web entry with the fake `vscode`, `workspace.fs` reading from disk; then the first hover on an Entra manifest. */
async function activateBrowser(storage: string): Promise<object> {
  const api = fakeVscode() as Record<string, unknown>;
  class FileSystemError extends Error {
    code = 'FileNotFound';
  }
  const notFound = (e: unknown): never => {
    throw (e as NodeJS.ErrnoException).code === 'ENOENT' ? new FileSystemError(String(e)) : e;
  };
  const wfs = {
    readFile: async (u: { fsPath: string }) => new Uint8Array(await fs.promises.readFile(u.fsPath).catch(notFound)),
    writeFile: async (u: { fsPath: string }, data: Uint8Array) => fs.promises.writeFile(u.fsPath, data),
    createDirectory: async (u: { fsPath: string }) => void (await fs.promises.mkdir(u.fsPath, { recursive: true })),
    readDirectory: async (u: { fsPath: string }) => (await fs.promises.readdir(u.fsPath).catch(notFound)).map((n) => [n, 0]),
    rename: async (a: { fsPath: string }, b: { fsPath: string }) => fs.promises.rename(a.fsPath, b.fsPath),
    delete: async (u: { fsPath: string }) => fs.promises.rm(u.fsPath, { recursive: true, force: true }),
  };
  // Every hover provider registered (VS Code asks each one whose selector matches).
  const hoverProviders: { provideHover(doc: unknown, pos: unknown, token: unknown): unknown }[] = [];
  const over = (name: string, props: Record<string, unknown>): void => {
    const inner = api[name] as Record<string | symbol, unknown>;
    Object.defineProperty(api, name, { enumerable: true, configurable: true, value: new Proxy(inner, { get: (t, prop) => (typeof prop === 'string' && prop in props ? props[prop] : t[prop]) }) });
  };
  over('workspace', { fs: wfs });
  over('Uri', { joinPath: (base: { fsPath: string }, ...segs: string[]) => fileUri(path.join(base.fsPath, ...segs)) });
  over('languages', {
    registerHoverProvider: (_sel: unknown, provider: (typeof hoverProviders)[number]) => {
      hoverProviders.push(provider);
      return { dispose: () => undefined };
    },
  });
  // The log: errors to stderr (a failure to hover must say why), the rest dropped.
  const log = new Proxy({ error: (...a: unknown[]) => process.stderr.write(`${a.join(' ')}\n`) } as Record<string, unknown>, { get: (t, prop) => (prop in t ? t[prop as string] : () => undefined) });
  over('window', { createOutputChannel: () => log });
  Object.defineProperty(api, 'FileSystemError', { enumerable: true, configurable: true, value: FileSystemError });
  injectVscode(api);
  const subscriptions: { dispose(): unknown }[] = [];
  const context = new Proxy({ subscriptions, extensionPath: root, extensionUri: fileUri(root), globalStorageUri: fileUri(storage), extensionMode: 1 } as Record<string, unknown>, {
    get(t, prop) {
      if (typeof prop === 'string' && prop in t) return t[prop];
      return (make('context') as Record<string | symbol, unknown>)[prop];
    },
  });
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- VS Code loads extensions with require
  const ext = require(path.join(root, 'dist', 'browser', 'extension.js')) as { activate(ctx: unknown): Promise<unknown> };
  const t1 = performance.now();
  await ext.activate(context);
  const t2 = performance.now();
  // The first hover: an own fixture manifest, on its first GUID.
  const text = fs.readFileSync(path.join(root, 'test', 'fixtures', 'workspace', 'entra-app.manifest.json'), 'utf8');
  const offset = text.indexOf('a7a681dc-756e-4909-b988-f160edc6655f') + 4; // Calls.AccessMedia.All
  const uri = path.join(root, 'test', 'fixtures', 'workspace', 'entra-app.manifest.json');
  const doc = {
    uri: { ...fileUri(uri), toString: () => `file://${uri}` },
    fileName: uri,
    languageId: 'json',
    version: 1,
    getText: () => text,
    offsetAt: (p: { offset: number }) => p.offset,
    positionAt: (o: number) => ({ offset: o }),
  };
  const hovers = await Promise.all(hoverProviders.map((h) => h.provideHover(doc, { offset }, { isCancellationRequested: false })));
  const t3 = performance.now();
  if (!hovers.some(Boolean)) throw new Error(`no hover on the manifest GUID (${hoverProviders.length} hover providers)`);
  return { loadMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, firstHoverMs: t3 - t2, toHoverMs: t3 - t0 };
}

async function main(): Promise<void> {
  let result: object;
  const dataDir = path.join(root, 'data');
  switch (mode) {
    case 'store-floor': {
      const h0 = heap();
      const t0 = performance.now();
      const data = JSON.parse(fs.readFileSync(path.join(dataDir, 'permissions.json'), 'utf8')) as unknown;
      const ms = performance.now() - t0;
      const h1 = heap();
      result = { ms, heapBytes: h1 - h0, keep: typeof data };
      break;
    }
    case 'store': {
      // The module is part of the already-loaded bundle in the editor: load it before timing.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { loadPermissionStore } = require(path.join(root, 'out', 'src', 'platform', 'node', 'data.js')) as typeof import('../../src/platform/node/data');
      const h0 = heap();
      const t0 = performance.now();
      const store = loadPermissionStore(dataDir);
      const ms = performance.now() - t0;
      const h1 = heap();
      result = { ms, heapBytes: h1 - h0, size: store.size };
      break;
    }
    case 'paths-floor': {
      const h0 = heap();
      const t0 = performance.now();
      const data = JSON.parse(fs.readFileSync(path.join(dataDir, 'paths.json'), 'utf8')) as unknown;
      const ms = performance.now() - t0;
      const h1 = heap();
      result = { ms, heapBytes: h1 - h0, keep: typeof data };
      break;
    }
    case 'paths': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { loadPermissionStore } = require(path.join(root, 'out', 'src', 'platform', 'node', 'data.js')) as typeof import('../../src/platform/node/data');
      const store = loadPermissionStore(dataDir);
      const h0 = heap();
      const t0 = performance.now();
      const ok = store.loadPathData();
      const ms = performance.now() - t0;
      const h1 = heap();
      if (!ok) throw new Error(store.pathDataProblem ?? 'no path data');
      result = { ms, heapBytes: h1 - h0, loaded: store.pathDataLoaded ? 1 : 0 };
      break;
    }
    case 'activate-floor':
      result = await activateFrom(extra);
      break;
    case 'activate':
      result = await activateFrom(path.join(root, 'dist', 'extension.js'));
      break;
    case 'browser-read-floor':
      result = await browserReadFloor(extra);
      break;
    case 'activate-browser':
      result = await activateBrowser(extra);
      break;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
