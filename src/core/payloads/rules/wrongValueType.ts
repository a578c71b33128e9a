import { typeLabel, type PropertyInfo, type ResourceModel } from '../resourceModel';
import type { PNode } from '../tree';
import type { PayloadRule } from './types';

type Shape = 'string' | 'number' | 'boolean' | 'object' | 'array';

/** What a value must look like; undefined = anything (Edm.Untyped). */
function expected(model: ResourceModel, info: PropertyInfo, item: boolean): Shape[] | undefined {
  if (info.collection && !item) return ['array'];
  if (model.isStructured(info.type)) return ['object'];
  if (model.isEnum(info.type) || info.type === 'Edm.String') return ['string'];
  // Int64 and Decimal values may be written as strings (IEEE754Compatible); see numericString().
  if (info.type === 'Edm.Number') return ['number'];
  if (info.type === 'Edm.Boolean') return ['boolean'];
  return undefined;
}

function shapeOf(n: PNode): Shape | 'null' | 'other' {
  return n.kind;
}

const ARTICLE: Record<Shape, string> = { string: 'a string', number: 'a number', boolean: 'true or false', object: 'an object', array: 'an array' };

function numericString(n: PNode): boolean {
  return n.kind === 'string' && /^\s*-?(\d+(\.\d+)?([eE][-+]?\d+)?|INF|-INF|NaN)\s*$/.test(n.value);
}

export const wrongValueType: PayloadRule = {
  id: 'wrong-value-type',
  defaultSeverity: 'error',
  doc: {
    summary: 'A value of the wrong shape for its property: a string where an array or object is expected, an object for a string, a number for a boolean, and so on.',
    help: 'Collections take arrays, structured types take objects, enums and strings take strings. `null` is always accepted, and expressions the reader does not evaluate (variables, calls) are never reported.',
    example: '{ "@odata.type": "#microsoft.graph.call", "requestedModalities": "audio" }',
    fix: 'Wrap a single value in an array, where an array is expected.',
  },
  check(ctx, report) {
    for (const tp of ctx.payloads) {
      for (const v of tp.values) {
        const want = expected(ctx.model, v.info, v.item);
        const got = shapeOf(v.node);
        if (!want || got === 'null' || got === 'other' || want.includes(got)) continue;
        if (want.includes('number') && numericString(v.node)) continue;
        const what = v.item ? `An item of '${v.info.name}'` : `'${v.info.name}'`;
        const typeText = v.item ? typeLabel({ ...v.info, collection: false, nullable: false }) : typeLabel({ ...v.info, nullable: false });
        const fixes =
          want[0] === 'array' && !v.item && expected(ctx.model, v.info, true)?.includes(got as Shape)
            ? [{ title: 'Wrap the value in an array', edits: [{ start: v.node.start, end: v.node.start, newText: '[' }, { start: v.node.end, end: v.node.end, newText: ']' }], preferred: true }]
            : [];
        report({
          message: `${what} must be ${want.map((w) => ARTICLE[w]).join(' or ')} (${typeText}), not ${ARTICLE[got as Shape] ?? got}.`,
          start: v.node.start,
          end: v.node.end,
          fixes,
        });
      }
    }
  },
};
