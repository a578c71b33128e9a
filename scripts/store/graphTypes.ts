/**
 * Extracts Microsoft Graph v1.0 resource types and enums from the text of `microsoft-graph.d.ts`
 * (npm package `@microsoft/microsoft-graph-types`), using the TypeScript compiler API.
 *
 * Mapping rules:
 * - A top-level `interface Call` becomes `microsoft.graph.call`; an interface `CallRecord` inside
 *   `namespace CallRecords` becomes `microsoft.graph.callRecords.callRecord`. Names are lower-camelled
 *   by lower-casing the first character only, as Graph does (`IPv4Range` -> `iPv4Range`,
 *   `OAuth2PermissionGrant` -> `oAuth2PermissionGrant`).
 * - The typings generator appends `Namespace` to a namespace whose name clashes with a type
 *   (`SecurityNamespace`, `IdentityGovernanceNamespace`); that suffix is dropped
 *   (`microsoft.graph.security`). Dotted namespaces (`Partners.Billing`) map segment by segment.
 * - Type references resolve like TypeScript does: the innermost enclosing namespace first, then
 *   outwards to the top level. Qualified references (`CallRecords.Session`,
 *   `microsoftgraph.Entity` via `export as namespace microsoftgraph`) are followed too.
 * - `type X = "a" | "b"` string-literal unions become enums (members in source order).
 *
 * Pure and deterministic; never throws (returns whatever it could extract).
 */
import * as ts from 'typescript';
import type { EnumTypeData, ResourcePropertyData, ResourceTypeData } from '../../src/core/store/storeData';

const GRAPH_NS = 'microsoft.graph';
const ENTITY = `${GRAPH_NS}.entity`;
const UNTYPED = 'Edm.Untyped';

export interface GraphTypesResult {
  types: ResourceTypeData[];
  enums: EnumTypeData[];
}

export interface GraphTypesDetailedResult extends GraphTypesResult {
  /** Type references (as written, with the namespace they occur in) that resolved to nothing; sorted. */
  unresolved: string[];
}

type DeclKind = 'interface' | 'enum' | 'alias';

interface Decl {
  kind: DeclKind;
  graphName: string;
  scope: Scope;
  /** Interfaces may be declared more than once (declaration merging). */
  nodes: ts.Node[];
}

interface Scope {
  /** TypeScript namespace path, e.g. `Partners.Billing`; '' at top level. */
  tsPath: string;
  /** `microsoft.graph` or `microsoft.graph.partners.billing`. */
  graphNs: string;
  parent?: Scope;
  decls: Map<string, Decl>;
  children: Map<string, Scope>;
}

/** `Call` -> `call`, `IPv4Range` -> `iPv4Range`: Graph lower-cases the first character only. */
export function lowerFirst(name: string): string {
  return name.length === 0 ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

/** `SecurityNamespace` -> `security`; `CallRecords` -> `callRecords`. */
function namespaceSegment(name: string): string {
  const stripped = /^(.+)Namespace$/.exec(name);
  return lowerFirst(stripped ? stripped[1] : name);
}

function newScope(tsPath: string, graphNs: string, parent?: Scope): Scope {
  return { tsPath, graphNs, parent, decls: new Map(), children: new Map() };
}

const DIRECTIVE = /^\s*(tslint|eslint|prettier|istanbul|@ts-|jshint|c8 )/i;

/** The leading `//` lines and `/* *\/` blocks before `node`, joined into one line. */
function leadingDescription(text: string, node: ts.Node): string | undefined {
  let ranges: ts.CommentRange[] | undefined;
  try {
    ranges = ts.getLeadingCommentRanges(text, node.pos);
  } catch {
    return undefined;
  }
  if (!ranges || ranges.length === 0) return undefined;
  const parts: string[] = [];
  for (const r of ranges) {
    const raw = text.slice(r.pos, r.end);
    let body: string;
    if (r.kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      body = raw.replace(/^\/\/\/?/, '');
    } else {
      body = raw
        .replace(/^\/\*\*?/, '')
        .replace(/\*\/$/, '')
        .split(/\r?\n/)
        .map((line) => line.replace(/^\s*\*(?!\/)/, ''))
        .join(' ');
    }
    if (DIRECTIVE.test(body)) continue;
    const clean = body.replace(/\s+/g, ' ').trim();
    if (clean) parts.push(clean);
  }
  const joined = parts.join(' ').trim();
  return joined.length > 0 ? joined : undefined;
}

/** Sentences of a description, split after `.`, `;`, `!` or `?` followed by white space. */
function sentences(description: string): string[] {
  return description
    .split(/(?<=[.;!?]['")\]]*)\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** "Read-only", "Read-Only", "Read only", "Readonly", "read-only" — but not the identifier-like "ReadOnly" (an enum value). */
const RO = /[Rr]ead(?:[- ][Oo]nly|only)/g;
const RO_NEG = /\b(?:not|non|isn't|aren't|never)[- ](?:[Rr]ead(?:[- ][Oo]nly|only))/;
/** Sentences that start with a condition make the read-only statement conditional ("For synced users, ... is read-only"). */
const CONDITIONAL_START = /^(?:if|when|unless|for(?!\s+(?:example|instance))|only|once|after|before|whether)\b/i;
/** Words after "read-only" that make it conditional or a noun phrase ("read-only when isBuiltIn", "read-only mode"). */
const RO_QUALIFIED = /^\s+(?:when|if|for|unless|except|until|after|once|while|mode|access|version|copy|state|permission)/i;
/** "Read-only." at the start of a sentence or clause, or after a comma/colon/parenthesis ("Read-only, Nullable."). */
const RO_LEAD_BEFORE = /(?:^|[,;:)]\s*|\s-\s*)$/;
/** "... 2014-01-01T00:00:00Z Read-only." — a capitalised, stand-alone "Read-only" ending a clause. */
const RO_TAIL_AFTER = /^\s*(?:[.,;(]|$)/;
/** "This property is read-only", "it is nullable and readonly", "The value is always read-only". */
const RO_SUBJECT_BEFORE = /(?:^|,\s*)(?:this|the|its|it)\b[^;]*?\b(?:is|are)\s+(?:always\s+)?(?:[\w-]+\s+and\s+)?$/i;

export function isReadOnlyDescription(description: string | undefined): boolean {
  if (!description) return false;
  for (const s of sentences(description)) {
    if (RO_NEG.test(s) || CONDITIONAL_START.test(s)) continue;
    for (const m of s.matchAll(RO)) {
      const before = s.slice(0, m.index);
      const after = s.slice((m.index ?? 0) + m[0].length);
      if (/^[-\w]/.test(after) || RO_QUALIFIED.test(after)) continue;
      if (RO_LEAD_BEFORE.test(before)) return true;
      if (m[0][0] === 'R' && RO_TAIL_AFTER.test(after)) return true;
      if (RO_SUBJECT_BEFORE.test(before)) return true;
      if (/^this\s+$/i.test(before) && /^\s+(?:property|field|value|attribute|collection)\b/i.test(after)) return true;
    }
  }
  return false;
}

/** "Required." / "Required" / "This property is required." / "Required, Read-only." */
const REQ_PLAIN = /^(?:required|(?:this|the)\s+(?:property|field|value|parameter)\s+is\s+required|it\s+is\s+required)\s*(?:[.;,!]|$)/i;
/** A sentence that states a requirement under some condition: "Required information for ...", "Required if ...". */
const REQ_COND_START = /^required\b(?!\s*(?:format|[.;,!]|$))/i;
const REQ_COND_SUBJECT =
  /^(?:(?:this|the)\s+(?:property|field|value|parameter|attribute)|it)\s+is\s+(?:only\s+)?required\s+(?:when|if|for|on|unless)\b/i;

export function requiredInfo(description: string | undefined): { required: boolean; requiredWhen?: string } {
  let required = false;
  let requiredWhen: string | undefined;
  if (!description) return { required };
  for (const s of sentences(description)) {
    if (REQ_PLAIN.test(s)) required = true;
    else if (requiredWhen === undefined && (REQ_COND_START.test(s) || REQ_COND_SUBJECT.test(s))) requiredWhen = s;
  }
  return requiredWhen === undefined ? { required } : { required, requiredWhen };
}

function entityNameParts(name: ts.EntityName): string[] {
  const parts: string[] = [];
  let n: ts.EntityName = name;
  while (ts.isQualifiedName(n)) {
    parts.unshift(n.right.text);
    n = n.left;
  }
  parts.unshift(n.text);
  return parts;
}

function expressionParts(expr: ts.Expression): string[] | undefined {
  const parts: string[] = [];
  let e: ts.Expression = expr;
  while (ts.isPropertyAccessExpression(e)) {
    parts.unshift(e.name.text);
    e = e.expression;
  }
  if (!ts.isIdentifier(e)) return undefined;
  parts.unshift(e.text);
  return parts;
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) {
    return name.text;
  }
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

function stringLiteralUnion(type: ts.TypeNode): string[] | undefined {
  let t = type;
  while (ts.isParenthesizedTypeNode(t)) t = t.type;
  const members = ts.isUnionTypeNode(t) ? t.types : [t];
  const out: string[] = [];
  for (let m of members) {
    while (ts.isParenthesizedTypeNode(m)) m = m.type;
    if (!ts.isLiteralTypeNode(m)) return undefined;
    const lit = m.literal;
    if (!ts.isStringLiteral(lit) && !ts.isNoSubstitutionTemplateLiteral(lit)) return undefined;
    out.push(lit.text);
  }
  return out.length > 0 ? out : undefined;
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

interface TypeShape {
  type: string;
  collection: boolean;
  nullable: boolean;
}

class Extractor {
  private readonly root = newScope('', GRAPH_NS);
  /** Names that `export as namespace X` makes refer to the top level. */
  private readonly globalAliases = new Set<string>();
  private readonly unresolved = new Set<string>();

  constructor(private readonly text: string) {}

  run(): GraphTypesDetailedResult {
    let sf: ts.SourceFile | undefined;
    try {
      sf = ts.createSourceFile('microsoft-graph.d.ts', this.text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    } catch {
      return { types: [], enums: [], unresolved: [] };
    }
    try {
      this.collect(sf.statements, this.root);
    } catch {
      /* keep what was collected */
    }
    const enums: EnumTypeData[] = [];
    const types: ResourceTypeData[] = [];
    const seenEnums = new Set<string>();
    const seenTypes = new Set<string>();
    const bases = new Map<string, string | undefined>();
    const pending: { decl: Decl; data: ResourceTypeData }[] = [];

    for (const decl of this.allDecls()) {
      try {
        if (decl.kind === 'enum') {
          if (seenEnums.has(decl.graphName)) continue;
          seenEnums.add(decl.graphName);
          const members = stringLiteralUnion((decl.nodes[0] as ts.TypeAliasDeclaration).type) ?? [];
          enums.push({ name: decl.graphName, members });
        } else if (decl.kind === 'interface') {
          if (seenTypes.has(decl.graphName)) continue;
          seenTypes.add(decl.graphName);
          const data = this.interfaceData(decl);
          bases.set(data.name, data.baseType);
          pending.push({ decl, data });
        }
      } catch {
        /* skip this declaration */
      }
    }
    for (const { data } of pending) {
      data.kind = this.derivesFromEntity(data.name, bases) ? 'entity' : 'complex';
      types.push(data);
    }
    types.sort(byName);
    enums.sort(byName);
    return { types, enums, unresolved: [...this.unresolved].sort() };
  }

  private *allDecls(): Generator<Decl> {
    const stack: Scope[] = [this.root];
    while (stack.length > 0) {
      const scope = stack.pop()!;
      yield* scope.decls.values();
      stack.push(...scope.children.values());
    }
  }

  private collect(statements: ts.NodeArray<ts.Statement> | readonly ts.Statement[], scope: Scope): void {
    for (const st of statements) {
      try {
        if (ts.isInterfaceDeclaration(st)) {
          this.declare(scope, st.name.text, 'interface', st);
        } else if (ts.isTypeAliasDeclaration(st)) {
          const name = st.name.text;
          if (st.typeParameters && st.typeParameters.length > 0) continue; // NullableOption<T> and other helpers
          this.declare(scope, name, stringLiteralUnion(st.type) ? 'enum' : 'alias', st);
        } else if (ts.isModuleDeclaration(st)) {
          this.collectModule(st, scope);
        } else if (ts.isNamespaceExportDeclaration(st)) {
          this.globalAliases.add(st.name.text);
        }
      } catch {
        /* skip odd statement */
      }
    }
  }

  private collectModule(mod: ts.ModuleDeclaration, scope: Scope): void {
    if (!ts.isIdentifier(mod.name)) return; // `declare module "x"` — not a Graph namespace
    if (mod.flags & ts.NodeFlags.GlobalAugmentation) return;
    const name = mod.name.text;
    let child = scope.children.get(name);
    if (!child) {
      child = newScope(scope.tsPath ? `${scope.tsPath}.${name}` : name, `${scope.graphNs}.${namespaceSegment(name)}`, scope);
      scope.children.set(name, child);
    }
    const body = mod.body;
    if (!body) return;
    if (ts.isModuleDeclaration(body)) this.collectModule(body, child);
    else if (ts.isModuleBlock(body)) this.collect(body.statements, child);
  }

  private declare(scope: Scope, name: string, kind: DeclKind, node: ts.Node): void {
    const existing = scope.decls.get(name);
    if (existing) {
      if (existing.kind === kind) existing.nodes.push(node);
      else if (kind === 'interface' && existing.kind !== 'interface') {
        // An interface wins over a same-named alias in the type space of the output.
        scope.decls.set(name, { kind, graphName: `${scope.graphNs}.${lowerFirst(name)}`, scope, nodes: [node] });
      }
      return;
    }
    scope.decls.set(name, { kind, graphName: `${scope.graphNs}.${lowerFirst(name)}`, scope, nodes: [node] });
  }

  /** Resolves `X`, `NS.X` or `microsoftgraph.X` as seen from `scope`. */
  private resolve(parts: string[], scope: Scope): Decl | undefined {
    if (parts.length === 0) return undefined;
    const last = parts[parts.length - 1];
    if (parts.length === 1) {
      for (let s: Scope | undefined = scope; s; s = s.parent) {
        const d = s.decls.get(last);
        if (d) return d;
      }
      return undefined;
    }
    const [head, ...rest] = parts;
    const middle = rest.slice(0, -1);
    const starts: Scope[] = [];
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const c = s.children.get(head);
      if (c) starts.push(c);
    }
    if (this.globalAliases.has(head)) starts.push(this.root);
    for (const start of starts) {
      let s: Scope | undefined = start;
      for (const seg of middle) {
        s = s?.children.get(seg);
        if (!s) break;
      }
      const d = s?.decls.get(last);
      if (d) return d;
    }
    return undefined;
  }

  private interfaceData(decl: Decl): ResourceTypeData {
    let baseType: string | undefined;
    let description: string | undefined;
    const properties: ResourcePropertyData[] = [];
    const seenProps = new Set<string>();
    for (const node of decl.nodes) {
      const iface = node as ts.InterfaceDeclaration;
      description ??= leadingDescription(this.text, iface);
      if (baseType === undefined) baseType = this.baseOf(iface, decl.scope);
      for (const member of iface.members) {
        try {
          if (!ts.isPropertySignature(member)) continue;
          const name = propertyNameText(member.name);
          if (name === undefined || seenProps.has(name)) continue;
          seenProps.add(name);
          properties.push(this.propertyData(name, member, decl.scope));
        } catch {
          /* skip odd member */
        }
      }
    }
    return {
      name: decl.graphName,
      kind: 'complex',
      ...(baseType !== undefined ? { baseType } : {}),
      ...(description !== undefined ? { description } : {}),
      properties,
    };
  }

  private baseOf(iface: ts.InterfaceDeclaration, scope: Scope): string | undefined {
    for (const clause of iface.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const t of clause.types) {
        const parts = expressionParts(t.expression);
        if (!parts) continue;
        const d = this.resolve(parts, scope);
        if (d && d.kind === 'interface') return d.graphName;
        this.unresolved.add(`${scope.tsPath ? scope.tsPath + ': ' : ''}${parts.join('.')}`);
      }
    }
    return undefined;
  }

  private propertyData(name: string, member: ts.PropertySignature, scope: Scope): ResourcePropertyData {
    const shape = member.type ? this.shapeOf(member.type, scope, 0) : { type: UNTYPED, collection: false, nullable: false };
    const description = leadingDescription(this.text, member);
    const req = requiredInfo(description);
    return {
      name,
      type: shape.type,
      collection: shape.collection,
      nullable: shape.nullable,
      ...(description !== undefined ? { description } : {}),
      readOnly: isReadOnlyDescription(description),
      required: req.required,
      ...(req.requiredWhen !== undefined ? { requiredWhen: req.requiredWhen } : {}),
    };
  }

  private shapeOf(node: ts.TypeNode, scope: Scope, depth: number): TypeShape {
    const untyped: TypeShape = { type: UNTYPED, collection: false, nullable: false };
    if (depth > 20) return untyped;
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'Edm.String', collection: false, nullable: false };
      case ts.SyntaxKind.NumberKeyword:
      case ts.SyntaxKind.BigIntKeyword:
        return { type: 'Edm.Number', collection: false, nullable: false };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'Edm.Boolean', collection: false, nullable: false };
    }
    if (ts.isParenthesizedTypeNode(node)) return this.shapeOf(node.type, scope, depth + 1);
    if (ts.isArrayTypeNode(node)) {
      const inner = this.shapeOf(node.elementType, scope, depth + 1);
      return { ...inner, collection: true };
    }
    if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) {
      return this.shapeOf(node.type, scope, depth + 1);
    }
    if (ts.isLiteralTypeNode(node)) {
      const lit = node.literal;
      if (lit.kind === ts.SyntaxKind.NullKeyword) return { ...untyped, nullable: true };
      if (ts.isStringLiteral(lit) || ts.isNoSubstitutionTemplateLiteral(lit)) return { type: 'Edm.String', collection: false, nullable: false };
      if (ts.isNumericLiteral(lit) || ts.isPrefixUnaryExpression(lit)) return { type: 'Edm.Number', collection: false, nullable: false };
      if (lit.kind === ts.SyntaxKind.TrueKeyword || lit.kind === ts.SyntaxKind.FalseKeyword) {
        return { type: 'Edm.Boolean', collection: false, nullable: false };
      }
      return untyped;
    }
    if (ts.isUnionTypeNode(node)) {
      let nullable = false;
      const rest: ts.TypeNode[] = [];
      for (const t of node.types) {
        if (t.kind === ts.SyntaxKind.UndefinedKeyword) continue;
        if (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword) {
          nullable = true;
          continue;
        }
        rest.push(t);
      }
      const shapes = rest.map((t) => this.shapeOf(t, scope, depth + 1));
      if (shapes.length === 0) return { ...untyped, nullable };
      const first = shapes[0];
      const same = shapes.every((s) => s.type === first.type && s.collection === first.collection);
      const base = same ? first : untyped;
      return { ...base, nullable: nullable || shapes.some((s) => s.nullable) };
    }
    if (ts.isTypeReferenceNode(node)) {
      const parts = entityNameParts(node.typeName);
      const last = parts[parts.length - 1];
      const args = node.typeArguments ?? [];
      const decl = this.resolve(parts, scope);
      if (!decl && last === 'NullableOption' && args.length === 1) {
        return { ...this.shapeOf(args[0], scope, depth + 1), nullable: true };
      }
      if (!decl && (last === 'Array' || last === 'ReadonlyArray') && parts.length === 1 && args.length === 1) {
        return { ...this.shapeOf(args[0], scope, depth + 1), collection: true };
      }
      if (!decl) {
        this.unresolved.add(`${scope.tsPath ? scope.tsPath + ': ' : ''}${parts.join('.')}`);
        return untyped;
      }
      if (decl.kind === 'interface' || decl.kind === 'enum') {
        return { type: decl.graphName, collection: false, nullable: false };
      }
      // A plain alias: follow it from where it is declared.
      const alias = decl.nodes[0] as ts.TypeAliasDeclaration;
      return this.shapeOf(alias.type, decl.scope, depth + 1);
    }
    return untyped;
  }

  private derivesFromEntity(name: string, bases: Map<string, string | undefined>): boolean {
    const seen = new Set<string>();
    let cur: string | undefined = name;
    while (cur !== undefined && !seen.has(cur)) {
      if (cur === ENTITY) return true;
      seen.add(cur);
      cur = bases.get(cur);
    }
    return false;
  }
}

/** Types and enums with type references that did not resolve (for diagnostics). */
export function extractGraphTypesDetailed(dtsText: string): GraphTypesDetailedResult {
  try {
    return new Extractor(typeof dtsText === 'string' ? dtsText : '').run();
  } catch {
    return { types: [], enums: [], unresolved: [] };
  }
}

export function extractGraphTypes(dtsText: string): { types: ResourceTypeData[]; enums: EnumTypeData[] } {
  const { types, enums } = extractGraphTypesDetailed(dtsText);
  return { types, enums };
}
