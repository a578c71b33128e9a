/**
 * Hover on permission GUIDs, names, resource app ids, `.default` scopes and Graph payload
 * properties: one provider over the language service (src/vscode/lensService.ts); this file only
 * converts positions and wraps the service's Markdown.
 */
import * as vscode from 'vscode';
import { textMarkdown } from './markdownString';
import type { LensService } from './lensService';

export class LensHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly lens: LensService,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    if (token.isCancellationRequested) return undefined;
    let h;
    try {
      h = this.lens.hover(doc, doc.offsetAt(position));
    } catch (e) {
      // A bug in a scanner must not surface as an error in the extension host.
      this.log.error(`hover on ${doc.uri.toString(true)} failed: ${(e as Error).stack ?? String(e)}`);
      return undefined;
    }
    if (!h || token.isCancellationRequested) return undefined;
    // Trusted for the commands the service names only (the detail page); everything from metadata is escaped.
    const content = textMarkdown(h.markdown, h.enabledCommands.length ? { enabledCommands: h.enabledCommands } : false);
    return new vscode.Hover(content, new vscode.Range(doc.positionAt(h.start), doc.positionAt(h.end)));
  }
}
