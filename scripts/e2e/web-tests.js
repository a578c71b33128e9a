#!/usr/bin/env node
'use strict';
// The browser-host test: the web extension in a real web-worker extension host (code-server's, in
// headless chromium), offline.
//
//   npm run build && node scripts/e2e/web-tests.js
//
// Makes a test build of the extension with only the `browser` entry (package.json without `main`:
// code-server then runs it in its web-worker extension host, where `typeof process` is
// 'undefined'), bundles test/web/suite.ts into it with the browser bundle's rules (no Node module),
// and runs it through scripts/e2e/run-tests.js on a temporary copy of test/fixtures/workspace.
// The suite must sit inside the extension's folder: VS Code runs a test file in the extension host
// of the extension that contains it.
// Exit code: run-tests.js's (0 when every check passed).

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const e2e = require('./vscode');

/** What the installed extension needs (as .vscodeignore), without the Node entry. */
const COPIED = ['README.md', 'CHANGELOG.md', 'LICENSE', 'NOTICE', 'dist/browser', 'data', 'media', 'schemas', 'syntaxes'];

async function makeTestBuild() {
  const root = e2e.PROJECT_ROOT;
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!pkg.browser) throw new Error('package.json has no `browser` entry');
  const entry = path.join(root, pkg.browser);
  if (!fs.existsSync(entry)) throw new Error(`browser entry ${pkg.browser} not found: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-web-ext-'));
  for (const rel of COPIED) fs.cpSync(path.join(root, rel), path.join(dir, rel), { recursive: true });
  delete pkg.main;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  const esbuild = require('esbuild');
  const { BROWSER_BUILD } = await import(path.join(root, 'scripts', 'browser-build.mjs'));
  await esbuild.build({ ...BROWSER_BUILD, minify: false, entryPoints: [path.join(root, 'test', 'web', 'suite.ts')], outfile: path.join(dir, 'test', 'suite.js'), logLevel: 'warning' });
  return dir;
}

async function main() {
  e2e.assertInstalled();
  const dir = await makeTestBuild();
  e2e.log(`web-only test build in ${dir}`);
  try {
    return await new Promise((resolve) => {
      const child = spawn(process.execPath, [
        path.join(__dirname, 'run-tests.js'),
        `--extensionDevelopmentPath=${dir}`,
        `--extensionTestsPath=${path.join(dir, 'test', 'suite.js')}`,
        path.join(e2e.PROJECT_ROOT, 'test', 'fixtures', 'workspace'),
      ], { stdio: 'inherit' });
      child.on('close', (code) => resolve(code ?? 1));
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(`web e2e: ${err.message}`);
  process.exit(1);
});
