/**
 * The getting-started walkthrough's sample: a read-only manifest in a virtual document (no file is
 * written, nothing asks to be saved) with a few permissions to hover and a few problems to check.
 */
import * as vscode from 'vscode';
import type { Services } from './services';

export const SAMPLE_COMMAND = 'graphPermissionLens.openSampleManifest';
const SCHEME = 'graph-permission-lens-sample';
export const SAMPLE_URI = vscode.Uri.from({ scheme: SCHEME, path: '/sample.manifest.json' });

/** Our own sample: User.Read (delegated), Mail.Send (application), a Scope/Role mismatch and a duplicate. */
const SAMPLE = `{
  "displayName": "Sample app (Graph Permission Lens walkthrough)",
  "signInAudience": "AzureADMyOrg",
  "requiredResourceAccess": [
    {
      "resourceAppId": "00000003-0000-0000-c000-000000000000",
      "resourceAccess": [
        { "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope" },
        { "id": "b633e1c5-b582-4048-a93e-9f11b44c7e96", "type": "Role" },
        { "id": "741f803b-c850-494e-b5df-cde7c675a1ca", "type": "Scope" },
        { "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope" }
      ]
    }
  ]
}
`;

export function registerWalkthrough(services: Services): void {
  services.context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: () => SAMPLE }),
    vscode.commands.registerCommand(SAMPLE_COMMAND, async () => {
      const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(SAMPLE_URI), 'json');
      await vscode.window.showTextDocument(doc, { preview: false });
      return doc.uri.toString();
    }),
  );
}
