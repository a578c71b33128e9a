/**
 * Hover content (Markdown) for permission references and resource applications. Every string from
 * metadata goes through escapeMarkdown / codeSpan: the result is safe to show untrusted.
 */
import { codeSpan, escapeMarkdown } from './markdown';
import type { ResolvedReference } from './resolve';
import type { Permission, PermissionMatch, PermissionStore, ResourceAppInfo } from './store';
import { privilegeLevelText } from './upstream/methods';

export interface HoverOptions {
  /** Extra Markdown lines (already safe) appended by later features: methods, resources, command links. */
  extraSections?: string[];
}

/** The Microsoft Graph permissions reference anchor for a name: lower case, dots removed. */
export function permissionsReferenceUrl(name: string): string {
  const anchor = name.toLowerCase().replace(/[^a-z0-9-]/g, '');
  return `https://learn.microsoft.com/graph/permissions-reference#${anchor}`;
}

const dash = '—';

function cell(text: string | undefined): string {
  return text ? escapeMarkdown(text) : dash;
}

export function permissionHover(store: PermissionStore, r: ResolvedReference, opts: HoverOptions = {}): string | undefined {
  const match = r.match;
  if (!match) return undefined;
  const app = store.resourceApp(match.resourceAppId);
  const lines: string[] = [];
  const kinds = store.kindsOf(match);
  const kindText =
    r.permission && r.ref.form === 'guid'
      ? `${r.permission.kind} permission`
      : kinds.length === 2
        ? 'Application and Delegated permission'
        : `${kinds[0]} permission`;
  lines.push(`**${escapeMarkdown(match.name)}** ${dash} ${kindText} of ${escapeMarkdown(app?.displayName ?? match.resourceAppId)}`);
  lines.push('');
  const primary = r.permission ?? match.application ?? match.delegated;
  if (primary) {
    if (primary.displayName) lines.push(`*${escapeMarkdown(primary.displayName)}*`, '');
    if (primary.description) lines.push(escapeMarkdown(primary.description), '');
    else if (!match.application?.description && !match.delegated?.description) lines.push(missingDescription(match.name), '');
  }
  const notes = kindNotes(r, match);
  if (notes.length) lines.push(...notes, '');
  lines.push(...detailTable(match), '');
  if (opts.extraSections) for (const s of opts.extraSections) lines.push(s, '');
  lines.push(
    `[Microsoft Graph permissions reference](${permissionsReferenceUrl(match.name)}) ${dash} from ${escapeMarkdown(store.describe())}`,
  );
  return lines.join('\n');
}

/**
 * For a permission the bundled sentences do not cover: where Microsoft's description comes from.
 * Never a made-up description.
 */
export function missingDescription(name: string): string {
  return `*No description in the bundled metadata.* Microsoft's description comes with **Graph Permissions: Update Metadata**; see also the [Microsoft Graph permissions reference](${permissionsReferenceUrl(name)}).`;
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
        ? `**${r.ref.inferredKind}** ${dash} ${escapeMarkdown(r.ref.kindReason)}.`
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
  return notes;
}

function detailTable(match: PermissionMatch): string[] {
  const a: Permission | undefined = match.application;
  const d: Permission | undefined = match.delegated;
  const yesNo = (p: Permission | undefined): string => (p ? (p.adminConsentRequired ? 'Yes' : 'No') : dash);
  const rows = [
    '| | Application | Delegated |',
    '|---|---|---|',
    `| Identifier | ${a ? codeSpan(a.id) : dash} | ${d ? codeSpan(d.id) : dash} |`,
    `| Display text | ${cell(a?.displayName)} | ${cell(d?.displayName)} |`,
    `| Admin consent required | ${yesNo(a)} | ${yesNo(d)} |`,
  ];
  if (a?.privilegeLevel !== undefined || d?.privilegeLevel !== undefined) {
    rows.push(`| Privilege level (4 = most) | ${cell(privilegeLevelText(a?.privilegeLevel))} | ${cell(privilegeLevelText(d?.privilegeLevel))} |`);
  }
  if (a && d && a.description !== d.description) {
    rows.push(`| Description | ${cell(a.description)} | ${cell(d.description)} |`);
  }
  if (d?.userDescription && d.userDescription !== d.description) {
    rows.push(`| User consent description | ${dash} | ${cell(d.userDescription)} |`);
  }
  return rows;
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
