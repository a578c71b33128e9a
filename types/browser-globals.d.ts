// The host globals the browser entry (src/extensionBrowser.ts and everything it loads) may use beyond
// types/core-globals.d.ts: timers, Web Crypto, fetch and AbortController, which web workers and Node both provide. Used by
// tsconfig.browser.json, which type-checks the browser bundle's sources with no Node types.
// A worker's timer is a number; Node's is an object with unref() (called as `unref?.()` where it matters).
type TimerHandle = number & { unref?(): unknown };
declare function setTimeout(handler: () => void, timeout?: number): TimerHandle;
declare function clearTimeout(handle: TimerHandle | undefined): void;
declare const console: { log(...args: unknown[]): void; error(...args: unknown[]): void };
declare const crypto: {
  getRandomValues<T extends Uint8Array>(array: T): T;
  subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> };
};
// fetch and AbortController: Update Metadata's downloads (src/platform/browser/download.ts types what it uses of them).
declare function fetch(url: string, init?: unknown): Promise<unknown>;
declare class AbortController {
  readonly signal: AbortSignal & { addEventListener(type: 'abort', listener: () => void): void; removeEventListener(type: 'abort', listener: () => void): void };
  abort(): void;
}
// MessageChannel: least privilege's slices in the extension host yield with a message (src/vscode/yieldSlice.ts).
declare class MessageChannel {
  readonly port1: { addEventListener(type: 'message', listener: () => void): void; start(): void; close(): void };
  readonly port2: { postMessage(message: unknown): void; close(): void };
}
