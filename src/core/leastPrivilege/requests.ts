/**
 * What an app requests, besides its manifests: the scopes a delegated app with dynamic consent asks
 * for in code and configuration (MSAL scope arrays, `appsettings.json` `"Scopes"`, `Connect-MgGraph
 * -Scopes`, Python `SCOPE = [...]`), as the permission scanners already read them (`scopeList`
 * references); the edits that change such a list; and which files are setup scripts (registration
 * and clean-up scripts that call Graph as an administrator under their own identity).
 */
import type { ResolvedReference } from '../permissions/resolve';
import type { TextEdit } from '../rules/types';
import { GRAPH_APP_ID } from '../permissions/guid';

/** True for a Graph permission named in a scope list (not a manifest entry, not a plain string). */
export function isScopeRequest(r: ResolvedReference): boolean {
  return r.ref.position === 'scopeList' && r.resourceAppId === GRAPH_APP_ID && !!r.match && r.ref.form === 'name';
}

const SETUP_NAME = /(?:^|[\\/])(?:AppCreationScripts[\\/][^\\/]+\.ps1|(?:RegisterApp|Register-App|Configure|Cleanup|Setup|Create-?App|New-?App|Grant)[^\\/]*\.ps1)$/i;

/**
 * True when a file is a setup script: by its name (`AppCreationScripts/*.ps1`, `Configure.ps1`,
 * `Cleanup.ps1`, `RegisterAppFor*.ps1`, …), or a PowerShell script that signs in with its own
 * `Connect-MgGraph -Scopes` in an app whose code is not PowerShell.
 */
export function isSetupScript(path: string, text: string, appHasOtherCode: boolean): boolean {
  if (!/\.ps1$/i.test(path)) return false;
  if (SETUP_NAME.test(path)) return true;
  return appHasOtherCode && /\bConnect-MgGraph\b[^\n]*\s-Scopes?\b/i.test(text);
}

/** The literal (with its quotes) around a name token, when the token is a whole string literal. */
function literalAround(text: string, start: number, end: number): { start: number; end: number; quote: string } | undefined {
  const q = text[start - 1];
  if ((q === '"' || q === "'" || q === '`') && text[end] === q) return { start: start - 1, end: end + 1, quote: q };
  return undefined;
}

/** Removes one scope from its list: the whole literal and a separating comma, or the name and a space inside a space-separated string. */
export function removeScopeEdit(text: string, r: ResolvedReference): TextEdit {
  const lit = literalAround(text, r.ref.start, r.ref.end);
  if (lit) {
    let s = lit.start;
    while (s > 0 && /[ \t]/.test(text[s - 1])) s--;
    if (s > 0 && text[s - 1] === ',') return { start: s - 1, end: lit.end, newText: '' };
    let e = lit.end;
    while (e < text.length && /[ \t]/.test(text[e])) e++;
    if (text[e] === ',') {
      e++;
      while (e < text.length && /[ \t]/.test(text[e])) e++;
      return { start: lit.start, end: e, newText: '' };
    }
    return { start: lit.start, end: lit.end, newText: '' };
  }
  // Inside a space- or comma-separated string ("User.Read Mail.Read") or a bare PowerShell list.
  let e = r.ref.end;
  if (/[ ,]/.test(text[e] ?? '')) {
    while (/[ ,]/.test(text[e] ?? '')) e++;
    return { start: r.ref.start, end: e, newText: '' };
  }
  let s = r.ref.start;
  while (s > 0 && /[ ,]/.test(text[s - 1])) s--;
  return { start: s, end: r.ref.end, newText: '' };
}

/** Adds a scope after an existing one of the same list, written the same way. */
export function addScopeEdit(text: string, after: ResolvedReference, name: string): TextEdit {
  const lit = literalAround(text, after.ref.start, after.ref.end);
  if (lit) return { start: lit.end, end: lit.end, newText: `, ${lit.quote}${name}${lit.quote}` };
  const sep = text[after.ref.end] === ',' || text[after.ref.start - 1] === ',' ? ',' : ' ';
  return { start: after.ref.end, end: after.ref.end, newText: `${sep}${sep === ',' && /,\s/.test(text.slice(after.ref.end, after.ref.end + 2)) ? ' ' : ''}${name}` };
}

/**
 * True when a requested permission satisfies an `AlsoRequires=` companion: the companion itself, or
 * the same permission with write access (`Application.ReadWrite.All` covers `Application.Read.All`).
 */
export function coversCompanion(requested: string, companion: string): boolean {
  const r = requested.toLowerCase();
  const c = companion.toLowerCase();
  if (r === c) return true;
  const parts = c.split('.');
  const i = parts.indexOf('read');
  if (i < 0) return false;
  return r === [...parts.slice(0, i), 'readwrite', ...parts.slice(i + 1)].join('.');
}

/**
 * What a PowerShell script requests: the scopes it signs in with (`Connect-MgGraph -Scopes …`,
 * written out or through a variable assigned in the script). Other permission lists in a script —
 * the app roles it grants to another principal, a list it only compares — are not its request.
 */
export function psRequestedScopes(text: string, refs: readonly ResolvedReference[]): ResolvedReference[] {
  const ranges: { start: number; end: number }[] = [];
  const connect = /(?<![\w-])Connect-(?:Mg)?Graph\b/gi;
  let m: RegExpExecArray | null;
  while ((m = connect.exec(text))) {
    const ls = text.lastIndexOf('\n', m.index) + 1;
    if (/^\s*#/.test(text.slice(ls, m.index))) continue;
    // The command, with backtick continuations.
    let end = m.index;
    for (;;) {
      const nl = text.indexOf('\n', end);
      const lineEnd = nl < 0 ? text.length : nl;
      end = lineEnd;
      if (nl >= 0 && /`\s*$/.test(text.slice(m.index, lineEnd))) {
        end = nl + 1;
        continue;
      }
      break;
    }
    const cmd = text.slice(m.index, end);
    const arg = /\s-Scopes?(?::|\s+)/i.exec(cmd);
    if (!arg) continue;
    const at = m.index + arg.index + arg[0].length;
    const v = /^\$([A-Za-z_][\w]*)/.exec(text.slice(at, at + 80));
    if (!v) {
      ranges.push({ start: at, end });
      continue;
    }
    // `-Scopes $requiredScopes`: the variable's assignments before the sign-in.
    const assign = new RegExp(`\\$${v[1]}\\s*(?:\\+)?=\\s*`, 'gi');
    let a: RegExpExecArray | null;
    while ((a = assign.exec(text)) && a.index < m.index) {
      const from = a.index + a[0].length;
      let to = text.indexOf('\n', from);
      if (text[from] === '@' && text[from + 1] === '(') {
        let depth = 0;
        for (let j = from + 1; j < text.length; j++) {
          if (text[j] === '(') depth++;
          else if (text[j] === ')' && --depth === 0) {
            to = j + 1;
            break;
          }
        }
      }
      ranges.push({ start: from, end: to < 0 ? text.length : to });
    }
  }
  return refs.filter((r) => ranges.some((x) => r.ref.start >= x.start && r.ref.end <= x.end));
}
