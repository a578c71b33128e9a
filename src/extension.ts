/**
 * Graph Permission Lens — the desktop entry (package.json `main`, Node extension host): the shared
 * activation (src/vscode/activate.ts) with the Node host — data files and the metadata cache on
 * disk, downloads with Node's http(s), and the language features from the language server
 * (src/vscode/languageClient.ts). The browser entry is src/extensionBrowser.ts.
 */
import type * as vscode from 'vscode';
import { activateWith, createLog } from './vscode/activate';
import { stopLanguageClient } from './vscode/languageClient';
import { nodeHost } from './vscode/nodeHost';

export { SELECTOR } from './vscode/activate';

export function activate(context: vscode.ExtensionContext): void {
  activateWith(context, nodeHost(context.extensionPath, context.globalStorageUri), createLog());
}

export function deactivate(): Promise<void> | undefined {
  // Everything else is disposed through context.subscriptions; VS Code waits for the server to stop.
  return stopLanguageClient();
}
