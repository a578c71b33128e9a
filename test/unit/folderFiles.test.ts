/**
 * The files least privilege reads from a workspace folder through `workspace.fs`
 * (src/vscode/folderFiles.ts: the browser entry's in-host least privilege and the desktop client's
 * answer to the server's `graphPermissionLens/readFolder`), over an in-memory file system standing in
 * for any file system provider: files.exclude / search.exclude, the skip list, the size limit,
 * binary files, open editors first, files read once while unchanged, cancellation, and a folder
 * that cannot be read.
 */
import * as assert from 'assert';
import { withVscode } from './vscodeStandIn';
import type * as FolderFilesModule from '../../src/vscode/folderFiles';

const FileType = { File: 1, Directory: 2, SymbolicLink: 64 };

class Uri {
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static joinPath(u: Uri, ...parts: string[]): Uri {
    return new Uri(u.scheme, [u.path.replace(/\/$/, ''), ...parts].join('/'));
  }
  toString(): string {
    return `${this.scheme}:${this.path}`;
  }
}

class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface Fake {
  files: Map<string, Uint8Array>;
  reads: string[];
  settings: { files?: Record<string, unknown>; search?: Record<string, unknown> };
  open: { uri: Uri; version: number; getText(): string }[];
  /** Called at each readDirectory (e.g. to cancel mid-walk). */
  onReadDirectory?: (path: string) => void;
}

function fakeVscode(fake: Fake): object {
  const dirs = (): Set<string> => {
    const out = new Set<string>();
    for (const p of fake.files.keys()) for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) out.add(p.slice(0, i));
    return out;
  };
  return {
    Uri,
    FileType,
    FileSystemError,
    workspace: {
      get textDocuments() {
        return fake.open;
      },
      getConfiguration: (section: string) => ({ get: () => (section === 'files' ? fake.settings.files : fake.settings.search) }),
      fs: {
        async readDirectory(u: Uri): Promise<[string, number][]> {
          fake.onReadDirectory?.(u.path);
          const all = dirs();
          if (!all.has(u.path)) throw new FileSystemError(`no folder ${u.path}`, 'FileNotFound');
          const names = new Map<string, number>();
          for (const p of [...fake.files.keys(), ...all])
            if (p.startsWith(`${u.path}/`) && !p.slice(u.path.length + 1).includes('/')) names.set(p.slice(u.path.length + 1), all.has(p) ? FileType.Directory : FileType.File);
          return [...names];
        },
        async stat(u: Uri) {
          const f = fake.files.get(u.path);
          if (!f) throw new FileSystemError(`no file ${u.path}`, 'FileNotFound');
          return { type: FileType.File, size: f.length, mtime: 1, ctime: 1 };
        },
        async readFile(u: Uri): Promise<Uint8Array> {
          fake.reads.push(u.path);
          const f = fake.files.get(u.path);
          if (!f) throw new FileSystemError(`no file ${u.path}`, 'FileNotFound');
          return f;
        },
      },
    },
  };
}

const MANIFEST = JSON.stringify({ requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: '741f803b-c850-494e-b5df-cde7c675a1ca', type: 'Role' }] }] });

function setUp(): { fake: Fake; reader: FolderFilesModule.FolderReader; warnings: string[] } {
  const enc = new TextEncoder();
  const fake: Fake = {
    files: new Map([
      ['/ws/app/app.manifest.json', enc.encode(MANIFEST)],
      ['/ws/app/list.ts', enc.encode("await client.api('/users').get();")],
      ['/ws/app/README.md', enc.encode('# app')],
      ['/ws/app/big.ts', enc.encode('x'.repeat(3000))],
      ['/ws/app/blob.json', new Uint8Array([0x7b, 0, 0, 1, 2, 0x7d])],
      ['/ws/node_modules/dep/index.ts', enc.encode("client.api('/me')")],
      ['/ws/generated/out.ts', enc.encode("client.api('/me')")],
    ]),
    reads: [],
    settings: { files: { '**/generated': true, '**/never': false } },
    open: [],
  };
  const warnings: string[] = [];
  const mod = withVscode(fakeVscode(fake), () => {
    delete require.cache[require.resolve('../../src/vscode/folderFiles')];
    delete require.cache[require.resolve('../../src/vscode/host')];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../src/vscode/folderFiles') as typeof FolderFilesModule;
  });
  return { fake, reader: new mod.FolderReader((m) => warnings.push(m)), warnings };
}

describe('folder reading through workspace.fs (in-host least privilege, and the client\'s answer to readFolder)', () => {
  it('walks the folder with readDirectory: excludes, the skip list, the size limit and binary files respected, open editors first', async () => {
    const { fake, reader, warnings } = setUp();
    fake.open = [{ uri: new Uri('memfs', '/ws/app/list.ts'), version: 4, getText: () => "await client.api('/groups').get();" }];
    const root = new Uri('memfs', '/ws') as unknown as import('vscode').Uri;
    const r = await reader.read(root, 2048);
    assert.deepStrictEqual(r.allPaths, ['app/README.md', 'app/app.manifest.json', 'app/big.ts', 'app/blob.json', 'app/list.ts']);
    assert.deepStrictEqual(
      r.files.map((f) => [f.uri, f.path]),
      [
        ['memfs:/ws/app/app.manifest.json', 'app/app.manifest.json'],
        ['memfs:/ws/app/list.ts', 'app/list.ts'],
      ],
    );
    assert.strictEqual(r.skipped, 2, 'big.ts over the limit, blob.json binary');
    const list = r.files.find((f) => f.path === 'app/list.ts')!;
    assert.strictEqual(list.version, 4);
    assert.match(list.text, /groups/, 'the open editor\'s text');
    assert.ok(!fake.reads.includes('/ws/app/list.ts'), 'an open file is not read');
    assert.deepStrictEqual(warnings, []);

    // Unchanged files are not read again.
    fake.reads.length = 0;
    const again = await reader.read(root, 2048);
    assert.deepStrictEqual(again.files.map((f) => f.path), r.files.map((f) => f.path));
    assert.deepStrictEqual(fake.reads, []);
  });

  it('stops once cancelled (a partial result the caller drops), and rejects when the folder itself cannot be read', async () => {
    const { fake, reader } = setUp();
    const token = { isCancellationRequested: false };
    fake.onReadDirectory = (p) => {
      if (p === '/ws/app') token.isCancellationRequested = true;
    };
    const r = await reader.read(new Uri('memfs', '/ws') as unknown as import('vscode').Uri, 2048, token);
    assert.deepStrictEqual(r.files, []);
    await assert.rejects(reader.read(new Uri('memfs', '/gone') as unknown as import('vscode').Uri, 2048), /could not read the folder memfs:\/gone/);
  });
});
