/**
 * The one activation of Graph Permission Lens, shared by the desktop entry (src/extension.ts) and
 * the browser entry (src/extensionBrowser.ts): they differ only in the host they pass (./host.ts).
 * Activation is cheap: the store loads on the first hover, diagnostic or command, not here.
 */
import * as vscode from 'vscode';
import { editorLanguages } from '../core/formats';
import { registerExplorer } from '../views/explorer';
import { PermissionCodeActionProvider } from './codeActions';
import { convertPermissions, showMetadataInfo } from './commands';
import { LensCompletionProvider, TRIGGER_CHARACTERS } from './completionProvider';
import { DiagnosticsManager } from './diagnostics';
import type { EditorHost } from './host';
import { LensHoverProvider } from './hoverProvider';
import { registerLeastPrivilege } from './leastPrivilege';
import { LensService } from './lensService';
import { registerMetadataUpdate } from './metadataUpdate';
import { registerResourceFeatures, RESOURCE_SELECTOR } from './resourceFeatures';
import type { Services } from './services';
import { StoreService } from './storeService';
import { registerWalkthrough } from './walkthrough';

/** Every language the extension reads (permission references; payloads in json/http/ts/js): the format registry's. */
const LANGUAGES: readonly string[] = editorLanguages();
const SELECTOR_FILTERS: vscode.DocumentFilter[] = LANGUAGES.map((language) => ({ language }));
export const SELECTOR: vscode.DocumentSelector = SELECTOR_FILTERS;

export function activateWith(context: vscode.ExtensionContext, host: EditorHost, log: vscode.LogOutputChannel): void {
  const stores = new StoreService(host, log);
  const lens = new LensService(stores, log);
  // A replaced store (metadata update) or new settings recreate the service; the diagnostics follow.
  const diagnostics = new DiagnosticsManager(lens, log, LANGUAGES);
  const services: Services = { context, host, log, stores, lens, diagnostics, selector: SELECTOR };
  registerMetadataUpdate(services);
  registerExplorer(services);
  registerResourceFeatures(services);
  registerLeastPrivilege(services);
  registerWalkthrough(services);
  context.subscriptions.push(
    log,
    stores,
    lens,
    diagnostics,
    // One hover for permission references and Graph payloads (payloads are also read in `.http`/`.rest` files of any language).
    vscode.languages.registerHoverProvider([...SELECTOR_FILTERS, ...RESOURCE_SELECTOR], new LensHoverProvider(lens, log)),
    vscode.languages.registerCompletionItemProvider(SELECTOR, new LensCompletionProvider(lens, 'permissions', log), ...TRIGGER_CHARACTERS.permissions),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new PermissionCodeActionProvider(lens, diagnostics, log), PermissionCodeActionProvider.metadata),
    vscode.commands.registerCommand('graphPermissionLens.showMetadataInfo', () => showMetadataInfo(stores, log)),
    vscode.commands.registerCommand('graphPermissionLens.convertGuidsToNames', () => convertPermissions(lens, 'toNames')),
    vscode.commands.registerCommand('graphPermissionLens.convertNamesToGuids', () => convertPermissions(lens, 'toGuids')),
  );
}

/** The log channel both entries create first (the browser entry logs its data read into it before activateWith). */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Graph Permission Lens', { log: true });
}
