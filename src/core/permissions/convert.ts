/**
 * GUID ↔ name conversion of permission references, for the formats that accept both (Teams
 * Toolkit `aad.manifest.json`, which resolves names at provisioning time). Entra app manifests
 * themselves take GUIDs only.
 */
import { isGuid } from './guid';
import type { Analysis } from '../analyze';
import type { ResolvedReference } from './resolve';
import type { TextEdit } from '../rules/types';

export type ConvertDirection = 'toNames' | 'toGuids';

/** True when the file's format accepts permission names in `resourceAccess[].id`. */
export function acceptsNames(fileName: string, analysis: Analysis): boolean {
  if (/(^|[\\/])aad\.manifest(\.[^\\/]*)?\.json$/i.test(fileName)) return true;
  // A resourceAppId written as a name ("Microsoft Graph") is the Teams Toolkit shape too.
  return analysis.references.some((r) => r.ref.position === 'resourceAccess' && r.ref.resourceAppText !== undefined && !isGuid(r.ref.resourceAppText.trim()));
}

/** The edit converting one reference, or a reason why it cannot be converted. */
export function convertOne(r: ResolvedReference, direction: ConvertDirection): TextEdit | string {
  if (r.ref.position !== 'resourceAccess') return 'only resourceAccess entries are converted';
  if (direction === 'toNames') {
    if (r.ref.form !== 'guid') return 'already a name';
    if (!r.permission) return `${r.ref.text} is not a known permission`;
    return { start: r.ref.start, end: r.ref.end, newText: r.permission.value };
  }
  if (r.ref.form !== 'name') return 'already a GUID';
  if (!r.match) return `${r.ref.name} is not a known permission`;
  if (!r.permission) {
    return r.ref.declaredKind
      ? `${r.match.name} has no ${r.ref.declaredKind} form`
      : `${r.match.name} is both a delegated and an application permission: add "type" to choose`;
  }
  return { start: r.ref.start, end: r.ref.end, newText: r.permission.id };
}

export interface ConvertResult {
  edits: TextEdit[];
  converted: number;
  skipped: string[];
}

export function convertAll(analysis: Analysis, direction: ConvertDirection): ConvertResult {
  const out: ConvertResult = { edits: [], converted: 0, skipped: [] };
  for (const r of analysis.references) {
    if (r.ref.position !== 'resourceAccess') continue;
    if ((direction === 'toNames' && r.ref.form !== 'guid') || (direction === 'toGuids' && r.ref.form !== 'name')) continue;
    const e = convertOne(r, direction);
    if (typeof e === 'string') out.skipped.push(e);
    else {
      out.edits.push(e);
      out.converted++;
    }
  }
  return out;
}
