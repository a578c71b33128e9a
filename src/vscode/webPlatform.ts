/** Web-platform helpers the extension uses in both hosts (the desktop's Node extension host and the browser's web worker). */

/** Lets the extension host handle other work during a long loop (web and Node alike). */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Cryptographically random bytes (Web Crypto: Node ≥ 20 and browsers), e.g. for webview nonces. */
export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}
