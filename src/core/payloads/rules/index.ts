/**
 * The payload rule registry and runner, mirroring src/core/rules/index.ts: same Diagnostic type,
 * same severity overrides keyed by rule id, never throws.
 */
import { incompleteReason } from '../../scan/tokens';
import type { RuleOverrides } from '../../diagnostic';
import { runRuleSet } from '../../rules/runner';
import type { Diagnostic } from '../../rules/types';
import type { ResourceModel } from '../resourceModel';
import { findPayloads, type PayloadFormat } from '../payload';
import { typePayload, type TypedPayload } from '../walker';
import { invalidOdataType } from './invalidOdataType';
import { missingRequiredProperty } from './missingRequiredProperty';
import { nonHttpsUrl } from './nonHttpsUrl';
import { readOnlyProperty } from './readOnlyProperty';
import type { PayloadRule } from './types';
import { unknownEnumValue } from './unknownEnumValue';
import { unknownProperty } from './unknownProperty';
import { wrongValueType } from './wrongValueType';

export const PAYLOAD_RULES: readonly PayloadRule[] = [
  unknownProperty,
  readOnlyProperty,
  missingRequiredProperty,
  wrongValueType,
  unknownEnumValue,
  invalidOdataType,
  nonHttpsUrl,
];

export const PAYLOAD_RULE_IDS: readonly string[] = PAYLOAD_RULES.map((r) => r.id);

export function payloadRuleById(id: string): PayloadRule | undefined {
  return PAYLOAD_RULES.find((r) => r.id === id);
}

export interface PayloadRunOptions {
  /** Severity per rule id (`off` disables); ids of other rules are ignored. */
  overrides?: RuleOverrides;
  isCancelled?: () => boolean;
  /** Already typed payloads of this text (the editor caches them). */
  payloads?: readonly TypedPayload[];
}

/**
 * Finds and types the payloads of a document. Never throws; when the reader fails, `onError` gets
 * the reason (the caller reports it: a failure is never an empty result in disguise).
 */
export function typedPayloads(text: string, format: PayloadFormat, model: ResourceModel, onError?: (reason: string) => void): TypedPayload[] {
  try {
    return findPayloads(text, format, model).map((p) => typePayload(p, model));
  } catch (e) {
    onError?.(incompleteReason(e));
    return [];
  }
}

/**
 * Runs every enabled payload rule on a document. Returns diagnostics sorted by offset; a rule that
 * throws is skipped (its error is in `errors`).
 */
export function runPayloadRules(
  text: string,
  format: PayloadFormat,
  fileName: string | undefined,
  model: ResourceModel,
  opts: PayloadRunOptions = {},
): { diagnostics: Diagnostic[]; errors: string[] } {
  const failures: string[] = [];
  const payloads = opts.payloads ?? typedPayloads(text, format, model, (why) => failures.push(`payloads could not be read: ${why}`));
  if (payloads.length === 0) return { diagnostics: [], errors: failures };
  const r = runRuleSet(PAYLOAD_RULES, { text, format, fileName, model, payloads }, opts);
  return { diagnostics: r.diagnostics, errors: [...failures, ...r.errors] };
}
