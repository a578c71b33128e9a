/**
 * The browser extension host (a web worker: vscode.dev, github.dev, code-server's web extension
 * host): the bundled data read from the extension's own URI through `vscode.workspace.fs` (read
 * ahead at activation, see src/platform/browser/data.ts) and the language features with the core
 * service in the extension host (./inHostFeatures.ts; README "Architecture"). No Node API here or in anything it loads
 * (the build fails on a Node module; tsconfig.browser.json type-checks without Node types).
 *
 * Update Metadata is not available here yet (it needs the upstream download through `fetch` and the
 * cache in `globalStorageUri`): its commands say so and the bundled metadata stays in use.
 */
import * as vscode from 'vscode';
import type { DataFileName } from '../core/store/bundledData';
import { preloadDataFiles, preloadedBundledData } from '../platform/browser/data';
import type { EditorHost } from './host';
import { registerInHostFeatures } from './inHostFeatures';
import type { Services } from './services';

/** The message of every metadata command the browser host does not have yet. */
export const NOT_IN_BROWSER =
  'Updating the metadata is not available in the browser yet: Graph Permission Lens uses its bundled metadata here. Run "Graph Permissions: Update Metadata" in desktop VS Code, or the CLI with --metadata, for newer data.';

const METADATA_COMMANDS = ['graphPermissionLens.updateMetadata', 'graphPermissionLens.showMetadataChanges', 'graphPermissionLens.useBundledMetadata'];

/** Reads the extension's data files ahead (at activation) and returns the browser host. */
export async function browserHost(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): Promise<EditorHost> {
  const t0 = Date.now();
  const read = await preloadDataFiles(async (name: DataFileName) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'data', name)));
  log.info(`Read the bundled data files ahead in ${Date.now() - t0} ms (browser extension host)`);
  return {
    bundledData: (onResourcesLoad) => preloadedBundledData(read, onResourcesLoad),
    registerLanguageFeatures: registerInHostFeatures,
    registerMetadataUpdate(services: Services): void {
      services.context.subscriptions.push(
        ...METADATA_COMMANDS.map((id) =>
          vscode.commands.registerCommand(id, () => {
            services.log.info(NOT_IN_BROWSER);
            void vscode.window.showInformationMessage(NOT_IN_BROWSER);
            return { ok: false, message: NOT_IN_BROWSER };
          }),
        ),
      );
    },
  };
}
