/**
 * The metadata cache shared by several writers (two or three VS Code windows updating at once) and
 * a reader loading it meanwhile, as separate processes: every write succeeds, no temporary folder
 * of one writer is removed by another, and no good version is set aside as corrupt.
 */
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UpstreamCache } from '../../src/platform/node/upstream';
import { FIXTURES, ROOT } from './helpers';

const CACHE_JS = path.join(__dirname, '..', '..', 'src', 'platform', 'node', 'metadataCache.js');
const INDEX_JS = path.join(__dirname, '..', '..', 'src', 'platform', 'node', 'upstream.js');

function run(script: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const WRITER = `
const [cacheJs, dir, perms, prov, id, n] = process.argv.slice(1);
const { UpstreamCache } = require(cacheJs);
const fs = require('fs');
(async () => {
  const p = fs.readFileSync(perms, 'utf8'), q = fs.readFileSync(prov, 'utf8');
  let failed = 0;
  for (let i = 0; i < Number(n); i++) {
    try {
      // Distinct content per write (valid JSON: trailing spaces), so checksums differ.
      await new UpstreamCache(dir).write(p + ' '.repeat(Number(id) * 1000 + i), q, { source: 'w' + id, permissionsSource: 'p', provisioningSource: 'q', fetchedAt: new Date().toISOString(), snapshotDate: '2026-01-01' });
    } catch (e) { failed++; console.error(String(e && e.message)); }
  }
  console.log(JSON.stringify({ failed }));
})();
`;

const READER = `
const [indexJs, dataDir, dir, stopFile] = process.argv.slice(1);
const { loadActiveStore } = require(indexJs);
const fs = require('fs');
let loads = 0, problems = [], upstream = 0;
while (!fs.existsSync(stopFile)) {
  const r = loadActiveStore(dataDir, dir, { minGraphPermissions: 1 });
  loads++;
  if (r.problem) problems.push(r.problem);
  if (r.meta) upstream++;
}
console.log(JSON.stringify({ loads, problems, upstream }));
`;

describe('metadata cache: concurrent writers and readers (separate processes)', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-cache-race-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('three writers × 30 writes and a reader: every write succeeds, nothing is set aside as corrupt', async () => {
    const cache = path.join(dir, 'cache');
    const stop = path.join(dir, 'stop');
    const perms = path.join(FIXTURES, 'upstream', 'permissions.json');
    const prov = path.join(FIXTURES, 'upstream', 'provisioningInfo.json');
    const reader = run(READER, [INDEX_JS, path.join(ROOT, 'data'), cache, stop]);
    const writers = await Promise.all([1, 2, 3].map((id) => run(WRITER, [CACHE_JS, cache, perms, prov, String(id), '30'])));
    fs.writeFileSync(stop, '');
    const r = await reader;
    for (const w of writers) {
      assert.strictEqual(w.code, 0, w.err);
      assert.deepStrictEqual(JSON.parse(w.out), { failed: 0 }, `a write failed: ${w.err}`);
    }
    assert.strictEqual(r.code, 0, r.err);
    const seen = JSON.parse(r.out) as { loads: number; problems: string[]; upstream: number };
    assert.deepStrictEqual(seen.problems, [], 'a reader reported (and set aside) a cache that was being written');
    assert.ok(seen.loads > 0);
    const left = fs.readdirSync(cache).sort();
    assert.deepStrictEqual(left, ['current', 'previous'], `left in the cache folder: ${left.join(', ')}`);
    const final = new UpstreamCache(cache).read('current');
    assert.ok(final.permissionsText.startsWith('{'));
  });

  it('a fresh temporary folder of another writer is left alone; a stale one is cleaned', async () => {
    const cache = path.join(dir, 'cache2');
    fs.mkdirSync(cache, { recursive: true });
    const fresh = path.join(cache, 'tmp-999-fresh');
    const stale = path.join(cache, 'tmp-999-stale');
    fs.mkdirSync(fresh);
    fs.mkdirSync(stale);
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(stale, old, old);
    await new UpstreamCache(cache).write('{}', '{}', { source: 's', permissionsSource: 'p', provisioningSource: 'q', fetchedAt: new Date().toISOString(), snapshotDate: '2026-01-01' });
    assert.ok(fs.existsSync(fresh), 'another writer\'s fresh temporary folder survives');
    assert.ok(!fs.existsSync(stale), 'a stale leftover is removed');
  });

  it('a crashed writer\'s lock does not block writes for ever', async () => {
    const cache = path.join(dir, 'cache3');
    fs.mkdirSync(path.join(cache, 'lock'), { recursive: true });
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(path.join(cache, 'lock'), old, old);
    await new UpstreamCache(cache).write('{}', '{}', { source: 's', permissionsSource: 'p', provisioningSource: 'q', fetchedAt: new Date().toISOString(), snapshotDate: '2026-01-01' });
    assert.ok(fs.existsSync(path.join(cache, 'current', 'meta.json')));
    assert.ok(!fs.existsSync(path.join(cache, 'lock')));
  });
});
