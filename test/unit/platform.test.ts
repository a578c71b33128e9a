import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { base64Url, utf8Length } from '../../src/core/text/text';
import { ROOT } from './helpers';
import { findNodeAtOffset, parseTree } from 'jsonc-parser';
import { nodeAtOffset } from '../../src/core/rules/resourceBlocks';

// The core's replacements for Node's Buffer (it runs in browsers and web workers too), checked against Buffer.
describe('core text helpers without Buffer', () => {
  it('utf8Length counts the bytes Buffer.byteLength counts (ASCII, 2-, 3-, 4-byte characters, lone surrogates)', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀b', '\ud800', 'x\udc00y', '\ud83d']) assert.strictEqual(utf8Length(s), Buffer.byteLength(s, 'utf8'), JSON.stringify(s));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8Length(s) === Buffer.byteLength(s, 'utf8')), { numRuns: 500 });
  });

  it('base64Url is unpadded base64url, as Buffer writes it', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => base64Url(b) === Buffer.from(b).toString('base64url')), { numRuns: 500 });
  });
});

describe('import circle check (scripts/check-cycles.mjs, run by npm run typecheck)', () => {
  const run = (dir: string) => spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'check-cycles.mjs'), dir], { encoding: 'utf8' });

  it('passes on src/core', () => {
    const r = run('src/core');
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /import circles: none in src\/core/);
  });

  it('fails on a circle, type-only imports included, and names it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-cycles-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b + 1;\n");
      fs.writeFileSync(path.join(dir, 'b.ts'), "import type { C } from './sub';\nexport const b = 1;\nexport type B = C;\n");
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.writeFileSync(path.join(dir, 'sub', 'index.ts'), "import type { B } from '../b';\nexport type C = B | number;\n");
      fs.writeFileSync(path.join(dir, 'leaf.ts'), "import { a } from './a';\nexport const leaf = a;\n");
      const r = run(dir);
      assert.strictEqual(r.status, 1);
      assert.match(r.stderr, /b\.ts → .*sub\/index\.ts → .*b\.ts/);
      assert.ok(!/leaf\.ts/.test(r.stderr), 'a file that only imports into a circle is not part of it');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('nodeAtOffset (the resource-block fixes\' binary-search look-up)', () => {
  it('finds the node jsonc-parser\'s findNodeAtOffset finds, at every offset, with and without the right bound', () => {
    const texts = [
      '{ "requiredResourceAccess": [ { "resourceAppId": "a", "resourceAccess": [ { "id": "x", "type": "Scope" }, {"id":"y"} ] }, { "b": [1, 2, [3, {}]] } ] }',
      '[1,2,3]',
      '{"a":{"b":{"c":"d"}},"e":[],"f":{}}',
      '  "lonely"  ',
      '{"a":1,}',
      '[{"x":1} ,{"y":2}]',
    ];
    for (const text of texts) {
      const root = parseTree(text, [], { allowTrailingComma: true })!;
      for (let o = -1; o <= text.length + 1; o++) {
        for (const right of [false, true]) assert.strictEqual(nodeAtOffset(root, o, right), findNodeAtOffset(root, o, right), `${JSON.stringify(text)} at ${o} (${right})`);
      }
    }
  });
});
