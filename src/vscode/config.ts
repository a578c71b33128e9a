/** Typed access to the `graphPermissionLens.*` settings. */
import * as vscode from 'vscode';

export const SECTION = 'graphPermissionLens';

export interface LensConfig {
  hoverEnabled: boolean;
  maxFileSizeKB: number;
}

export function readConfig(scope?: vscode.ConfigurationScope): LensConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    hoverEnabled: c.get<boolean>('hover.enabled', true),
    maxFileSizeKB: Math.max(1, c.get<number>('maxFileSizeKB', 5120)),
  };
}
