/**
 * The language client's output channel adapter (src/vscode/serverLog.ts): the lines
 * vscode-languageclient writes — produced here by the library's own logging code, with a stand-in
 * for the `vscode` module it imports — land in the extension's log channel at their level, with
 * one level prefix (the log channel's), not a second "[Info  - 10:22:33 AM]" of the client's.
 */
import * as assert from 'assert';
import Module from 'module';
import { serverLogChannel, type LevelLog } from '../../src/vscode/serverLog';

type Line = [level: string, text: string];

function recorder(): { log: LevelLog; lines: Line[]; shown: unknown[] } {
  const lines: Line[] = [];
  const shown: unknown[] = [];
  const at = (level: string) => (text: string) => void lines.push([level, text]);
  const log = {
    name: 'Graph Permission Lens',
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
    show: (p?: unknown) => void shown.push(p),
    hide: () => undefined,
  } as unknown as LevelLog;
  return { log, lines, shown };
}

/** The library's client class, loaded with an inert `vscode` module (its logging code needs none). */
interface LoggingClient {
  error(message: string, data?: unknown, showNotification?: boolean | 'force'): void;
  warn(message: string, data?: unknown, showNotification?: boolean | 'force'): void;
  info(message: string, data?: unknown, showNotification?: boolean | 'force'): void;
  debug(message: string, data?: unknown, showNotification?: boolean | 'force'): void;
}
function libraryClient(channel: unknown): LoggingClient {
  const inert: unknown = new Proxy({}, { get: (_t, k) => (k === '__esModule' ? false : function inertMember() {}) });
  const stubId = '\0vscode-stub';
  const m = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const resolve = m._resolveFilename;
  require.cache[stubId] = { id: stubId, filename: stubId, loaded: true, exports: inert } as unknown as NodeJS.Module;
  m._resolveFilename = function (req: string, ...rest: unknown[]) {
    return req === 'vscode' ? stubId : resolve.call(this, req, ...rest);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { BaseLanguageClient } = require('vscode-languageclient/lib/common/client') as { BaseLanguageClient: { prototype: object } };
    return Object.create(BaseLanguageClient.prototype, {
      outputChannel: { value: channel },
      _clientOptions: { value: { revealOutputChannelOn: 4 /* Never */ } },
    }) as LoggingClient;
  } finally {
    m._resolveFilename = resolve;
  }
}

describe('language client log lines in the extension log channel (serverLog.ts)', () => {
  it('logs each message of the client at its level, without the client\'s own level and time prefix', () => {
    const { log, lines } = recorder();
    const client = libraryClient(serverLogChannel(log));
    // What window/logMessage of each type becomes (the client's handler calls these), and the client's own errors.
    client.error('checking file:///a.json failed: boom', undefined, false);
    client.warn('ignoring part of the "graphPermissionLens.rules" setting: x', undefined, false);
    client.info('file:///big.json was not analysed: 6000 KiB', undefined, false);
    client.debug('debug line', undefined, false);
    assert.deepStrictEqual(lines, [
      ['error', 'checking file:///a.json failed: boom'],
      ['warn', 'ignoring part of the "graphPermissionLens.rules" setting: x'],
      ['info', 'file:///big.json was not analysed: 6000 KiB'],
      ['debug', 'debug line'],
    ]);
  });

  it('keeps the data written with a message at its level (an error\'s stack), and later lines without a prefix at info', async () => {
    const { log, lines } = recorder();
    const channel = serverLogChannel(log);
    const client = libraryClient(channel);
    const e = new Error('boom');
    client.error('Request textDocument/hover failed.', e, false);
    assert.strictEqual(lines.length, 2);
    assert.deepStrictEqual(lines[0], ['error', 'Request textDocument/hover failed.']);
    assert.strictEqual(lines[1][0], 'error');
    assert.match(lines[1][1], /^Error: boom\n\s+at /);
    await Promise.resolve(); // a later turn
    channel.appendLine('a MessageType.Log line');
    assert.deepStrictEqual(lines[2], ['info', 'a MessageType.Log line']);
  });

  it('logs traces at trace level, also when written in two parts, and anything unexpected as it is', async () => {
    const { log, lines, shown } = recorder();
    const channel = serverLogChannel(log);
    channel.append('[LSP   - 10:22:33 AM] ');
    channel.appendLine('{"isLSPMessage":true}');
    channel.appendLine('[Trace - 10:22:33 AM] Sending request \'textDocument/hover - (3)\'.');
    await Promise.resolve(); // a later turn: not the data of the trace before
    channel.appendLine('[Nonsense] kept');
    channel.show(true);
    assert.deepStrictEqual(lines, [
      ['trace', '{"isLSPMessage":true}'],
      ['trace', "Sending request 'textDocument/hover - (3)'."],
      ['info', '[Nonsense] kept'],
    ]);
    assert.deepStrictEqual(shown, [true]);
  });
});
