/**
 * Graph Permission Lens — the only place that wires VS Code to the core. Activation is cheap: the
 * store loads on the first hover or command, not here.
 */
import * as vscode from 'vscode';
import { AnalysisCache } from './vscode/analysisCache';
import { PermissionHoverProvider } from './vscode/hoverProvider';
import { StoreService } from './vscode/storeService';

export const SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Graph Permission Lens', { log: true });
  const stores = new StoreService(context.extensionPath, log);
  const cache = new AnalysisCache();
  context.subscriptions.push(
    log,
    cache,
    vscode.languages.registerHoverProvider(SELECTOR, new PermissionHoverProvider(stores, cache)),
    vscode.commands.registerCommand('graphPermissionLens.showMetadataInfo', function showMetadataInfo() {
      const store = stores.get();
      if (!store) return;
      const p = store.provenance;
      const sources = p.sources.map((s) => `${s.package}@${s.version}`).join(', ');
      log.info(`Metadata: ${store.describe()} — ${store.size} permissions from ${sources}; counts ${JSON.stringify(p.counts)}`);
      log.show(true);
      void vscode.window.showInformationMessage(`Graph Permission Lens uses ${store.describe()}: ${store.size} permissions (${sources}).`);
    }),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
