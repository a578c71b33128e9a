import * as assert from 'assert';
import * as fc from 'fast-check';
import { base64Url, utf8Length } from '../../src/core/text';

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
