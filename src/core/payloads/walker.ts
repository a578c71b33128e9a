/**
 * Types a payload tree against the model: every object gets its declared type (from the property
 * that holds it) and its effective type (narrowed by a valid `@odata.type`), every property its
 * PropertyInfo (inherited ones through the base-type chain), every value the property it fills.
 * `locate` answers "what is at this offset" for hovers and completions.
 */
import type { ResourceModel, PropertyInfo } from './resourceModel';
import type { Payload } from './payload';
import { odataTypeOf, type PNode, type PObject, type PProp, type PString } from './tree';

export interface TypedObject {
  node: PObject;
  payload: Payload;
  /** The type the context expects (the property's type, or the payload's). */
  declaredType: string;
  /** The type to read properties from: the `@odata.type` when it names the declared type or a derived one, else the declared type. */
  type: string;
  /** The `@odata.type` string as written, and the type it names (undefined when unknown). */
  odataType?: PString;
  odataTypeName?: string;
  /** 0 for the payload's root object(s). */
  depth: number;
  /** `targets[0].identity`, '' for the root. */
  path: string;
  props: TypedProp[];
}

export interface TypedProp {
  owner: TypedObject;
  prop: PProp;
  /** Undefined for an unknown property and for annotations. */
  info?: PropertyInfo;
  /** The property is declared by a type derived from the object's type (no `@odata.type` to say which). */
  viaDerived?: boolean;
  /** `@odata.type`, `members@odata.bind`, `@odata.context`: instance annotations, never checked. */
  annotation: boolean;
}

export interface TypedValue {
  node: PNode;
  info: PropertyInfo;
  /** An element of a collection property's array. */
  item: boolean;
  owner: TypedProp;
}

export interface TypedPayload {
  payload: Payload;
  objects: TypedObject[];
  values: TypedValue[];
}

const MAX_DEPTH = 32;

export function typePayload(payload: Payload, model: ResourceModel): TypedPayload {
  const result: TypedPayload = { payload, objects: [], values: [] };
  const roots: PObject[] = payload.root.kind === 'object' ? [payload.root] : payload.root.kind === 'array' ? payload.root.items.filter((i): i is PObject => i.kind === 'object') : [];
  roots.forEach((o, i) => visitObject(o, payload.type, 0, payload.root.kind === 'array' ? `[${i}]` : '', result, model));
  return result;
}

function visitObject(node: PObject, declaredType: string, depth: number, path: string, result: TypedPayload, model: ResourceModel): void {
  const odataType = odataTypeOf(node);
  const odataTypeName = odataType ? model.resolveTypeName(odataType.value) : undefined;
  const type = odataTypeName && model.isAssignableTo(odataTypeName, declaredType) ? odataTypeName : declaredType;
  const obj: TypedObject = { node, payload: result.payload, declaredType, type, odataType, odataTypeName, depth, path, props: [] };
  result.objects.push(obj);
  for (const prop of node.props) {
    const annotation = prop.name.includes('@');
    let info = annotation ? undefined : model.property(type, prop.name);
    let viaDerived = false;
    if (!info && !annotation && !odataTypeName) {
      info = model.propertyInDerived(type, prop.name);
      viaDerived = !!info;
    }
    const tp: TypedProp = { owner: obj, prop, info, annotation, viaDerived: viaDerived || undefined };
    obj.props.push(tp);
    if (!info || !prop.value || depth >= MAX_DEPTH) continue;
    result.values.push({ node: prop.value, info, item: false, owner: tp });
    const childPath = path ? `${path}.${prop.name}` : prop.name;
    if (info.collection && prop.value.kind === 'array') {
      prop.value.items.forEach((item, i) => {
        result.values.push({ node: item, info, item: true, owner: tp });
        if (item.kind === 'object' && model.isStructured(info.type)) visitObject(item, info.type, depth + 1, `${childPath}[${i}]`, result, model);
      });
    } else if (prop.value.kind === 'object' && model.isStructured(info.type) && !info.collection) {
      visitObject(prop.value, info.type, depth + 1, childPath, result, model);
    }
  }
}

export type Location =
  | { kind: 'key'; prop: TypedProp }
  /** Inside a string value (or at a scalar) filling a property (or one of its collection's items). */
  | { kind: 'value'; value: TypedValue; node: PNode }
  /** The `@odata.type` value of an object. */
  | { kind: 'odataType'; object: TypedObject; node?: PString; prop: PProp }
  /** Where a new property could be written. */
  | { kind: 'objectGap'; object: TypedObject }
  /** After `"prop":` with no value yet, or between the items of a collection's array. */
  | { kind: 'valueGap'; prop: TypedProp; info: PropertyInfo; item: boolean };

function within(offset: number, start: number, end: number): boolean {
  return offset >= start && offset <= end;
}

/** What is at `offset` in the typed payloads (the innermost object wins). */
export function locate(typed: readonly TypedPayload[], offset: number): Location | undefined {
  let best: TypedObject | undefined;
  for (const tp of typed) {
    for (const o of tp.objects) {
      if (offset > o.node.start && offset <= o.node.close && (!best || o.node.start >= best.node.start)) best = o;
    }
  }
  if (!best) return undefined;
  const values = typed.find((t) => t.payload === best.payload)?.values ?? [];
  for (const p of best.props) {
    if (within(offset, p.prop.keyStart, p.prop.keyEnd)) return { kind: 'key', prop: p };
    const v = p.prop.value;
    if (p.prop.name === '@odata.type') {
      if (v && within(offset, v.start, v.end)) return { kind: 'odataType', object: best, node: v.kind === 'string' ? v : undefined, prop: p.prop };
      if (!v && p.prop.colon !== undefined && offset > p.prop.colon) return { kind: 'odataType', object: best, prop: p.prop };
      continue;
    }
    if (v && within(offset, v.start, v.end)) {
      if (v.kind === 'array' && p.info?.collection) {
        for (const item of v.items) {
          if (within(offset, item.start, item.end)) {
            const tv = values.find((x) => x.node === item);
            return tv ? { kind: 'value', value: tv, node: item } : undefined;
          }
        }
        if (offset > v.start && offset <= v.close && p.info) return { kind: 'valueGap', prop: p, info: p.info, item: true };
        return undefined;
      }
      if (v.kind === 'object' || v.kind === 'array') return undefined;
      const tv = values.find((x) => x.node === v);
      return tv ? { kind: 'value', value: tv, node: v } : undefined;
    }
    if (!v && p.prop.colon !== undefined && offset > p.prop.colon && p.info && offset <= p.prop.colon + 200) {
      return { kind: 'valueGap', prop: p, info: p.info, item: false };
    }
  }
  // Inside a property's span but not on key/value (e.g. on the colon): nothing to say.
  if (best.props.some((p) => offset > p.prop.keyEnd && p.prop.value && offset < p.prop.value.start)) {
    const p = best.props.find((x) => offset > x.prop.keyEnd && x.prop.value && offset < x.prop.value.start);
    if (p && p.prop.colon !== undefined && offset > p.prop.colon && p.info) return { kind: 'valueGap', prop: p, info: p.info, item: false };
    return undefined;
  }
  return { kind: 'objectGap', object: best };
}
