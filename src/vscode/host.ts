/**
 * What differs between the extension's two entries: the desktop one (src/extension.ts, Node
 * extension host) and the browser one (src/extensionBrowser.ts, web-worker extension host of
 * vscode.dev, github.dev, code-server). Everything else — providers, explorer, workspace inventory,
 * least privilege — is shared (./activate.ts) and uses only the `vscode` API and web-platform
 * globals, so it runs in both (tsconfig.browser.json type-checks it without Node types).
 */
import type { ResourceModelLoad } from '../core/payloads/load';
import type { BundledData } from '../core/store/bundledData';
import type { PermissionStore } from '../core/store/store';
import type { FetchImportOptions, MetadataCacheStore, UpstreamIo } from '../core/upstream';
import type { BaseServices, LanguageFeatures } from './services';

export interface EditorHost {
  /** The extension's bundled data files (data/), each read and parsed once for the whole extension; `onResourcesLoad` reports resources.json's load. */
  bundledData(onResourcesLoad: (result: ResourceModelLoad) => void): BundledData;
  /** The bundled data folder on disk (Node only: Update Metadata and the CLI-style metadata loader read it). */
  readonly dataDir?: string;
  /** What Update Metadata (./metadataUpdate.ts, the same command code in both hosts) gets from the platform. */
  readonly metadata: MetadataHost;
  /**
   * Hover, completion, diagnostics with quick-fixes, code actions and the conversions: through the
   * language server (desktop) or with the service in the extension host (browser). Called before
   * Update Metadata is registered; the store must not be read here (it loads on first use).
   */
  registerLanguageFeatures(services: BaseServices): LanguageFeatures;
  /** Loads upstream files from a folder or URL over the bundled store (the hidden test hook); undefined where the host cannot. */
  loadStoreWithMetadata?(source: string, opts: FetchImportOptions): Promise<PermissionStore>;
}

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
  /** Forgets the downloaded data (back to the bundled store), setting the files aside rather than deleting them. */
  clear(): Promise<void>;
}

/** Lets the extension host handle other work during a long loop (web and Node alike). */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Cryptographically random bytes (Web Crypto: Node ≥ 20 and browsers), e.g. for webview nonces. */
export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}
