// The browser entry's pieces that run without a browser: the URI path helpers that replace Node's
// path.posix in the shared editor code, the bundled data read ahead for the web-worker host, and the
// package's two entries. The entry itself runs in a real web-worker extension host in
// scripts/e2e/web-tests.js (test/web/suite.ts).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { preloadDataFiles, preloadedBundledData } from '../../src/platform/browser/data';
import { basename, dirname, relativeInside } from '../../src/vscode/uriPath';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DATA = path.join(ROOT, 'data');

describe('browser extension host', () => {
  it('the URI path helpers agree with path.posix on Uri paths', () => {
    const paths = ['/a/b/c.json', '/c.json', 'c.json', 'a/b', '/', '/a/b/', 'least-privilege/users.manifest.json', '/x/.vscode/settings.json'];
    for (const p of paths) {
      assert.strictEqual(basename(p), path.posix.basename(p), `basename(${p})`);
      assert.strictEqual(dirname(p), path.posix.dirname(p), `dirname(${p})`);
    }
    for (const [from, to] of [
      ['/w/app', '/w/app/src/a.ts'],
      ['/w/app', '/w/app'],
      ['/w/app/', '/w/app/x.json'],
      ['/w/app', '/w/application/x.json'],
      ['/w/app', '/other/x.json'],
    ]) {
      const mine = relativeInside(from, to);
      const node = path.posix.relative(from, to);
      // Inside the folder: the same path; outside: both start with `..` (callers skip those).
      if (node.startsWith('..')) assert.ok(mine.startsWith('..'), `${from} → ${to}: ${mine}`);
      else assert.strictEqual(mine, node, `${from} → ${to}`);
    }
  });

  it('reads the bundled data ahead and serves the store from memory', async () => {
    const asked: string[] = [];
    const read = await preloadDataFiles(async (name) => {
      asked.push(name);
      return new Uint8Array(await fs.promises.readFile(path.join(DATA, name)));
    });
    assert.deepStrictEqual(asked.sort(), ['paths.json', 'permissions.json', 'resources.json']);
    const bundled = preloadedBundledData(read);
    const store = bundled.permissionStore();
    assert.strictEqual(store.byName('User.Read', '00000003-0000-0000-c000-000000000000')?.name, 'User.Read');
    assert.ok(store.loadPathData(), 'the path data is there');
    assert.ok(bundled.resourceIndex(), 'the resource types load');
    assert.strictEqual(asked.length, 3, 'nothing read again after activation');
  });

  it('a data file that could not be read fails where it is first needed, naming it', async () => {
    const read = await preloadDataFiles(async (name) => {
      if (name === 'permissions.json') throw new Error('404 Not Found');
      return new Uint8Array(await fs.promises.readFile(path.join(DATA, name)));
    });
    const bundled = preloadedBundledData(read);
    assert.throws(() => bundled.permissionStore(), /cannot read the permission store: cannot read permissions\.json: 404 Not Found/);
    assert.ok(bundled.resourceIndex(), 'the other files are unaffected');
  });

  it('the package has a desktop and a browser entry, both packaged', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; browser: string };
    assert.strictEqual(pkg.main, './dist/extension.js');
    assert.strictEqual(pkg.browser, './dist/browser/extension.js');
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    for (const entry of [pkg.main, pkg.browser]) assert.ok(ignore.includes(`!${entry.replace(/^\.\//, '')}`), `${entry} is packaged`);
    assert.ok(fs.existsSync(path.join(ROOT, pkg.browser)), 'the browser bundle is built');
    // No Node left in the browser bundle: only `vscode` is required at run time.
    const requires = new Set([...fs.readFileSync(path.join(ROOT, pkg.browser), 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]));
    assert.deepStrictEqual([...requires], ['vscode']);
  });
});
