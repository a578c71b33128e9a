import * as assert from 'assert';
import { analyzeText } from '../../src/core/analyze';
import { acceptsNames, convertAll } from '../../src/core/permissions/convert';
import { parseRuleOverrides, parseRuleOverridesArg, RULES, runRules } from '../../src/core/rules';
import { narrowerCandidates } from '../../src/core/rules/broaderThanSibling';
import { HIGH_PRIVILEGE, RISKY_PAIRS } from '../../src/core/rules/data/privilege';
import { riskOfPermission } from '../../src/core/permissions/risk';
import type { Diagnostic } from '../../src/core/rules/types';
import { applyEdits, removeListElement } from '../../src/core/rules/util';
import { PermissionStore } from '../../src/core/store/store';
import type { PermissionStoreFile } from '../../src/core/store/storeData';
import { bundledStore, fixture } from './helpers';
import { parse as parseJsoncText, type ParseError } from 'jsonc-parser';

/** Parses strictly (no trailing commas): a fix must leave valid JSON. */
function parseJsonc(text: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const v = parseJsoncText(text, errors, { allowTrailingComma: false, disallowComments: false }) as Record<string, unknown>;
  assert.deepStrictEqual(errors, [], `invalid JSON after the fix:\n${text}`);
  return v;
}

const store = bundledStore();
const GRAPH = '00000003-0000-0000-c000-000000000000';
const SPO = '00000003-0000-0ff1-ce00-000000000000';

/** A manifest with one resourceAccess block per app: entries are [id, type]. */
function manifest(blocks: [string, [string, string][]][]): string {
  const body = blocks
    .map(
      ([app, entries]) =>
        `    {\n      "resourceAppId": "${app}",\n      "resourceAccess": [\n${entries.map(([id, t]) => `        { "id": "${id}", "type": "${t}" }`).join(',\n')}\n      ]\n    }`,
    )
    .join(',\n');
  return `{\n  "requiredResourceAccess": [\n${body}\n  ]\n}\n`;
}

function diagnose(text: string, s: PermissionStore = store, overrides = {}): Diagnostic[] {
  const r = runRules(text, analyzeText(text, 'json', s), s, { overrides });
  assert.deepStrictEqual(r.errors, []);
  return r.diagnostics;
}
const only = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);
function fixed(text: string, d: Diagnostic, i = 0): string {
  assert.ok(d.fixes[i], `no fix #${i} on ${d.code}: ${d.message}`);
  return applyEdits(text, d.fixes[i].edits);
}

/** The bundled store re-labelled as fresh upstream data, or as a partial (npm-only) snapshot, to test severities that depend on it. */
function freshStore(origin: 'upstream' | 'partial' = 'upstream'): PermissionStore {
  const npmOnly = { ...store.provenance };
  delete npmOnly.upstream;
  const file: PermissionStoreFile = {
    format: 1,
    provenance: origin === 'upstream' ? { ...store.provenance, origin: 'upstream' } : npmOnly,
    resourceApps: [GRAPH, SPO].map((appId) => ({
      appId,
      displayName: store.resourceApp(appId)!.displayName,
      permissions: store.permissions().filter((p) => p.resourceAppId === appId),
    })),
  };
  return new PermissionStore(file);
}

describe('rules', () => {
  it('every rule has an id, severity and documentation, and ids are unique', () => {
    const ids = RULES.map((r) => r.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const r of RULES) {
      assert.match(r.id, /^[a-z]+(-[a-z]+)+$/);
      assert.ok(r.doc.summary && r.doc.help && r.doc.example, r.id);
    }
  });

  it('the all-rules fixture shows each rule at least once (the upstream-only marks aside)', () => {
    const codes = new Set(diagnose(fixture('rules', 'all-rules.json')).map((d) => d.code));
    assert.deepStrictEqual([...codes].sort(), RULES.map((r) => r.id).filter((id) => id !== 'hidden-or-disabled-permission').sort());
  });

  it('hidden-or-disabled-permission: reports disabled (warning) and hidden (information) permissions, silent otherwise', () => {
    const file: PermissionStoreFile = {
      format: 1,
      provenance: { ...store.provenance, origin: 'upstream' },
      resourceApps: [
        {
          appId: GRAPH,
          displayName: 'Microsoft Graph',
          permissions: [
            { id: '11111111-1111-4111-8111-111111111111', value: 'Widget.Read.All', kind: 'Application', displayName: 'w', description: 'w', adminConsentRequired: true, enabled: false },
            { id: '22222222-2222-4222-8222-222222222222', value: 'Gadget.Read.All', kind: 'Application', displayName: 'g', description: 'g', adminConsentRequired: true, enabled: true, hidden: true },
            { id: '33333333-3333-4333-8333-333333333333', value: 'Plain.Read.All', kind: 'Application', displayName: 'p', description: 'p', adminConsentRequired: true, enabled: true },
          ],
        },
      ],
    };
    const s = new PermissionStore(file);
    const text = manifest([[GRAPH, [['11111111-1111-4111-8111-111111111111', 'Role'], ['22222222-2222-4222-8222-222222222222', 'Role'], ['33333333-3333-4333-8333-333333333333', 'Role']]]]);
    const ds = only(diagnose(text, s), 'hidden-or-disabled-permission');
    assert.deepStrictEqual(ds.map((d) => [d.severity, d.message.split(' ')[0]]), [['warning', 'Widget.Read.All'], ['information', 'Gadget.Read.All']]);
    assert.deepStrictEqual(only(diagnose(fixture('rules', 'all-rules.json')), 'hidden-or-disabled-permission'), [], 'nothing hidden or disabled there');
  });

  it('hidden-or-disabled-permission works offline, from the bundled marks', () => {
    const hidden = store.permissions().find((p) => p.resourceAppId === GRAPH && p.kind === 'Application' && p.hidden && p.enabled)!;
    assert.ok(hidden, 'the bundled metadata marks hidden permissions');
    const ds = only(diagnose(manifest([[GRAPH, [[hidden.id, 'Role']]]])), 'hidden-or-disabled-permission');
    assert.deepStrictEqual(ds.map((d) => d.severity), ['information']);
    assert.match(ds[0].message, /is hidden in the bundled metadata \(Microsoft Graph upstream of/);
  });

  it('reports nothing on clean manifests and on the traps', () => {
    for (const f of ['graph-app-manifest.json', 'legacy-aad-manifest.json', 'aad.manifest.json', 'appsettings.json']) {
      const ds = diagnose(fixture('manifests', f)).filter((d) => d.code !== 'high-privilege' && d.code !== 'broader-than-sibling');
      assert.deepStrictEqual(ds.map((d) => d.message), [], f);
    }
  });

  describe('unknown-permission-id', () => {
    const text = manifest([[GRAPH, [['a7a681dc-756e-4909-b988-f160edc66550', 'Role']]]]);
    it('is an error with the bundled metadata (complete as of its upstream snapshot), naming it and the way out for newer ones', () => {
      const [d] = only(diagnose(text), 'unknown-permission-id');
      assert.strictEqual(d.severity, 'error');
      assert.match(d.message, /not a Microsoft Graph permission \(the bundled metadata \(Microsoft Graph upstream of \d{4}-\d{2}-\d{2}\); one published later needs Graph Permissions: Update Metadata\)/);
    });
    it('is information with a partial snapshot (npm packages alone), naming it and the way out', () => {
      const [d] = only(diagnose(text, freshStore('partial')), 'unknown-permission-id');
      assert.strictEqual(d.severity, 'information');
      assert.match(d.message, /not a Microsoft Graph permission in the bundled snapshot of \d{4}-\d{2}-\d{2}; update the metadata/);
    });
    it('is an error with fresh data', () => {
      const [d] = only(diagnose(text, freshStore()), 'unknown-permission-id');
      assert.strictEqual(d.severity, 'error');
    });
    it('flags a mangled GUID; ignores unknown GUIDs of other APIs and outside permission positions', () => {
      assert.match(only(diagnose(manifest([[GRAPH, [['e1fe6dd8-ba31-4d61', 'Scope']]]])), 'unknown-permission-id')[0].message, /not a well-formed GUID/);
      assert.deepStrictEqual(only(diagnose(manifest([['6c3b1a2d-9e8f-4a7b-b6c5-d4e3f2a1b0c9', [['0e1d2c3b-4a59-4687-9a8b-7c6d5e4f3a2b', 'Scope']]]])), 'unknown-permission-id'), []);
      assert.deepStrictEqual(diagnose('{"tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47", "scopes": ["0e1d2c3b-4a59-4687-9a8b-7c6d5e4f3a2b"]}'), []);
    });
  });

  describe('unknown-permission-name', () => {
    it('fixes casing (preferred) and near misses', () => {
      const text = manifest([['Microsoft Graph', [['Calls.JoinGroupCallasGuest.All', 'Role'], ['Directory.ReadAll', 'Role']]]]);
      const [casing, miss] = only(diagnose(text), 'unknown-permission-name');
      assert.strictEqual(casing.severity, 'warning');
      assert.ok(casing.fixes[0].preferred);
      assert.ok(fixed(text, casing).includes('"Calls.JoinGroupCallAsGuest.All"'));
      assert.match(miss.message, /Did you mean 'Directory\.Read\.All'/);
      assert.ok(fixed(text, miss).includes('"id": "Directory.Read.All"'));
    });
    it('keeps the resource URI prefix when fixing a scope string', () => {
      const text = '{"scopes": ["https://graph.microsoft.com/Mail.Sendd"]}';
      const [d] = only(diagnose(text), 'unknown-permission-name');
      assert.strictEqual(fixed(text, d), '{"scopes": ["https://graph.microsoft.com/Mail.Send"]}');
    });
    it('says nothing for names of custom APIs, or free-standing strings', () => {
      assert.deepStrictEqual(diagnose(manifest([['6c3b1a2d-9e8f-4a7b-b6c5-d4e3f2a1b0c9', [['Widgets.Read', 'Scope']]]])), []);
      assert.deepStrictEqual(diagnose('{"note": "Directory.ReadAll", "scopes": "api://x/Foo.Bar"}'), []);
    });
  });

  describe('permission-type-mismatch', () => {
    it('a role GUID declared as Scope: change the type (preferred)', () => {
      const text = manifest([[GRAPH, [['a7a681dc-756e-4909-b988-f160edc6655f', 'Scope']]]]);
      const [d] = only(diagnose(text), 'permission-type-mismatch');
      assert.strictEqual(d.severity, 'error');
      assert.strictEqual(d.fixes.length, 1, 'Calls.AccessMedia.All has no delegated form');
      assert.ok(fixed(text, d).includes('{ "id": "a7a681dc-756e-4909-b988-f160edc6655f", "type": "Role" }'));
    });
    it('offers the GUID of the declared kind where the permission has both', () => {
      const text = manifest([[GRAPH, [['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Scope']]]]);
      const [d] = only(diagnose(text), 'permission-type-mismatch');
      assert.strictEqual(d.fixes.length, 2);
      assert.ok(fixed(text, d, 1).includes('{ "id": "e383f46e-2787-4529-855e-0e479a3ffac0", "type": "Scope" }'));
    });
    it('a name that exists only as the other kind', () => {
      const text = manifest([['Microsoft Graph', [['Calls.AccessMedia.All', 'Scope']]]]);
      const [d] = only(diagnose(text), 'permission-type-mismatch');
      assert.ok(fixed(text, d).includes('"type": "Role"'));
    });
    it('is silent when the type fits, and for a GUID both kinds share', () => {
      assert.deepStrictEqual(only(diagnose(manifest([[GRAPH, [['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope'], ['405a51b5-8d8d-430b-9842-8be4b0e9f324', 'Scope'], ['405a51b5-8d8d-430b-9842-8be4b0e9f324', 'Role']]]])), 'permission-type-mismatch'), []);
    });
  });

  describe('wrong-resource-app', () => {
    it('Sites.Archive.All (a Graph GUID upstream provisions under SharePoint) is right under Graph and wrong under SharePoint', () => {
      const underGraph = manifest([[GRAPH, [['e3530185-4080-478c-a4ab-39322704df58', 'Role']]]]);
      const ds = diagnose(underGraph);
      assert.deepStrictEqual(only(ds, 'wrong-resource-app'), []);
      assert.deepStrictEqual(only(ds, 'unknown-permission-id'), []);
      const [d] = only(diagnose(manifest([[SPO, [['e3530185-4080-478c-a4ab-39322704df58', 'Role']]]])), 'wrong-resource-app');
      assert.match(d.message, /Sites\.Archive\.All is a Microsoft Graph permission, but it is listed under Office 365 SharePoint Online/);
    });
    it('a Graph GUID under SharePoint, fixed by moving the block to Graph', () => {
      const text = manifest([[SPO, [['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Role']]]]);
      const [d] = only(diagnose(text), 'wrong-resource-app');
      assert.match(d.message, /Mail\.Send is a Microsoft Graph permission, but it is listed under Office 365 SharePoint Online/);
      assert.ok(fixed(text, d).includes(`"resourceAppId": "${GRAPH}"`));
    });
    it('a mixed block: the entry moves to a new Graph block; a GUID both apps share is fine', () => {
      const text = manifest([[SPO, [['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Role'], ['df021288-bdef-4463-88db-98f22de89214', 'Role']]]]);
      const ds = only(diagnose(text), 'wrong-resource-app');
      assert.strictEqual(ds.length, 1);
      assert.deepStrictEqual(ds[0].fixes.map((f) => [f.title, !!f.preferred]), [['Move to a new Microsoft Graph block', true]]);
      const out = parseJsonc(fixed(text, ds[0]));
      assert.deepStrictEqual(out.requiredResourceAccess, [
        { resourceAppId: SPO, resourceAccess: [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }] },
        { resourceAppId: GRAPH, resourceAccess: [{ id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', type: 'Role' }] },
      ]);
      assert.deepStrictEqual(only(diagnose(fixed(text, ds[0])), 'wrong-resource-app'), [], 'fixed');
    });
    it('an entry under another API moves into the existing Graph block instead of renaming its block', () => {
      // Graph block first, the stray entry in the SharePoint block after it (and the other way round).
      for (const order of ['graph-first', 'spo-first'] as const) {
        const graph: [string, [string, string][]] = [GRAPH, [['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope']]];
        const spo: [string, [string, string][]] = [SPO, [['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Role']]];
        const mixed: [string, [string, string][]] = [SPO, [['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Role'], ['df021288-bdef-4463-88db-98f22de89214', 'Role']]];
        for (const other of [spo, mixed]) {
          const text = manifest(order === 'graph-first' ? [graph, other] : [other, graph]);
          const [d] = only(diagnose(text), 'wrong-resource-app');
          assert.deepStrictEqual(d.fixes.map((f) => f.title), ['Move to the Microsoft Graph block'], `${order}, ${other[1].length} entries`);
          const out = fixed(text, d);
          const json = parseJsonc(out);
          const blocks = json.requiredResourceAccess as { resourceAppId: string; resourceAccess: { id: string }[] }[];
          assert.strictEqual(blocks.filter((b) => b.resourceAppId === GRAPH).length, 1, `one Graph block: ${out}`);
          const g = blocks.find((b) => b.resourceAppId === GRAPH)!;
          assert.deepStrictEqual(g.resourceAccess.map((e) => e.id), ['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'b633e1c5-b582-4048-a93e-9f11b44c7e96']);
          // The SharePoint block keeps its own entry, or goes when the move empties it.
          assert.deepStrictEqual(blocks.filter((b) => b.resourceAppId === SPO).map((b) => b.resourceAccess.map((e) => e.id)), other === mixed ? [['df021288-bdef-4463-88db-98f22de89214']] : []);
          assert.deepStrictEqual(diagnose(out).filter((x) => x.code === 'wrong-resource-app' || x.code === 'duplicate-resource-app'), [], out);
        }
      }
    });
    it('a Graph GUID under an unknown API is reported; a SharePoint-only name under Graph too', () => {
      assert.match(only(diagnose(manifest([['6c3b1a2d-9e8f-4a7b-b6c5-d4e3f2a1b0c9', [['a7a681dc-756e-4909-b988-f160edc6655f', 'Role']]]])), 'wrong-resource-app')[0].message, /under the resource app 6c3b1a2d/);
      const names = manifest([['Microsoft Graph', [['AllSites.Read', 'Scope']]]]);
      const [d] = only(diagnose(names), 'wrong-resource-app');
      assert.ok(fixed(names, d).includes('"resourceAppId": "Office 365 SharePoint Online"'), 'written as a name, fixed as a name');
    });
  });

  describe('duplicate-resource-app', () => {
    it('two blocks for Graph: reported on the later one, merged into the first, repeats dropped, valid JSON', () => {
      const text = manifest([
        [GRAPH, [['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope']]],
        [SPO, [['4e0d77b0-96ba-4398-af14-3baa780278f4', 'Scope']]],
        [GRAPH, [['E1FE6DD8-BA31-4D61-89E7-88639DA4683D', 'Scope'], ['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Role']]],
      ]);
      const ds = only(diagnose(text), 'duplicate-resource-app');
      assert.strictEqual(ds.length, 1);
      const [d] = ds;
      assert.strictEqual(d.severity, 'warning');
      assert.strictEqual(text.slice(d.start, d.end), GRAPH);
      assert.ok(d.start > text.indexOf(SPO), 'on the later block');
      assert.match(d.message, /Microsoft Graph already has a requiredResourceAccess block above/);
      assert.deepStrictEqual(d.fixes.map((f) => [f.title, !!f.preferred]), [['Merge into the first Microsoft Graph block', true]]);
      const out = fixed(text, d);
      assert.deepStrictEqual(parseJsonc(out).requiredResourceAccess, [
        { resourceAppId: GRAPH, resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }, { id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', type: 'Role' }] },
        { resourceAppId: SPO, resourceAccess: [{ id: '4e0d77b0-96ba-4398-af14-3baa780278f4', type: 'Scope' }] },
      ]);
      assert.deepStrictEqual(only(diagnose(out), 'duplicate-resource-app'), []);
    });
    it('a name and a GUID for the same app are duplicates; one-line JSON and an empty first list stay valid', () => {
      const text = `{"requiredResourceAccess":[{"resourceAppId":"Microsoft Graph","resourceAccess":[]},{"resourceAppId":"${GRAPH}","resourceAccess":[{"id":"User.Read","type":"Scope"}]}],"x":1}`;
      const [d] = only(diagnose(text), 'duplicate-resource-app');
      assert.ok(d);
      const out = fixed(text, d);
      assert.deepStrictEqual(parseJsonc(out), { requiredResourceAccess: [{ resourceAppId: 'Microsoft Graph', resourceAccess: [{ id: 'User.Read', type: 'Scope' }] }], x: 1 });
    });
    it('one block per app, or blocks of different apps: nothing', () => {
      assert.deepStrictEqual(only(diagnose(manifest([[GRAPH, [['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope']]], [SPO, [['4e0d77b0-96ba-4398-af14-3baa780278f4', 'Scope']]]])), 'duplicate-resource-app'), []);
    });
  });

  describe('duplicate-permission', () => {
    it('removes the repeat and leaves valid JSON', () => {
      const text = manifest([[GRAPH, [['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope'], ['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Role'], ['E1FE6DD8-BA31-4D61-89E7-88639DA4683D', 'Scope']]]]);
      const [d] = only(diagnose(text), 'duplicate-permission');
      assert.match(d.message, /User\.Read \(Delegated\) is already listed \(first on line 6\)/);
      const out = fixed(text, d);
      assert.doesNotThrow(() => JSON.parse(out));
      assert.strictEqual(JSON.parse(out).requiredResourceAccess[0].resourceAccess.length, 2);
      assert.strictEqual(out, manifest([[GRAPH, [['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope'], ['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Role']]]]));
    });
    it('the same name as both kinds is not a duplicate', () => {
      assert.deepStrictEqual(only(diagnose(manifest([[GRAPH, [['b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Role'], ['e383f46e-2787-4529-855e-0e479a3ffac0', 'Scope']]]])), 'duplicate-permission'), []);
    });
    it('removeListElement handles first, middle, last and only elements', () => {
      const t = '[ {"a":1}, {"b":2}, {"c":3} ]';
      const at = (s: string) => [t.indexOf(s), t.indexOf(s) + s.length] as const;
      assert.strictEqual(applyEdits(t, [removeListElement(t, ...at('{"a":1}'))]), '[ {"b":2}, {"c":3} ]');
      assert.strictEqual(applyEdits(t, [removeListElement(t, ...at('{"b":2}'))]), '[ {"a":1}, {"c":3} ]');
      assert.strictEqual(applyEdits(t, [removeListElement(t, ...at('{"c":3}'))]), '[ {"a":1}, {"b":2} ]');
      assert.strictEqual(applyEdits('[\n  {"a":1}\n]', [removeListElement('[\n  {"a":1}\n]', 4, 11)]), '[\n]');
      // A comment between the entries: the separating comma behind it goes too, so the JSON stays valid.
      for (const c of ['[{"a":1}, /* c */ {"b":2}]', '[\n  {"a":1}, // c\n  {"b":2}\n]', '[{"a":1}, /* "//" */ {"b":2}]']) {
        const out = applyEdits(c, [removeListElement(c, c.indexOf('{"b"'), c.indexOf('{"b"') + 7)]);
        assert.deepStrictEqual(JSON.parse(out.replace(/\/\*[^]*?\*\//g, '').replace(/\/\/[^\n]*/g, '')), [{ a: 1 }], `${c} → ${out}`);
      }
      // A URL in a string is not a comment.
      const u = '["https://x", {"b":2}]';
      assert.strictEqual(applyEdits(u, [removeListElement(u, u.indexOf('{"b"'), u.indexOf('{"b"') + 7)]), '["https://x"]');
    });
  });

  describe('high-privilege', () => {
    it('flags tenant-takeover roles with the reason; application Mail.ReadWrite but not delegated', () => {
      const text = manifest([[GRAPH, [['9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', 'Role'], ['e2a3a72e-5f79-4c64-b1b1-878b674786c9', 'Role'], ['024d486e-b451-40bb-833d-3e66d98c5c73', 'Scope']]]]);
      const ds = only(diagnose(text), 'high-privilege');
      assert.deepStrictEqual(ds.map((d) => d.message.split(' is a ')[0]), ['RoleManagement.ReadWrite.Directory (Application)', 'Mail.ReadWrite (Application)']);
      assert.match(ds[0].message, /Global Administrator/);
    });
    it('flags a kind Microsoft rates privilege level 4 of 4, saying so; not a lower-rated one outside the documented list', () => {
      const chat = store.byName('Chat.Read.All')!; // level 4 for Application upstream, not in the documented list as Delegated
      assert.strictEqual(chat.application?.privilegeLevel, 4);
      const lvl4 = store.permissions().find((p) => p.kind === 'Application' && p.privilegeLevel === 4 && p.resourceAppId === GRAPH && !HIGH_PRIVILEGE.some((e) => e.name === p.value))!;
      const low = store.permissions().find((p) => p.kind === 'Application' && p.privilegeLevel === 2 && p.resourceAppId === GRAPH && !HIGH_PRIVILEGE.some((e) => e.name === p.value))!;
      const ds = only(diagnose(manifest([[GRAPH, [[lvl4.id, 'Role'], [low.id, 'Role']]]])), 'high-privilege');
      assert.deepStrictEqual(ds.map((d) => d.message.split(' is a ')[0]), [`${lvl4.value} (Application)`]);
      assert.match(ds[0].message, /privilege level 4 of 4 \(the highest\) in Microsoft's published permission data/);
    });
    it('an MSAL scope of unknown kind is flagged only when every kind of it is high-privilege', () => {
      // `scopes` are delegated: Mail.Send as a scope is not the tenant-wide role.
      assert.deepStrictEqual(only(diagnose('{"scopes": "Mail.Send RoleManagement.ReadWrite.Directory"}'), 'high-privilege').length, 1);
      // `permissions` does not say the kind.
      const ds = only(diagnose('{"permissions": ["Mail.Send", "RoleManagement.ReadWrite.Directory"]}'), 'high-privilege');
      assert.deepStrictEqual(ds.length, 1);
      // The message gives the score of each kind and says the text does not tell which is meant.
      assert.match(ds[0].message, /^RoleManagement\.ReadWrite\.Directory is a high-privilege permission whichever kind is meant \(the text does not say\): risk 10\.0 as Application, 9\.0 as Delegated ≥ threshold 7\.0; as Application it can assign any Entra role/);
    });

    describe('the risk threshold', () => {
      const at = (text: string, riskThreshold?: number): Diagnostic[] => {
        const r = runRules(text, analyzeText(text, 'json', store), store, riskThreshold === undefined ? {} : { riskThreshold });
        assert.deepStrictEqual(r.errors, []);
        return only(r.diagnostics, 'high-privilege');
      };
      // Scores (bundled data): RoleManagement.ReadWrite.Directory Application 10.0 (Tier 0), Chat.Read.All
      // Application 8.0 (level 4, admin consent, Application), Mail.ReadWrite Application 7.0 (the
      // documented list's floor), User.Read.All Application 6.5 (level 3, admin consent, Application).
      const ids = { rm: '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', chat: '6b7d71aa-70aa-4810-a8d9-5d9fb2830017', mail: 'e2a3a72e-5f79-4c64-b1b1-878b674786c9', users: 'df021288-bdef-4463-88db-98f22de89214' };
      const text = manifest([[GRAPH, Object.values(ids).map((id) => [id, 'Role'] as [string, string])]]);
      const names = (ds: Diagnostic[]): string[] => ds.map((d) => d.message.split(' ')[0]);
      it('reports a score at or above the threshold, not below (boundaries inclusive)', () => {
        assert.strictEqual(riskOfPermission(store.byId(ids.users)!).score, 6.5);
        assert.strictEqual(riskOfPermission(store.byId(ids.mail)!).score, 7.0);
        assert.strictEqual(riskOfPermission(store.byId(ids.chat)!).score, 8.0);
        assert.deepStrictEqual(names(at(text)), ['RoleManagement.ReadWrite.Directory', 'Chat.Read.All', 'Mail.ReadWrite'], 'default 7.0');
        assert.deepStrictEqual(names(at(text, 7.0)), ['RoleManagement.ReadWrite.Directory', 'Chat.Read.All', 'Mail.ReadWrite']);
        assert.deepStrictEqual(names(at(text, 7.05)), ['RoleManagement.ReadWrite.Directory', 'Chat.Read.All']);
        assert.deepStrictEqual(names(at(text, 8.0)), ['RoleManagement.ReadWrite.Directory', 'Chat.Read.All']);
        assert.deepStrictEqual(names(at(text, 8.1)), ['RoleManagement.ReadWrite.Directory']);
        assert.deepStrictEqual(names(at(text, 10)), ['RoleManagement.ReadWrite.Directory']);
        assert.deepStrictEqual(names(at(text, 6.5)), ['RoleManagement.ReadWrite.Directory', 'Chat.Read.All', 'Mail.ReadWrite', 'User.Read.All']);
        assert.deepStrictEqual(names(at(text, 6.45)), names(at(text, 6.5)));
      });
      it('the message shows the score, the threshold and why', () => {
        const [rm, chat, mail, users] = at(text, 0);
        assert.match(rm.message, /^RoleManagement\.ReadWrite\.Directory \(Application\) is a high-privilege permission: risk 10\.0 ≥ threshold 0\.0; it can assign any Entra role, Global Administrator included/);
        assert.match(chat.message, /^Chat\.Read\.All \(Application\) is a high-privilege permission: risk 8\.0 ≥ threshold 0\.0; it can read every Teams chat message/);
        assert.match(mail.message, /risk 7\.0 ≥ threshold 0\.0; it can read, change and delete mail in every mailbox/);
        assert.match(users.message, /^User\.Read\.All \(Application\) is a high-privilege permission: risk 6\.5 ≥ threshold 0\.0; it scores privilege level 3, admin consent, Application \(tenant-wide\)\.$/);
      });
      it('a level-4 delegated permission with admin consent reaches the default; User.Read (3.0) only a threshold at or below its score', () => {
        const gm = store.byName('GroupMember.ReadWrite.All')!;
        assert.strictEqual(gm.delegated?.privilegeLevel, 4);
        const ds = at(manifest([[GRAPH, [[gm.delegated!.id, 'Scope']]]]));
        assert.match(ds[0].message, /^GroupMember\.ReadWrite\.All \(Delegated\) is a high-privilege permission: risk 7\.0 ≥ threshold 7\.0; it is rated privilege level 4 of 4/);
        assert.deepStrictEqual(at(manifest([[GRAPH, [['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope']]]]), 0.1).length, 1, 'User.Read scores 3.0');
        assert.deepStrictEqual(at(manifest([[GRAPH, [['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope']]]]), 3.1).length, 0);
      });
      it('a name of unknown kind: the lower of its kinds decides', () => {
        // Mail.Send: Application 7.0 (listed), Delegated 4.5 — reported only when both reach the threshold.
        const m = store.byName('Mail.Send')!;
        const low = Math.min(riskOfPermission(m.application!).score, riskOfPermission(m.delegated!).score);
        assert.deepStrictEqual(at('{"permissions": ["Mail.Send"]}').length, 0);
        assert.deepStrictEqual(at('{"permissions": ["Mail.Send"]}', low + 0.1).length, 0);
        const ds = at('{"permissions": ["Mail.Send"]}', low);
        assert.strictEqual(ds.length, 1);
        assert.match(ds[0].message, /whichever kind is meant \(the text does not say\): risk 7\.0 as Application, \d\.\d as Delegated ≥ threshold/);
      });
    });
    it('every classified name exists in the store, with a reason and a source', () => {
      for (const e of HIGH_PRIVILEGE) {
        const m = store.byName(e.name);
        assert.ok(m, e.name);
        assert.strictEqual(m.name, e.name, 'canonical casing');
        assert.ok(e.kinds.some((k) => store.kindsOf(m).includes(k)), `${e.name} kinds`);
        assert.ok(e.reason.length > 20 && e.source, e.name);
      }
      for (const p of RISKY_PAIRS) assert.ok(store.byName(p.a) && store.byName(p.b), `${p.a} + ${p.b}`);
    });
  });

  describe('broader-than-sibling', () => {
    it('suggests the narrower siblings of the same kind and narrows GUIDs to GUIDs', () => {
      const text = manifest([[GRAPH, [['1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'Role']]]]); // Application.ReadWrite.All (Application)
      const ds = only(diagnose(text), 'broader-than-sibling');
      assert.strictEqual(ds.length, 1);
      assert.strictEqual(ds[0].severity, 'information');
      assert.deepStrictEqual(ds[0].fixes.map((f) => f.title), ['Narrow to Application.Read.All', 'Narrow to Application.ReadWrite.OwnedBy']);
      for (let i = 0; i < 2; i++) {
        const id = /"id": "([^"]+)"/.exec(fixed(text, ds[0], i))![1];
        assert.strictEqual(store.byId(id)?.kind, 'Application');
      }
      assert.strictEqual(store.byId(/"id": "([^"]+)"/.exec(fixed(text, ds[0]))![1])?.value, 'Application.Read.All');
    });
    it('is silent where no narrower sibling of that kind exists', () => {
      assert.deepStrictEqual(only(diagnose(manifest([[GRAPH, [['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope']]]])), 'broader-than-sibling'), []);
    });
    it('narrows names as names', () => {
      const text = '{"scopes": ["Mail.ReadWrite"]}';
      const [d] = only(diagnose(text), 'broader-than-sibling');
      assert.strictEqual(fixed(text, d), '{"scopes": ["Mail.Read"]}');
    });
    it('candidate names follow the documented patterns', () => {
      assert.deepStrictEqual(narrowerCandidates('User.Read.All').slice(0, 2), ['User.ReadBasic.All', 'User.Read.OwnedBy']);
      assert.ok(narrowerCandidates('Application.ReadWrite.All').includes('Application.ReadWrite.OwnedBy'));
      assert.ok(narrowerCandidates('Sites.FullControl.All').includes('Sites.Selected'));
      assert.deepStrictEqual(narrowerCandidates('User.Read'), []);
    });
  });

  describe('risky-combination', () => {
    it('reports the pair once, on the later entry, naming the other', () => {
      const text = manifest([[GRAPH, [['29c18626-4985-4dcd-85c0-193eef327366', 'Role'], ['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope'], ['50483e42-d915-4231-9639-7fdb7fd190e5', 'Role']]]]);
      const ds = only(diagnose(text), 'risky-combination');
      assert.strictEqual(ds.length, 1);
      assert.match(ds[0].message, /^UserAuthenticationMethod\.ReadWrite\.All with Policy\.ReadWrite\.AuthenticationMethod \(line 6\): .*Temporary Access Pass/);
    });
    it('one of the two alone is not a combination', () => {
      assert.deepStrictEqual(only(diagnose(manifest([[GRAPH, [['29c18626-4985-4dcd-85c0-193eef327366', 'Role']]]])), 'risky-combination'), []);
    });
  });

  describe('overrides', () => {
    const text = fixture('rules', 'all-rules.json');
    it('turns rules off and changes severities', () => {
      const ds = diagnose(text, store, { 'high-privilege': 'off', 'duplicate-permission': 'error' });
      assert.deepStrictEqual(only(ds, 'high-privilege'), []);
      assert.ok(only(ds, 'duplicate-permission').every((d) => d.severity === 'error'));
    });
    it('validates settings and CLI forms with clear problems', () => {
      assert.deepStrictEqual(parseRuleOverrides({ 'high-privilege': 'Info' }).overrides, { 'high-privilege': 'information' });
      assert.match(parseRuleOverrides({ 'no-such-rule': 'off' }).problems[0], /unknown rule 'no-such-rule'/);
      assert.match(parseRuleOverrides({ 'high-privilege': 'loud' }).problems[0], /severity must be one of/);
      assert.deepStrictEqual(parseRuleOverridesArg('high-privilege=off, duplicate-permission=error').overrides, { 'high-privilege': 'off', 'duplicate-permission': 'error' });
      assert.deepStrictEqual(parseRuleOverridesArg('{"high-privilege":"hint"}').overrides, { 'high-privilege': 'hint' });
      assert.match(parseRuleOverridesArg('high-privilege').problems[0], /expected id=severity/);
    });
  });

  it('never throws on broken input, and ranges stay inside the text', () => {
    const texts = ['', '{', fixture('manifests', 'broken.json'), '{"requiredResourceAccess":[{"resourceAppId":"Microsoft Graph","resourceAccess":[{"id":"","type":5},{"id":"Mail.Send"}]}]}'];
    for (const t of texts) for (const d of diagnose(t)) assert.ok(d.start >= 0 && d.end <= t.length && d.start <= d.end);
  });
});

describe('GUID ↔ name conversion', () => {
  it('converts an aad.manifest.json to GUIDs and back, losslessly', () => {
    const text = fixture('manifests', 'aad.manifest.json');
    const a = analyzeText(text, 'json', store);
    assert.ok(acceptsNames('/x/aad.manifest.json', a));
    const toGuids = convertAll(a, 'toGuids');
    assert.strictEqual(toGuids.converted, 3);
    const guids = applyEdits(text, toGuids.edits);
    assert.ok(guids.includes('"id": "a7a681dc-756e-4909-b988-f160edc6655f", "type": "Role"'));
    assert.ok(guids.includes('"id": "e383f46e-2787-4529-855e-0e479a3ffac0", "type": "Scope"'), 'Mail.Send as Scope → delegated GUID');
    const back = applyEdits(guids, convertAll(analyzeText(guids, 'json', store), 'toNames').edits);
    assert.strictEqual(back, text);
  });
  it('skips what it cannot convert, with the reason', () => {
    const text = '{"requiredResourceAccess":[{"resourceAppId":"Microsoft Graph","resourceAccess":[{"id":"Mail.Send"},{"id":"Nope.Nothing"}]}]}';
    const r = convertAll(analyzeText(text, 'json', store), 'toGuids');
    assert.strictEqual(r.converted, 0);
    assert.deepStrictEqual(r.skipped, ['Mail.Send is both a delegated and an application permission: add "type" to choose', 'Nope.Nothing is not a known permission']);
  });
  it('an Entra manifest (GUID resourceAppId, not aad.manifest.json) does not accept names', () => {
    assert.strictEqual(acceptsNames('/x/app.json', analyzeText(fixture('manifests', 'graph-app-manifest.json'), 'json', store)), false);
  });
});
