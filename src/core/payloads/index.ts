/**
 * Graph resource payloads: the public API of src/core/payloads.
 *
 * - `LazyResourceModel`: the v1.0 type model from data/resources.json, parsed on first use (the text
 *   comes from the host: core/store/bundledData.ts).
 * - `payloadDiagnostics` / `payloadCheck(text, fileName, model)`: the payload checks of one file by
 *   name (the hosts reach them through the language service, src/core/service).
 * - `payloadHoverAt` / `payloadCompletions`: editor features on offsets.
 */
import type { RuleOverrides } from '../diagnostic';
import type { Diagnostic } from '../rules/types';
import { propertyHover, typeHover } from './payloadHover';
import type { ResourceModel } from './resourceModel';
import { mayContainPayload, payloadFormatOf, type PayloadFormat } from './payload';
import { runPayloadRules, typedPayloads } from './rules';
import { locate, type TypedPayload } from './walker';

export { LazyResourceModel, type ResourceModelLoad } from './load';
export { ResourceModel, ResourceModelError, typeLabel } from './resourceModel';
export { payloadFormatOf, mayContainPayload, findPayloads, type PayloadFormat } from './payload';
export { PAYLOAD_RULES, PAYLOAD_RULE_IDS, payloadRuleById, runPayloadRules, typedPayloads } from './rules';
export { payloadCompletions, type PayloadCompletionItem, type PayloadCompletionResult } from './payloadCompletion';
export { propertyHover, typeHover } from './payloadHover';

/**
 * Payload diagnostics of one file for the CLI: the format comes from the file name (`.json`,
 * `.jsonc`, `.http`, `.rest`, `.ts`, `.tsx`, `.js`, …); other files give []. `model` may be a
 * getter (e.g. `() => lazy.get()`), called only for files that may hold a payload, so a scan of
 * files without any never loads the 3 MB model. Never throws.
 */
export function payloadDiagnostics(
  text: string,
  fileName: string,
  model: ResourceModel | (() => ResourceModel | undefined),
  opts: { overrides?: RuleOverrides } = {},
): Diagnostic[] {
  return payloadCheck(text, fileName, model, opts).diagnostics;
}

/** payloadDiagnostics with the errors: a rule that threw, or payloads that could not be read. */
export function payloadCheck(
  text: string,
  fileName: string,
  model: ResourceModel | (() => ResourceModel | undefined),
  opts: { overrides?: RuleOverrides } = {},
): { diagnostics: Diagnostic[]; errors: string[] } {
  const format = payloadFormatOf(fileName);
  if (!format || !mayContainPayload(text, format)) return { diagnostics: [], errors: [] };
  const m = typeof model === 'function' ? model() : model;
  if (!m) return { diagnostics: [], errors: [] };
  return runPayloadRules(text, format, fileName, m, { overrides: opts.overrides });
}

export interface PayloadHover {
  markdown: string;
  start: number;
  end: number;
}

/** The hover at an offset: a property name, or an `@odata.type` value. */
export function payloadHoverAt(typed: readonly TypedPayload[], offset: number, model: ResourceModel): PayloadHover | undefined {
  const loc = locate(typed, offset);
  if (!loc) return undefined;
  if (loc.kind === 'key' && loc.prop.info) {
    return { markdown: propertyHover(model, loc.prop.info, loc.prop.owner.type, { viaDerived: loc.prop.viaDerived }), start: loc.prop.prop.keyStart, end: loc.prop.prop.keyEnd };
  }
  if (loc.kind === 'odataType' && loc.node && loc.object.odataTypeName) {
    const md = typeHover(model, loc.object.odataTypeName, loc.object.depth === 0 && loc.object.payload.origin === 'odata-type' ? undefined : loc.object.declaredType);
    return md ? { markdown: md, start: loc.node.start, end: loc.node.end } : undefined;
  }
  return undefined;
}

/** Convenience for one-off use (tests, CLI): type the payloads of a text. */
export function analyzePayloads(text: string, format: PayloadFormat, model: ResourceModel): TypedPayload[] {
  return typedPayloads(text, format, model);
}
