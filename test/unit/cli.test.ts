import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'graph-permission-lens.js');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('CLI (bundled dist/cli.js through bin/)', () => {
  before(function () {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: `npm test` builds it first (npm run build)');
  });

  it('lookup names Calls.AccessMedia.All (Application) for its GUID', () => {
    const r = cli('lookup', 'a7a681dc-756e-4909-b988-f160edc6655f');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /Calls\.AccessMedia\.All/);
    assert.match(r.out, /Application/);
  });

  it('lookup --format json prints both kinds of a name, and suggestions for a miss (exit 1)', () => {
    const r = cli('lookup', '--format', 'json', 'mail.send', 'Directory.ReadAll');
    assert.strictEqual(r.code, 1);
    const [hit, miss] = JSON.parse(r.out);
    assert.strictEqual(hit.name, 'Mail.Send');
    assert.strictEqual(hit.application.id, 'b633e1c5-b582-4048-a93e-9f11b44c7e96');
    assert.strictEqual(hit.delegated.id, 'e383f46e-2787-4529-855e-0e479a3ffac0');
    assert.strictEqual(miss.found, false);
    assert.strictEqual(miss.suggestions[0], 'Directory.Read.All');
  });

  it('scan --format json prints the documented object with 1-based positions', () => {
    const file = path.join(FIXTURES, 'manifests', 'graph-app-manifest.json');
    const r = cli('scan', '--format', 'json', file);
    assert.strictEqual(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.ok(out.store.permissions > 600);
    assert.ok(out.store.sources.length >= 1);
    assert.strictEqual(out.files.length, 1);
    const ref = out.files[0].references[0];
    const text = fs.readFileSync(file, 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('"a7a681dc-756e-4909-b988-f160edc6655f", "type": "Role"'));
    assert.deepStrictEqual(ref, {
      name: 'Calls.AccessMedia.All',
      kind: 'Application',
      id: 'a7a681dc-756e-4909-b988-f160edc6655f',
      line: line + 1,
      column: text.split('\n')[line].indexOf('a7a681dc') + 1,
      text: 'a7a681dc-756e-4909-b988-f160edc6655f',
    });
    assert.deepStrictEqual(out.files[0].diagnostics, []);
  });

  it('scans folders, reports unreadable and binary files without failing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-cli-'));
    fs.writeFileSync(path.join(dir, 'a.json'), '{"scopes": ["User.Read", "Mail.Send"]}');
    fs.writeFileSync(path.join(dir, 'b.json'), Buffer.from([0x7b, 0, 0, 1, 2]));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'User.Read');
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'node_modules', 'c.json'), '{"scopes": ["User.Read"]}');
    const r = cli('scan', '--format', 'json', dir, path.join(dir, 'missing.json'));
    assert.strictEqual(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    const byName = Object.fromEntries(out.files.map((f: { path: string }) => [path.basename(f.path), f]));
    assert.deepStrictEqual(Object.keys(byName).sort(), ['a.json', 'b.json', 'missing.json']);
    assert.deepStrictEqual(byName['a.json'].references.map((x: { name: string }) => x.name), ['User.Read', 'Mail.Send']);
    assert.strictEqual(byName['b.json'].skipped, 'binary file');
    assert.match(byName['missing.json'].error, /no such file/);
    const text = cli('scan', dir);
    assert.match(text.out, /a\.json:1:14 {2}User\.Read \(Delegated\)/);
  });

  it('exits 2 with a one-line message on usage errors', () => {
    for (const args of [[], ['frobnicate'], ['scan'], ['scan', '--format', 'xml', '.'], ['lookup', '--bogus', 'x']]) {
      const r = cli(...args);
      assert.strictEqual(r.code, 2, `args ${JSON.stringify(args)}`);
      if (args.length) assert.strictEqual(r.err.trim().split('\n').length, 1, r.err);
    }
  });
});
