/**
 * The platform side of Update Metadata, which differs between the extension's two entries: the
 * desktop one (src/extension.ts, Node extension host) and the browser one (src/extensionBrowser.ts,
 * web-worker extension host of vscode.dev, github.dev, code-server). The rest of what differs is
 * `EditorHost` (./services.ts). Everything else — providers, explorer, workspace inventory, least
 * privilege — is shared (./activate.ts) and uses only the `vscode` API and web-platform globals, so
 * it runs in both (tsconfig.browser.json type-checks it without Node types).
 */
import type { MetadataCacheStore, UpstreamIo } from '../core/upstream';

/** Update Metadata's platform side: the cache of downloaded metadata and the way to the upstream files. */
export interface MetadataHost {
  /** The cache in the extension's global storage; undefined where the extension has none (Update Metadata then says so). */
  readonly cache: HostMetadataCache | undefined;
  /** Downloads (Node's http(s) / `fetch`) and local folders (the desktop reads them; a browser refuses them). */
  readonly io: UpstreamIo;
  /**
   * Why a metadata source may not be used here, if so (a sentence fragment): on the desktop, a source
   * inside a folder of an untrusted window (`untrustedFolders`: that window's workspace folders); in a
   * browser, any folder or `file:` URL.
   */
  refuseSource(source: string, untrustedFolders: readonly string[] | undefined): string | undefined;
  /** Whether a folder or `file:` URL can be a source here (messages offer only what works). */
  readonly localSources: boolean;
}

export interface HostMetadataCache extends MetadataCacheStore {
  /** The cache folder on disk (desktop): the language server reads the cache there itself. */
  readonly dir?: string;
  /** Forgets the downloaded data (back to the bundled store), setting the files aside rather than deleting them. */
  clear(): Promise<void>;
}
