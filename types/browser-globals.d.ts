// The host globals the browser entry (src/extensionBrowser.ts and everything it loads) may use beyond
// types/core-globals.d.ts: timers and Web Crypto, which web workers and Node both provide. Used by
// tsconfig.browser.json, which type-checks the browser bundle's sources with no Node types.
// A worker's timer is a number; Node's is an object with unref() (called as `unref?.()` where it matters).
type TimerHandle = number & { unref?(): unknown };
declare function setTimeout(handler: () => void, timeout?: number): TimerHandle;
declare function clearTimeout(handle: TimerHandle | undefined): void;
declare const console: { log(...args: unknown[]): void; error(...args: unknown[]): void };
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
