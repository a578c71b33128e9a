import { damerauLevenshtein } from '../../store/store';
import type { PayloadRule } from './types';
import { orList, short } from './util';

export const unknownEnumValue: PayloadRule = {
  id: 'unknown-enum-value',
  defaultSeverity: 'warning',
  doc: {
    summary: 'A string that is not a member of the property\'s enum type (`requestedModalities`, `state`, `direction`, …).',
    help: 'Enum members are case-sensitive. Flag enums may list members separated by commas (`"audio,video"`), each of which must exist. Newer members than the bundled snapshot are reported too: hence a warning.',
    example: '{ "@odata.type": "#microsoft.graph.call", "requestedModalities": ["Audio"] }',
    fix: 'Replace with the suggested member.',
  },
  check(ctx, report) {
    for (const tp of ctx.payloads) {
      for (const v of tp.values) {
        if (v.node.kind !== 'string' || (v.info.collection && !v.item)) continue;
        const e = ctx.model.enumType(v.info.type);
        if (!e || e.members.length === 0) continue;
        const parts = v.node.value.split(',').map((s) => s.trim());
        const bad = parts.filter((p) => !e.members.includes(p));
        if (bad.length === 0) continue;
        const suggestions = bad.length === 1 ? suggest(bad[0], e.members) : [];
        const q = v.node.quote;
        report({
          message: `'${bad.join("', '")}' is not a value of ${short(e.name)} (${v.info.name}).${suggestions.length ? ` Did you mean ${orList(suggestions)}?` : ''} Values: ${e.members.join(', ')}.`,
          start: v.node.start,
          end: v.node.end,
          fixes: suggestions.map((s, i) => ({
            title: `Change to '${s}'`,
            edits: [{ start: v.node.start, end: v.node.end, newText: `${q}${parts.length === 1 ? s : parts.map((p) => (p === bad[0] ? s : p)).join(',')}${q}` }],
            preferred: i === 0,
          })),
        });
      }
    }
  },
};

function suggest(value: string, members: readonly string[]): string[] {
  const lower = value.toLowerCase();
  const same = members.find((m) => m.toLowerCase() === lower);
  if (same) return [same];
  const limit = Math.max(1, Math.floor(lower.length / 3));
  return members
    .map((m) => ({ m, d: damerauLevenshtein(lower, m.toLowerCase(), limit) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d)
    .slice(0, 2)
    .map((x) => x.m);
}
