/**
 * App boundaries for least privilege (src/core/leastPrivilege/apps.ts, collect.ts): a folder holding two
 * apps, a manifest without a project file and an admin script (test/fixtures/workspace/two-apps),
 * grouped by project folder; code never affects another app's manifest; the settings map apps
 * explicitly and turn least privilege off; the CLI takes a repository root.
 */
import * as assert from 'assert';
import * as path from 'path';
import { globMatcher } from '../../src/core/text/glob';
import type { PermissionStore } from '../../src/core/store/store';
import { loadStoreWithMetadata } from '../../src/platform/node/upstream';
import { analyzeApps, groupIntoApps, reportMarkdown, type AppInputFile } from '../../src/core/leastPrivilege';
import { runLeastPrivilege } from '../../src/platform/node/leastPrivilege';
import { readRepository } from '../../src/platform/node/walk';
import { FIXTURES, ROOT } from './helpers';

const DATA = path.join(ROOT, 'data');
const UPSTREAM = path.join(FIXTURES, 'usage', 'upstream');
const REPO = path.join(FIXTURES, 'workspace', 'two-apps');
const LIMITS = { minGraphPermissions: 1 };

let store: PermissionStore;
before(async () => {
  store = await loadStoreWithMetadata(DATA, UPSTREAM, { limits: LIMITS });
});

const m = (p: string): AppInputFile => ({ path: p, manifest: true, format: 'json' });
const c = (p: string): AppInputFile => ({ path: p, manifest: false, format: p.endsWith('.ps1') ? 'powershell' : 'javascript' });

describe('apps: globs', () => {
  it('matches **, *, ?, braces and classes on relative paths', () => {
    const g = globMatcher(['apps/*/entra.manifest.json', 'src/**/*.{ts,js}', 'x?.[ab]']);
    assert.ok(g('apps/web/entra.manifest.json'));
    assert.ok(!g('apps/web/sub/entra.manifest.json'));
    assert.ok(g('src/a.ts') && g('src/deep/er/b.js') && !g('src/a.py'));
    assert.ok(g('x1.a') && !g('x1.c') && !g('x12.a'));
    assert.ok(globMatcher('**')('any/thing') && !globMatcher([])('a'));
    assert.ok(globMatcher('./a.json')('a.json'), 'a leading ./ is ignored');
  });
});

describe('apps: boundaries', () => {
  it('one app per project folder; a manifest without project is its folder and below; scripts only in their own project', () => {
    const files = [
      m('apps/web/entra.manifest.json'),
      m('apps/web/aad.manifest.json'),
      c('apps/web/src/a.ts'),
      c('apps/web/scripts/read-inbox.ps1'),
      m('apps/api/deploy/app.manifest.json'),
      c('apps/api/src/b.ts'),
      c('apps/api/deploy/setup.ps1'),
      c('apps/lib/c.ts'),
      m('bars/entra-manifest.json'),
      c('bars/x/try.ts'),
      c('admin/provision.ps1'),
      c('foo/z.ts'),
    ];
    const all = [...files.map((f) => f.path), 'apps/web/package.json', 'apps/api/Api.csproj', 'apps/lib/package.json'];
    const groups = groupIntoApps(files, all);
    const byName = new Map(groups.map((g) => [g.name, g]));
    assert.deepStrictEqual(byName.get('apps/web')?.manifests, ['apps/web/entra.manifest.json', 'apps/web/aad.manifest.json']);
    assert.deepStrictEqual(byName.get('apps/web')?.code, ['apps/web/src/a.ts', 'apps/web/scripts/read-inbox.ps1']);
    assert.strictEqual(byName.get('apps/web')?.projectFile, 'apps/web/package.json');
    // The manifest in deploy/ belongs to the project above it; the script in deploy/ is in that project too.
    assert.deepStrictEqual(byName.get('apps/api')?.manifests, ['apps/api/deploy/app.manifest.json']);
    assert.deepStrictEqual(byName.get('apps/api')?.code, ['apps/api/src/b.ts', 'apps/api/deploy/setup.ps1']);
    assert.strictEqual(byName.get('bars')?.origin, 'manifest-folder');
    assert.deepStrictEqual(byName.get('bars')?.code, ['bars/x/try.ts']);
    // A project without a manifest, an admin script and loose code: compared with no manifest.
    assert.strictEqual(byName.get('apps/lib')?.origin, 'no-app');
    assert.strictEqual(byName.get('admin')?.origin, 'no-app');
    assert.strictEqual(byName.get('foo')?.origin, 'no-app');
    const everywhere = groups.flatMap((g) => [...g.manifests, ...g.code]).sort();
    assert.deepStrictEqual(everywhere, files.map((f) => f.path).sort(), 'every file in exactly one group');
  });

  it('a script outside its manifest\'s folder does not count when there is no project file', () => {
    const groups = groupIntoApps([m('app/entra.manifest.json'), c('app/read-inbox.ps1'), c('app/tools/admin.ps1'), c('app/tools/x.ts')], []);
    const app = groups.find((g) => g.root === 'app')!;
    assert.deepStrictEqual(app.code, ['app/read-inbox.ps1', 'app/tools/x.ts']);
    assert.ok(groups.some((g) => g.origin === 'no-app' && g.code.includes('app/tools/admin.ps1')));
  });

  it('a folder with no manifest is one group; the settings map apps and turn least privilege off', () => {
    assert.deepStrictEqual(
      groupIntoApps([c('a.ts'), c('b/c.ts')], ['package.json', 'b/package.json']).map((g) => [g.origin, g.code]),
      [['no-manifest', ['a.ts', 'b/c.ts']]],
    );
    const files = [m('infra/app.manifest.json'), c('web/src/a.ts'), c('web/src/b.ts'), m('web/other.manifest.json'), c('tools/x.ts')];
    const groups = groupIntoApps(files, ['web/package.json'], { apps: { 'infra/*.manifest.json': ['web/src/**'] }, excludeManifests: ['web/other.manifest.json'] });
    const mapped = groups.find((g) => g.origin === 'setting')!;
    assert.deepStrictEqual([mapped.manifests, mapped.code], [['infra/app.manifest.json'], ['web/src/a.ts', 'web/src/b.ts']]);
    const web = groups.find((g) => g.root === 'web')!;
    assert.deepStrictEqual([web.manifests, web.excluded, web.code], [[], ['web/other.manifest.json'], []]);
  });
});

describe('apps: least privilege per app', () => {
  it('two apps in one folder: each manifest is compared with its own code only', () => {
    const { files, allPaths } = readRepository(REPO);
    const runs = analyzeApps('two-apps', files, allPaths, store);
    const by = new Map(runs.map((r) => [r.group.name, r]));
    assert.deepStrictEqual([...by.keys()].sort(), ['admin', 'bars', 'groups-daemon', 'mailer']);
    const mailer = by.get('mailer')!.report!;
    // Over-broad for its own reads only: nothing "missing" from the daemon's Application calls.
    assert.deepStrictEqual(mailer.findings.map((f) => f.code), ['permission-over-broad'], JSON.stringify(mailer.findings.map((f) => f.message)));
    assert.deepStrictEqual(mailer.findings[0].fixes.map((f) => [f.title, f.preferred]), [['Replace with Mail.Read', true]]);
    assert.deepStrictEqual(mailer.calls.map((x) => `${x.file} ${x.method} ${x.path}`).sort(), [
      'mailer/scripts/read-inbox.ps1 GET /me/messages',
      'mailer/src/read.ts GET /me/messages',
      'mailer/src/read.ts GET /me/messages/{id}',
      'mailer/src/read.ts POST /communications/calls',
    ]);
    const daemon = by.get('groups-daemon')!.report!;
    assert.deepStrictEqual(daemon.findings.map((f) => f.code), []);
    assert.deepStrictEqual(daemon.calls.map((x) => `${x.method} ${x.path} ${x.kind}`), ['GET /groups Application']);
    // bars has no code: its permission is unused, not "missing" what other apps call.
    assert.deepStrictEqual(by.get('bars')!.report!.findings.map((f) => f.code), ['permission-unused']);
    // The admin script's calls are listed (needed), compared with no manifest — only with the scopes
    // the script itself asks Connect-MgGraph for (its own identity): User.Read.All is more than Get-MgUser needs.
    const admin = by.get('admin')!.report!;
    assert.deepStrictEqual([admin.manifests, admin.calls.map((x) => x.path)], [[], ['/users']]);
    assert.deepStrictEqual(admin.findings.map((f) => [f.file, f.code, f.fixes.map((x) => x.title)]), [['admin/provision.ps1', 'permission-over-broad', ['Replace with User.ReadBasic.All']]]);
    assert.match(admin.app!.boundary, /outside every app/);
  });

  it('a Delegated call whose path exists only for Application says so', () => {
    const { files, allPaths } = readRepository(REPO);
    const mailer = analyzeApps('two-apps', files, allPaths, store).find((r) => r.group.name === 'mailer')!.report!;
    const post = mailer.calls.find((x) => x.method === 'POST')!;
    assert.strictEqual(post.kind, 'Delegated');
    assert.strictEqual(post.leastPrivileged, undefined);
    assert.deepStrictEqual(post.onlyKind, { kind: 'Application', least: 'Calls.Initiate.All' });
    const md = reportMarkdown([mailer]);
    assert.match(md, /only Application permissions allow it \\\(least privileged\\: Calls\\\.Initiate\\\.All\\\); this call is taken as Delegated/);
    assert.doesNotMatch(md, /no upstream path matches/);
  });

  it('CLI: a repository root is reported per app; --exclude-manifest turns an app off', async () => {
    let out = '';
    let err = '';
    const code = await runLeastPrivilege(['--format', 'json', '--metadata', UPSTREAM, '--exclude-manifest', 'bars/**', REPO], DATA, { out: (s) => (out += s), err: (s) => (err += s), limits: LIMITS });
    assert.strictEqual(code, 0, err);
    const j = JSON.parse(out) as { apps: { folder: string; app: { name: string }; findings: unknown[] }[]; disabled: { app: string; excluded: string[] }[] };
    assert.deepStrictEqual(j.apps.map((a) => a.app.name), ['groups-daemon', 'mailer', 'admin']);
    assert.deepStrictEqual(j.apps.map((a) => a.findings.length), [0, 1, 1]);
    assert.deepStrictEqual(j.disabled, [{ app: 'bars', excluded: ['bars/entra-manifest.json'] }]);
    out = '';
    assert.strictEqual(await runLeastPrivilege(['--metadata', UPSTREAM, REPO], DATA, { out: (s) => (out += s), err: () => undefined, limits: LIMITS }), 0);
    assert.match(out, /App boundary: project folder of mailer\/package\\\.json/);
  });
});

describe('apps: the report page', () => {
  it('per app: call sites, needed, requested linked to file and line; fixes as buttons; escaped; nonce CSP', async () => {
    const { reportHtml } = await import('../../src/core/leastPrivilege/reportHtml');
    const { files, allPaths } = readRepository(REPO);
    const runs = analyzeApps('two-apps', files, allPaths, store);
    const bars = runs.find((r) => r.group.name === 'bars')!.report!;
    // Hostile text from a file name must come out inert.
    bars.findings[0].message += ' <img src=x onerror=alert(1)>';
    const html = reportHtml(
      runs.map((r) => ({ title: r.group.name, report: r.report, excluded: r.group.excluded })),
      { nonce: 'N0NCE', cspSource: 'vscode-resource:', styleUri: 's.css', scriptUri: 'r.js', generatedAt: 'now' },
    );
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src vscode-resource:; script-src 'nonce-N0NCE'/);
    assert.strictEqual((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="N0NCE" src="r\.js"><\/script>/);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(html, / on[a-z]+="/, 'no inline handlers');
    assert.deepStrictEqual([...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]), ['bars', 'groups-daemon', 'mailer', 'admin']);
    assert.match(html, /data-action="open" data-app="2" data-file="mailer\/src\/read\.ts" data-line="3" data-column="\d+">mailer\/src\/read\.ts:3<\/a>/);
    assert.match(html, /data-action="open" data-app="2" data-file="mailer\/entra\.manifest\.json" data-line="7"/);
    assert.match(html, /<button data-action="fix" data-app="0" data-finding="0" data-fix="0" data-key="[^"]+ permission-unused [^"]+" data-title="Remove User\.Read\.All">Remove User\.Read\.All<\/button>/);
    assert.match(html, /only Application permissions allow it \(least privileged: Calls\.Initiate\.All\); this call is taken as Delegated/);
    for (const a of ['refresh', 'copyMarkdown', 'saveMarkdown']) assert.match(html, new RegExp(`data-action="${a}"`));
  });
});

describe('getting started: walkthrough and marketplace fields', () => {
  it('the walkthrough has 3–4 steps, each with a command link and existing Markdown media', async () => {
    const fs = await import('fs');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const [w] = pkg.contributes.walkthroughs;
    assert.ok(w.steps.length >= 3 && w.steps.length <= 4);
    const commands = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const s of w.steps) {
      const m = /\(command:([\w.]+)\)/.exec(s.description);
      assert.ok(m, `${s.id} has a command link`);
      assert.ok(commands.has(m[1]) || /^workbench\./.test(m[1]), `${s.id}: ${m[1]} is a contributed or built-in command`);
      assert.ok(fs.existsSync(path.join(ROOT, s.media.markdown)), s.media.markdown);
      assert.ok(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').includes('!media/walkthrough/**'));
    }
    assert.deepStrictEqual(w.steps.map((s: { description: string }) => /\(command:([\w.]+)\)/.exec(s.description)![1]), [
      'graphPermissionLens.openSampleManifest',
      'workbench.actions.view.problems',
      'workbench.view.extension.graphPermissions',
      'graphPermissionLens.showLeastPrivilegeReport',
    ]);
    for (const k of ['categories', 'keywords', 'repository', 'galleryBanner', 'qna', 'bugs', 'icon', 'license']) assert.ok(pkg[k], `package.json has ${k}`);
    assert.ok(pkg.keywords.length <= 30, 'the Marketplace accepts at most 30 keywords');
    const known = ['Programming Languages', 'Snippets', 'Linters', 'Themes', 'Debuggers', 'Formatters', 'Keymaps', 'SCM Providers', 'Other', 'Extension Packs', 'Language Packs', 'Data Science', 'Machine Learning', 'Visualization', 'Notebooks', 'Education', 'Testing', 'Azure', 'AI', 'Chat'];
    for (const c of pkg.categories) assert.ok(known.includes(c), `category ${c}`);
  });
});
