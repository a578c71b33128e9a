/**
 * The language features with the core service in the extension host: hover, completion,
 * diagnostics with their quick-fixes, the GUID ↔ name conversions and least privilege
 * (./leastPrivilege.ts). The browser entry uses
 * these (README "Architecture" gives the figures behind that choice); the desktop entry asks the
 * language server instead (./languageClient.ts). Both answer from the same service
 * (src/core/service), so the features are the same.
 */
import * as vscode from 'vscode';
import type { ConvertDirection } from '../core/permissions/convert';
import { PermissionCodeActionProvider } from './codeActionProvider';
import { toWorkspaceEdit } from './codeActions';
import { LensCompletionProvider, TRIGGER_CHARACTERS } from './completionProvider';
import { DiagnosticsManager } from './diagnostics';
import { LensHoverProvider } from './hoverProvider';
import { registerInHostLeastPrivilege } from './leastPrivilege';
import { LensService } from './lensService';
import { registerResourceFeatures } from './resourceFeatures';
import { LANGUAGES, RESOURCE_SELECTOR, SELECTOR, SELECTOR_FILTERS } from './selectors';
import { inHostExplorerSource } from './inHostExplorerSource';
import { inHostMetadataSide } from './metadataSide';
import type { BaseServices, LanguageFeatures } from './services';

export function registerInHostFeatures(services: BaseServices): LanguageFeatures {
  const { context, log, stores } = services;
  // The core language service in the extension host; the store loads on its first use.
  const lens = new LensService(stores, log);
  context.subscriptions.push(lens);
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
  return {
    diagnostics,
    explorerData: inHostExplorerSource(services),
    leastPrivilege: registerInHostLeastPrivilege(services, lens, diagnostics),
    metadata: inHostMetadataSide(stores, context.subscriptions),
  };
}

/** A conversion command on the active editor document (the desktop sends it to the language server). */
async function convertPermissions(lens: LensService, direction: ConvertDirection): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const r = lens.convert(doc, direction);
  if (!r.ok) {
    // Refused on a JSON document it reads (an Entra manifest takes GUIDs only) is a warning; not readable at all, information.
    const readable = lens.service.parse(lens.document(doc), lens.settings(doc)).analysis?.format === 'json';
    const show = readable ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Graph Permission Lens: ${r.message}`);
    return;
  }
  if (r.converted > 0) {
    const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(doc, r.edits));
    if (!ok) {
      void vscode.window.showErrorMessage('Graph Permission Lens: the document changed while converting; nothing was modified. Try again.');
      return;
    }
  }
  void vscode.window.showInformationMessage(`Graph Permission Lens: ${r.message}`);
}
