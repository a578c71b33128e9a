import * as assert from 'assert';
import { analyzeText } from '../../src/core/analyze';
import { GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../src/core/permissions/guid';
import { scanJson } from '../../src/core/scan/json';
import { findAt } from '../../src/core/scan/reference';
import { bundledStore, fixture, offsetOf } from './helpers';

const store = bundledStore();
const summary = (text: string) =>
  analyzeText(text, 'json', store).references.map((r) => ({
    text: r.ref.text,
    name: r.match?.name,
    kind: r.kind,
    position: r.ref.position,
    app: r.resourceAppId,
  }));

describe('JSON scanner', () => {
  it('finds requiredResourceAccess GUIDs in a Microsoft Graph app manifest, with kinds from the GUIDs', () => {
    const text = fixture('manifests', 'graph-app-manifest.json');
    const refs = summary(text);
    const graph = refs.filter((r) => r.app === GRAPH_APP_ID);
    assert.deepStrictEqual(
      graph.map((r) => [r.name, r.kind]),
      [
        ['Calls.AccessMedia.All', 'Application'],
        ['User.Read', 'Delegated'],
        ['Mail.Send', 'Application'],
        ['User.Read.All', 'Application'],
      ],
    );
    assert.ok(graph.every((r) => r.position === 'resourceAccess'));
  });

  it('resolves a GUID under SharePoint to the SharePoint permission', () => {
    const refs = summary(fixture('manifests', 'graph-app-manifest.json')).filter((r) => r.app === SHAREPOINT_APP_ID);
    assert.deepStrictEqual(refs.map((r) => r.name), ['User.Read.All', 'AllSites.Read']);
  });

  it('never reports the traps: tenant ids, object ids, app ids, the app\'s own scopes and roles, credentials', () => {
    const text = fixture('manifests', 'graph-app-manifest.json');
    const scan = scanJson(text, store);
    const trapOffsets = [
      offsetOf(text, '72f988bf-86f1-41af-91ab-2d7cd011db47'),
      offsetOf(text, '3f4c2b9e-8d7a-4e61-9b2c-5a1d0e7f6c38'),
      offsetOf(text, '9b2e6c41-7f3a-4d58-a0c9-2e8b5d1f7a64'),
      offsetOf(text, '"User.Read"') + 1, // api.oauth2PermissionScopes[].value: the app's own scope
      offsetOf(text, '"Calls.AccessMedia.All"') + 1, // appRoles[].value: the app's own role
      offsetOf(text, 'a7a681dc-756e-4909-b988-f160edc6655f'), // keyCredentials keyId that looks like a permission
      offsetOf(text, 'c1a5e7d2-4b3f-4e8a-9d6c-0f2b7a9e5d31', 1), // preAuthorizedApplications
    ];
    for (const off of trapOffsets) assert.strictEqual(findAt(scan, off + 2), undefined, `trap at ${off}: ${text.slice(off, off + 40)}`);
  });

  it('keeps unknown GUIDs under another API as resourceAccess references without a match', () => {
    const refs = summary(fixture('manifests', 'graph-app-manifest.json'));
    const other = refs.filter((r) => r.app === '6c3b1a2d-9e8f-4a7b-b6c5-d4e3f2a1b0c9');
    assert.deepStrictEqual(other.map((r) => [r.text, r.name]), [['0e1d2c3b-4a59-4687-9a8b-7c6d5e4f3a2b', undefined]]);
  });

  it('gives resource app ids their own mention, Graph included', () => {
    const text = fixture('manifests', 'graph-app-manifest.json');
    const scan = scanJson(text, store);
    assert.deepStrictEqual(scan.resourceApps.map((a) => a.appId), [GRAPH_APP_ID, SHAREPOINT_APP_ID, undefined]);
    const hit = findAt(scan, offsetOf(text, '00000003-0000-0000-c000-000000000000') + 5);
    assert.ok(hit && 'appId' in hit && hit.appId === GRAPH_APP_ID);
  });

  it('reads the legacy Azure AD Graph manifest shape and skips its oauth2Permissions', () => {
    const refs = summary(fixture('manifests', 'legacy-aad-manifest.json'));
    assert.deepStrictEqual(
      refs.filter((r) => r.name).map((r) => [r.name, r.kind]),
      [
        ['Mail.Send', 'Delegated'],
        ['offline_access', 'Delegated'],
      ],
    );
    // Azure AD Graph's User.Read GUID is not a Microsoft Graph permission: no match, no confusion.
    const aad = refs.find((r) => r.text === '311a71cc-e848-46a1-bdf8-97ff7156d8e6');
    assert.ok(aad);
    assert.strictEqual(aad.name, undefined);
  });

  it('reads names and "Microsoft Graph" in a Teams Toolkit aad.manifest.json, kind from "type"', () => {
    const refs = summary(fixture('manifests', 'aad.manifest.json'));
    assert.deepStrictEqual(
      refs.map((r) => [r.text, r.name, r.kind, r.app]),
      [
        ['User.Read', 'User.Read', 'Delegated', GRAPH_APP_ID],
        ['Calls.AccessMedia.All', 'Calls.AccessMedia.All', 'Application', GRAPH_APP_ID],
        ['Mail.Send', 'Mail.Send', 'Delegated', GRAPH_APP_ID],
      ],
    );
    const r = analyzeText(fixture('manifests', 'aad.manifest.json'), 'json', store).references[2];
    assert.strictEqual(r.permission?.id, 'e383f46e-2787-4529-855e-0e479a3ffac0', 'Scope picks the delegated GUID');
  });

  it('reads scope strings and lists in JSONC configs, and ignores lookalike words elsewhere', () => {
    const text = fixture('manifests', 'appsettings.json');
    const refs = summary(text);
    assert.deepStrictEqual(
      refs.map((r) => [r.text, r.position]),
      [
        ['openid', 'scopeList'],
        ['User.Read', 'scopeList'],
        ['offline_access', 'scopeList'],
        ['Mail.Send', 'scopeList'],
        ['https://graph.microsoft.com/Mail.Send', 'scopeList'],
        ['User.Read', 'string'],
      ],
    );
    // offsets point at the token itself
    const scan = scanJson(text, store);
    const tok = scan.references[1];
    assert.strictEqual(text.slice(tok.start, tok.end), 'User.Read');
    // "email" and "profile" outside a scope key are not permissions; the tenant id is nothing
    assert.strictEqual(findAt(scan, offsetOf(text, '"email"') + 2), undefined);
    assert.strictEqual(findAt(scan, offsetOf(text, '"profile"') + 2), undefined);
    assert.strictEqual(findAt(scan, offsetOf(text, '72f988bf') + 2), undefined);
  });

  it('still finds the complete references in broken, truncated JSON, and never throws', () => {
    const refs = summary(fixture('manifests', 'broken.json'));
    assert.strictEqual(refs[0].name, 'Calls.AccessMedia.All');
    assert.ok(refs.every((r) => r.name !== 'User.Read'), 'the half-typed GUID is not a permission');
    for (const t of ['', '{', '[', '{"scopes": "User.Read', '{"requiredResourceAccess": [{"resourceAppId": 5, "resourceAccess": {}}]}', '\u0000\ud800', '"a7a681dc-756e-4909-b988-f160edc6655f"']) {
      assert.doesNotThrow(() => scanJson(t, store));
    }
    assert.strictEqual(scanJson('"a7a681dc-756e-4909-b988-f160edc6655f"', store).references.length, 1);
  });

  it('survives deep nesting without a stack overflow', () => {
    const deep = '['.repeat(100000) + '"User.Read.All"' + ']'.repeat(100000);
    assert.doesNotThrow(() => scanJson(deep, store));
  });

  it('matches names only as whole strings and exact casing outside scope positions', () => {
    const text = '{"a": "Mail.Send.Shared.Extra", "b": "mail.send", "c": "Mail.Send", "d": "x Mail.Send"}';
    assert.deepStrictEqual(summary(text).map((r) => r.text), ['Mail.Send']);
  });
});

describe('JSON scanner: identifier keys', () => {
  it('never takes a tenant, client, object or plain id for a permission, even when it equals a permission GUID', () => {
    const guid = 'a7a681dc-756e-4909-b988-f160edc6655f';
    for (const key of ['tenantId', 'TenantId', 'clientId', 'objectId', 'appId', 'id', 'subscriptionId', 'principalId']) {
      assert.deepStrictEqual(scanJson(`{"${key}": "${guid}"}`, store).references, [], key);
    }
    assert.strictEqual(scanJson(`{"roles": ["${guid}"]}`, store).references.length, 1, 'other keys still count');
  });
});
