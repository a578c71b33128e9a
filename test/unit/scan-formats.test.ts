import * as assert from 'assert';
import fc from 'fast-check';
import { analyzeText, DOCUMENT_FORMATS, formatOf, formatOfContent, type DocumentFormat } from '../../src/core/analyze';
import { runRules } from '../../src/core/rules';
import { specialAt, specialHover } from '../../src/core/scan/special';
import { compare, fixtureFiles, loadExpected, scanFixture, type Score } from '../../scripts/eval-fixtures';
import { bundledStore, fixture } from './helpers';

const store = bundledStore();
const refs = (text: string, format: DocumentFormat) =>
  analyzeText(text, format, store).references.map((r) => `${r.match?.name ?? '?' + r.ref.text} ${r.kind} ${r.ref.position}`);

describe('format scanners: fixtures', () => {
  const expected = loadExpected();
  for (const rel of fixtureFiles()) {
    it(`${rel} yields exactly its expected references`, () => {
      const score: Score = { tp: 0, fp: 0, fn: 0, mismatches: [] };
      assert.ok(expected[rel], `${rel} has no entry in expected.json`);
      compare(rel, scanFixture(rel, store), expected[rel], score);
      assert.deepStrictEqual(score.mismatches, []);
    });
  }

  it('runs no rule on plain mentions (Markdown, shell)', () => {
    for (const rel of ['plain/PERMISSIONS.md', 'plain/grant.sh']) {
      const text = fixture('formats', rel);
      const a = analyzeText(text, formatOf(rel) as DocumentFormat, store);
      assert.ok(a.references.length > 0);
      assert.deepStrictEqual(runRules(text, a, store).diagnostics, []);
    }
  });
});

describe('formatOf', () => {
  it('maps VS Code language ids', () => {
    const ids: Record<string, DocumentFormat> = {
      json: 'json', jsonc: 'json', bicep: 'bicep', terraform: 'terraform', powershell: 'powershell', typescript: 'javascript',
      typescriptreact: 'javascript', javascript: 'javascript', javascriptreact: 'javascript', csharp: 'csharp', python: 'python',
      java: 'java', http: 'http', yaml: 'yaml', markdown: 'markdown', plaintext: 'plaintext', shellscript: 'shell',
    };
    for (const [id, f] of Object.entries(ids)) assert.strictEqual(formatOf(id), f, id);
    assert.strictEqual(formatOf('rust'), undefined);
    assert.strictEqual(formatOf('constructor'), undefined);
  });

  it('maps file names by extension, and JSON by content', () => {
    const names: Record<string, DocumentFormat | undefined> = {
      'main.bicep': 'bicep', 'main.bicepparam': 'bicep', 'infra/main.tf': 'terraform', 'x.tf.json': 'json', 'Grant.ps1': 'powershell',
      'm.psm1': 'powershell', 'authConfig.ts': 'javascript', 'App.tsx': 'javascript', 'a.mjs': 'javascript', 'Program.cs': 'csharp',
      'app.py': 'python', 'A.java': 'java', 'token.http': 'http', 'token.rest': 'http', 'ci.yml': 'yaml', 'teamsapp.yaml': 'yaml',
      'README.md': 'markdown', 'grant.sh': 'shell', 'notes.txt': 'plaintext', 'guide.rst': 'plaintext', 'guide.adoc': 'plaintext', 'index.html': 'html', 'Index.cshtml': 'html',
      'App.razor': 'html', 'web.config': 'xml', 'App.csproj': 'xml', 'application.properties': 'properties', '.env': 'properties', 'x/.env.local': 'properties',
      'analysis.ipynb': 'notebook', 'image.png': undefined, 'Makefile': undefined,
    };
    for (const [n, f] of Object.entries(names)) assert.strictEqual(formatOf(n), f, n);
    assert.strictEqual(formatOfContent('\uFEFF  {"a": 1}'), 'json');
    assert.strictEqual(formatOfContent('# title'), undefined);
  });
});

describe('format scanners: precision rules', () => {
  it('matches names as whole tokens only', () => {
    assert.deepStrictEqual(refs('See MailboxItem.Read.User and Mail.Send.Shared.Extra, xMail.Send, Mail.Send.', 'markdown'), ['Mail.Send Unknown string']);
    assert.deepStrictEqual(refs("Connect-MgGraph -Scopes 'MailboxItem.Read.User'", 'powershell'), []); // RSC, not a Graph typo
  });

  it('an identifier key in code (`{ id: "<permission GUID>" }` on a user, a tenant id) is an id, as in JSON', () => {
    const guid = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d'; // User.Read's GUID, used here as a user's id
    assert.deepStrictEqual(refs(`{ "user": { "id": "${guid}" }, "tenantId": "${guid}" }`, 'json'), [], 'JSON');
    for (const [format, code] of [
      ['javascript', `const user = { id: "${guid}", displayName: "Adele" };\nuser.id = '${guid}';\nconst t = { tenantId: "${guid}", "appId": "${guid}" };`],
      ['csharp', `var user = new User { Id = "${guid}", DisplayName = "Adele" };`],
      ['python', `user = User(id="${guid}")\nconfig = {"client_id": "${guid}"}`],
      ['java', `user.id = "${guid}";`],
    ] as const) {
      assert.deepStrictEqual(refs(code, format), [], format);
      const analysis = analyzeText(code, format, store);
      assert.deepStrictEqual(analysis.references.length + analysis.specials.length, 0, `${format}: no hover, no usage`);
    }
    // The same GUID where it is a permission still counts: a requiredResourceAccess entry in code,
    // a scope list, an appRoleId, a bare string.
    assert.deepStrictEqual(refs(`const entry = { id: "${guid}", type: "Scope" };`, 'javascript'), ['User.Read Delegated scopeList']);
    assert.deepStrictEqual(refs(`const x = { appRoleId: "df021288-bdef-4463-88db-98f22de89214" };`, 'javascript'), ['User.Read.All Application scopeList']);
    assert.strictEqual(refs(`const note = "${guid}";`, 'javascript').length, 1);
  });

  it('never takes plain words (email, profile, openid) outside a scope context', () => {
    assert.deepStrictEqual(refs('Users sign in with email and profile via openid.', 'markdown'), []);
    assert.deepStrictEqual(refs("const claims = ['email', 'profile'];", 'javascript'), []);
    // OIDC scopes alone are every provider's: Graph only in a Microsoft context.
    assert.deepStrictEqual(refs("const request = { scopes: ['openid', 'profile'] };", 'javascript'), []);
    assert.deepStrictEqual(refs("import { PublicClientApplication } from '@azure/msal-browser';\nconst request = { scopes: ['openid', 'profile'] };", 'javascript'), [
      'openid Delegated scopeList',
      'profile Delegated scopeList',
    ]);
    assert.deepStrictEqual(refs("const request = { scopes: ['openid', 'profile', 'User.Read'] };", 'javascript'), ['openid Delegated scopeList', 'profile Delegated scopeList', 'User.Read Delegated scopeList']);
    assert.deepStrictEqual(refs('POST https://oauth2.googleapis.com/token\n\nscope=openid%20email%20profile&grant_type=authorization_code\n', 'http'), []);
  });

  it('keeps an unknown, permission-shaped name where the context is certainly Graph, so the rules can flag it', () => {
    const text = 'Connect-MgGraph -Scopes "User.ReadAll"';
    const a = analyzeText(text, 'powershell', store);
    assert.deepStrictEqual(refs(text, 'powershell'), ['?User.ReadAll Delegated scopeList']);
    const d = runRules(text, a, store).diagnostics;
    assert.ok(d.some((x) => x.code === 'unknown-permission-name' && /User\.Read\.All/.test(x.message)), JSON.stringify(d));
  });

  it('reports a type mismatch in a Terraform resource_access block, with a fix on the type', () => {
    const text = `resource "azuread_application" "a" {
  required_resource_access {
    resource_app_id = "00000003-0000-0000-c000-000000000000"
    resource_access {
      id   = "df021288-bdef-4463-88db-98f22de89214"
      type = "Scope"
    }
  }
}`;
    const a = analyzeText(text, 'terraform', store);
    const d = runRules(text, a, store).diagnostics.find((x) => x.code === 'permission-type-mismatch');
    assert.ok(d, 'type mismatch reported');
    const fix = d.fixes[0].edits[0];
    assert.strictEqual(text.slice(fix.start, fix.end), 'Scope');
    assert.strictEqual(fix.newText, 'Role');
  });

  it('reports an unknown GUID under Graph in Bicep, and a duplicate with a removal fix', () => {
    const text = `resource app 'Microsoft.Graph/applications@v1.0' = {
  requiredResourceAccess: [
    {
      resourceAppId: '00000003-0000-0000-c000-000000000000'
      resourceAccess: [
        { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }
        { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }
        { id: 'a7a681dc-756e-4909-b988-f160edc66550', type: 'Role' }
      ]
    }
  ]
}`;
    const codes = runRules(text, analyzeText(text, 'bicep', store), store).diagnostics.map((d) => d.code);
    assert.ok(codes.includes('duplicate-permission'), codes.join());
    assert.ok(codes.includes('unknown-permission-id'), codes.join());
  });

  it('ignores an app\'s own roles and scopes, other APIs\' names and Azure ids in every structured format', () => {
    assert.deepStrictEqual(refs("resource a 'Microsoft.Graph/applications@v1.0' = {\n  appRoles: [\n    { value: 'User.Read.All' }\n  ]\n}", 'bicep'), []);
    assert.deepStrictEqual(refs('resource "azuread_application_app_role" "r" {\n  value = "Mail.Send"\n}', 'terraform'), []);
    assert.deepStrictEqual(refs("$exo.AppRoles | Where-Object Value -eq 'Exchange.ManageAsApp'", 'powershell'), []);
    assert.deepStrictEqual(refs('az role assignment create --role b24988ac-6180-42a0-ab88-20f7382dd24c', 'shell'), []);
    assert.deepStrictEqual(refs('scopes:\n  - api://contoso/user_impersonation\n  - user_impersonation', 'yaml'), []);
  });

  it('gives .default its own hover, with the flow when the code shows it', () => {
    const text = "const cred = new ClientSecretCredential(t, c, s);\nconst token = await cred.getToken('https://graph.microsoft.com/.default');";
    const a = analyzeText(text, 'javascript', store);
    assert.deepStrictEqual(a.references, []);
    const s = specialAt(a.specials, text.indexOf('.default') + 2);
    assert.ok(s);
    assert.strictEqual(s.flow, 'Application');
    const md = specialHover(s);
    assert.ok(md.includes('Microsoft Graph') && md.includes('**Application**'), md);
  });

  it('renders an RSC permission hover and escapes what the document wrote', () => {
    const md = specialHover({ start: 0, end: 1, kind: 'rsc', text: '[x](command:evil)', flow: 'Application' });
    assert.ok(!md.includes('[x](command'), md);
    assert.ok(md.includes('resource-specific consent'));
  });
});

describe('format scanners: robustness and speed', () => {
  it('never throws on arbitrary input, in any format', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom(...DOCUMENT_FORMATS), (s, f) => {
        analyzeText(s, f, store);
      }),
      { numRuns: 600 },
    );
    const nasty = ["'${", '"${{{', '<<EOF\n', '@"\n', '[[[[', '{'.repeat(5000), '('.repeat(5000), "'''", '<#', '/*', '`${'];
    for (const f of DOCUMENT_FORMATS) for (const n of nasty) assert.doesNotThrow(() => analyzeText(n, f, store), `${f}: ${n.slice(0, 10)}`);
  });

  it('scans 1 MB files and pathological inputs to the end in every format (speed: npm run bench)', function () {
    this.timeout(120000);
    const samples: Record<string, string> = {
      bicep: "resource a 'Microsoft.Graph/applications@v1.0' = {\n  requiredResourceAccess: [\n    {\n      resourceAppId: '00000003-0000-0000-c000-000000000000'\n      resourceAccess: [\n        { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }\n      ]\n    }\n  ]\n  description: 'User.Read.All and more'\n}\n",
      terraform: 'resource "azuread_app_role_assignment" "x" {\n  app_role_id = data.azuread_service_principal.msgraph.app_role_ids["User.Read.All"]\n  # comment Mail.Send\n}\n',
      powershell: 'Connect-MgGraph -Scopes "User.Read", "Mail.Send"\n$r = $sp.AppRoles | Where-Object Value -eq \'User.Read.All\'\n# Group.Read.All\n',
      javascript: "const r = { scopes: ['User.Read', 'https://graph.microsoft.com/Mail.Send'] }; // Mail.Read\nconst x = 'a'.replace(/\"/g, '');\n",
      csharp: 'var scopes = new[] { "User.Read", "Mail.Send" }; // Files.Read\n',
      python: 'SCOPES = ["User.Read", "Mail.Send"]  # Files.Read\n',
      http: 'POST https://login.microsoftonline.com/t/oauth2/v2.0/token\n\nscope=User.Read%20Mail.Send&grant_type=refresh_token\n###\n',
      yaml: 'a:\n  scopes: "User.Read Mail.Send"\n  note: User.Read.All # Group.Read.All\n',
      markdown: 'Use `User.Read.All` and df021288-bdef-4463-88db-98f22de89214=Role here.\n',
      json: '{"scopes": ["User.Read"], "x": "Mail.Send"},\n',
    };
    for (const [f, unit] of Object.entries(samples)) {
      const big = unit.repeat(Math.ceil((1024 * 1024) / unit.length));
      const text = f === 'json' ? `[${big}{}]` : big;
      const a = analyzeText(text, f as DocumentFormat, store);
      assert.ok(a.references.length > 1000, `${f}: ${a.references.length} references`);
      assert.ok(a.references.every((r) => r.ref.start >= 0 && r.ref.end <= text.length && r.ref.start <= r.ref.end), `${f}: ranges inside the text`);
      // worst cases for the lexers: one giant unterminated string / comment / line
      for (const w of ["'" + 'x'.repeat(5e5), '"' + 'a.b '.repeat(1e5), '/*' + 'Mail.Send '.repeat(5e4), 'x'.repeat(1e6)]) {
        assert.doesNotThrow(() => analyzeText(w, f as DocumentFormat, store), `${f}: pathological input`);
      }
    }
  });
});
