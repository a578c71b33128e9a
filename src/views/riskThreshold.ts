/**
 * The risk threshold the explorer's high-privilege marks follow: the user's
 * `graphPermissionLens.highPrivilege.riskThreshold` (window scope, read on first use), so that the
 * trees, the QuickPick and the detail page mark what the `high-privilege` rule reports.
 */
import * as vscode from 'vscode';
import { RISK_THRESHOLD_SETTING } from '../core/service/settings';
import { readConfig } from '../vscode/config';

export class RiskThresholdSetting implements vscode.Disposable {
  private current: number | undefined;
  private readonly changed = new vscode.EventEmitter<number>();
  /** Fires with the new value when the setting changes to another value. */
  readonly onDidChange = this.changed.event;
  private readonly sub = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(RISK_THRESHOLD_SETTING)) return;
    const before = this.current;
    this.current = undefined;
    const now = this.value;
    if (now !== before) this.changed.fire(now);
  });

  get value(): number {
    return (this.current ??= readConfig().riskThreshold);
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
