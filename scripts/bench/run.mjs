// `npm run bench`: builds the bundle and the .vsix, compiles the TypeScript (errors elsewhere in the
// tree do not stop the benchmark: tsc still emits), then runs out/scripts/bench/bench.js.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, mustPass) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (mustPass && r.status !== 0) {
    process.stderr.write(`bench: '${[cmd, ...args].join(' ')}' failed\n`);
    process.exit(2);
  }
};
if (!process.argv.includes('--no-build')) {
  run(npm, ['run', '--silent', 'build'], true);
  run(npm, ['run', '--silent', 'package'], true);
  run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.test.json'], false);
}
// `npm run bench -- --only=linear`: only the time-per-MB figures of the hostile inputs; `--only=sizes`: only the
// package and bundle sizes (desktop and browser bundles, raw and gzip); `--only=full`: only the full
// diagnostics passes; `--only=lsp`: only the language server (with `--only=lsp-lp` alone: hovers while least privilege
// analyses this repository; BENCH_LP_SERVER=<another build's dist/server.js> measures that one); `--only=browser`: only the web extension (its
// activation with the read-ahead, to the first hover, and its bundle sizes).
// --expose-gc: BENCH_FULL_GC=1 collects garbage before each full-pass measurement (bench.ts, fullGc).
const r = spawnSync(process.execPath, ['--expose-gc', path.join(root, 'out', 'scripts', 'bench', 'bench.js'), ...process.argv.slice(2).filter((a) => a !== '--no-build')], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 2);
