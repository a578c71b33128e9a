/**
 * Cold measurements, one per fresh process (spawned by bench.ts): `node child.js <mode> <root> [extra]`.
 * Prints one JSON line. Modes:
 * - store-floor: read + JSON.parse data/permissions.json (what any store load must do at least);
 * - store: loadPermissionStore(data/) as on first use in the editor (no path data yet);
 * - paths-floor: read + JSON.parse data/paths.json;
 * - paths: the store loaded, then its path data on first need (store.loadPathData());
 * - activate-floor: require + activate() of a trivial extension that registers one hover provider;
 * - activate: require + activate() of dist/extension.js, with a fake `vscode` module.
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
    default:
      throw new Error(`unknown mode ${mode}`);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
