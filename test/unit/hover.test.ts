import * as assert from 'assert';
import { analyzeText } from '../../src/core/analyze';
import { permissionHover, permissionsReferenceUrl, resourceAppHover } from '../../src/core/hover';
import { resolveReference } from '../../src/core/resolve';
import { PermissionStore } from '../../src/core/store';
import { GRAPH_APP_ID } from '../../src/core/guid';
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
  it('shows name, kind, display text, description, consent and both GUIDs', () => {
    const md = hoverFor(fixture('manifests', 'graph-app-manifest.json'), 'b633e1c5-b582-4048-a93e-9f11b44c7e96');
    assert.match(md, /^\*\*Mail\\\.Send\*\* — Application permission of Microsoft Graph/);
    assert.ok(md.includes('`b633e1c5-b582-4048-a93e-9f11b44c7e96`'), 'application GUID');
    assert.ok(md.includes('`e383f46e-2787-4529-855e-0e479a3ffac0`'), 'delegated GUID too');
    assert.match(md, /\| Admin consent required \| Yes \| No \|/);
    assert.ok(md.includes('Send mail as any user'), 'application display text');
    assert.ok(md.includes(permissionsReferenceUrl('Mail.Send')));
    assert.ok(md.includes('bundled metadata \\(Microsoft Graph upstream of'), md);
  });

  it('hover on Calls.AccessMedia.All shows Application and a dash for Delegated', () => {
    const md = hoverFor(fixture('manifests', 'graph-app-manifest.json'), 'a7a681dc-756e-4909-b988-f160edc6655f');
    assert.ok(md.includes('Calls\\.AccessMedia\\.All'));
    assert.ok(md.includes('Application permission'));
    assert.match(md, /\| Identifier \| `a7a681dc-756e-4909-b988-f160edc6655f` \| — \|/);
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
