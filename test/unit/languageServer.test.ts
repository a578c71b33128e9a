/**
 * The language server over the real protocol, in process: a JSON-RPC client connected to
 * `startServer` through a pair of streams sends what an editor sends (initialize, didOpen, hover,
 * completion, codeAction, executeCommand, configuration answers) and checks what comes back.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { pathToFileURL } from 'url';
import {
  createConnection,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { startServer } from '../../src/server/server';
import { Commands, DocumentSkippedNotification, MetadataChangedNotification, MetadataRequest, PermissionDetailRequest, type DocumentSkippedParams, type MetadataInUse, type PermissionDetailParams, type PermissionDetailResult } from '../../src/server/protocol';
import { permissionDetail } from '../../src/core/explorer/detail';
import { bundledData } from '../../src/platform/node/data';
import type { PermissionStoreFile } from '../../src/core/store/storeData';

const root = path.resolve(__dirname, '..', '..', '..');
const fixture = (...p: string[]): string => path.join(root, 'test', 'fixtures', ...p);

interface Harness {
  client: ProtocolConnection;
  diagnostics: Map<string, PublishDiagnosticsParams>;
  waitDiagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  applied: WorkspaceEdit[];
  configRequests: number;
  open(file: string, languageId: string, text?: string): { uri: string; text: string };
  close(): void;
  /** window/showMessage texts received. */
  messages: string[];
  /** DocumentSkippedNotification params received. */
  skipped: DocumentSkippedParams[];
  /** MetadataRequest requests answered. */
  metadataRequests: number;
  /** window/logMessage texts received. */
  logs: string[];
  /** The server's answer to `initialize`. */
  initialized: InitializeResult;
}

interface HarnessOptions {
  commandLinks?: boolean;
  configuration?: boolean;
  /** The client resolves completion items' documentation. */
  resolve?: boolean;
  /** The client owns the metadata (`metadataFromClient`) and answers MetadataRequest with this. */
  metadata?: () => MetadataInUse;
  workspaceFolders?: { uri: string; name: string }[];
  /** `InitializationOptions.leastPrivilege` (false: a client that runs least privilege itself). */
  leastPrivilege?: boolean;
  /** The client registers the conversion commands itself (`clientCommands`, as VS Code does). */
  clientCommands?: boolean;
}

async function startHarness(settings: unknown, opts: HarnessOptions = {}): Promise<Harness> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, { defaultDataDir: path.join(root, 'data') });
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const waiters: { uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const h: Harness = {
    client,
    diagnostics,
    applied: [],
    configRequests: 0,
    messages: [],
    skipped: [],
    metadataRequests: 0,
    logs: [],
    initialized: { capabilities: {} },
    waitDiagnostics(uri, version) {
      const have = diagnostics.get(uri);
      if (have && have.version === version) return Promise.resolve(have);
      return new Promise((resolve) => waiters.push({ uri, version, resolve }));
    },
    open(file, languageId, text) {
      const content = text ?? fs.readFileSync(file, 'utf8');
      const uri = pathToFileURL(file).href;
      void client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: content } });
      return { uri, text: content };
    },
    close() {
      client.dispose();
      serverConnection.dispose();
    },
  };
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
    for (const w of waiters.filter((x) => x.uri === p.uri && x.version === p.version)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(p);
    }
  });
  client.onNotification('window/showMessage', (p: { message: string }) => void h.messages.push(p.message));
  client.onNotification('window/logMessage', (p: { message: string }) => void h.logs.push(p.message));
  client.onRequest('window/showMessageRequest', (p: { message: string }) => {
    h.messages.push(p.message);
    return null;
  });
  client.onNotification(DocumentSkippedNotification, (p: DocumentSkippedParams) => void h.skipped.push(p));
  client.onRequest(MetadataRequest, () => {
    h.metadataRequests++;
    return opts.metadata?.() ?? null;
  });
  client.onRequest('workspace/configuration', (p: { items: unknown[] }) => {
    h.configRequests++;
    return p.items.map(() => settings);
  });
  client.onRequest('workspace/applyEdit', (p: { edit: WorkspaceEdit }) => {
    h.applied.push(p.edit);
    return { applied: true };
  });
  client.listen();
  h.initialized = await client.sendRequest<InitializeResult>('initialize', {
    processId: null,
    rootUri: null,
    ...(opts.workspaceFolders ? { workspaceFolders: opts.workspaceFolders } : {}),
    capabilities: {
      workspace: { configuration: opts.configuration !== false, applyEdit: true },
      ...(opts.resolve ? { textDocument: { completion: { completionItem: { resolveSupport: { properties: ['documentation'] } } } } } : {}),
    },
    initializationOptions: {
      commandLinks: opts.commandLinks === true,
      ...(opts.configuration === false ? { settings } : {}),
      ...(opts.metadata ? { metadataFromClient: true } : {}),
      ...(opts.leastPrivilege !== undefined ? { leastPrivilege: opts.leastPrivilege } : {}),
      ...(opts.clientCommands ? { clientCommands: true } : {}),
    },
  });
  await client.sendNotification('initialized', {});
  return h;
}

/** Polls `done` every 10 ms until it holds (rejects after `ms`). */
function waitUntil(what: string, done: () => boolean, ms = 30000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = (): void => (done() ? resolve() : Date.now() > deadline ? reject(new Error(`timed out waiting for ${what}`)) : void setTimeout(poll, 10));
    poll();
  });
}

/**
 * A large app folder: a daemon's manifest (User.ReadWrite.All as an app role) and `files` code files
 * of about 12 KB each, every one with Graph calls among ordinary code (least privilege reads them all).
 */
function largeAppFolder(files: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-lp-large-'));
  fs.writeFileSync(
    path.join(dir, 'app.manifest.json'),
    JSON.stringify({ displayName: 'large', requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: '741f803b-c850-494e-b5df-cde7c675a1ca', type: 'Role' }] }] }, null, 2),
  );
  fs.mkdirSync(path.join(dir, 'src'));
  for (let i = 0; i < files; i++) {
    const lines = ["import { ClientSecretCredential } from '@azure/identity';", 'const credential = new ClientSecretCredential(tenantId, clientId, secret);'];
    for (let j = 0; j < 120; j++) {
      lines.push(
        j % 40 === 0
          ? `export async function users${i}_${j}(token: string) { return (await fetch('https://graph.microsoft.com/v1.0/users?$top=${j + 1}', { headers: { Authorization: token } })).json(); }`
          : `export function helper${i}_${j}(value: string, count: number): string { return value.repeat(count % ${j + 2}) + String(${i * j}); }`,
      );
    }
    fs.writeFileSync(path.join(dir, 'src', `module${i}.ts`), lines.join('\n'));
  }
  return dir;
}

/** LSP position → offset in a text. */
function offsetAt(text: string, p: { line: number; character: number }): number {
  const lines = text.split('\n');
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

/** Offset → LSP position in a text. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

describe('language server (LSP over streams, in process)', function () {
  this.timeout(20000);
  let h: Harness | undefined;
  afterEach(() => h?.close());

  it('pushes diagnostics for an opened manifest, each with data its quick-fixes are keyed on', async () => {
    h = await startHarness({});
    const { uri } = h.open(fixture('workspace', 'all-rules.manifest.json'), 'json');
    const p = await h.waitDiagnostics(uri, 1);
    const codes = new Set(p.diagnostics.map((d) => d.code));
    for (const code of ['duplicate-permission', 'high-privilege', 'risky-combination', 'wrong-resource-app', 'unknown-permission-name', 'broader-than-sibling']) {
      assert.ok(codes.has(code), `missing ${code}: ${[...codes].join(', ')}`);
    }
    for (const d of p.diagnostics) {
      assert.strictEqual(d.source, 'Graph Permission Lens');
      assert.strictEqual((d.data as { version: number }).version, 1);
      assert.match((d.data as { id: string }).id, /^1:\d+$/);
    }
  });

  it('applies the rule severities from workspace/configuration', async () => {
    h = await startHarness({ rules: { 'high-privilege': 'off', 'duplicate-permission': 'error' } });
    const { uri } = h.open(fixture('workspace', 'all-rules.manifest.json'), 'json');
    const p = await h.waitDiagnostics(uri, 1);
    assert.ok(h.configRequests > 0, 'the server asked the client for its settings');
    assert.ok(!p.diagnostics.some((d) => d.code === 'high-privilege'));
    const dup = p.diagnostics.find((d) => d.code === 'duplicate-permission');
    assert.strictEqual(dup?.severity, 1 /* Error */);
  });

  it('reads graphPermissionLens.highPrivilege.riskThreshold from workspace/configuration, and tells a bad value', async () => {
    const highAt = async (settings: unknown): Promise<string[]> => {
      h?.close();
      h = await startHarness(settings);
      const { uri } = h.open(fixture('workspace', 'all-rules.manifest.json'), 'json');
      const p = await h.waitDiagnostics(uri, 1);
      return p.diagnostics.filter((d) => d.code === 'high-privilege').map((d) => d.message);
    };
    const def = await highAt({});
    assert.ok(def.length >= 2, def.join('\n'));
    assert.ok(def.every((m) => / ≥ threshold 7\.0;/.test(m)), def.join('\n'));
    const strict = await highAt({ highPrivilege: { riskThreshold: 10 } });
    assert.ok(strict.length >= 1 && strict.length < def.length, strict.join('\n'));
    assert.ok(strict.every((m) => /risk 10\.0 ≥ threshold 10\.0;/.test(m)), strict.join('\n'));
    const bad = await highAt({ highPrivilege: { riskThreshold: 'lots' } });
    assert.deepStrictEqual(bad, def, 'a bad value falls back to the default');
    assert.deepStrictEqual(h!.messages, ["Graph Permission Lens: graphPermissionLens.highPrivilege.riskThreshold must be a number from 0.0 to 10.0, not 'lots'; using 7.0"]);
  });

  it('takes settings from the initialization options when the client has no workspace/configuration', async () => {
    h = await startHarness({ rules: { 'risky-combination': 'off' } }, { configuration: false });
    const { uri } = h.open(fixture('workspace', 'all-rules.manifest.json'), 'json');
    const p = await h.waitDiagnostics(uri, 1);
    assert.strictEqual(h.configRequests, 0);
    assert.ok(!p.diagnostics.some((d) => d.code === 'risky-combination'));
    assert.ok(p.diagnostics.some((d) => d.code === 'high-privilege'));
  });

  it('hovers a permission GUID with its name and kind; command links only for clients that run them', async () => {
    h = await startHarness({});
    const { uri, text } = h.open(fixture('workspace', 'entra-app.manifest.json'), 'json');
    const at = text.indexOf('a7a681dc-756e-4909-b988-f160edc6655f') + 5;
    const hover = (await h.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, at) })) as Hover;
    // Markdown escapes the dots: read it as the user sees it.
    const value = (hover.contents as { value: string }).value.replace(/\\(?=[^\w\s])/g, '');
    assert.match(value, /Calls\.AccessMedia\.All/);
    assert.match(value, /Application/);
    assert.doesNotMatch(value, /command:/);
    h.close();
    h = await startHarness({}, { commandLinks: true });
    const again = h.open(fixture('workspace', 'entra-app.manifest.json'), 'json');
    const linked = (await h.client.sendRequest('textDocument/hover', { textDocument: { uri: again.uri }, position: positionOf(text, at) })) as Hover;
    assert.match((linked.contents as { value: string }).value, /command:graphPermissionLens\.showPermission/);
    // The same calm layout as the VS Code hover (one core function): name line, links, one methods line.
    const plainLines = (hover.contents as { value: string }).value.split('\n').filter((l) => l.trim());
    assert.match(plainLines[0], /^\*\*Calls\\\.AccessMedia\\\.All\*\* — Application permission of Microsoft Graph/);
    assert.match(plainLines[1], /^\[Microsoft Graph permissions reference\]\(https:/, 'without command links, the reference link alone');
    assert.ok(plainLines.some((l) => /^\d+ methods, least-privileged for \d+$/.test(l)), 'the methods summary, without a details link');
    const linkedLines = (linked.contents as { value: string }).value.split('\n').filter((l) => l.trim());
    assert.match(linkedLines[1], /^\[Open details\]\(command:graphPermissionLens\.showPermission\?[^)]*\) · \[Microsoft Graph permissions reference\]/);
    assert.ok(linkedLines.some((l) => /^\d+ methods, least-privileged for \d+ — \[details\]\(command:graphPermissionLens\.showPermission\?/.test(l)));
  });

  it('answers no hover outside permission references', async () => {
    h = await startHarness({});
    const { uri, text } = h.open(fixture('workspace', 'entra-app.manifest.json'), 'json');
    const hover = await h.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, text.indexOf('"displayName"') + 2) });
    assert.strictEqual(hover, null);
  });

  it('completes delegated permission names in a Connect-MgGraph -Scopes list', async () => {
    h = await startHarness({});
    const text = 'Connect-MgGraph -Scopes "User.Read", "Mail.\n';
    const { uri } = h.open(path.join(root, 'virtual', 'connect.ps1'), 'powershell', text);
    const items = (await h.client.sendRequest('textDocument/completion', { textDocument: { uri }, position: positionOf(text, text.indexOf('Mail.') + 5) })) as CompletionItem[];
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('Mail.Read'), labels.slice(0, 10).join(', '));
    assert.ok(items.every((i) => i.textEdit), 'each item replaces the typed prefix');
  });

  it('returns the quick-fixes of a diagnostic by its data, and only the kinds asked for', async () => {
    h = await startHarness({});
    const { uri } = h.open(fixture('workspace', 'all-rules.manifest.json'), 'json');
    const p = await h.waitDiagnostics(uri, 1);
    const unknown = p.diagnostics.find((d) => d.code === 'unknown-permission-name' && /Directory\.ReadAll/.test(d.message));
    assert.ok(unknown);
    const actions = (await h.client.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: unknown.range,
      context: { diagnostics: [unknown], only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => /Directory\.Read\.All/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join('; '));
    assert.strictEqual(fix.kind, 'quickfix');
    assert.deepStrictEqual(fix.diagnostics, [unknown]);
    const edit = fix.edit?.changes?.[uri]?.[0];
    assert.strictEqual(edit?.newText.replace(/"/g, ''), 'Directory.Read.All');
    const refactors = (await h.client.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: unknown.range,
      context: { diagnostics: [unknown], only: ['refactor'] },
    })) as CodeAction[];
    assert.ok(refactors.every((a) => a.kind === 'refactor.rewrite'));
  });

  it('ignores diagnostics of an older version (their fixes would edit the wrong text)', async () => {
    h = await startHarness({});
    const { uri } = h.open(fixture('workspace', 'all-rules.manifest.json'), 'json');
    const p = await h.waitDiagnostics(uri, 1);
    const stale = p.diagnostics.map((d) => ({ ...d, data: { ...(d.data as object), version: 0 } }));
    const actions = (await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: stale[0].range, context: { diagnostics: stale, only: ['quickfix'] } })) as CodeAction[];
    assert.deepStrictEqual(actions, []);
  });

  it('converts GUIDs to names in an aad.manifest.json through workspace/executeCommand', async () => {
    h = await startHarness({});
    const text = JSON.stringify({ requiredResourceAccess: [{ resourceAppId: 'Microsoft Graph', resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }] }] }, null, 2);
    const { uri } = h.open(path.join(root, 'virtual', 'aad.manifest.json'), 'json', text);
    const r = (await h.client.sendRequest('workspace/executeCommand', { command: Commands.convertGuidsToNames, arguments: [uri] })) as { ok: boolean; message: string };
    assert.ok(r.ok, r.message);
    const edits = h.applied[0]?.changes?.[uri];
    assert.strictEqual(edits?.length, 1);
    assert.strictEqual(edits[0].newText.replace(/"/g, ''), 'User.Read');
  });

  it('advertises the conversion commands, except to a client that registers them itself (VS Code), which can still run them', async () => {
    const text = JSON.stringify({ requiredResourceAccess: [{ resourceAppId: 'Microsoft Graph', resourceAccess: [{ id: 'User.Read', type: 'Scope' }] }] }, null, 2);
    h = await startHarness({});
    assert.deepStrictEqual(h.initialized.capabilities.executeCommandProvider?.commands, [Commands.convertGuidsToNames, Commands.convertNamesToGuids]);
    h.close();
    h = await startHarness({}, { clientCommands: true });
    assert.strictEqual(h.initialized.capabilities.executeCommandProvider, undefined);
    const { uri } = h.open(path.join(root, 'virtual', 'aad.manifest.json'), 'json', text);
    const r = (await h.client.sendRequest('workspace/executeCommand', { command: Commands.convertNamesToGuids, arguments: [uri] })) as { ok: boolean; message: string };
    assert.ok(r.ok, r.message);
    assert.strictEqual(h.applied[0]?.changes?.[uri]?.[0]?.newText.replace(/"/g, ''), 'e1fe6dd8-ba31-4d61-89e7-88639da4683d');
  });

  it('fails closed: a manifest nested too deep to analyse gets an analysis-incomplete diagnostic', async () => {
    h = await startHarness({});
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    const text = `{ "requiredResourceAccess": [ { "resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [ { "id": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "type": "Role" } ] } ], "x": ${deep} }`;
    const { uri } = h.open(path.join(root, 'virtual', 'deep.manifest.json'), 'json', text);
    const p = await h.waitDiagnostics(uri, 1);
    const d = p.diagnostics.find((x) => x.code === 'analysis-incomplete');
    assert.ok(d, JSON.stringify(p.diagnostics.map((x) => x.code)));
    assert.match(d.message, /could not be analysed/);
  });

  it('pushes the least-privilege findings of its workspace folders, their fixes by id, and hovers a Graph call', async () => {
    const folder = fixture('workspace', 'least-privilege');
    h = await startHarness({ rules: { 'permission-over-broad': 'error' } }, { workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'least-privilege' }] });
    const harness = h;
    const overBroad = (uri: string): Diagnostic | undefined => harness.diagnostics.get(uri)?.diagnostics.find((d) => d.code === 'permission-over-broad');
    /** Polls the pushed diagnostics (the folder is analysed a second after the first document opens). */
    const waitFor = (what: string, done: () => boolean): Promise<void> =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + 15000;
        const poll = (): void => (done() ? resolve() : Date.now() > deadline ? reject(new Error(`timed out waiting for ${what}`)) : void setTimeout(poll, 20));
        poll();
      });
    // Opening the code starts least privilege; the manifest, not open, gets its finding.
    const code = h.open(path.join(folder, 'list-users.ts'), 'typescript');
    const manifestUri = pathToFileURL(path.join(folder, 'users.manifest.json')).href;
    await waitFor('permission-over-broad on the manifest', () => !!overBroad(manifestUri));
    const d = overBroad(manifestUri)!;
    assert.match(d.message, /^User\.ReadWrite\.All \(Application\) is broader than needed/);
    assert.strictEqual(d.severity, 1, 'the rules setting applies (error)');
    assert.strictEqual(d.source, 'Graph Permission Lens');
    // Opened, the manifest gets its own diagnostics and the finding, pushed together.
    const manifest = h.open(path.join(folder, 'users.manifest.json'), 'json');
    const p = await h.waitDiagnostics(manifest.uri, 1);
    const shown = p.diagnostics.find((x) => x.code === 'permission-over-broad');
    assert.ok(shown, JSON.stringify(p.diagnostics.map((x) => x.code)));
    assert.ok(p.diagnostics.some((x) => x.code === 'high-privilege'), 'with the manifest\'s own diagnostics');
    assert.strictEqual(manifest.text.slice(offsetAt(manifest.text, shown.range.start), offsetAt(manifest.text, shown.range.end)), '741f803b-c850-494e-b5df-cde7c675a1ca');
    const actions = await h.client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: manifest.uri }, range: shown.range, context: { diagnostics: [shown] } });
    const replace = actions.find((a) => /^Replace with User\.Read(Basic)?\.All$/.test(a.title));
    assert.ok(replace, actions.map((a) => a.title).join(', '));
    assert.ok(replace.isPreferred);
    assert.deepStrictEqual(replace.diagnostics, [shown]);
    assert.strictEqual(replace.edit?.changes?.[manifest.uri]?.[0].range.start.line, shown.range.start.line);
    // The call hover comes from the same service.
    const at = code.text.indexOf('graph.microsoft.com/v1.0/users') + 30;
    const hover = await h.client.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: code.uri }, position: positionOf(code.text, at) });
    assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /\*\*Microsoft Graph call\*\* `GET \/users`/);
    // Closed, the manifest keeps its least-privilege finding (and only that).
    void h.client.sendNotification('textDocument/didClose', { textDocument: { uri: manifest.uri } });
    await waitFor('the push on close', () => harness.diagnostics.get(manifest.uri)?.version === undefined);
    assert.deepStrictEqual(
      harness.diagnostics.get(manifest.uri)?.diagnostics.map((x) => x.code),
      ['permission-over-broad'],
    );
  });

  it('runs no least privilege for a client that says it runs it itself (leastPrivilege: false), while another server with it on reports the finding', async () => {
    const folder = fixture('workspace', 'least-privilege');
    const folders = [{ uri: pathToFileURL(folder).href, name: 'least-privilege' }];
    h = await startHarness({}, { workspaceFolders: folders });
    const off = await startHarness({}, { workspaceFolders: folders, leastPrivilege: false });
    try {
      const manifestUri = pathToFileURL(path.join(folder, 'users.manifest.json')).href;
      // The same documents opened in both servers at the same time.
      // (The server without it first: had it run least privilege, it would have been first to report.)
      const code = off.open(path.join(folder, 'list-users.ts'), 'typescript');
      h.open(path.join(folder, 'list-users.ts'), 'typescript');
      const harness = h;
      await new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 15000;
        const poll = (): void =>
          harness.diagnostics.get(manifestUri)?.diagnostics.some((d) => d.code === 'permission-over-broad')
            ? resolve()
            : Date.now() > deadline
              ? reject(new Error('timed out waiting for the finding of the server with least privilege'))
              : void setTimeout(poll, 20);
        poll();
      });
      // The code file's own check arrived at the other server too, and it pushed nothing for the manifest.
      await off.waitDiagnostics(code.uri, 1);
      assert.strictEqual(off.diagnostics.get(manifestUri), undefined, JSON.stringify(off.diagnostics.get(manifestUri)));
    } finally {
      off.close();
    }
  });

  it('answers hovers while least privilege analyses a large folder, and a settings change cancels the run under way', async function () {
    this.timeout(120000);
    const dir = largeAppFolder(300);
    try {
      h = await startHarness({}, { workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'large' }] });
      const harness = h;
      const manifest = h.open(path.join(dir, 'app.manifest.json'), 'json');
      await h.waitDiagnostics(manifest.uri, 1);
      const began = (): number => harness.logs.filter((l) => /^Least privilege: analysing large \(301 files\)$/.test(l)).length;
      const finished = (): number => harness.logs.filter((l) => /^Least privilege: large analysed in \d+ ms/.test(l)).length;
      await waitUntil('least privilege to start', () => began() === 1);
      // A hover while it runs: answered before the run finishes (the server's messages arrive in order,
      // so the log of its end would be here first had the hover waited for it).
      const at = manifest.text.indexOf('741f803b') + 2;
      const hover = await h.client.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: manifest.uri }, position: positionOf(manifest.text, at) });
      assert.match(((hover?.contents as { value: string } | undefined)?.value ?? '').replace(/\\(?=[^\w\s])/g, ''), /\*\*User\.ReadWrite\.All\*\* — Application permission/);
      assert.strictEqual(finished(), 0, `the hover was answered after the run: ${harness.logs.join(' | ')}`);
      // A settings change while it runs: the run stops (its results would be stale), and a new one follows.
      void h.client.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await waitUntil('the cancellation', () => harness.logs.some((l) => /^Least privilege: the analysis of large was cancelled/.test(l)));
      await waitUntil('the next run to finish', () => finished() === 1, 100000);
      assert.strictEqual(began(), 2, harness.logs.join(' | '));
      const p = harness.diagnostics.get(manifest.uri);
      assert.ok(
        p?.diagnostics.some((d) => d.code === 'permission-over-broad' && /^User\.ReadWrite\.All \(Application\) is broader than needed/.test(d.message)),
        JSON.stringify(p?.diagnostics.map((d) => d.code)),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('re-checks a document after an edit and clears diagnostics on close', async () => {
    h = await startHarness({ validateDelay: 0 });
    const { uri } = h.open(fixture('workspace', 'all-rules.manifest.json'), 'json');
    await h.waitDiagnostics(uri, 1);
    void h.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: '{ "requiredResourceAccess": [] }' }] });
    const p2 = await h.waitDiagnostics(uri, 2);
    assert.deepStrictEqual(p2.diagnostics, []);
    void h.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await new Promise<void>((resolve) => {
      const poll = (): void => (h!.diagnostics.get(uri)?.version === undefined ? resolve() : void setTimeout(poll, 10));
      poll();
    });
    assert.deepStrictEqual(h.diagnostics.get(uri)?.diagnostics, []);
  });

  it('sends completion documentation on resolve to clients that resolve it, with every item to others', async () => {
    const text = 'Connect-MgGraph -Scopes "User.Read", "Mail.\n';
    const request = async (harness: Harness) => {
      const { uri } = harness.open(path.join(root, 'virtual', 'connect.ps1'), 'powershell', text);
      return (await harness.client.sendRequest('textDocument/completion', { textDocument: { uri }, position: positionOf(text, text.indexOf('Mail.') + 5) })) as CompletionItem[];
    };
    h = await startHarness({}, { resolve: true });
    const lazy = (await request(h)).find((i) => i.label === 'Mail.Read');
    assert.ok(lazy && lazy.documentation === undefined && lazy.data !== undefined, JSON.stringify(lazy));
    const resolved = (await h.client.sendRequest('completionItem/resolve', lazy)) as CompletionItem;
    assert.match((resolved.documentation as { value: string }).value, /Mail\\\.Read/);
    h.close();
    h = await startHarness({});
    const eager = (await request(h)).find((i) => i.label === 'Mail.Read');
    assert.match((eager?.documentation as { value: string } | undefined)?.value ?? '', /Mail\\\.Read/);
  });

  it('asks a client that owns the metadata for its store on first use, and follows its changes', async () => {
    const bundled = JSON.parse(fs.readFileSync(path.join(root, 'data', 'permissions.json'), 'utf8')) as PermissionStoreFile;
    const invented = { id: '0f0f0f0f-1234-4abc-8def-0123456789ab', value: 'Invented.Read.All', kind: 'Application' as const, displayName: 'Invented', description: 'Invented', adminConsentRequired: true, enabled: true };
    const upstream: PermissionStoreFile = {
      ...bundled,
      provenance: { ...bundled.provenance, origin: 'upstream' },
      resourceApps: bundled.resourceApps.map((a) => (a.appId === '00000003-0000-0000-c000-000000000000' ? { ...a, permissions: [...a.permissions, invented] } : a)),
    };
    h = await startHarness({}, { metadata: () => ({ store: upstream }) });
    const text = JSON.stringify({ requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: invented.id, type: 'Role' }] }] }, null, 2);
    const { uri } = h.open(path.join(root, 'virtual', 'app.manifest.json'), 'json', text);
    const first = await h.waitDiagnostics(uri, 1);
    assert.strictEqual(h.metadataRequests, 1);
    assert.ok(!first.diagnostics.some((d) => d.code === 'unknown-permission-id'), JSON.stringify(first.diagnostics.map((d) => d.code)));
    const hover = (await h.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, text.indexOf(invented.id) + 4) })) as Hover;
    assert.match((hover.contents as { value: string }).value, /Invented\\\.Read\\\.All/);
    // Back to the bundled store: the invented GUID is unknown.
    h.diagnostics.delete(uri);
    void h.client.sendNotification(MetadataChangedNotification, {} satisfies MetadataInUse);
    const after = await h.waitDiagnostics(uri, 1);
    assert.ok(after.diagnostics.some((d) => d.code === 'unknown-permission-id'), JSON.stringify(after.diagnostics.map((d) => d.code)));
    assert.strictEqual(h.metadataRequests, 1, 'asked once');
  });

  it('offers no fixes for diagnostics of an earlier store or settings (their ids may name others now)', async () => {
    h = await startHarness({});
    const { uri } = h.open(fixture('workspace', 'all-rules.manifest.json'), 'json');
    const p = await h.waitDiagnostics(uri, 1);
    const unknown = p.diagnostics.find((d) => d.code === 'unknown-permission-name' && /Directory\.ReadAll/.test(d.message));
    assert.ok(unknown);
    const ask = async () => (await h!.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: unknown.range, context: { diagnostics: [unknown], only: ['quickfix'] } })) as CodeAction[];
    assert.ok((await ask()).length > 0, 'fixes while current');
    void h.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepStrictEqual(await ask(), []);
  });

  it('tells the client once when a document it reads is over the size limit', async () => {
    h = await startHarness({ maxFileSizeKB: 1 });
    const text = JSON.stringify({ requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [] }], pad: 'x'.repeat(3000) });
    const { uri } = h.open(path.join(root, 'virtual', 'big.manifest.json'), 'json', text);
    const p = await h.waitDiagnostics(uri, 1);
    assert.deepStrictEqual(p.diagnostics, []);
    assert.deepStrictEqual(h.skipped, [{ uri, why: '3 KiB, over the limit of 1 KiB' }]);
  });

  it('answers the detail page model of a permission from its store, as the extension host computes it, and null for an unknown one', async () => {
    h = await startHarness({});
    const ask = (p: PermissionDetailParams) => h!.client.sendRequest<PermissionDetailResult>(PermissionDetailRequest, p);
    const GRAPH = '00000003-0000-0000-c000-000000000000';
    const got = await ask({ name: 'calls.accessmedia.all', resourceAppId: GRAPH, threshold: 7 });
    assert.strictEqual(got?.entry.name, 'Calls.AccessMedia.All', 'the canonical name');
    assert.ok(got.methods && got.methods.length > 0, 'with the methods it unlocks');
    assert.ok(got.resources && got.resources.tables.length > 0, 'with its resource types');
    // The same plain data the browser entry computes in the extension host from the same store and threshold.
    const data = bundledData(path.join(root, 'data'));
    const local = permissionDetail(data.permissionStore(), { name: 'Calls.AccessMedia.All', resourceAppId: GRAPH }, data.resourceIndex()!, 7);
    assert.deepStrictEqual(got, JSON.parse(JSON.stringify(local)));
    // The threshold is the client's: at 10.0 fewer kinds are marked high privilege than at 0.
    const low = await ask({ name: 'Application.ReadWrite.All', resourceAppId: GRAPH, threshold: 0 });
    const high = await ask({ name: 'Application.ReadWrite.All', resourceAppId: GRAPH, threshold: 10 });
    assert.ok((low?.entry.highPrivilege.length ?? 0) > (high?.entry.highPrivilege.length ?? 0), JSON.stringify([low?.entry.highPrivilege, high?.entry.highPrivilege]));
    assert.strictEqual(await ask({ name: 'Invented.Read.All', resourceAppId: GRAPH, threshold: 7 }), null);
  });

  it('is packaged with the extension, whose desktop entry starts it (dist/server.js beside data/)', () => {
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!dist/server.js'), '.vscodeignore keeps dist/server.js');
    const host = fs.readFileSync(path.join(root, 'src', 'vscode', 'nodeHost.ts'), 'utf8');
    assert.match(host, /path\.join\(extensionPath, 'dist', 'server\.js'\)/, 'the desktop host starts dist/server.js');
  });
});
