/**
 * Where a document's comments are, from the same lexers the permission scanners use (C-like
 * languages, Python, PowerShell with `<# … #>` blocks, `.http` `#` / `//` lines): commented-out
 * code is not code, for the call detector as for the scanners.
 */
import type { DocumentFormat } from '../analyze';
import { lexCLike, lexPython } from './code';
import { lexPs } from './powershell';
import type { TextRange } from './reference';

/** Comment ranges in text order; empty for formats without a lexer here. */
export function commentRanges(text: string, format: DocumentFormat): TextRange[] {
  switch (format) {
    case 'javascript':
      return lexCLike(text, 'js').comments;
    case 'csharp':
      return lexCLike(text, 'csharp').comments;
    case 'java':
      return lexCLike(text, 'java').comments;
    case 'python':
      return lexPython(text).comments;
    case 'powershell':
      return lexPs(text).comments;
    case 'http': {
      const out: TextRange[] = [];
      const re = /^[ \t]*(?:#|\/\/).*$/gm;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) {
        out.push({ start: m.index, end: m.index + m[0].length });
        if (m[0].length === 0) re.lastIndex++;
      }
      return out;
    }
    default:
      return [];
  }
}

/** Whether `offset` falls inside one of `ranges` (sorted, non-overlapping): a binary search. */
export function inRanges(ranges: readonly TextRange[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid];
    if (offset < r.start) hi = mid - 1;
    else if (offset >= r.end) lo = mid + 1;
    else return true;
  }
  return false;
}
