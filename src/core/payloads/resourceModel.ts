/**
 * The Microsoft Graph v1.0 resource type model, built from `data/resources.json` (see
 * `ResourceStoreFile` in ../storeData.ts): types with their inheritance chains, derived types,
 * enums, property look-up through base types, and "did you mean" for property names.
 * Pure and I/O-free; `load.ts` reads the file.
 */
import { damerauLevenshtein } from '../store/store';
import { STORE_FORMAT } from '../store/storeData';
import type { EnumTypeData, Provenance, ResourcePropertyData, ResourceStoreFile, ResourceTypeData } from '../store/storeData';

export const GRAPH_NAMESPACE = 'microsoft.graph';

/** A property together with the type that declares it (the type itself or one of its base types). */
export interface PropertyInfo extends ResourcePropertyData {
  declaringType: string;
  /** Required when the resource is created: "Required.", "Required on create.", "required when a user is created", "must be specified when … is created". */
  requiredOnCreate: boolean;
}

export class ResourceModelError extends Error {}

const CREATE_SENTENCE = /\b(?:required|must be specified|must be provided)\b[^.]*?\b(?:on create|when (?:you )?creat|when (?:an? |the )?\w+ (?:is|are) created|at creation|during creation)/i;

function requiredOnCreate(p: ResourcePropertyData): boolean {
  if (p.readOnly) return false;
  if (p.required) return true;
  // Per sentence, and not when conditional ("must be specified when creating … if you're using a federated domain").
  return (p.description ?? '').split(/(?<=[.;])\s+/).some((s) => CREATE_SENTENCE.test(s) && !/\b(?:if|unless|only)\b/i.test(s));
}

export class ResourceModel {
  readonly provenance: Provenance;
  private readonly types = new Map<string, ResourceTypeData>();
  private readonly enums = new Map<string, EnumTypeData>();
  private readonly derived = new Map<string, string[]>();
  private readonly propCache = new Map<string, Map<string, PropertyInfo>>();
  private readonly lowerNames = new Map<string, string>();

  constructor(file: ResourceStoreFile) {
    this.provenance = file.provenance;
    for (const t of file.types) {
      this.types.set(t.name, t);
      this.lowerNames.set(t.name.toLowerCase(), t.name);
    }
    for (const e of file.enums) this.enums.set(e.name, e);
    for (const t of file.types) {
      if (!t.baseType) continue;
      const list = this.derived.get(t.baseType);
      if (list) list.push(t.name);
      else this.derived.set(t.baseType, [t.name]);
    }
  }

  /** Parses and validates a store file's text. Throws ResourceModelError with a readable message. */
  static fromJson(text: string): ResourceModel {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new ResourceModelError(`the resource store is not valid JSON (${(e as Error).message})`);
    }
    const f = data as Partial<ResourceStoreFile> | null;
    if (!f || typeof f !== 'object') throw new ResourceModelError('the resource store is not an object');
    if (f.format !== STORE_FORMAT) throw new ResourceModelError(`the resource store has format ${String(f.format)}, expected ${STORE_FORMAT}`);
    if (!Array.isArray(f.types) || !Array.isArray(f.enums) || !f.provenance) throw new ResourceModelError('the resource store lacks types, enums or provenance');
    for (const t of f.types) {
      if (!t || typeof t.name !== 'string' || !Array.isArray(t.properties)) throw new ResourceModelError('the resource store holds a malformed type');
    }
    for (const e of f.enums) {
      if (!e || typeof e.name !== 'string' || !Array.isArray(e.members)) throw new ResourceModelError('the resource store holds a malformed enum');
    }
    return new ResourceModel(f as ResourceStoreFile);
  }

  get typeCount(): number {
    return this.types.size;
  }

  type(name: string): ResourceTypeData | undefined {
    return this.types.get(name);
  }

  enumType(name: string): EnumTypeData | undefined {
    return this.enums.get(name);
  }

  isEnum(name: string): boolean {
    return this.enums.has(name);
  }

  isStructured(name: string): boolean {
    return this.types.has(name);
  }

  /**
   * `#microsoft.graph.call`, `microsoft.graph.call`, `#Microsoft.Graph.Call` (any casing) or a bare
   * `call` → `microsoft.graph.call`, when the model knows it.
   */
  resolveTypeName(written: string): string | undefined {
    let n = written.trim();
    if (n.startsWith('#')) n = n.slice(1);
    if (!n) return undefined;
    if (this.types.has(n)) return n;
    const lower = n.toLowerCase();
    return this.lowerNames.get(lower) ?? this.lowerNames.get(`${GRAPH_NAMESPACE}.${lower}`);
  }

  /** The type, then its base type, … up to the root (cycles cut). */
  chain(name: string): ResourceTypeData[] {
    const out: ResourceTypeData[] = [];
    const seen = new Set<string>();
    let t = this.types.get(name);
    while (t && !seen.has(t.name)) {
      seen.add(t.name);
      out.push(t);
      t = t.baseType ? this.types.get(t.baseType) : undefined;
    }
    return out;
  }

  /** True when `name` is `base` or derives from it. */
  isAssignableTo(name: string, base: string): boolean {
    return this.chain(name).some((t) => t.name === base);
  }

  /** Every type deriving (directly or not) from `name`, sorted; `name` itself not included. */
  derivedTypes(name: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>([name]);
    const queue = [name];
    while (queue.length) {
      const n = queue.shift() as string;
      for (const d of this.derived.get(n) ?? []) {
        if (seen.has(d)) continue;
        seen.add(d);
        out.push(d);
        queue.push(d);
      }
    }
    return out.sort();
  }

  /** Properties of a type including inherited ones, own first then base types'; name → info. */
  properties(name: string): Map<string, PropertyInfo> {
    const cached = this.propCache.get(name);
    if (cached) return cached;
    const map = new Map<string, PropertyInfo>();
    for (const t of this.chain(name)) {
      for (const p of t.properties) {
        if (!map.has(p.name)) map.set(p.name, { ...p, declaringType: t.name, requiredOnCreate: requiredOnCreate(p) });
      }
    }
    this.propCache.set(name, map);
    return map;
  }

  property(typeName: string, propName: string): PropertyInfo | undefined {
    return this.properties(typeName).get(propName);
  }

  /**
   * A property that the type itself lacks but one of its derived types declares (`applicationInstance`
   * on `identitySet`, declared by `communicationsIdentitySet`): the first such derived type, sorted.
   */
  propertyInDerived(typeName: string, propName: string): PropertyInfo | undefined {
    for (const d of this.derivedTypes(typeName)) {
      const p = this.property(d, propName);
      if (p) return p;
    }
    return undefined;
  }

  /** Property names of the type close to `name`: other casing first, then small edit distances. */
  suggestProperty(typeName: string, name: string, max = 3): string[] {
    const names = [...this.properties(typeName).keys()];
    const lower = name.toLowerCase();
    const same = names.find((n) => n.toLowerCase() === lower);
    if (same) return [same];
    const limit = Math.max(1, Math.min(3, Math.floor(lower.length / 4)));
    const scored: { n: string; d: number }[] = [];
    for (const n of names) {
      if (Math.abs(n.length - lower.length) > limit) continue;
      const d = damerauLevenshtein(lower, n.toLowerCase(), limit);
      if (d <= limit) scored.push({ n, d });
    }
    scored.sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1));
    return scored.slice(0, max).map((s) => s.n);
  }

  /** The short name (`call`) of a qualified type name (`microsoft.graph.call`); other namespaces keep their segment (`callRecords.session`). */
  static shortName(name: string): string {
    return name.startsWith(`${GRAPH_NAMESPACE}.`) ? name.slice(GRAPH_NAMESPACE.length + 1) : name;
  }

  /** Every structured type name (for `@odata.type` completion with no declared type). */
  typeNames(): string[] {
    return [...this.types.keys()].sort();
  }
}

/** Type text for humans: `microsoft.graph.invitationParticipantInfo` collection → `invitationParticipantInfo[]`, `Edm.String` → `String`. */
export function typeLabel(p: Pick<ResourcePropertyData, 'type' | 'collection' | 'nullable'>): string {
  const base = p.type.startsWith('Edm.') ? p.type.slice(4) : ResourceModel.shortName(p.type);
  return `${base}${p.collection ? '[]' : ''}${p.nullable ? ' (nullable)' : ''}`;
}
