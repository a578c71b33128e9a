/**
 * Graph request paths: normalisation of what code writes (`/users/${id}/messages?$top=5`) into
 * templates (`/users/{id}/messages`), and the comparison key of a segment (matching itself is in
 * matcher.ts).
 */

/** A normalised call path: leading `/`, no version, no query string, ids as `{id}`. */
export type GraphVersion = 'v1.0' | 'beta';

const GUID_SEG = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WELL_KNOWN_FOLDERS = new Set(['inbox', 'drafts', 'sentitems', 'deleteditems', 'junkemail', 'outbox', 'archive', 'clutter', 'conflicts', 'conversationhistory', 'localfailures', 'msgfolderroot', 'recoverableitemsdeletions', 'scheduled', 'searchfolders', 'serverfailures', 'syncissues']);

/** Marks a dynamic part (interpolation, variable, concatenated expression) inside a raw path. */
export const DYN = '\u0000';

/**
 * Splits a raw URL or path as written into version and normalised path. Accepts
 * `https://graph.microsoft.com/v1.0/me`, `/v1.0/me`, `v1.0/me`, `/me`, `me/messages`.
 * Interpolations (`${x}`, `{x}`, `$x`, `{{x}}`, `" + x + "` already turned into DYN) become `{id}`.
 * Returns undefined when nothing path-like remains.
 */
export function normalizeGraphPath(raw: string): { path: string; version?: GraphVersion; query?: string } | undefined {
  let s = raw.trim();
  // Interpolations of the usual languages → DYN.
  s = s
    .replace(/\{\{[^{}]*\}\}/g, DYN) // .http {{var}}
    .replace(/\$\{[^{}]*\}/g, DYN) // JS template ${x}
    .replace(/\$\([^()]*(?:\([^()]*\)[^()]*)*\)/g, DYN) // PowerShell $(...)
    .replace(/\$[A-Za-z_][\w]*(?::[\w]+)?(?:\.[A-Za-z_]\w*)*/g, (m) => (/^\$(?:top|select|filter|expand|count|orderby|search|skip|ref|value|batch|metadata|format|skiptoken|deltatoken)\b/i.test(m) ? m : DYN))
    .replace(/\{[A-Za-z_][\w.]*(?:\([^()]*\))?(?:[:!][^{}]*)?\}/g, DYN); // C#/Python {x}, {x.Id}, {x:format}
  s = s.replace(/^https?:\/\/graph\.microsoft\.com(?::443)?/i, '');
  const qi = s.search(/[?#]/);
  const query = qi >= 0 && s[qi] === '?' ? s.slice(qi + 1).replace(/#.*$/s, '').replace(new RegExp(DYN, 'g'), '{value}') : undefined;
  if (qi >= 0) s = s.slice(0, qi);
  let version: GraphVersion | undefined;
  const v = /^\/?(v1\.0|beta)(?=\/|$)/i.exec(s);
  if (v) {
    version = v[1].toLowerCase() === 'beta' ? 'beta' : 'v1.0';
    s = s.slice(v[0].length);
  }
  const segs = s
    .split('/')
    .filter((x) => x.length > 0)
    .map(normalizeSegment)
    // Well-known folder names are ids: /me/mailFolders/inbox/messages is /me/mailFolders/{id}/messages.
    .map((seg, i, all) => (i > 0 && /^(?:mailfolders|childfolders)$/i.test(all[i - 1]) && WELL_KNOWN_FOLDERS.has(seg.toLowerCase()) ? '{id}' : seg));
  if (!segs.length) return undefined;
  const out: { path: string; version?: GraphVersion; query?: string } = { path: '/' + segs.join('/'), version };
  if (query) out.query = query;
  return out;
}

function normalizeSegment(seg: string): string {
  // users('id') / users(id) key segments are rare; function segments keep their name.
  const fn = /^([A-Za-z][\w.]*)\((.*)\)$/s.exec(seg);
  if (fn) {
    const args = fn[2].trim();
    if (!args) return fn[1];
    if (!/=/.test(args)) return fn[1] + '({id})';
    const norm = args
      .split(',')
      .map((a) => {
        const [k] = a.split('=');
        return `${k.trim()}={value}`;
      })
      .join(',');
    return `${fn[1]}(${norm})`;
  }
  if (seg.includes(DYN) || GUID_SEG.test(seg) || /^\d+$/.test(seg) || seg.includes('@') || /^['"].*['"]$/.test(seg) || /^\{[^{}]*\}$/.test(seg) || /^:\w+$/.test(seg)) return '{id}';
  return seg;
}

/** Comparison key of one segment: lower case, without `microsoft.graph.`, function arguments dropped; `{…}` is a placeholder. */
export function segKey(seg: string): { key: string; placeholder: boolean } {
  if (/^\{[^{}]*\}$/.test(seg)) return { key: '{}', placeholder: true };
  let s = seg.toLowerCase();
  const paren = s.indexOf('(');
  if (paren > 0) s = s.slice(0, paren);
  if (s.startsWith('microsoft.graph.')) s = s.slice('microsoft.graph.'.length);
  return { key: s, placeholder: false };
}
