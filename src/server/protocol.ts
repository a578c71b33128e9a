/**
 * What the language server and its clients agree on beyond LSP itself: initialization options,
 * the commands it executes, and the data a diagnostic carries. Shared by the server, the VS Code
 * client and the tests, so that no side spells a name of its own.
 */

/** `initializationOptions` a client may send. All optional. */
export interface InitializationOptions {
  /** Folder holding the bundled store (`permissions.json`, …); default: the server's own `data/`. */
  dataDir?: string;
  /** Upstream metadata to use instead of the bundled store: a folder, `file:` URL or http(s) URL. */
  metadata?: string;
  /** Settings for clients without `workspace/configuration` (same shape as the `graphPermissionLens` section). */
  settings?: unknown;
  /** The client runs `command:` links in hovers (VS Code does). Default false. */
  commandLinks?: boolean;
}

/** Commands of `workspace/executeCommand`; each takes the document URI as its one argument. */
export const Commands = {
  convertGuidsToNames: 'graphPermissionLens.convertGuidsToNames',
  convertNamesToGuids: 'graphPermissionLens.convertNamesToGuids',
} as const;

/**
 * `Diagnostic.data`: which diagnostic of which document version, so that code actions find its
 * fixes. Least-privilege findings (ids starting with `lp`) are about a folder, not an edit: their
 * fixes are offered while the file is still the text they were found in, whatever the version.
 */
export interface DiagnosticData {
  id: string;
  version: number;
}

/** The configuration section read through `workspace/configuration`. */
export const CONFIGURATION_SECTION = 'graphPermissionLens';

export const SERVER_NAME = 'Graph Permission Lens';
