/**
 * Least privilege through the language service (src/core/service/leastPrivilege.ts): a folder's
 * findings as diagnostics with ids, their fixes from `codeActions` by id (only while the file is the
 * text analysed), the call hover from `hover`, and the permission analysis of each document version
 * shared with the other features (the open document is not parsed again).
 */
import * as assert from 'assert';
import * as path from 'path';
import * as analyzeModule from '../../src/core/analyze';
import { analyzeApps, analyzeUsage } from '../../src/core/leastPrivilege';
import { applyEdits } from '../../src/core/rules/util';
import { createLanguageService, DEFAULT_SETTINGS, isStepsCancelled, type LanguageService, type LeastPrivilegeFolder, type LeastPrivilegeResult } from '../../src/core/service';
import { readRepository } from '../../src/platform/node/walk';
import { bundledStore, FIXTURES, offsetOf } from './helpers';

const WORKSPACE = path.join(FIXTURES, 'workspace');
const MANIFEST = 'least-privilege/users.manifest.json';
const CODE = 'least-privilege/list-users.ts';
const USER_READWRITE_ALL_ROLE = '741f803b-c850-494e-b5df-cde7c675a1ca';

/** The fixture workspace as a host hands it to the service: every file a document of version 1. */
function workspaceFolder(): LeastPrivilegeFolder {
  const { files, allPaths } = readRepository(WORKSPACE);
  return { key: 'file:///ws', name: 'workspace', allPaths, files: files.map((f) => ({ uri: `file:///ws/${f.path}`, version: 1, path: f.path, text: f.text })) };
}

/** Counts `analyzeText` calls per text while `body` runs (the module's export, as every caller reaches it). */
function countingAnalyses<T>(body: (counts: Map<string, number>) => T): T {
  const mod = analyzeModule as { analyzeText: typeof analyzeModule.analyzeText };
  const original = mod.analyzeText;
  const counts = new Map<string, number>();
  mod.analyzeText = (text, format, store) => {
    counts.set(text, (counts.get(text) ?? 0) + 1);
    return original(text, format, store);
  };
  try {
    return body(counts);
  } finally {
    mod.analyzeText = original;
  }
}

describe('language service: least privilege of a folder', () => {
  const store = bundledStore();
  let service: LanguageService;

  beforeEach(() => {
    service = createLanguageService({ store: () => store });
  });

  it('returns the same apps and findings as the analysis, as diagnostics with ids on their files', () => {
    const folder = workspaceFolder();
    const result = service.leastPrivilege(folder, DEFAULT_SETTINGS);
    assert.ok(result.hasPathData, 'the bundled store has path data');
    const direct = analyzeApps('workspace', folder.files, folder.allPaths, store, { defaultKind: 'Delegated', overrides: {}, apps: {}, excludeManifests: [] });
    const shape = (runs: typeof direct): unknown => runs.map((r) => ({ app: r.group.name, findings: r.report?.findings.map((f) => [f.file, f.code, f.start, f.end, f.message, f.fixes]) }));
    assert.deepStrictEqual(shape(result.apps), shape(direct));
    const manifest = result.files.find((f) => f.path === MANIFEST);
    assert.ok(manifest, `files: ${result.files.map((f) => f.path).join(', ')}`);
    assert.strictEqual(manifest.uri, `file:///ws/${MANIFEST}`);
    const d = manifest.diagnostics.find((x) => x.code === 'permission-over-broad');
    assert.ok(d, JSON.stringify(manifest.diagnostics.map((x) => x.code)));
    assert.match(d.message, /^User\.ReadWrite\.All \(Application\) is broader than needed/);
    assert.strictEqual(manifest.text.slice(d.start, d.end), USER_READWRITE_ALL_ROLE);
    assert.strictEqual(d.finding.file, MANIFEST);
    const ids = result.files.flatMap((f) => f.diagnostics.map((x) => x.id));
    assert.strictEqual(new Set(ids).size, ids.length, 'ids are unique');
    // The sibling heuristic steps back where the usage of a request is known: at the GUID's line and column.
    const at = offsetOf(manifest.text, USER_READWRITE_ALL_ROLE);
    const line = manifest.text.slice(0, at).split('\n').length;
    const column = at - manifest.text.lastIndexOf('\n', at - 1);
    assert.ok(manifest.usageKnown.includes(`${line}:${column}`), manifest.usageKnown.join(' '));
  });

  it('gives the fixes of a finding by its id while the file is the text analysed, and none once it changed or after the next run', () => {
    const folder = workspaceFolder();
    const result = service.leastPrivilege(folder);
    const manifest = result.files.find((f) => f.path === MANIFEST)!;
    const d = manifest.diagnostics.find((x) => x.code === 'permission-over-broad')!;
    const doc = { uri: manifest.uri, version: 1, languageId: 'json', fileName: `/ws/${MANIFEST}`, text: manifest.text };
    const actions = service.codeActions(doc, d.start, [d.id]);
    const replace = actions.find((a) => /^Replace with User\.Read(Basic)?\.All$/.test(a.title));
    assert.ok(replace, actions.map((a) => a.title).join(', '));
    assert.strictEqual(replace.diagnosticId, d.id);
    assert.ok(replace.preferred);
    const fixed = JSON.parse(applyEdits(manifest.text, replace.edits)) as { requiredResourceAccess: { resourceAccess: { id: string }[] }[] };
    assert.notStrictEqual(fixed.requiredResourceAccess[0].resourceAccess[0].id, USER_READWRITE_ALL_ROLE);
    assert.deepStrictEqual(service.codeActions({ ...doc, version: 2, text: manifest.text + ' ' }, d.start, [d.id]), [], 'a changed document gets no stale fix');
    // Kept across clear() and forget() (a new store or settings recreate the other results, not these)…
    service.clear();
    service.forget(doc.uri);
    assert.strictEqual(service.codeActions(doc, d.start, [d.id], DEFAULT_SETTINGS, ['quickfix']).length, actions.length);
    // …until the folder is analysed again: the new run has new ids.
    const again = service.leastPrivilege(folder);
    assert.deepStrictEqual(service.codeActions(doc, d.start, [d.id]), []);
    const d2 = again.files.find((f) => f.path === MANIFEST)!.diagnostics.find((x) => x.code === 'permission-over-broad')!;
    assert.notStrictEqual(d2.id, d.id);
    assert.ok(service.codeActions(doc, d2.start, [d2.id]).some((a) => a.title === replace.title));
    service.forgetLeastPrivilege(folder.key!);
    assert.deepStrictEqual(service.codeActions(doc, d2.start, [d2.id]), []);
  });

  it('uses the parse of a document version the service already has, and keeps the others for the next run', () => {
    const folder = workspaceFolder();
    const manifestFile = folder.files.find((f) => f.path === MANIFEST)!;
    const open = { uri: manifestFile.uri, version: 1, languageId: 'json', fileName: `/ws/${MANIFEST}`, text: manifestFile.text };
    service.check(open);
    countingAnalyses((counts) => {
      service.leastPrivilege(folder);
      assert.strictEqual(counts.get(manifestFile.text), undefined, 'the open manifest was not parsed again');
      assert.ok(counts.size > 0, 'the files not open were analysed');
      counts.clear();
      service.leastPrivilege(folder);
      assert.deepStrictEqual([...counts.keys()], [], 'a second run parses nothing that did not change');
      // A new version of a file is parsed again.
      const changed = { ...folder, files: folder.files.map((f) => (f.path === MANIFEST ? { ...f, uri: 'file:///ws/other.json', version: 2 } : f)) };
      service.leastPrivilege(changed);
      assert.strictEqual(counts.get(manifestFile.text), 1);
    });
  });

  it('hovers a Graph call in code with its least-privileged permissions (the call hover of hover())', () => {
    const text = workspaceFolder().files.find((f) => f.path === CODE)!.text;
    const doc = { uri: `file:///ws/${CODE}`, version: 1, languageId: 'typescript', fileName: `/ws/${CODE}`, text };
    const h = service.hover(doc, offsetOf(text, 'graph.microsoft.com/v1.0/users') + 30);
    assert.ok(h, 'a hover on the call');
    assert.match(h.markdown, /\*\*Microsoft Graph call\*\* `GET \/users`/);
    assert.match(h.markdown, /\*\*Application\*\*: `User\.Read(Basic)?\.All` \(least privileged\)/);
    assert.deepStrictEqual(h.enabledCommands, []);
    assert.ok(h.start <= offsetOf(text, 'graph.microsoft.com') && h.end > offsetOf(text, '/users'));
    assert.strictEqual(service.hover(doc, offsetOf(text, 'ClientSecretCredential(')), undefined, 'nothing off the call');
    assert.strictEqual(service.hover(doc, offsetOf(text, 'graph.microsoft.com/v1.0/users') + 30, { ...DEFAULT_SETTINGS, hoverEnabled: false }), undefined);
  });

  it('analyses a folder as one app on request (scan --least-privilege), as analyzeUsage does', () => {
    const folder = workspaceFolder();
    const result = service.leastPrivilege(folder, DEFAULT_SETTINGS, { oneApp: true, kind: 'Application' });
    assert.strictEqual(result.apps.length, 1);
    const direct = analyzeUsage(folder.files, store, { kind: 'Application', defaultKind: 'Delegated', overrides: {} });
    assert.deepStrictEqual(
      result.apps[0].report?.findings.map((f) => [f.file, f.code, f.message]),
      direct.findings.map((f) => [f.file, f.code, f.message]),
    );
    assert.ok(result.apps[0].report?.calls.every((c) => c.kind === 'Application'));
  });

  /** A result without its run-numbered ids (two runs number their findings apart), as JSON. */
  const comparable = (r: LeastPrivilegeResult): string => JSON.stringify({ ...r, files: r.files.map((f) => ({ ...f, diagnostics: f.diagnostics.map(({ id: _id, ...d }) => d) })) });

  it('runs asynchronously with the same result, yielding to the host between slices', async () => {
    const folder = workspaceFolder();
    const sync = service.leastPrivilege(folder, DEFAULT_SETTINGS);
    let yields = 0;
    // A zero slice: the driver yields after every step, so the count is the number of steps.
    const async = await createLanguageService({ store: () => store }).leastPrivilegeAsync(folder, DEFAULT_SETTINGS, {
      sliceMs: 0,
      yieldNow: () => {
        yields++;
        return new Promise((resolve) => setImmediate(resolve));
      },
    });
    assert.strictEqual(comparable(async), comparable(sync));
    assert.ok(yields > folder.files.length, `one step per file at least: ${yields} yields for ${folder.files.length} files`);
    // The one-app form too (the CLI's scan --least-privilege, eval:apps).
    const one = await service.leastPrivilegeAsync(folder, DEFAULT_SETTINGS, { oneApp: true, kind: 'Application', yieldNow: () => Promise.resolve() });
    assert.strictEqual(comparable(one), comparable(service.leastPrivilege(folder, DEFAULT_SETTINGS, { oneApp: true, kind: 'Application' })));
  });

  it('stops a cancelled run at its next step, keeping the findings of the last finished run', async () => {
    const folder = workspaceFolder();
    const first = service.leastPrivilege(folder);
    const manifest = first.files.find((f) => f.path === MANIFEST)!;
    const d = manifest.diagnostics.find((x) => x.code === 'permission-over-broad')!;
    const doc = { uri: manifest.uri, version: 1, languageId: 'json', fileName: `/ws/${MANIFEST}`, text: manifest.text };
    const fixesOf = (id: string): string[] => service.codeActions(doc, d.start, [id]).map((a) => a.title);
    assert.ok(fixesOf(d.id).length, 'the finding has fixes');
    const token = { isCancellationRequested: false };
    let yields = 0;
    const run = service.leastPrivilegeAsync(folder, DEFAULT_SETTINGS, {
      token,
      sliceMs: 0,
      yieldNow: async () => {
        // Cancelled a few steps in (a newer run, a settings change), while the analysis is under way.
        if (++yields === 3) token.isCancellationRequested = true;
      },
    });
    await assert.rejects(run, (e: unknown) => isStepsCancelled(e));
    assert.strictEqual(yields, 3, 'no step after the cancellation');
    assert.ok(fixesOf(d.id).length, 'the cancelled run did not drop the last findings');
    // A run that finishes replaces them.
    const next = await service.leastPrivilegeAsync(folder, DEFAULT_SETTINGS, { yieldNow: () => Promise.resolve() });
    const again = next.files.find((f) => f.path === MANIFEST)!.diagnostics.find((x) => x.code === 'permission-over-broad')!;
    assert.notStrictEqual(again.id, d.id);
    assert.deepStrictEqual(fixesOf(d.id), []);
    assert.ok(fixesOf(again.id).length);
  });

  it('says why nothing is compared without a store', () => {
    const none = createLanguageService({ store: () => undefined });
    const r = none.leastPrivilege(workspaceFolder());
    assert.deepStrictEqual([r.apps, r.files, r.hasPathData], [[], [], false]);
    assert.ok(r.problem);
  });
});
