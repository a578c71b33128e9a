// Bundles the extension (desktop and browser entries), the CLI and the language server with esbuild. `--dev` keeps sourcemaps and skips minification.
// `--action` bundles the GitHub Action instead (action/index.js, committed: see scripts/action-build.mjs).
import * as esbuild from 'esbuild';
import { ACTION_BUILD } from './action-build.mjs';
import { BROWSER_BUILD } from './browser-build.mjs';

const dev = process.argv.includes('--dev');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !dev,
  sourcemap: dev,
  logLevel: 'info',
  legalComments: 'none',
  // jsonc-parser's UMD entry hides its requires from the bundler; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

if (process.argv.includes('--action')) {
  await esbuild.build({ ...ACTION_BUILD, logLevel: 'info' });
} else {
  await Promise.all([
    esbuild.build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
    esbuild.build({ ...BROWSER_BUILD, minify: !dev, sourcemap: dev, logLevel: 'info' }),
    esbuild.build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js' }),
    // The language server, standalone: `node dist/server.js --stdio` needs only Node and ../data.
    esbuild.build({ ...common, entryPoints: ['src/server/server.ts'], outfile: 'dist/server.js' }),
  ]);
}
