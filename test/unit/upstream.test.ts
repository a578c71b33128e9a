/**
 * Coverage of the bundled store against the real upstream data in ../shared/upstream (present on
 * the developers' machines and in CI, absent in a user's clone: then these tests skip and say why).
 * Nothing from ../shared is copied into the repository: it is read here, at test time.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { GRAPH_APP_ID } from '../../src/core/permissions/guid';
import type { PermissionStore } from '../../src/core/store/store';
import { loadStoreWithMetadata } from '../../src/platform/node/upstream';
import { bundledStore, ROOT, SHARED_UPSTREAM } from './helpers';

interface Deployment {
  id?: string;
  scheme: string;
  environment: string;
  isHidden?: boolean;
  isEnabled?: boolean;
  resourceAppId: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('bundled store vs the upstream devx-content snapshot (../shared/upstream)', function () {
  this.timeout(60000);
  const file = path.join(SHARED_UPSTREAM, 'devx-provisioningInfo.json');
  let upstream: Record<string, Deployment[]> = {};
  const store = bundledStore();

  before(function () {
    if (!fs.existsSync(file)) {
      console.log(`      (skipped: ${file} is absent — the upstream data lives in ../shared/upstream beside the project; a user's clone has none)`);
      this.skip();
    }
    upstream = (JSON.parse(fs.readFileSync(file, 'utf8')) as { permissionDeployments: Record<string, Deployment[]> }).permissionDeployments;
  });

  it('resolves every public, enabled, non-hidden Microsoft Graph GUID to its name and kind, offline', () => {
    let total = 0;
    const failures: string[] = [];
    for (const [name, deps] of Object.entries(upstream)) {
      for (const d of deps) {
        const graph = d.resourceAppId === '' || d.resourceAppId.toLowerCase() === GRAPH_APP_ID;
        const pub = d.environment.split(/[;,]/).some((e) => e.trim().toLowerCase() === 'public');
        if (!graph || !pub || !d.id || !GUID.test(d.id) || d.isHidden || d.isEnabled === false) continue;
        total++;
        const kind = d.scheme === 'Application' ? 'Application' : 'Delegated';
        const all = store.byIdAll(d.id);
        const hit = all.find((p) => p.value === name && p.kind === kind && p.resourceAppId === GRAPH_APP_ID);
        if (!hit) failures.push(`${d.id} ${name} ${kind}: resolves to ${all.map((p) => `${p.value} ${p.kind}`).join(', ') || 'nothing'}`);
        else if (hit.enabled !== true || hit.hidden) failures.push(`${name} ${kind}: marked enabled=${hit.enabled} hidden=${hit.hidden}`);
        // The name resolves too, to a permission of that kind.
        const m = store.byName(name);
        if (!m || m.name !== name || !(kind === 'Application' ? m.application : m.delegated)) failures.push(`${name}: the name does not resolve to its ${kind} permission`);
      }
    }
    console.log(`      public, enabled, visible Graph GUIDs upstream: ${total}; unresolved or wrong: ${failures.length}; bundled store: ${store.size} permissions`);
    assert.ok(total > 800, `only ${total} public Graph GUIDs upstream`);
    assert.deepStrictEqual(failures, []);
  });

  it('carries the hidden and disabled marks, privilege levels and admin consent of upstream', () => {
    let hidden = 0;
    for (const [name, deps] of Object.entries(upstream)) {
      for (const d of deps) {
        const graph = d.resourceAppId === '' || d.resourceAppId.toLowerCase() === GRAPH_APP_ID;
        const pub = d.environment.split(/[;,]/).some((e) => e.trim().toLowerCase() === 'public');
        if (!graph || !pub || !d.id || !GUID.test(d.id) || !d.isHidden) continue;
        const p = store.byIdAll(d.id).find((x) => x.value === name);
        assert.ok(p?.hidden, `${name} (${d.id}) is hidden upstream`);
        hidden++;
      }
    }
    assert.ok(hidden > 0);
    assert.strictEqual(store.privilegeLevel('Calls.AccessMedia.All', 'Application'), 3);
    assert.strictEqual(store.adminConsentRequired('User.Read', 'Delegated'), false);
    assert.strictEqual(store.adminConsentRequired('User.Read.All', 'Delegated'), true);
  });

  it('has the same methods per permission and kind as Update Metadata makes from the same files (the compact encoding loses nothing)', async () => {
    const imported: PermissionStore = await loadStoreWithMetadata(path.join(ROOT, 'data'), SHARED_UPSTREAM);
    let compared = 0;
    const differ: string[] = [];
    for (const p of imported.permissions()) {
      if (p.resourceAppId !== GRAPH_APP_ID) continue;
      const b = store.permissionOf(p.value, p.kind);
      if (!b) {
        differ.push(`${p.value} ${p.kind}: not bundled`);
        continue;
      }
      const x = JSON.stringify(imported.methodsOf(p));
      const y = JSON.stringify(store.methodsOf(b));
      compared++;
      if (x !== y) differ.push(`${p.value} ${p.kind}`);
      if (b.privilegeLevel !== imported.permissionOf(p.value, p.kind)?.privilegeLevel) differ.push(`${p.value} ${p.kind}: privilege level`);
    }
    console.log(`      permissions compared: ${compared}`);
    assert.deepStrictEqual(differ, []);
  });
});
