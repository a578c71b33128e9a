/**
 * Payload rules: the same shape as the permission rules (src/core/rules/types.ts) — id, default
 * severity, documentation, check — and the same Diagnostic / Fix objects, so that both kinds flow
 * through one pipeline (VS Code, CLI, SARIF). Offsets are UTF-16 offsets into the document text.
 */
import type { Report, RuleDoc, Severity } from '../../rules/types';
import type { ResourceModel } from '../resourceModel';
import type { PayloadFormat } from '../payload';
import type { TypedPayload } from '../walker';

export interface PayloadRuleContext {
  text: string;
  format: PayloadFormat;
  fileName?: string;
  model: ResourceModel;
  payloads: readonly TypedPayload[];
}

export interface PayloadRule {
  id: string;
  defaultSeverity: Severity;
  doc: RuleDoc;
  check(ctx: PayloadRuleContext, report: Report): void;
}
