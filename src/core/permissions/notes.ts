/**
 * Notes about a permission's published facts, worded once here and shown by the hover, the detail
 * page and the CLI's `lookup`. The wording is plain text; each host passes a format that escapes it
 * for its medium (Markdown, HTML, terminal) and sets identifiers as code.
 */
import type { Permission } from '../store/store';
import { looksHandMade } from './guid';
import { wellKnownAppName } from './wellKnownApps';

export interface NoteFormat {
  /** Our own words and metadata text (kind names, app names). */
  text(s: string): string;
  /** An identifier (a GUID), e.g. a code span. */
  code(s: string): string;
}

/** Unescaped: for hosts that make whole lines safe themselves (the CLI's terminalSafe) and for JSON. */
export const PLAIN_NOTE: NoteFormat = { text: (s) => s, code: (s) => s };

type Kinded = Pick<Permission, 'id' | 'kind'> & { servedBy?: string };

/**
 * When a GUID's hex digits run in sequence (looksHandMade): it may be a placeholder in the published
 * metadata rather than the id Microsoft Entra uses. Undefined when no id looks made up.
 */
export function unverifiedGuidNote(perms: readonly Kinded[], f: NoteFormat = PLAIN_NOTE): string | undefined {
  const handMade = perms.filter((p) => looksHandMade(p.id));
  if (!handMade.length) return undefined;
  const ids = handMade.map((p) => `${f.code(p.id)} ${f.text(`(${p.kind})`)}`).join(f.text(', '));
  return (
    `${f.text('Unverified GUID: ')}${ids} ` +
    f.text(
      `${handMade.length > 1 ? 'run' : 'runs'} in sequence, as a placeholder would; the published metadata may not hold the id Microsoft Entra uses. Check it in your tenant before relying on it.`,
    )
  );
}

/** `Office 365 SharePoint Online (00000003-…)`, or the app id alone when the app is not a well-known one. */
function appText(appId: string, f: NoteFormat): string {
  const name = wellKnownAppName(appId);
  return name ? `${f.text(`${name} (`)}${f.code(appId)}${f.text(')')}` : `${f.text('the resource application ')}${f.code(appId)}`;
}

/**
 * Which service Microsoft's provisioning data names behind a Graph permission (`servedBy`), and that
 * the permission is still requested under Microsoft Graph. One sentence when every kind names the
 * same app, else one clause per kind. Undefined when no kind carries `servedBy`.
 */
export function servedByNote(perms: readonly Kinded[], f: NoteFormat = PLAIN_NOTE): string | undefined {
  const served = perms.filter((p): p is Kinded & { servedBy: string } => !!p.servedBy);
  if (!served.length) return undefined;
  const tail = f.text('; request it under Microsoft Graph.');
  const first = served[0].servedBy.toLowerCase();
  if (served.length === perms.length && served.every((p) => p.servedBy.toLowerCase() === first)) {
    return `${f.text('Served by ')}${appText(served[0].servedBy, f)}${tail}`;
  }
  return served.map((p) => `${f.text(`${p.kind}: served by `)}${appText(p.servedBy, f)}`).join(f.text('; ')) + tail;
}
