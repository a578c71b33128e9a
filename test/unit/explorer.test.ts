import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/core/analyze';
import { detailHtml, detailModel, makeNonce } from '../../src/core/explorer/detail';
import { formatRisk, riskOfPermission } from '../../src/core/permissions/risk';
import { commandArgs, parsePermissionArg, permissionDetailsLink } from '../../src/core/explorer/hoverLink';
import { describeLocation, excludeGlob, expandBraces, isBinary, skipReason, usagesOfFile, WorkspaceInventory } from '../../src/core/explorer/inventory';
import { findEntry, groupByResource, permissionEntries, rankByRisk, resourceSegment, riskLabel } from '../../src/core/explorer/model';
import { mapPermissionToResources, RESOURCE_TYPES, ResourceIndex } from '../../src/core/explorer/resources';
import { filterItems, searchItems } from '../../src/core/explorer/search';
import { GRAPH_APP_ID } from '../../src/core/permissions/guid';
import { PermissionStore } from '../../src/core/store/store';
import { STORE_FORMAT, type PermissionStoreFile } from '../../src/core/store/storeData';
import { bundledStore, fixture, ROOT } from './helpers';

const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';
const CALLS_APP = 'a7a681dc-756e-4909-b988-f160edc6655f';

let resourceIndex: ResourceIndex | undefined;
function resources(): ResourceIndex {
  return (resourceIndex ??= ResourceIndex.fromJson(fs.readFileSync(path.join(ROOT, 'data', 'resources.json'), 'utf8')));
}

describe('explorer: tree model', () => {
  it('groups every permission name once by resource app and first name segment', () => {
    const store = bundledStore();
    const apps = groupByResource(store);
    assert.strictEqual(apps[0].resourceAppId, GRAPH_APP_ID, 'Microsoft Graph comes first');
    const names = new Set(store.permissions().map((p) => `${p.resourceAppId}|${p.value}`));
    const listed = apps.flatMap((a) => a.groups.flatMap((g) => g.entries.map((e) => `${e.resourceAppId}|${e.name}`)));
    assert.strictEqual(listed.length, names.size, 'one entry per name and app');
    assert.deepStrictEqual(new Set(listed), names);
    for (const a of apps) for (const g of a.groups) for (const e of g.entries) assert.strictEqual(resourceSegment(e.name), g.resource);
    const calls = apps[0].groups.find((g) => g.resource === 'Calls');
    assert.ok(calls, 'a Calls group');
    const cam = calls.entries.find((e) => e.name === 'Calls.AccessMedia.All');
    assert.ok(cam);
    assert.deepStrictEqual(cam.kinds, ['Application']);
    assert.ok(cam.displayText.length > 0);
    assert.ok(apps.some((a) => a.resourceAppId === SHAREPOINT && a.displayName === 'Office 365 SharePoint Online'));
    const mail = apps[0].groups.find((g) => g.resource === 'Mail');
    assert.deepStrictEqual(mail?.entries.find((e) => e.name === 'Mail.Send')?.kinds, ['Application', 'Delegated']);
  });

  it('gives each entry the risk score of its riskier kind, and ranks the store by it', () => {
    const store = bundledStore();
    const mail = findEntry(store, { name: 'Mail.Send', resourceAppId: GRAPH_APP_ID })!;
    const app = riskOfPermission(mail.match.application!).score;
    const del = riskOfPermission(mail.match.delegated!).score;
    assert.ok(app > del, 'Application Mail.Send is riskier than Delegated');
    assert.deepStrictEqual([mail.risk?.score, mail.risk?.kind], [app, 'Application']);
    assert.strictEqual(riskLabel(mail), `Risk ${app.toFixed(1)}`);
    const userRead = findEntry(store, { name: 'User.Read', resourceAppId: GRAPH_APP_ID })!;
    assert.strictEqual(userRead.risk?.score, Math.max(riskOfPermission(userRead.match.delegated!).score, userRead.match.application ? riskOfPermission(userRead.match.application).score : 0));
    const ranked = rankByRisk(store);
    assert.strictEqual(ranked.length, permissionEntries(store).length, 'every permission once');
    for (let i = 1; i < ranked.length; i++) assert.ok((ranked[i - 1].risk?.score ?? -1) >= (ranked[i].risk?.score ?? -1), `${ranked[i - 1].name} before ${ranked[i].name}`);
    assert.strictEqual(ranked[0].risk?.score, 10);
    const top = ranked.filter((e) => e.risk?.score === 10).map((e) => e.name);
    for (const n of ['RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All']) assert.ok(top.includes(n), `${n} scores 10.0`);
    const tens = ranked.filter((e) => e.risk?.score === 10 && e.resourceAppId === GRAPH_APP_ID).map((e) => e.name.toLowerCase());
    assert.deepStrictEqual(tens, [...tens].sort(), 'ties by name');
    assert.strictEqual(rankByRisk(store), ranked, 'cached per store');
  });

  it('marks high-privilege permissions for the kinds the classification names', () => {
    const store = bundledStore();
    const rm = findEntry(store, { name: 'RoleManagement.ReadWrite.Directory', resourceAppId: GRAPH_APP_ID });
    assert.deepStrictEqual(rm?.highPrivilege.map((h) => h.kind), ['Application', 'Delegated']);
    const mrw = findEntry(store, { name: 'mail.readwrite', resourceAppId: GRAPH_APP_ID });
    assert.deepStrictEqual(mrw?.highPrivilege.map((h) => h.kind), ['Application'], 'delegated Mail.ReadWrite is not high privilege');
    assert.deepStrictEqual(findEntry(store, { name: 'User.Read', resourceAppId: GRAPH_APP_ID })?.highPrivilege, []);
  });

  it('marks high privilege at the user\'s risk threshold, like the high-privilege rule, in every list and page', () => {
    const store = bundledStore();
    const marked = (name: string, t?: number) => findEntry(store, { name, resourceAppId: GRAPH_APP_ID }, t)?.highPrivilege.map((h) => h.kind);
    // 9.0 keeps only the paths to tenant takeover; 5.0 adds User.Read.All for both kinds.
    assert.deepStrictEqual(marked('Mail.ReadWrite', 9), []);
    assert.deepStrictEqual(marked('RoleManagement.ReadWrite.Directory', 9), ['Application', 'Delegated']);
    assert.deepStrictEqual(marked('User.Read.All'), []);
    assert.deepStrictEqual(marked('User.Read.All', 5), ['Application', 'Delegated']);
    for (const t of [9, 5]) {
      // Every list the explorer shows follows the threshold, and agrees with the rule's scores.
      const entries = permissionEntries(store, t);
      for (const e of entries) {
        const want = [e.match.application, e.match.delegated].filter((p) => p && riskOfPermission(p).score >= t).map((p) => p!.kind);
        assert.deepStrictEqual(e.highPrivilege.map((h) => h.kind), want, `${e.name} at ${t}`);
      }
      assert.strictEqual(rankByRisk(store, t).filter((e) => e.highPrivilege.length).length, entries.filter((e) => e.highPrivilege.length).length);
      assert.strictEqual(groupByResource(store, t).flatMap((a) => a.groups.flatMap((g) => g.entries)).filter((e) => e.highPrivilege.length).length, entries.filter((e) => e.highPrivilege.length).length);
      const item = searchItems(store, t).find((i) => i.entry.name === 'User.Read.All');
      assert.strictEqual(item?.description.includes('high privilege'), t === 5, `QuickPick at ${t}`);
      const page = detailModel(store, { name: 'Mail.ReadWrite', resourceAppId: GRAPH_APP_ID }, {}, t)!;
      assert.strictEqual(detailHtml(page, { nonce: 'n', cspSource: 'c', styleUri: 's' }).includes('aria-label="High privilege"'), t !== 9, `page at ${t}`);
    }
    assert.ok(permissionEntries(store, 5).filter((e) => e.highPrivilege.length).length > permissionEntries(store).filter((e) => e.highPrivilege.length).length);
    // Cached per store and threshold: the same list while the threshold stays, another when it changes.
    assert.strictEqual(permissionEntries(store, 5), permissionEntries(store, 5));
    assert.notStrictEqual(permissionEntries(store, 9), permissionEntries(store, 5));
  });
});

describe('explorer: QuickPick matching', () => {
  const names = (q: string): string[] => filterItems(searchItems(bundledStore()), q).map((i) => i.entry.name);

  it('matches names (exact first, then prefix), GUIDs, display text and description words', () => {
    assert.strictEqual(names('calls.accessmedia.all')[0], 'Calls.AccessMedia.All');
    assert.strictEqual(names('Calls.Access')[0], 'Calls.AccessMedia.All');
    assert.deepStrictEqual(names(CALLS_APP).slice(0, 1), ['Calls.AccessMedia.All']);
    assert.strictEqual(names('A7A681DC')[0], 'Calls.AccessMedia.All', 'a GUID fragment, any case');
    assert.strictEqual(names('e383f46e-2787-4529-855e-0e479a3ffac0')[0], 'Mail.Send', 'the delegated GUID of a two-kind permission');
    assert.ok(names('send mail as any user').includes('Mail.Send'), 'words of the description, in any order');
    assert.ok(names('media calls access').includes('Calls.AccessMedia.All'));
    const mailRead = names('mail.read');
    assert.strictEqual(mailRead[0], 'Mail.Read', 'exact name first');
    assert.ok(mailRead.indexOf('Mail.ReadBasic') > 0 && mailRead.indexOf('Mail.ReadBasic') < mailRead.length);
    assert.deepStrictEqual(names('zzzz-no-such-permission'), []);
    assert.strictEqual(names('').length, permissionEntries(bundledStore()).length);
  });

  it('keeps the permission typed so far among the matches at every keystroke (timing: npm run bench)', () => {
    const items = searchItems(bundledStore());
    const queries = ['Calls.AccessMedia.All', CALLS_APP, 'read all users full profiles', 'mail send', 'sites.fullcontrol', 'e'];
    const times: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const q of queries) {
        for (let i = 1; i <= q.length; i++) {
          const t0 = process.hrtime.bigint();
          const hits = filterItems(items, q.slice(0, i));
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
          if (q === 'Calls.AccessMedia.All') assert.ok(hits.some((h) => h.label === q || h.nameLc === q.toLowerCase()), `'${q.slice(0, i)}' keeps ${q}`);
        }
      }
    }
    times.sort((a, b) => a - b);
    const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    const report = `${times.length} keystrokes over ${items.length} permissions: median ${pct(0.5).toFixed(3)} ms, p95 ${pct(0.95).toFixed(3)} ms, max ${times[times.length - 1].toFixed(3)} ms`;
    console.log(`      QuickPick filter: ${report}`);
  });
});

/** A one-permission store whose texts are hostile. */
function hostileStore(): PermissionStore {
  const evil = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    '[click me](command:workbench.action.terminal.new) ![x](https://evil.example/x.png) <a href="javascript:alert(4)">a</a>',
    '`code` **bold** <!-- comment --> &amp; \u202e',
  ].join(' ');
  const file: PermissionStoreFile = {
    format: STORE_FORMAT,
    provenance: { origin: 'upstream', sources: [], snapshotDate: '2030-01-01', generator: 'test', counts: {} },
    resourceApps: [
      {
        appId: GRAPH_APP_ID,
        displayName: 'Microsoft Graph',
        permissions: [
          { id: '11111111-1111-1111-1111-111111111111', value: 'Evil.Read.All', kind: 'Application', displayName: evil, description: evil, adminConsentRequired: true, enabled: true },
          { id: '22222222-2222-2222-2222-222222222222', value: 'Evil.Read.All', kind: 'Delegated', displayName: evil, description: evil, adminConsentRequired: false, enabled: true },
        ],
      },
    ],
  };
  return new PermissionStore(file);
}

const OPTS = { nonce: 'TESTNONCE123', cspSource: 'https://webview.test', styleUri: 'https://webview.test/media/explorer.css', scriptUri: 'https://webview.test/media/detail.js' };
const ALLOWED_TAGS = new Set('html head meta link title body main header h1 h2 p span strong em code div button section table thead tbody tr th td ul li details summary footer script'.split(' '));

describe('explorer: detail page HTML', () => {
  it('renders hostile metadata inert: no markup, handlers, links or scripts from the texts', () => {
    const store = hostileStore();
    const model = detailModel(store, { name: 'evil.read.all', resourceAppId: GRAPH_APP_ID }, { resources: resources().resourcesOf('Evil.Read.All', GRAPH_APP_ID) });
    assert.ok(model);
    const html = detailHtml(model, OPTS);
    const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase());
    for (const t of tags) assert.ok(ALLOWED_TAGS.has(t), `unexpected <${t}> in the page`);
    assert.ok(!tags.includes('img') && !tags.includes('svg') && !tags.includes('a'));
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepStrictEqual(scripts, [`<script nonce="${OPTS.nonce}" src="${OPTS.scriptUri}">`], 'only the extension\'s own script, with the nonce');
    for (const m of html.matchAll(/<[a-zA-Z][^>]*>/g)) assert.ok(!/\son[a-z]+\s*=/i.test(m[0]), `event handler attribute in ${m[0]}`);
    assert.ok(!/href="(?!https:\/\/webview\.test\/)/.test(html), 'no link but the stylesheet');
    assert.ok(!/src="(?!https:\/\/webview\.test\/)/.test(html), 'no remote source');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the text is shown, escaped');
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
    assert.ok(html.includes('[click me](command:workbench.action.terminal.new)'), 'Markdown stays literal text in HTML');
    assert.ok(!html.includes('\u202e'), 'bidi overrides are dropped');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.strictEqual(csp, "default-src 'none'; style-src https://webview.test; script-src 'nonce-TESTNONCE123'; img-src https://webview.test; font-src https://webview.test".replace(/'/g, '&#39;'));
  });

  it('shows Calls.AccessMedia.All with its identifier rows, the methods note and the call property table', () => {
    const store = bundledStore();
    const model = detailModel(store, { name: 'Calls.AccessMedia.All', resourceAppId: GRAPH_APP_ID }, { resources: resources().resourcesOf('Calls.AccessMedia.All', GRAPH_APP_ID) });
    assert.ok(model);
    const html = detailHtml(model, OPTS);
    assert.match(html, /<h1 id="title">Calls\.AccessMedia\.All<\/h1>/);
    assert.match(html, /<th scope="col">Category<\/th><th scope="col">Application<\/th><th scope="col">Delegated<\/th>/);
    const row = (label: string): string => new RegExp(`<tr><th scope="row">${label}</th>(.*?)</tr>`).exec(html)?.[1] ?? '';
    assert.match(row('Identifier'), new RegExp(`<td><code>${CALLS_APP}</code></td><td><span aria-label="does not exist for this kind">—</span></td>`));
    for (const r of ['DisplayText', 'Description', 'AdminConsentRequired']) assert.ok(row(r), `row ${r}`);
    assert.match(row('AdminConsentRequired'), /<td>Yes<\/td>/);
    assert.match(html, /Graph Permissions: Update Metadata/);
    assert.match(html, /<details open class="resource" data-resource="call">/);
    assert.match(html, /<th scope="col">Property<\/th><th scope="col">Type<\/th><th scope="col">Description<\/th>/);
    assert.match(html, /<tr><td><code>callbackUri<\/code><\/td><td><code>String<\/code><\/td>/);
    assert.match(html, /<tr><td><code>callRoutes<\/code><\/td><td><code>Collection\(callRoute\)<\/code><\/td>/);
    // Declared order, as the Graph reference lists it: entity's id first, unmarked; no dash for a missing description.
    const props = [...html.matchAll(/<tr><td><code>([A-Za-z@.]+)<\/code><\/td><td><code>/g)].map((x) => x[1]);
    assert.strictEqual(props[0], 'id', props.join(', '));
    assert.ok(props.indexOf('callbackUri') > 0 && props.indexOf('callRoutes') > props.indexOf('callbackUri'), props.join(', '));
    assert.ok(!html.includes('(from entity)'), 'no inherited marks');
    assert.match(html, /<\/code><\/td><td><\/td><\/tr>/, 'a property the bundled types leave undescribed has an empty cell');
    assert.ok(!/<td>—<\/td>/.test(html), 'no dash placeholders');
    // The Graph Permissions Explorer's summary, introduction and reference label (own wording).
    assert.match(html, /Delegated access \(an app acting for a signed-in user\): <strong>not supported<\/strong>/);
    assert.match(html, /App-only access \(an app acting as itself, with no user\): <strong>supported<\/strong>/);
    assert.match(html, /<p>An app granted Calls\.AccessMedia\.All can work with the data of this resource type in the tenant/);
    assert.match(html, /<p class="reference">Graph reference: <a href="https:\/\/learn\.microsoft\.com\/graph\/api\/resources\/call\?view=graph-rest-1\.0">call<\/a><\/p>/);
    // The risk score per kind (src/core/permissions/risk.ts), the same figure as lookup and SARIF.
    const app = store.byName('Calls.AccessMedia.All')!.application!;
    assert.match(row('RiskScore'), new RegExp(`<td><span class="risk risk-${riskOfPermission(app).band}"[^>]*>${formatRisk(riskOfPermission(app).score).replace('.', '\\.')} / 10 `));
    assert.match(row('RiskScore'), /<td><span aria-label="does not exist for this kind">—<\/span><\/td>$/);
    assert.match(html, /data-action="copyGuid" data-kind="Application"/);
    assert.ok(!html.includes('data-kind="Delegated"'), 'no copy button for a kind that does not exist');
    assert.match(html, /data-action="findUsages"/);
  });

  it('gives both GUIDs of a two-kind permission and a copy button for each', () => {
    const store = bundledStore();
    const model = detailModel(store, { name: 'Mail.Send', resourceAppId: GRAPH_APP_ID });
    assert.ok(model);
    const html = detailHtml(model, OPTS);
    assert.match(html, /<td><code>b633e1c5-b582-4048-a93e-9f11b44c7e96<\/code><\/td><td><code>e383f46e-2787-4529-855e-0e479a3ffac0<\/code><\/td>/);
    assert.match(html, /data-kind="Application"[\s\S]*data-kind="Delegated"/);
    assert.match(html, /Delegated access[^<]*<strong>supported<\/strong>[\s\S]*App-only access[^<]*<strong>supported<\/strong>/);
    assert.ok(/<th scope="row">RiskScore<\/th><td><span class="risk[^>]*>\d+\.\d \/ 10 [^<]*<\/span><\/td><td><span class="risk/.test(html), 'a score for each kind');
    assert.match(html, /High privilege/);
    assert.match(html, /Resource types are not loaded/);
  });

  it('makes 128-bit base64url nonces', () => {
    const n = makeNonce(() => new Uint8Array(16).fill(255));
    assert.match(n, /^[A-Za-z0-9_-]{22}$/);
  });
});

describe('explorer: resources a permission touches', () => {
  it('maps reviewed resource segments to types that exist', () => {
    const idx = resources();
    for (const [seg, types] of Object.entries(RESOURCE_TYPES)) for (const t of types) assert.ok(idx.has(t), `${seg} → ${t} is not in data/resources.json`);
    const types = (n: string): string[] => idx.resourcesOf(n, GRAPH_APP_ID).mapping.types;
    assert.deepStrictEqual(types('Calls.AccessMedia.All'), ['call']);
    assert.strictEqual(types('Mail.Send')[0], 'message');
    assert.deepStrictEqual(types('User.Read'), ['user']);
    assert.strictEqual(idx.resourcesOf('Calls.AccessMedia.All', GRAPH_APP_ID).mapping.certainty, 'curated');
  });

  it('says so instead of guessing for broad, OpenID, other-API and unmapped permissions', () => {
    const idx = resources();
    const dir = idx.resourcesOf('Directory.Read.All', GRAPH_APP_ID);
    assert.deepStrictEqual([dir.mapping.certainty, dir.tables.length], ['none', 0]);
    assert.match(dir.mapping.note ?? '', /most directory objects/);
    assert.match(idx.resourcesOf('offline_access', GRAPH_APP_ID).mapping.note ?? '', /OpenID Connect/);
    assert.match(idx.resourcesOf('AllSites.Read', SHAREPOINT).mapping.note ?? '', /another API/);
    const guess = mapPermissionToResources('Widget.Read', GRAPH_APP_ID, (s) => s === 'widget');
    assert.deepStrictEqual([guess.certainty, guess.types], ['name', ['widget']]);
    assert.match(guess.note ?? '', /Matched by name only/);
    const none = mapPermissionToResources('Gadget.Read', GRAPH_APP_ID, () => false);
    assert.deepStrictEqual([none.certainty, none.types], ['none', []]);
  });

  it('survives a resource file with cyclic or missing base types', () => {
    const idx = new ResourceIndex({
      format: 1,
      provenance: { origin: 'bundled', sources: [], snapshotDate: 'x', generator: 'x', counts: {} },
      types: [
        { name: 'microsoft.graph.a', kind: 'entity', baseType: 'microsoft.graph.b', properties: [{ name: 'p', type: 'Edm.String', collection: false, nullable: true, readOnly: false, required: false }] },
        { name: 'microsoft.graph.b', kind: 'entity', baseType: 'microsoft.graph.a', properties: [{ name: 'q', type: 'microsoft.graph.a', collection: true, nullable: true, readOnly: false, required: false }] },
      ],
      enums: [],
    });
    assert.deepStrictEqual(idx.table('a')?.properties.map((p) => [p.name, p.type, p.inheritedFrom]), [['q', 'Collection(a)', 'b'], ['p', 'String', undefined]]);
  });
});

describe('explorer: workspace inventory', () => {
  const store = bundledStore();
  const usages = (file: string, text: string): ReturnType<typeof usagesOfFile> => {
    const a = analyzeText(text, 'json', store);
    return usagesOfFile(file, a.references, (o) => a.lines.position(o));
  };

  it('groups the references of the fixture workspace by permission with their locations', () => {
    const text = fixture('workspace', 'entra-app.manifest.json');
    const inv = new WorkspaceInventory();
    inv.setFile('file:///ws/entra-app.manifest.json', usages('file:///ws/entra-app.manifest.json', text));
    inv.setFile('file:///ws/b.json', usages('file:///ws/b.json', '{ "scopes": ["User.Read", "https://graph.microsoft.com/Mail.Send"] }'));
    const byName = new Map(inv.byPermission().map((g) => [g.name, g]));
    const cam = byName.get('Calls.AccessMedia.All');
    assert.ok(cam, 'Calls.AccessMedia.All is used');
    const line = text.slice(0, text.indexOf(CALLS_APP)).split('\n').length - 1;
    assert.deepStrictEqual(
      cam.locations.map((l) => [l.file, l.line, l.text, l.kind, l.typeWritten, l.form]),
      [['file:///ws/entra-app.manifest.json', line, CALLS_APP, 'Application', 'Role', 'guid']],
    );
    assert.strictEqual(describeLocation(cam.locations[0]), 'Role (Application) · GUID');
    assert.deepStrictEqual(byName.get('User.Read')?.locations.map((l) => l.file), ['file:///ws/b.json', 'file:///ws/entra-app.manifest.json']);
    assert.ok(!byName.has('Recordings.Read'), "the app's own scopes are not Graph permissions");
    const names = inv.byPermission().map((g) => g.name);
    assert.deepStrictEqual(names, [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

    inv.setFile('file:///ws/b.json', usages('file:///ws/b.json', '{ "scopes": ["Presence.Read"] }'));
    assert.deepStrictEqual(inv.find(`${GRAPH_APP_ID}|user.read`)?.locations.length, 1, 'a changed file replaces its usages');
    assert.ok(inv.find(`${GRAPH_APP_ID}|presence.read`));
    assert.ok(inv.removeFile('file:///ws/b.json'));
    assert.strictEqual(inv.find(`${GRAPH_APP_ID}|presence.read`), undefined);
    inv.setFile('file:///ws/sub/c.json', usages('file:///ws/sub/c.json', '{ "scopes": "Presence.Read" }'));
    assert.strictEqual(inv.removeUnder('file:///ws/sub'), 1);
    assert.strictEqual(inv.fileCount, 1);
  });

  it('skips binary and oversized files', () => {
    assert.strictEqual(isBinary(new Uint8Array([0x7b, 0x00, 0x7d])), true);
    assert.strictEqual(isBinary(Buffer.from('{"a": "User.Read"}')), false);
    assert.strictEqual(skipReason(6 * 1024, 5), 'oversized');
    assert.strictEqual(skipReason(10, 5, new Uint8Array([0])), 'binary');
    assert.strictEqual(skipReason(5 * 1024, 5, Buffer.from('{}')), undefined);
  });

  it('builds one exclude glob from files.exclude and search.exclude', () => {
    assert.deepStrictEqual(expandBraces('**/*.{js,map}'), ['**/*.js', '**/*.map']);
    assert.deepStrictEqual(expandBraces('a/{b,{c,d}e}/f'), ['a/b/f', 'a/ce/f', 'a/de/f']);
    assert.deepStrictEqual(expandBraces('a{b'), ['a{b']);
    assert.strictEqual(
      excludeGlob({ '**/.git': true, '**/off': false, '**/*.{js,map}': true, '**/cond': { when: '$(basename).ts' } }, { '**/node_modules': true, '**/.git': true }),
      '{**/.git,**/*.js,**/*.map,**/node_modules}',
    );
    assert.strictEqual(excludeGlob({ '**/x': true }), '**/x');
    assert.strictEqual(excludeGlob(undefined, {}), undefined);
  });
});

describe('explorer: hover link', () => {
  it('is a command link whose arguments cannot break out of the Markdown link', () => {
    const link = permissionDetailsLink({ name: 'Calls.AccessMedia.All', resourceAppId: GRAPH_APP_ID });
    const m = /^\[Open details\]\(command:graphPermissionLens\.showPermission\?([^ )]+) "Open the permission page"\)$/.exec(link);
    assert.ok(m, link);
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(m[1])), [{ name: 'Calls.AccessMedia.All', resourceAppId: GRAPH_APP_ID }]);
    const hostile = commandArgs([{ name: 'a)](command:evil) "x\'!*(' }]);
    assert.ok(!/[()'"!* \]]/.test(hostile), hostile);
  });

  it('accepts only a name or a { name, resourceAppId } argument', () => {
    assert.deepStrictEqual(parsePermissionArg('User.Read', GRAPH_APP_ID), { name: 'User.Read', resourceAppId: GRAPH_APP_ID });
    assert.deepStrictEqual(parsePermissionArg({ name: 'AllSites.Read', resourceAppId: SHAREPOINT.toUpperCase() }, GRAPH_APP_ID), { name: 'AllSites.Read', resourceAppId: SHAREPOINT });
    assert.deepStrictEqual(parsePermissionArg({ name: 'X', resourceAppId: 'javascript:1' }, GRAPH_APP_ID), { name: 'X', resourceAppId: GRAPH_APP_ID });
    for (const bad of [undefined, null, 3, {}, { name: 5 }, '', 'x'.repeat(300)]) assert.strictEqual(parsePermissionArg(bad, GRAPH_APP_ID), undefined);
  });
});
