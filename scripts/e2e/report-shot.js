#!/usr/bin/env node
'use strict';
// Playwright screenshot of the least-privilege report page in a real VS Code (code-server + headless
// chromium), offline: opens test/fixtures/workspace/two-apps, updates the metadata from the local
// upstream snapshot (../shared/upstream, through graphPermissionLens.metadata.sourceUrl; skipped with
// a message when absent), runs "Graph Permissions: Show Least-Privilege Report" from the Command
// Palette, waits for the per-app page and saves media/screenshot-report.png.
//
//   npm run build && node scripts/e2e/report-shot.js [--outDir=DIR] [--upstream=DIR]
// Env: E2E_SHOT_TIMEOUT_MS (default 90000), VERBOSE=1. Exit code 1 when an expectation fails.

const fs = require('fs');
const path = require('path');
const e2e = require('./vscode');

const argv = process.argv.slice(2);
const flag = name => argv.filter(a => a.startsWith(`--${name}=`)).map(a => a.slice(name.length + 3));
const outDir = path.resolve(flag('outDir')[0] || path.join(e2e.PROJECT_ROOT, 'media'));
const upstream = path.resolve(flag('upstream')[0] || path.join(e2e.PROJECT_ROOT, '..', 'shared', 'upstream'));
const TIMEOUT_MS = Number(process.env.E2E_SHOT_TIMEOUT_MS || 90000);
const VIEWPORT = { width: 1280, height: 800 };

/** Runs a command from the palette; retries while the extension's commands are not registered yet. */
async function palette(page, title) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15000 });
    await input.fill(`>${title}`);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 3000 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt >= 20) throw e;
    }
  }
}

async function main() {
  if (!fs.existsSync(path.join(upstream, 'devx-permissions.json'))) {
    e2e.log(`skipped: no upstream snapshot in ${upstream}`);
    return true;
  }
  e2e.assertInstalled();
  e2e.assertBuilt(e2e.PROJECT_ROOT);
  e2e.pruneRuns();
  const runDir = e2e.makeRunDir('report');
  let server, browser, page, ok = false;
  try {
    server = await e2e.startCodeServer({
      runDir, smokeTestDriver: true, startTimeoutMs: 90000,
      settings: {
        'breadcrumbs.enabled': false, 'window.commandCenter': false, 'workbench.layoutControl.enabled': false,
        'workbench.statusBar.visible': false, 'graphPermissionLens.metadata.sourceUrl': upstream,
      },
    });
    browser = await e2e.launchBrowser(runDir);
    page = await browser.newPage({ viewport: VIEWPORT });
    await e2e.hookAutomation(page, runDir, { echo: t => !!process.env.VERBOSE || /graph|permission/i.test(t) && !e2e.NOISE.test(t) });
    await page.goto(e2e.workbenchUrl(server, { folder: path.join(e2e.WORKSPACE, 'two-apps'), extensionDevelopmentPaths: [e2e.PROJECT_ROOT] }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await palette(page, 'Graph Permissions: Update Metadata');
    await palette(page, 'Graph Permissions: Show Least-Privilege Report');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('h2', { hasText: 'mailer' }).waitFor({ timeout: TIMEOUT_MS });
    // The update runs in the background: refresh the page until the path data is in (fix buttons appear).
    for (const deadline = Date.now() + TIMEOUT_MS; ; ) {
      if (await frame.locator('button[data-action="fix"]').first().isVisible().catch(() => false)) break;
      if (Date.now() > deadline) throw new Error('the report never showed findings (metadata update failed?)');
      await frame.locator('button[data-action="refresh"]').click().catch(() => {});
      await frame.locator('button[data-action="fix"]').first().waitFor({ timeout: 3000 }).catch(() => {});
    }
    e2e.log('report page with findings');
    await page.locator('.notifications-toasts .codicon-notifications-clear-all, .notification-toast .codicon-close').first().click({ timeout: 2000 }).catch(() => {});
    await page.keyboard.press('Control+B'); // the page gets the whole width
    await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
    await frame.locator('h2', { hasText: 'mailer' }).evaluate(el => el.scrollIntoView({ block: 'start' }));
    fs.mkdirSync(outDir, { recursive: true });
    const shot = path.join(outDir, 'screenshot-report.png');
    await page.screenshot({ path: shot });
    e2e.log(`screenshot: ${path.relative(process.cwd(), shot)}`);
    ok = true;
  } finally {
    await e2e.closeRun({ ok, page, browser, server, runDir });
  }
  return ok;
}

e2e.runMain(main);
