/**
 * Completion of permission names (or GUIDs) inside scope strings and lists in every non-JSON format
 * (Connect-MgGraph -Scopes, MSAL scope arrays, Terraform app_role_ids["…"], .http scope=…, YAML
 * scope lists, …). The scanners already know where a permission may stand and of which kind, so
 * rather than a second set of per-format rules this PROBES: the token at the caret is replaced by a
 * known permission, the document is scanned, and if the scanner reports a declared permission
 * exactly there, the position takes permissions — of the kind the scanner gave it.
 */
import { analyzeText, type DocumentFormat } from '../analyze';
import type { CompletionItem, CompletionResult } from './permissionCompletion';
import { GRAPH_APP_ID } from './guid';
import { codeSpan, escapeMarkdown } from '../text/markdown';
import type { Permission, PermissionStore } from '../store/store';
import type { PermissionKind } from '../store/storeData';

/** A delegated-only and an application-only permission of the bundled and upstream stores alike. */
const PROBE_NAME = 'User.Read';
const TOKEN_CHAR = /[A-Za-z0-9_.-]/;
const HEXISH = /^[0-9a-fA-F-]+$/;

const cache = new WeakMap<PermissionStore, Map<string, CompletionItem[]>>();

function items(store: PermissionStore, kind: PermissionKind | undefined, guids: boolean): CompletionItem[] {
  let perStore = cache.get(store);
  if (!perStore) cache.set(store, (perStore = new Map()));
  const key = `${kind ?? 'any'}|${guids}`;
  const hit = perStore.get(key);
  if (hit) return hit;
  const list: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const p of store.permissions()) {
    if (p.resourceAppId !== GRAPH_APP_ID || (kind && p.kind !== kind) || !p.enabled) continue;
    const k = guids ? p.id : p.value.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    list.push(item(store, p, kind, guids));
  }
  list.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  perStore.set(key, list);
  return list;
}

function item(store: PermissionStore, p: Permission, kind: PermissionKind | undefined, guids: boolean): CompletionItem {
  const match = store.matchOf(p);
  const kinds = kind ? [kind] : store.kindsOf(match);
  const doc = [`**${escapeMarkdown(p.value)}** — ${kinds.join(' and ')}`, ''];
  for (const q of [match.application, match.delegated]) {
    if (!q || (kind && q.kind !== kind)) continue;
    doc.push(`${q.kind}: ${codeSpan(q.id)} — ${escapeMarkdown(q.displayName)}${q.adminConsentRequired ? ' (admin consent)' : ''}`, '');
  }
  return {
    label: guids ? `${p.value} (${p.kind})` : p.value,
    kind: 'permission',
    insertText: guids ? p.id : p.value,
    detail: `${kinds.join(' / ')} — ${p.displayName}`,
    documentation: doc.join('\n'),
    filterText: guids ? `${p.value} ${p.id}` : p.value,
  };
}

export function scopeCompletionsAt(text: string, offset: number, format: DocumentFormat, store: PermissionStore): CompletionResult | undefined {
  if (format === 'json' || !(offset >= 0 && offset <= text.length)) return undefined;
  let start = offset;
  let end = offset;
  while (start > 0 && TOKEN_CHAR.test(text[start - 1])) start--;
  while (end < text.length && TOKEN_CHAR.test(text[end])) end++;
  // `scope=openid%20Us`: the token starts after a percent escape.
  if (start > 0 && text[start - 1] === '%' && /^[0-9A-Fa-f]{2}/.test(text.slice(start, start + 2)) && start + 2 <= offset) start += 2;
  const current = text.slice(start, end);
  // A half-typed GUID asks for GUIDs (`-AppRoleId 9e3…`); anything else for names.
  const guids = current.length > 0 && HEXISH.test(current) && current.includes('-');
  const probe = guids ? (store.byName(PROBE_NAME)?.delegated?.id ?? '') : PROBE_NAME;
  if (!probe) return undefined;
  const probed = text.slice(0, start) + probe + text.slice(end);
  const analysis = analyzeText(probed, format, store);
  const ref = analysis.references.find((r) => r.ref.start === start && r.ref.position !== 'string');
  if (!ref) return undefined;
  // The kind the position declares; a GUID probe resolves to its own kind, which says nothing here.
  const kind = ref.ref.declaredKind;
  const list = items(store, kind, guids);
  // The token is a whole quoted string (`"Mail.Se|"`): replace the closing quote too and insert it
  // after the value, so the caret ends after it and `, "` starts the next string. Not in a string
  // holding several scopes (`"openid Us|"`), where the next scope goes inside the same quotes.
  const q = start > 0 ? text[start - 1] : '';
  if ((q === '"' || q === "'") && text[end] === q) {
    return { context: 'permission', items: list.map((i) => ({ ...i, insertText: i.insertText + q })), replaceStart: start, replaceEnd: end + 1, inString: true };
  }
  return { context: 'permission', items: list, replaceStart: start, replaceEnd: end, inString: true };
}
