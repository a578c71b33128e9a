/**
 * Graph Permission Lens — the desktop entry (package.json `main`, Node extension host): the shared
 * activation (src/vscode/activate.ts) with the Node host — data files and the metadata cache on
 * disk, downloads with Node's http(s). The browser entry is src/extensionBrowser.ts.
 */
import type * as vscode from 'vscode';
import { activateWith, createLog } from './vscode/activate';
import { nodeHost } from './vscode/nodeHost';

export { SELECTOR } from './vscode/activate';

export function activate(context: vscode.ExtensionContext): void {
  activateWith(context, nodeHost(context.extensionPath, context.globalStorageUri), createLog());
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
