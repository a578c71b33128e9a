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
import type { FetchImportOptions } from '../core/upstream';
import type { BaseServices, DiagnosticsHub, Services } from './services';

export interface EditorHost {
  /** The extension's bundled data files (data/), each read and parsed once for the whole extension; `onResourcesLoad` reports resources.json's load. */
  bundledData(onResourcesLoad: (result: ResourceModelLoad) => void): BundledData;
  /** The bundled data folder on disk (Node only: Update Metadata and the CLI-style metadata loader read it). */
  readonly dataDir?: string;
  /**
   * Hover, completion, diagnostics with quick-fixes, code actions and the conversions: through the
   * language server (desktop) or with the service in the extension host (browser). Called before
   * `registerMetadataUpdate`; the store must not be read here (it loads on first use).
   */
  registerLanguageFeatures(services: BaseServices): DiagnosticsHub;
  /** Update Metadata, Show Metadata Changes, Use Bundled Metadata (or stand-ins that say why they cannot run here). */
  registerMetadataUpdate(services: Services): void;
  /** Loads upstream files from a folder or URL over the bundled store (the hidden test hook); undefined where the host cannot. */
  loadStoreWithMetadata?(source: string, opts: FetchImportOptions): Promise<PermissionStore>;
}

/** Lets the extension host handle other work during a long loop (web and Node alike). */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Cryptographically random bytes (Web Crypto: Node ≥ 20 and browsers), e.g. for webview nonces. */
export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}
