/**
 * Loads a module of the extension with a stand-in for the `vscode` module (unit tests run outside
 * VS Code): `load` requires it (relative to the caller) while `require('vscode')` resolves to
 * `vscodeExports`.
 */
import Module from 'module';

let seq = 0;

export function withVscode<T>(vscodeExports: object, load: () => T): T {
  const stubId = `\0vscode-stand-in-${++seq}`;
  const m = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const resolve = m._resolveFilename;
  require.cache[stubId] = { id: stubId, filename: stubId, loaded: true, exports: vscodeExports } as unknown as NodeJS.Module;
  m._resolveFilename = function (req: string, ...rest: unknown[]) {
    return req === 'vscode' ? stubId : resolve.call(this, req, ...rest);
  };
  try {
    return load();
  } finally {
    m._resolveFilename = resolve;
  }
}

/** `vscode.EventEmitter` as the stand-ins need it: listeners called in order, nothing disposed. */
export class EventEmitter<T> {
  private readonly listeners: ((e: T) => void)[] = [];
  event = (l: (e: T) => void): { dispose(): void } => {
    this.listeners.push(l);
    return { dispose: () => undefined };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {}
}
