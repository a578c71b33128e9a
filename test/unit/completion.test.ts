import * as assert from 'assert';
import { completionsAt, writesNamesByFileName, type CompletionResult } from '../../src/core/permissions/permissionCompletion';
import { GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../src/core/permissions/guid';
import { PermissionStore } from '../../src/core/store/store';
import type { PermissionStoreFile } from '../../src/core/store/storeData';
import { bundledStore, fixture, offsetOf } from './helpers';

const store = bundledStore();

const CALLS_ACCESS_MEDIA_ALL = 'a7a681dc-756e-4909-b988-f160edc6655f';
const USER_READ = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';
const MAIL_SEND_APP = 'b633e1c5-b582-4048-a93e-9f11b44c7e96';
const MAIL_SEND_DELEGATED = 'e383f46e-2787-4529-855e-0e479a3ffac0';
const USER_READ_ALL_APP = 'df021288-bdef-4463-88db-98f22de89214';

/** `¦` marks the caret; it is removed from the text. */
function complete(marked: string, fileName?: string, s: PermissionStore = store): { r: CompletionResult | undefined; text: string; offset: number } {
  const offset = marked.indexOf('¦');
  assert.ok(offset >= 0, 'no caret marker');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { r: completionsAt(text, offset, s, fileName), text, offset };
}

function labels(r: CompletionResult | undefined): string[] {
  return (r?.items ?? []).map((i) => i.label);
}

/** Applies an item as an editor would: replaces replaceStart..replaceEnd with insertText. */
function apply(text: string, r: CompletionResult, label: string): string {
  const item = r.items.find((i) => i.label === label);
  assert.ok(item, `no item ${label}`);
  return text.slice(0, r.replaceStart) + item.insertText + text.slice(r.replaceEnd);
}

const manifest = (access: string, app = GRAPH_APP_ID): string =>
  `{\n  "requiredResourceAccess": [\n    {\n      "resourceAppId": "${app}",\n      "resourceAccess": [\n${access}\n      ]\n    }\n  ]\n}`;

describe('completion', () => {
  describe('resourceAccess id', () => {
    it('offers the Application permissions of Graph for a Role entry, labelled Name (Kind), inserting the GUID', () => {
      const text = fixture('manifests', 'graph-app-manifest.json');
      const start = offsetOf(text, `"${CALLS_ACCESS_MEDIA_ALL}", "type": "Role"`) + 1;
      const r = completionsAt(text, start + 8, store, 'graph-app-manifest.json');
      assert.ok(r);
      assert.strictEqual(r.context, 'permission');
      assert.strictEqual(r.inString, true);
      assert.deepStrictEqual([r.replaceStart, r.replaceEnd], [start, start + 37], 'replaces the whole string content and its closing quote');
      assert.ok(r.items.length > 200);
      assert.ok(r.items.every((i) => i.kind === 'permission' && i.label.endsWith(' (Application)')), 'Role: Application only');
      const calls = r.items.find((i) => i.label === 'Calls.AccessMedia.All (Application)');
      assert.ok(calls, 'the entry\'s own permission stays offered');
      assert.strictEqual(calls.insertText, `${CALLS_ACCESS_MEDIA_ALL}"`);
      assert.strictEqual(calls.detail, 'Access media streams in a call as an app');
      assert.ok(calls.filterText?.includes('Calls.AccessMedia.All') && calls.filterText.includes(CALLS_ACCESS_MEDIA_ALL), 'filter by name and GUID');
      const doc = calls.documentation ?? '';
      assert.ok(doc.startsWith('**Calls\\.AccessMedia\\.All** — Application permission of Microsoft Graph'), doc);
      assert.ok(doc.includes(`\`${CALLS_ACCESS_MEDIA_ALL}\``));
      assert.ok(doc.includes('Admin consent required: Yes'));
      assert.ok(doc.includes('permissions-reference#callsaccessmediaall'));
      // already in the same resourceAccess array: Mail.Send and User.Read.All (Application)
      assert.ok(!labels(r).includes('Mail.Send (Application)'));
      assert.ok(!labels(r).includes('User.Read.All (Application)'));
      assert.ok(labels(r).includes('Mail.ReadWrite (Application)'));
      assert.strictEqual(apply(text, r, 'Mail.ReadWrite (Application)').slice(start, start + 36), 'e2a3a72e-5f79-4c64-b1b1-878b674786c9');
    });

    it('sorts by name, then kind, with sortText', () => {
      const { r } = complete(manifest('        { "id": "¦" }'));
      assert.ok(r);
      const sorted = [...r.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
      assert.deepStrictEqual(sorted, [...r.items]);
      const i = labels(r).indexOf('Mail.Send (Application)');
      assert.deepStrictEqual(labels(r).slice(i, i + 2), ['Mail.Send (Application)', 'Mail.Send (Delegated)']);
    });

    it('filters by type: Scope → Delegated, Role → Application, absent or other → both', () => {
      const kinds = (entry: string): string[] => {
        const { r } = complete(manifest(entry));
        return [...new Set(r?.items.map((i) => /\((\w+)\)$/.exec(i.label)![1]))].sort();
      };
      assert.deepStrictEqual(kinds('        { "type": "Scope", "id": "¦" }'), ['Delegated']);
      assert.deepStrictEqual(kinds('        { "id": "¦", "type": "Role" }'), ['Application']);
      assert.deepStrictEqual(kinds('        { "id": "¦", "type": "scope" }'), ['Delegated']);
      assert.deepStrictEqual(kinds('        { "id": "¦" }'), ['Application', 'Delegated']);
      assert.deepStrictEqual(kinds('        { "id": "¦", "type": "Whatever" }'), ['Application', 'Delegated']);
      assert.deepStrictEqual(kinds('        { "id": "¦", "type": 5 }'), ['Application', 'Delegated']);
    });

    it('offers SharePoint permissions under SharePoint, by id or by name', () => {
      const text = fixture('manifests', 'graph-app-manifest.json');
      const r = completionsAt(text, offsetOf(text, '"4e0d77b0') + 3, store);
      assert.ok(r && r.items.every((i) => i.label.endsWith('(Delegated)')));
      assert.ok(labels(r).includes('AllSites.Read (Delegated)'), 'the entry\'s own permission');
      assert.ok(labels(r).includes('AllSites.Write (Delegated)'));
      assert.strictEqual(r.items.find((i) => i.label === 'AllSites.Write (Delegated)')?.insertText, `${store.byName('AllSites.Write', SHAREPOINT_APP_ID)?.delegated?.id}"`);
      const sp = complete(manifest('        { "id": "¦", "type": "Scope" }', SHAREPOINT_APP_ID)).r;
      assert.ok(sp && sp.items.length > 0 && sp.items.length < 40);
      assert.ok(labels(sp).includes('AllSites.Read (Delegated)'));
      assert.ok(!labels(sp).includes('Calls.AccessMedia.All (Application)'));
      const byName = complete(manifest('        { "id": "¦", "type": "Scope" }', 'SharePoint')).r;
      assert.ok(byName);
      assert.strictEqual(byName.items.find((i) => i.label === 'AllSites.Read (Delegated)')?.insertText, 'AllSites.Read"', 'a name-written resourceAppId inserts names');
    });

    it('completes the half-typed example at the end of the text', () => {
      const text = '{"requiredResourceAccess":[{"resourceAppId":"00000003-0000-0000-c000-000000000000","resourceAccess":[{"type":"Role","id":"';
      const r = completionsAt(text, text.length, store);
      assert.ok(r);
      assert.deepStrictEqual([r.replaceStart, r.replaceEnd, r.inString], [text.length, text.length, true]);
      assert.ok(r.items.length > 200 && r.items.every((i) => i.label.endsWith('(Application)')));
      assert.strictEqual(r.items.find((i) => i.label === 'Calls.AccessMedia.All (Application)')?.insertText, `${CALLS_ACCESS_MEDIA_ALL}"`);
    });

    it('completes the truncated GUID at the end of broken.json', () => {
      const text = fixture('manifests', 'broken.json');
      const r = completionsAt(text, text.length, store);
      assert.ok(r);
      assert.strictEqual(text.slice(r.replaceStart, r.replaceEnd), 'e1fe6dd8-ba31-4d61-89e7-88639da46');
      assert.ok(labels(r).includes('User.Read (Delegated)'));
      assert.ok(!labels(r).includes('Calls.AccessMedia.All (Application)'), 'already in the list above');
    });

    it('replaces a half-typed GUID or name, also in an unterminated string', () => {
      const { r, text } = complete(manifest('        { "id": "a7a6¦', GRAPH_APP_ID));
      assert.ok(r);
      assert.strictEqual(text.slice(r.replaceStart, r.replaceEnd), 'a7a6', 'an unterminated string: up to the line end');
      const again = complete(manifest('        { "id": "Calls.Acc¦ess", "type": "Role" }')).r;
      assert.ok(again);
      assert.deepStrictEqual([again.replaceEnd - again.replaceStart], ['Calls.Access"'.length], 'the content and the closing quote');
    });

    it('inserts a quoted value outside quotes, replacing a bare word', () => {
      const bare = complete(manifest('        { "id": ¦ }'));
      assert.ok(bare.r);
      assert.strictEqual(bare.r.inString, false);
      assert.strictEqual(bare.r.replaceStart, bare.offset);
      assert.strictEqual(bare.r.replaceEnd, bare.offset);
      const calls = bare.r.items.find((i) => i.label === 'Calls.AccessMedia.All (Application)');
      assert.strictEqual(calls?.insertText, `"${CALLS_ACCESS_MEDIA_ALL}"`);
      const word = complete(manifest('        { "id": Calls¦, "type": "Role" }'));
      assert.ok(word.r);
      assert.strictEqual(word.text.slice(word.r.replaceStart, word.r.replaceEnd), 'Calls');
      const fixed = apply(word.text, word.r, 'Calls.AccessMedia.All (Application)');
      assert.ok(fixed.includes(`{ "id": "${CALLS_ACCESS_MEDIA_ALL}", "type": "Role" }`));
      assert.doesNotThrow(() => JSON.parse(fixed));
      const noSpace = complete(manifest('        { "type": "Role", "id":¦'));
      assert.ok(noSpace.r && noSpace.r.items.length > 0);
    });

    it('inserts names in aad.manifest.json (by file name or a "Microsoft Graph" resourceAppId), and excludes present names by kind', () => {
      const text = fixture('manifests', 'aad.manifest.json');
      const at = offsetOf(text, '"Mail.Send"') + 3;
      const r = completionsAt(text, at, store, '/ws/aad.manifest.json');
      assert.ok(r);
      assert.ok(r.items.every((i) => i.label.endsWith('(Delegated)')), 'type Scope');
      assert.strictEqual(r.items.find((i) => i.label === 'Mail.Send (Delegated)')?.insertText, 'Mail.Send"');
      assert.ok(!labels(r).includes('User.Read (Delegated)'), 'User.Read (Scope) is already there');
      assert.ok(labels(r).includes('Calls.AccessMedia.All (Delegated)') || !store.byName('Calls.AccessMedia.All')?.delegated);
      // The same text under any file name: "Microsoft Graph" says names.
      assert.strictEqual(completionsAt(text, at, store)?.items.find((i) => i.label === 'Mail.Send (Delegated)')?.insertText, 'Mail.Send"');
      // A GUID resourceAppId in aad.manifest.dev.json: names, by the file name.
      const guidApp = complete(manifest('        { "id": "¦", "type": "Role" }'), 'C:\\repo\\aad.manifest.dev.json').r;
      assert.strictEqual(guidApp?.items.find((i) => i.label === 'Mail.Send (Application)')?.insertText, 'Mail.Send"');
      // ... and GUIDs anywhere else
      const plain = complete(manifest('        { "id": "¦", "type": "Role" }'), 'manifest.json').r;
      assert.strictEqual(plain?.items.find((i) => i.label === 'Mail.Send (Application)')?.insertText, `${MAIL_SEND_APP}"`);
    });

    it('follows the siblings: names when they are names; a name without type excludes both kinds', () => {
      const { r } = complete(manifest('        { "id": "Mail.Send" },\n        { "id": "User.Read", "type": "Scope" },\n        { "id": "¦" }'));
      assert.ok(r);
      assert.ok(!labels(r).includes('Mail.Send (Application)') && !labels(r).includes('Mail.Send (Delegated)'));
      assert.ok(!labels(r).includes('User.Read (Delegated)'));
      assert.ok(labels(r).includes('User.Read.All (Application)'));
      assert.strictEqual(r.items.find((i) => i.label === 'Mail.ReadWrite (Application)')?.insertText, 'Mail.ReadWrite"');
    });

    it('excludes by GUID only the permission with that GUID', () => {
      const { r } = complete(manifest(`        { "id": "${MAIL_SEND_DELEGATED}", "type": "Scope" },\n        { "id": "¦" }`));
      assert.ok(r);
      assert.ok(!labels(r).includes('Mail.Send (Delegated)'));
      assert.ok(labels(r).includes('Mail.Send (Application)'));
      assert.strictEqual(r.items.find((i) => i.label === 'Mail.Send (Application)')?.insertText, `${MAIL_SEND_APP}"`);
    });

    it('offers nothing for a resource app without permissions in the store, or without resourceAppId', () => {
      assert.strictEqual(complete(manifest('        { "id": "¦" }', '00000002-0000-0000-c000-000000000000')).r, undefined);
      assert.strictEqual(complete(manifest('        { "id": "¦" }', '6c3b1a2d-9e8f-4a7b-b6c5-d4e3f2a1b0c9')).r, undefined);
      assert.strictEqual(complete('{"resourceAccess": [{"id": "¦"}]}').r, undefined);
      const legacy = fixture('manifests', 'legacy-aad-manifest.json');
      assert.strictEqual(completionsAt(legacy, offsetOf(legacy, '311a71cc') + 2, store), undefined, 'Azure AD Graph');
      assert.ok(completionsAt(legacy, offsetOf(legacy, 'e383f46e') + 2, store), 'Graph in the same file');
    });
  });

  describe('the caret after accepting an item', () => {
    it('ends after the closing quote, so `, "` starts a new string, and the JSON stays valid', () => {
      for (const [withCaret, label] of [
        ['        { "id": "Calls.Acc¦", "type": "Role" }', 'Calls.AccessMedia.All (Application)'],
        ['        { "id": "¦" }', 'User.Read (Delegated)'],
        ['        { "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "¦" }', 'Scope'],
      ] as const) {
        const { r, text } = complete(manifest(withCaret));
        assert.ok(r, withCaret);
        const item = r.items.find((i) => i.label === label);
        assert.ok(item, `${label} in ${withCaret}`);
        const caret = r.replaceStart + item.insertText.length;
        const applied = text.slice(0, r.replaceStart) + item.insertText + text.slice(r.replaceEnd);
        assert.strictEqual(applied[caret - 1], '"', 'the caret is after the closing quote');
        assert.match(applied.slice(caret), /^(, "type"| })/);
        assert.doesNotThrow(() => JSON.parse(applied), applied);
      }
      // an unterminated string at the end of a line is closed
      const open = complete(manifest('        { "id": "a7a6¦\n        }'));
      assert.ok(open.r);
      const applied = open.text.slice(0, open.r.replaceStart) + (open.r.items.find((i) => i.label === 'Calls.AccessMedia.All (Application)')?.insertText ?? '') + open.text.slice(open.r.replaceEnd);
      assert.doesNotThrow(() => JSON.parse(applied), applied);
    });
  });

  describe('type', () => {
    it('offers Scope and Role with explanations, the one matching the id first', () => {
      const text = fixture('manifests', 'graph-app-manifest.json');
      const role = completionsAt(text, offsetOf(text, `"${CALLS_ACCESS_MEDIA_ALL}", "type": "Role"`) + 50, store);
      assert.ok(role);
      assert.strictEqual(role.context, 'type');
      assert.deepStrictEqual(labels(role), ['Role', 'Scope']);
      assert.strictEqual(text.slice(role.replaceStart, role.replaceEnd), 'Role"');
      assert.strictEqual(role.items[0].insertText, 'Role"', 'one item per type, inserting the value and its closing quote');
      assert.strictEqual(role.items[0].preselect, true);
      assert.match(role.items[0].detail!, /Application permission/);
      assert.match(role.items[0].documentation!, /Calls\\\.AccessMedia\\\.All/);
      assert.match(role.items[1].detail!, /Delegated permission/);
      const scope = completionsAt(text, offsetOf(text, `"${USER_READ}", "type": "Scope"`) + 50, store);
      assert.deepStrictEqual(labels(scope), ['Scope', 'Role']);
      assert.strictEqual(scope?.items[0].preselect, true);
    });

    it('keeps the default order when the id has both kinds or is missing, and quotes outside strings', () => {
      const both = complete(manifest('        { "id": "Mail.Send", "type": ¦ }')).r;
      assert.deepStrictEqual(both?.items.map((i) => [i.label, i.insertText, !!i.preselect]), [
        ['Scope', '"Scope"', false],
        ['Role', '"Role"', false],
      ]);
      assert.deepStrictEqual(labels(complete(manifest('        { "type": "¦" }')).r), ['Scope', 'Role']);
      // any API, even one the store does not know
      assert.deepStrictEqual(labels(complete(manifest('        { "type": "¦" }', '6c3b1a2d-9e8f-4a7b-b6c5-d4e3f2a1b0c9')).r), ['Scope', 'Role']);
    });
  });

  describe('resourceAppId', () => {
    it('offers the resource apps with permissions as GUIDs, labelled with their names', () => {
      const { r, text } = complete('{ "requiredResourceAccess": [ { "resourceAppId": "¦", "resourceAccess": [] } ] }');
      assert.ok(r);
      assert.strictEqual(r.context, 'resourceApp');
      assert.deepStrictEqual(
        r.items.map((i) => [i.label, i.insertText]),
        [
          ['Microsoft Graph', `${GRAPH_APP_ID}"`],
          ['Office 365 SharePoint Online', `${SHAREPOINT_APP_ID}"`],
        ],
      );
      assert.ok(r.items[0].filterText?.includes('Microsoft Graph') && r.items[0].filterText.includes(GRAPH_APP_ID));
      assert.match(r.items[0].documentation!, /resource application/);
      assert.doesNotThrow(() => JSON.parse(apply(text, r, 'Microsoft Graph')));
    });

    it('inserts names in aad.manifest.json, and when siblings write names', () => {
      const r = complete('{ "requiredResourceAccess": [ { "resourceAppId": "Micro¦" } ] }', 'aad.manifest.json').r;
      assert.deepStrictEqual(r?.items.map((i) => i.insertText), ['Microsoft Graph"', 'Office 365 SharePoint Online"']);
      const sib = complete('{ "requiredResourceAccess": [ { "resourceAppId": "Microsoft Graph", "resourceAccess": [] }, { "resourceAppId": ¦ } ] }').r;
      assert.deepStrictEqual(sib?.items.map((i) => i.insertText), ['"Office 365 SharePoint Online"'], 'Graph is already there');
    });

    it('does not offer an app another item already names', () => {
      const text = fixture('manifests', 'graph-app-manifest.json');
      const r = completionsAt(text, offsetOf(text, `"${GRAPH_APP_ID}"`) + 5, store);
      assert.deepStrictEqual(labels(r), ['Microsoft Graph']);
    });

    it('needs a resourceAccess array or a requiredResourceAccess parent', () => {
      assert.ok(complete('{ "resourceAppId": "¦", "resourceAccess": [] }').r);
      assert.strictEqual(complete('{ "resourceAppId": "¦" }').r, undefined);
      assert.strictEqual(complete('{ "apps": [ { "resourceAppId": "¦" } ] }').r, undefined);
    });
  });

  describe('elsewhere: nothing', () => {
    it('offers nothing in the traps and ordinary strings of a manifest', () => {
      const text = fixture('manifests', 'graph-app-manifest.json');
      const spots = [
        offsetOf(text, '72f988bf-86f1-41af-91ab-2d7cd011db47', 1) + 3, // tenantId
        offsetOf(text, '3f4c2b9e') + 3, // top-level id
        offsetOf(text, 'c1a5e7d2') + 3, // oauth2PermissionScopes[].id
        offsetOf(text, '5d8e1f2a') + 3, // appRoles[].id
        offsetOf(text, CALLS_ACCESS_MEDIA_ALL) + 3, // keyCredentials keyId
        offsetOf(text, 'AsymmetricX509Cert') + 3, // keyCredentials type
        offsetOf(text, '"User"') + 2, // oauth2PermissionScopes[].type
        offsetOf(text, 'Contoso Calling Bot') + 3,
        offsetOf(text, '"resourceAccess"') + 3, // a key
        offsetOf(text, '"id": "a7a681dc') + 2, // the "id" key itself
        offsetOf(text, `"${USER_READ_ALL_APP}"`) + 38, // after the closing quote
        offsetOf(text, `"${USER_READ_ALL_APP}"`), // before the opening quote
        0,
        text.length,
      ];
      for (const off of spots) assert.strictEqual(completionsAt(text, off, store), undefined, `at ${off}: ${JSON.stringify(text.slice(off - 10, off + 10))}`);
    });

    it('offers nothing for a tenantId value, in comments, or in plain JSON', () => {
      assert.strictEqual(complete('{ "tenantId": "¦" }').r, undefined);
      assert.strictEqual(complete(manifest('        { "id": "x" }, // { "id": "¦" }')).r, undefined);
      assert.strictEqual(complete(manifest('        { "id": "x", "type": "Role" } /* "id": "¦" */')).r, undefined);
      assert.strictEqual(complete('[{"id": "¦"}]').r, undefined);
      assert.strictEqual(complete('{"items": [{"id": "¦"}]}').r, undefined);
      assert.strictEqual(complete(manifest('        { "id": "x" }, "¦"')).r, undefined, 'array item, not an id');
      assert.strictEqual(complete(manifest('        { "id": "¦" "other" }')).r?.context, 'permission');
      assert.strictEqual(complete(manifest('        { "id": ¦"abc" }')).r, undefined, 'a value follows');
      assert.strictEqual(complete(manifest('        { "nested": { "id": "¦" } }')).r, undefined);
      for (const t of ['', '{', '"', '{"id":', '{"resourceAccess": [{"id":', ':', '{"a": "\\']) {
        for (let o = 0; o <= t.length; o++) assert.doesNotThrow(() => completionsAt(t, o, store));
      }
      assert.strictEqual(completionsAt('{}', -1, store), undefined);
      assert.strictEqual(completionsAt('{}', 3, store), undefined);
    });

    it('handles block comments spanning lines, CRLF, escapes and comments between tokens', () => {
      const commented = manifest('        /* a comment\n        { "id": "¦" }\n        */\n        { "id": "x" }');
      assert.strictEqual(complete(commented).r, undefined, 'inside a multi-line block comment');
      const after = complete(manifest('        /* { "id": "Mail.Send",\n  "type": "Role" } */\n        { "id": "¦", /* c */ "type": "Role" }')).r;
      assert.ok(after && after.items.every((i) => i.label.endsWith('(Application)')));
      assert.ok(labels(after).includes('Mail.Send (Application)'), 'a commented-out entry is not present');
      const openAfter = complete(manifest('        { "id": "¦", /* the type\n        "type": "Scope" */ "type": "Role" }')).r;
      assert.ok(openAfter && openAfter.items.every((i) => i.label.endsWith('(Application)')), 'a block comment opening after the caret');
      const nextLine = complete(manifest('        { "type": "Role", "id": ¦\n        "x": 1 }')).r;
      assert.ok(nextLine && nextLine.items.length > 0, 'the next line holds no value');
      const crlf = complete(manifest(`        { "id": "${MAIL_SEND_APP}" },\n        { "id": "¦", "type": "Role" }`).replace(/\n/g, '\r\n')).r;
      assert.ok(crlf && !labels(crlf).includes('Mail.Send (Application)'));
      const escaped = complete('{ "requiredResourceAccess": [ { "resource\\u0041ppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [ { "id": "¦", "t\\u0079pe": "Role" } ] } ] }').r;
      assert.ok(escaped && escaped.items.every((i) => i.label.endsWith('(Application)')), 'escaped keys');
      const lineComments = complete(
        '{\n  // the app\n  "requiredResourceAccess": [ // access\n    { "resourceAppId": /* graph */ "00000003-0000-0000-c000-000000000000",\n      "resourceAccess": [\n        { "type": "Scope", // delegated\n          "id": // what\n            "¦" } ] } ] }',
      ).r;
      assert.ok(lineComments && lineComments.items.every((i) => i.label.endsWith('(Delegated)')));
    });

    it('reads an entry whose type comes after the caret on the next lines, and multi-line entries', () => {
      const r = complete('{"requiredResourceAccess":[\n{\n"resourceAccess":\n[\n{\n"id"\n:\n"¦"\n,\n"type"\n:\n"Role"\n}\n]\n,\n"resourceAppId"\n:\n"Microsoft Graph"\n}\n]\n}').r;
      assert.ok(r && r.items.length > 0 && r.items.every((i) => i.label.endsWith('(Application)')));
      assert.strictEqual(r.items.find((i) => i.label === 'Mail.Send (Application)')?.insertText, 'Mail.Send"');
    });
  });

  describe('safety and speed', () => {
    it('escapes hostile metadata in documentation and detail-free labels', () => {
      const file: PermissionStoreFile = {
        format: 1,
        provenance: { origin: 'upstream', sources: [], snapshotDate: '2026-01-01', generator: 't', counts: {} },
        resourceApps: [
          {
            appId: GRAPH_APP_ID,
            displayName: 'Microsoft Graph',
            permissions: [
              {
                id: '11111111-1111-4111-8111-111111111111',
                value: 'Evil.Read',
                kind: 'Application',
                displayName: '<img src=x onerror=alert(1)>',
                description: '[click](command:workbench.action.terminal.new) ![x](https://evil.example/x.png) `code` <b>bold</b>\u202e\n# heading',
                adminConsentRequired: true,
                enabled: true,
              },
            ],
          },
        ],
      };
      const evil = new PermissionStore(file);
      const r = complete(manifest('        { "id": "¦" }'), undefined, evil).r;
      assert.ok(r);
      const doc = r.items[0].documentation!;
      assert.ok(!doc.includes('](command:'), 'no command link');
      assert.ok(!/(^|[^\\])\[click\]\(/.test(doc), 'link syntax escaped');
      assert.ok(!/(^|[^\\])</.test(doc), 'every < escaped');
      assert.ok(!/(^|[^\\])!\[/.test(doc), 'no image');
      assert.ok(!doc.includes('\u202e'), 'bidi override removed');
      assert.ok(!/\n# heading/.test(doc), 'no injected heading');
      assert.strictEqual(r.items[0].detail, '<img src=x onerror=alert(1)>', 'detail is plain text (never rendered as Markdown)');
    });

    it('caches item lists per store', () => {
      const a = complete(manifest('        { "id": "¦", "type": "Role" }')).r;
      const b = complete(manifest('        { "type": "Role", "id": "Ma¦" }')).r;
      assert.ok(a && b);
      assert.strictEqual(a.items, b.items, 'same list object');
    });

    it('still completes correctly deep in a 2 MB manifest (speed is measured by npm run bench)', () => {
      // Every Graph and SharePoint permission requested, plus 2 MB of unrelated app roles before it.
      const roles = Array.from({ length: 8000 }, (_, i) => ({ id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`, value: `Role${i}`, description: 'x'.repeat(200) }));
      const access = [GRAPH_APP_ID, SHAREPOINT_APP_ID].map((appId) => ({
        resourceAppId: appId,
        resourceAccess: store.permissions().filter((p) => p.resourceAppId === appId).map((p) => ({ id: p.id, type: p.kind === 'Delegated' ? 'Scope' : 'Role' })),
      }));
      const text = JSON.stringify({ appRoles: roles, requiredResourceAccess: access }, null, 2);
      assert.ok(text.length > 2_000_000);
      const spots = [text.lastIndexOf('"id": "') + 8, text.indexOf('"id": "', text.indexOf('requiredResourceAccess')) + 8, text.lastIndexOf('"type": "') + 10, text.indexOf('"resourceAppId": "') + 20, 100, text.length >> 1];
      for (const off of spots) assert.doesNotThrow(() => completionsAt(text, off, store));
      const last = access[1].resourceAccess[access[1].resourceAccess.length - 1];
      const own = store.byIdAll(last.id).find((p) => p.resourceAppId === SHAREPOINT_APP_ID)!;
      assert.deepStrictEqual(labels(completionsAt(text, spots[0], store)), [`${own.value} (${own.kind})`], 'all the others are present already');
    });
  });

  it('recognises Teams Toolkit manifest file names', () => {
    for (const f of ['aad.manifest.json', '/a/b/aad.manifest.dev.json', 'C:\\x\\AAD.manifest.local.json']) assert.ok(writesNamesByFileName(f), f);
    for (const f of ['manifest.json', 'myaad.manifest.json', 'aad.manifest.json.bak', undefined]) assert.ok(!writesNamesByFileName(f), String(f));
  });
});
