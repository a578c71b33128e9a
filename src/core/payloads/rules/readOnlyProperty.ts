import { removeListElement } from '../../rules/util';
import type { PayloadRule } from './types';
import { short } from './util';

export const readOnlyProperty: PayloadRule = {
  id: 'read-only-property',
  defaultSeverity: 'warning',
  doc: {
    summary: 'A read-only property set in the body of a create (`POST` to a collection) or update (`PATCH`) request.',
    help: 'Graph sets read-only properties itself (a call\'s `state`, `direction`, `id`, `resultInfo`, `callRoutes`, `mediaState`); sending them is an error or silently ignored. Only the resource itself is checked, not nested objects, where documentation examples do set such values. JSON files without a request line are not create payloads.',
    example: 'POST https://graph.microsoft.com/v1.0/communications/calls\n\n{ "state": "established", … }',
    fix: 'Remove the property.',
  },
  check(ctx, report) {
    for (const tp of ctx.payloads) {
      const op = tp.payload.operation;
      if (op === 'unknown') continue;
      const verb = op === 'create' ? 'create' : 'update';
      for (const obj of tp.objects) {
        if (obj.depth !== 0) continue;
        for (const p of obj.props) {
          if (!p.info?.readOnly || p.viaDerived) continue;
          const inherited = p.info.declaringType !== obj.type ? ` (inherited from ${short(p.info.declaringType)})` : '';
          report({
            message: `'${p.prop.name}' is read-only${inherited}: Graph sets it, so a ${verb} request for ${short(obj.type)} must not send it.`,
            start: p.prop.keyStart,
            end: p.prop.keyEnd,
            fixes: [{ title: `Remove '${p.prop.name}'`, edits: [removeListElement(ctx.text, p.prop.start, p.prop.end)], preferred: true }],
          });
        }
      }
    }
  },
};
