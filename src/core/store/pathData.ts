/**
 * The compact encoding of `data/paths.json` (the upstream pathSets of every Graph permission) and
 * its decoder. Pure: text or data in, data out; the generator (scripts/store/) encodes, the store
 * decodes on first need.
 *
 * Why this encoding (measured on the upstream snapshot of 2026-08-07: 917 permissions, 2,390
 * pathSets, 18,867 path entries, 7,343 distinct paths): the distinct paths as a plain string list
 * take 454 KB; front-coded by segment (each path after sorting says how many leading segments it
 * shares with the previous one) 147 KB. Each path entry is then two small numbers (path index,
 * flags), and the method lists and `AlsoRequires=` lists are short strings. The whole file is about
 * a third of the upstream permissions.json's path data and decodes in a few milliseconds.
 */
import type { EncodedPathSet, PathRecord, PathSetRecord, PathsStoreFile, UpstreamScheme } from './storeData';
import { PATHS_FORMAT } from './storeData';

const SCHEME_BITS: readonly [UpstreamScheme, number][] = [
  ['DelegatedWork', 1],
  ['DelegatedPersonal', 2],
  ['Application', 4],
];

export class PathDataError extends Error {}

export function schemeMask(schemes: readonly UpstreamScheme[]): number {
  let m = 0;
  for (const [s, bit] of SCHEME_BITS) if (schemes.includes(s)) m |= bit;
  return m;
}

/** The 8 possible scheme lists, built once and shared by every decoded record (treat as read-only). */
const MASKS: UpstreamScheme[][] = Array.from({ length: 8 }, (_, mask) => SCHEME_BITS.filter(([, bit]) => (mask & bit) !== 0).map(([s]) => s));

export function schemesOfMask(mask: number): UpstreamScheme[] {
  return MASKS[mask & 7];
}

function segmentsOf(path: string): string[] {
  return path.split('/').slice(1);
}

/** Sorted distinct paths → front-coded strings (see PathsStoreFile.paths). */
export function frontCode(sorted: readonly string[]): string[] {
  const out: string[] = [];
  let prev: string[] = [];
  for (const p of sorted) {
    const seg = segmentsOf(p);
    let n = 0;
    const max = Math.min(seg.length, prev.length, 74); // '0' + 74 = 'z': stays one character
    while (n < max && seg[n] === prev[n]) n++;
    out.push(String.fromCharCode(48 + n) + seg.slice(n).join('/'));
    prev = seg;
  }
  return out;
}

/** The inverse of frontCode. Throws PathDataError on a malformed entry. Linear in the text, few allocations. */
export function frontDecode(coded: readonly unknown[]): string[] {
  const out: string[] = new Array<string>(coded.length);
  let prev = '';
  // ends[i]: the offset in `prev` just after its segment i (each segment is '/' + name).
  let ends: number[] = [];
  for (let k = 0; k < coded.length; k++) {
    const c = coded[k];
    if (typeof c !== 'string' || c.length === 0) throw new PathDataError('the path table has an entry that is not a string');
    const n = c.charCodeAt(0) - 48;
    if (n < 0 || n > ends.length) throw new PathDataError('the path table is not front-coded as expected');
    // Sorted and distinct: a path never ends inside the previous one, so the rest always holds a segment.
    const prefixEnd = n === 0 ? 0 : ends[n - 1];
    const p = prev.slice(0, prefixEnd) + '/' + c.slice(1);
    const next = ends.slice(0, n);
    for (let i = prefixEnd + 1; i < p.length; i++) if (p.charCodeAt(i) === 47) next.push(i);
    next.push(p.length);
    out[k] = p;
    prev = p;
    ends = next;
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Encodes pathSets per permission name (in the order given) into the paths file's tables. */
export function encodePathData(methods: ReadonlyMap<string, readonly PathSetRecord[]>): Pick<PathsStoreFile, 'paths' | 'also' | 'permissions'> {
  const distinct = new Set<string>();
  const alsoSet = new Set<string>();
  for (const sets of methods.values()) {
    for (const s of sets) {
      for (const p of s.paths) {
        if (p.version) throw new PathDataError(`the path ${p.path} carries a version mark; the bundled encoding has none`);
        distinct.add(p.path);
        if (p.alsoRequires?.length) alsoSet.add(p.alsoRequires.join(','));
      }
    }
  }
  const sorted = [...distinct].sort(cmp);
  const pathIndex = new Map(sorted.map((p, i) => [p, i]));
  const also = [...alsoSet].sort(cmp);
  const alsoIndex = new Map(also.map((a, i) => [a, i]));
  const permissions: [string, ...EncodedPathSet[]][] = [];
  for (const [name, sets] of methods) {
    const enc: EncodedPathSet[] = sets.map((s) => {
      const entries: number[] = [];
      for (const p of s.paths) {
        const a = p.alsoRequires?.length ? (alsoIndex.get(p.alsoRequires.join(',')) as number) + 1 : 0;
        entries.push(pathIndex.get(p.path) as number, schemeMask(p.least ?? []) | (a << 3));
      }
      return [schemeMask(s.schemes), s.methods.join(' '), entries];
    });
    permissions.push([name, ...enc]);
  }
  return { paths: frontCode(sorted), also, permissions };
}

export interface DecodedPathData {
  /** key: lower-cased permission name. */
  byName: Map<string, PathSetRecord[]>;
  /** Distinct paths. */
  pathCount: number;
  provenance?: PathsStoreFile['provenance'];
}

/** Parses and decodes the text of `data/paths.json`. Throws PathDataError with a readable message. */
export function decodePathData(text: string): DecodedPathData {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PathDataError(`the path data is not valid JSON (${(e as Error).message})`);
  }
  const f = data as Partial<PathsStoreFile>;
  if (!f || typeof f !== 'object' || f.format !== PATHS_FORMAT || !Array.isArray(f.paths) || !Array.isArray(f.also) || !Array.isArray(f.permissions)) {
    throw new PathDataError(`the path data has an unexpected shape (expected format ${PATHS_FORMAT})`);
  }
  const paths = frontDecode(f.paths);
  // One PathRecord per path and flags value, shared by every set that lists it.
  const records = new Map<number, PathRecord>();
  const also = f.also.map((a) => (typeof a === 'string' ? a.split(',') : []));
  const byName = new Map<string, PathSetRecord[]>();
  for (const entry of f.permissions) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') throw new PathDataError('the path data has a permission entry without a name');
    const sets: PathSetRecord[] = [];
    for (let i = 1; i < entry.length; i++) {
      const s = entry[i] as unknown;
      if (!Array.isArray(s) || typeof s[0] !== 'number' || typeof s[1] !== 'string' || !Array.isArray(s[2]) || s[2].length % 2 !== 0) {
        throw new PathDataError(`the path data has an invalid pathSet for ${entry[0]}`);
      }
      const list = s[2] as unknown[];
      const out: PathRecord[] = [];
      for (let j = 0; j < list.length; j += 2) {
        const idx = list[j];
        const flags = list[j + 1];
        if (typeof idx !== 'number' || typeof flags !== 'number' || !(idx >= 0 && idx < paths.length) || !(flags >= 0)) {
          throw new PathDataError(`the path data has an invalid path reference for ${entry[0]}`);
        }
        const key = idx * 1024 + flags;
        let rec = records.get(key);
        if (!rec) {
          rec = { path: paths[idx] };
          const least = flags & 7;
          if (least) rec.least = schemesOfMask(least);
          const a = flags >> 3;
          if (a) {
            const companions = also[a - 1];
            if (!companions) throw new PathDataError(`the path data has an invalid AlsoRequires reference for ${entry[0]}`);
            rec.alsoRequires = companions;
          }
          records.set(key, rec);
        }
        out.push(rec);
      }
      sets.push({ schemes: schemesOfMask(s[0]), methods: s[1] ? s[1].split(' ') : [], paths: out });
    }
    byName.set(entry[0].toLowerCase(), sets);
  }
  return { byName, pathCount: paths.length, provenance: f.provenance };
}
