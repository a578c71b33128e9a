/**
 * Update Metadata's client side on the desktop (src/vscode/metadataUpdate.ts), without a store in the
 * extension host: the status bar item is made from the server's `metadataInfo` (asked when a document
 * the extension reads is active, and again when the store changes), and when the server says it read
 * the cache (`MetadataLoadedNotification`, through the MetadataSide's `onDidLoadCache`) the client
 * shows its one problem as a warning, once, and names the download in the tooltip. Loaded with a
 * stand-in for the `vscode` module; the metadata info is the core function's on real stores.
 */
import * as assert from 'assert';
import * as path from 'path';
import { metadataInfo, type MetadataInfo } from '../../src/core/explorer/listing';
import { PermissionStore } from '../../src/core/store/store';
import { bundledData } from '../../src/platform/node/data';
import type { MetadataLoadedParams } from '../../src/server/protocol';
import type { Services } from '../../src/vscode/services';
import { EventEmitter, withVscode } from './vscodeStandIn';

const root = path.resolve(__dirname, '..', '..', '..');

interface World {
  warnings: string[];
  commands: Map<string, (...a: unknown[]) => unknown>;
  activeDoc: { languageId: string } | undefined;
  editorChanged: EventEmitter<unknown>;
}

function standIn(w: World): Record<string, unknown> {
  class MarkdownString {
    value = '';
    appendText(t: string): this {
      this.value += t;
      return this;
    }
  }
  const item = { text: '', tooltip: undefined as unknown, name: '', command: '', show: () => undefined, hide: () => undefined, dispose: () => undefined };
  const config = { get: <T>(_k: string, d: T): T => d, inspect: () => undefined };
  return {
    EventEmitter,
    MarkdownString,
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { Notification: 15, Window: 10 },
    Uri: { parse: (s: string) => ({ toString: () => s, scheme: s.split(':')[0] }) },
    window: {
      createStatusBarItem: () => item,
      get activeTextEditor() {
        return w.activeDoc && { document: w.activeDoc };
      },
      onDidChangeActiveTextEditor: w.editorChanged.event,
      showWarningMessage: (m: string) => {
        w.warnings.push(m);
        return Promise.resolve(undefined);
      },
      showInformationMessage: () => Promise.resolve(undefined),
      showErrorMessage: () => Promise.resolve(undefined),
    },
    languages: { match: (_sel: unknown, doc: { languageId: string }) => (doc.languageId === 'json' ? 10 : 0) },
    workspace: {
      getConfiguration: () => config,
      registerTextDocumentContentProvider: () => ({ dispose: () => undefined }),
      onDidChangeConfiguration: () => ({ dispose: () => undefined }),
    },
    commands: {
      registerCommand: (id: string, f: (...a: unknown[]) => unknown) => {
        w.commands.set(id, f);
        return { dispose: () => undefined };
      },
    },
  };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('the desktop status bar item and the cache\'s warning, without a store in the extension host', () => {
  const bundled = bundledData(path.join(root, 'data')).permissionStore();
  const upstreamInfo = (): MetadataInfo => {
    const f = bundled.file;
    return metadataInfo(new PermissionStore({ ...f, provenance: { ...f.provenance, origin: 'upstream', snapshotDate: '2026-09-14' } }));
  };

  function start(info: () => MetadataInfo) {
    const w: World = { warnings: [], commands: new Map(), activeDoc: { languageId: 'json' }, editorChanged: new EventEmitter() };
    const storeChanged = new EventEmitter<void>();
    const loaded = new EventEmitter<MetadataLoadedParams>();
    let asked = 0;
    const subscriptions: unknown[] = [];
    const services = {
      context: { subscriptions, globalState: { get: <T>(_k: string, d: T): T => d, update: () => Promise.resolve() } },
      host: { metadata: { cache: undefined, io: {}, refuseSource: () => undefined, localSources: true } },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      stores: { bundled: {}, setLoader: () => undefined, get: () => assert.fail('the desktop client must not build a store') },
      selector: [{ language: 'json' }],
      explorerData: {
        onDidChange: storeChanged.event,
        metadataInfo: async () => {
          asked++;
          return info();
        },
      },
      metadata: { inHost: false, onDidLoadCache: loaded.event },
    } as unknown as Services;
    // A fresh module per test: it binds the stand-in of its world.
    delete require.cache[require.resolve('../../src/vscode/metadataUpdate')];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = withVscode(standIn(w), () => require('../../src/vscode/metadataUpdate') as typeof import('../../src/vscode/metadataUpdate'));
    mod.registerMetadataUpdate(services);
    const status = () => w.commands.get(mod.METADATA_STATUS_COMMAND)!() as { text: string; tooltip: string; visible: boolean };
    return { w, storeChanged, loaded, status, asked: () => asked };
  }

  it('shows the server\'s store, asked once while a document the extension reads is active, again when the store changes', async () => {
    let info = metadataInfo(bundled);
    const t = start(() => info);
    await settle();
    assert.strictEqual(t.asked(), 1);
    assert.deepStrictEqual(t.status(), {
      text: `$(shield) Graph: ${bundled.dataLabel}`,
      tooltip: `Graph Permission Lens uses ${bundled.describe()}: ${bundled.countsText()}, with Graph methods per permission. Descriptions Microsoft publishes for newer permissions come with "Graph Permissions: Update Metadata". Data of ${bundled.dataDate}; package built ${bundled.provenance.snapshotDate}. Click for details.`,
      visible: true,
    });
    t.w.editorChanged.fire(undefined);
    await settle();
    assert.strictEqual(t.asked(), 1, 'not asked again for another editor');
    t.w.activeDoc = { languageId: 'plaintext' };
    t.w.editorChanged.fire(undefined);
    assert.strictEqual(t.status().visible, false, 'hidden for a document the extension does not read');
    info = upstreamInfo();
    t.storeChanged.fire();
    await settle();
    assert.strictEqual(t.asked(), 2);
    assert.strictEqual(t.status().text, `$(shield) Graph: ${info.dataLabel}`);
  });

  it('the cache the server read: its one problem shown once as a warning, the download named in the tooltip', async () => {
    const t = start(upstreamInfo);
    await settle();
    const problem = 'Graph Permission Lens: the cached upstream metadata is unusable (x). It was set aside; using the previous good download instead: the upstream data of 2026-09-14.';
    const meta = { format: 1, source: 'https://example.test/up/', permissionsSource: 'p', provisioningSource: 'q', fetchedAt: '2026-09-15T01:02:03Z', snapshotDate: '2026-09-14', sha256: { permissions: '', provisioning: '' } };
    t.loaded.fire({ which: 'previous', meta, problem });
    await settle();
    assert.deepStrictEqual(t.w.warnings, [problem]);
    assert.match(t.status().tooltip, /Data of 2026-09-14, downloaded 2026-09-15 from https:\/\/example\.test\/up\/\. Click for details\.$/);
    t.loaded.fire({});
    await settle();
    assert.deepStrictEqual(t.w.warnings, [problem], 'nothing more to show');
  });
});
