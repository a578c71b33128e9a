/**
 * Where a document's comments are, from the shared lexer the permission scanners use (C-like
 * languages, Python, PowerShell with `<# … #>` blocks, `.http` `#` / `//` lines): commented-out
 * code is not code, for the call detector as for the scanners.
 */
import type { DocumentFormat } from '../analyze';
import { CSHARP, httpComments, JAVA, JS, lex, POWERSHELL, PYTHON } from '../text/lexer';
import type { TextRange } from './reference';

/** Comment ranges in text order; empty for formats without a lexer here. */
export function commentRanges(text: string, format: DocumentFormat): TextRange[] {
  switch (format) {
    case 'javascript':
      return lex(text, JS).comments;
    case 'csharp':
      return lex(text, CSHARP).comments;
    case 'java':
      return lex(text, JAVA).comments;
    case 'python':
      return lex(text, PYTHON).comments;
    case 'powershell':
      return lex(text, POWERSHELL).comments;
    case 'http':
      return httpComments(text);
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
