/**
 * Where the two upstream files come from, and the ports through which a host gets them: an
 * http(s) base URL is fetched file by file through `fetchText` (Node's http/https in
 * src/platform/node/download.ts; `fetch` in a browser), and any other source (a folder, a `file:`
 * URL) is the host's to read (`readLocal`: the CLI and the desktop extension read folders, a
 * browser host has none and says so). Pure: no I/O here.
 */
import { formatBytes, UpstreamError } from './importer';

/** Default base: the upstream repository's raw content, `master` branch. */
export const DEFAULT_SOURCE_URL = 'https://raw.githubusercontent.com/microsoftgraph/microsoft-graph-devx-content/master/';

/** Paths of the two files under the base URL (as in the upstream repository). */
export const UPSTREAM_PATHS = {
  permissions: 'permissions/new/permissions.json',
  provisioning: 'permissions/new/provisioningInfo.json',
} as const;

/**
 * File names tried, in order, in a local folder: the repository layout, the bare upstream names,
 * then the `devx-` prefixed names used by ../shared/upstream.
 */
export const LOCAL_NAMES = {
  permissions: ['permissions/new/permissions.json', 'permissions.json', 'devx-permissions.json'],
  provisioning: ['permissions/new/provisioningInfo.json', 'provisioningInfo.json', 'devx-provisioningInfo.json'],
} as const;

export type FileRole = keyof typeof UPSTREAM_PATHS;

export interface HttpSource {
  base: string;
  urls: Record<FileRole, string>;
}

/**
 * An http(s) source setting or argument: the base URL (the repository root, or a folder holding the
 * two files directly when it ends in `/permissions/new/`) and the two file URLs. Undefined for a
 * source that is not a URL (a folder or a `file:` URL: the host resolves those). Throws
 * UpstreamError for an empty source, a malformed URL, credentials in the URL or another scheme.
 */
export function httpSource(source: string): HttpSource | undefined {
  const s = source.trim();
  if (!s) throw new UpstreamError('the metadata source is empty', 'source');
  if (/^https?:\/\//i.test(s)) {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      throw new UpstreamError(`the metadata source ${JSON.stringify(s)} is not a valid URL`, 'source');
    }
    if (u.username || u.password) throw new UpstreamError('the metadata source URL must not contain credentials', 'source');
    let base = u.toString();
    if (!base.endsWith('/')) base += '/';
    const direct = /\/permissions\/new\/$/i.test(new URL(base).pathname);
    const urls = {
      permissions: new URL(direct ? 'permissions.json' : UPSTREAM_PATHS.permissions, base).toString(),
      provisioning: new URL(direct ? 'provisioningInfo.json' : UPSTREAM_PATHS.provisioning, base).toString(),
    };
    return { base, urls };
  }
  if (/^file:/i.test(s)) return undefined;
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(s)) {
    throw new UpstreamError(`the metadata source ${JSON.stringify(s)} uses an unsupported scheme (use https:, http:, file: or a folder)`, 'source');
  }
  return undefined;
}

export interface FetchOptions {
  maxBytes?: number;
  /** Whole-request timeout per file, in ms (default 60 s). */
  timeoutMs?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
  /** Bytes received so far and the announced total, when known. */
  onProgress?: (received: number, total: number | undefined) => void;
}

export interface FetchedFiles {
  permissionsText: string;
  provisioningText: string;
  /** Where each came from: URL (after the base) or absolute path. */
  permissionsSource: string;
  provisioningSource: string;
  /**
   * Local sources only: the date the files describe (YYYY-MM-DD) — the upstream commit's date when
   * the folder says it, else the newest modification date of the files. Undefined for downloads
   * (the download date is used).
   */
  localDate?: string;
}

export interface FetchFilesOptions extends Omit<FetchOptions, 'onProgress'> {
  /** A short message per step and the fraction done (0…1). */
  onProgress?: (message: string, fraction: number) => void;
  /** Base for relative folders (the CLI: the shell's directory). The editor gives none. */
  cwd?: string;
}

/** The host's way to the upstream files. */
export interface UpstreamIo {
  /** GETs a URL as UTF-8 text: bounded size and time, cancellable; rejects with an UpstreamError. */
  fetchText(url: string, opts?: FetchOptions): Promise<string>;
  /**
   * Reads the two files from a source that is not an http(s) URL (a folder, a `file:` URL).
   * Rejects with an UpstreamError — kind 'source' where the host has no local files.
   */
  readLocal(source: string, opts?: FetchFilesOptions): Promise<FetchedFiles>;
}

export function cancelled(): UpstreamError {
  return new UpstreamError('the update was cancelled', 'cancelled');
}

/** Gets both files from a source (URL, `file:` URL or folder) through the host's I/O. */
export async function fetchUpstreamFiles(source: string, io: UpstreamIo, opts: FetchFilesOptions = {}): Promise<FetchedFiles> {
  const r = httpSource(source);
  if (!r) return io.readLocal(source, opts);
  const texts: string[] = [];
  const roles: FileRole[] = ['permissions', 'provisioning'];
  for (let i = 0; i < roles.length; i++) {
    const url = r.urls[roles[i]];
    const name = url.slice(url.lastIndexOf('/') + 1);
    opts.onProgress?.(`Downloading ${name}`, i / 2);
    texts.push(
      await io.fetchText(url, {
        maxBytes: opts.maxBytes,
        timeoutMs: opts.timeoutMs,
        maxRedirects: opts.maxRedirects,
        signal: opts.signal,
        onProgress: (got, total) =>
          opts.onProgress?.(`Downloading ${name}: ${formatBytes(got)}${total ? ` of ${formatBytes(total)}` : ''}`, (i + (total ? Math.min(1, got / total) : 0)) / 2),
      }),
    );
  }
  return { permissionsText: texts[0], provisioningText: texts[1], permissionsSource: r.urls.permissions, provisioningSource: r.urls.provisioning };
}
