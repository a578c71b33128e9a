import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Node as JsonNode } from 'jsonc-parser';
import { analyzeText, formatOf } from '../../src/core/analyze';
import { addPermissionEdit, requiredResourceAccessOf } from '../../src/core/leastPrivilege/manifestEdit';
import { applyEdits } from '../../src/core/rules/util';
import { PermissionStore } from '../../src/core/store/store';
import { loadStoreWithMetadata, readBundledFile } from '../../src/platform/node/upstream';
import { analyzeUsage, candidatesFor, callContext, usageContext, callHoverMarkdown, detectAuth, detectGraphCalls, normalizeGraphPath, reportJson, reportMarkdown, type UsageFile } from '../../src/core/leastPrivilege';
import { runLeastPrivilege } from '../../src/platform/node/leastPrivilege';
import { readAppFolder } from '../../src/platform/node/walk';
import { bundledStore, FIXTURES, ROOT, SHARED_UPSTREAM } from './helpers';

const USAGE = path.join(FIXTURES, 'usage');
const DATA = path.join(ROOT, 'data');
/** The bundled permissions without their path data (data/paths.json not given): the "no path data" case. */
const withoutPaths = (): PermissionStore => new PermissionStore(readBundledFile(DATA));
const LIMITS = { minGraphPermissions: 1 };

function calls(file: string): string[] {
  const text = fs.readFileSync(path.join(USAGE, 'calls', file), 'utf8');
  return detectGraphCalls(text, formatOf(file)!).map((c) => `${c.method} ${c.version === 'beta' ? 'beta:' : ''}${c.path}`);
}

let fixtureStore: PermissionStore;
before(async () => {
  fixtureStore = await loadStoreWithMetadata(DATA, path.join(USAGE, 'upstream'), { limits: LIMITS });
});

describe('usage: path normalisation', () => {
  it('strips host, version and query; ids and interpolations become {id}', () => {
    assert.deepStrictEqual(normalizeGraphPath('https://graph.microsoft.com/v1.0/users/${id}/messages?$top=5'), { path: '/users/{id}/messages', version: 'v1.0', query: '$top=5' });
    assert.deepStrictEqual(normalizeGraphPath('/beta/users/0f0f0f0f-0000-4000-8000-000000000001'), { path: '/users/{id}', version: 'beta' });
    assert.deepStrictEqual(normalizeGraphPath('/users/adele@contoso.com/events'), { path: '/users/{id}/events', version: undefined });
    assert.deepStrictEqual(normalizeGraphPath('v1.0/users/$userId'), { path: '/users/{id}', version: 'v1.0' });
    assert.strictEqual(normalizeGraphPath("/reports/getEmailActivityUserDetail(period='D7')")?.path, '/reports/getEmailActivityUserDetail(period={value})');
    assert.strictEqual(normalizeGraphPath('/groups/{{groupId}}/members/$ref')?.path, '/groups/{id}/members/$ref');
    assert.strictEqual(normalizeGraphPath('https://graph.microsoft.com/v1.0/'), undefined);
    assert.strictEqual(normalizeGraphPath('/me/mailFolders/Inbox/messages')?.path, '/me/mailFolders/{id}/messages');
    assert.strictEqual(normalizeGraphPath('/me/inbox')?.path, '/me/inbox');
  });
});

describe('usage: call detection', () => {
  it('TypeScript: Graph JS client chains, fetch/axios with methods, Kiota; not scopes or links', () => {
    assert.deepStrictEqual(calls('sample.ts'), [
      'GET /me/messages',
      'POST /users/{id}/sendMail',
      'PATCH /groups/{id}',
      'GET /users',
      'PATCH /users/{id}',
      'DELETE beta:/groups/{id}',
      'GET /reports/getEmailActivityUserDetail(period={value})',
      'GET /me/messages',
      'GET /users/{id}/messages/{id}',
    ]);
  });
  it('C#: Kiota indexers and *Async verbs, HttpClient, HttpRequestMessage, concatenation', () => {
    assert.deepStrictEqual(calls('Sample.cs'), [
      'GET /Users/{id}/Messages',
      'POST /Users/{id}/SendMail',
      'GET /Groups',
      'GET /users/{id}/events',
      'DELETE /users/{id}/messages/{id}',
      'PATCH /groups/{id}',
    ]);
  });
  it('Python: Kiota snake_case chains and requests', () => {
    assert.deepStrictEqual(calls('sample.py'), ['GET /me', 'GET /users/{id}/messages', 'POST /me/sendMail', 'GET /users/{id}/messages', 'POST /groups', 'GET /me/calendar/calendarView']);
  });
  it('PowerShell: Invoke-MgGraphRequest (relative URIs, continuations) and cmdlets; comments skipped', () => {
    assert.deepStrictEqual(calls('sample.ps1'), [
      'GET /users/{id}/messages',
      'POST /groups',
      'PATCH /users/{id}',
      'GET /users',
      'GET /users/{id}',
      'GET /users/{id}/messages',
      'POST /users/{id}/sendMail',
      'POST /groups',
      'GET beta:/users/{id}',
    ]);
  });
  it('.http: request lines with @variables; other hosts ignored', () => {
    assert.deepStrictEqual(calls('sample.http'), ['GET /users', 'GET /users/{id}/messages', 'POST /me/sendMail']);
  });
  it('Java: Kiota chains with () segments', () => {
    assert.deepStrictEqual(calls('Sample.java'), ['GET /users/{id}', 'GET /users/{id}/messages']);
  });
  it('never throws on hostile input', () => {
    for (const f of ['javascript', 'csharp', 'python', 'java', 'powershell', 'http'] as const) {
      for (const t of ['client.api(', "client.api('/me').get(", 'graphClient.me.', '"https://graph.microsoft.com/v1.0/', 'Invoke-MgGraphRequest -Uri', '\u0000'.repeat(10), 'x'.repeat(100000)]) {
        assert.ok(Array.isArray(detectGraphCalls(t, f)));
      }
    }
  });
});

describe('usage: authentication → kind', () => {
  it('client credentials / certificates / managed identity are Application; user flows Delegated', () => {
    assert.deepStrictEqual(detectAuth('new ClientSecretCredential(a,b,c)').map((e) => e.kind), ['Application']);
    assert.deepStrictEqual(detectAuth('Connect-MgGraph -Identity').map((e) => e.kind), ['Application']);
    assert.deepStrictEqual(detectAuth('Connect-MgGraph -ClientId $c -TenantId $t -CertificateThumbprint $x').map((e) => e.kind), ['Application']);
    assert.deepStrictEqual(detectAuth('Connect-MgGraph -Scopes "User.Read"').map((e) => e.kind), ['Delegated']);
    assert.deepStrictEqual(detectAuth('app.acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])').map((e) => e.kind), ['Application']);
    assert.deepStrictEqual(detectAuth('await cca.acquireTokenOnBehalfOf(req)').map((e) => e.kind), ['Delegated']);
    assert.deepStrictEqual(detectAuth('const x = 1;'), []);
  });
});

describe('usage: matching and ranking (fixture upstream data)', () => {
  it('GET /users: the ranking sees through a least marker on a GET+POST set', () => {
    const app = candidatesFor(fixtureStore, { method: 'GET', path: '/users' }, 'Application').map((c) => c.name);
    assert.strictEqual(app[0], 'User.Read.All');
    assert.ok(app.indexOf('User.ReadWrite.All') > 0 && app.includes('Directory.Read.All'));
    const del = candidatesFor(fixtureStore, { method: 'GET', path: '/users' }, 'Delegated').map((c) => c.name);
    assert.strictEqual(del[0], 'User.ReadBasic.All');
  });
  it('matches case-insensitively, with {id} segments and function segments', () => {
    assert.strictEqual(candidatesFor(fixtureStore, { method: 'POST', path: '/Users/{id}/SendMail' }, 'Application')[0]?.name, 'Mail.Send');
    assert.strictEqual(candidatesFor(fixtureStore, { method: 'GET', path: '/reports/getEmailActivityUserDetail(period={value})' }, 'Application')[0]?.name, 'Reports.Read.All');
    assert.deepStrictEqual(candidatesFor(fixtureStore, { method: 'GET', path: '/me' }, 'Application'), []);
    assert.deepStrictEqual(candidatesFor(fixtureStore, { method: 'GET', path: '/nothing/here' }, 'Delegated'), []);
  });
  it('the hover lists the least-privileged permission per kind, escaped', () => {
    const md = callHoverMarkdown(fixtureStore, { method: 'GET', path: '/users', source: 'kiota', start: 0, end: 1, snippet: '' });
    assert.match(md, /\*\*Delegated\*\*: `User\.ReadBasic\.All` \(least privileged\)/);
    assert.match(md, /\*\*Application\*\*: `User\.Read\.All` \(least privileged\)/);
    assert.match(callHoverMarkdown(withoutPaths(), { method: 'GET', path: '/users', source: 'kiota', start: 0, end: 1, snippet: '' }), /Update Metadata/);
    // The bundled store has the path data: the hover works offline.
    assert.match(callHoverMarkdown(bundledStore(), { method: 'GET', path: '/users', source: 'kiota', start: 0, end: 1, snippet: '' }), /\*\*Application\*\*: `User\.ReadBasic\.All` \(least privileged\)/);
  });
});

function app(name: string): UsageFile[] {
  return readAppFolder(path.join(USAGE, name));
}

describe('usage: findings against manifests', () => {
  it('Entra manifest (GUIDs, Application): over-broad, unused and missing with fixes', () => {
    const files = app('app-daemon');
    const r = analyzeUsage(files, fixtureStore);
    assert.deepStrictEqual(
      r.calls.map((c) => `${c.file}:${c.line} ${c.method} ${c.path} ${c.kind}`),
      ['report.ps1:2 GET /users Application', 'src/sync.ts:8 GET /users Application', 'src/sync.ts:9 GET /users/{id}/messages Application', 'src/sync.ts:10 POST /users/{id}/sendMail Application'],
    );
    assert.deepStrictEqual(
      r.needed.map((n) => `${n.name} ${n.kind} ${n.requested}`),
      ['Mail.ReadBasic Application false', 'Mail.Send Application false', 'User.Read.All Application false'],
    );
    assert.deepStrictEqual(
      r.findings.map((f) => `${f.code} ${f.severity} ${f.line}`),
      ['permission-missing warning 7', 'permission-over-broad warning 10', 'permission-over-broad warning 14', 'permission-unused information 18'],
    );
    const manifest = files.find((f) => f.path === 'entra.manifest.json')!.text;
    const overBroad = r.findings.find((f) => f.code === 'permission-over-broad' && f.line === 10)!;
    assert.match(overBroad.message, /User\.ReadWrite\.All \(Application\) is broader than needed.*GET \/users\).*User\.Read\.All/);
    // GUID of the Application role User.Read.All; type stays Role.
    const fixed = applyEdits(manifest, overBroad.fixes[0].edits);
    assert.ok(fixed.includes('"id": "df021288-bdef-4463-88db-98f22de89214",\n          "type": "Role"'));
    const unused = r.findings.find((f) => f.code === 'permission-unused')!;
    assert.match(unused.message, /Group\.Read\.All.*never complete/);
    const missing = r.findings.find((f) => f.code === 'permission-missing')!;
    assert.match(missing.message, /POST \/users\/\{id\}\/sendMail.*Mail\.Send/);
    const added = JSON.parse(applyEdits(manifest, missing.fixes[0].edits));
    assert.deepStrictEqual(added.requiredResourceAccess[0].resourceAccess[3], { id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', type: 'Role' });
    // All fixes together still give valid JSON.
    JSON.parse(applyEdits(manifest, r.findings.flatMap((f) => (f.code === 'permission-unused' ? [] : f.fixes[0].edits))));
  });

  it('Teams Toolkit aad.manifest.json (names, Delegated): names in fixes', () => {
    const files = app('app-teams');
    const r = analyzeUsage(files, fixtureStore);
    assert.ok(r.calls.every((c) => c.kind === 'Delegated'));
    const manifest = files.find((f) => f.path === 'aad.manifest.json')!.text;
    const over = r.findings.find((f) => f.code === 'permission-over-broad')!;
    assert.ok(applyEdits(manifest, over.fixes[0].edits).includes('"id": "Mail.ReadBasic"'));
    const missing = r.findings.find((f) => f.code === 'permission-missing')!;
    const added = JSON.parse(applyEdits(manifest, missing.fixes[0].edits));
    assert.deepStrictEqual(added.requiredResourceAccess[0].resourceAccess[3], { id: 'Mail.Send', type: 'Scope' });
    assert.deepStrictEqual(r.findings.filter((f) => f.code === 'permission-unused').map((f) => f.message.split(' ')[0]), ['Calendars.Read']);
    assert.deepStrictEqual(r.requested.find((q) => q.name === 'User.Read')?.status, 'used');
  });

  it('a missing permission with no Graph block adds one; the over-broad fix removes a permission already covered', () => {
    const manifest = '{\n  "requiredResourceAccess": [\n    {\n      "resourceAppId": "00000003-0000-0000-c000-000000000000",\n      "resourceAccess": [\n        { "id": "741f803b-c850-494e-b5df-cde7c675a1ca", "type": "Role" },\n        { "id": "df021288-bdef-4463-88db-98f22de89214", "type": "Role" }\n      ]\n    }\n  ]\n}\n';
    const code = "const c = new ClientSecretCredential(a, b, c);\nawait fetch('https://graph.microsoft.com/v1.0/users');\n";
    const r = analyzeUsage([{ path: 'm.json', text: manifest }, { path: 'a.ts', text: code }], fixtureStore);
    const over = r.findings.find((f) => f.code === 'permission-over-broad')!;
    assert.match(over.message, /already requests/);
    const fixed = JSON.parse(applyEdits(manifest, over.fixes[0].edits));
    assert.deepStrictEqual(fixed.requiredResourceAccess[0].resourceAccess, [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }]);

    const empty = '{ "requiredResourceAccess": [] }';
    const r2 = analyzeUsage([{ path: 'm.json', text: empty }, { path: 'a.ts', text: code }], fixtureStore);
    const miss = r2.findings.find((f) => f.code === 'permission-missing')!;
    const withBlock = JSON.parse(applyEdits(empty, miss.fixes[0].edits));
    assert.deepStrictEqual(withBlock.requiredResourceAccess, [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }] }]);
  });

  it('kind falls back to the manifests, then the default; --kind forces it', () => {
    const manifest = '{ "requiredResourceAccess": [ { "resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [ { "id": "df021288-bdef-4463-88db-98f22de89214", "type": "Role" } ] } ] }';
    const code = "await fetch('https://graph.microsoft.com/v1.0/users');";
    assert.strictEqual(analyzeUsage([{ path: 'm.json', text: manifest }, { path: 'a.ts', text: code }], fixtureStore).calls[0].kind, 'Application');
    assert.strictEqual(analyzeUsage([{ path: 'a.ts', text: code }], fixtureStore).calls[0].kind, 'Delegated');
    assert.strictEqual(analyzeUsage([{ path: 'a.ts', text: code }], fixtureStore, { defaultKind: 'Application' }).calls[0].kind, 'Application');
    assert.strictEqual(analyzeUsage([{ path: 'm.json', text: manifest }, { path: 'a.ts', text: code }], fixtureStore, { kind: 'Delegated' }).calls[0].kind, 'Delegated');
  });

  it('with the bundled store alone (no --metadata, no Update Metadata): over-broad, unused and missing', () => {
    const r = analyzeUsage(app('app-daemon'), bundledStore());
    assert.strictEqual(r.hasPathData, true);
    assert.deepStrictEqual(r.findings.map((f) => f.code).sort(), ['permission-missing', 'permission-over-broad', 'permission-over-broad', 'permission-unused']);
  });

  it('without path data: no findings, and the report says how to get it', () => {
    const r = analyzeUsage(app('app-daemon'), withoutPaths());
    assert.strictEqual(r.hasPathData, false);
    assert.strictEqual(r.findings.length, 0);
    assert.strictEqual(r.calls.length, 4);
    assert.match(reportMarkdown([r]), /Update Metadata/);
  });

  it('report: JSON model and Markdown table', () => {
    const r = analyzeUsage(app('app-daemon'), fixtureStore);
    r.folder = 'app-daemon';
    const j = reportJson([r]) as { apps: { calls: unknown[]; findings: { rule: string }[] }[] };
    assert.strictEqual(j.apps[0].calls.length, 4);
    assert.deepStrictEqual(j.apps[0].findings.map((f) => f.rule).sort(), ['permission-missing', 'permission-over-broad', 'permission-over-broad', 'permission-unused']);
    const md = reportMarkdown([r]);
    assert.match(md, /\| `src\/sync\.ts:10` \| `POST \/users\/\{id\}\/sendMail` \| Application/);
    assert.match(md, /over-broad: `User\.Read\.All` suffices/);
  });
});

describe('usage: CLI least-privilege', () => {
  function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    return runLeastPrivilege(args, DATA, { out: (s) => (out += s), err: (s) => (err += s), limits: LIMITS }).then((code) => ({ code, out, err }));
  }
  it('json and markdown output, exit 0', async () => {
    const j = await run(['--format', 'json', '--metadata', path.join(USAGE, 'upstream'), path.join(USAGE, 'app-teams')]);
    assert.strictEqual(j.code, 0, j.err);
    const parsed = JSON.parse(j.out) as { apps: { findings: { rule: string }[] }[] };
    // The manifest's findings, then the two calls the scopes requested in bot.py do not cover.
    assert.deepStrictEqual(parsed.apps[0].findings.map((f) => f.rule), ['permission-missing', 'permission-over-broad', 'permission-unused', 'permission-missing', 'permission-missing']);
    const m = await run(['--metadata', path.join(USAGE, 'upstream'), '--kind', 'application', path.join(USAGE, 'app-teams')]);
    assert.strictEqual(m.code, 0);
    assert.match(m.out, /^# Least-privilege report/);
    assert.match(m.out, /forced by option/);
  });
  it('without --metadata: the bundled path data finds over-broad, unused and missing permissions, exit 0', async () => {
    const r = await run(['--format', 'json', path.join(USAGE, 'app-daemon')]);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(r.err, '');
    const parsed = JSON.parse(r.out) as { apps: { findings: { rule: string; message: string }[] }[] };
    const rules = parsed.apps[0].findings.map((f) => f.rule);
    for (const rule of ['permission-over-broad', 'permission-unused', 'permission-missing']) assert.ok(rules.includes(rule), `${rule} in ${rules.join(', ')}`);
    assert.ok(parsed.apps[0].findings.some((f) => /User\.ReadWrite\.All .* broader than needed/.test(f.message)));
  });
  it('usage errors exit 2, failures 3', async () => {
    assert.strictEqual((await run([])).code, 2);
    assert.strictEqual((await run(['--format', 'xml', 'x'])).code, 2);
    assert.strictEqual((await run(['--kind', 'both', 'x'])).code, 2);
    assert.strictEqual((await run(['a', 'b'])).code, 2);
    assert.strictEqual((await run([path.join(USAGE, 'nope')])).code, 3);
    assert.strictEqual((await run(['--metadata', path.join(USAGE, 'nope'), path.join(USAGE, 'app-daemon')])).code, 3);
  });
});

describe('usage: real upstream data (../shared/upstream)', function () {
  let real: PermissionStore | undefined;
  before(async function () {
    if (!fs.existsSync(path.join(SHARED_UPSTREAM, 'devx-permissions.json'))) {
      console.log(`    (skipped: the real upstream files are not in ${SHARED_UPSTREAM})`);
      this.skip();
    }
    this.timeout(120000);
    real = await loadStoreWithMetadata(DATA, SHARED_UPSTREAM);
  });
  it('User.ReadWrite.All beside code that only reads /users → over-broad, fixed to the least-privileged read permission', () => {
    const store = real!;
    const least = candidatesFor(store, { method: 'GET', path: '/users' }, 'Application')[0].name;
    assert.ok(/^User\.Read(Basic)?\.All$/.test(least), least);
    const files = app('app-users-read');
    const r = analyzeUsage(files, store);
    assert.strictEqual(r.calls.length, 1);
    assert.strictEqual(r.calls[0].kind, 'Application');
    const over = r.findings.filter((f) => f.code === 'permission-over-broad');
    assert.strictEqual(over.length, 1, JSON.stringify(r.findings));
    assert.match(over[0].message, new RegExp(`User\\.ReadWrite\\.All.*${least.replace(/\./g, '\\.')}`));
    const manifest = files.find((f) => f.path === 'app.manifest.json')!.text;
    const fixed = JSON.parse(applyEdits(manifest, over[0].fixes[0].edits));
    const id = store.byName(least)!.application!.id;
    assert.deepStrictEqual(fixed.requiredResourceAccess[0].resourceAccess, [{ id, type: 'Role' }]);
    assert.strictEqual(r.findings.filter((f) => f.code === 'permission-missing').length, 0);
  });
  it('GET /me?$select=mailboxSettings needs MailboxSettings.Read; GET /me/calendarview matches through /users/{id}', () => {
    const sel = candidatesFor(real!, { method: 'GET', path: '/me', query: '$select=mailboxSettings' }, 'Delegated');
    assert.strictEqual(sel[0]?.name, 'MailboxSettings.Read');
    assert.strictEqual(sel[0]?.rule, 'property-select');
    const cv = candidatesFor(real!, { method: 'GET', path: '/me/calendarview' }, 'Delegated');
    assert.ok(cv.length > 0 && cv[0].rule === 'me-as-user');
    assert.match(callHoverMarkdown(real!, { method: 'GET', path: '/me/calendarview', source: 'kiota', start: 0, end: 1, snippet: '' }), /upstream lists no \/me\/… form/);
  });
  it('PowerShell cmdlets named after the path table: Get-MgUserMailFolderMessage', () => {
    const text = fs.readFileSync(path.join(USAGE, 'shapes', 'mail.ps1'), 'utf8');
    const ctx = usageContext(real!, [{ text }]);
    assert.deepStrictEqual(
      detectGraphCalls(text, 'powershell', ctx).map((c) => `${c.method} ${c.path}`),
      ['GET /users/{id}', 'GET /users/{id}/mailfolders/{id}/messages', 'GET /users/{id}/mailfolders/{id}/messages/{id}'],
    );
  });
  it('every fixture call in every language matches some real pathSet', () => {
    const store = real!;
    for (const f of fs.readdirSync(path.join(USAGE, 'calls'))) {
      const text = fs.readFileSync(path.join(USAGE, 'calls', f), 'utf8');
      for (const c of detectGraphCalls(text, formatOf(f)!)) {
        const n = candidatesFor(store, c, 'Delegated').length + candidatesFor(store, c, 'Application').length;
        assert.ok(n > 0, `${f}: ${c.method} ${c.path} matches nothing`);
      }
    }
  });
});

describe('usage: shapes real apps write (hand-made fixtures in usage/shapes)', () => {
  const SHAPES = path.join(USAGE, 'shapes');
  const files = (): UsageFile[] => readAppFolder(SHAPES);
  function shapeCalls(file: string): string[] {
    const all = files();
    const ctx = callContext(all);
    const f = all.find((x) => x.path === file)!;
    return detectGraphCalls(f.text, formatOf(file)!, ctx).map((c) => `${c.method} ${c.version === 'beta' ? 'beta:' : ''}${c.path}`);
  }
  it('C#: chains across lines with comments and indexers, v4 .Request(), a beta client, WithUrl, a delta builder, a base-URL string; commented calls skipped', () => {
    assert.deepStrictEqual(shapeCalls('Fluent.cs'), [
      'GET /Me/MailFolders/{id}/Messages',
      'GET /Me',
      'POST /Users/{id}/Messages',
      'POST beta:/ApplicationTemplates/{id}/Instantiate',
      'POST /Me/SendMail',
      'GET /Me/Messages',
      'GET /users/delta',
      'GET /me/calendarView',
    ]);
  });
  it('SDK select options become $select (so selecting mailboxSettings is checked)', () => {
    const java = detectGraphCalls('User me = graphClient.me().buildRequest().select("displayName,mailboxSettings").get();', 'java');
    assert.strictEqual(java[0]?.query, '$select=displayName,mailboxSettings');
    const cs = detectGraphCalls('var me = await graphClient.Me.Request().Select(u => new { u.DisplayName, u.MailboxSettings }).GetAsync();', 'csharp');
    assert.strictEqual(cs[0]?.query, '$select=displayName,mailboxSettings');
  });
  it('Java: v5 buildRequest() chains with options, id arguments and parameter sets; Kiota across lines', () => {
    assert.deepStrictEqual(shapeCalls('Fluent.java'), ['GET /groups', 'GET /me', 'POST /users/{id}/messages', 'POST /me/sendMail', 'GET /me/mailFolders/{id}/messages']);
  });
  it('Python: Kiota chain with by_…_id, f-string, .format and + with a base constant; commented call skipped', () => {
    assert.deepStrictEqual(shapeCalls('fluent.py'), ['GET /me/mailFolders/{id}/messages', 'GET /me', 'GET /me/calendarview', 'POST /me/events']);
  });
  it('TypeScript: template literal and + with a base defined in another file; a stored .api() request sent later', () => {
    assert.deepStrictEqual(shapeCalls('calls.ts'), ['GET /me/messages', 'POST /groups', 'POST /external/connections']);
  });
  it('$select=mailboxSettings on /me matches what /me/mailboxSettings needs; other $select are flagged as unchecked in the hover', () => {
    const md = callHoverMarkdown(fixtureStore, { method: 'GET', path: '/users', query: '$select=displayName', source: 'kiota', start: 0, end: 1, snippet: '' });
    assert.match(md, /Property-level needs/);
    assert.match(md, /`\$select`/);
    assert.doesNotMatch(callHoverMarkdown(fixtureStore, { method: 'GET', path: '/users', source: 'kiota', start: 0, end: 1, snippet: '' }), /Property-level/);
  });
  it('a call that matches no permission says so in the hover', () => {
    assert.match(callHoverMarkdown(fixtureStore, { method: 'GET', path: '/nothing/here', source: 'kiota', start: 0, end: 1, snippet: '' }), /no upstream permission lists this method and path/);
  });
});

describe('usage: scopes requested in code, and setup scripts', () => {
  const spa: UsageFile[] = [
    { path: 'src/authConfig.js', text: 'export const loginRequest = {\n  scopes: ["User.Read", "Mail.ReadWrite", "Calendars.Read"],\n};\nconst t = await msalInstance.acquireTokenSilent(loginRequest);\n' },
    { path: 'src/graph.js', text: 'const r = await fetch("https://graph.microsoft.com/v1.0/me", opts);\nconst m = await fetch("https://graph.microsoft.com/v1.0/me/messages", opts);\nawait fetch("https://graph.microsoft.com/v1.0/me/sendMail", { method: "POST" });\n' },
    { path: 'AppCreationScripts/Configure.ps1', text: 'Connect-MgGraph -Scopes "Application.ReadWrite.All"\n$app = New-MgApplication -DisplayName $name\nGet-MgUser -UserId $id\n' },
  ];
  it('a delegated app with no manifest: over-broad, unused and missing on the scope list, with edits of the list', () => {
    const r = analyzeUsage(spa, fixtureStore);
    assert.deepStrictEqual(r.scopeFiles, ['src/authConfig.js']);
    assert.deepStrictEqual(r.manifests, []);
    assert.deepStrictEqual(
      r.calls.map((c) => `${c.method} ${c.path} ${c.kind}`),
      ['GET /me Delegated', 'GET /me/messages Delegated', 'POST /me/sendMail Delegated'],
    );
    const scopeFindings = r.findings.filter((f) => f.file === 'src/authConfig.js');
    assert.deepStrictEqual(scopeFindings.map((f) => f.code).sort(), ['permission-missing', 'permission-over-broad', 'permission-unused']);
    const text = spa[0].text;
    const unused = scopeFindings.find((f) => f.code === 'permission-unused')!;
    assert.match(unused.message, /Calendars\.Read .*requested in code/);
    assert.strictEqual(applyEdits(text, unused.fixes![0].edits), 'export const loginRequest = {\n  scopes: ["User.Read", "Mail.ReadWrite"],\n};\nconst t = await msalInstance.acquireTokenSilent(loginRequest);\n');
    const missing = scopeFindings.find((f) => f.code === 'permission-missing')!;
    assert.match(missing.message, /Mail\.Send/);
    assert.match(applyEdits(text, missing.fixes![0].edits), /"Mail\.Send"/);
    assert.ok(r.requested.every((q) => q.source === 'scopes'));
  });
  it('a setup script is its own identity: its calls are not the app\'s, and it is compared with its own -Scopes', () => {
    const r = analyzeUsage(spa, fixtureStore);
    assert.ok(r.calls.every((c) => !c.file.startsWith('AppCreationScripts/')));
    assert.strictEqual(r.identities.length, 1);
    const id = r.identities[0];
    assert.strictEqual(id.file, 'AppCreationScripts/Configure.ps1');
    assert.deepStrictEqual(id.report.calls.map((c) => `${c.method} ${c.path}`), ['POST /applications', 'GET /users/{id}']);
    assert.deepStrictEqual(id.report.scopeFiles, ['AppCreationScripts/Configure.ps1']);
    assert.ok(r.findings.filter((f) => f.file === 'AppCreationScripts/Configure.ps1').every((f) => !/authConfig/.test(f.message)));
  });
  it('with both a manifest and scope lists, each finding says which one it is about', () => {
    const manifest = { path: 'app.manifest.json', text: '{"requiredResourceAccess":[{"resourceAppId":"00000003-0000-0000-c000-000000000000","resourceAccess":[{"id":"e1fe6dd8-ba31-4d61-89e7-88639da4683d","type":"Scope"}]}]}' };
    const r = analyzeUsage([...spa.slice(0, 2), manifest], fixtureStore);
    assert.ok(r.findings.length > 0);
    for (const f of r.findings) assert.match(f.message, f.file === 'app.manifest.json' ? /\[about app\.manifest\.json\]/ : /\[about the scopes requested in code\]/);
  });
});

describe('usage: the missing-permission edit over the scanner tree', () => {
  it('finds the same requiredResourceAccess and makes the same edit from Analysis.jsonTree as from its own parse, on whole, cut and broken manifests', () => {
    const store = bundledStore();
    const dirs = [path.join(FIXTURES, 'manifests'), path.join(FIXTURES, 'workspace'), path.join(FIXTURES, 'formats', 'arm')];
    const texts = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(d, f), 'utf8')));
    const manifests = texts.filter((t) => t.includes('requiredResourceAccess'));
    assert.ok(manifests.length >= 5, `${manifests.length} manifests`);
    // Cut at every 37th character, with a stray bracket or comment: the two trees recover alike.
    const variants = manifests.flatMap((t) => Array.from({ length: Math.ceil(t.length / 37) }, (_, i) => i * 37).flatMap((at) => [t.slice(0, at), `${t.slice(0, at)}]${t.slice(at)}`, `${t.slice(0, at)}// c\n${t.slice(at)}`]));
    const mail = store.byName('Mail.Send')!.application!;
    const shape = (n: JsonNode | undefined): unknown => n && { type: n.type, offset: n.offset, length: n.length, value: n.value, children: n.children?.map(shape) };
    let found = 0;
    for (const text of [...manifests, ...variants]) {
      const tree = analyzeText(text, 'json', store).jsonTree;
      if (!tree) continue;
      const own = requiredResourceAccessOf(text);
      assert.deepStrictEqual(shape(requiredResourceAccessOf(text, tree)), shape(own), text);
      assert.deepStrictEqual(addPermissionEdit(text, mail, 'guid', { required: requiredResourceAccessOf(text, tree) }), addPermissionEdit(text, mail, 'guid'));
      if (own) found++;
    }
    assert.ok(found > 100, `${found} texts with a requiredResourceAccess array`);
  });
});
