/**
 * The permission detail page: a model built from the store (and the resource types when loaded),
 * and the HTML of the webview. Every string from metadata goes through escapeHtml; the page runs
 * under a nonce-based Content Security Policy with no remote resources. Pure: no `vscode` import.
 */
import { GRAPH_APP_ID } from '../permissions/guid';
import { escapeHtml } from '../text/markdown';
import { base64Url } from '../text/text';
import { permissionsReferenceUrl } from '../permissions/permissionHover';
import { servedByNote, unverifiedGuidNote, type NoteFormat } from '../permissions/notes';
import type { Permission, PermissionStore } from '../store/store';
import { groupByMethod, PATHS_VERSION_NOTE, privilegeLevelText } from '../upstream/methods';
import { entryOf, type PermissionEntry, type PermissionKey } from './model';
import { DEFAULT_RISK_THRESHOLD, formatRisk, riskOfPermission } from '../permissions/risk';
import { graphReferenceUrl, type ResourceIndex, type ResourceMapping, type ResourceTable } from './resources';

/** One Graph method a permission unlocks (a later issue adds them to the store). */
export interface MethodInfo {
  method: string;
  path: string;
  /** Which kinds the method accepts this permission for, when known (`Application ★` = least privileged). */
  kinds?: string[];
}

export interface DetailModel {
  entry: PermissionEntry;
  resourceAppName: string;
  /** Where the data comes from ("the bundled snapshot of 2025-10-03"). */
  source: string;
  methods?: MethodInfo[];
  resources?: { mapping: ResourceMapping; tables: ResourceTable[] };
  /** Why the resources are missing (the resource file could not be read). */
  resourcesError?: string;
}

export function detailModel(
  store: PermissionStore,
  key: PermissionKey,
  extras: { methods?: MethodInfo[]; resources?: DetailModel['resources']; resourcesError?: string } = {},
  /** The risk threshold the high-privilege note follows (`graphPermissionLens.highPrivilege.riskThreshold`). */
  threshold: number = DEFAULT_RISK_THRESHOLD,
): DetailModel | undefined {
  const match = store.byName(key.name, key.resourceAppId);
  if (!match) return undefined;
  return {
    entry: entryOf(store, match, threshold),
    resourceAppName: store.resourceApp(match.resourceAppId)?.displayName ?? match.resourceAppId,
    source: store.describe(),
    ...extras,
  };
}

/** The Graph methods a permission unlocks, both kinds merged (★ = least privileged for that kind), at most 300; undefined without path data. */
export function detailMethods(store: PermissionStore, key: PermissionKey): MethodInfo[] | undefined {
  const match = store.byName(key.name, key.resourceAppId);
  if (!match || !store.hasMethods) return undefined;
  const rows = new Map<string, MethodInfo>();
  for (const p of [match.application, match.delegated]) {
    if (!p) continue;
    for (const m of store.methodsOf(p) ?? []) {
      const k = `${m.method} ${m.path}`;
      let row = rows.get(k);
      if (!row) rows.set(k, (row = { method: m.method, path: m.path, kinds: [] }));
      row.kinds?.push(m.least ? `${p.kind} ★` : p.kind);
    }
  }
  return [...rows.values()].slice(0, 300);
}

/**
 * The detail page's whole model of a permission (plain data): what the language server answers to
 * `graphPermissionLens/permissionDetail` (src/server/protocol.ts) from its store, and what the
 * browser entry computes in the extension host. `resources`: the resource types, or why they could
 * not be read. Undefined when the store does not know the permission.
 */
export function permissionDetail(store: PermissionStore, key: PermissionKey, resources: ResourceIndex | string, threshold: number = DEFAULT_RISK_THRESHOLD): DetailModel | undefined {
  const match = store.byName(key.name, key.resourceAppId);
  if (!match) return undefined;
  const canonical = { name: match.name, resourceAppId: match.resourceAppId };
  return detailModel(
    store,
    canonical,
    {
      ...(typeof resources === 'string' ? { resourcesError: resources } : { resources: resources.resourcesOf(canonical.name, canonical.resourceAppId) }),
      methods: detailMethods(store, canonical),
    },
    threshold,
  );
}

export interface HtmlOptions {
  /** Fresh per render: only scripts carrying it run. */
  nonce: string;
  /** `webview.cspSource`: the origin allowed for the stylesheet and the script. */
  cspSource: string;
  /** `webview.asWebviewUri(media/explorer.css)`, already a string. */
  styleUri: string;
  /** `webview.asWebviewUri(media/detail.js)`; no script when absent. */
  scriptUri?: string;
}

const DASH = '—';
const esc = escapeHtml;

/** Title line: the description of the application role, else the delegated scope's. */
function titleLine(e: PermissionEntry): string {
  return e.match.application?.description || e.match.delegated?.description || e.displayText;
}

function cell(p: Permission | undefined, f: (p: Permission) => string): string {
  return p ? f(p) : `<span aria-label="does not exist for this kind">${DASH}</span>`;
}

function kindTable(e: PermissionEntry): string {
  const a = e.match.application;
  const d = e.match.delegated;
  const rows: [string, (p: Permission) => string][] = [
    ['Identifier', (p) => `<code>${esc(p.id)}</code>`],
    ['DisplayText', (p) => esc(p.displayName)],
    ['Description', (p) => esc(p.description)],
    ['AdminConsentRequired', (p) => (p.adminConsentRequired ? 'Yes' : 'No')],
    ['PrivilegeLevel', (p) => esc(privilegeLevelText(p.privilegeLevel) ?? '')],
    ['RiskScore', (p) => riskCell(p)],
  ];
  if (a?.hidden || d?.hidden || a?.enabled === false || d?.enabled === false) {
    rows.push(['Published', (p) => (p.enabled === false ? 'Disabled' : p.hidden ? 'Hidden (not for general use)' : 'Yes')]);
  }
  const body = rows
    .map(([label, f]) => `<tr><th scope="row">${label}</th><td>${cell(a, f)}</td><td>${cell(d, f)}</td></tr>`)
    .join('\n');
  return `<table class="kinds" aria-label="Identifiers and texts by kind">
<thead><tr><th scope="col">Category</th><th scope="col">Application</th><th scope="col">Delegated</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

/** The risk score of one kind (src/core/permissions/risk.ts), with its band and, when estimated, that it is. */
function riskCell(p: Permission): string {
  const r = riskOfPermission(p);
  const est = r.levelSource === 'estimated' ? ', privilege level estimated from the name' : '';
  return `<span class="risk risk-${r.band}" title="${esc(r.factors.join(', '))}">${formatRisk(r.score)} / 10 (${r.band}${est})</span>`;
}

/** Which kinds of access the API offers through this permission, as a summary line. */
function accessSummary(e: PermissionEntry): string {
  const yes = (p: Permission | undefined): string => (p ? 'supported' : 'not supported');
  return `<ul class="access" aria-label="Access this permission grants">
<li>Delegated access (an app acting for a signed-in user): <strong>${yes(e.match.delegated)}</strong></li>
<li>App-only access (an app acting as itself, with no user): <strong>${yes(e.match.application)}</strong></li>
</ul>`;
}

function buttons(e: PermissionEntry): string {
  const name = esc(e.name);
  const b: string[] = [];
  for (const p of [e.match.application, e.match.delegated]) {
    if (!p) continue;
    b.push(
      `<button type="button" data-action="copyGuid" data-kind="${p.kind}" aria-label="Copy the ${p.kind} GUID of ${name}" title="${esc(p.id)}">Copy ${p.kind === 'Application' ? 'Application' : 'Delegated'} GUID</button>`,
    );
  }
  b.push(`<button type="button" data-action="copyName" aria-label="Copy the name ${name}">Copy name</button>`);
  b.push(`<button type="button" data-action="findUsages" aria-label="Find usages of ${name} in the workspace">Find usages in workspace</button>`);
  return `<div class="actions" role="toolbar" aria-label="Actions">${b.join('\n')}</div>`;
}

function privilegeNotes(e: PermissionEntry): string {
  if (!e.highPrivilege.length) return '';
  const items = e.highPrivilege.map((h) => `<li><strong>${h.kind}</strong>: ${esc(h.reason)}</li>`).join('');
  return `<div class="warning" role="note" aria-label="High privilege"><span aria-hidden="true">⚠</span> High privilege<ul>${items}</ul></div>`;
}

/** Notes (src/core/permissions/notes.ts) in HTML: everything escaped, ids as code. */
const HTML_NOTE: NoteFormat = { text: escapeHtml, code: (s) => `<code>${escapeHtml(s)}</code>` };

function kindsOf(e: PermissionEntry): Permission[] {
  return [e.match.application, e.match.delegated].filter((p): p is Permission => !!p);
}

/** A GUID that looks made up (the hover says it too), as a warning. */
function unverifiedNote(e: PermissionEntry): string {
  const note = unverifiedGuidNote(kindsOf(e), HTML_NOTE);
  return note ? `<div class="warning" role="note" aria-label="Unverified GUID"><span aria-hidden="true">⚠</span> ${note}</div>` : '';
}

/** The service Microsoft's provisioning data names behind the permission (not in the hover). */
function servedBy(e: PermissionEntry): string {
  const note = servedByNote(kindsOf(e), HTML_NOTE);
  return note ? `<p class="note served-by">${note}</p>` : '';
}

/** Where Microsoft's description comes from when the bundled metadata has none (never a made-up one). */
function missingDescription(e: PermissionEntry): string {
  const a = e.match.application;
  const d = e.match.delegated;
  if (a?.description || d?.description) return '';
  return `<p class="note">No description in the bundled metadata. Microsoft's description comes with <strong>Graph Permissions: Update Metadata</strong>; see also the <a href="${esc(permissionsReferenceUrl(e.name))}">Microsoft Graph permissions reference</a>.</p>`;
}

function methodsSection(m: DetailModel): string {
  const methods = m.methods ?? [];
  let body: string;
  if (methods.length) {
    // Grouped by HTTP method (one header row each), least-privileged (★) first within a group.
    const starred = (x: MethodInfo): number => (x.kinds?.some((k) => k.endsWith('★')) ? 0 : 1);
    const rows = groupByMethod(methods)
      .map(({ method, entries: list }) => {
        const sorted = [...list].sort((x, y) => starred(x) - starred(y));
        const head = `<tr class="method-group"><th scope="rowgroup" colspan="3"><code>${esc(method)}</code> (${sorted.length})</th></tr>`;
        return head + sorted.map((x) => `<tr><td><code>${esc(x.method)}</code></td><td><code>${esc(x.path)}</code></td><td>${esc(x.kinds?.join(', ') ?? '')}</td></tr>`).join('\n');
      })
      .join('\n');
    body =
      `<p class="note">★ = least privileged for that kind; ${esc(PATHS_VERSION_NOTE)}.</p>` +
      `<table aria-labelledby="methods-h"><thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Kinds</th></tr></thead><tbody>${rows}</tbody></table>`;
  } else if (m.methods) {
    body = '<p class="note">Upstream lists no Graph methods for this permission.</p>';
  } else {
    body = `<p class="note">The metadata store in use (${esc(m.source)}) does not list the Graph methods each permission unlocks. Run <strong>Graph Permissions: Update Metadata</strong> to download metadata that includes them, or see the <em>Permissions</em> section of each method in the Microsoft Graph API reference.</p>`;
  }
  return `<section aria-labelledby="methods-h"><h2 id="methods-h">Methods</h2>${body}</section>`;
}

function resourceTable(t: ResourceTable, i: number): string {
  const rows = t.properties
    .map(
      (p) =>
        `<tr><td><code>${esc(p.name)}</code></td><td><code>${esc(p.type)}</code></td><td>${esc(p.description)}</td></tr>`,
    )
    .join('\n');
  const id = `res-${i}`;
  return `<details open class="resource" data-resource="${esc(t.name)}">
<summary id="${id}"><code>${esc(t.name)}</code>${t.baseType ? ` <span class="inherited">: ${esc(t.baseType)}</span>` : ''}</summary>
<p class="reference">Graph reference: <a href="${esc(graphReferenceUrl(t.name))}">${esc(t.name)}</a></p>
${t.description ? `<p>${esc(t.description)}</p>` : ''}
<table aria-labelledby="${id}"><thead><tr><th scope="col">Property</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</details>`;
}

function resourcesSection(m: DetailModel): string {
  let body: string;
  if (m.resourcesError) body = `<p class="note">${esc(m.resourcesError)}</p>`;
  else if (!m.resources) body = '<p class="note">Resource types are not loaded.</p>';
  else {
    const { mapping, tables } = m.resources;
    const note = mapping.note ? `<p class="note">${esc(mapping.note)}</p>` : '';
    const intro = tables.length
      ? `<p>An app granted ${esc(m.entry.name)} can work with the data of ${tables.length === 1 ? 'this resource type' : 'these resource types'} in the tenant; the name says whether it reads or also changes it.</p>`
      : '';
    body = intro + note + tables.map(resourceTable).join('\n');
  }
  return `<section aria-labelledby="resources-h"><h2 id="resources-h">Resources</h2>${body}</section>`;
}

/** The whole page. Deterministic for a given model and options. */
export function detailHtml(m: DetailModel, o: HtmlOptions): string {
  const e = m.entry;
  const csp = [
    "default-src 'none'",
    `style-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
    `img-src ${o.cspSource}`,
    `font-src ${o.cspSource}`,
  ].join('; ');
  const app = e.resourceAppId === GRAPH_APP_ID ? '' : ` <span class="app">${esc(m.resourceAppName)}</span>`;
  const kinds = e.kinds.map((k) => `<span class="badge">${k}</span>`).join(' ');
  const state = esc(JSON.stringify({ name: e.name, resourceAppId: e.resourceAppId }));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(o.styleUri)}">
<title>${esc(e.name)}</title>
</head>
<body data-permission="${state}">
<main aria-labelledby="title">
<header>
<h1 id="title">${e.highPrivilege.length ? '<span class="hp" aria-label="High privilege" title="High privilege">⚠</span> ' : ''}${esc(e.name)}${app}</h1>
<p class="subtitle">${esc(titleLine(e))}</p>
${missingDescription(e)}
<p class="kinds-line">${kinds}</p>
${accessSummary(e)}
${servedBy(e)}
</header>
${privilegeNotes(e)}
${unverifiedNote(e)}
${buttons(e)}
<div id="status" role="status" aria-live="polite" class="status"></div>
<section aria-labelledby="perm-h"><h2 id="perm-h">Permission</h2>
${kindTable(e)}
</section>
${methodsSection(m)}
${resourcesSection(m)}
<footer><p class="note">From ${esc(m.source)}.</p></footer>
</main>
${o.scriptUri ? `<script nonce="${esc(o.nonce)}" src="${esc(o.scriptUri)}"></script>` : ''}
</body>
</html>`;
}

/** A random nonce (base64url, 128 bits) from the given random source. */
export function makeNonce(randomBytes: (n: number) => Uint8Array): string {
  return base64Url(randomBytes(16));
}
