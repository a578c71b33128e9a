/** Web-platform helpers the extension uses in both hosts (the desktop's Node extension host and the browser's web worker). */

/** Lets the extension host handle other work during a long loop (web and Node alike). */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Cryptographically random bytes (Web Crypto: Node ≥ 20 and browsers), e.g. for webview nonces. */
export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/**
 * Gives the thread back between slices of long work (least privilege in the extension host, its
 * folder reading): a `MessageChannel` message, queued behind the messages already waiting (the
 * editor's requests) without the 4 ms clamp browsers put on nested `setTimeout(0)`; `setTimeout(0)`
 * where there is no `MessageChannel`. Web platform only: runs in the browser's web worker and in the
 * desktop's Node extension host alike.
 */
export function yieldSlice(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.addEventListener('message', () => {
      channel.port1.close();
      resolve();
    });
    channel.port1.start();
    channel.port2.postMessage(null);
  });
}
