/**
 * The shapes real files write (issue: "Real-world files"): PowerShell barewords and blocks, the
 * kind a file means, watch-lists, SharePoint's same-name permissions, OIDC scopes, more text
 * formats, commented-out Graph calls. Fixtures of our own under test/fixtures/formats; the
 * measurement on real public files is `npm run eval:realworld`.
 */
import * as assert from 'assert';
import { analyzeText, type DocumentFormat } from '../../src/core/analyze';
import { GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../../src/core/permissions/guid';
import { permissionHover } from '../../src/core/permissions/permissionHover';
import { runRules } from '../../src/core/rules';
import { scopeCompletionsAt } from '../../src/core/permissions/scopeCompletion';
import { detectGraphCalls } from '../../src/core/leastPrivilege/detect';
import { kindEvidence } from '../../src/core/leastPrivilege/auth';
import { bundledStore, fixture } from './helpers';

const store = bundledStore();
const analyze = (text: string, format: DocumentFormat = 'powershell') => analyzeText(text, format, store);
const names = (text: string, format: DocumentFormat = 'powershell') =>
  analyze(text, format).references.map((r) => `${r.match?.name ?? '?' + r.ref.text} ${r.kind} ${r.ref.position}`);
const codes = (text: string, format: DocumentFormat = 'powershell') => {
  const a = analyze(text, format);
  return runRules(text, a, store).diagnostics.map((d) => `${d.code} ${text.slice(d.start, d.end)}`);
};

describe('PowerShell barewords', () => {
  it('reads unquoted, comma-separated arguments after other switches', () => {
    assert.deepStrictEqual(names('Connect-MgGraph -Scopes Directory.Read.All'), ['Directory.Read.All Delegated scopeList']);
    assert.deepStrictEqual(names('Connect-MgGraph -NoWelcome -Scopes Group.Read.All, Tasks.ReadWrite,User.Read.All -TenantId $t'), [
      'Group.Read.All Delegated scopeList',
      'Tasks.ReadWrite Delegated scopeList',
      'User.Read.All Delegated scopeList',
    ]);
    assert.deepStrictEqual(names('Connect-MgGraph -Scopes "Mail.Read", Calendars.Read `\n  -NoWelcome'), ['Mail.Read Delegated scopeList', 'Calendars.Read Delegated scopeList']);
  });

  it('-Identity -Scopes is app-only: the names are Application where they exist so', () => {
    assert.deepStrictEqual(names('Connect-MgGraph -Identity -Scopes User.Read.All, AuditLog.Read.All'), ['User.Read.All Application scopeList', 'AuditLog.Read.All Application scopeList']);
    assert.deepStrictEqual(names('Connect-MgGraph -Scopes User.Read.All -CertificateThumbprint $t -ClientId $c'), ['User.Read.All Application scopeList']);
    assert.deepStrictEqual(names('Connect-MgGraph -Identity\n# needs AuditLog.Read.All'), ['AuditLog.Read.All Application string']);
  });

  it('reports an unknown bareword in a certain Graph position, and never plain words elsewhere', () => {
    assert.deepStrictEqual(codes('Connect-MgGraph -Scopes Mail.Sendd'), ['unknown-permission-name Mail.Sendd']);
    assert.deepStrictEqual(names('Get-MgUser -UserId Mail.Sendd -Property DisplayName'), []);
    assert.deepStrictEqual(names('Write-Host Directory.ReadWrite.All'), ['Directory.ReadWrite.All Unknown string']);
  });

  it('a command inside a { } block starts its own statement (high-privilege fires)', () => {
    const text = 'if ($x) {\n    Import-Module Microsoft.Graph\n    Connect-MgGraph -Scopes "Application.ReadWrite.All"\n}\n';
    assert.deepStrictEqual(names(text), ['Application.ReadWrite.All Delegated scopeList']);
    assert.ok(codes(text).includes('high-privilege Application.ReadWrite.All'));
    assert.deepStrictEqual(names('Get-MgUser | ForEach-Object { Connect-MgGraph -Scopes People.Read }'), ['People.Read Delegated scopeList']);
  });

  it('splatting: a hashtable fed to Connect-MgGraph @params', () => {
    assert.deepStrictEqual(names('$params = @{\n  Scopes = "Sites.Read.All", "Files.Read.All"\n  NoWelcome = $true\n}\nConnect-MgGraph @params'), [
      'Sites.Read.All Delegated scopeList',
      'Files.Read.All Delegated scopeList',
    ]);
    // An unknown name there is reported: the hashtable certainly feeds Connect-MgGraph.
    assert.deepStrictEqual(codes('$p = @{ Scopes = "Sites.Reed.All" }\nConnect-MgGraph @p'), ['unknown-permission-name Sites.Reed.All']);
  });

  it('a list fed to an app-role lookup through foreach is Application', () => {
    const text = '$Permissions = @("AuditLog.Read.All")\nforeach ($p in $Permissions) { $r = $sp.AppRoles | Where-Object { $_.Value -eq $p } }';
    assert.deepStrictEqual(names(text), ['AuditLog.Read.All Application scopeList']);
  });

  it('completes a bareword position', () => {
    const text = 'Connect-MgGraph -NoWelcome -Scopes Directory.Read.All, ';
    const r = scopeCompletionsAt(text, text.length, 'powershell', store);
    assert.ok(r && r.items.some((i) => i.label === 'User.Read'));
    const mid = 'Connect-MgGraph -Scopes Dir';
    const r2 = scopeCompletionsAt(mid, mid.length, 'powershell', store);
    assert.ok(r2 && r2.replaceStart === mid.length - 3 && r2.items.every((i) => i.kind === 'permission'));
    assert.strictEqual(scopeCompletionsAt('Get-MgUser -UserId ', 19, 'powershell', store), undefined);
  });

  it('the fixtures: barewords.ps1 and runbook-identity.ps1', () => {
    const a = analyze(fixture('formats', 'powershell/barewords.ps1'));
    assert.ok(a.references.length >= 12);
  });
});

describe('the kind a file means', () => {
  it('shows the reason in the hover', () => {
    const text = '# Reports with AuditLog.Read.All\n\n\nConnect-MgGraph -Identity\n';
    const r = analyze(text).references[0];
    assert.strictEqual(r.kind, 'Application');
    const md = permissionHover(store, r) ?? '';
    assert.match(md.replace(/\\/g, ''), /^\*\*AuditLog\.Read\.All\*\* — Application permission/);
    assert.match(md.replace(/\\/g, ''), /Application here: this file signs in with Connect-MgGraph -Identity \(line 4\)/);
  });

  it('user sign-in code makes plain mentions Delegated; client credentials Application', () => {
    assert.deepStrictEqual(names('// needs Files.Read.All\nconst c = new InteractiveBrowserCredential();', 'javascript'), ['Files.Read.All Delegated string']);
    assert.deepStrictEqual(names('# needs Files.Read.All\napp.acquire_token_for_client(scopes=s)', 'python'), ['Files.Read.All Application string']);
  });

  it('a file that signs in as a user to grant app roles is mixed: its mentions stay Unknown', () => {
    const text = '# grants User.Read.All\nConnect-MgGraph -Scopes AppRoleAssignment.ReadWrite.All\nNew-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $a -AppRoleId $r';
    assert.deepStrictEqual(names(text), ['User.Read.All Unknown string', 'AppRoleAssignment.ReadWrite.All Delegated scopeList']);
  });

  it('prose that says so, when no code does', () => {
    assert.deepStrictEqual(names('Grant **Mail.Send** (Application type) and consent.', 'markdown'), ['Mail.Send Application string']);
    assert.deepStrictEqual(names('Add the delegated permissions User.Read.All and Mail.Send.', 'markdown'), [
      'User.Read.All Delegated string',
      'Mail.Send Delegated string',
    ]);
  });

  it('CLI for Microsoft 365 grants: spo serviceprincipal grant add is Delegated, entra approleassignment add Application', () => {
    // The SharePoint Online Client Extensibility principal gets delegated scopes (SPFx); the alias too.
    for (const cmd of ['m365 spo serviceprincipal grant add', 'm365 spo sp grant add']) {
      const text = `# Mail.Read for the web parts\n${cmd} --resource 'Microsoft Graph' --scope 'Mail.Read'\n`;
      const a = analyze(text, 'shell');
      assert.deepStrictEqual(a.references.map((r) => `${r.match?.name} ${r.kind}`), ['Mail.Read Delegated', 'Mail.Read Delegated'], cmd);
      assert.match((permissionHover(store, a.references[0]) ?? '').replace(/\\/g, ''), new RegExp(`Delegated here: this file grants delegated permissions \\(${cmd}, line 2\\)`));
    }
    // approleassignment add looks its --scopes up among appRoles: Application, despite the option's name.
    const roles = "# Mail.Read for the job\nm365 entra approleassignment add --appId $id --resource 'Microsoft Graph' --scopes 'Mail.Read,Calendars.Read'";
    assert.deepStrictEqual(names(roles, 'shell'), ['Mail.Read Application string', 'Mail.Read Application string', 'Calendars.Read Application string']);
    assert.deepStrictEqual(names(roles.replace('entra', 'aad'), 'shell'), names(roles, 'shell'));
    assert.deepStrictEqual(names('$s = "Mail.Read"\nm365 entra approleassignment add --appDisplayName job --resource "Microsoft Graph" --scopes $s'), ['Mail.Read Application string']);
    // Listing grants says nothing; a file that does both keeps its mentions Unknown.
    assert.deepStrictEqual(names("# Mail.Read\nm365 spo sp grant list --query \"[?Scope == 'x']\"", 'shell'), ['Mail.Read Unknown string']);
    assert.deepStrictEqual(names('# Mail.Read\nm365 spo sp grant add --resource x --scope y\nm365 entra approleassignment add --appId a --resource x --scopes y', 'shell'), [
      'Mail.Read Unknown string',
    ]);
  });

  it('the fixtures: spfx-grants.md and m365-approles.sh', () => {
    assert.deepStrictEqual(new Set(names(fixture('formats', 'plain/spfx-grants.md'), 'markdown')), new Set(['Mail.Read Delegated string', 'Calendars.Read Delegated string']));
    assert.deepStrictEqual(new Set(names(fixture('formats', 'plain/m365-approles.sh'), 'shell')), new Set(['Mail.Read Application string', 'Calendars.Read Application string']));
  });

  it('other SharePoint grant commands to the SPFx principal are Delegated', () => {
    const kinds = (t: string) => kindEvidence(t).map((e) => `${e.kind} ${e.source} ${e.evidence}`);
    assert.deepStrictEqual(kinds('Approve-SPOTenantServicePrincipalPermissionGrant -Resource "Microsoft Graph" -Scope "Mail.Read"'), [
      'Delegated grant Approve-SPOTenantServicePrincipalPermissionGrant',
    ]);
    assert.deepStrictEqual(kinds('Grant-PnPTenantServicePrincipalPermission -Scope "Group.Read.All"'), ['Delegated grant Grant-PnPTenantServicePrincipalPermission']);
    assert.deepStrictEqual(kinds('m365 entra oauth2grant add --clientId $c --resourceId $r --scope "Mail.Read"'), ['Delegated grant m365 entra oauth2grant add']);
    assert.deepStrictEqual(kinds('o365 aad approleassignment add --appId $a --resource SharePoint --scope Sites.Read.All'), ['Application grant o365 aad approleassignment add']);
    assert.deepStrictEqual(kinds('m365 spo sp grant list\nm365 entra approleassignment list --appId $a\nentra approleassignment add is documented here'), []);
  });

  it('never makes a single-kind name the other kind', () => {
    const r = analyze('Connect-MgGraph -Identity\n# User.Read').references[0];
    assert.strictEqual(r.kind, 'Delegated');
    assert.match(permissionHover(store, r) ?? '', /exists only as Delegated/);
    assert.deepStrictEqual(codes('Connect-MgGraph -Identity\n$scopes = "User.Read"'), []);
  });
});

describe('watch-lists', () => {
  const text = fixture('formats', 'powershell/runbook-identity.ps1');
  it('are references, hovered as such, but no request rule fires', () => {
    const a = analyze(text);
    const watch = a.references.filter((r) => r.ref.role === 'watch').map((r) => r.match?.name);
    assert.deepStrictEqual(watch, ['Application.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All']);
    assert.deepStrictEqual(runRules(text, a, store).diagnostics.map((d) => d.code).filter((c) => c === 'high-privilege' || c === 'risky-combination'), []);
    const md = permissionHover(store, a.references.find((r) => r.ref.role === 'watch')!) ?? '';
    assert.match(md, /Listed for comparison, not requested/);
  });
  it('the same list fed to Connect-MgGraph is a request', () => {
    const req = '$HighPriorityPermissions = "Application.ReadWrite.All"\nConnect-MgGraph -Scopes $HighPriorityPermissions';
    assert.ok(codes(req).includes('high-privilege Application.ReadWrite.All'));
  });
});

describe('SharePoint same-name permissions', () => {
  it('-BuiltInType SharePointOnline makes the role SharePoint’s', () => {
    const a = analyze(fixture('formats', 'powershell/runbook-identity.ps1'));
    const sites = a.references.filter((r) => r.match?.name === 'Sites.Selected');
    assert.deepStrictEqual(sites.map((r) => r.resourceAppId), [SHAREPOINT_APP_ID, GRAPH_APP_ID]);
  });
});

describe('commented-out Graph calls', () => {
  it('do not count as usage, in every language the detector reads', () => {
    const paths = (text: string, f: DocumentFormat) => detectGraphCalls(text, f).map((c) => c.path);
    assert.deepStrictEqual(paths("// fetch('https://graph.microsoft.com/v1.0/users')\nfetch('https://graph.microsoft.com/v1.0/me')\n/* client.api('/me/messages').get() */", 'javascript'), ['/me']);
    assert.deepStrictEqual(paths('// var u = await graphClient.Users.GetAsync();\nvar m = await graphClient.Me.GetAsync();', 'csharp'), ['/Me']);
    assert.deepStrictEqual(paths('/* graphClient.users().get(); */\ngraphClient.me().get();', 'java'), ['/me']);
    assert.deepStrictEqual(paths('# requests.get("https://graph.microsoft.com/v1.0/users")\nrequests.get("https://graph.microsoft.com/v1.0/me")', 'python'), ['/me']);
    assert.deepStrictEqual(paths('<#\nGet-MgUser -All\n#>\nGet-MgGroup\n    # Get-MgDevice', 'powershell'), ['/groups']);
    assert.deepStrictEqual(paths('# GET https://graph.microsoft.com/v1.0/users\nGET https://graph.microsoft.com/v1.0/me', 'http'), ['/me']);
  });
});

describe('OpenID Connect scopes', () => {
  it('are references in scope positions of any language, never plain words elsewhere', () => {
    assert.deepStrictEqual(names('CONFIG = {"scopes": ["openid", "offline_access", config.API_ROOT_SCOPE]}\napp.acquire_token_interactive(CONFIG["scopes"])', 'python'), [
      'openid Delegated scopeList',
      'offline_access Delegated scopeList',
    ]);
    assert.deepStrictEqual(names('get_msgraph_scope "email"', 'shell'), ['email Delegated string']);
    assert.deepStrictEqual(names('echo "send email to your profile"', 'shell'), []);
    assert.deepStrictEqual(names('MSAL adds the OIDC scopes (openid, profile, email) to every login request.', 'markdown').length, 3);
    assert.deepStrictEqual(names('Your profile and email are shown on the openid page.', 'markdown'), []);
  });
});

describe('more text formats', () => {
  it('configuration keys named like scope lists are scope positions', () => {
    assert.deepStrictEqual(names('aad.scopes=User.Read Mail.Read\naad.client-id=User.Read', 'properties'), [
      'User.Read Delegated scopeList',
      'Mail.Read Delegated scopeList',
      'User.Read Delegated string',
    ]);
    assert.deepStrictEqual(names('<add key="Scopes" value="User.Read Mail.Sendd"/>', 'xml'), ['User.Read Delegated scopeList']);
    assert.deepStrictEqual(names('GRAPH_SCOPES="User.Read,offline_access"', 'properties'), ['User.Read Delegated scopeList', 'offline_access Delegated scopeList']);
  });
  it('HTML, Razor, rst, AsciiDoc, notebooks: plain mentions, hover only', () => {
    const text = '<p>Needs <code>User.Read.All</code></p>';
    assert.deepStrictEqual(names(text, 'html'), ['User.Read.All Unknown string']);
    assert.deepStrictEqual(runRules(text, analyze(text, 'html'), store).diagnostics, []);
    assert.deepStrictEqual(names(fixture('formats', 'text/msgraph.ipynb'), 'notebook'), ['User.Read.All Application string']);
  });
});

describe('Terraform maps keyed by permission name', () => {
  it('the key is hovered, the GUID is the request', () => {
    const text = fixture('formats', 'terraform/caf.tfvars');
    assert.deepStrictEqual(names(text, 'terraform'), [
      'openid Delegated string',
      'openid Delegated resourceAccess',
      'offline_access Delegated string',
      'offline_access Delegated resourceAccess',
    ]);
    assert.deepStrictEqual(runRules(text, analyze(text, 'terraform'), store).diagnostics.map((d) => d.code), []);
  });
});

describe('SharePoint comment lists', () => {
  it('a comment block under a SharePointOnline command lists SharePoint’s permissions', () => {
    const text = 'Get-PnPAzureADServicePrincipal -BuiltInType SharePointOnline | Get-PnPAzureADServicePrincipalAvailableAppRole\n# Sites.Read.All\n# Sites.Selected\n\nGet-PnPAzureADServicePrincipal -BuiltInType MicrosoftGraph\n# Sites.Read.All\n';
    const a = analyze(text);
    assert.deepStrictEqual(a.references.map((r) => r.resourceAppId), [SHAREPOINT_APP_ID, SHAREPOINT_APP_ID, GRAPH_APP_ID]);
  });
});

describe('SharePoint prose', () => {
  const apps = (text: string, format: DocumentFormat = 'markdown') =>
    analyze(text, format).references.map((r) => `${r.match?.name} ${r.resourceAppId === SHAREPOINT_APP_ID ? 'SharePoint' : r.resourceAppId === GRAPH_APP_ID ? 'Graph' : r.resourceAppId}`);

  it('a line that calls the name SharePoint’s makes it SharePoint’s, hovered as such', () => {
    for (const line of [
      'Grant the SharePoint permission Sites.FullControl.All.',
      "Grant the app SharePoint's Sites.FullControl.All and nothing else.",
      'API permissions > Add a permission > SharePoint > Application permissions > Sites.FullControl.All',
      '| Sites.FullControl.All (SharePoint) | search |',
      'It asks for SharePoint Sites.FullControl.All.',
      'the SharePoint Online application permission **Sites.FullControl.All**',
    ]) {
      assert.deepStrictEqual(apps(line), ['Sites.FullControl.All SharePoint'], line);
    }
    const a = analyze('the SharePoint permission Sites.Selected', 'markdown');
    assert.match(permissionHover(store, a.references[0]) ?? '', /permission of Office 365 SharePoint Online/);
    assert.deepStrictEqual(codes('the SharePoint permission Sites.FullControl.All', 'markdown'), []);
    // A name only SharePoint has is found once the line says so; a list after "SharePoint permissions:".
    assert.deepStrictEqual(apps('the SharePoint permissions: AllSites.Read, MyFiles.Read and TermStore.Read.All'), [
      'AllSites.Read SharePoint',
      'MyFiles.Read SharePoint',
      'TermStore.Read.All SharePoint',
    ]);
    assert.deepStrictEqual(apps('AllSites.Read'), []);
  });

  it('a SharePoint heading or parent list item covers the list under it', () => {
    const text = '- Microsoft Graph\n  - Application permissions\n    - Sites.Selected\n- SharePoint\n  - Application permissions\n    - Sites.Selected\n    - `Sites.Read.All`\n\n### SharePoint Online\n\n- Sites.Manage.All\n\n## Graph\n\n- Sites.Manage.All\n';
    assert.deepStrictEqual(apps(text), ['Sites.Selected Graph', 'Sites.Selected SharePoint', 'Sites.Read.All SharePoint', 'Sites.Manage.All SharePoint', 'Sites.Manage.All Graph']);
    // Not under a list: a paragraph after a SharePoint heading stays Graph's.
    assert.deepStrictEqual(apps('## SharePoint\n\nUse Sites.Selected.\n'), ['Sites.Selected Graph']);
  });

  it('keeps Graph where SharePoint is data or the line names Microsoft Graph', () => {
    for (const line of [
      'Read SharePoint sites with Sites.Read.All.',
      'The Graph app uses Sites.Read.All to read two SharePoint sites.',
      'SharePoint Sites.Read.All on Microsoft Graph limits nothing.',
      'Give write permission to a SharePoint site. (after the identity has been given the Sites.Read.All graph permission)',
      'SharePoint admins: grant Sites.Read.All.',
      // Bare "SharePoint X" in a paragraph or section about Microsoft Graph is Graph's permission.
      'The Microsoft Graph app needs\nSharePoint Sites.Read.All to list drives.',
      '## Microsoft Graph permissions\n\n- User.Read\n- SharePoint Sites.Read.All\n',
    ]) {
      assert.deepStrictEqual(apps(line).filter((x) => x.startsWith('Sites.')), ['Sites.Read.All Graph'], line);
    }
    // … but not the explicit forms, nor a bare one in a section that does not name Graph.
    assert.deepStrictEqual(apps('## Microsoft Graph and SharePoint\n\n- the SharePoint permission Sites.Read.All\n'), ['Sites.Read.All SharePoint']);
    assert.deepStrictEqual(apps('## Permissions\n\n- SharePoint Sites.Read.All\n'), ['Sites.Read.All SharePoint']);
  });

  it('in comments of code, and in the fixtures', () => {
    assert.deepStrictEqual(apps('// the SharePoint permission Sites.Read.All\nconst scopes = ["Sites.Read.All"];', 'javascript'), ['Sites.Read.All SharePoint', 'Sites.Read.All Graph']);
    assert.deepStrictEqual(apps(fixture('formats', 'code/sharepoint_sync.py'), 'python'), ['Sites.Selected Graph', 'Sites.FullControl.All SharePoint']);
    const md = apps(fixture('formats', 'plain/sharepoint-prose.md'));
    assert.strictEqual(md.filter((x) => x.endsWith('SharePoint')).length, 10);
    assert.strictEqual(md.filter((x) => x.endsWith('Graph')).length, 8);
  });
});

// Shapes from the second, held-out round of real files (test/realworld/labels.json, heldOut).
describe('held-out round: Bicep helper calls in resourceAccess', () => {
  it('a known name inside the id expression is the entry’s permission, kind from type', () => {
    const text = "resource a 'Microsoft.Graph/applications@v1.0' = {\n  requiredResourceAccess: [\n    {\n      resourceAppId: '00000003-0000-0000-c000-000000000000'\n      resourceAccess: [\n        { id: roleIdOf('AuditLog.Read.All', sp.appRoles), type: 'Role' }\n        { id: guid('seed', 'Reports.Readd'), type: 'Role' }\n      ]\n    }\n  ]\n}\n";
    assert.deepStrictEqual(names(text, 'bicep'), ['AuditLog.Read.All Application resourceAccess']);
    // Any other string in the expression is not a permission: no unknown-permission report.
    assert.deepStrictEqual(codes(text, 'bicep').filter((c) => c.startsWith('unknown')), []);
    assert.deepStrictEqual(names(fixture('formats', 'bicep/role-helper.bicep'), 'bicep'), ['AuditLog.Read.All Application resourceAccess']);
  });
});

describe('held-out round: JMESPath filters in PowerShell strings', () => {
  it('appRoles[?value==…] is Application, oauth2PermissionScopes[?value==…] Delegated, even when assigned to $appRoleId', () => {
    assert.deepStrictEqual(names(`$appRoleId = az rest --method get --uri $u --query "value[].appRoles[?value=='Mail.Send'].id" -o tsv`), ['Mail.Send Application string']);
    assert.deepStrictEqual(names(`$id = az ad sp show --id $g --query "oauth2PermissionScopes[?value=='Calendars.Read'].id"`), ['Calendars.Read Delegated string']);
    // A plain list in one string still is a list.
    assert.deepStrictEqual(names('$appRoleId = "Mail.Send"'), ['Mail.Send Application scopeList']);
  });
});

describe('held-out round: a kind in parentheses after the name', () => {
  it('applies to the name, and to a list joined right before it', () => {
    assert.deepStrictEqual(names('# - device code flow: Bookings.Read.All (Delegated)\n# - client credentials: Bookings.Read.All (Application)\n'), [
      'Bookings.Read.All Delegated string',
      'Bookings.Read.All Application string',
    ]);
    assert.deepStrictEqual(names('It needs User.Read.All and Group.Read.All (application permissions).', 'markdown'), ['User.Read.All Application string', 'Group.Read.All Application string']);
    assert.deepStrictEqual(names('// uses Mail.Send (app-only)', 'javascript'), ['Mail.Send Application string']);
    // Each name keeps the kind stated after it; a list does not reach past another statement.
    assert.deepStrictEqual(names('Reads User.Read.All (Delegated), then Group.Read.All (Application).', 'markdown'), ['User.Read.All Delegated string', 'Group.Read.All Application string']);
  });
});

describe('held-out round: constants of scope and app-role classes', () => {
  it('C#: a class named for scopes gives Delegated scopes, one named for app roles Application (hover only)', () => {
    const text = 'public static class GraphScopes {\n  public const string UserReadBasicAll = "User.ReadBasic.All";\n  public const string DirectoryReadAll = "Directory.Read.All";\n}\npublic static class JobAppRoles { public const string Reports = "Reports.Read.All"; }\npublic static class Settings { public const string Sites = "Sites.Read.All"; }\n';
    assert.deepStrictEqual(names(text, 'csharp'), [
      'User.ReadBasic.All Delegated scopeList',
      'Directory.Read.All Delegated scopeList',
      'Reports.Read.All Application string',
      'Sites.Read.All Unknown string',
    ]);
  });

  it('TypeScript: an enum or object named for scopes', () => {
    assert.deepStrictEqual(names("export enum Scopes { Me = 'User.Read', Presence = 'Presence.Read.All' }", 'javascript'), ['User.Read Delegated scopeList', 'Presence.Read.All Delegated scopeList']);
    assert.deepStrictEqual(names("const graphScopes = { files: 'Files.Read.All' };", 'javascript'), ['Files.Read.All Delegated scopeList']);
    assert.deepStrictEqual(names("const settings = { files: 'Files.Read.All' };", 'javascript'), ['Files.Read.All Unknown string']);
    // Sentences in such an object are descriptions, not scope lists.
    assert.deepStrictEqual(names("import { PublicClientApplication } from '@azure/msal-browser';\nexport const scopes = { 'Mail.Read': 'lets the app read your mail and profile' };", 'javascript'), ['Mail.Read Delegated scopeList']);
  });

  it('a constant whose name a scopes list uses is a scope', () => {
    const cs = 'public class GraphConstants {\n  public readonly static string[] DefaultScopes = { UserReadWrite, MailboxSettingsRead };\n  public const string MailboxSettingsRead = "MailboxSettings.Read";\n  public const string UserReadAll = "User.Read.All";\n}\n';
    assert.deepStrictEqual(names(cs, 'csharp'), ['MailboxSettings.Read Delegated scopeList', 'User.Read.All Unknown string']);
    assert.deepStrictEqual(names("MAIL_READ = 'Mail.Read'\nSCOPES = [MAIL_READ]\n", 'python'), ['Mail.Read Delegated scopeList']);
  });
});
