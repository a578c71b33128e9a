/**
 * Graph Permission Lens — the browser entry (package.json `browser`, web-worker extension host of
 * vscode.dev, github.dev and code-server): the shared activation (src/vscode/activate.ts) with the
 * browser host, which reads the bundled data from the extension's own URI before the features start.
 * Bundled by scripts/build.mjs for the browser platform; a Node module in its import graph fails the build.
 */
import type * as vscode from 'vscode';
import { activateWith, createLog } from './vscode/activate';
import { browserHost } from './vscode/browserHost';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = createLog();
  activateWith(context, await browserHost(context, log), log);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
