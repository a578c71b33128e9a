/** Helpers shared by the rules: which references are "declared", and edits that fixes use. */
import type { ResolvedReference } from '../permissions/resolve';
import type { PermissionStore } from '../store/store';
import type { TextEdit } from './types';
import { JSON_OR_BICEP_LINE, lex } from '../text/lexer';

/**
 * References that declare or request a permission (manifest entries, scope lists). Free-standing
 * mentions (`string` position) get hovers only, never diagnostics, and so do watch-lists (names an
 * audit script only compares against a tenant: not requests).
 */
export function declared(refs: readonly ResolvedReference[]): readonly ResolvedReference[] {
  // Every rule asks for the same list of the same analysis: filtered once (a list that changed length since is filtered again).
  const cached = DECLARED.get(refs);
  if (cached && cached.from === refs.length) return cached.list;
  const list = refs.filter((r) => r.ref.position !== 'string' && r.ref.role !== 'watch');
  DECLARED.set(refs, { from: refs.length, list });
  return list;
}

const DECLARED = new WeakMap<readonly ResolvedReference[], { from: number; list: readonly ResolvedReference[] }>();

/** True when the store holds the permissions of this resource app, so "unknown" can be said. */
export function storeCovers(store: PermissionStore, appId: string | undefined): boolean {
  return !!appId && (store.resourceApp(appId)?.permissionCount ?? 0) > 0;
}

export function appName(store: PermissionStore, appId: string): string {
  return store.resourceApp(appId)?.displayName ?? appId;
}

/** Replaces a reference's token, keeping a resource URI prefix (`https://graph.microsoft.com/`) as written. */
export function replaceName(r: ResolvedReference, newName: string): TextEdit {
  const prefix = r.ref.form === 'name' ? r.ref.text.length - r.ref.name.length : 0;
  return { start: r.ref.start + Math.max(0, prefix), end: r.ref.end, newText: newName };
}

export function replaceToken(r: ResolvedReference, newText: string): TextEdit {
  return { start: r.ref.start, end: r.ref.end, newText };
}

/**
 * Removes a list element spanning [start, end) together with one separating comma and the
 * whitespace before it, so the list stays valid JSON (or Bicep, which has no commas).
 */
export function removeListElement(text: string, start: number, end: number): TextEdit {
  let s = start;
  while (s > 0 && /[ \t]/.test(text[s - 1])) s--;
  const p = previousSignificant(text, s);
  if (p > 0 && text[p - 1] === ',') return { start: p - 1, end, newText: '' };
  let e = end;
  while (e < text.length && /[ \t]/.test(text[e])) e++;
  if (text[e] === ',') {
    e++;
    while (e < text.length && /\s/.test(text[e])) e++;
    return { start, end: e, newText: '' };
  }
  // Only element: remove it with the line's indentation and line break.
  let le = end;
  while (le < text.length && /[ \t]/.test(text[le])) le++;
  if (text[le] === '\r') le++;
  if (text[le] === '\n') return { start: s, end: le + 1, newText: '' };
  return { start, end, newText: '' };
}

/**
 * The offset just after the last character before `p` that is not whitespace or a comment
 * (`/* … *\/` blocks and `// …` line ends, as JSONC and Bicep write them), so that a separating
 * comma is found behind a comment too.
 *
 * Linear: a `// …` comment can only end a line that the walk back crossed a line break to reach
 * (on the element's own line it would have swallowed the element), so only such a line is read
 * from its start — never the element's own line, which in one-line JSON is the whole file and
 * would make removing n duplicates quadratic.
 */
const MAX_BLOCK_COMMENT = 4096;

function previousSignificant(text: string, p: number): number {
  let crossedLine = false;
  for (;;) {
    while (p > 0 && /\s/.test(text[p - 1])) {
      if (text[p - 1] === '\n' || text[p - 1] === '\r') crossedLine = true;
      p--;
    }
    if (p >= 2 && text[p - 1] === '/' && text[p - 2] === '*') {
      // Bounded look-back: a stray `*/` without its `/*` must not send every call to the file's start.
      const from = Math.max(0, p - 2 - MAX_BLOCK_COMMENT);
      const rel = text.slice(from, p - 2).lastIndexOf('/*');
      if (rel < 0) return p;
      p = from + rel;
      continue;
    }
    if (!crossedLine) return p;
    // A line comment ending this line: `…, // note`.
    const lineStart = text.lastIndexOf('\n', p - 1) + 1;
    const line = text.slice(lineStart, p);
    const slash = commentStart(line);
    if (slash >= 0) {
      p = lineStart + slash;
      crossedLine = false; // the text before the comment is on the same line
      continue;
    }
    return p;
  }
}

/** Index of a `//` that starts a comment in a line (not inside a string), or -1. */
function commentStart(line: string): number {
  const c = lex(line, JSON_OR_BICEP_LINE).comments[0];
  return c ? c.start : -1;
}

/** Applies edits (non-overlapping) to a text; used by tests and the CLI. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
