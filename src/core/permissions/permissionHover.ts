/**
 * Hover content (Markdown) for permission references and resource applications. Every string from
 * metadata goes through escapeMarkdown / codeSpan: the result is safe to show untrusted.
 */
import { codeSpan, escapeMarkdown } from '../text/markdown';
import type { ResolvedReference } from './resolve';
import { permissionDetailsLink } from '../explorer/hoverLink';
import { formatRisk, riskOfPermission } from './risk';
import type { Permission, PermissionMatch, PermissionStore, ResourceAppInfo } from '../store/store';
import { GRAPH_APP_ID } from './guid';
import { unverifiedGuidNote, type NoteFormat } from './notes';
import { privilegeLevelText } from '../upstream/methods';

export interface HoverOptions {
  /**
   * The host runs the extension's `graphPermissionLens.showPermission` command from `command:` links:
   * the hover then links "Open details" and the methods summary to the permission's page.
   */
  commandLinks?: boolean;
}

/** The Microsoft Graph permissions reference anchor for a name: lower case, dots removed. */
export function permissionsReferenceUrl(name: string): string {
  const anchor = name.toLowerCase().replace(/[^a-z0-9-]/g, '');
  return `https://learn.microsoft.com/graph/permissions-reference#${anchor}`;
}

/** Notes (src/core/permissions/notes.ts) in Markdown: our words escaped, ids as code spans. */
const MARKDOWN_NOTE: NoteFormat = { text: escapeMarkdown, code: codeSpan };

const dash = '\u2014';
const dot = '\u00b7';
/** Longest description shown in a hover; the detail page has the full text. */
export const HOVER_DESCRIPTION_MAX = 200;

/** The first line of a description, cut at a word before `max` characters (with an ellipsis). */
export function oneLine(text: string, max = HOVER_DESCRIPTION_MAX): string {
  const first = text.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '';
  if (first.length <= max) return first;
  const cut = first.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '') + '\u2026';
}

/**
 * The kind the hover leads with: the one the reference resolved to (a GUID's own kind, the declared
 * `type`, or the kind the file implies, e.g. Delegated for `Connect-MgGraph -Scopes`); otherwise
 * Application when it exists, as the conservative reading.
 */
function leadingPermission(r: ResolvedReference, match: PermissionMatch): Permission | undefined {
  return r.permission ?? match.application ?? match.delegated;
}

function kindFacts(p: Permission): string {
  const level = privilegeLevelText(p.privilegeLevel);
  return [level ? `privilege level ${escapeMarkdown(level)}` : '', p.adminConsentRequired ? 'admin consent required' : 'no admin consent needed'].filter(Boolean).join(', ');
}

/** `Risk 10.0 (critical)`, with "estimated" when the privilege level is guessed from the name. */
export function riskLine(p: Permission): string {
  const risk = riskOfPermission(p);
  return `Risk ${formatRisk(risk.score)} (${risk.band}${risk.levelSource === 'estimated' ? ', level estimated' : ''})`;
}

/**
 * The permission hover, calm and short: the name, the kind the context implies (first) and its
 * privilege level; the links; one line of description; admin consent and the risk score; the other
 * kind in one line; notes that matter here; a one-line methods summary; the identifiers. The long
 * lists (methods, paths, resources, both descriptions) live on the detail page.
 */
export function permissionHover(store: PermissionStore, r: ResolvedReference, opts: HoverOptions = {}): string | undefined {
  const match = r.match;
  if (!match) return undefined;
  const app = store.resourceApp(match.resourceAppId);
  const lead = leadingPermission(r, match);
  const other = lead === match.application ? match.delegated : lead === match.delegated ? match.application : undefined;
  const level = lead ? privilegeLevelText(lead.privilegeLevel) : undefined;
  const head = [
    `**${escapeMarkdown(match.name)}** ${dash} ${lead ? `${lead.kind} permission` : 'permission'} of ${escapeMarkdown(app?.displayName ?? match.resourceAppId)}`,
    level ? `privilege level ${escapeMarkdown(level)}` : '',
  ].filter(Boolean);
  const lines: string[] = [head.join(` ${dot} `), ''];
  const links = [`[Microsoft Graph permissions reference](${permissionsReferenceUrl(match.name)})`];
  if (opts.commandLinks) links.unshift(permissionDetailsLink({ name: match.name, resourceAppId: match.resourceAppId }));
  lines.push(links.join(` ${dot} `), '');
  const description = lead?.description || other?.description;
  const label = lead?.displayName || other?.displayName;
  if (description) lines.push(escapeMarkdown(oneLine(description)), '');
  else lines.push(`${label ? `*${escapeMarkdown(oneLine(label).replace(/\.+$/, ''))}.* ` : ''}${missingDescription()}`, '');
  if (lead) lines.push(`${lead.adminConsentRequired ? 'Admin consent required' : 'No admin consent needed'} ${dot} ${riskLine(lead)}`, '');
  if (other) lines.push(`Also ${other.kind}: ${kindFacts(other)} ${dot} ${riskLine(other)}`, '');
  const notes = kindNotes(r, match);
  if (notes.length) lines.push(notes.join('  \n'), '');
  const methods = lead ? methodsSummary(store, match, lead, opts.commandLinks ? permissionDetailsLink({ name: match.name, resourceAppId: match.resourceAppId }, 'details') : undefined) : undefined;
  if (methods) lines.push(methods, '');
  const ids = [lead, other].filter((p): p is Permission => !!p).map((p) => `${p.kind} ${codeSpan(p.id)}`);
  lines.push(`${ids.join(` ${dot} `)} ${dot} from ${escapeMarkdown(store.describe())}`);
  return lines.join('\n');
}

/**
 * For a permission the bundled sentences do not cover: where Microsoft's description comes from
 * (the reference link is at the top of the hover). Never a made-up description.
 */
export function missingDescription(): string {
  return "No description in the bundled metadata: Microsoft's comes with **Graph Permissions: Update Metadata** (or see the permissions reference above).";
}

function kindNotes(r: ResolvedReference, match: PermissionMatch): string[] {
  const notes: string[] = [];
  const d = r.ref.declaredKind;
  if (r.ref.form === 'guid' && r.permission && d && d !== r.permission.kind) {
    notes.push(`$(warning) Declared as ${codeSpan(r.ref.typeValue?.text ?? '')} (${d}), but this GUID is the ${r.permission.kind} permission.`);
  } else if (r.ref.form === 'name' && d && !r.permission) {
    notes.push(`$(warning) Declared as ${d}, but ${escapeMarkdown(match.name)} exists only as ${match.application ? 'Application' : 'Delegated'}.`);
  }
  if (r.ref.role === 'watch') {
    notes.push('Listed for comparison, not requested: the file checks a tenant for this permission (a watch-list), so the rules that judge requests (high privilege, risky combinations, least privilege) skip it.');
  }
  if (r.ref.form === 'name' && !d && r.ref.inferredKind && r.ref.kindReason) {
    const kinds = [match.application ? 'Application' : '', match.delegated ? 'Delegated' : ''].filter(Boolean);
    notes.push(
      r.permission && r.permission.kind === r.ref.inferredKind
        ? `${r.ref.inferredKind} here: ${escapeMarkdown(r.ref.kindReason)}.`
        : `This file means ${r.ref.inferredKind} permissions (${escapeMarkdown(r.ref.kindReason)}), but ${escapeMarkdown(match.name)} exists only as ${kinds.join(' and ')}.`,
    );
  }
  if (r.ref.form === 'name' && r.ref.name !== match.name) {
    notes.push(`Written as ${codeSpan(r.ref.name)}; the published name is ${codeSpan(match.name)}.`);
  }
  const p = r.permission;
  const all = [match.application, match.delegated].filter((x): x is Permission => !!x);
  if (p ? !p.enabled : all.length > 0 && all.every((x) => !x.enabled)) notes.push('$(warning) This permission is disabled in the published metadata.');
  else if (p ? p.hidden : all.length > 0 && all.every((x) => x.hidden)) notes.push('This permission is hidden in the published metadata: not meant for general use.');
  const unverified = unverifiedGuidNote(p ? [p] : all, MARKDOWN_NOTE);
  if (unverified) notes.push(`$(warning) ${unverified}`);
  return notes;
}

export function resourceAppHover(app: ResourceAppInfo): string {
  const lines = [`**${escapeMarkdown(app.displayName)}** ${dash} resource application`, '', `App id ${codeSpan(app.appId)}`];
  if (app.permissionCount > 0) {
    lines.push('', `${app.permissionCount} permissions in the metadata store.`);
  } else {
    lines.push('', 'The metadata store has no permissions for this API: its permission GUIDs are not checked.');
  }
  return lines.join('\n');
}

/**
 * One line for the hover: "27 methods, least-privileged for 12 — details" for the permission's own
 * kind (`detailsLink`, already safe Markdown, links to the detail page). Without path data, says how
 * to get it. Undefined outside Microsoft Graph (upstream has no paths there).
 */
export function methodsSummary(store: PermissionStore, match: PermissionMatch, p: Permission, detailsLink?: string): string | undefined {
  if (match.resourceAppId !== GRAPH_APP_ID) return undefined;
  if (!store.hasMethods) return 'Graph methods: not in the metadata in use; **Graph Permissions: Update Metadata** loads them.';
  const methods = store.methodsOf(p);
  if (!methods) return undefined;
  const dash = String.fromCharCode(0x2014);
  const tail = detailsLink ? ` ${dash} ${detailsLink}` : '';
  if (!methods.length) return `No Graph methods listed upstream for ${p.kind}${tail}`;
  const least = methods.filter((m) => m.least).length;
  return `${methods.length} method${methods.length === 1 ? '' : 's'}, least-privileged for ${least || 'none'}${tail}`;
}
