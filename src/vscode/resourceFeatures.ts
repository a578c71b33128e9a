/**
 * Graph resource payloads in the editor (src/core/payloads): where they are read, and their
 * completion of properties / enum members / `@odata.type` values — in JSON, `.http`/`.rest` and
 * TypeScript/JavaScript. Their hovers, diagnostics and quick-fixes come with the permission ones
 * from the language service (src/vscode/lensService.ts), which types each document's payloads once
 * per version. The resource model (data/resources.json, ~3 MB) loads on the first document that may
 * hold a payload (a cheap text test first), never at activation; the load time is logged.
 */
import * as vscode from 'vscode';
import { editorLanguages } from '../core/formats';
import { LensCompletionProvider, TRIGGER_CHARACTERS } from './completionProvider';
import type { Services } from './services';

/** Languages (and, for editors without an `http` language, file patterns) where payloads are read. */
export const RESOURCE_SELECTOR: vscode.DocumentFilter[] = [
  ...editorLanguages((f) => f.payload !== undefined).map((language) => ({ language })),
  { pattern: '**/*.{http,rest}' },
];

/** Registers payload completion (hovers, checks and quick-fixes are the shared providers'; one line in extension.ts). */
export function registerResourceFeatures(services: Services): void {
  services.context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(RESOURCE_SELECTOR, new LensCompletionProvider(services.lens, 'payloads', services.log), ...TRIGGER_CHARACTERS.payloads),
  );
}
