/**
 * Hostile inputs that once made a pass quadratic (scripts/bench/hostile.ts), each at a size where
 * the quadratic version took minutes (measured: it doubled its time per MB with each doubling of
 * the size) and the linear one takes well under a second. No wall-clock assertion: a regression
 * shows as mocha's timeout. `npm run bench` prints the time per MB at three sizes.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { HOSTILE } from '../../scripts/bench/hostile';
import { bundledData } from '../../src/platform/node/data';
import { PermissionStore } from '../../src/core/store/store';
import type { PermissionKind } from '../../src/core/store/storeData';
import { detectAuth } from '../../src/core/leastPrivilege/auth';
import { bundledStore, ROOT } from './helpers';

/** Bytes per case: where the old quadratic pass would have taken one to several minutes. */
const SIZES: Record<string, number> = {
  duplicates_one_line: 2_000_000,
  remove_list_element: 1_000_000,
  yaml_trailing_quotes: 512_000,
  plain_trailing_dots: 512_000,
  ts_import_braces: 512_000,
  ts_many_imports: 1_500_000,
  ps_connect_mggraph: 4_000_000,
  misplaced_entries: 2_000_000,
};

describe('linear on hostile input (sizes at which the quadratic passes took minutes)', function () {
  this.timeout(60000);
  const store = bundledStore();
  const model = bundledData(path.join(ROOT, 'data')).resources.get();

  for (const c of HOSTILE) {
    const size = SIZES[c.id];
    if (!size) continue; // yaml_document: parsed only up to 256 KiB; its trim is yaml_trailing_quotes
    it(`${c.id}: ${c.what} (${(size / 1e6).toFixed(1)} MB)`, () => {
      const text = c.make(size);
      assert.ok(text.length >= size * 0.9, `${text.length} chars`);
      assert.notStrictEqual(c.run(text, store, model), undefined);
    });
  }

  it('the duplicate rule reports every repeated entry of a one-line manifest, and each fix keeps valid JSON', () => {
    const text = HOSTILE.find((c) => c.id === 'duplicates_one_line')!.make(20_000);
    const r = HOSTILE.find((c) => c.id === 'duplicates_one_line')!.run(text, store) as { diagnostics: { code: string; fixes: { edits: { start: number; end: number; newText: string }[] }[] }[] };
    const dups = r.diagnostics.filter((d) => d.code === 'duplicate-permission');
    const entries = text.split('"type":"Scope"').length - 1;
    assert.strictEqual(dups.length, entries - 1);
    for (const d of dups.slice(0, 20)) {
      const e = d.fixes[0].edits[0];
      JSON.parse(text.slice(0, e.start) + e.newText + text.slice(e.end));
    }
  });

  it('Connect-MgGraph detection finds what a naive per-command reading finds, on random lines', () => {
    // The naive definition the linear pass implements: a command runs from `Connect-MgGraph` to the
    // next one, or to a line break not continued by a backtick, at most 2000 characters; an app-only
    // switch in it means Application, else -Scopes means Delegated.
    const CONNECT = /\bConnect-(?:Mg(?:Beta)?Graph|Graph)\b/gi;
    const APP = /\s-(CertificateThumbprint|CertificateName|CertificateSubjectName|Certificate|ClientSecretCredential|Identity|EnvironmentVariable)\b/i;
    const naive = (text: string) => {
      const starts = [...text.matchAll(CONNECT)].map((m) => m.index!);
      const out: { kind: PermissionKind; start: number }[] = [];
      starts.forEach((start, i) => {
        const limit = Math.min(text.length, start + 2000, i + 1 < starts.length ? starts[i + 1] : text.length);
        let end = limit;
        const lines = text.slice(start, limit).split('\n');
        let len = 0;
        for (let k = 0; k < lines.length - 1; k++) {
          len += lines[k].length;
          if (!/`[ \t\r]*$/.test(lines[k])) {
            end = start + len;
            break;
          }
          len += 1;
        }
        const cmd = text.slice(start, end);
        if (APP.test(cmd)) out.push({ kind: 'Application', start });
        else if (/\s-Scopes?\b/i.test(cmd)) out.push({ kind: 'Delegated', start });
      });
      return out;
    };
    const piece = fc.constantFrom('Connect-MgGraph', 'connect-mggraph', 'Connect-Graph', ' -Scopes', ' -scopes', '-Scopes', ' -Identity', '\t-CertificateThumbprint', ' -Certificate', ' -CertificateName', ' -ClientSecretCredential', ' -Identityx', '\n', ' `\n', ' ', 'x', '-', 'Connect-MgGraphX', 'a');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const now = detectAuth(text)
          .filter((e) => /^Connect-/i.test(e.evidence))
          .map((e) => ({ kind: e.kind, start: e.start }))
          .sort((x, y) => x.start - y.start);
        assert.deepStrictEqual(now, naive(text), JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('derived indexes are built once per store', () => {
  it('the methods of a permission are expanded once, not on every hover', () => {
    const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'permissions.json'), 'utf8'));
    const userRead = file.resourceApps[0].permissions.find((p: { value: string }) => p.value === 'User.Read');
    file.methods = { [userRead.value]: [{ schemes: ['DelegatedWork'], methods: ['GET'], paths: Array.from({ length: 2000 }, (_, i) => ({ path: `/users/{id}/p${i}` })) }] };
    const store = new PermissionStore(file);
    const p = store.byName('User.Read')!.delegated!;
    const first = store.methodsOf(p);
    assert.strictEqual(first?.length, 2000);
    assert.strictEqual(store.methodsOf(p), first, 'the same array: not rebuilt');
  });
});
