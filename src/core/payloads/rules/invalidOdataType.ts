import { damerauLevenshtein } from '../../store/store';
import type { PayloadRule } from './types';
import { orList, short } from './util';

export const invalidOdataType: PayloadRule = {
  id: 'invalid-odata-type',
  defaultSeverity: 'error',
  doc: {
    summary: 'An `@odata.type` inside a payload that names no known `microsoft.graph` type, or a type that is not the property\'s type or derived from it.',
    help: 'Graph picks the concrete type of a value (`appHostedMediaConfig` or `serviceHostedMediaConfig` for `mediaConfig`) from `@odata.type`; a wrong one is rejected. Outermost objects of JSON files are recognised by their `@odata.type` and are not reported.',
    example: '"mediaConfig": { "@odata.type": "#microsoft.graph.serviceHostedMediaConfg" }',
    fix: 'Replace with the suggested type.',
  },
  check(ctx, report) {
    for (const tp of ctx.payloads) {
      for (const obj of tp.objects) {
        const t = obj.odataType;
        if (!t || t.value.includes('{{') || t.value.includes('${')) continue;
        const allowed = [obj.declaredType, ...ctx.model.derivedTypes(obj.declaredType)];
        if (obj.odataTypeName && allowed.includes(obj.odataTypeName)) continue;
        if (!/^#?microsoft\.graph\./i.test(t.value)) continue; // other vocabularies: not ours to judge
        const name = t.value.replace(/^#/, '');
        let message: string;
        if (!obj.odataTypeName) {
          message = `'${t.value}' is not a Microsoft Graph v1.0 type.`;
        } else {
          message = `'${t.value}' is not ${short(obj.declaredType)}${allowed.length > 1 ? ' or a type derived from it' : ''}, as '${obj.path || 'this object'}' requires.`;
        }
        const scored = allowed.map((a) => ({ a, d: damerauLevenshtein(name.toLowerCase(), a.toLowerCase(), 4) })).sort((x, y) => x.d - y.d);
        const close = scored.filter((x) => x.d <= 4);
        // A near miss suggests itself; otherwise, for a small family, every valid type.
        const suggestions = (close.length ? close : allowed.length <= 3 ? scored : []).slice(0, 3).map((x) => x.a);
        if (suggestions.length) message += ` Did you mean ${orList(suggestions.map((s) => `#${s}`))}?`;
        report({
          message,
          start: t.start,
          end: t.end,
          fixes: suggestions.map((s, i) => ({ title: `Change to '#${s}'`, edits: [{ start: t.start, end: t.end, newText: `${t.quote}#${s}${t.quote}` }], preferred: i === 0 && suggestions.length === 1 })),
        });
      }
    }
  },
};
