import type { PayloadRule } from './types';
import { orList, renameKey, short } from './util';

/** Types whose instances carry arbitrary extra properties. */
const OPEN_TYPES = new Set(['microsoft.graph.openTypeExtension']);

export const unknownProperty: PayloadRule = {
  id: 'unknown-property',
  defaultSeverity: 'warning',
  doc: {
    summary: 'A property that the resource type (with its base types and, without an `@odata.type`, its derived types) does not define.',
    help: 'Graph rejects or ignores properties it does not know; most often the name is misspelled or in the wrong casing. Instance annotations (`@odata.type`, `members@odata.bind`) are never reported.',
    example: '{ "@odata.type": "#microsoft.graph.call", "callbackUrl": "https://bot.contoso.com/callback" }',
    fix: 'Rename to a suggested property (`callbackUri`).',
  },
  check(ctx, report) {
    for (const tp of ctx.payloads) {
      for (const obj of tp.objects) {
        if (ctx.model.chain(obj.type).some((t) => OPEN_TYPES.has(t.name))) continue;
        for (const p of obj.props) {
          if (p.info || p.annotation || p.prop.method) continue;
          const suggestions = ctx.model.suggestProperty(obj.type, p.prop.name);
          const where = obj.path ? ` (at ${obj.path})` : '';
          report({
            message: `'${p.prop.name}' is not a property of ${short(obj.type)}${where}.${suggestions.length ? ` Did you mean ${orList(suggestions)}?` : ''}`,
            start: p.prop.keyStart,
            end: p.prop.keyEnd,
            fixes: suggestions.map((s, i) => ({ title: `Rename to '${s}'`, edits: [renameKey(p.prop, s)], preferred: i === 0 && suggestions.length === 1 })),
          });
        }
      }
    }
  },
};
