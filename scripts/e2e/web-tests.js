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
// Update Metadata is tested against a local HTTP server started here (127.0.0.1 only, no other
// network): a small upstream of our own (test/fixtures/upstream plus invented permissions, enough to
// pass the importer's plausibility check) with CORS headers, as a mirror for browsers must send, a
// 404 and a body over the download limit. Its base URL reaches the suite through esbuild's `define`
// (__GPL_UPSTREAM_BASE__); the suite points graphPermissionLens.metadata.sourceUrl at it.
// Exit code: run-tests.js's (0 when every check passed).

const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const e2e = require('./vscode');

/** The importer refuses files with fewer public Graph permissions than this (they are not the published metadata). */
const MIN_GRAPH_PERMISSIONS = 200;
/** Over the downloader's limit of 32 MiB per file. */
const TOO_LARGE_BYTES = 33 * 1024 * 1024;

/** test/fixtures/upstream (invented Widget/Gadget permissions) with enough invented Gizmo permissions to be taken for the published data. */
function upstreamFiles() {
  const dir = path.join(e2e.PROJECT_ROOT, 'test', 'fixtures', 'upstream');
  const perms = JSON.parse(fs.readFileSync(path.join(dir, 'permissions.json'), 'utf8'));
  const prov = JSON.parse(fs.readFileSync(path.join(dir, 'provisioningInfo.json'), 'utf8'));
  for (let i = 0; i < MIN_GRAPH_PERMISSIONS; i++) {
    const name = `Gizmo${i}.Read.All`;
    perms.permissions[name] = {
      authorizationType: 'oAuth2',
      schemes: { Application: { adminDisplayName: `Read gizmo ${i}`, adminDescription: `Invented permission ${i} for a test.`, requiresAdminConsent: true, privilegeLevel: 2 } },
      pathSets: [],
    };
    prov.permissionDeployments[name] = [{ id: `0e0e0e0e-0000-4000-8000-${String(i).padStart(12, '0')}`, scheme: 'Application', environment: 'public', isHidden: false, isEnabled: true, resourceAppId: '' }];
  }
  return { 'permissions.json': Buffer.from(JSON.stringify(perms)), 'provisioningInfo.json': Buffer.from(JSON.stringify(prov)) };
}

/** The fixture upstream on 127.0.0.1: /good/… the files, /huge/… a body over the limit, anything else 404 — all with CORS headers. */
async function startUpstreamServer() {
  const files = upstreamFiles();
  const hits = [];
  const server = http.createServer((req, res) => {
    const url = (req.url || '').split('?')[0];
    hits.push(url);
    const cors = { 'access-control-allow-origin': '*' };
    const m = /^\/(good|huge)\/permissions\/new\/(permissions\.json|provisioningInfo\.json)$/.exec(url);
    if (req.method === 'GET' && m && m[1] === 'good') {
      res.writeHead(200, { ...cors, 'content-type': 'application/json', 'content-length': files[m[2]].length });
      return res.end(files[m[2]]);
    }
    if (req.method === 'GET' && m && m[1] === 'huge') {
      res.writeHead(200, { ...cors, 'content-type': 'application/json', 'content-length': TOO_LARGE_BYTES });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < TOO_LARGE_BYTES && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => {});
      return pump();
    }
    res.writeHead(404, 'Not Found', { ...cors, 'content-type': 'text/plain' });
    res.end('not found');
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    hits,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** What the installed extension needs (as .vscodeignore), without the Node entry. */
const COPIED = ['README.md', 'CHANGELOG.md', 'LICENSE', 'NOTICE', 'dist/browser', 'data', 'media', 'schemas', 'syntaxes'];

async function makeTestBuild(upstreamBase) {
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
  await esbuild.build({ ...BROWSER_BUILD, minify: false, entryPoints: [path.join(root, 'test', 'web', 'suite.ts')], outfile: path.join(dir, 'test', 'suite.js'), logLevel: 'warning', define: { __GPL_UPSTREAM_BASE__: JSON.stringify(upstreamBase) } });
  return dir;
}

async function main() {
  e2e.assertInstalled();
  const upstream = await startUpstreamServer();
  e2e.log(`fixture upstream at ${upstream.base}`);
  const dir = await makeTestBuild(upstream.base);
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
    e2e.log(`fixture upstream: ${upstream.hits.length} request(s)`);
    await upstream.close();
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(`web e2e: ${err.message}`);
  process.exit(1);
});
