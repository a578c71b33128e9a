#!/usr/bin/env node
'use strict';
// Playwright screenshots of the permission explorer in a real VS Code (code-server + headless chromium), offline:
// opens the "Graph Permissions" activity bar container on test/fixtures/workspace, scrolls "All permissions" to
// the Calls group and expands it, waits for "In this workspace" to list the fixture's permissions (scrolling to
// one below the fold: trees render only the rows in view), types into the
// "Show Permission…" QuickPick, and saves media/screenshot-explorer.png; then picks Calls.AccessMedia.All,
// waits for its detail page (identifiers and the `call` property table), saves media/screenshot-detail.png, and
// checks that the page is restored after a window reload.
//
//   npm run build && node scripts/e2e/explorer-shot.js [--outDir=DIR] [--extensionDevelopmentPath=DIR]
// Env: E2E_SHOT_TIMEOUT_MS (default 90000), VERBOSE=1. Exit code 1 when an expectation fails.

const fs = require('fs');
const path = require('path');
const e2e = require('./vscode');

const argv = process.argv.slice(2);
const flag = name => argv.filter(a => a.startsWith(`--${name}=`)).map(a => a.slice(name.length + 3));
const extDir = path.resolve(flag('extensionDevelopmentPath')[0] || e2e.PROJECT_ROOT);
const outDir = path.resolve(flag('outDir')[0] || path.join(e2e.PROJECT_ROOT, 'media'));
const TIMEOUT_MS = Number(process.env.E2E_SHOT_TIMEOUT_MS || 90000);
const VIEWPORT = { width: 1280, height: 760 };

async function main() {
  e2e.assertInstalled();
  e2e.assertBuilt(extDir);
  e2e.pruneRuns();
  const runDir = e2e.makeRunDir('explorer');
  let server, browser, page, ok = false;
  try {
    server = await e2e.startCodeServer({
      runDir, smokeTestDriver: true, startTimeoutMs: 90000,
      settings: {
        'breadcrumbs.enabled': false, 'window.commandCenter': false, 'workbench.layoutControl.enabled': false,
        'workbench.tree.indent': 14, 'workbench.sideBar.location': 'left', 'workbench.statusBar.visible': false,
      },
    });
    e2e.log(`code-server up at ${server.url}`);
    browser = await e2e.launchBrowser(runDir);
    page = await browser.newPage({ viewport: VIEWPORT });
    await e2e.hookAutomation(page, runDir, { echo: t => !!process.env.VERBOSE || /graph|permission/i.test(t) && !e2e.NOISE.test(t) });
    await page.goto(e2e.workbenchUrl(server, { folder: e2e.WORKSPACE, extensionDevelopmentPaths: [extDir] }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    e2e.log('workbench loaded');

    // The activity bar entry of the "Graph Permissions" container.
    const container = page.locator('.activitybar .action-item a[aria-label^="Graph Permissions"]').first();
    await container.waitFor({ timeout: TIMEOUT_MS });
    await container.click();
    const sidebar = page.locator('.part.sidebar');
    // Each view of the container, by its header: a row is looked up in its own view only (the same
    // name can be a group in "All Permissions" and a permission in "In This Workspace").
    const pane = title => sidebar.locator('.pane', { has: page.locator('.pane-header', { hasText: title }) }).first();
    const all = pane('All Permissions');
    const mine = pane('In This Workspace');
    const rowIn = (view, label) => view.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
    // Trees render only the rows in view: scroll the view (mouse wheel over it) until the row is there.
    async function reveal(view, label) {
      const row = rowIn(view, label);
      await view.locator('.monaco-list-row').first().waitFor({ timeout: TIMEOUT_MS });
      const box = await view.locator('.pane-body').boundingBox();
      for (let i = 0; i < 80; i++) {
        if (await row.isVisible()) return row;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, 120);
        await page.waitForTimeout(50); // let the tree render the scrolled rows (bounded loop, not a wait for a result)
      }
      throw new Error(`${label} not found in the view after scrolling it`);
    }
    const calls = await reveal(all, /^Calls$/);
    // Close the other resource groups' noise: expand Calls only, and scroll it to the top of its view.
    await calls.click();
    await rowIn(all, /^Calls\.AccessMedia\.All$/).waitFor({ timeout: 15000 });
    const allBox = await all.locator('.pane-body').boundingBox();
    for (let i = 0; i < 20 && (await calls.boundingBox()).y > allBox.y + 30; i++) {
      await page.mouse.move(allBox.x + allBox.width / 2, allBox.y + allBox.height / 2);
      await page.mouse.wheel(0, 44);
      await page.waitForTimeout(50);
    }
    e2e.log('All permissions: Calls expanded');
    // "In this workspace" scans lazily: its header says "N in M files" once done.
    await mine.locator('.pane-header', { hasText: /\d+ in \d+ files?/ }).waitFor({ timeout: TIMEOUT_MS });
    await reveal(mine, /^Presence\.Read\.All$/);
    e2e.log('In this workspace: scanned');
    await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5); // no hover on a tree row

    // The title-bar search: the QuickPick matching names, GUIDs and description words. Run through the
    // command palette: a click on the view's title action does not reach the command in headless chromium.
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15000 });
    await input.pressSequentially('Graph Permissions: Show Permission', { delay: 20 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Graph Permissions: Show Permission' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Show Permission' }).waitFor({ state: 'visible', timeout: 15000 });
    await input.pressSequentially('calls media', { delay: 40 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Calls.AccessMedia.All' }).first().waitFor({ timeout: 15000 });
    fs.mkdirSync(outDir, { recursive: true });
    const explorerShot = path.join(outDir, 'screenshot-explorer.png');
    await page.screenshot({ path: explorerShot });
    e2e.log(`screenshot: ${path.relative(process.cwd(), explorerShot)}`);

    // Pick it: the detail page opens (a webview: two nested iframes).
    await input.fill('Calls.AccessMedia.All');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Calls.AccessMedia.All' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('h1', { hasText: 'Calls.AccessMedia.All' }).waitFor({ timeout: TIMEOUT_MS });
    await frame.locator('details[data-resource="call"] code', { hasText: 'callbackUri' }).first().waitFor({ timeout: 15000 });
    const identifier = await frame.locator('tr', { hasText: 'Identifier' }).first().innerText();
    if (!identifier.includes('a7a681dc-756e-4909-b988-f160edc6655f')) throw new Error(`Identifier row: ${identifier}`);
    await page.keyboard.press('Control+B'); // the page gets the whole width
    await sidebar.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    await frame.locator('button', { hasText: 'Copy name' }).focus(); // shows the focus ring (keyboard access)
    await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);
    const detailShot = path.join(outDir, 'screenshot-detail.png');
    await page.screenshot({ path: detailShot });
    e2e.log(`screenshot: ${path.relative(process.cwd(), detailShot)}`);

    // A window reload restores the open page (WebviewPanelSerializer + the state the page's script saved).
    // Through the workbench's own Reload Window (as a user does): it runs the shutdown that saves the
    // editors' state; a bare page.reload() may lose the last state write.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 15000 });
    await page.locator('.quick-input-widget input').pressSequentially('Developer: Reload Window', { delay: 20 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Developer: Reload Window' }).first().waitFor({ timeout: 15000 });
    await Promise.all([page.waitForEvent('load', { timeout: 60000 }), page.keyboard.press('Enter')]);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await page.frameLocator('iframe.webview.ready').frameLocator('#active-frame')
      .locator('h1', { hasText: 'Calls.AccessMedia.All' }).waitFor({ timeout: TIMEOUT_MS });
    e2e.log('detail page restored after a window reload');
    ok = true;
  } finally {
    await e2e.closeRun({ ok, page, browser, server, runDir });
  }
  return ok;
}

e2e.runMain(main);
