/**
 * YAML scanner (GitHub Actions workflows, Azure Pipelines, Teams Toolkit `teamsapp.yml` /
 * `m365agents.yml`, Kubernetes / Helm values, docker-compose), with the `yaml` package's source
 * ranges.
 *
 * Where it looks, and the kind it assigns:
 * - values under keys named like scope / permission lists (`scopes`, `GRAPH_SCOPES`,
 *   `graphPermissions`, `delegatedPermissions`, `appRoles` as a list of names) — sequences and
 *   space/comma-separated strings → kind from the key (…scope…/delegated → Delegated,
 *   …role…/application → Application, else Unknown);
 * - Azure Pipelines variable lists (`- name: graphScopes` / `value: …`) → the same, by the name;
 * - `appRoleId` → Application; `scope` beside `consentType` → Delegated;
 * - `requiredResourceAccess` written in YAML → kind from `type`;
 * - comments and other scalars → plain mentions (hover only).
 * Never: `permissions:` of GitHub Actions jobs (`contents: read`), an app's own `appRoles` /
 * `oauth2PermissionScopes` definitions.
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node as YNode } from 'yaml';
import { declaredKindOf } from './json';
import type { PermissionOracle } from './names';
import { annotateKinds } from './plain';
import { Collector, kindFromName, plainMentions, type FormatScan, type TokenContext } from './tokens';

const LIST_KEY = /(?:scopes?|permissions|roles)$/i;
const SKIP_KEYS = /^(?:appRoles|oauth2PermissionScopes|oauth2Permissions|preAuthorizedApplications|knownClientApplications|keyCredentials|passwordCredentials|identifierUris)$/;

/**
 * Deepest `[`/`{` nesting outside quotes and comments. The yaml package slows down sharply on deeply
 * nested flow collections and, past a few hundred levels, can abort the process with an uncatchable
 * RegExp allocation failure: such text is scanned as plain text instead.
 */
export function flowDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote) {
      if (ch === quote) quote = 0;
      else if (ch === 10) quote = 0;
      continue;
    }
    if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 35 /* # */) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (ch === 91 || ch === 123) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if ((ch === 93 || ch === 125) && depth > 0) depth--;
  }
  return max;
}

const MAX_FLOW_DEPTH = 64;
/** Larger YAML (rare: pipelines and teamsapp.yml are a few KiB) is scanned as plain text, not parsed. */
const MAX_PARSED_YAML = 256 * 1024;

export function scanYaml(text: string, oracle: PermissionOracle): FormatScan {
  const c = new Collector(oracle);
  if (text.length > MAX_PARSED_YAML || flowDepth(text, MAX_FLOW_DEPTH) > MAX_FLOW_DEPTH) {
    plainMentions(c, text, 0, text.length);
    annotateKinds(c.refs, text);
    return c.finish();
  }
  try {
    // prettyErrors off: formatting each error's context is quadratic on malformed input (runs of quotes).
    const docs = parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false, strict: false, prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [];
    for (const d of list) if (d.contents) walk(c, text, d.contents as YNode, { position: 'string' }, oracle);
  } catch (e) {
    c.fail(e); // the yaml package never throws on syntax errors, but be safe
  }
  comments(c, text);
  annotateKinds(c.refs.filter((r) => r.position === 'string'), text);
  return c.finish();
}

function scalarString(node: YNode): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function walk(c: Collector, text: string, root: YNode, rootCtx: TokenContext, oracle: PermissionOracle): void {
  const stack: { node: YNode; ctx: TokenContext }[] = [{ node: root, ctx: rootCtx }];
  let steps = 0;
  while (stack.length && steps++ < 2_000_000) {
    const { node, ctx } = stack.pop() as { node: YNode; ctx: TokenContext };
    if (isScalar(node)) {
      scalar(c, text, node, ctx);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i] as YNode, ctx });
    } else if (isMap(node)) {
      const pairs = node.items.filter(isPair);
      const keyOf = (p: (typeof pairs)[number]): string => (isScalar(p.key) ? String(p.key.value) : '');
      const keys = new Map(pairs.map((p) => [keyOf(p), p]));
      // requiredResourceAccess in YAML
      const appPair = keys.get('resourceAppId');
      const accessPair = keys.get('resourceAccess');
      const handled = new Set<unknown>();
      if (appPair && accessPair && isSeq(accessPair.value)) {
        handled.add(appPair);
        handled.add(accessPair);
        resourceAccess(c, text, appPair.value as YNode, accessPair.value.items as YNode[], oracle);
      }
      // Azure Pipelines: - name: graphScopes / value: "…"
      const nameV = keys.get('name') && scalarString(keys.get('name')?.value as YNode);
      const valuePair = keys.get('value');
      const grant = keys.has('consentType');
      for (let i = pairs.length - 1; i >= 0; i--) {
        const p = pairs[i];
        if (handled.has(p) || !p.value) continue;
        const k = keyOf(p);
        if (SKIP_KEYS.test(k)) continue;
        let next: TokenContext = { position: 'string' };
        if (k === 'appRoleId') next = { position: 'scopeList', kind: 'Application' };
        else if (k === 'scope' && grant) next = { position: 'scopeList', kind: 'Delegated', strong: true };
        else if (LIST_KEY.test(k) && !(k === 'permissions' && isMap(p.value))) next = { position: 'scopeList', kind: kindFromName(k) };
        else if (p === valuePair && nameV && LIST_KEY.test(nameV)) next = { position: 'scopeList', kind: kindFromName(nameV) };
        else if (ctx.position === 'scopeList' && isSeq(p.value)) next = ctx;
        stack.push({ node: p.value as YNode, ctx: next });
      }
    }
  }
}

function rangeOf(node: YNode): { start: number; end: number } | undefined {
  const r = (node as { range?: [number, number, number] }).range;
  if (!r) return undefined;
  return { start: r[0], end: r[1] };
}

function scalar(c: Collector, text: string, node: YNode, ctx: TokenContext): void {
  if (!isScalar(node) || typeof node.value !== 'string') return;
  const r = rangeOf(node);
  if (!r) return;
  let { start, end } = r;
  const q = text[start];
  if (q === '"' || q === "'") {
    start++;
    if (text[end - 1] === q) end--;
  }
  if (end - start > 100_000) return;
  const raw = text.slice(start, end);
  if (ctx.position === 'string') {
    if (/\s/.test(raw) || raw !== node.value) plainMentions(c, text, start, end);
    else c.token(raw, start, ctx);
    return;
  }
  c.scopeString(raw, start, ctx);
}

function resourceAccess(c: Collector, text: string, appNode: YNode, entries: YNode[], oracle: PermissionOracle): void {
  const appText = scalarString(appNode);
  const appRange = rangeOf(appNode);
  const appId = appText ? oracle.resourceAppId(appText.trim()) ?? (/^[0-9a-f-]{36}$/i.test(appText.trim()) ? appText.trim().toLowerCase() : undefined) : undefined;
  if (appText && appRange) c.addApp({ ...appRange, text: appText, appId: oracle.resourceAppId(appText.trim()) });
  for (const e of entries) {
    if (!isMap(e)) continue;
    let idNode: YNode | undefined;
    let typeNode: YNode | undefined;
    for (const p of e.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      if (p.key.value === 'id') idNode = p.value as YNode;
      if (p.key.value === 'type') typeNode = p.value as YNode;
    }
    const id = idNode && scalarString(idNode);
    const ir = idNode && rangeOf(idNode);
    if (!id || !ir) continue;
    const ctx: TokenContext = { position: 'resourceAccess', appId, entry: rangeOf(e) };
    if (appText !== undefined) ctx.appText = appText;
    if (appRange) ctx.appRange = appRange;
    const t = typeNode && scalarString(typeNode);
    const tr = typeNode && rangeOf(typeNode);
    if (t && tr) {
      const s = text[tr.start] === '"' || text[tr.start] === "'" ? tr.start + 1 : tr.start;
      ctx.typeValue = { start: s, end: s + t.length, text: t };
      const k = declaredKindOf(t);
      if (k) ctx.kind = k;
    }
    const s = text[ir.start] === '"' || text[ir.start] === "'" ? ir.start + 1 : ir.start;
    c.token(id.trim(), s, ctx);
  }
}

/** `# …` comments: a `#` at the start of a line or after whitespace, outside quotes (approximate). */
function comments(c: Collector, text: string): void {
  const re = /(^|[ \t])#[^\n]*/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const hash = m.index + m[1].length;
    const window = text.slice(Math.max(0, hash - 2000), hash);
    const before = window.slice(window.lastIndexOf('\n') + 1);
    if ((before.split('"').length - 1) % 2 === 1 || (before.split("'").length - 1) % 2 === 1) continue;
    plainMentions(c, text, hash, m.index + m[0].length);
  }
}
