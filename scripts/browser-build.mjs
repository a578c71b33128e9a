// The browser bundle's esbuild options (package.json `browser`: the web-worker extension host of
// vscode.dev, github.dev and code-server), shared by scripts/build.mjs and the browser-host test
// (scripts/e2e/web-tests.js bundles its suite with the same rules).
import { builtinModules } from 'node:module';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Fails the build on any Node built-in in the import graph (also one a package's `browser` field
 * would quietly map away): the web extension gets no polyfills, only web-platform APIs.
 */
export const noNodeModules = {
  name: 'no-node-modules',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!NODE_BUILTINS.has(args.path) && !args.path.startsWith('node:')) return undefined;
      return { errors: [{ text: `the browser bundle must not use the Node module "${args.path}" (imported by ${args.importer || 'the entry'})` }] };
    });
  },
};

export const BROWSER_BUILD = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  // The web-worker extension host loads extensions as CommonJS modules with `vscode` provided.
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  mainFields: ['browser', 'module', 'main'],
  entryPoints: ['src/extensionBrowser.ts'],
  outfile: 'dist/browser/extension.js',
  external: ['vscode'],
  plugins: [noNodeModules],
};
