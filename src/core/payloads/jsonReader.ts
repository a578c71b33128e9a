/** JSON / JSONC text (or a slice of a larger document, such as an .http request body) → payload tree. */
import { parseTree, type Node } from 'jsonc-parser';
import type { PNode, PProp } from './tree';

/**
 * Parses `text` (tolerating errors, comments and trailing commas, as an editor must while the
 * user types) and returns its tree with offsets shifted by `base`. Undefined for empty input.
 */
export function readJson(text: string, base = 0): PNode | undefined {
  // jsonc-parser recurses: absurd nesting throws a RangeError, which the caller reports (typedPayloads).
  const root: Node | undefined = parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  return root ? convert(root, text, base) : undefined;
}

function convert(n: Node, text: string, base: number): PNode {
  const start = base + n.offset;
  const end = base + n.offset + n.length;
  switch (n.type) {
    case 'object': {
      const props: PProp[] = [];
      for (const c of n.children ?? []) {
        if (c.type !== 'property' || !c.children?.length) continue;
        const key = c.children[0];
        const valueNode = c.children[1];
        const prop: PProp = {
          name: typeof key.value === 'string' ? key.value : String(key.value),
          keyStart: base + key.offset,
          keyEnd: base + key.offset + key.length,
          quote: text[key.offset] === '"' || text[key.offset] === "'" ? text[key.offset] : undefined,
          start: base + c.offset,
          end: base + c.offset + c.length,
        };
        if (c.colonOffset !== undefined && c.colonOffset >= 0) prop.colon = base + c.colonOffset;
        if (valueNode) prop.value = convert(valueNode, text, base);
        props.push(prop);
      }
      const last = n.offset + n.length - 1;
      return { kind: 'object', start, end, props, close: text[last] === '}' ? base + last : end };
    }
    case 'array': {
      const last = n.offset + n.length - 1;
      return { kind: 'array', start, end, items: (n.children ?? []).map((c) => convert(c, text, base)), close: text[last] === ']' ? base + last : end };
    }
    case 'string':
      return { kind: 'string', start, end, value: String(n.value ?? ''), quote: text[n.offset] ?? '"' };
    case 'number':
      return { kind: 'number', start, end, value: typeof n.value === 'number' ? n.value : Number(n.value) };
    case 'boolean':
      return { kind: 'boolean', start, end, value: n.value === true };
    case 'null':
      return { kind: 'null', start, end, value: null };
    default:
      return { kind: 'other', start, end };
  }
}
