/**
 * The language features with the core service in the extension host: hover, completion,
 * diagnostics with their quick-fixes, and the GUID ↔ name conversions. The browser entry uses
 * these (README "Architecture" gives the figures behind that choice); the desktop entry asks the
 * language server instead (./languageClient.ts). Both answer from the same service
 * (src/core/service), so the features are the same.
 */
import * as vscode from 'vscode';
import { PermissionCodeActionProvider } from './codeActions';
import { convertPermissions } from './commands';
import { LensCompletionProvider, TRIGGER_CHARACTERS } from './completionProvider';
import { DiagnosticsManager } from './diagnostics';
import { LensHoverProvider } from './hoverProvider';
import { registerResourceFeatures } from './resourceFeatures';
import { LANGUAGES, RESOURCE_SELECTOR, SELECTOR, SELECTOR_FILTERS } from './selectors';
import type { BaseServices, DiagnosticsHub } from './services';

export function registerInHostFeatures(services: BaseServices): DiagnosticsHub {
  const { context, log, lens } = services;
  // A replaced store (metadata update) or new settings recreate the service; the diagnostics follow.
  const diagnostics = new DiagnosticsManager(lens, log, LANGUAGES);
  registerResourceFeatures(services, lens);
  context.subscriptions.push(
    diagnostics,
    // One hover for permission references and Graph payloads (payloads are also read in `.http`/`.rest` files of any language).
    vscode.languages.registerHoverProvider([...SELECTOR_FILTERS, ...RESOURCE_SELECTOR], new LensHoverProvider(lens, log)),
    vscode.languages.registerCompletionItemProvider(SELECTOR, new LensCompletionProvider(lens, 'permissions', log), ...TRIGGER_CHARACTERS.permissions),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new PermissionCodeActionProvider(lens, diagnostics, log), PermissionCodeActionProvider.metadata),
    vscode.commands.registerCommand('graphPermissionLens.convertGuidsToNames', () => convertPermissions(lens, 'toNames')),
    vscode.commands.registerCommand('graphPermissionLens.convertNamesToGuids', () => convertPermissions(lens, 'toGuids')),
  );
  return diagnostics;
}
