/**
 * What the CLI writes, and how: terminal-safe text, JSON streamed in small pieces (a large scan must
 * not be built as one string — V8 caps strings at about 512 MiB), and a closed pipe
 * (`… | head -1`) ending the output quietly instead of with an EPIPE stack trace.
 */

/**
 * Characters that must not reach a terminal or CI log raw from a file name, a document or metadata:
 * C0 controls (newlines and tabs too — one finding is one line), DEL, C1 controls (CSI `\u009b`),
 * line and paragraph separators, zero-width characters, bidirectional embeddings, overrides and
 * isolates, and the BOM.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** `s` with every unsafe character written as a visible escape (`\n`, `\u001b`, `\u202e`). */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** The pieces of `JSON.stringify(value, null, 2)`, in order, none larger than one leaf value. */
export function* jsonChunks(value: unknown, indent = '', depth = 0): Generator<string> {
  if (depth > 8 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // JSON strings never hold a raw line break, so re-indenting the pretty form is safe.
    const s = JSON.stringify(value, null, 2);
    yield indent && s !== undefined ? s.replace(/\n/g, `\n${indent}`) : (s ?? 'null');
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield inner;
      const v = value[i] as unknown;
      yield* jsonChunks(v === undefined || typeof v === 'function' ? null : v, inner, depth + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}]`;
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i];
    yield `${inner}${JSON.stringify(k)}: `;
    yield* jsonChunks(v, inner, depth + 1);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}}`;
}

/** The stream the CLI writes to: buffered, back-pressured, and quiet once the reader has gone. */
export class Output {
  /** True once the reader closed the pipe (EPIPE) or the stream failed: further output is dropped. */
  closed = false;
  /** A write error other than a closed pipe. */
  failure?: string;
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      this.closed = true;
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') this.failure ??= e.message;
    });
  }

  /** Queues text; flushes in pieces of about 64 KiB. */
  async write(s: string): Promise<void> {
    if (this.closed) return;
    this.buffer.push(s);
    this.size += s.length;
    if (this.size >= 65536) await this.flush();
  }

  async writeJson(value: unknown): Promise<void> {
    for (const chunk of jsonChunks(value)) {
      if (this.closed) return;
      await this.write(chunk);
    }
    await this.write('\n');
  }

  async flush(): Promise<void> {
    if (this.closed || this.size === 0) return;
    const data = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    await new Promise<void>((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        this.stream.removeListener('drain', finish);
        this.stream.removeListener('error', finish);
        this.stream.removeListener('close', finish);
        resolve();
      };
      this.stream.once('error', finish);
      this.stream.once('close', finish);
      try {
        if (this.stream.write(data)) finish();
        else this.stream.once('drain', finish);
      } catch {
        this.closed = true;
        finish();
      }
    });
  }
}
