/** Hover Markdown for payload property names and `@odata.type` values. Everything from metadata is escaped. */
import { codeSpan, escapeMarkdown } from '../text/markdown';
import { ResourceModel, typeLabel, type PropertyInfo } from './resourceModel';

const MAX_LISTED = 40;

function members(list: readonly string[]): string {
  const shown = list.slice(0, MAX_LISTED).map(codeSpan).join(', ');
  return list.length > MAX_LISTED ? `${shown}, … (${list.length} in all)` : shown;
}

/**
 * The hover of a property: its name and type (collection `[]`, nullability), the declaring type
 * when inherited or declared by a derived type, read-only / required, the description, the
 * members of an enum type and the types that may be given in `@odata.type` for a structured one.
 */
export function propertyHover(model: ResourceModel, info: PropertyInfo, ownerType: string, opts: { viaDerived?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(info.name)}**: ${codeSpan(typeLabel(info))}`);
  const flags: string[] = [];
  if (info.readOnly) flags.push('Read-only');
  if (info.required) flags.push('Required');
  else if (info.requiredOnCreate) flags.push('Required on create');
  if (info.requiredWhen && !info.requiredOnCreate) flags.push(`Required when: ${escapeMarkdown(info.requiredWhen)}`);
  if (info.collection) flags.push('Collection');
  if (info.nullable) flags.push('Nullable');
  lines.push(flags.map((f) => (f.startsWith('Required when') ? f : `*${f}*`)).join(' · '));
  lines.push(info.description ? escapeMarkdown(info.description) : '*No description in the v1.0 metadata.*');
  const enumType = model.enumType(info.type);
  if (enumType) lines.push(`Values of ${codeSpan(ResourceModel.shortName(info.type))}: ${members(enumType.members)}`);
  if (model.isStructured(info.type)) {
    const derived = model.derivedTypes(info.type).map(ResourceModel.shortName);
    if (derived.length) lines.push(`\`@odata.type\` may name a derived type: ${members(derived)}`);
  }
  if (opts.viaDerived) lines.push(`Declared by ${codeSpan(ResourceModel.shortName(info.declaringType))}, a type derived from ${codeSpan(ResourceModel.shortName(ownerType))}: set \`@odata.type\` to say which.`);
  else if (info.declaringType !== ownerType) lines.push(`Inherited from ${codeSpan(ResourceModel.shortName(info.declaringType))} (property of ${codeSpan(ResourceModel.shortName(ownerType))}).`);
  else lines.push(`Property of ${codeSpan(ResourceModel.shortName(ownerType))}.`);
  lines.push(`*Microsoft Graph v1.0 metadata of ${escapeMarkdown(model.provenance.snapshotDate)}.*`);
  return lines.filter((l) => l.length > 0).join('\n\n');
}

/** The hover of an `@odata.type` value: the type, its base chain, its description and derived types. */
export function typeHover(model: ResourceModel, typeName: string, declaredType?: string): string {
  const t = model.type(typeName);
  if (!t) return '';
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(ResourceModel.shortName(t.name))}** (${t.kind === 'entity' ? 'entity type' : 'complex type'}) ${codeSpan(t.name)}`);
  const chain = model.chain(t.name).slice(1).map((x) => ResourceModel.shortName(x.name));
  if (chain.length) lines.push(`Derives from ${chain.map(codeSpan).join(' → ')}`);
  if (t.description) lines.push(escapeMarkdown(t.description));
  const count = model.properties(t.name).size;
  lines.push(`${count} ${count === 1 ? 'property' : 'properties'}`);
  const derived = model.derivedTypes(t.name).map(ResourceModel.shortName);
  if (derived.length) lines.push(`Derived types: ${members(derived)}`);
  if (declaredType && declaredType !== t.name && !model.isAssignableTo(t.name, declaredType)) {
    lines.push(`**Not** ${codeSpan(ResourceModel.shortName(declaredType))} or a type derived from it.`);
  }
  return lines.join('\n\n');
}
