/**
 * Where a document's comments are, from the lexer its format's registry entry names (formats.ts:
 * C-like languages, Python, PowerShell with `<# … #>` blocks, `.http` `#` / `//` lines — the same
 * lexers the permission scanners use): commented-out code is not code, for the call detector as
 * for the scanners.
 */
import type { DocumentFormat } from '../documentFormat';
import { formatInfo } from '../formats';
import type { TextRange } from './reference';

/** Comment ranges in text order; empty for formats without a comment lexer. */
export function commentRanges(text: string, format: DocumentFormat): TextRange[] {
  return formatInfo(format)?.comments?.(text) ?? [];
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
