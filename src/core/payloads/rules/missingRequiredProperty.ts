import type { PropertyInfo } from '../resourceModel';
import type { PayloadRule } from './types';
import { braceRange, insertFirst, orList, propertyText, short } from './util';

/** "Required information for creating peer to peer call." — one of several alternative scenarios. */
const SCENARIO = /^Required information for\b/i;

export const missingRequiredProperty: PayloadRule = {
  id: 'missing-required-property',
  defaultSeverity: 'warning',
  doc: {
    summary: 'A create request whose body lacks a property the v1.0 documentation marks as required ("Required.", "required when … is created"), or none of the alternatives a scenario needs (a call\'s `targets` or `meetingInfo`/`chatInfo`).',
    help: 'Only create payloads (`POST` to a known collection, or an SDK `.post(…)`) are checked, and only the resource itself plus nested objects\' plainly "Required." properties. Literals that spread another object (`...base`) are not checked.',
    example: 'POST https://graph.microsoft.com/v1.0/communications/calls\n\n{ "callbackUri": "https://bot.contoso.com/callback", "targets": [ … ] }   // no mediaConfig',
    fix: 'Insert the property with an empty value.',
  },
  check(ctx, report) {
    for (const tp of ctx.payloads) {
      if (tp.payload.operation !== 'create') continue;
      for (const obj of tp.objects) {
        if (obj.node.hasSpread) continue;
        const present = new Set(obj.props.map((p) => p.prop.name));
        const props = [...ctx.model.properties(obj.type).values()];
        const missing = props.filter((p) => !present.has(p.name) && (obj.depth === 0 ? p.requiredOnCreate : p.required && !p.readOnly));
        for (const info of missing) {
          report({
            message: `${short(obj.type)}${obj.path ? ` (at ${obj.path})` : ''} is missing '${info.name}', which is required${obj.depth === 0 ? ' on create' : ''}: ${info.description ?? ''}`.trim(),
            ...braceRange(obj.node),
            fixes: [{ title: `Add '${info.name}'`, edits: [insertFirst(ctx.text, obj.node, propertyText(ctx.format, info.name, emptyValue(ctx.model, info)))] }],
          });
        }
        if (obj.depth !== 0) continue;
        const scenarios = props.filter((p) => !p.readOnly && p.requiredWhen && SCENARIO.test(p.requiredWhen));
        if (scenarios.length >= 2 && !scenarios.some((p) => present.has(p.name))) {
          report({
            message: `${short(obj.type)} needs ${orList(scenarios.map((s) => s.name))}: ${scenarios.map((s) => `${s.name} — ${s.requiredWhen}`).join(' ')}`,
            ...braceRange(obj.node),
          });
        }
      }
    }
  },
};

function emptyValue(model: import('../resourceModel').ResourceModel, info: PropertyInfo): string {
  if (info.collection) return '[]';
  if (model.isStructured(info.type)) return '{}';
  if (info.type === 'Edm.Boolean') return 'false';
  if (info.type === 'Edm.Number') return '0';
  return '""';
}
