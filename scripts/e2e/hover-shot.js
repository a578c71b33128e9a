#!/usr/bin/env node
'use strict';
/* global document */ // used inside page.waitForFunction (runs in the browser)
// Playwright check of the rendered hover in a real VS Code (code-server + headless chromium), offline:
// opens test/fixtures/workspace/entra-app.manifest.json with the extension under development loaded,
// hovers the Calls.AccessMedia.All GUID, asserts the hover widget says "Calls.AccessMedia.All" and
// "Application" and is laid out calmly (the links right after the name line, the risk score, one
// methods summary line, no method paths), and saves a screenshot (default media/screenshot-hover.png).
//
//   npm run build && node scripts/e2e/hover-shot.js [--out=FILE] [--extensionDevelopmentPath=DIR]
// Env: E2E_HOVER_TIMEOUT_MS (default 90000), VERBOSE=1. Exit code 1 when the assertion fails.

const fs = require('fs');
const path = require('path');
const e2e = require('./vscode');

const argv = process.argv.slice(2);
const flag = name => argv.filter(a => a.startsWith(`--${name}=`)).map(a => a.slice(name.length + 3));
const extDir = path.resolve(flag('extensionDevelopmentPath')[0] || e2e.PROJECT_ROOT);
const outFile = path.resolve(flag('out')[0] || path.join(e2e.PROJECT_ROOT, 'media/screenshot-hover.png'));

const FILE = 'entra-app.manifest.json';
const GUID = 'a7a681dc-756e-4909-b988-f160edc6655f';
const EXPECT = ['Calls.AccessMedia.All', 'Application', 'Open details', 'Microsoft Graph permissions reference', 'least-privileged for', 'Risk '];

/** The calm layout, on the widget's text: undefined when it holds, else what is wrong. */
function layoutProblem(t) {
  const at = s => t.indexOf(s);
  if (!(at('Calls.AccessMedia.All') < at('Open details') && at('Open details') < at('least-privileged for'))) return 'the name, then the links, then the methods summary';
  if ((t.match(/least-privileged for/g) || []).length !== 1) return 'one methods summary line';
  if (/\/communications\//.test(t)) return 'no method paths in the hover';
  return undefined;
}
const VIEWPORT = { width: 1100, height: 650 };
const HOVER_TIMEOUT_MS = Number(process.env.E2E_HOVER_TIMEOUT_MS || 90000);

async function main() {
  e2e.assertInstalled();
  e2e.assertBuilt(extDir);
  const manifest = fs.readFileSync(path.join(e2e.WORKSPACE, FILE), 'utf8');
  const offset = manifest.indexOf(GUID);
  if (offset < 0) throw new Error(`${GUID} not found in ${FILE}`);
  const line = manifest.slice(0, offset).split('\n').length;

  e2e.pruneRuns();
  const runDir = e2e.makeRunDir('hover');
  let server, browser, page, ok = false, text = '';
  try {
    server = await e2e.startCodeServer({
      runDir, smokeTestDriver: true, startTimeoutMs: 90000,
      settings: {
        'workbench.activityBar.location': 'hidden', 'breadcrumbs.enabled': false, 'editor.fontSize': 14,
        'window.commandCenter': false, 'workbench.layoutControl.enabled': false, 'editor.occurrencesHighlight': 'off',
        'editor.stickyScroll.enabled': false,
      },
    });
    e2e.log(`code-server up at ${server.url}`);
    browser = await e2e.launchBrowser(runDir);
    page = await browser.newPage({ viewport: VIEWPORT });
    await e2e.hookAutomation(page, runDir, { echo: t => !!process.env.VERBOSE || /graph|permission|activat/i.test(t) && !e2e.NOISE.test(t) });
    await page.goto(e2e.workbenchUrl(server, { folder: e2e.WORKSPACE, extensionDevelopmentPaths: [extDir] }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    e2e.log('workbench loaded');

    // Open the manifest at the GUID's line through Quick Open ("file:line" reveals the line).
    const editorLine = page.locator('.monaco-editor .view-lines .view-line', { hasText: GUID }).first();
    await e2e.withTimeout((async () => {
      for (;;) {
        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget input');
        if (await input.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) {
          await input.fill(`${FILE}:${line}`);
          await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: 15000 });
          await page.keyboard.press('Enter');
          if (await editorLine.waitFor({ timeout: 15000 }).then(() => true, () => false)) return;
        }
        await page.keyboard.press('Escape');
      }
    })(), 60000, `opening ${FILE} via Quick Open`);
    // Close the side bar so the editor (and the hover) get the whole width.
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    e2e.log(`${FILE} open at line ${line}`);

    // Hover the GUID; retry until the extension host has activated the extension and the hover renders.
    const guidToken = page.locator('.monaco-editor .view-lines span span', { hasText: GUID }).first();
    const hover = page.locator('.monaco-hover:not(.hidden)');
    const deadline = Date.now() + HOVER_TIMEOUT_MS;
    let attempt = 0;
    while (!ok && Date.now() < deadline) {
      attempt++;
      // The editor re-renders its lines after the side bar closes and as tokenization (the injection
      // grammar) completes: wait for the token instead of reading a box that may not exist yet.
      const visible = await guidToken.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
      const box = visible ? await guidToken.boundingBox() : null;
      if (!box) {
        if (Date.now() + 5000 > deadline) throw new Error('GUID token is not visible in the editor');
        continue;
      }
      await page.mouse.move(box.x + box.width / 2, Math.max(2, box.y - 120)); // off the token, to re-trigger
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      try {
        await page.waitForFunction(expect => {
          const t = [...document.querySelectorAll('.monaco-hover:not(.hidden)')].map(e => e.innerText).join('\n');
          return expect.every(s => t.includes(s));
        }, EXPECT, { timeout: 4000, polling: 100 });
        ok = true;
      } catch { /* not yet: retry */ }
      text = (await hover.allInnerTexts().catch(() => [])).join('\n---\n');
    }
    const problem = ok ? layoutProblem(text) : undefined;
    if (problem) {
      ok = false;
      e2e.log(`FAIL: hover layout: ${problem}: ${JSON.stringify(text)}`);
    }
    e2e.log(`hover after ${attempt} attempt(s): ${JSON.stringify(text.slice(0, 400))}`);

    if (ok) {
      fs.mkdirSync(path.dirname(outFile), { recursive: true });
      await page.screenshot({ path: outFile });
      e2e.log(`screenshot: ${path.relative(process.cwd(), outFile)}`);
    } else {
      const shot = path.join(runDir, 'failure.png');
      await page.screenshot({ path: shot }).catch(() => {});
      e2e.log(`FAIL: hover never contained ${EXPECT.map(s => JSON.stringify(s)).join(' and ')} within ${HOVER_TIMEOUT_MS / 1000}s`);
      e2e.log(`screenshot: ${shot}; logs: ${path.join(runDir, 'vscode.log')}, ${server.logFile}`);
    }
  } finally {
    await e2e.closeRun({ ok, page, browser, server, runDir });
  }
  return ok;
}

e2e.runMain(main);
