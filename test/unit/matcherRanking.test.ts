/**
 * The least-privileged ranking beyond kibali's choice, on a small hand-made store: a permission
 * scoped to part of a resource (`Widget-Nesting.ReadWrite.All`) that upstream marks least on the
 * resource's own paths ranks after the general ones; a sub-feature's own permission on a path below
 * the resource keeps its rank, and so does one for an aspect of the resource (`ManageLocks`) unless a
 * plain one of the resource allows the call; for a read, a Read permission marked least ranks before a ReadWrite one.
 * And a GUID whose hex digits run in sequence is called unverified in the permission hover.
 */
import * as assert from 'assert';
import { GRAPH_APP_ID } from '../../src/core/permissions/guid';
import { PermissionStore } from '../../src/core/store/store';
import type { PathSetRecord, PermissionRecord, UpstreamScheme } from '../../src/core/store/storeData';
import { analyzeText, formatOf } from '../../src/core/analyze';
import { looksHandMade } from '../../src/core/permissions/guid';
import { permissionHover } from '../../src/core/permissions/permissionHover';
import { analyzeUsage, callHoverMarkdown, candidatesFor, detectGraphCalls, pathTableOf, reportJson, reportMarkdown, scopedLeastOf, scopedPart } from '../../src/core/leastPrivilege';

const BOTH: UpstreamScheme[] = ['DelegatedWork', 'Application'];
const LEAST = ['DelegatedWork', 'Application'] as UpstreamScheme[];

function set(methods: string[], paths: [string, boolean][]): PathSetRecord {
  return { schemes: BOTH, methods, paths: paths.map(([path, least]) => (least ? { path, least: LEAST } : { path })) };
}

let n = 0;
function records(value: string, level: number): PermissionRecord[] {
  const id = (k: number): string => `00000000-0000-4000-8000-${String(++n * 10 + k).padStart(12, '0')}`;
  const base = { value, displayName: value, description: value, adminConsentRequired: true, enabled: true, privilegeLevel: level };
  return [
    { ...base, id: id(1), kind: 'Delegated' },
    { ...base, id: id(2), kind: 'Application' },
  ];
}

const methods: Record<string, PathSetRecord[]> = {
  'Widget.ReadBasic.All': [set(['GET'], [['/widgets', true], ['/widgets/{id}', false], ['/widgets/delta', true]])],
  'Widget.Read.All': [set(['GET'], [['/widgets', false], ['/widgets/{id}', false], ['/widgets/delta', false], ['/widgets/{id}/runs', false]])],
  'Widget.ReadWrite.All': [set(['GET'], [['/widgets', false], ['/widgets/{id}', false]]), set(['PATCH'], [['/widgets/{id}', false]])],
  // One aspect of a widget (a qualified verb), at a lower privilege level than ReadWrite, not marked least.
  'Widget.ManageLocks.All': [set(['PATCH'], [['/widgets/{id}', false], ['/widgets/{id}/locks', false]])],
  // Scoped to one property of a widget, marked least on the widget's own paths.
  'Widget-Nesting.ReadWrite.All': [set(['GET'], [['/widgets', true], ['/widgets/{id}', true], ['/widgets/delta', true]]), set(['PATCH'], [['/widgets/{id}', true]])],
  // A sub-feature's own permission on a path below the resource.
  'Widget-Reports.Read.All': [set(['GET'], [['/widgets/{id}/runs', true]])],
  // Both marked least for GET /gadgets; kibali's rule picks the ReadWrite one (its only method here is GET).
  'Gadget.Read.All': [set(['GET', 'POST'], [['/gadgets', true]])],
  'Gadget.ReadWrite.All': [set(['GET'], [['/gadgets', true]])],
  // A Teams resource-specific consent permission marked least, beside a tenant one that is not.
  'Gizmo.Read.Chat': [set(['GET'], [['/gizmos', true]])],
  'Gizmo.Read.All': [set(['GET'], [['/gizmos', false]])],
};
const levels: Record<string, number> = { 'Widget.ManageLocks.All': 3, 'Widget.ReadBasic.All': 2, 'Widget.Read.All': 3, 'Widget.ReadWrite.All': 4, 'Widget-Nesting.ReadWrite.All': 2, 'Widget-Reports.Read.All': 2, 'Gadget.Read.All': 3, 'Gadget.ReadWrite.All': 3, 'Gizmo.Read.Chat': 1, 'Gizmo.Read.All': 3 };
const store = new PermissionStore({
  format: 1,
  provenance: { origin: 'upstream', sources: [], snapshotDate: '2026-01-01', generator: 'test', counts: {} },
  resourceApps: [{ appId: GRAPH_APP_ID, displayName: 'Microsoft Graph', permissions: Object.keys(methods).flatMap((v) => records(v, levels[v]).map((r) => (v.endsWith('.Chat') ? { ...r, rsc: true } : r))) }],
  methods,
});

const names = (method: string, path: string, kind: 'Delegated' | 'Application' = 'Delegated'): string[] => candidatesFor(store, { method, path }, kind).map((c) => c.name);

describe('least-privilege ranking: scoped permissions and reads', () => {
  it('names scoped to part of a resource', () => {
    assert.deepStrictEqual(scopedPart('Group-NestingSupport.ReadWrite.All'), { resource: 'Group', part: 'NestingSupport' });
    assert.deepStrictEqual(scopedPart('UserAuthMethod-Email.Read'), { resource: 'UserAuthMethod', part: 'Email' });
    assert.strictEqual(scopedPart('Group.ReadWrite.All'), undefined);
    assert.strictEqual(scopedPart('User.Read'), undefined);
  });

  it('the matcher still says what upstream marks (kibali): the scoped permission is the least-marked one', () => {
    const t = pathTableOf(store);
    const r = t.findResource('/widgets/{id}')!;
    assert.deepStrictEqual(t.leastPrivilege(r, 'PATCH', 'DelegatedWork'), [['Widget-Nesting.ReadWrite.All']]);
    assert.deepStrictEqual(t.leastPrivilege(t.findResource('/gadgets')!, 'GET', 'Application'), [['Gadget.ReadWrite.All']]);
  });

  it('only a scoped permission marked least on the resource itself: the general ones rank first, the scoped one last', () => {
    for (const kind of ['Delegated', 'Application'] as const) {
      assert.deepStrictEqual(names('GET', '/widgets/{id}', kind), ['Widget.ReadBasic.All', 'Widget.Read.All', 'Widget.ReadWrite.All', 'Widget-Nesting.ReadWrite.All']);
      assert.deepStrictEqual(names('PATCH', '/widgets/{id}', kind), ['Widget.ReadWrite.All', 'Widget-Nesting.ReadWrite.All', 'Widget.ManageLocks.All']);
    }
    const c = candidatesFor(store, { method: 'PATCH', path: '/widgets/{id}' }, 'Delegated');
    assert.deepStrictEqual(scopedLeastOf(c), { names: ['Widget-Nesting.ReadWrite.All'], only: true });
  });

  it('a general permission marked least too: it wins, the scoped one is named as also marked', () => {
    assert.strictEqual(names('GET', '/widgets')[0], 'Widget.ReadBasic.All');
    assert.strictEqual(names('GET', '/widgets/delta')[0], 'Widget.ReadBasic.All');
    assert.deepStrictEqual(scopedLeastOf(candidatesFor(store, { method: 'GET', path: '/widgets' }, 'Application')), { names: ['Widget-Nesting.ReadWrite.All'], only: false });
  });

  it('a permission for one aspect (a qualified verb) ranks after a plain one on the resource itself, not below it', () => {
    assert.strictEqual(names('PATCH', '/widgets/{id}')[0], 'Widget.ReadWrite.All');
    assert.deepStrictEqual(names('PATCH', '/widgets/{id}/locks'), ['Widget.ManageLocks.All']);
  });

  it('a sub-feature permission on a path below the resource keeps its rank', () => {
    assert.deepStrictEqual(names('GET', '/widgets/{id}/runs'), ['Widget-Reports.Read.All', 'Widget.Read.All']);
    assert.strictEqual(scopedLeastOf(candidatesFor(store, { method: 'GET', path: '/widgets/{id}/runs' }, 'Delegated')), undefined);
  });

  it('for a GET, a Read permission marked least ranks before a ReadWrite one, even when kibali picks the ReadWrite one', () => {
    assert.deepStrictEqual(names('GET', '/gadgets'), ['Gadget.Read.All', 'Gadget.ReadWrite.All']);
    assert.deepStrictEqual(names('GET', '/gadgets', 'Application'), ['Gadget.Read.All', 'Gadget.ReadWrite.All']);
  });

  it('the hover and the reports say why the least-marked scoped permission is not the choice', () => {
    const text = 'PATCH https://graph.microsoft.com/v1.0/widgets/0f0f0f0f-0000-4000-8000-000000000001\nContent-Type: application/json\n\n{}\n';
    const call = detectGraphCalls(text, formatOf('calls.http')!)[0];
    assert.strictEqual(`${call.method} ${call.path}`, 'PATCH /widgets/{id}');
    const hover = callHoverMarkdown(store, call);
    assert.match(hover, /`Widget\.ReadWrite\.All` \(least privileged\)/);
    assert.match(hover, /upstream marks only `Widget-Nesting\.ReadWrite\.All` least\\-privileged here, but it is scoped to part of the resource \\\(`Widget-Nesting`\\\)/);
    const r = analyzeUsage([{ path: 'calls.http', text }], store, { kind: 'Application' });
    assert.strictEqual(r.calls.length, 1);
    assert.strictEqual(r.calls[0].leastPrivileged, 'Widget.ReadWrite.All');
    assert.deepStrictEqual(r.calls[0].scopedLeast, { names: ['Widget-Nesting.ReadWrite.All'], only: true });
    const json = reportJson([r]) as { apps: { calls: { scopedLeast?: unknown }[] }[] };
    assert.deepStrictEqual(json.apps[0].calls[0].scopedLeast, { names: ['Widget-Nesting.ReadWrite.All'], only: true });
    assert.match(reportMarkdown([r]), /`Widget\.ReadWrite\.All` \*\(upstream marks only `Widget-Nesting\.ReadWrite\.All` least\\-privileged here/);
  });
});

describe('GUIDs that look hand-made', () => {
  it('sequential hex runs are flagged, random and well-known ids are not', () => {
    assert.strictEqual(looksHandMade('0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d'), true);
    assert.strictEqual(looksHandMade('e7f8a3b2-9c1d-4e5f-8a7b-2c3d4e5f6a7b'), true);
    assert.strictEqual(looksHandMade('df021288-bdef-4463-88db-98f22de89214'), false); // User.Read.All (Application)
    assert.strictEqual(looksHandMade('e1fe6dd8-ba31-4d61-89e7-88639da4683d'), false); // User.Read
    assert.strictEqual(looksHandMade(GRAPH_APP_ID), false);
    assert.strictEqual(looksHandMade('not a guid'), false);
  });
  it('the permission hover says such a GUID is unverified', () => {
    const s = new PermissionStore({
      format: 1,
      provenance: { origin: 'upstream', sources: [], snapshotDate: '2026-01-01', generator: 'test', counts: {} },
      resourceApps: [
        {
          appId: GRAPH_APP_ID,
          displayName: 'Microsoft Graph',
          permissions: [
            { id: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d', value: 'Widget.Tune.All', kind: 'Application', displayName: 'x', description: 'x', adminConsentRequired: true, enabled: true, hidden: true },
            { id: '3b5f9c2e-77a1-4d0e-9c4b-1e8f2a6d7c90', value: 'Widget.Read.All', kind: 'Application', displayName: 'x', description: 'x', adminConsentRequired: true, enabled: true },
          ],
        },
      ],
    });
    const hover = (text: string): string => {
      const a = analyzeText(text, 'json', s);
      const ref = a.references.find((x) => x.ref.position === 'resourceAccess' && x.permission);
      assert.ok(ref, 'the GUID resolves');
      return permissionHover(s, ref) ?? '';
    };
    const manifest = (id: string): string => `{"requiredResourceAccess":[{"resourceAppId":"${GRAPH_APP_ID}","resourceAccess":[{"id":"${id}","type":"Role"}]}]}`;
    assert.match(hover(manifest('0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d')), /Unverified GUID\\: `0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d` \\\(Application\\\)/);
    assert.doesNotMatch(hover(manifest('3b5f9c2e-77a1-4d0e-9c4b-1e8f2a6d7c90')), /Unverified GUID/);
  });
  it('a Teams resource-specific consent permission ranks after a tenant one, even when only it is marked least', () => {
    assert.deepStrictEqual(names('GET', '/gizmos'), ['Gizmo.Read.All', 'Gizmo.Read.Chat']);
    assert.deepStrictEqual(names('GET', '/gizmos', 'Application'), ['Gizmo.Read.All', 'Gizmo.Read.Chat']);
  });
});
