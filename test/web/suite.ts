// The browser-host test suite: runs inside code-server's web-worker extension host, where the
// extension under test is a build with only the `browser` entry (scripts/e2e/web-tests.js makes it
// and bundles this file into it). No Node here (no `assert`, no mocha): a small sequential runner
// that prints mocha-style totals for scripts/test.mjs. Waits poll with timeouts, never fixed sleeps.
import * as vscode from 'vscode';
import { permissionDetailsLink } from '../../src/core/explorer/hoverLink';

const EXTENSION_ID = 'graph-permission-lens.graph-permission-lens';
const GRAPH = '00000003-0000-0000-c000-000000000000';
const CALLS_ACCESS_MEDIA_ALL = 'a7a681dc-756e-4909-b988-f160edc6655f';
const DIAGNOSTIC_SOURCE = 'Graph Permission Lens';
const TIMEOUT_MS = 30_000;
/** The fixture upstream the runner serves on 127.0.0.1 (scripts/e2e/web-tests.js, through esbuild's `define`). */
declare const __GPL_UPSTREAM_BASE__: string;
/** Widget.Read.All (Application) in the fixture upstream: unknown to the bundled store. */
const WIDGET_ROLE = '0f0f0f0f-0000-4000-8000-000000000002';
const WIDGETS_MANIFEST = JSON.stringify(
  { displayName: 'widgets', requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: [{ id: WIDGET_ROLE, type: 'Role' }] }] },
  null,
  2,
);

function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(message);
}

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Calls `probe` until it returns a value `done` accepts, or fails after the timeout with what it saw last. */
async function poll<T>(what: string, probe: () => Thenable<T> | T, done: (v: T) => boolean, timeoutMs = TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (e) {
      error = e; // e.g. a provider call cancelled while the extension host is still starting
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last) ?? String(error)}`.slice(0, 2000));
    await tick(200);
  }
}

function folderUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  check(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(folderUri(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function positionOf(doc: vscode.TextDocument, needle: string, delta = Math.floor(needle.length / 2)): vscode.Position {
  const offset = doc.getText().indexOf(needle);
  check(offset >= 0, `"${needle}" in ${doc.uri.path}`);
  return doc.positionAt(offset + delta);
}

function hoverText(hovers: readonly vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1');
}

const ours = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);

const tests: [string, () => Promise<void>][] = [
  [
    'runs in a web-worker extension host, from the browser entry alone',
    async () => {
      check(typeof (globalThis as { process?: unknown }).process === 'undefined', 'no Node `process` in this extension host');
      check(typeof (globalThis as { navigator?: unknown }).navigator !== 'undefined', 'a `navigator` (web worker)');
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      check(ext, `${EXTENSION_ID} is installed`);
      const pkg = ext.packageJSON as { main?: string; browser?: string };
      check(pkg.browser && !pkg.main, `the test build has only the browser entry (main: ${pkg.main}, browser: ${pkg.browser})`);
      await ext.activate();
      check(ext.isActive, 'the extension activated');
    },
  ],
  [
    'hover on a permission GUID in an Entra manifest shows the permission',
    async () => {
      const doc = await open('entra-app.manifest.json');
      const pos = positionOf(doc, CALLS_ACCESS_MEDIA_ALL);
      const text = await poll(
        'the hover',
        async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)),
        (t) => t.includes('Calls.AccessMedia.All'),
      );
      check(/Application/.test(text), `the hover names the kind: ${text.slice(0, 300)}`);
      check(text.includes('(command:graphPermissionLens.showPermission?'), 'the hover links to the detail page');
    },
  ],
  [
    'diagnostics with a quick-fix: the repeated entry is removed',
    async () => {
      const doc = await open('problems.manifest.json');
      const ds = await poll('a duplicate-permission diagnostic', () => ours(doc.uri), (d) => d.some((x) => x.code === 'duplicate-permission'));
      const codes = ds.map((d) => String(d.code));
      for (const c of ['duplicate-permission', 'high-privilege', 'permission-type-mismatch']) check(codes.includes(c), `${c} in ${codes.join(', ')}`);
      const dup = ds.find((d) => d.code === 'duplicate-permission')!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, dup.range, vscode.CodeActionKind.QuickFix.value);
      const fix = (actions ?? []).find((a) => a.title === 'Remove the repeated entry');
      check(fix?.edit, `the quick-fix is offered: ${(actions ?? []).map((a) => a.title).join('; ')}`);
      check(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
      const json = JSON.parse(doc.getText()) as { requiredResourceAccess: { resourceAccess: unknown[] }[] };
      check(json.requiredResourceAccess[0].resourceAccess.length === 3, 'one entry fewer, valid JSON');
      await poll('the duplicate diagnostic gone', () => ours(doc.uri), (d) => !d.some((x) => x.code === 'duplicate-permission'));
      await vscode.commands.executeCommand('workbench.action.files.revert');
    },
  ],
  [
    'completion offers permissions in requiredResourceAccess',
    async () => {
      const doc = await open('completion.manifest.json');
      const pos = positionOf(doc, '"id": ""', '"id": "'.length);
      const list = await poll(
        'permission completions',
        () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos),
        (l) => (l?.items ?? []).some((i) => (typeof i.label === 'string' ? i.label : i.label.label).startsWith('Calls.AccessMedia.All')),
      );
      check(list.items.length > 10, `many permissions offered (${list.items.length})`);
    },
  ],
  [
    'the explorer lists every permission and opens the detail page',
    async () => {
      await vscode.commands.executeCommand('graphPermissionLens.allPermissions.focus');
      type Snap = { all: { label: string }[] };
      const snap = await poll('the explorer snapshot', () => vscode.commands.executeCommand<Snap>('_graphPermissionLens.explorerSnapshot', { expandAll: false }), (s) => (s?.all?.length ?? 0) > 0);
      check(snap.all.length > 0, 'the All permissions view has nodes');
      // As a click on the hover's "Open details" link does.
      const link = /\(command:([^?]+)\?([^ )]+)/.exec(permissionDetailsLink({ name: 'Calls.AccessMedia.All', resourceAppId: GRAPH }));
      check(link, 'the hover link');
      const opened = await vscode.commands.executeCommand(link[1], ...(JSON.parse(decodeURIComponent(link[2])) as unknown[]));
      check(opened === true, `the page opened (${String(opened)})`);
      const html = await poll('the detail page', () => vscode.commands.executeCommand<string>('_graphPermissionLens.detailHtml', { name: 'Calls.AccessMedia.All' }), (h) => !!h);
      check(/<h1 id="title">Calls\.AccessMedia\.All<\/h1>/.test(html), 'the page title');
      check(/data-resource="call"/.test(html), 'the resource table (resources.json read in the browser)');
      check(/script-src &#39;nonce-[A-Za-z0-9_-]{22}&#39;/.test(html), 'a nonce CSP (Web Crypto)');
    },
  ],
  [
    'the workspace inventory reads the folder through workspace.fs',
    async () => {
      const n = await vscode.commands.executeCommand<number>('graphPermissionLens.refreshWorkspacePermissions');
      check(typeof n === 'number' && n > 0, `permissions found in the workspace: ${String(n)}`);
    },
  ],
  [
    'least privilege reads code and manifests through workspace.fs: the report, a diagnostic and its quick-fix',
    async () => {
      const md = await vscode.commands.executeCommand<string>('graphPermissionLens.showLeastPrivilegeReport');
      check(typeof md === 'string' && /^# Least-privilege report/.test(md), `the report's Markdown: ${String(md).slice(0, 200)}`);
      const plain = md.replace(/\\(.)/g, '$1'); // the report escapes Markdown punctuation
      check(/over-broad: `User\.Read(Basic)?\.All` suffices/.test(plain), `the over-broad finding of least-privilege/users.manifest.json: ${plain.slice(0, 1500)}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      // The same finding as a diagnostic on the manifest, with its quick-fix (the manifest need not be open).
      const manifest = folderUri('least-privilege/users.manifest.json');
      const ds = await poll('a permission-over-broad diagnostic', () => ours(manifest), (d) => d.some((x) => x.code === 'permission-over-broad'));
      const d = ds.find((x) => x.code === 'permission-over-broad')!;
      check(/^User\.ReadWrite\.All \(Application\) is broader than needed/.test(d.message), d.message);
      const doc = await vscode.workspace.openTextDocument(manifest);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      check((actions ?? []).some((a) => a.edit && /^Replace with User\.Read(Basic)?\.All$/.test(a.title)), `the narrower permission as a quick-fix: ${(actions ?? []).map((a) => a.title).join('; ')}`);
    },
  ],
  [
    'Update Metadata downloads with fetch from a local mirror: the hover and the diagnostics use the new data',
    async () => {
      const doc = await widgetsManifest();
      const pos = positionOf(doc, WIDGET_ROLE);
      await poll('the unknown-GUID diagnostic before the update', () => ours(doc.uri), (d) => d.some((x) => x.code === 'unknown-permission-id'));
      await setSource(`${upstreamBase()}/good/`);
      const r = await updateMetadata();
      check(r.ok, `the update succeeded: ${r.message}`);
      check(/now uses the upstream data of \d{4}-\d{2}-\d{2}: .*Changes: \d+ added/.test(r.message), `the message says what is in use and what changed: ${r.message}`);
      const text = await poll('the hover with the downloaded data', async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)), (t) => t.includes('Widget.Read.All'));
      check(/Application/.test(text), `the hover names the kind: ${text.slice(0, 300)}`);
      // The open document is checked again with the new store.
      await poll('the unknown-GUID diagnostic gone', () => ours(doc.uri), (d) => !d.some((x) => x.code === 'unknown-permission-id'));
    },
  ],
  [
    'a failed download (404, a body over the limit) keeps the data in use, with a clear message',
    async () => {
      const doc = await widgetsManifest();
      const pos = positionOf(doc, WIDGET_ROLE);
      await setSource(`${upstreamBase()}/missing/`);
      const notFound = await updateMetadata();
      check(!notFound.ok, 'the 404 fails the update');
      check(
        /could not update its metadata: HTTP 404 Not Found from http:\/\/127\.0\.0\.1:\d+\/missing\/permissions\/new\/permissions\.json\. Nothing changed; still using the upstream data of /.test(notFound.message),
        `the message names the status and the URL, and the data in use: ${notFound.message}`,
      );
      await setSource(`${upstreamBase()}/huge/`);
      const huge = await updateMetadata();
      check(!huge.ok && /huge\/permissions\/new\/permissions\.json is 33 MiB, larger than the limit of 32 MiB\. Nothing changed; still using the upstream data of /.test(huge.message), `too large: ${huge.message}`);
      const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos));
      check(text.includes('Widget.Read.All'), `the downloaded data is still in use: ${text.slice(0, 300)}`);
    },
  ],
  [
    'a folder source is refused in the browser with what to set instead',
    async () => {
      await setSource('/srv/graph-upstream');
      const r = await updateMetadata();
      check(!r.ok && /is a folder or a file: URL, which cannot be read in the browser: set "graphPermissionLens\.metadata\.sourceUrl" in your User settings to an https: URL/.test(r.message), r.message);
      check(/Nothing changed; still using the upstream data of /.test(r.message), r.message);
    },
  ],
  [
    'Use Bundled Metadata goes back to the bundled data',
    async () => {
      const doc = await widgetsManifest();
      await vscode.commands.executeCommand('graphPermissionLens.useBundledMetadata');
      await poll('the unknown-GUID diagnostic back', () => ours(doc.uri), (d) => d.some((x) => x.code === 'unknown-permission-id'));
      await setSource(undefined);
      await vscode.commands.executeCommand('notifications.clearAll');
    },
  ],
];

function upstreamBase(): string {
  check(typeof __GPL_UPSTREAM_BASE__ === 'string' && /^http:\/\/127\.0\.0\.1:\d+$/.test(__GPL_UPSTREAM_BASE__), 'the runner serves a fixture upstream on 127.0.0.1');
  return __GPL_UPSTREAM_BASE__;
}

/** graphPermissionLens.metadata.sourceUrl in the User settings (application scope), as a user sets a mirror. */
async function setSource(source: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('graphPermissionLens').update('metadata.sourceUrl', source, vscode.ConfigurationTarget.Global);
}

/** Runs Update Metadata; the command resolves to its outcome once the new store is in use or the update failed. */
async function updateMetadata(): Promise<{ ok: boolean; message: string }> {
  const r = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('graphPermissionLens.updateMetadata');
  check(r && typeof r.ok === 'boolean' && typeof r.message === 'string', `the command's outcome: ${JSON.stringify(r)}`);
  return r;
}

/** A manifest requesting the fixture upstream's Widget.Read.All role, written into the workspace (a temporary copy) and opened. */
async function widgetsManifest(): Promise<vscode.TextDocument> {
  const uri = folderUri('widgets.manifest.json');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(WIDGETS_MANIFEST));
  return open('widgets.manifest.json');
}

export async function run(): Promise<void> {
  let passed = 0;
  const failed: string[] = [];
  console.log('\n  Browser extension host');
  for (const [name, fn] of tests) {
    const t0 = Date.now();
    try {
      await fn();
      passed++;
      console.log(`    ✔ ${name} (${Date.now() - t0}ms)`);
    } catch (e) {
      failed.push(name);
      console.log(`    ${failed.length}) ${name}\n       ${(e as Error).stack ?? String(e)}`);
    }
  }
  console.log(`\n  ${passed} passing`);
  if (failed.length) console.log(`  ${failed.length} failing`);
  if (failed.length) throw new Error(`${failed.length} browser-host test(s) failed: ${failed.join('; ')}`);
}
