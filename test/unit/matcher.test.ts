/**
 * Conformance of the path matcher with Microsoft's reference implementation (kibali): the cases of
 * its FindPermission, LeastPrivilege and GraphPermission unit tests, restated here with our own
 * names and documents, plus the fallbacks this project adds for paths as code writes them.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parsePermissionsJson } from '../../src/core/upstream/importer';
import { PathTable, pathVariants } from '../../src/core/leastPrivilege/matcher';
import { cmdletFor, deriveCmdlets, resolveCmdlet } from '../../src/core/leastPrivilege/cmdlets';
import { CMDLET_PATHS } from '../../src/core/leastPrivilege/detect';
import type { PathSetRecord, UpstreamScheme } from '../../src/core/store/storeData';
import { SHARED_UPSTREAM } from './helpers';

type Doc = [string, PathSetRecord[]][];
const set = (schemes: UpstreamScheme[], methods: string[], paths: [string, string?][]): PathSetRecord => ({
  schemes,
  methods,
  paths: paths.map(([p, v]) => {
    const least = /least=([^;]*)/.exec(v ?? '')?.[1];
    const also = /AlsoRequires=([^;]*)/.exec(v ?? '')?.[1];
    return { path: p, ...(least ? { least: least.split(',') as UpstreamScheme[] } : {}), ...(also ? { alsoRequires: also.split(',') } : {}) };
  }),
});

/** Two permissions over a collection, its items and a nested collection (FindPermission's shape). */
const finding: Doc = [
  [
    'Widget.Read',
    [
      set(['DelegatedWork', 'Application'], ['GET'], [['/spools'], ['/gadgets'], ['/gadgets/{id}'], ['/gadgets/{id}/parts']]),
      set(['DelegatedPersonal', 'Application'], ['GET', 'POST'], [['/gadgets'], ['/gadgets/{id}'], ['/gadgets/{id}/parts']]),
    ],
  ],
  ['Gadget.Read', [set(['DelegatedPersonal'], ['GET'], [['/gadgets/{id}']])]],
];

/** Several least markers on one resource (LeastPrivilege's shape). */
const leastDoc: Doc = [
  [
    'Widget.Read',
    [
      set(['DelegatedWork', 'Application'], ['GET'], [['/spools', 'least=DelegatedWork,Application'], ['/gadgets/{id}'], ['/gadgets/{id}/parts']]),
      set(['DelegatedPersonal', 'Application'], ['GET', 'POST'], [['/gadgets', 'least=DelegatedPersonal,Application'], ['/gadgets/{id}'], ['/gadgets/{id}/parts']]),
      set(['DelegatedPersonal', 'Application'], ['GET', 'PATCH', 'DELETE'], [['/gadgets', 'least=DelegatedPersonal,Application'], ['/gadgets/{id}'], ['/gadgets/{id}/parts']]),
    ],
  ],
  [
    'Gadget.Read',
    [set(['DelegatedPersonal'], ['GET'], [['/gadgets/{id}']]), set(['DelegatedPersonal', 'Application'], ['PATCH'], [['/gadgets', 'least=DelegatedPersonal,Application'], ['/gadgets/{id}'], ['/gadgets/{id}/parts']])],
  ],
];

function table(t: PathTable, template: string, method?: string, scheme?: UpstreamScheme): string {
  const r = t.findResource(template)!;
  const rows: string[] = [];
  for (const [m, bySch] of t.leastPrivilegeTable(r, method, scheme)) {
    for (const [s, alts] of bySch) rows.push(`${m} ${s}: ${alts.map((a) => [...a].sort().join('+')).join(' | ')}`);
  }
  return rows.join('\n');
}

describe('matcher: finding a resource (kibali FindPermission cases)', () => {
  const t = new PathTable(finding);
  it('a collection by its literal path; an unknown one not at all', () => {
    assert.strictEqual(t.findResource('/spools')?.template, '/spools');
    assert.strictEqual(t.findResource('/sprockets'), undefined);
  });
  it('an item: any segment fills the {id}, with the claims of each scheme', () => {
    const r = t.findResource('/gadgets/g-42')!;
    assert.strictEqual(r.template, '/gadgets/{id}');
    assert.ok(t.claims(r, 'GET', 'DelegatedPersonal').some((c) => c.permission === 'Gadget.Read'));
    assert.ok(t.claims(r, 'GET', 'DelegatedWork').some((c) => c.permission === 'Widget.Read'));
  });
  it('a nested collection under an item; an unknown nested one not at all', () => {
    const r = t.findResource('/gadgets/g-42/parts')!;
    assert.strictEqual(r.template, '/gadgets/{id}/parts');
    assert.ok(t.claims(r, 'GET', 'Application').some((c) => c.permission === 'Widget.Read'));
    assert.ok(t.claims(r, 'GET', 'DelegatedWork').some((c) => c.permission === 'Widget.Read'));
    assert.strictEqual(t.findResource('/gadgets/g-42/bolts'), undefined);
  });
  it('segments that are only a parenthesised key are skipped, at the end or in between', () => {
    assert.strictEqual(t.findResource('/gadgets/g-42/parts/(value)')?.template, '/gadgets/{id}/parts');
    assert.strictEqual(t.findResource('/gadgets/(value)/g-42/parts')?.template, '/gadgets/{id}/parts');
  });
  it('segments compare without regard to case; a literal beats the placeholder', () => {
    assert.strictEqual(t.findResource('/GADGETS/x/PARTS')?.template, '/gadgets/{id}/parts');
  });
});

describe('matcher: least privilege (kibali LeastPrivilege cases)', () => {
  const t = new PathTable(leastDoc);
  it('every method and scheme of a resource, methods in order', () => {
    assert.strictEqual(
      table(t, '/gadgets'),
      [
        'DELETE DelegatedPersonal: Widget.Read',
        'DELETE Application: Widget.Read',
        'GET DelegatedPersonal: Widget.Read',
        'GET Application: Widget.Read',
        'PATCH DelegatedPersonal: Gadget.Read',
        'PATCH Application: Gadget.Read',
        'POST DelegatedPersonal: Widget.Read',
        'POST Application: Widget.Read',
      ].join('\n'),
    );
  });
  it('one method; when two are marked least, the one whose only method here is the asked one wins', () => {
    assert.strictEqual(table(t, '/gadgets', 'GET'), 'GET DelegatedPersonal: Widget.Read\nGET Application: Widget.Read');
    assert.strictEqual(table(t, '/gadgets', 'PATCH'), 'PATCH DelegatedPersonal: Gadget.Read\nPATCH Application: Gadget.Read');
  });
  it('one scheme', () => {
    assert.strictEqual(table(t, '/gadgets', undefined, 'Application'), 'DELETE Application: Widget.Read\nGET Application: Widget.Read\nPATCH Application: Gadget.Read\nPOST Application: Widget.Read');
  });
  it('AlsoRequires: two least claims that require each other make one pair', () => {
    const paired = new PathTable([
      ['Widget.Read', [set(['Application'], ['GET'], [['/spools', 'least=Application;AlsoRequires=Gadget.Read']])]],
      ['Gadget.Read', [set(['Application', 'DelegatedWork'], ['GET'], [['/spools', 'least=Application,DelegatedWork;AlsoRequires=Widget.Read']])]],
    ]);
    assert.strictEqual(table(paired, '/spools', 'GET'), 'GET DelegatedWork: Gadget.Read+Widget.Read\nGET Application: Gadget.Read+Widget.Read');
  });
  it('AlsoRequires on one claim only: that scheme shows the pair, the other the single permission', () => {
    const single = new PathTable([
      ['Widget.Read', [set(['Application'], ['GET'], [['/spools', 'least=Application;AlsoRequires=Gadget.Read']])]],
      ['Gadget.Read', [set(['Application', 'DelegatedWork'], ['GET'], [['/spools', 'least=DelegatedWork']])]],
    ]);
    assert.strictEqual(table(single, '/spools', 'GET'), 'GET DelegatedWork: Gadget.Read\nGET Application: Gadget.Read+Widget.Read');
  });
});

describe('matcher: paths as code writes them (fallbacks)', () => {
  const t = new PathTable([
    ['Thing.Read', [set(['DelegatedWork', 'Application'], ['GET'], [['/users/{id}/calendarView', 'least=DelegatedWork,Application'], ['/me/photo', 'least=DelegatedWork'], ['/me/mailboxSettings', 'least=DelegatedWork,Application']])]],
  ]);
  it('/me/… as /users/{id}/… for delegated calls only, and says so', () => {
    assert.deepStrictEqual(pathVariants('/me/calendarview').map((v) => `${v.path} ${v.rule ?? ''}`.trim()), ['/me/calendarview', '/users/{id}/calendarview me-as-user']);
    const m = t.match('/me/calendarview', 'GET', ['DelegatedWork'])!;
    assert.strictEqual(m.resource.template, '/users/{id}/calendarView');
    assert.strictEqual(m.rule, 'me-as-user');
    assert.strictEqual(t.match('/me/calendarview', 'GET', ['Application']), undefined);
  });
  it('/users/{id}/… as /me/…, and suffixes /$value, /$count, /$ref dropped; query strings ignored', () => {
    assert.strictEqual(t.match('/users/{id}/mailboxSettings', 'GET', ['Application'])?.rule, 'user-as-me');
    assert.strictEqual(t.match('/me/photo/$value', 'GET', ['DelegatedWork'])?.rule, 'suffix-dropped');
    assert.strictEqual(t.match('/users/{id}/photo/$value', 'GET', ['DelegatedWork'])?.resource.template, '/me/photo');
    assert.strictEqual(t.match('/me/photo?$select=id', 'GET', ['DelegatedWork'])?.rule, undefined);
    assert.strictEqual(t.match('/me/photo', 'DELETE', ['DelegatedWork']), undefined);
  });
});

describe('matcher: PowerShell cmdlet names derived from paths', () => {
  it('verb + Mg + singular PascalCase segments, one -…Id per placeholder, ByRef, actions', () => {
    assert.deepStrictEqual(cmdletFor('GET', '/users/{id}/mailFolders/{id}/messages', false), { name: 'Get-MgUserMailFolderMessage', idParams: ['UserId', 'MailFolderId'] });
    assert.deepStrictEqual(cmdletFor('POST', '/groups/{id}/members/$ref', false), { name: 'New-MgGroupMemberByRef', idParams: ['GroupId'] });
    assert.deepStrictEqual(cmdletFor('POST', '/users/{id}/sendMail', true), { name: 'Send-MgUserMail', idParams: ['UserId'] });
    assert.strictEqual(cmdletFor('GET', '/identity/conditionalAccess/policies', false)?.name, 'Get-MgIdentityConditionalAccessPolicy');
    assert.strictEqual(cmdletFor('GET', '/me/messages', false), undefined);
  });
  it('resolves an invocation by the -…Id parameters it passes', () => {
    const idx = deriveCmdlets([
      { method: 'GET', path: '/users', methods: new Set(['GET']) },
      { method: 'GET', path: '/users/{id}', methods: new Set(['GET']) },
    ]);
    assert.strictEqual(resolveCmdlet(idx, 'Get-MgUser', () => false)?.path, '/users');
    assert.strictEqual(resolveCmdlet(idx, 'Get-MgBetaUser', (p) => p === 'UserId')?.path, '/users/{id}');
  });
});

describe('matcher: real upstream data (../shared/upstream)', function () {
  let t: PathTable;
  before(function () {
    const file = path.join(SHARED_UPSTREAM, 'devx-permissions.json');
    if (!fs.existsSync(file)) {
      console.log(`    (skipped: the real upstream files are not in ${SHARED_UPSTREAM})`);
      this.skip();
    }
    const parsed = parsePermissionsJson(fs.readFileSync(file, 'utf8'));
    t = new PathTable([...parsed.permissions].map(([name, p]) => [name, p.pathSets] as const));
  });
  it('kibali GraphPermission cases: /me/messages and an authentication-methods path', () => {
    const r = t.findResource('/me/messages')!;
    assert.ok(r.methods.has('GET') && r.methods.has('POST'));
    assert.ok(t.claims(r, 'GET', 'DelegatedWork').some((c) => c.permission.toLowerCase() === 'mail.read'));
    const a = t.findResource('/users/sdfsdfsdfsdf/authentication/microsoftauthenticatormethods')!;
    assert.ok(t.claims(a, 'GET', 'DelegatedWork').some((c) => c.permission.toLowerCase() === 'userauthenticationmethod.readwrite'));
  });
  it('GET /me/calendarview matches through the /users/{id} form, with a least-privileged choice', () => {
    const m = t.match('/me/calendarview', 'GET', ['DelegatedWork'])!;
    assert.strictEqual(m.rule, 'me-as-user');
    assert.strictEqual(t.leastPrivilege(m.resource, 'GET', 'DelegatedWork').length, 1);
  });
  it('derived cmdlet names cover most upstream operations and agree with the hand-listed ones', () => {
    const ops = [...t.operations()];
    const notMe = ops.filter((o) => !/^\/me(\/|$)/i.test(o.path));
    const idx = deriveCmdlets(ops);
    let covered = 0;
    for (const targets of idx.values()) covered += targets.length;
    const share = covered / notMe.length;
    console.log(`    derived cmdlet names: ${idx.size} names for ${covered} of ${notMe.length} non-/me upstream operations (${(share * 100).toFixed(1)} %)`);
    assert.ok(share > 0.8, `only ${(share * 100).toFixed(1)} % of the operations get a cmdlet name`);
    let agree = 0;
    const disagree: string[] = [];
    for (const [name, e] of CMDLET_PATHS) {
      const got = resolveCmdlet(idx, name, () => false);
      if (got && got.method === e.method && got.path.toLowerCase() === e.list.toLowerCase()) agree++;
      else disagree.push(name);
    }
    console.log(`    hand-listed cmdlets the derivation names the same way: ${agree} of ${CMDLET_PATHS.size}${disagree.length ? ` (not: ${disagree.join(', ')})` : ''}`);
    assert.ok(agree / CMDLET_PATHS.size >= 0.7);
  });
});
