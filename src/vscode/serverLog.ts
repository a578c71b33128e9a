/**
 * The language client's output channel: an adapter that writes into the extension's log channel
 * (a LogOutputChannel, which puts its own time and level before each line) at the level of each
 * message. vscode-languageclient writes every message — the server's `window/logMessage` and its
 * own errors — as `[Error - 10:22:33 AM] text` through `appendLine`, which a LogOutputChannel would
 * log at info level: "[info] [Error - 10:22:33 AM] text". Here that prefix picks the level and is
 * dropped; lines that do not carry one (the data after a message, e.g. an error's stack, and
 * `MessageType.Log` lines) keep the level of the message they follow in the same turn, or info.
 * Nothing is dropped: a line in an unexpected shape is logged as it is.
 */
import type * as vscode from 'vscode';

type Level = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** The prefix vscode-languageclient 9 puts before a message (level padded to 5) or a trace line. */
const PREFIX = /^\[(Error|Warn|Info|Debug|Trace|LSP) *- [^\]\n]*\] ?/;
const LEVEL: Record<string, Level> = { Error: 'error', Warn: 'warn', Info: 'info', Debug: 'debug', Trace: 'trace', LSP: 'trace' };

/** The log methods the adapter writes to (a LogOutputChannel's). */
export type LevelLog = Pick<vscode.LogOutputChannel, Level | 'name' | 'show' | 'hide'>;

export function serverLogChannel(log: LevelLog): vscode.OutputChannel {
  /** Text of `append` waiting for the end of its line (traces are written in two parts). */
  let pending = '';
  /** The level of a message written in this turn: the lines that follow it at once are its data. */
  let follows: Level | undefined;

  const write = (line: string): void => {
    const m = PREFIX.exec(line);
    if (!m) return log[follows ?? 'info'](line);
    const level = LEVEL[m[1]];
    log[level](line.slice(m[0].length));
    if (follows === undefined) queueMicrotask(() => (follows = undefined));
    follows = level;
  };

  return {
    name: log.name,
    append(value: string) {
      pending += value;
      const end = pending.lastIndexOf('\n');
      if (end < 0) return;
      write(pending.slice(0, end));
      pending = pending.slice(end + 1);
    },
    appendLine(value: string) {
      const line = pending + value;
      pending = '';
      write(line);
    },
    // The extension's lines are in the same channel: the client does not clear or replace them.
    replace(value: string) {
      pending = '';
      write(value);
    },
    clear() {
      pending = '';
    },
    show(columnOrPreserve?: vscode.ViewColumn | boolean, preserveFocus?: boolean) {
      log.show(typeof columnOrPreserve === 'boolean' ? columnOrPreserve : preserveFocus);
    },
    hide() {
      log.hide();
    },
    // The channel is the extension's (disposed through context.subscriptions), not the client's.
    dispose() {},
  };
}
