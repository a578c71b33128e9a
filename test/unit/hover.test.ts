import * as assert from 'assert';
import { analyzeText } from '../../src/core/analyze';
import { oneLine, permissionHover, permissionsReferenceUrl, resourceAppHover } from '../../src/core/permissions/permissionHover';
import { resolveReference } from '../../src/core/permissions/resolve';
import { PermissionStore } from '../../src/core/store/store';
import { GRAPH_APP_ID } from '../../src/core/permissions/guid';
import { bundledStore, fixture } from './helpers';

const store = bundledStore();

function hoverFor(text: string, token: string): string {
  const a = analyzeText(text, 'json', store);
  const r = a.references.find((x) => x.ref.text === token);
  assert.ok(r, `no reference ${token}`);
  const md = permissionHover(store, r);
  assert.ok(md);
  return md;
}

describe('hover content', () => {
  it('is calm: name, kind and privilege first, links next, one line of description, consent and risk, both GUIDs, no table', () => {
    const md = hoverFor(fixture('manifests', 'graph-app-manifest.json'), 'b633e1c5-b582-4048-a93e-9f11b44c7e96');
    const lines = md.split('\n').filter((l) => l.trim());
    assert.match(lines[0], /^\*\*Mail\\\.Send\*\* — Application permission of Microsoft Graph · privilege level \d of 4$/);
    assert.ok(lines[1].includes(`(${permissionsReferenceUrl('Mail.Send')})`), 'the reference link is on the second line');
    assert.match(lines[2], /send mail as any user/i, 'one line of description');
    assert.match(lines[3], /^Admin consent required · Risk \d+\.\d \((critical|high|medium|low)\)$/);
    assert.match(md, /^Also Delegated: .*no admin consent needed · Risk \d+\.\d/m);
    assert.ok(md.includes('`b633e1c5-b582-4048-a93e-9f11b44c7e96`'), 'application GUID');
    assert.ok(md.includes('`e383f46e-2787-4529-855e-0e479a3ffac0`'), 'delegated GUID too');
    assert.ok(md.includes('bundled metadata \\(Microsoft Graph upstream of'), md);
    assert.ok(!md.includes('|'), 'no table');
    assert.ok(lines.length <= 9, `short: ${lines.length} lines`);
  });

  it('a Graph permission without a bundled sentence (Sites.Archive.All) names its API and says Update Metadata brings the description', () => {
    const md = hoverFor('{"requiredResourceAccess":[{"resourceAppId":"00000003-0000-0000-c000-000000000000","resourceAccess":[{"id":"e3530185-4080-478c-a4ab-39322704df58","type":"Role"}]}]}', 'e3530185-4080-478c-a4ab-39322704df58');
    assert.match(md, /^\*\*Sites\\\.Archive\\\.All\*\* — Application permission of Microsoft Graph/);
    assert.ok(md.includes('Update Metadata'), md);
  });

  it('leads with the kind the context implies: Mail.Send in Connect-MgGraph -Scopes is Delegated', () => {
    const a = analyzeText('Connect-MgGraph -Scopes "Mail.Send"\n', 'powershell', store);
    const r = a.references.find((x) => x.ref.text === 'Mail.Send');
    assert.ok(r);
    const md = permissionHover(store, r)!;
    assert.match(md, /^\*\*Mail\\\.Send\*\* — Delegated permission of Microsoft Graph/);
    assert.match(md, /^Also Application: /m);
    assert.ok(md.indexOf('Delegated `e383f46e') < md.indexOf('Application `b633e1c5'), 'the implied kind\'s GUID first');
  });

  it('a permission with one kind has no dash column and no "Also" line', () => {
    const md = hoverFor(fixture('manifests', 'graph-app-manifest.json'), 'a7a681dc-756e-4909-b988-f160edc6655f');
    assert.ok(md.includes('Calls\\.AccessMedia\\.All'));
    assert.ok(md.includes('Application permission'));
    assert.ok(!md.includes('| —') && !md.includes('Also '), md);
    assert.match(md, /Application `a7a681dc-756e-4909-b988-f160edc6655f` · from/);
  });

  it('summarises the methods in one line linked to the detail page, without listing paths', () => {
    const md = hoverFor(fixture('manifests', 'graph-app-manifest.json'), 'a7a681dc-756e-4909-b988-f160edc6655f');
    const methods = store.methodsOf(store.byName('Calls.AccessMedia.All')!.application!)!;
    assert.ok(methods.length > 1, 'the bundled store has path data');
    const least = methods.filter((m) => m.least).length;
    assert.match(md, new RegExp(`^${methods.length} methods, least-privileged for ${least}$`, 'm'));
    assert.ok(!md.includes('`/'), 'no method paths');
    const a = analyzeText(fixture('manifests', 'graph-app-manifest.json'), 'json', store);
    const r = a.references.find((x) => x.ref.text === 'a7a681dc-756e-4909-b988-f160edc6655f')!;
    const linked = permissionHover(store, r, { commandLinks: true })!;
    const lines = linked.split('\n').filter((l) => l.trim());
    assert.match(lines[1], /^\[Open details\]\(command:graphPermissionLens\.showPermission\?[^)]*\) · \[Microsoft Graph permissions reference\]/);
    assert.match(linked, new RegExp(`^${methods.length} methods, least-privileged for ${least} — \\[details\\]\\(command:graphPermissionLens\\.showPermission\\?`, 'm'));
  });

  it('without a description: the display text and where the description comes from, in one line', () => {
    const file = {
      format: 1,
      provenance: { origin: 'upstream', sources: [], snapshotDate: '2026-01-01', generator: 't', counts: {} },
      resourceApps: [
        {
          appId: GRAPH_APP_ID,
          displayName: 'Microsoft Graph',
          permissions: [
            { id: '11111111-2222-4333-8444-555555555555', value: 'Widget.Read.All', kind: 'Application', displayName: 'Read widgets.', adminConsentRequired: true, enabled: true },
          ],
        },
      ],
    };
    const s = PermissionStore.fromJson(JSON.stringify(file));
    const r = analyzeText('{"permission":"11111111-2222-4333-8444-555555555555"}', 'json', s).references[0];
    const lines = permissionHover(s, resolveReference(s, r.ref))!.split('\n').filter((l) => l.trim());
    assert.match(lines[2], /^\*Read widgets\.\* No description in the bundled metadata: .*\*\*Graph Permissions: Update Metadata\*\*/);
  });

  it('cuts a long description to one line at a word', () => {
    assert.strictEqual(oneLine('first line\nsecond line'), 'first line');
    const long = 'word '.repeat(100).trim();
    const cut = oneLine(long, 50);
    assert.ok(cut.length <= 51 && cut.endsWith('\u2026') && !cut.includes('wor\u2026'), cut);
  });

  it('warns when the declared type contradicts the GUID', () => {
    const text = '{"requiredResourceAccess":[{"resourceAppId":"00000003-0000-0000-c000-000000000000","resourceAccess":[{"id":"a7a681dc-756e-4909-b988-f160edc6655f","type":"Scope"}]}]}';
    assert.match(hoverFor(text, 'a7a681dc-756e-4909-b988-f160edc6655f'), /Declared as `Scope` \(Delegated\), but this GUID is the Application permission/);
  });

  it('links to the permissions reference anchor', () => {
    assert.strictEqual(permissionsReferenceUrl('Calls.AccessMedia.All'), 'https://learn.microsoft.com/graph/permissions-reference#callsaccessmediaall');
  });

  it('renders a resource app hover', () => {
    const md = resourceAppHover(store.resourceApp(GRAPH_APP_ID)!);
    assert.match(md, /^\*\*Microsoft Graph\*\* — resource application/);
  });

  it('renders hostile metadata inert: no links, HTML, command URIs or control characters', () => {
    const evil = {
      format: 1,
      provenance: { origin: 'upstream', sources: [], snapshotDate: '2026-01-01', generator: 't', counts: {} },
      resourceApps: [
        {
          appId: GRAPH_APP_ID,
          displayName: 'Microsoft Graph',
          permissions: [
            {
              id: '11111111-2222-4333-8444-555555555555',
              value: 'Evil.Read.All',
              kind: 'Application',
              displayName: '<img src=x onerror=alert(1)> [click](command:workbench.action.terminal.new)',
              description: '![x](https://evil.example/x.png) `code` \u0007bell\u202eRTL <script>alert(1)</script>\n# heading',
              adminConsentRequired: true,
              enabled: true,
            },
          ],
        },
      ],
    };
    const s = PermissionStore.fromJson(JSON.stringify(evil));
    const text = '{"permission":"11111111-2222-4333-8444-555555555555"}';
    const r = analyzeText(text, 'json', s).references[0];
    const md = permissionHover(s, resolveReference(s, r.ref))!;
    assert.ok(!/(^|[^\\])\[click\]\(/.test(md), 'link syntax escaped');
    assert.ok(!md.includes('](command:'), 'no command link');
    assert.ok(!/(^|[^\\])</.test(md), 'every < escaped');
    assert.ok(!/(^|[^\\])!\[/.test(md), 'no image');
    assert.ok(!md.includes('\u0007') && !md.includes('\u202e'), 'control and bidi characters removed');
    assert.ok(!/\n# heading/.test(md), 'no injected heading');
  });
});
