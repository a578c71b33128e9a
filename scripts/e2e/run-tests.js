#!/usr/bin/env node
'use strict';
// Runs the extension's integration tests inside a real VS Code (code-server + headless chromium), offline.
//
//   npm run build && npx tsc -p tsconfig.test.json && node scripts/e2e/run-tests.js
//
// Options (VS Code CLI style, so this can also stand in for a VS Code executable):
//   --extensionDevelopmentPath=DIR   (repeatable; default: project root)
//   --extensionTestsPath=FILE        (default: out/test/integration/index.js)
//   FOLDER                           workspace to open (default: test/fixtures/workspace; a folder or
//                                    .code-workspace file (multi-root) under
//                                    test/fixtures is opened from a temporary copy of test/fixtures)
// Env: E2E_TEST_TIMEOUT_MS (default 180000), VERBOSE=1 (echo all workbench console lines), E2E_HOME.
// Exit code: 0 when the suite passed, 1 otherwise (failure screenshot + logs kept in .e2e/runs/).

const fs = require('fs');
const os = require('os');
const path = require('path');
const e2e = require('./vscode');

const argv = process.argv.slice(2);
const flag = name => argv.filter(a => a.startsWith(`--${name}=`)).map(a => a.slice(name.length + 3));
const positional = argv.filter(a => !a.startsWith('-'));

const extDirs = (flag('extensionDevelopmentPath').length ? flag('extensionDevelopmentPath') : [e2e.PROJECT_ROOT]).map(p => path.resolve(p));
const testsPath = path.resolve(flag('extensionTestsPath')[0] || path.join(e2e.PROJECT_ROOT, 'out/test/integration/index.js'));
const requested = path.resolve(positional[0] || e2e.WORKSPACE);

/**
 * Tests apply quick-fixes to fixtures, and an edit can reach the disk (a save, a crash before the
 * revert): the suite runs on a copy of test/fixtures in a temporary folder, removed afterwards, so
 * the working tree is never touched whatever a test does.
 */
function copyFixtures(folder) {
  const fixtures = path.join(e2e.PROJECT_ROOT, 'test', 'fixtures');
  const rel = path.relative(fixtures, folder);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { folder, dispose() {} };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-e2e-fixtures-'));
  fs.cpSync(fixtures, path.join(tmp, 'fixtures'), { recursive: true });
  return { folder: path.join(tmp, 'fixtures', rel), dispose: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}
const TEST_TIMEOUT_MS = Number(process.env.E2E_TEST_TIMEOUT_MS || 180000);

/** Extension-host console lines (mocha's spec reporter, console.log in tests) are always shown. */
function echo(text) {
  if (process.env.VERBOSE) return true;
  return !e2e.NOISE.test(text) || /^\s*(\d+ (passing|failing|pending)|✔|✓|\d+\) )/.test(text);
}

async function main() {
  e2e.assertInstalled();
  for (const d of extDirs) e2e.assertBuilt(d);
  const testsFile = fs.existsSync(testsPath) ? testsPath : `${testsPath}.js`;
  if (!fs.existsSync(testsFile)) throw new Error(`extensionTestsPath ${path.relative(process.cwd(), testsPath)} not found: run \`npx tsc -p tsconfig.test.json\` first`);
  if (!fs.existsSync(requested)) throw new Error(`workspace folder ${requested} not found`);
  const copy = copyFixtures(requested);
  const folder = copy.folder;

  e2e.pruneRuns();
  const runDir = e2e.makeRunDir('tests');
  e2e.log(`run folder ${path.relative(process.cwd(), runDir)}`);
  let server, browser, page, code = 1;
  try {
    server = await e2e.startCodeServer({ runDir, smokeTestDriver: true, startTimeoutMs: 90000 });
    e2e.log(`code-server up at ${server.url} (pgid ${server.pid})`);
    browser = await e2e.launchBrowser(runDir);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const { exit } = await e2e.hookAutomation(page, runDir, { echo });
    const crashed = new Promise(resolve => page.on('crash', () => resolve('page crashed')));
    const serverDied = server.exitPromise.then(x => `code-server exited (${JSON.stringify(x)})`);
    const where = folder.endsWith('.code-workspace') ? { workspace: folder } : { folder };
    await page.goto(e2e.workbenchUrl(server, { ...where, extensionDevelopmentPaths: extDirs, extensionTestsPath: testsPath }));
    e2e.log('workbench loading; waiting for the extension host to run the tests');
    const result = await e2e.withTimeout(Promise.race([exit, crashed, serverDied]), TEST_TIMEOUT_MS, 'integration tests did not finish')
      .catch(err => err.message);
    if (typeof result === 'number') code = result;
    else e2e.log(`ERROR: ${result}`);
    e2e.log(`tests exited with code ${code}`);
  } finally {
    if (code !== 0 && page) {
      const shot = path.join(runDir, 'failure.png');
      await page.screenshot({ path: shot, timeout: 10000 }).then(() => e2e.log(`screenshot: ${shot}`), () => {});
    }
    if (code !== 0) {
      e2e.log(`logs: ${path.join(runDir, 'vscode.log')} (workbench + extension host), ${path.join(runDir, 'code-server.log')}, ${path.join(runDir, 'browser-console.log')}`);
    }
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
    copy.dispose();
  }
  return code;
}

main().then(code => {
  e2e.log(code === 0 ? 'PASS' : 'FAIL');
  process.exit(code === 0 ? 0 : 1);
}, err => {
  console.error(`e2e: ${err.message}`);
  process.exit(1);
});
