/**
 * Graph resource payloads in the editor when the service runs in the extension host (the browser
 * entry; the desktop one asks the language server): where they are read, and their completion of properties / enum members / `@odata.type` values — in JSON, `.http`/`.rest` and
 * TypeScript/JavaScript. Their hovers, diagnostics and quick-fixes come with the permission ones
 * from the language service (src/vscode/lensService.ts), which types each document's payloads once
 * per version. The resource model (data/resources.json, ~3 MB) loads on the first document that may
 * hold a payload (a cheap text test first), never at activation; the load time is logged.
 */
import * as vscode from 'vscode';
import { LensCompletionProvider, TRIGGER_CHARACTERS } from './completionProvider';
import type { LensService } from './lensService';
import { RESOURCE_SELECTOR } from './selectors';
import type { BaseServices } from './services';

export { RESOURCE_SELECTOR };

/** Registers payload completion in the extension host (hovers, checks and quick-fixes are the shared providers'; see inHostFeatures.ts). */
export function registerResourceFeatures(services: BaseServices, lens: LensService): void {
  services.context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(RESOURCE_SELECTOR, new LensCompletionProvider(lens, 'payloads', services.log), ...TRIGGER_CHARACTERS.payloads),
  );
}
