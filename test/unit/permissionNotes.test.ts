import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { analyzeText } from '../../src/core/analyze';
import { detailHtml, detailModel } from '../../src/core/explorer/detail';
import { kindFacts, noteLines } from '../../src/core/explorer/lookup';
import { GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../src/core/permissions/guid';
import { PLAIN_NOTE, servedByNote, unverifiedGuidNote } from '../../src/core/permissions/notes';
import { permissionHover } from '../../src/core/permissions/permissionHover';
import { wellKnownAppName } from '../../src/core/permissions/wellKnownApps';
import type { Permission, PermissionMatch } from '../../src/core/store/store';
import { PermissionStore } from '../../src/core/store/store';
import { STORE_FORMAT } from '../../src/core/store/storeData';
import { bundledStore, ROOT } from './helpers';

const OPTS = { nonce: 'N', cspSource: 'https://webview.test', styleUri: 'https://webview.test/s.css' };
const kinds = (m: PermissionMatch): Permission[] => [m.application, m.delegated].filter((p): p is Permission => !!p);
const SHAREPOINT_SENTENCE = `Served by Office 365 SharePoint Online (${SHAREPOINT_APP_ID}); request it under Microsoft Graph.`;

function page(store: PermissionStore, name: string): string {
  const m = detailModel(store, { name, resourceAppId: GRAPH_APP_ID });
  assert.ok(m, name);
  return detailHtml(m, OPTS);
}

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'graph-permission-lens.js'), ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A store whose servedBy and id come from a hostile metadata file. */
function hostileStore(): PermissionStore {
  return new PermissionStore({
    format: STORE_FORMAT,
    provenance: { origin: 'upstream', sources: [], snapshotDate: '2030-01-01', generator: 'test', counts: {} },
    resourceApps: [
      {
        appId: GRAPH_APP_ID,
        displayName: 'Microsoft Graph',
        permissions: [
          { id: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d', value: 'Gadget.Read.All', kind: 'Application', displayName: 'x', description: 'x', adminConsentRequired: true, enabled: true, servedBy: '<img src=x onerror=alert(1)>' },
        ],
      },
    ],
  });
}

describe('permission notes: unverified GUID (one wording for the hover, the detail page and lookup)', () => {
  it('names the ids that run in sequence, with their kinds, and nothing for random ids', () => {
    const store = bundledStore();
    const nesting = store.byName('Group-NestingSupport.ReadWrite.All');
    assert.ok(nesting, 'Group-NestingSupport.ReadWrite.All in the bundled store');
    const note = unverifiedGuidNote(kinds(nesting));
    assert.ok(note);
    assert.match(note, /^Unverified GUID: /);
    assert.ok(note.includes('e7f8a3b2-9c1d-4e5f-8a7b-2c3d4e5f6a7b (Delegated)'), note);
    assert.match(note, /Check it in your tenant/);
    assert.strictEqual(unverifiedGuidNote(kinds(store.byName('User.Read')!)), undefined);
    assert.strictEqual(unverifiedGuidNote(kinds(store.byName('Mail.Send')!)), undefined);
  });

  it('the detail page shows it as an escaped warning; an ordinary permission has none', () => {
    const store = bundledStore();
    const html = page(store, 'Group-NestingSupport.ReadWrite.All');
    assert.match(html, /<div class="warning" role="note" aria-label="Unverified GUID"><span aria-hidden="true">⚠<\/span> Unverified GUID: (?:<code>[0-9a-f-]+<\/code> \((?:Application|Delegated)\), )?<code>e7f8a3b2-9c1d-4e5f-8a7b-2c3d4e5f6a7b<\/code> \(Delegated\)/);
    assert.ok(!page(store, 'Mail.Send').includes('Unverified GUID'));
  });

  it('lookup prints it (text) and marks the id (JSON)', () => {
    const store = bundledStore();
    const m = store.byName('Group-NestingSupport.ReadWrite.All')!;
    assert.deepStrictEqual(noteLines(m).filter((l) => l.includes('Unverified GUID')), [`  ${unverifiedGuidNote(kinds(m))}`]);
    assert.strictEqual(kindFacts(store, m.delegated!).unverifiedId, true);
    assert.strictEqual(kindFacts(store, store.byName('User.Read')!.delegated!).unverifiedId, undefined);
    const t = cli('lookup', 'Group-NestingSupport.ReadWrite.All');
    assert.strictEqual(t.code, 0, t.err);
    assert.match(t.out, /^ {2}Unverified GUID: .*e7f8a3b2-9c1d-4e5f-8a7b-2c3d4e5f6a7b \(Delegated\).*Check it in your tenant/m);
    const j = JSON.parse(cli('lookup', '--format', 'json', 'Group-NestingSupport.ReadWrite.All').out);
    assert.strictEqual(j[0].delegated.unverifiedId, true);
  });
});

describe('permission notes: the service behind a Graph permission (servedBy)', () => {
  it('says which app serves it, by its well-known name, and that it is requested under Microsoft Graph', () => {
    const store = bundledStore();
    const m = store.byName('Sites.Archive.All')!;
    assert.strictEqual(m.application?.servedBy, SHAREPOINT_APP_ID);
    assert.strictEqual(servedByNote(kinds(m)), SHAREPOINT_SENTENCE);
    assert.strictEqual(servedByNote(kinds(store.byName('User.Read')!)), undefined);
    assert.strictEqual(wellKnownAppName(SHAREPOINT_APP_ID.toUpperCase()), 'Office 365 SharePoint Online');
  });

  it('falls back to the app id for an app it does not know, and names the kind when only one kind is served elsewhere', () => {
    const store = bundledStore();
    const m = store.byName('ChangeManagement.Read.All')!;
    const id = m.delegated?.servedBy;
    assert.ok(id && !m.application?.servedBy && !wellKnownAppName(id), 'ChangeManagement.Read.All: only the delegated scope is served by an app that is not well known');
    assert.strictEqual(servedByNote(kinds(m)), `Delegated: served by the resource application ${id}; request it under Microsoft Graph.`);
  });

  it('the detail page shows it; the hover stays without it', () => {
    const store = bundledStore();
    const html = page(store, 'Sites.Archive.All');
    assert.ok(html.includes(`<p class="note served-by">Served by Office 365 SharePoint Online (<code>${SHAREPOINT_APP_ID}</code>); request it under Microsoft Graph.</p>`), 'served-by note');
    assert.ok(!page(store, 'Mail.Send').includes('served-by'));
    const a = analyzeText('Connect-MgGraph -Scopes "Sites.Archive.All"', 'powershell', store);
    const ref = a.references.find((r) => r.match?.name === 'Sites.Archive.All');
    assert.ok(ref, 'the scope resolves');
    const hover = permissionHover(store, ref) ?? '';
    assert.match(hover, /Sites\\\.Archive\\\.All/);
    assert.doesNotMatch(hover, /[Ss]erved by|SharePoint/);
  });

  it('escapes a hostile servedBy and id on the detail page', () => {
    const html = page(hostileStore(), 'Gadget.Read.All');
    assert.ok(html.includes('the resource application <code>&lt;img src=x onerror=alert(1)&gt;</code>'), 'escaped app id');
    assert.ok(!html.includes('<img'));
    assert.match(html, /Unverified GUID: <code>0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d<\/code>/);
  });

  it('lookup prints it (text) and gives it per kind (JSON)', () => {
    const store = bundledStore();
    const m = store.byName('Sites.Archive.All')!;
    assert.deepStrictEqual(noteLines(m, '> '), [`> ${SHAREPOINT_SENTENCE}`]);
    assert.deepStrictEqual(kindFacts(store, m.application!).servedBy, { appId: SHAREPOINT_APP_ID, displayName: 'Office 365 SharePoint Online' });
    assert.strictEqual(servedByNote(kinds(m), PLAIN_NOTE), SHAREPOINT_SENTENCE);
    const t = cli('lookup', 'Sites.Archive.All');
    assert.strictEqual(t.code, 0, t.err);
    assert.ok(t.out.includes(`\n  ${SHAREPOINT_SENTENCE}\n`), t.out);
    const j = JSON.parse(cli('lookup', '--format', 'json', 'Sites.Archive.All').out);
    assert.deepStrictEqual(j[0].delegated.servedBy, { appId: SHAREPOINT_APP_ID, displayName: 'Office 365 SharePoint Online' });
  });
});
