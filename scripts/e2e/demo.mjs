#!/usr/bin/env node
// npm run demo — serve a real VS Code (code-server) with Graph Permission Lens installed on the sample
// workspace test/fixtures/workspace, at http://127.0.0.1:<port>, until Ctrl+C.
//
//   npm run build && npm run demo [-- --port 9000] [-- --host 0.0.0.0]      (or PORT=9000 npm run demo)
//   --extension DIR loads another built extension folder instead of the project (harness checks).
//
// Builds nothing: it loads the extension from the project folder as it is (package.json + dist/).
// Provisions code-server on first use via scripts/e2e/setup.sh. After `npm run build`, reload the
// browser window ("Developer: Reload Window") to pick up the new build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import e2e from './vscode.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function option(name) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return undefined;
}

function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

const portText = option('port') ?? process.env.PORT ?? '8080';
const port = Number(portText);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`invalid port ${JSON.stringify(portText)}`);
const host = option('host') ?? '127.0.0.1';
const extDir = path.resolve(option('extension') ?? e2e.PROJECT_ROOT); // another built extension folder, for harness checks

// 1. Tools (first run only: ~4 minutes).
try {
  e2e.assertInstalled({ needChromium: false });
} catch {
  console.log('demo: code-server is not installed yet; running scripts/e2e/setup.sh (once, ~4 min) ...');
  const r = spawnSync('bash', [path.join(here, 'setup.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) fail('scripts/e2e/setup.sh failed (see output above)');
  try { e2e.assertInstalled({ needChromium: false }); } catch (err) { fail(err.message); }
}

// 2. The extension must have been built.
let pkg;
try { pkg = e2e.assertBuilt(extDir); } catch (err) { fail(err.message); }
if (!(await e2e.portIsFree(port, host))) fail(`port ${port} on ${host} is in use: pass --port N or PORT=N`);

// 3. Per-run folder; "install" the project folder in place by listing it in the profile's extensions.json
//    (VS Code accepts extension locations outside the extensions dir), so no copy is needed and a rebuild
//    plus a window reload is enough to see changes.
e2e.pruneRuns();
const runDir = e2e.makeRunDir('demo');
const id = `${pkg.publisher}.${pkg.name}`.toLowerCase();
fs.writeFileSync(path.join(runDir, 'extensions/extensions.json'), JSON.stringify([{
  identifier: { id },
  version: pkg.version,
  location: { $mid: 1, scheme: 'file', path: extDir },
  metadata: { installedTimestamp: Date.now(), source: 'resource' },
}]));

let server;
try {
  server = await e2e.startCodeServer({
    runDir, host, port, folder: e2e.WORKSPACE, startTimeoutMs: 90000,
    settings: { 'workbench.startupEditor': 'readme', 'editor.hover.delay': 300 },
  });
} catch (err) {
  fail(err.message);
}

console.log(`
  Graph Permission Lens demo (VS Code ${codeVersion()} via code-server)
  ➜ open ${server.url}/        sample workspace: ${path.relative(process.cwd(), e2e.WORKSPACE) || '.'}
  Open entra-app.manifest.json and hover a permission GUID under requiredResourceAccess.
  Logs: ${path.relative(process.cwd(), runDir)}   Stop: Ctrl+C
`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\ndemo: ${signal}, stopping code-server ...`);
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGHUP', () => shutdown('SIGHUP'));
server.exitPromise.then(x => {
  if (stopping) return;
  console.error(`demo: code-server exited unexpectedly (${JSON.stringify(x)}); see ${server.logFile}`);
  process.exit(1);
});

function codeVersion() {
  try {
    const p = path.join(path.dirname(e2e.CS_ENTRY), '../../lib/vscode/package.json');
    return JSON.parse(fs.readFileSync(p, 'utf8')).version ?? '?';
  } catch {
    return '?';
  }
}
