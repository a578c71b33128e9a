/** Helpers shared by the payload rules. */
import type { TextEdit } from '../../rules/types';
import { ResourceModel } from '../resourceModel';
import type { PayloadFormat } from '../payload';
import type { PObject, PProp } from '../tree';

export const short = ResourceModel.shortName;

/** Replaces a key's name, keeping its quotes. */
export function renameKey(p: PProp, name: string): TextEdit {
  const q = p.quote ?? '';
  return { start: p.keyStart, end: p.keyEnd, newText: `${q}${name}${q}` };
}

/** The text of a new property `name: value` in the payload's syntax. */
export function propertyText(format: PayloadFormat, name: string, value: string): string {
  return format === 'ts' && /^[A-Za-z_$][\w$]*$/.test(name) ? `${name}: ${value}` : `"${name}": ${value}`;
}

/** Inserts a property as the object's first member, matching the indentation of the first one. */
export function insertFirst(text: string, obj: PObject, member: string): TextEdit {
  const first = obj.props[0];
  if (!first) return { start: obj.start + 1, end: obj.close, newText: ` ${member} ` };
  let ls = first.keyStart;
  while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
  const indent = text.slice(ls, first.keyStart);
  const onOwnLine = ls === 0 || text[ls - 1] === '\n' || text[ls - 1] === '\r';
  return { start: first.keyStart, end: first.keyStart, newText: onOwnLine ? `${member},\n${indent}` : `${member}, ` };
}

/** Where to report something about a whole object: its opening brace. */
export function braceRange(obj: PObject): { start: number; end: number } {
  return { start: obj.start, end: obj.start + 1 };
}

/** "`a`, `b` or `c`" */
export function orList(items: readonly string[]): string {
  const q = items.map((i) => `'${i}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}
