/** Hover on permission GUIDs, names and resource app ids: converts positions, the content is core's. */
import * as vscode from 'vscode';
import { permissionHover, resourceAppHover } from '../core/hover';
import { resolveReference } from '../core/resolve';
import { findAt, isPermissionReference } from '../core/scan/reference';
import type { AnalysisCache } from './analysisCache';
import { readConfig } from './config';
import type { StoreService } from './storeService';

export class PermissionHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly stores: StoreService,
    private readonly cache: AnalysisCache,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    if (!readConfig(doc).hoverEnabled) return undefined;
    const store = this.stores.get();
    if (!store || token.isCancellationRequested) return undefined;
    const analysis = this.cache.get(doc, store);
    if (!analysis) return undefined;
    const hit = findAt(analysis.scan, doc.offsetAt(position));
    if (!hit) return undefined;
    let md: string | undefined;
    if (isPermissionReference(hit)) {
      md = permissionHover(store, resolveReference(store, hit));
    } else if (hit.appId) {
      const app = store.resourceApp(hit.appId);
      if (app) md = resourceAppHover(app);
    }
    if (!md) return undefined;
    const content = new vscode.MarkdownString(md, true);
    content.isTrusted = false;
    content.supportHtml = false;
    return new vscode.Hover(content, new vscode.Range(doc.positionAt(hit.start), doc.positionAt(hit.end)));
  }
}
