/**
 * POSIX path helpers for `Uri.path` values (always `/`-separated, whatever the OS or file system):
 * what the shared editor code needs from Node's `path.posix`, without Node, so that it also runs in
 * a web-worker extension host.
 */

/** The last segment: `basename('/a/b/c.json')` is `c.json`. */
export function basename(p: string): string {
  const trimmed = p.endsWith('/') && p.length > 1 ? p.slice(0, -1) : p;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Everything before the last segment; `.` when there is none (as `path.posix.dirname` of a relative path). */
export function dirname(p: string): string {
  const trimmed = p.endsWith('/') && p.length > 1 ? p.slice(0, -1) : p;
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : trimmed.slice(0, i);
}

/**
 * `to` relative to the folder `from`: `''` for the folder itself, the `/`-joined rest for a path
 * inside it, and a path starting with `..` for anything outside (callers only use paths inside).
 */
export function relativeInside(from: string, to: string): string {
  const base = from.endsWith('/') ? from.slice(0, -1) : from;
  if (to === base || to === `${base}/`) return '';
  if (to.startsWith(`${base}/`)) return to.slice(base.length + 1);
  return `../${to}`;
}
