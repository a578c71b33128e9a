/**
 * What each entry's bundle carries. The desktop entry gets hover, completion, diagnostics, code
 * actions, the conversions and least privilege from the language server, so the in-host providers,
 * the in-host service and the least-privilege analysis the browser entry uses must not be in
 * dist/extension.js. Both bundles are built here with esbuild's metafile
 * (scripts/build.mjs's options; nothing written) and their inputs compared.
 */
import * as assert from 'assert';
import * as esbuild from 'esbuild';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The modules of the language features with the service in the extension host (src/vscode/inHostFeatures.ts and what only it uses). */
const IN_HOST = [
  'src/vscode/inHostFeatures.ts',
  'src/vscode/codeActionProvider.ts',
  'src/vscode/hoverProvider.ts',
  'src/vscode/completionProvider.ts',
  'src/vscode/resourceFeatures.ts',
  // The core service in the extension host, and least privilege with it (the desktop asks the server: ./leastPrivilegeClient.ts).
  'src/vscode/lensService.ts',
  'src/vscode/leastPrivilege.ts',
  'src/core/service/languageService.ts',
  'src/core/service/leastPrivilege.ts',
  'src/core/leastPrivilege/collect.ts',
  'src/core/leastPrivilege/apps.ts',
  'src/core/leastPrivilege/matcher.ts',
];

/** Bytes each source file contributes to a bundle (tree-shaken, minified). */
async function inputsOf(entry: string, platform: 'node' | 'browser'): Promise<Map<string, number>> {
  const r = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    platform,
    target: platform === 'node' ? 'node20' : 'es2022',
    format: 'cjs',
    minify: true,
    mainFields: platform === 'node' ? ['module', 'main'] : ['browser', 'module', 'main'],
    external: ['vscode'],
    outfile: path.join(ROOT, 'out', 'bundle-check.js'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [out] = Object.values(r.metafile.outputs).filter((o) => o.entryPoint);
  return new Map(Object.entries(out.inputs).map(([f, i]) => [f, i.bytesInOutput]));
}

describe('bundles: the desktop entry carries no in-host language features nor least-privilege analysis', function () {
  this.timeout(120000);

  it('the desktop bundle has none of the in-host providers, service and least-privilege analysis (the browser bundle has them all)', async () => {
    const [desktop, browser] = await Promise.all([inputsOf('src/extension.ts', 'node'), inputsOf('src/extensionBrowser.ts', 'browser')]);
    for (const f of IN_HOST) {
      assert.ok((browser.get(f) ?? 0) > 0, `${f} is in the browser bundle`);
      assert.ok(!desktop.get(f), `${f} is in the desktop bundle (${desktop.get(f)} bytes)`);
    }
    assert.ok((desktop.get('src/vscode/languageClient.ts') ?? 0) > 0, 'the desktop bundle has the language client');
    // The report page and its requests are in both; the page's model comes from the server on the desktop.
    for (const f of ['src/vscode/reportPanel.ts', 'src/vscode/leastPrivilegeFeature.ts']) assert.ok((desktop.get(f) ?? 0) > 0 && (browser.get(f) ?? 0) > 0, `${f} is in both bundles`);
    assert.ok((desktop.get('src/vscode/leastPrivilegeClient.ts') ?? 0) > 0, 'the desktop bundle asks the server for least privilege');
    assert.ok(!browser.get('src/vscode/leastPrivilegeClient.ts'), 'the browser bundle has no least-privilege client');
    assert.ok(!browser.get('src/vscode/languageClient.ts'), 'the browser bundle has no language client');
    // Nothing of the in-host diagnostics and code-action helpers either.
    assert.ok(!desktop.get('src/vscode/diagnostics.ts'), `diagnostics.ts adds ${desktop.get('src/vscode/diagnostics.ts')} bytes to the desktop bundle`);
    assert.ok(!desktop.get('src/vscode/codeActions.ts'), `codeActions.ts adds ${desktop.get('src/vscode/codeActions.ts')} bytes to the desktop bundle`);
  });

  it('the desktop explorer asks the language server: no in-host explorer source, and none of the store walks of the lists', async () => {
    const [desktop, browser] = await Promise.all([inputsOf('src/extension.ts', 'node'), inputsOf('src/extensionBrowser.ts', 'browser')]);
    assert.ok(!desktop.get('src/vscode/inHostExplorerSource.ts'), 'the in-host explorer source is not in the desktop bundle');
    assert.ok((browser.get('src/vscode/inHostExplorerSource.ts') ?? 0) > 0, 'the browser bundle answers the explorer itself');
    assert.ok((desktop.get('src/vscode/serverExplorerSource.ts') ?? 0) > 0 && !browser.get('src/vscode/serverExplorerSource.ts'), 'the server-backed source only on the desktop');
    // The views keep the list helpers (keys, labels, grouping of a received list); the store walks that build
    // the lists (permissionEntries, groupByResource, rankByRisk, searchItems) and the file analysis run in the server.
    assert.ok((desktop.get('src/core/explorer/model.ts') ?? 0) < 700, `model.ts adds ${desktop.get('src/core/explorer/model.ts')} bytes to the desktop bundle`);
    assert.ok((browser.get('src/core/explorer/model.ts') ?? 0) > 1000, `the browser bundle builds the lists (${browser.get('src/core/explorer/model.ts')} bytes of model.ts)`);
  });

  it('the desktop client switches the store in the server: no in-host metadata side (the browser\'s, which builds the store and the diff)', async () => {
    const [desktop, browser] = await Promise.all([inputsOf('src/extension.ts', 'node'), inputsOf('src/extensionBrowser.ts', 'browser')]);
    assert.ok(!desktop.get('src/vscode/metadataSide.ts'), `metadataSide.ts adds ${desktop.get('src/vscode/metadataSide.ts')} bytes to the desktop bundle`);
    assert.ok((browser.get('src/vscode/metadataSide.ts') ?? 0) > 0, 'the browser bundle switches its own store');
  });
});
