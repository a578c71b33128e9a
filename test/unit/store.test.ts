import * as assert from 'assert';
import { GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../src/core/permissions/guid';
import { damerauLevenshtein, PermissionStore, StoreFormatError } from '../../src/core/store/store';
import * as fs from 'fs';
import * as path from 'path';
import type { PermissionStoreFile } from '../../src/core/store/storeData';
import { bundledStore, ROOT } from './helpers';
import { searchItems } from '../../src/core/explorer/search';

describe('permission store (bundled snapshot)', () => {
  const store = bundledStore();

  it('looks a permission up by GUID, in any casing', () => {
    const p = store.byId('A7A681DC-756E-4909-B988-F160EDC6655F');
    assert.ok(p);
    assert.strictEqual(p.value, 'Calls.AccessMedia.All');
    assert.strictEqual(p.kind, 'Application');
    assert.strictEqual(p.resourceAppId, GRAPH_APP_ID);
    assert.strictEqual(p.adminConsentRequired, true);
  });

  it('returns both kinds for a name that is a scope and a role, with canonical casing', () => {
    const m = store.byName('mail.SEND');
    assert.ok(m);
    assert.strictEqual(m.name, 'Mail.Send');
    assert.strictEqual(m.delegated?.id, 'e383f46e-2787-4529-855e-0e479a3ffac0');
    assert.strictEqual(m.application?.id, 'b633e1c5-b582-4048-a93e-9f11b44c7e96');
    assert.strictEqual(m.delegated?.adminConsentRequired, false);
  });

  it('returns one kind for an application-only permission', () => {
    const m = store.byName('Calls.AccessMedia.All');
    assert.ok(m?.application);
    assert.strictEqual(m.delegated, undefined);
    assert.deepStrictEqual(store.kindsOf(m), ['Application']);
  });

  it('keeps SharePoint permissions apart from Graph ones of the same name', () => {
    const g = store.byName('Sites.FullControl.All');
    const s = store.byName('Sites.FullControl.All', SHAREPOINT_APP_ID);
    assert.ok(g?.application && s?.application);
    assert.notStrictEqual(g.application.id, s.application.id);
    assert.strictEqual(store.byName('AllSites.Read'), undefined, 'AllSites.Read is SharePoint only');
    assert.ok(store.byName('AllSites.Read', SHAREPOINT_APP_ID));
  });

  it('resolves a GUID shared by Graph and SharePoint to the resource app asked for, Graph by default', () => {
    const shared = 'df021288-bdef-4463-88db-98f22de89214'; // User.Read.All (Application) in both
    assert.strictEqual(store.byIdAll(shared).length, 2);
    assert.strictEqual(store.byId(shared)?.resourceAppId, GRAPH_APP_ID);
    assert.strictEqual(store.byId(shared, SHAREPOINT_APP_ID)?.resourceAppId, SHAREPOINT_APP_ID);
  });

  it('suggests names for near misses, casing first', () => {
    assert.deepStrictEqual(store.suggest('Calls.JoinGroupCallasGuest.All'), ['Calls.JoinGroupCallAsGuest.All']);
    assert.strictEqual(store.suggest('Directory.ReadAll')[0], 'Directory.Read.All');
    assert.strictEqual(store.suggest('User.Raed')[0], 'User.Read');
    assert.deepStrictEqual(store.suggest('TotallyUnrelated.Thing.Here'), []);
  });

  it('knows resource applications by id and by display name', () => {
    assert.strictEqual(store.resourceApp('Microsoft Graph')?.appId, GRAPH_APP_ID);
    assert.strictEqual(store.resourceApp('00000003-0000-0FF1-CE00-000000000000')?.displayName, 'Office 365 SharePoint Online');
    assert.strictEqual(store.resourceApp('00000002-0000-0ff1-ce00-000000000000')?.permissionCount, 0);
    assert.strictEqual(store.resourceApp('72f988bf-86f1-41af-91ab-2d7cd011db47'), undefined);
  });

  it('knows Graph permissions upstream provisions under another service (Sites.Archive.All, SharePoint), as Graph facts without sentences', () => {
    const m = store.byName('Sites.Archive.All');
    assert.ok(m, 'Sites.Archive.All resolves');
    assert.strictEqual(m.resourceAppId, GRAPH_APP_ID);
    assert.strictEqual(m.application?.id, 'e3530185-4080-478c-a4ab-39322704df58');
    assert.strictEqual(m.delegated?.id, 'f197ba50-025d-4958-8752-08d3306a19e7');
    assert.strictEqual(m.delegated?.hidden, true);
    assert.strictEqual(m.application?.servedBy, SHAREPOINT_APP_ID);
    assert.strictEqual(m.application?.description, '', 'no upstream sentence is bundled');
    assert.strictEqual(store.byId('e3530185-4080-478c-a4ab-39322704df58')?.value, 'Sites.Archive.All');
    assert.strictEqual(store.byName('Sites.Archive.All', SHAREPOINT_APP_ID), undefined, "not one of SharePoint's own permissions");
    // SharePoint keeps its own service principal's records: its Sites.Selected is not Graph's.
    assert.strictEqual(store.byName('Sites.Selected', SHAREPOINT_APP_ID)?.application?.id, '20d37865-089c-4dee-8c41-6967602d4ac8');
    assert.strictEqual(store.byName('Sites.Selected')?.application?.servedBy, SHAREPOINT_APP_ID);
  });

  it('records in its provenance the bundled records per resource app and per provisioning service', () => {
    const counts = store.provenance.counts;
    const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'permissions.json'), 'utf8')) as PermissionStoreFile;
    for (const app of file.resourceApps) assert.strictEqual(counts[`records:${app.appId}`], app.permissions.length, app.appId);
    const served = new Map<string, number>();
    for (const p of file.resourceApps[0].permissions) if (p.servedBy) served.set(p.servedBy, (served.get(p.servedBy) ?? 0) + 1);
    const recorded = Object.entries(counts).filter(([k]) => k.startsWith('servedBy:'));
    assert.deepStrictEqual(new Map(recorded.map(([k, n]) => [k.slice('servedBy:'.length), n])), served);
    assert.ok((served.get(SHAREPOINT_APP_ID) ?? 0) >= 2, 'SharePoint-provisioned Graph permissions are bundled');
  });

  it('tells its provenance and date', () => {
    assert.strictEqual(store.provenance.origin, 'bundled');
    assert.match(store.provenance.snapshotDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(store.provenance.sources.some((s) => s.package === '@microsoft/teamsfx-core' && s.version === '3.1.3'));
    assert.match(store.provenance.upstream?.commit ?? '', /^[0-9a-f]{40}$/);
    assert.strictEqual(store.describe(), `the bundled metadata (Microsoft Graph upstream of ${store.provenance.upstream?.date})`);
    assert.strictEqual(store.dataLabel, `bundled, upstream of ${store.provenance.upstream?.date}`);
    assert.strictEqual(store.isPartial, false);
    assert.ok(store.size > 1100, `expected every public Graph permission, got ${store.size}`);
  });
});

describe('permission store (validation)', () => {
  it('rejects text that is not JSON, or not a store', () => {
    assert.throws(() => PermissionStore.fromJson('{nope'), StoreFormatError);
    assert.throws(() => PermissionStore.fromJson('{"format": 99}'), /unexpected shape/);
    const bad = { format: 1, provenance: {}, resourceApps: [{ appId: GRAPH_APP_ID, displayName: 'G', permissions: [{ id: 'not-a-guid', value: 'X', kind: 'Application' }] }] };
    assert.throws(() => PermissionStore.fromJson(JSON.stringify(bad)), /invalid permission entry/);
  });
});

describe('damerauLevenshtein', () => {
  it('counts transpositions as one edit', () => {
    assert.strictEqual(damerauLevenshtein('user.raed', 'user.read'), 1);
    assert.strictEqual(damerauLevenshtein('abc', 'abc'), 0);
    assert.strictEqual(damerauLevenshtein('', 'abc'), 3);
    assert.strictEqual(damerauLevenshtein('directory.readall', 'directory.read.all'), 1);
  });
});

describe('store: one set of figures for every message', () => {
  it('counts names, GUIDs per kind and methods once; the search, the per-app figures and the text agree', () => {
    const s = bundledStore();
    const c = s.counts();
    assert.ok(c.names > 500, `${c.names} names`);
    assert.strictEqual(c.application + c.delegated, s.size, 'every GUID of each kind');
    assert.ok(c.names < s.size, 'a name with both kinds counts once');
    assert.strictEqual(searchItems(s).length, c.names, 'the Show Permission search lists one item per name');
    assert.strictEqual(s.resourceApps().reduce((n, a) => n + a.permissionCount, 0), c.names, 'the per-app figures (resource hover, completion) sum to the same');
    s.loadPathData();
    const withMethods = s.counts();
    assert.ok((withMethods.methods ?? 0) > 1000, `${withMethods.methods} methods`);
    assert.strictEqual(s.countsText(), `${c.names} permission names (${c.application} application and ${c.delegated} delegated GUIDs), ${withMethods.methods} Graph methods`);
    assert.match(s.dataDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.strictEqual(s.dataDate, s.provenance.upstream?.date ?? s.provenance.snapshotDate, 'the date of the data, not of the package');
  });
});
