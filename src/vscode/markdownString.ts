/**
 * Markdown built from metadata or document text, as VS Code gets it: theme icons off, so no text
 * from a store, a download or a document can draw a `$(icon)` glyph (escaping `$` and `(` is not
 * enough: Markdown un-escapes them before VS Code looks for icons). The extension's own warning
 * notes, written `$(warning)` by the core, become a plain ⚠ sign.
 */
import * as vscode from 'vscode';

/** The core's own (unescaped) `$(warning)` markers; metadata text reaches here escaped (`\$\(`). */
const OWN_WARNING = /(?<!\\)\$\(warning\)/g;

export function textMarkdown(md: string, trust: vscode.MarkdownString['isTrusted'] = false): vscode.MarkdownString {
  const s = new vscode.MarkdownString(md.replace(OWN_WARNING, '\u26a0'), false);
  s.supportThemeIcons = false;
  s.supportHtml = false;
  s.isTrusted = trust;
  return s;
}
