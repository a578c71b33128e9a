/** Hover on permission GUIDs, names and resource app ids: converts positions, the content is core's. */
import * as vscode from 'vscode';
import { textMarkdown } from './markdownString';
import { permissionHover, resourceAppHover } from '../core/hover';
import { resolveReference } from '../core/resolve';
import { specialAt, specialHover } from '../core/scan/special';
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
    const offset = doc.offsetAt(position);
    const hit = findAt(analysis.scan, offset);
    if (!hit) {
      // `.default` scopes and Teams RSC permissions have their own explanation.
      const sp = specialAt(analysis.specials, offset);
      if (!sp) return undefined;
      const special = textMarkdown(specialHover(sp));
      return new vscode.Hover(special, new vscode.Range(doc.positionAt(sp.start), doc.positionAt(sp.end)));
    }
    let md: string | undefined;
    if (isPermissionReference(hit)) {
      md = permissionHover(store, resolveReference(store, hit), { commandLinks: true });
    } else if (hit.appId) {
      const app = store.resourceApp(hit.appId);
      if (app) md = resourceAppHover(app);
    }
    if (!md) return undefined;
    // Trusted for the extension's own detail-page command only; everything from metadata is escaped.
    const content = textMarkdown(md, { enabledCommands: ['graphPermissionLens.showPermission'] });
    return new vscode.Hover(content, new vscode.Range(doc.positionAt(hit.start), doc.positionAt(hit.end)));
  }
}
