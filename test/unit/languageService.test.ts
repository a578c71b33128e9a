/**
 * The language service as the editor hosts use it (src/core/service): one parse per document
 * version shared by every feature, quick-fixes found by the diagnostic's id, and one completion
 * family on request (the VS Code client registers permission and payload completion separately).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createLanguageService, rawFromObject, readSettings, SETTINGS_SECTION, type LanguageService, type ServiceDocument } from '../../src/core/service';
import { bundledData } from '../../src/platform/node/data';
import { bundledStore, fixture, offsetOf, ROOT } from './helpers';

function doc(name: string, languageId: string, text: string, version = 1): ServiceDocument {
  return { uri: `file:///ws/${name}`, version, languageId, fileName: `/ws/${name}`, text };
}

describe('language service: one parse per document version, fixes by diagnostic id', () => {
  const store = bundledStore();
  const models = bundledData(path.join(ROOT, 'data')).resources;
  let service: LanguageService;

  beforeEach(() => {
    service = createLanguageService({ store: () => store, payloadModel: () => models.get() });
  });

  it('shares one parse of a version among check, hover, completion and code actions; a new version, forget and clear parse again', () => {
    const text = fixture('workspace', 'problems.manifest.json');
    const v1 = doc('problems.manifest.json', 'json', text);
    const parsed = service.parse(v1);
    assert.ok(parsed.analysis, 'the manifest is analysed');
    const result = service.check(v1);
    assert.ok(result.diagnostics.length > 0);
    const guid = offsetOf(text, 'a7a681dc-756e-4909-b988-f160edc6655f') + 5;
    assert.ok(service.hover(v1, guid)?.markdown.includes('Calls.AccessMedia.All'));
    service.complete(v1, guid);
    service.codeActions(v1, guid, result.diagnostics.map((d) => d.id));
    assert.strictEqual(service.parse(v1), parsed, 'every feature used the parse of version 1');
    assert.strictEqual(service.check(v1), result, 'the check of a version is kept');

    const v2 = doc('problems.manifest.json', 'json', text, 2);
    const reparsed = service.parse(v2);
    assert.notStrictEqual(reparsed, parsed);
    service.forget(v2.uri);
    assert.notStrictEqual(service.parse(v2), reparsed, 'a forgotten document is parsed again');
    const afterForget = service.parse(v2);
    service.clear();
    assert.notStrictEqual(service.parse(v2), afterForget, 'clear drops every parse');
  });

  it('types the Graph payloads of a version once for hover, completion and the payload check', () => {
    const text = fixture('workspace', 'payloads', 'create-call.http');
    const d = doc('create-call.http', 'http', text);
    const payloads = service.parse(d).payloads();
    assert.ok(payloads && payloads.typed.length > 0, 'the call body is a typed payload');
    const hover = service.hover(d, offsetOf(text, '"callbackUri"') + 2);
    assert.ok(hover?.markdown.includes('callbackUri'), hover?.markdown);
    const check = service.check(d);
    assert.ok(check.diagnostics.some((x) => x.code === 'read-only-property'), JSON.stringify(check.diagnostics.map((x) => x.code)));
    assert.strictEqual(service.parse(d).payloads(), payloads, 'the same typed payloads');
  });

  it('returns the quick-fixes of exactly the diagnostics named by id, each tagged with its id', () => {
    const text = fixture('workspace', 'problems.manifest.json');
    const d = doc('problems.manifest.json', 'json', text);
    const { diagnostics } = service.check(d);
    const mismatch = diagnostics.find((x) => x.code === 'permission-type-mismatch');
    const duplicate = diagnostics.find((x) => x.code === 'duplicate-permission');
    assert.ok(mismatch && duplicate, JSON.stringify(diagnostics.map((x) => x.code)));
    assert.notStrictEqual(mismatch.id, duplicate.id);

    const forMismatch = service.codeActions(d, mismatch.start, [mismatch.id], undefined, ['quickfix']);
    assert.deepStrictEqual(
      forMismatch.map((a) => a.title),
      mismatch.fixes.map((f) => f.title),
    );
    assert.ok(forMismatch.every((a) => a.kind === 'quickfix' && a.diagnosticId === mismatch.id));
    assert.ok(forMismatch.some((a) => a.title.startsWith("Change type to 'Role'") && a.preferred === true));

    const forDuplicate = service.codeActions(d, mismatch.start, [duplicate.id], undefined, ['quickfix']);
    assert.ok(forDuplicate.length > 0 && forDuplicate.every((a) => a.diagnosticId === duplicate.id), 'the id decides, not the position');
    assert.deepStrictEqual(service.codeActions(d, mismatch.start, ['no-such-id'], undefined, ['quickfix']), []);
    // An id of another version names nothing in this one.
    const v2 = doc('problems.manifest.json', 'json', `${text}\n`, 2);
    const ids = new Set(service.check(v2).diagnostics.map((x) => x.id));
    assert.ok(!ids.has(mismatch.id), 'ids carry the version');
  });

  it('answers one completion family on request', () => {
    const manifest = fixture('workspace', 'completion.manifest.json');
    const m = doc('completion.manifest.json', 'json', manifest);
    const inId = offsetOf(manifest, '"id": ""') + '"id": "'.length;
    const permissions = service.complete(m, inId);
    assert.ok(permissions && permissions.items.some((i) => i.kind === 'permission'));
    assert.deepStrictEqual(service.complete(m, inId, undefined, { only: 'permissions' })?.items.length, permissions.items.length);
    assert.strictEqual(service.complete(m, inId, undefined, { only: 'payloads' }), undefined);

    const body = fixture('workspace', 'payloads', 'complete-call.http');
    const h = doc('complete-call.http', 'http', body);
    const inBody = offsetOf(body, '\n  \n') + 3;
    const payload = service.complete(h, inBody, undefined, { only: 'payloads' });
    assert.ok(payload?.items.some((i) => i.label === 'mediaConfig' && i.kind === 'property'), payload?.items.map((i) => i.label).join(', '));
    assert.strictEqual(service.complete(h, inBody, undefined, { only: 'permissions' }), undefined);
  });
});

describe('settings model: one typed reader for every host', () => {
  it('reads every contributed setting except metadata.* (the Update Metadata settings, read by the VS Code client)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
    const contributed = Object.keys(pkg.contributes.configuration.properties)
      .map((k) => k.slice(SETTINGS_SECTION.length + 1))
      .filter((k) => !k.startsWith('metadata.'));
    const asked = new Set<string>();
    readSettings((key, fallback) => {
      asked.add(key);
      return fallback;
    });
    assert.deepStrictEqual([...asked].sort(), contributed.sort());
  });

  it('validates least-privilege settings: the kind, app globs (a string or a list of strings) and manifest exclusions', () => {
    const s = readSettings(
      rawFromObject({
        leastPrivilege: { defaultKind: 'APPLICATION', apps: { 'api/app.json': 'api/**', 'web/*.json': ['web/**', 3], ' ': ['x'] }, excludeManifests: ['test/**', false] },
        validateDelay: 99999,
      }),
    );
    assert.deepStrictEqual(s.leastPrivilege, { defaultKind: 'Application', apps: { 'api/app.json': ['api/**'], 'web/*.json': ['web/**'] }, excludeManifests: ['test/**'] });
    assert.strictEqual(s.debounceMs, 5000, 'bounded');
    const d = readSettings(rawFromObject({ leastPrivilege: { defaultKind: 'sometimes', apps: ['not', 'an', 'object'] } }));
    assert.deepStrictEqual(d.leastPrivilege, { defaultKind: 'Delegated', apps: {}, excludeManifests: [] });
  });
});
