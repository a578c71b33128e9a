/**
 * Where the metadata source came from, for messages: a failed update names the source it used and
 * where the user changes it, so a value that did not apply (a User setting in a remote window, a
 * typo) is visible instead of an unexplained network error.
 */

/** Which settings layer gave `graphPermissionLens.metadata.sourceUrl`. */
export type SourceOrigin = 'default' | 'user' | 'cli';

export const SOURCE_SETTING = 'graphPermissionLens.metadata.sourceUrl';

/**
 * One sentence: the source used and how to change it. `localSources`: whether this host reads a
 * `file:` URL or a folder (a browser host reads neither: only an http(s) mirror is offered there).
 */
export function sourceHint(source: string, origin: SourceOrigin, localSources = true): string {
  switch (origin) {
    case 'cli':
      return `Source: ${source} (from --metadata).`;
    case 'default':
      return localSources
        ? `Source: ${source} (the default). To use a mirror, a file: URL or a folder, set "${SOURCE_SETTING}" in your User settings.`
        : `Source: ${source} (the default). To use a mirror (an https: URL whose server sends CORS headers), set "${SOURCE_SETTING}" in your User settings.`;
    case 'user':
      return `Source: ${source} (from "${SOURCE_SETTING}" in your User settings). Change it there (Preferences: Open User Settings).`;
  }
}
