/**
 * Prose that calls a permission name SharePoint's (issue 13): SharePoint Online has its own
 * `Sites.FullControl.All`, `Sites.Read.All`, `Sites.Selected`… A plain mention counts as
 * SharePoint's only when its own line ties it to SharePoint as the API:
 * - "SharePoint" (or "SharePoint's", "SharePoint Online", "the SharePoint application permission")
 *   right before the name, or "SharePoint permissions: A, B";
 * - an app-registration click path: "SharePoint > Application permissions > Sites.FullControl.All";
 * - "(SharePoint)" right after the name: "Sites.Read.All (SharePoint Online)";
 * - a Markdown heading or parent list item that is SharePoint itself ("### SharePoint",
 *   "- SharePoint" › "- Application permissions" › "- Sites.Selected").
 * "SharePoint sites" as data ties nothing, and a line that names Microsoft Graph keeps Graph (people
 * write "SharePoint Sites.Selected" for Graph's permission of that name). Every look is bounded to
 * the name's line (at most a few hundred characters) or a few lines above it, so the scan stays linear.
 */

const GRAPH = /\bGraph\b|graph\.microsoft/i;
const Q = "[`*_\"'\u201c\u2018]*";
const SP = "(?:Office\\s+365\\s+)?SharePoint(?:\\s+Online)?";
const QUAL = '(?:API|application|app-only|app|delegated|\\(?application\\)?|\\(?delegated\\)?)';
/** "SharePoint Sites.Selected", "SharePoint's Sites.Selected", "the SharePoint application permission X", "SharePoint permissions: A, B". */
const BEFORE = new RegExp(
  `\\b${SP}${Q}(?:'s|\u2019s)?\\s+(?:${QUAL}\\s+){0,2}(?:(?:permissions?|roles?|scopes?)${Q}(?:\\s+${Q}|\\s*[:\u2013-]\\s*${Q})(?:[A-Za-z][\\w.]*${Q}\\s*(?:,|\\band\\b|\\bor\\b)\\s*${Q}){0,8})?$`,
  'i',
);
/** "SharePoint > Application permissions > X" (also `→`, `»`, `›`). */
const CLICK_PATH = new RegExp(`\\b${SP}${Q}\\s*[>\u2192\u00bb\u203a](?:[^>\u2192\u00bb\u203a\\n]{0,40}[>\u2192\u00bb\u203a]){0,2}\\s*${Q}$`, 'i');
/** "X (SharePoint)", "X (SharePoint Online, application)". */
const AFTER = new RegExp(`^${Q}\\s*\\(${SP}(?:\\s*[,;][^)\\n]{0,30})?\\)`, 'i');
/** Only the word SharePoint right before the name (no "'s", "permission", "API", "Online"). */
const WEAK = new RegExp(`\\bSharePoint${Q}\\s+${Q}$`, 'i');
/** A heading or list line that is the SharePoint API itself. */
const SP_LABEL = new RegExp(`^${Q}${SP}(?:\\s+API)?(?:\\s+(?:application|delegated))?(?:\\s+permissions)?${Q}\\s*:?$`, 'i');
/** A list line that only names the permission type under an API. */
const TYPE_LABEL = new RegExp(`^${Q}(?:application|delegated)\\s+permissions${Q}\\s*:?$`, 'i');

/** True when the line around the name at [start, end) ties it to SharePoint as the API. */
export function sharePointProse(text: string, start: number, end: number): boolean {
  const ls = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 200);
  let le = text.indexOf('\n', end);
  if (le < 0 || le > end + 120) le = Math.min(text.length, end + 120);
  const before = text.slice(ls, start);
  const after = text.slice(end, le);
  if (GRAPH.test(before) || GRAPH.test(after)) return false;
  if (/sharepoint/i.test(before) && (BEFORE.test(before) || CLICK_PATH.test(before))) {
    // Bare "SharePoint Sites.Selected" is how docs about Graph loosely name Graph's permission:
    // its paragraph or section must not name Microsoft Graph.
    return !WEAK.test(before) || !graphNearby(text, ls, le);
  }
  if (AFTER.test(after)) return true;
  return underSharePointHeading(text, ls, before);
}

/** Markdown: the name's list item sits under a "SharePoint" parent item or heading (a few lines up). */
function underSharePointHeading(text: string, ls: number, before: string): boolean {
  const item = /^(\s*)(?:[-*+]|\d+[.)])\s+$/.exec(before.replace(/\*\*|[`_]/g, ''));
  if (!item) return false;
  let indent = item[1].length;
  let p = ls - 1;
  for (let n = 0; p > 0 && n < 8; n++) {
    const from = text.lastIndexOf('\n', p - 1) + 1;
    if (p - from > 200) return false;
    const line = text.slice(from, p);
    p = from - 1;
    if (!line.trim()) continue;
    const h = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) return SP_LABEL.test(h[1]) && !GRAPH.test(h[1]);
    const li = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (!li) return false;
    if (li[1].length >= indent) continue; // a sibling or a sibling's child
    if (SP_LABEL.test(li[2].trim())) return true;
    if (!TYPE_LABEL.test(li[2].trim())) return false;
    indent = li[1].length;
  }
  return false;
}

/** Whether the name's paragraph (a few lines either side, up to a blank line) or its section's heading (up to 20 lines up) names Microsoft Graph. */
function graphNearby(text: string, ls: number, le: number): boolean {
  let inParagraph = true;
  let p = ls - 1;
  for (let n = 0; p > 0 && n < 20; n++) {
    const from = text.lastIndexOf('\n', p - 1) + 1;
    if (p - from > 300) break;
    const line = text.slice(from, p);
    p = from - 1;
    if (!line.trim()) inParagraph = false;
    else if (/^\s{0,3}#{1,6}\s/.test(line)) return GRAPH.test(line);
    else if (inParagraph && GRAPH.test(line)) return true;
  }
  let q = le;
  for (let n = 0; q < text.length && n < 6; n++) {
    let e = text.indexOf('\n', q + 1);
    if (e < 0) e = text.length;
    if (e - q > 300) break;
    const line = text.slice(q + 1, e);
    if (!line.trim()) break;
    if (GRAPH.test(line)) return true;
    q = e;
  }
  return false;
}
