/**
 * The browser side of core/upstream/source.ts: the upstream files downloaded with `fetch` (a web
 * worker has no sockets), with the Node downloader's limits (src/platform/node/download.ts): the
 * same size limit, enforced on the announced length and again while the body streams in, the same
 * whole-request timeout, cancellation through an AbortController, and errors that name the URL and
 * the HTTP status. A local folder or `file:` URL cannot be read from a browser: such a source is
 * refused with a message that says what to set instead.
 *
 * Differences a browser imposes, on purpose left as they are: redirects are followed by the browser
 * (at most 20, its own limit; an https → http step is refused by it as mixed content, and checked
 * again here), and a server that sends no CORS headers (`Access-Control-Allow-Origin`) cannot be read
 * at all — `fetch` then fails exactly as for an unreachable server, so that message names both.
 * Nothing here uses the `vscode` API or Node: the host passes `fetch` in (tests pass a fake).
 */
import { DEFAULT_LIMITS, formatBytes, UpstreamError } from '../../core/upstream/importer';
import { cancelled, httpSource, type FetchedFiles, type FetchOptions, type UpstreamIo } from '../../core/upstream/source';
import { SOURCE_SETTING } from '../../core/upstream/sourceHint';

/** What is used of a `fetch` Response (the web platform's; Node ≥ 20 has the same). */
export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): BodyReader } | null;
}

export interface BodyReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

/** What is used of an AbortSignal / AbortController (web workers and Node alike). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface FetchInit {
  signal: AbortSignalLike;
  redirect: 'follow';
  credentials: 'omit';
  cache: 'no-cache';
}

export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** The AbortController the host provides (the web platform's). */
export type AbortControllerLike = { readonly signal: AbortSignalLike; abort(): void };

export interface BrowserIoOptions {
  fetch: FetchLike;
  newAbortController: () => AbortControllerLike;
}

/** Why a source cannot be used in a browser (a folder or `file:` URL), if so; undefined for http(s) URLs and for sources the update reports itself. */
export function browserSourceRefusal(source: string): string | undefined {
  try {
    if (httpSource(source)) return undefined;
  } catch {
    return undefined; // malformed or another scheme: the update says why
  }
  return `the metadata source ${JSON.stringify(source.trim())} is a folder or a file: URL, which cannot be read in the browser: set "${SOURCE_SETTING}" in your User settings to an https: URL (the upstream repository's, or a mirror that sends CORS headers), or run Update Metadata in desktop VS Code`;
}

const timeoutText = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

/** GETs a URL as UTF-8 text with `fetch`. Rejects with an UpstreamError; always ends the request. */
export async function fetchTextWith(io: BrowserIoOptions, url: string, opts: FetchOptions = {}): Promise<string> {
  const maxBytes = opts.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  if (opts.signal?.aborted) throw cancelled();
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UpstreamError(`invalid URL ${url}`, 'source');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new UpstreamError(`unsupported URL scheme in ${url}`, 'source');

  const abort = io.newAbortController();
  // Why the request was ended, when this side ended it (the error `fetch` or `read` then throws says only "aborted").
  let ended: UpstreamError | undefined;
  const end = (why: UpstreamError): void => {
    if (ended) return;
    ended = why;
    abort.abort();
  };
  const onAbort = (): void => end(cancelled());
  const signal = opts.signal as AbortSignalLike | undefined;
  signal?.addEventListener('abort', onAbort);
  const timer = setTimeout(() => end(new UpstreamError(`no complete answer from ${url} within ${timeoutText(timeoutMs)}`, 'timeout')), timeoutMs);
  let reader: BodyReader | undefined;
  try {
    let res: FetchResponse;
    try {
      res = await io.fetch(url, { signal: abort.signal, redirect: 'follow', credentials: 'omit', cache: 'no-cache' });
    } catch (e) {
      if (ended) throw ended;
      throw new UpstreamError(
        `cannot reach ${url} (${(e as Error)?.message || String(e)}; in a browser this is also what a server that sends no CORS headers gives)`,
        'network',
      );
    }
    if (ended) throw ended;
    const at = res.url || url;
    if (u.protocol === 'https:' && /^http:/i.test(at)) throw new UpstreamError(`${url} redirects from https to http:, which is refused`, 'http');
    if (res.status !== 200) {
      await res.body?.getReader().cancel().catch(() => undefined);
      throw new UpstreamError(`HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''} from ${at}`, 'http');
    }
    const lenHeader = res.headers.get('content-length');
    const total = lenHeader !== null && /^\d+$/.test(lenHeader) ? Number(lenHeader) : undefined;
    if (total !== undefined && total > maxBytes) {
      await res.body?.getReader().cancel().catch(() => undefined);
      throw new UpstreamError(`${at} is ${formatBytes(total)}, larger than the limit of ${formatBytes(maxBytes)}`, 'size');
    }
    if (!res.body) return '';
    reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      let part: { done: boolean; value?: Uint8Array };
      try {
        part = await reader.read();
      } catch (e) {
        if (ended) throw ended;
        throw new UpstreamError(`the download of ${at} was cut off after ${formatBytes(received)} (${(e as Error)?.message || String(e)})`, 'truncated');
      }
      if (ended) throw ended;
      if (part.done) break;
      const chunk = part.value ?? new Uint8Array(0);
      received += chunk.length;
      if (received > maxBytes) throw new UpstreamError(`${at} is larger than the limit of ${formatBytes(maxBytes)}`, 'size');
      chunks.push(chunk);
      opts.onProgress?.(received, total);
    }
    reader = undefined;
    // The announced length is of the bytes on the wire: compressed ones may be fewer than the text. Fewer
    // bytes than announced without compression is a cut-off the browser did not report.
    if (total !== undefined && received < total && !res.headers.get('content-encoding')) {
      throw new UpstreamError(`the download of ${at} was cut off after ${formatBytes(received)} of ${formatBytes(total)}`, 'truncated');
    }
    return decodeUtf8(chunks, received);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    if (reader) {
      const r = reader;
      abort.abort();
      void r.cancel().catch(() => undefined);
    }
  }
}

function decodeUtf8(chunks: readonly Uint8Array[], length: number): string {
  const all = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder('utf-8').decode(all);
}

/** The UpstreamIo of the browser host: http(s) through `fetch`; folders refused with a clear message. */
export function browserUpstreamIo(io: BrowserIoOptions): UpstreamIo {
  return {
    fetchText: (url, opts) => fetchTextWith(io, url, opts),
    readLocal: async (source): Promise<FetchedFiles> => {
      throw new UpstreamError(browserSourceRefusal(source) ?? `the metadata source ${JSON.stringify(source)} cannot be read in the browser`, 'source');
    },
  };
}
