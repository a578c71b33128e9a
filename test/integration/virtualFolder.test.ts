// Least privilege of a workspace folder that is not on disk, in a real VS Code: the window opens
// test/fixtures/virtual-folder.code-workspace (scripts/test.mjs runs this file alone on it; the
// suite's single-folder run skips it), whose second folder `gpl-memfs:/virtual` is served by a
// test-only file system provider (the least-privilege fixture's files in memory, without a search
// provider). The language server cannot read that folder, asks the client
// (`graphPermissionLens/readFolder`), and the findings appear on its manifest without it being
// opened, as for the same files on disk.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, TIMEOUT_MS, waitForDiagnostics, workspaceUri } from './helpers';

const EXTENSION_ID = 'graph-permission-lens.graph-permission-lens';
const SCHEME = 'gpl-memfs';

/** A read-only in-memory file system: folder path → entries, file path → bytes. */
class MemFs implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Uint8Array>();
  private readonly folders = new Map<string, Set<string>>([['/', new Set()]]);
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  readonly time = Date.now();

  add(path: string, bytes: Uint8Array): void {
    const parts = path.split('/').filter(Boolean);
    let dir = '/';
    for (const [i, name] of parts.entries()) {
      this.folders.get(dir)!.add(name);
      const child = dir === '/' ? `/${name}` : `${dir}/${name}`;
      if (i === parts.length - 1) this.files.set(child, bytes);
      else if (!this.folders.has(child)) this.folders.set(child, new Set());
      dir = child;
    }
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    const file = this.files.get(uri.path);
    if (file) return { type: vscode.FileType.File, ctime: this.time, mtime: this.time, size: file.length };
    if (this.folders.has(uri.path)) return { type: vscode.FileType.Directory, ctime: this.time, mtime: this.time, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const entries = this.folders.get(uri.path);
    if (!entries) throw vscode.FileSystemError.FileNotFound(uri);
    const base = uri.path === '/' ? '' : uri.path;
    return [...entries].map((n) => [n, this.folders.has(`${base}/${n}`) ? vscode.FileType.Directory : vscode.FileType.File]);
  }
  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file;
  }
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

const usage = (ds: readonly vscode.Diagnostic[]): string[] =>
  ds
    .filter((d) => d.source === DIAGNOSTIC_SOURCE && /^permission-(unused|over-broad|missing)$/.test(String(d.code)))
    .map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}`)
    .sort();

/** `waitForDiagnostics`, saying which wait failed and what diagnostics there are. */
function waitFor(what: string, uri: vscode.Uri, done: (ds: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, done).catch((e: Error) => {
    const all = vscode.languages.getDiagnostics().map(([u, ds]) => `${u.toString()}: ${usage(ds).join(', ')}`);
    throw new Error(`${what}: ${e.message}; diagnostics: ${all.join(' | ')}`);
  });
}

describe('Least privilege of a workspace folder not on disk (real VS Code, desktop: through the language server)', function () {
  this.timeout(TIMEOUT_MS * 3);
  const root = vscode.Uri.from({ scheme: SCHEME, path: '/virtual' });
  const registration: vscode.Disposable[] = [];
  const isOurs = (f: vscode.WorkspaceFolder): boolean => f.uri.toString() === root.toString();

  before(async function () {
    if (!(vscode.workspace.workspaceFolders ?? []).some(isOurs)) {
      console.log('    (skipped here: run on test/fixtures/virtual-folder.code-workspace by scripts/test.mjs)');
      this.skip();
    }
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    // The least-privilege fixture's files, in memory.
    const fs = new MemFs();
    const source = workspaceUri('least-privilege');
    for (const [name, type] of await vscode.workspace.fs.readDirectory(source))
      if (type === vscode.FileType.File) fs.add(`/virtual/${name}`, await vscode.workspace.fs.readFile(vscode.Uri.joinPath(source, name)));
    registration.push(vscode.workspace.registerFileSystemProvider(SCHEME, fs, { isCaseSensitive: true, isReadonly: true }));
  });

  after(() => {
    for (const d of registration) d.dispose();
  });

  it('the server asks the client for its files and pushes the same findings as for the folder on disk, on a manifest not opened', async () => {
    const onDisk = workspaceUri('least-privilege', 'users.manifest.json');
    // The provider is registered before any document opens (least privilege starts then): both folders are read.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('least-privilege', 'list-users.ts')));
    const expected = usage(await waitFor('the findings on disk', onDisk, (ds) => usage(ds).some((c) => c.startsWith('permission-over-broad'))));

    const manifest = vscode.Uri.joinPath(root, 'users.manifest.json');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === manifest.toString()), 'the virtual manifest is not open');
    const found = usage(await waitFor('the findings of the virtual folder', manifest, (ds) => usage(ds).length > 0));
    assert.deepStrictEqual(found, expected);
  });
});
