/**
 * Shapes from the second round of real sample apps (hand-made fixtures in usage/paging and
 * usage/spring): paging follow-ups attributed to the call they continue, the beta profile of the
 * PowerShell SDK v1, a client getter at the root of a chain, Spring `.properties` scopes, the
 * scopes a script signs in with (not the roles it grants), companions covered by a broader
 * permission, setup scripts' grants as the app's kind, and setup scripts as their own section of
 * the report.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatOf } from '../../src/core/analyze';
import { applyEdits } from '../../src/core/rules/util';
import type { PermissionStore } from '../../src/core/store/store';
import { analyzeUsage, callContext, callHoverMarkdown, candidatesFor, detectAuth, detectGraphCalls, queryProperties, reportJson, reportMarkdown, uncheckedProperties, type UsageFile } from '../../src/core/leastPrivilege';
import { runLeastPrivilege } from '../../src/platform/node/leastPrivilege';
import { readAppFolder } from '../../src/platform/node/walk';
import { coversCompanion } from '../../src/core/leastPrivilege/requests';
import { reportHtml } from '../../src/core/leastPrivilege/reportHtml';
import { bundledStore, FIXTURES, ROOT } from './helpers';

const USAGE = path.join(FIXTURES, 'usage');
const PAGING = path.join(USAGE, 'paging');

function shapes(file: string): string[] {
  const all = readAppFolder(PAGING);
  const f = all.find((x) => x.path === file)!;
  return detectGraphCalls(f.text, formatOf(file)!, callContext(all)).map(
    (c) => `${c.method} ${c.version === 'beta' ? 'beta:' : ''}${c.path}${c.followUp ? ` <${c.followUp.kind} of ${lineOf(f.text, c.followUp.originStart)}>` : ''}`,
  );
}
const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

let store: PermissionStore;
before(() => {
  store = bundledStore();
});

describe('usage: paging follow-ups take the path of the call they continue', () => {
  it('Python: a next link read off the response, fetched with requests; a PageIterator over a Kiota page', () => {
    assert.deepStrictEqual(shapes('messages.py'), ['GET /me/messages', 'GET /me/messages <next-page of 9>', 'GET /users', 'GET /users <page-iterator of 21>']);
  });
  it('TypeScript: a PageIterator over a first page; client.api(page[\'@odata.nextLink\']).get() in a loop', () => {
    assert.deepStrictEqual(shapes('events.ts'), ['GET /me/events', 'GET /me/events <page-iterator of 6>', 'GET /groups', 'GET /groups <next-page of 16>']);
  });
  it('C#: a bare DeltaRequestBuilder made from a delta link; PageIterator.CreatePageIterator over a collection', () => {
    assert.deepStrictEqual(shapes('Delta.cs'), ['GET /Users/Delta', 'GET /Users/Delta <delta-link of 10>', 'GET /Me/Messages', 'GET /Me/Messages <page-iterator of 13>']);
  });
  it('Java v5: nextPage.buildRequest().get() after getNextPage(); a client getter at the root of a chain', () => {
    assert.deepStrictEqual(shapes('Pages.java'), ['GET /me/contacts', 'GET /me/contacts <next-page of 6>', 'POST /external/connections']);
  });
  it('PowerShell: Select-MgProfile -Name beta makes later cmdlets beta; Invoke-MgGraphRequest -Uri $response.\'@odata.nextLink\' continues the request before it', () => {
    assert.deepStrictEqual(shapes('report.ps1'), ['GET beta:/devices', 'GET /auditLogs/signIns', 'GET /auditLogs/signIns <next-page of 7>']);
  });
  it('a link with no call before it is not a call (nothing to attribute it to)', () => {
    assert.deepStrictEqual(detectGraphCalls('def more(next_link):\n    return requests.get(next_link).json()\n', 'python'), []);
    assert.deepStrictEqual(detectGraphCalls('const r = await fetch(nextLink);\n', 'javascript'), []);
  });
  it('follow-ups count for the permissions of their path, and the report says what they continue', () => {
    const files = readAppFolder(PAGING).filter((f) => f.path === 'events.ts');
    const r = analyzeUsage(files, store);
    const follow = r.calls.filter((c) => c.followUp);
    assert.strictEqual(follow.length, 2);
    for (const c of follow) {
      const origin = r.calls.find((x) => x.start === c.followUp!.originStart)!;
      assert.strictEqual(c.leastPrivileged, origin.leastPrivileged);
      assert.ok(c.leastPrivileged);
    }
    assert.deepStrictEqual(r.unmatched, []);
    const md = reportMarkdown([r]);
    assert.match(md, /`GET \/me\/events` \\\(page iterator of line 6\\\)/);
    assert.match(md, /`GET \/groups` \\\(next page of line 16\\\)/);
    const json = reportJson([r]) as { apps: { calls: { followUp?: { kind: string; of: number } }[] }[] };
    assert.deepStrictEqual(json.apps[0].calls.filter((c) => c.followUp).map((c) => c.followUp), [{ kind: 'page-iterator', of: 6 }, { kind: 'next-page', of: 16 }]);
  });
});

describe('usage: what an app requests, second round', () => {
  it('Spring .properties: authorization-clients.graph.scopes is the app\'s request; an unused scope gets a fix that edits the list', () => {
    const files = readAppFolder(path.join(USAGE, 'spring'));
    assert.ok(files.some((f) => f.path === 'src/main/resources/application.properties'), 'the folder walk reads .properties');
    const r = analyzeUsage(files, store);
    assert.deepStrictEqual(r.scopeFiles, ['src/main/resources/application.properties']);
    assert.deepStrictEqual(r.calls.map((c) => `${c.method} ${c.path} ${c.kind}`), ['GET /me Delegated']);
    assert.deepStrictEqual(r.requested.map((q) => `${q.name} ${q.status}`), ['User.Read used', 'Mail.Read unused']);
    const unused = r.findings.find((f) => f.code === 'permission-unused')!;
    assert.match(unused.message, /Mail\.Read \(Delegated\) is requested in code/);
    const props = files.find((f) => f.path === 'src/main/resources/application.properties')!.text;
    assert.match(applyEdits(props, unused.fixes[0].edits), /graph\.scopes=https:\/\/graph\.microsoft\.com\/User\.Read\n/);
  });
  it('a script requests the scopes it signs in with, not the roles it grants to another app', () => {
    const files = readAppFolder(PAGING).filter((f) => f.path === 'add-app-roles.ps1');
    const r = analyzeUsage(files, store);
    assert.deepStrictEqual(r.identities, []);
    assert.deepStrictEqual(r.requested.map((q) => q.name).sort(), ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All']);
    assert.deepStrictEqual(r.findings.map((f) => f.code), []);
  });
  it('an AlsoRequires companion is satisfied by the same permission with write access', () => {
    assert.ok(coversCompanion('Application.Read.All', 'Application.Read.All'));
    assert.ok(coversCompanion('Application.ReadWrite.All', 'Application.Read.All'));
    assert.ok(coversCompanion('directory.readwrite.all', 'Directory.Read.All'));
    assert.ok(!coversCompanion('Application.Read.All', 'Application.ReadWrite.All'));
    assert.ok(!coversCompanion('User.ReadWrite.All', 'Application.Read.All'));
    const script: UsageFile = {
      path: 'assign.ps1',
      text: "Connect-MgGraph -Scopes AppRoleAssignment.ReadWrite.All,Application.ReadWrite.All\nNew-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $sp.Id -PrincipalId $sp.Id -AppRoleId $roleId -ResourceId $graphId\nNew-MgServicePrincipal -AppId $appId\n",
    };
    const r = analyzeUsage([script], store);
    assert.deepStrictEqual(
      r.requested.map((q) => `${q.name} ${q.status}`).sort(),
      ['AppRoleAssignment.ReadWrite.All used', 'Application.ReadWrite.All used'],
      JSON.stringify(r.findings.map((f) => f.message)),
    );
  });
});

describe('usage: setup scripts are their own identity', () => {
  const app: UsageFile[] = [
    { path: 'pom.xml', text: '<project/>' },
    { path: 'src/main/java/demo/Connector.java', text: 'public class Connector {\n  void run() {\n    GraphService.getClient().external().connections().buildRequest().post(connection);\n  }\n}\n' },
    {
      path: 'setup.ps1',
      text: 'Connect-MgGraph -Scopes Application.ReadWrite.All,AppRoleAssignment.ReadWrite.All\n$app = New-MgApplication -DisplayName "connector"\n$sp = New-MgServicePrincipal -AppId $app.AppId\nNew-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $sp.Id -PrincipalId $sp.Id -AppRoleId $roleId -ResourceId $graphId\n',
    },
  ];
  it("the app's calls take the kind its setup script grants it (app roles → Application) when its own code does not say", () => {
    const r = analyzeUsage(app, store);
    assert.deepStrictEqual(r.calls.map((c) => `${c.method} ${c.path} ${c.kind}`), ['POST /external/connections Application']);
    assert.match(r.calls[0].kindReason, /setup script assigns it app roles: New-MgServicePrincipalAppRoleAssignment \(setup\.ps1:4\)/);
    assert.deepStrictEqual(r.identities.map((x) => x.file), ['setup.ps1']);
    assert.ok(r.identities[0].report.calls.every((c) => c.kind === 'Delegated'));
  });
  it('Markdown: a section per setup script with its sign-in scopes, calls and findings, apart from the app\'s', () => {
    const extra: UsageFile = { path: 'cleanup.ps1', text: 'Connect-MgGraph -Scopes Directory.ReadWrite.All\nRemove-MgApplication -ApplicationId $id\n' };
    const r = analyzeUsage([...app, { ...extra, path: 'Cleanup.ps1' }], store);
    const md = reportMarkdown([r]);
    const setupAt = md.indexOf('### Setup scripts (each its own identity)');
    assert.ok(setupAt > 0, md);
    assert.ok(md.indexOf('#### `setup.ps1`') > setupAt);
    assert.ok(md.indexOf('#### `Cleanup.ps1`') > setupAt);
    assert.match(md, /Signs in with: `Application\.ReadWrite\.All` \(Delegated\), `AppRoleAssignment\.ReadWrite\.All` \(Delegated\)\./);
    // The app's own tables list only its call; the setup scripts' calls are in their sections.
    const appPart = md.slice(0, setupAt);
    assert.match(appPart, /POST \/external\/connections/);
    assert.doesNotMatch(appPart, /POST \/applications|DELETE \/applications/);
    const cleanup = md.slice(md.indexOf('#### `Cleanup.ps1`'));
    assert.match(cleanup, /DELETE \/applications\/\{id\}/);
    assert.match(cleanup, /##### Findings[\s\S]*permission-missing[\s\S]*permission-unused[^\n]*Directory\\\.ReadWrite\\\.All/);
    assert.doesNotMatch(appPart, /Directory\.ReadWrite\.All/);
    const json = reportJson([r]) as { apps: { identities?: { file: string; identity: string; calls: unknown[] }[] }[] };
    assert.deepStrictEqual(json.apps[0].identities?.map((x) => `${x.file} ${x.identity} ${x.calls.length}`), ['setup.ps1 setup-script 3', 'Cleanup.ps1 setup-script 1']);
  });
  it('the report page has the same section, with the setup script\'s fixes as buttons', () => {
    const r = analyzeUsage([...app, { path: 'Cleanup.ps1', text: 'Connect-MgGraph -Scopes Directory.ReadWrite.All\nRemove-MgApplication -ApplicationId $id\n' }], store);
    const html = reportHtml([{ title: 'demo', report: r }], { nonce: 'n', cspSource: 'c', styleUri: 's', scriptUri: 'j', generatedAt: 'now' });
    assert.match(html, /<h3>Setup scripts \(each its own identity\)<\/h3>/);
    const fi = r.findings.findIndex((f) => f.file === 'Cleanup.ps1' && f.code === 'permission-unused');
    assert.ok(fi >= 0);
    assert.match(html.slice(html.indexOf('Setup scripts')), new RegExp(`data-finding="${fi}"`));
  });
  it('CLI least-privilege: the Markdown report has the setup script section', async () => {
    let out = '';
    const code = await runLeastPrivilege([path.join(USAGE, 'paging-app')], path.join(ROOT, 'data'), { out: (s) => (out += s), err: () => undefined });
    assert.strictEqual(code, 0);
    assert.match(out, /### Setup scripts \(each its own identity\)\n/);
    assert.match(out, /#### `AppCreationScripts\/Configure\.ps1`/);
  });
});

describe('usage: the second-round fixtures stay our own', () => {
  it('every fixture file is small and hand-made (no third-party text)', () => {
    for (const dir of [PAGING, path.join(USAGE, 'spring'), path.join(USAGE, 'paging-app')]) {
      for (const f of readAppFolder(dir)) assert.ok(fs.statSync(path.join(dir, f.path)).size < 4000, f.path);
    }
  });
});

describe('usage: property-level needs, where the published data has them', () => {
  it('a selected or expanded property that the data lists as a path of its own is checked as that path', () => {
    const sel = candidatesFor(store, { method: 'GET', path: '/me', query: '$select=displayName,mailboxSettings' }, 'Delegated');
    assert.strictEqual(sel[0].name, 'MailboxSettings.Read');
    assert.strictEqual(sel[0].rule, 'property-select');
    const exp = candidatesFor(store, { method: 'GET', path: '/me', query: '$expand=manager($select=id,displayName)' }, 'Delegated');
    const manager = candidatesFor(store, { method: 'GET', path: '/me/manager' }, 'Delegated');
    assert.strictEqual(exp[0].name, manager[0].name);
    assert.strictEqual(exp[0].rule, 'property-select');
    assert.deepStrictEqual(queryProperties('$select=id,displayName&$expand=manager($select=id)'), ['displayname', 'manager']);
  });
  it('other properties are named as not checked, in the hover and the report; over-broad steps back for them', () => {
    const call = { method: 'GET', path: '/users', query: '$select=signInActivity,displayName', source: 'powershell-cmdlet' as const, start: 0, end: 1, snippet: '' };
    assert.deepStrictEqual(uncheckedProperties(store, call), ['signinactivity', 'displayname']);
    assert.match(callHoverMarkdown(store, call), /Property-level needs not checked\* for `signinactivity`, `displayname`/);
    const script: UsageFile = {
      path: 'last-sign-in.ps1',
      text: "$scopes = @('User.Read.All', 'AuditLog.Read.All')\nConnect-MgGraph -Scopes $scopes\n$select = 'SignInActivity, displayName'\n$params = @{\n    'All' = $true;\n    'Select' = $select;\n}\n$users = Get-MgUser @params\n",
    };
    const r = analyzeUsage([script], store);
    assert.deepStrictEqual(r.calls.map((c) => `${c.method} ${c.path} ${c.query}`), ['GET /users $select=SignInActivity,displayName']);
    assert.deepStrictEqual(r.calls[0].uncheckedProperties, ['signinactivity', 'displayname']);
    // User.ReadBasic.All allows GET /users, but may not read signInActivity: no over-broad finding, a note instead.
    assert.deepStrictEqual(r.findings.filter((f) => f.code === 'permission-over-broad'), []);
    assert.ok(r.notes.some((n) => /User\.Read\.All \(Delegated\) is not judged over-broad.*signinactivity/.test(n)), r.notes.join('\n'));
    const unused = r.findings.find((f) => f.code === 'permission-unused');
    assert.match(unused!.message, /AuditLog\.Read\.All.*properties whose needs the published permission data does not list \(signinactivity\)/);
    assert.match(reportMarkdown([r]), /properties not checked\\: signinactivity, displayname/);
  });
  it('PowerShell: -Property on the command becomes $select', () => {
    const calls = detectGraphCalls('Get-MgUser -UserId $id -Property "displayName,mailboxSettings"\n', 'powershell');
    assert.strictEqual(calls[0].query, '$select=displayName,mailboxSettings');
    assert.strictEqual(calls[0].path, '/users/{id}');
  });
});

describe('usage: .http files say how they sign in', () => {
  it('REST Client {{$aadV2Token appOnly}} is Application; {{$aadV2Token}} and {{$aadToken}} are Delegated', () => {
    const app: UsageFile = { path: 'groups.http', text: '@graph = https://graph.microsoft.com/v1.0\n\n###\nGET {{graph}}/groups\n    ?$select=id,displayName\nAuthorization: Bearer {{$aadV2Token appOnly}}\n' };
    const user: UsageFile = { path: 'me.http', text: 'GET https://graph.microsoft.com/v1.0/me/messages\nAuthorization: Bearer {{$aadV2Token scopes:Mail.Read}}\n' };
    const a = analyzeUsage([app], store);
    assert.deepStrictEqual(a.calls.map((c) => `${c.method} ${c.path} ${c.kind}`), ['GET /groups Application']);
    assert.match(a.calls[0].kindReason, /aadV2Token appOnly/);
    const u = analyzeUsage([user], store);
    assert.deepStrictEqual(u.calls.map((c) => `${c.method} ${c.path} ${c.kind}`), ['GET /me/messages Delegated']);
    assert.deepStrictEqual(detectAuth('Authorization: Bearer {{$aadToken}}\n').map((e) => e.kind), ['Delegated']);
  });
});
