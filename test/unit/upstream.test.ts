/**
 * Accuracy of the bundled snapshot against the real upstream data in ../shared/upstream (present on
 * the developers' machines and in CI, absent in a user's clone: then these tests skip and say why).
 * Nothing from ../shared is copied into the repository: it is read here, at test time.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { GRAPH_APP_ID } from '../../src/core/guid';
import { bundledStore, SHARED_UPSTREAM } from './helpers';

interface Deployment {
  id: string;
  scheme: string;
  environment: string;
  isEnabled: boolean;
  resourceAppId: string;
}

describe('bundled snapshot vs upstream devx-content data', function () {
  const file = path.join(SHARED_UPSTREAM, 'devx-provisioningInfo.json');
  let upstream: Record<string, Deployment[]> = {};

  before(function () {
    if (!fs.existsSync(file)) {
      console.log(`      (skipped: ${file} is absent — the upstream data lives in ../shared/upstream beside the project)`);
      this.skip();
    }
    upstream = (JSON.parse(fs.readFileSync(file, 'utf8')) as { permissionDeployments: Record<string, Deployment[]> }).permissionDeployments;
  });

  it('agrees on the name and kind of every Graph permission GUID both know', () => {
    const store = bundledStore();
    const up = new Map<string, { name: string; kind: string }>();
    for (const [name, deps] of Object.entries(upstream)) {
      for (const d of deps) {
        if (d.resourceAppId !== '' && d.resourceAppId !== GRAPH_APP_ID) continue;
        up.set(`${d.id.toLowerCase()}|${d.scheme === 'Application' ? 'Application' : 'Delegated'}`, { name, kind: d.scheme });
      }
    }
    let both = 0;
    const disagree: string[] = [];
    for (const p of store.permissions()) {
      if (p.resourceAppId !== GRAPH_APP_ID) continue;
      const u = up.get(`${p.id}|${p.kind}`);
      if (!u) continue;
      both++;
      if (u.name !== p.value) disagree.push(`${p.id} ${p.kind}: bundled ${p.value}, upstream ${u.name}`);
    }
    const graphCount = store.permissions().filter((p) => p.resourceAppId === GRAPH_APP_ID).length;
    console.log(`      bundled Graph permissions: ${graphCount}; also upstream: ${both}; upstream Graph entries: ${up.size}; name disagreements: ${disagree.length}`);
    assert.ok(both >= graphCount * 0.85, `only ${both} of ${graphCount} bundled GUIDs are upstream`);
    assert.deepStrictEqual(disagree, []);
  });
});
