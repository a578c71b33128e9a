/**
 * The one reader of the `graphPermissionLens.*` settings on the VS Code side: the raw values of a
 * scope (a document, with its language's overrides, or a folder) go through the core's typed model
 * (src/core/service/settings.ts), so the editor, the language server and the CLI validate them the
 * same way.
 */
import * as vscode from 'vscode';
import { readSettings, SETTINGS_SECTION, type LensSettings } from '../core/service/settings';

export const SECTION = SETTINGS_SECTION;
/** The largest `maxFileSizeKB` honoured (package.json says the same): 20 MiB. */
export const MAX_FILE_SIZE_KB = 20480;

/** The settings as VS Code reads them (kept as a name for the features that read a few of them). */
export type LensConfig = LensSettings;

export function readConfig(scope?: vscode.ConfigurationScope): LensSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const s = readSettings((key, fallback) => c.get<unknown>(key, fallback));
  // Bounded whatever the settings file says: every check runs on the extension host.
  return { ...s, maxFileSizeKB: Math.min(MAX_FILE_SIZE_KB, s.maxFileSizeKB) };
}
