/**
 * Escaping for text that comes from metadata (a downloaded or cached store may hold anything):
 * every Markdown and HTML metacharacter is backslash-escaped and control characters are dropped,
 * so a description can never become a link, an image, HTML or a `command:` URI.
 */

// C0/C1 controls, bidi overrides and zero-width characters that could disguise text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const MD_META = /[\\`*_{}[\]()#+\-.!|<>~&:"'=$@^]/g;

/** Plain text for a single Markdown line or table cell. */
export function escapeMarkdown(text: string): string {
  return text.replace(CONTROL, '').replace(/[\r\n\t]+/g, ' ').replace(MD_META, (c) => '\\' + c);
}

/** Text for inside a code span: backticks cannot be escaped there, so they are replaced. */
export function codeSpan(text: string): string {
  const clean = text.replace(CONTROL, '').replace(/[\r\n\t]+/g, ' ').replace(/`/g, "'");
  return '`' + clean + '`';
}

/** Escaping for HTML text and attribute values (webviews). */
export function escapeHtml(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
