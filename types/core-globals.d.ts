// The only host globals src/core may use: web-platform APIs that Node, browsers and web workers all
// provide. Used by tsconfig.core.json, which type-checks src/core with no Node types at all, so that
// the core stays runnable in a language server and in a browser extension host.
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly username: string;
  readonly password: string;
  toString(): string;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
interface AbortSignal {
  readonly aborted: boolean;
}
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare const performance: { now(): number };
