/**
 * What each entry's bundle carries. The desktop entry gets hover, completion, diagnostics, code
 * actions and the conversions from the language server, so the in-host providers the browser entry
 * uses must not be in dist/extension.js. Both bundles are built here with esbuild's metafile
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

describe('bundles: the desktop entry carries no in-host language features', function () {
  this.timeout(120000);

  it('the desktop bundle has none of the in-host providers (the browser bundle has them all), and of diagnostics.ts only its constant', async () => {
    const [desktop, browser] = await Promise.all([inputsOf('src/extension.ts', 'node'), inputsOf('src/extensionBrowser.ts', 'browser')]);
    for (const f of IN_HOST) {
      assert.ok((browser.get(f) ?? 0) > 0, `${f} is in the browser bundle`);
      assert.ok(!desktop.get(f), `${f} is in the desktop bundle (${desktop.get(f)} bytes)`);
    }
    assert.ok((desktop.get('src/vscode/languageClient.ts') ?? 0) > 0, 'the desktop bundle has the language client');
    // The service in the extension host (lensService.ts) comes to the desktop too: least privilege and its report run there.
    assert.ok((desktop.get('src/vscode/lensService.ts') ?? 0) > 0, 'the desktop bundle has the in-host service for least privilege');
    assert.ok(!browser.get('src/vscode/languageClient.ts'), 'the browser bundle has no language client');
    // leastPrivilege.ts imports DIAGNOSTIC_SOURCE from diagnostics.ts; the in-host DiagnosticsManager stays out.
    assert.ok((desktop.get('src/vscode/diagnostics.ts') ?? 0) < 100, `diagnostics.ts adds ${desktop.get('src/vscode/diagnostics.ts')} bytes to the desktop bundle`);
    // The helpers least privilege and the report page use stay; the provider class does not come with them.
    assert.ok((desktop.get('src/vscode/codeActions.ts') ?? 0) < 400, `codeActions.ts adds ${desktop.get('src/vscode/codeActions.ts')} bytes to the desktop bundle`);
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
});
