/** Settings that work everywhere: the metadata source reaches every window, and a failed update says which source it used. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { sourceHint, SOURCE_SETTING } from '../../src/core/upstream';
import { updateMetadata } from '../../src/platform/node/upstream';
import { bundledStore, ROOT } from './helpers';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('settings: metadata source', () => {
  it('graphPermissionLens.metadata.sourceUrl is application-scoped (User settings reach local, remote and browser windows; no workspace override)', () => {
    assert.strictEqual(pkg.contributes.configuration.properties[SOURCE_SETTING].scope, 'application');
  });

  it('a failed update plus the hint names the source and where to change it', async () => {
    // A loopback server that answers 404: a real failure, no network needed.
    const server = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-src-'));
    try {
      const r = await updateMetadata({ source: base, dataDir: path.join(ROOT, 'data'), cacheDir, current: bundledStore() });
      assert.strictEqual(r.ok, false);
      const user = `${r.message} ${sourceHint(base, 'user')}`;
      assert.ok(user.includes(`Source: ${base} (from "${SOURCE_SETTING}" in your User settings)`), user);
      assert.match(sourceHint('https://example.invalid/', 'default'), /\(the default\)\. .*set "graphPermissionLens\.metadata\.sourceUrl" in your User settings/);
      // A browser host offers only what works there.
      assert.match(sourceHint('https://example.invalid/', 'default', false), /\(the default\)\. To use a mirror \(an https: URL whose server sends CORS headers\), set "graphPermissionLens\.metadata\.sourceUrl"/);
      assert.doesNotMatch(sourceHint('https://example.invalid/', 'default', false), /file:|folder/);
      assert.strictEqual(sourceHint('./up', 'cli'), 'Source: ./up (from --metadata).');
    } finally {
      server.close();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
