/**
 * The workspace permission inventory: which permissions the scanned files reference and where.
 * Files are added, replaced and removed one at a time (incremental updates); the grouping by
 * permission is computed on demand. Plus the pure helpers of the workspace scan: which files to
 * read and the exclude glob from `files.exclude` / `search.exclude`. No `vscode` import.
 */
import type { ResolvedReference } from '../permissions/resolve';
import type { PermissionMatch } from '../store/store';
import type { PermissionKind } from '../store/storeData';
import { keyOf, type PermissionKey } from './model';

export interface UsageLocation {
  /** The file's URI (string), as the adapter names it. */
  file: string;
  /** 0-based line and UTF-16 column of the reference, and of its end. */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  /** The token as written (a GUID or a name). */
  text: string;
  form: 'guid' | 'name';
  /** The kind the document means: from the GUID, else the declared type, else the name's only kind. */
  kind: PermissionKind | 'Unknown';
  /** The `type` value as written (`Role`, `Scope`), when the document has one. */
  typeWritten?: string;
}

export interface PermissionUsage {
  key: string;
  name: string;
  resourceAppId: string;
  /** The permission (canonical casing). */
  match: PermissionKey;
  locations: UsageLocation[];
}

/** Converts offsets to positions: the adapter passes the Analysis's line index. */
export interface PositionOf {
  (offset: number): { line: number; character: number };
}

/** The usages in one file's analysed references (known permissions only). */
export function usagesOfFile(file: string, refs: readonly ResolvedReference[], positionAt: PositionOf): { match: PermissionMatch; location: UsageLocation }[] {
  const out: { match: PermissionMatch; location: UsageLocation }[] = [];
  for (const r of refs) {
    if (!r.match) continue;
    const s = positionAt(r.ref.start);
    const e = positionAt(r.ref.end);
    out.push({
      match: r.match,
      location: {
        file,
        line: s.line,
        character: s.character,
        endLine: e.line,
        endCharacter: e.character,
        text: r.ref.text,
        form: r.ref.form,
        kind: r.kind,
        typeWritten: r.ref.typeValue?.text,
      },
    });
  }
  return out;
}

export class WorkspaceInventory {
  private readonly files = new Map<string, { match: PermissionKey; location: UsageLocation }[]>();
  private grouped: PermissionUsage[] | undefined;

  /** Replaces what is known about a file (an empty list forgets it). */
  setFile(file: string, usages: { match: PermissionKey; location: UsageLocation }[]): void {
    if (usages.length) this.files.set(file, usages);
    else this.files.delete(file);
    this.grouped = undefined;
  }

  removeFile(file: string): boolean {
    const had = this.files.delete(file);
    if (had) this.grouped = undefined;
    return had;
  }

  /** Forgets every file under a folder URI (a deleted folder). */
  removeUnder(folder: string): number {
    const prefix = folder.endsWith('/') ? folder : folder + '/';
    let n = 0;
    for (const f of [...this.files.keys()]) if (f.startsWith(prefix)) n += this.files.delete(f) ? 1 : 0;
    if (n) this.grouped = undefined;
    return n;
  }

  clear(): void {
    this.files.clear();
    this.grouped = undefined;
  }

  get fileCount(): number {
    return this.files.size;
  }

  hasFile(file: string): boolean {
    return this.files.has(file);
  }

  /** Permissions sorted by name, each with its locations sorted by file, line, column. */
  byPermission(): PermissionUsage[] {
    if (this.grouped) return this.grouped;
    const map = new Map<string, PermissionUsage>();
    for (const usages of this.files.values()) {
      for (const u of usages) {
        const key = keyOf(u.match);
        let g = map.get(key);
        if (!g) {
          g = { key, name: u.match.name, resourceAppId: u.match.resourceAppId, match: u.match, locations: [] };
          map.set(key, g);
        }
        g.locations.push(u.location);
      }
    }
    const list = [...map.values()];
    for (const g of list) {
      g.locations.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.character - b.character));
    }
    list.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || (a.resourceAppId < b.resourceAppId ? -1 : 1));
    return (this.grouped = list);
  }

  find(key: string): PermissionUsage | undefined {
    return this.byPermission().find((g) => g.key === key);
  }
}

/** "Role → Application", "GUID", … : how a location wrote its permission, for the tree. */
export function describeLocation(l: UsageLocation): string {
  const form = l.form === 'guid' ? 'GUID' : 'name';
  if (l.typeWritten) return `${l.typeWritten} (${l.kind}) · ${form}`;
  return `${l.kind === 'Unknown' ? 'kind not stated' : l.kind} · ${form}`;
}

/** True when the first 8 KiB hold a NUL byte: a binary file, not scanned. */
export function isBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

/** Why a file is not scanned, or undefined when it is. */
export function skipReason(size: number, maxFileSizeKB: number, head?: Uint8Array): 'oversized' | 'binary' | undefined {
  if (size > maxFileSizeKB * 1024) return 'oversized';
  if (head && isBinary(head)) return 'binary';
  return undefined;
}

/**
 * Expands brace groups (`**\/*.{js,map}` → `**\/*.js`, `**\/*.map`), nested ones included, so that
 * patterns can be joined into one top-level `{a,b}` group (VS Code globs do not nest braces).
 */
export function expandBraces(pattern: string, limit = 64): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) return [pattern]; // unbalanced: leave as is
  const parts: string[] = [];
  let from = open + 1;
  for (const c of [...commas, close]) {
    parts.push(pattern.slice(from, c));
    from = c + 1;
  }
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const out: string[] = [];
  for (const p of parts) {
    for (const x of expandBraces(head + p + tail, limit)) {
      if (out.length >= limit) return out;
      out.push(x);
    }
  }
  return out;
}

/**
 * One glob excluding everything `files.exclude` and `search.exclude` exclude (patterns set to
 * `true`; conditional `{ "when": … }` entries are ignored), or undefined when there is none.
 */
export function excludeGlob(...settings: (Record<string, unknown> | undefined)[]): string | undefined {
  const patterns = new Set<string>();
  for (const s of settings) {
    if (!s || typeof s !== 'object') continue;
    for (const [pattern, on] of Object.entries(s)) {
      if (on !== true || !pattern.trim()) continue;
      for (const p of expandBraces(pattern.trim())) if (!p.includes(',')) patterns.add(p); // a literal comma cannot be joined
    }
  }
  if (!patterns.size) return undefined;
  const list = [...patterns];
  return list.length === 1 ? list[0] : `{${list.join(',')}}`;
}
