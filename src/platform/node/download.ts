/**
 * The Node side of core/upstream/source.ts: downloads over HTTP(S) (Node's http/https, bounded
 * redirects, a timeout, a size limit enforced while streaming, cancellation) and the two files read
 * from a local folder / `file:` URL, with the snapshot date the folder gives. `nodeUpstreamIo` is
 * the UpstreamIo of the CLI, the language server and the desktop extension.
 */
import * as fs from 'fs';
import type * as http from 'http';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { DEFAULT_LIMITS, formatBytes, UpstreamError } from '../../core/upstream/importer';
import { cancelled, httpSource, LOCAL_NAMES, type FetchedFiles, type FetchFilesOptions, type FetchOptions, type FileRole, type UpstreamIo } from '../../core/upstream/source';

export type { FetchOptions } from '../../core/upstream/source';

export type ResolvedSource =
  | { kind: 'http'; base: string; urls: Record<FileRole, string> }
  | { kind: 'folder'; dir: string };

/**
 * A source setting or CLI argument: an http(s) base URL (the repository root, or a folder holding
 * the two files directly when it ends in `/permissions/new/`), a `file:` URL, or a local folder.
 * Relative folders are resolved against `cwd`.
 */
/**
 * Why a metadata source may not be used in an untrusted window, if so: it lies inside one of the
 * workspace `folders`. Undefined for URLs and for folders elsewhere.
 */
export function sourceInsideFolders(source: string, folders: readonly string[]): string | undefined {
  let dir: string;
  try {
    const r = resolveSource(source);
    if (r.kind !== 'folder') return undefined;
    dir = r.dir;
  } catch {
    return undefined; // not usable at all: the update says why
  }
  const inside = folders.some((f) => {
    const rel = path.relative(path.resolve(f), dir);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
  return inside ? 'the metadata source is inside a folder of this untrusted workspace: trust the workspace or choose a source outside it' : undefined;
}

/**
 * Where the two files are read from. A relative folder is taken from `cwd` — and only when the
 * caller gives one (the CLI: the shell's directory). The editor gives none: a relative path there
 * would be read from whatever workspace happens to be open, so it is refused.
 */
export function resolveSource(source: string, cwd?: string): ResolvedSource {
  const web = httpSource(source);
  if (web) return { kind: 'http', ...web };
  const s = source.trim();
  if (/^file:/i.test(s)) {
    try {
      return { kind: 'folder', dir: fileURLToPath(s) };
    } catch (e) {
      throw new UpstreamError(`the metadata source ${JSON.stringify(s)} is not a valid file: URL (${(e as Error).message})`, 'source');
    }
  }
  if (path.isAbsolute(s)) return { kind: 'folder', dir: path.resolve(s) };
  if (cwd === undefined) {
    throw new UpstreamError(`the metadata source ${JSON.stringify(s)} is a relative path: use an https: URL, a file: URL or an absolute folder path`, 'source');
  }
  return { kind: 'folder', dir: path.resolve(cwd, s) };
}

/** GETs a URL as UTF-8 text. Rejects with an UpstreamError; never leaves a socket open. */
export function fetchText(url: string, opts: FetchOptions = {}): Promise<string> {
  const maxBytes = opts.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const maxRedirects = opts.maxRedirects ?? 5;
  return new Promise<string>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(cancelled());
    let settled = false;
    let req: http.ClientRequest | undefined;
    const finish = (err: UpstreamError | undefined, value?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req?.destroy();
        reject(err);
      } else resolve(value as string);
    };
    const onAbort = (): void => finish(cancelled());
    opts.signal?.addEventListener('abort', onAbort);
    const timer = setTimeout(() => finish(new UpstreamError(`no complete answer from ${url} within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`, 'timeout')), timeoutMs);

    const get = (current: string, redirectsLeft: number): void => {
      let u: URL;
      try {
        u = new URL(current);
      } catch {
        return finish(new UpstreamError(`invalid URL ${current}`, 'source'));
      }
      // Node's http/https load only when a download actually happens (they cost start-up time).
      /* eslint-disable @typescript-eslint/no-require-imports */
      const mod: Pick<typeof http, 'get'> | undefined =
        u.protocol === 'https:' ? (require('https') as typeof import('https')) : u.protocol === 'http:' ? (require('http') as typeof import('http')) : undefined;
      /* eslint-enable @typescript-eslint/no-require-imports */
      if (!mod) return finish(new UpstreamError(`unsupported URL scheme in ${current}`, 'source'));
      req = mod.get(u, { headers: { 'user-agent': 'graph-permission-lens', accept: 'application/json, text/plain, */*' } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          if (redirectsLeft <= 0) return finish(new UpstreamError(`too many redirects from ${url}`, 'http'));
          let next: URL;
          try {
            next = new URL(res.headers.location, u);
          } catch {
            return finish(new UpstreamError(`invalid redirect from ${current}`, 'http'));
          }
          if (u.protocol === 'https:' && next.protocol !== 'https:') {
            return finish(new UpstreamError(`${current} redirects from https to ${next.protocol}, which is refused`, 'http'));
          }
          return get(next.toString(), redirectsLeft - 1);
        }
        if (status !== 200) {
          res.resume();
          return finish(new UpstreamError(`HTTP ${status}${res.statusMessage ? ' ' + res.statusMessage : ''} from ${current}`, 'http'));
        }
        const lenHeader = res.headers['content-length'];
        const total = lenHeader !== undefined && /^\d+$/.test(lenHeader) ? Number(lenHeader) : undefined;
        if (total !== undefined && total > maxBytes) {
          res.resume();
          return finish(new UpstreamError(`${current} is ${formatBytes(total)}, larger than the limit of ${formatBytes(maxBytes)}`, 'size'));
        }
        const chunks: Buffer[] = [];
        let received = 0;
        res.on('data', (c: Buffer) => {
          received += c.length;
          if (received > maxBytes) return finish(new UpstreamError(`${current} is larger than the limit of ${formatBytes(maxBytes)}`, 'size'));
          chunks.push(c);
          opts.onProgress?.(received, total);
        });
        res.on('aborted', () => finish(new UpstreamError(`the download of ${current} was cut off after ${formatBytes(received)}`, 'truncated')));
        res.on('error', (e) => finish(new UpstreamError(`the download of ${current} was cut off after ${formatBytes(received)} (${e.message})`, 'truncated')));
        res.on('end', () => {
          if (!res.complete || (total !== undefined && received !== total)) {
            return finish(new UpstreamError(`the download of ${current} was cut off after ${formatBytes(received)}${total !== undefined ? ` of ${formatBytes(total)}` : ''}`, 'truncated'));
          }
          finish(undefined, Buffer.concat(chunks).toString('utf8'));
        });
      });
      req.on('error', (e) => finish(new UpstreamError(`cannot reach ${current} (${(e as NodeJS.ErrnoException).code ?? e.message})`, 'network')));
    };
    get(url, maxRedirects);
  });
}

/** Reads a local file as UTF-8 text with the same size limit. */
export async function readLocalText(file: string, maxBytes = DEFAULT_LIMITS.maxBytes): Promise<string> {
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(file);
  } catch (e) {
    throw new UpstreamError(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'io');
  }
  if (!st.isFile()) throw new UpstreamError(`${file} is not a file`, 'io');
  if (st.size > maxBytes) throw new UpstreamError(`${file} is ${formatBytes(st.size)}, larger than the limit of ${formatBytes(maxBytes)}`, 'size');
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    throw new UpstreamError(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'io');
  }
}

/** The first of the candidate names that exists in the folder. */
export function findLocalFile(dir: string, role: FileRole): string {
  for (const name of LOCAL_NAMES[role]) {
    const f = path.join(dir, name);
    if (fs.existsSync(f)) return f;
  }
  throw new UpstreamError(`${dir} holds none of ${LOCAL_NAMES[role].join(', ')}`, 'io');
}

/** `<sha> <date>` beside the files in ../shared/upstream (devx-commit.txt): the commit's date and id. */
function commitInfo(dir: string): { date?: string; sha?: string } {
  try {
    const m = /^([0-9a-f]{7,40})\s+(.+)$/m.exec(fs.readFileSync(path.join(dir, 'devx-commit.txt'), 'utf8'));
    if (!m) return {};
    const t = Date.parse(m[2].trim());
    return { sha: m[1], date: Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : undefined };
  } catch {
    return {};
  }
}

/**
 * Reads both files from a folder or `file:` URL (relative folders only against `opts.cwd`). The
 * date they describe: the upstream commit's date when the folder records it, else the newest
 * modification date of the two files.
 */
export async function readLocalSource(source: string, opts: FetchFilesOptions = {}): Promise<FetchedFiles> {
  const r = resolveSource(source, opts.cwd);
  if (r.kind !== 'folder') throw new UpstreamError(`the metadata source ${JSON.stringify(source)} is not a folder`, 'source');
  const pf = findLocalFile(r.dir, 'permissions');
  const qf = findLocalFile(r.dir, 'provisioning');
  opts.onProgress?.(`Reading ${path.basename(pf)}`, 0);
  const permissionsText = await readLocalText(pf, opts.maxBytes);
  if (opts.signal?.aborted) throw cancelled();
  opts.onProgress?.(`Reading ${path.basename(qf)}`, 0.5);
  const provisioningText = await readLocalText(qf, opts.maxBytes);
  if (opts.signal?.aborted) throw cancelled();
  const mtime = Math.max(fs.statSync(pf).mtimeMs, fs.statSync(qf).mtimeMs);
  const localDate = commitInfo(r.dir).date ?? new Date(mtime).toISOString().slice(0, 10);
  return { permissionsText, provisioningText, permissionsSource: pf, provisioningSource: qf, localDate };
}

/** The upstream I/O of the Node hosts (CLI, language server, desktop extension, GitHub Action). */
export const nodeUpstreamIo: UpstreamIo = { fetchText, readLocal: readLocalSource };
