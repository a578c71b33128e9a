/**
 * Graph Permission Lens — the only place that wires VS Code to the core. Activation is cheap: the
 * store loads on the first hover, diagnostic or command, not here.
 */
import * as vscode from 'vscode';
import { editorLanguages } from './core/formats';
import { PermissionCodeActionProvider } from './vscode/codeActions';
import { convertPermissions, showMetadataInfo } from './vscode/commands';
import { LensCompletionProvider, TRIGGER_CHARACTERS } from './vscode/completionProvider';
import { DiagnosticsManager } from './vscode/diagnostics';
import { LensHoverProvider } from './vscode/hoverProvider';
import { LensService } from './vscode/lensService';
import { registerExplorer } from './views/explorer';
import { registerLeastPrivilege } from './vscode/leastPrivilege';
import { registerMetadataUpdate } from './vscode/metadataUpdate';
import { registerResourceFeatures, RESOURCE_SELECTOR } from './vscode/resourceFeatures';
import type { Services } from './vscode/services';
import { StoreService } from './vscode/storeService';
import { registerWalkthrough } from './vscode/walkthrough';

/** Every language the extension reads (permission references; payloads in json/http/ts/js): the format registry's. */
const LANGUAGES: readonly string[] = editorLanguages();
const SELECTOR_FILTERS: vscode.DocumentFilter[] = LANGUAGES.map((language) => ({ language }));
export const SELECTOR: vscode.DocumentSelector = SELECTOR_FILTERS;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Graph Permission Lens', { log: true });
  const stores = new StoreService(context.extensionPath, log);
  const lens = new LensService(stores, log);
  // A replaced store (metadata update) or new settings recreate the service; the diagnostics follow.
  const diagnostics = new DiagnosticsManager(lens, log, LANGUAGES);
  const services: Services = { context, log, stores, lens, diagnostics, selector: SELECTOR };
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

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
