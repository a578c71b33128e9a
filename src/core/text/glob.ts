/**
 * Glob matching for the settings that take VS Code globs (`**`, `*`, `?`, `[…]`, `{a,b}`) on
 * `/`-separated relative paths. Written here because core may not use Node built-ins and the
 * usual library (picomatch 2) requires Node's `path`; the syntax is the small subset VS Code's
 * own `files.exclude` documents. Each pattern compiles once to a RegExp (linear matching).
 */
import { expandBraces } from '../explorer/inventory';

function compileOne(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of folders (also none); a trailing `**` matches everything below.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\{}\]]/g, '\\$&');
  }
  return re;
}

/** A predicate for one glob (leading `./` and `/` ignored), or for any of several. */
export function globMatcher(globs: string | readonly string[]): (relPath: string) => boolean {
  const list = (typeof globs === 'string' ? [globs] : globs).map((g) => g.trim().replace(/\\/g, '/').replace(/^\.?\//, '')).filter(Boolean);
  if (!list.length) return () => false;
  const alternatives = list.flatMap((g) => expandBraces(g)).map(compileOne);
  const re = new RegExp(`^(?:${alternatives.join('|')})$`);
  return (p) => re.test(p.replace(/^\.?\//, ''));
}
