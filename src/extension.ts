/**
 * Graph Permission Lens — the only place that wires VS Code to the core. Activation is cheap: the
 * store loads on the first hover, diagnostic or command, not here.
 */
import * as vscode from 'vscode';
import { AnalysisCache } from './vscode/analysisCache';
import { PermissionCodeActionProvider } from './vscode/codeActions';
import { convertPermissions, showMetadataInfo } from './vscode/commands';
import { PermissionCompletionProvider } from './vscode/completionProvider';
import { DiagnosticsManager } from './vscode/diagnostics';
import { PermissionHoverProvider } from './vscode/hoverProvider';
import { registerExplorer } from './views/explorer';
import { registerLeastPrivilege } from './vscode/leastPrivilege';
import { registerMetadataUpdate } from './vscode/metadataUpdate';
import { registerResourceFeatures } from './vscode/resourceFeatures';
import type { Services } from './vscode/services';
import { StoreService } from './vscode/storeService';
import { registerWalkthrough } from './vscode/walkthrough';

/** Every language the extension reads (permission references; resource payloads in json/http/ts/js). */
const LANGUAGES = [
  'json',
  'jsonc',
  'bicep',
  'terraform',
  'powershell',
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'csharp',
  'python',
  'java',
  'http',
  'yaml',
  'markdown',
  'plaintext',
  'shellscript',
  'html',
  'razor',
  'aspnetcorerazor',
  'restructuredtext',
  'asciidoc',
  'xml',
  'properties',
  'ini',
  'dotenv',
] as const;
export const SELECTOR: vscode.DocumentSelector = LANGUAGES.map((language) => ({ language }));

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Graph Permission Lens', { log: true });
  const stores = new StoreService(context.extensionPath, log);
  const cache = new AnalysisCache();
  const diagnostics = new DiagnosticsManager(stores, cache, log, LANGUAGES);
  // A replaced store (metadata update) or new settings (maxFileSizeKB) invalidate every analysis.
  const invalidate = (): void => {
    cache.clear();
    diagnostics.revalidateAll();
  };
  context.subscriptions.push(
    stores.onDidChangeStore(invalidate),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('graphPermissionLens.maxFileSizeKB')) invalidate();
    }),
  );
  const services: Services = { context, log, stores, cache, diagnostics, selector: SELECTOR };
  registerMetadataUpdate(services);
  registerExplorer(services);
  registerResourceFeatures(services);
  registerLeastPrivilege(services);
  registerWalkthrough(services);
  context.subscriptions.push(
    log,
    stores,
    cache,
    diagnostics,
    vscode.languages.registerHoverProvider(SELECTOR, new PermissionHoverProvider(stores, cache)),
    vscode.languages.registerCompletionItemProvider(SELECTOR, new PermissionCompletionProvider(stores), '"', ':'),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new PermissionCodeActionProvider(diagnostics), PermissionCodeActionProvider.metadata),
    vscode.commands.registerCommand('graphPermissionLens.showMetadataInfo', () => showMetadataInfo(stores, log)),
    vscode.commands.registerCommand('graphPermissionLens.convertGuidsToNames', () => convertPermissions(stores, cache, 'toNames')),
    vscode.commands.registerCommand('graphPermissionLens.convertNamesToGuids', () => convertPermissions(stores, cache, 'toGuids')),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
