/**
 * The one activation of Graph Permission Lens, shared by the desktop entry (src/extension.ts) and
 * the browser entry (src/extensionBrowser.ts): they differ only in the host they pass (./host.ts),
 * which also brings the language features — through the language server on the desktop
 * (./languageClient.ts), with the service in the extension host in the browser (./inHostFeatures.ts)
 * — least privilege among them (the report command and page over either: ./leastPrivilegeFeature.ts).
 * Activation is cheap: the store loads on the first hover, diagnostic or command, not here.
 */
import * as vscode from 'vscode';
import { registerExplorer } from '../views/explorer';
import { showMetadataInfo } from './commands';
import type { EditorHost } from './services';
import { registerLeastPrivilegeCommands } from './leastPrivilegeFeature';
import { registerMetadataUpdate } from './metadataUpdate';
import { SELECTOR } from './selectors';
import type { BaseServices, Services } from './services';
import { StoreService } from './storeService';
import { registerWalkthrough } from './walkthrough';

export { SELECTOR };

/** Hidden: `{ builds, held }` — how many times this extension host built its permission store, and whether it holds one. */
export const EXTENSION_HOST_STORE_COMMAND = '_graphPermissionLens.extensionHostStore';

export function activateWith(context: vscode.ExtensionContext, host: EditorHost, log: vscode.LogOutputChannel): void {
  const stores = new StoreService((onResourcesLoad) => host.bundledData(onResourcesLoad), log);
  context.subscriptions.push(log, stores);
  const base: BaseServices = { context, host, log, stores, selector: SELECTOR };
  const services: Services = { ...base, ...host.registerLanguageFeatures(base) };
  registerMetadataUpdate(services);
  registerExplorer(services);
  registerLeastPrivilegeCommands(services);
  registerWalkthrough(services);
  context.subscriptions.push(
    vscode.commands.registerCommand('graphPermissionLens.showMetadataInfo', () => showMetadataInfo(services.explorerData, log)),
    // Hidden (tests): whether this extension host built a permission store (never on the desktop, where the language server holds it).
    vscode.commands.registerCommand(EXTENSION_HOST_STORE_COMMAND, () => ({ builds: stores.builds, held: stores.held })),
  );
}

/** The log channel both entries create first (the browser entry logs its data read into it before activateWith). */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Graph Permission Lens', { log: true });
}
