/**
 * The path table: which permissions allow which method on which Graph resource, and the
 * least-privileged choice, matched the way Microsoft's reference implementation (kibali's
 * `AuthZChecker.FindResource` / `ProtectedResource.FetchLeastPrivilege`) does it:
 *
 * - the table is the permissions document inverted: resource template → method → scheme → claims;
 * - a request path is walked segment by segment over a tree of templates, a literal segment before
 *   a `{placeholder}` (case-insensitive); segments that are only `(…)` are skipped;
 * - the least-privileged claims of a method and scheme are those marked `least=`; when several are,
 *   the one whose only method on this resource is the asked method wins, else the one with the
 *   fewest methods on it (several "exclusive" ones are all kept, as pairs when paired);
 * - a claim with `AlsoRequires=` counts only with its companion: it is reported as a pair.
 *
 * Beyond kibali, for code as people write it, a path that matches nothing falls back along named
 * rules (`/me/…` ↔ `/users/{id}/…`, a trailing `/$value`, `/$count` or `/$ref`) and says which.
 *
 * Pure: built from the upstream path sets (what the importer produces, or a bundled table); no I/O.
 */
import type { PathSetRecord, PermissionKind, UpstreamScheme } from '../store/storeData';
import { segKey } from './requestPaths';

/** One permission's claim on a resource for one method and scheme. */
export interface Claim {
  permission: string;
  /** Upstream marks it least-privileged (`least=`) for this scheme on this resource. */
  least: boolean;
  /** Companions: the permission counts only with one of these (`AlsoRequires=`). */
  alsoRequires: string[];
}

/** A resource of the table: its template as published and its claims. */
export interface ProtectedResource {
  /** The first template spelling seen (`/users/{id}/calendarView`). */
  template: string;
  /** method → scheme → claims (one per permission). */
  methods: Map<string, Map<UpstreamScheme, Claim[]>>;
}

/** How a request path was matched when it did not match as written. */
export type FallbackRule = 'me-as-user' | 'user-as-me' | 'suffix-dropped';

export const FALLBACK_TEXT: Record<FallbackRule, string> = {
  'me-as-user': 'matched as /users/{id}/… (upstream lists no /me/… form of this path)',
  'user-as-me': 'matched as /me/… (upstream lists no /users/{id}/… form of this path)',
  'suffix-dropped': 'matched without its trailing /$value, /$count or /$ref segment',
};

export interface ResourceMatch {
  resource: ProtectedResource;
  /** Absent when the path matched as written. */
  rule?: FallbackRule;
  /** The path actually matched (after the fallback). */
  matchedPath: string;
}

interface Node {
  literal: Map<string, Node>;
  param?: Node;
  resource?: ProtectedResource;
}

const SCHEME_ORDER: UpstreamScheme[] = ['DelegatedWork', 'DelegatedPersonal', 'Application'];

/** Comparison key of a segment (see `segKey`); undefined for a segment that is only `(…)`, which is skipped. */
function segmentKey(seg: string): { key: string; placeholder: boolean } | undefined {
  return /^\(.*\)$/s.test(seg) ? undefined : segKey(seg);
}

function splitPath(path: string): { key: string; placeholder: boolean }[] {
  const q = path.search(/[?#]/);
  const p = q >= 0 ? path.slice(0, q) : path;
  const out: { key: string; placeholder: boolean }[] = [];
  for (const seg of p.split('/')) {
    if (!seg) continue;
    const k = segmentKey(seg);
    if (k) out.push(k);
  }
  return out;
}

export function schemesOf(kind: PermissionKind): UpstreamScheme[] {
  return kind === 'Application' ? ['Application'] : ['DelegatedWork', 'DelegatedPersonal'];
}

/**
 * Permission name → path sets. Paths with a query part (`/x?$filter=…`) are conditions on a
 * request, not resources: they are left out of the tree rather than matched too broadly.
 */
export class PathTable {
  private readonly root: Node = { literal: new Map() };
  private readonly byTemplate = new Map<string, ProtectedResource>();
  /** `${permission lower}|${scheme}|${template lower}` → methods (for disambiguation). */
  private readonly permissionMethods = new Map<string, Set<string>>();
  private size = 0;

  constructor(sets: Iterable<readonly [string, readonly PathSetRecord[]]>, version: 'v1.0' | 'beta' = 'v1.0') {
    for (const [name, list] of sets) {
      for (const set of list) {
        for (const p of set.paths) {
          if (p.version && p.version !== version) continue;
          if (/[?#]/.test(p.path)) continue;
          const resource = this.resourceFor(p.path);
          if (!resource) continue;
          for (const method of set.methods) {
            const m = method.toUpperCase();
            let bySch = resource.methods.get(m);
            if (!bySch) resource.methods.set(m, (bySch = new Map()));
            for (const scheme of set.schemes) {
              let claims = bySch.get(scheme);
              if (!claims) bySch.set(scheme, (claims = []));
              const least = !!p.least?.includes(scheme);
              const prev = claims.find((c) => c.permission.toLowerCase() === name.toLowerCase());
              if (prev) {
                prev.least ||= least;
                for (const a of p.alsoRequires ?? []) if (!prev.alsoRequires.includes(a)) prev.alsoRequires.push(a);
              } else {
                claims.push({ permission: name, least, alsoRequires: [...(p.alsoRequires ?? [])] });
              }
              const pk = `${name.toLowerCase()}|${scheme}|${resource.template.toLowerCase()}`;
              let ms = this.permissionMethods.get(pk);
              if (!ms) this.permissionMethods.set(pk, (ms = new Set()));
              ms.add(m);
            }
          }
        }
      }
    }
  }

  /** Number of distinct resources (templates) in the table. */
  get resources(): number {
    return this.size;
  }

  /** Every resource template, as first spelled. */
  templates(): string[] {
    return [...this.byTemplate.values()].map((r) => r.template);
  }

  /** Every (method, template) operation in the table, with the template's other methods. */
  *operations(): Iterable<{ method: string; path: string; methods: ReadonlySet<string> }> {
    for (const r of this.byTemplate.values()) {
      const methods = new Set(r.methods.keys());
      for (const method of methods) yield { method, path: r.template, methods };
    }
  }

  private resourceFor(template: string): ProtectedResource | undefined {
    const keys = splitPath(template);
    if (!keys.length) return undefined;
    let node = this.root;
    for (const k of keys) {
      if (k.placeholder) node = node.param ??= { literal: new Map() };
      else {
        let next = node.literal.get(k.key);
        if (!next) node.literal.set(k.key, (next = { literal: new Map() }));
        node = next;
      }
    }
    if (!node.resource) {
      node.resource = { template, methods: new Map() };
      this.byTemplate.set(keys.map((k) => k.key).join('/'), node.resource);
      this.size++;
    }
    return node.resource;
  }

  /**
   * The resource a request path names, as kibali finds it: literal segments first, else the
   * placeholder (with backtracking, so `/a/b` still finds `/a/{id}` when the literal `b` branch
   * leads nowhere). A call's own `{id}` only fits a placeholder. Undefined when nothing fits.
   */
  findResource(path: string): ProtectedResource | undefined {
    return this.walk(this.root, splitPath(path), 0);
  }

  private walk(node: Node, keys: readonly { key: string; placeholder: boolean }[], i: number): ProtectedResource | undefined {
    if (i === keys.length) return node.resource;
    const k = keys[i];
    if (!k.placeholder) {
      const lit = node.literal.get(k.key);
      if (lit) {
        const r = this.walk(lit, keys, i + 1);
        if (r) return r;
      }
    }
    return node.param ? this.walk(node.param, keys, i + 1) : undefined;
  }

  /**
   * The resource for a request that has claims for `method` under one of `schemes`: the path as
   * written, else along the fallback rules (named in the result).
   */
  match(path: string, method: string, schemes: readonly UpstreamScheme[]): ResourceMatch | undefined {
    const m = method.toUpperCase();
    const has = (r: ProtectedResource | undefined): boolean => !!r && schemes.some((s) => (r.methods.get(m)?.get(s)?.length ?? 0) > 0);
    // An app-only token has no /me: the /me → /users/{id} fallback is for delegated schemes only.
    for (const v of pathVariants(path, schemes.some((s) => s !== 'Application'))) {
      const r = this.findResource(v.path);
      if (has(r)) return { resource: r!, rule: v.rule, matchedPath: v.path };
    }
    return undefined;
  }

  /** Claims of a resource for a method and scheme (empty when none). */
  claims(resource: ProtectedResource, method: string, scheme: UpstreamScheme): readonly Claim[] {
    return resource.methods.get(method.toUpperCase())?.get(scheme) ?? [];
  }

  /** Methods a permission has on a resource under a scheme. */
  methodsOn(resource: ProtectedResource, permission: string, scheme: UpstreamScheme): ReadonlySet<string> {
    return this.permissionMethods.get(`${permission.toLowerCase()}|${scheme}|${resource.template.toLowerCase()}`) ?? new Set();
  }

  /**
   * The least-privileged choice for a method and scheme on a resource, as kibali's
   * FetchLeastPrivilege: a list of alternatives, each one permission or a pair (a permission and
   * the companion it also requires). Empty when upstream marks no claim least-privileged.
   */
  leastPrivilege(resource: ProtectedResource, method: string, scheme: UpstreamScheme): string[][] {
    const m = method.toUpperCase();
    const least = this.claims(resource, m, scheme).filter((c) => c.least);
    if (least.length <= 1) return least.map(withCompanion);
    const exclusive = least.filter((c) => this.methodsOn(resource, c.permission, scheme).size === 1);
    if (exclusive.length > 1) return pairsOf(least);
    const only = exclusive.find((c) => this.methodsOn(resource, c.permission, scheme).has(m));
    if (only) return [withCompanion(only)];
    let best = least[0];
    let fewest = Infinity;
    for (const c of least) {
      const ms = this.methodsOn(resource, c.permission, scheme);
      if (ms.has(m) && ms.size < fewest) {
        best = c;
        fewest = ms.size;
      }
    }
    return [withCompanion(best)];
  }

  /** FetchLeastPrivilege over every method (sorted) and scheme (in upstream order), optionally narrowed. */
  leastPrivilegeTable(resource: ProtectedResource, method?: string, scheme?: UpstreamScheme): Map<string, Map<UpstreamScheme, string[][]>> {
    const out = new Map<string, Map<UpstreamScheme, string[][]>>();
    const methods = method ? [method.toUpperCase()] : [...resource.methods.keys()].sort();
    for (const m of methods) {
      const bySch = resource.methods.get(m);
      if (!bySch) continue;
      const row = new Map<UpstreamScheme, string[][]>();
      for (const s of SCHEME_ORDER) {
        if (scheme && s !== scheme) continue;
        if (!bySch.has(s)) continue;
        const l = this.leastPrivilege(resource, m, s);
        if (l.length) row.set(s, l);
      }
      out.set(m, row);
    }
    return out;
  }
}

function withCompanion(c: Claim): string[] {
  return c.alsoRequires.length ? [c.permission, c.alsoRequires[0]] : [c.permission];
}

/** Several least claims: each as a pair with its companion, the same pair only once (order-free). */
function pairsOf(claims: readonly Claim[]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const c of claims) {
    const p = withCompanion(c);
    const key = p.map((x) => x.toLowerCase()).sort().join('&');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/** The path as written, then the fallbacks in order (each rule once). */
export function pathVariants(path: string, meAsUser = true): { path: string; rule?: FallbackRule }[] {
  const q = path.search(/[?#]/);
  const p = (q >= 0 ? path.slice(0, q) : path).replace(/\/+$/, '');
  const out: { path: string; rule?: FallbackRule }[] = [{ path: p }];
  const swap = (x: string): { path: string; rule: FallbackRule } | undefined => {
    if (/^\/me(?=\/|$)/i.test(x)) return meAsUser ? { path: '/users/{id}' + x.slice(3), rule: 'me-as-user' } : undefined;
    const u = /^\/users\/[^/]+(?=\/|$)/i.exec(x);
    if (u) return { path: '/me' + x.slice(u[0].length), rule: 'user-as-me' };
    return undefined;
  };
  const s = swap(p);
  if (s) out.push(s);
  const stripped = p.replace(/\/\$(?:value|count|ref)$/i, '');
  if (stripped !== p && stripped) {
    out.push({ path: stripped, rule: 'suffix-dropped' });
    const s2 = swap(stripped);
    if (s2) out.push({ path: s2.path, rule: 'suffix-dropped' });
  }
  return out;
}
