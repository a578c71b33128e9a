/**
 * Resolves scanned references against the store: which permission a token names, of which kind.
 */
import { GRAPH_APP_ID } from './guid';
import type { ScannedReference } from '../scan/reference';
import type { Permission, PermissionMatch, PermissionStore } from '../store/store';
import type { PermissionKind } from '../store/storeData';

export interface ResolvedReference {
  ref: ScannedReference;
  /** Both kinds under the referenced name, when the store knows it. */
  match?: PermissionMatch;
  /** The one permission meant: the GUID's, or the name's of the declared kind, or the name's only kind. */
  permission?: Permission;
  /** The kind as the document means it: from the GUID, else the declared `type`, else the name's only kind. */
  kind: PermissionKind | 'Unknown';
  /** The resource app the reference belongs to: the one the document says, else the permission's, else Graph. */
  resourceAppId: string;
}

export function resolveReference(store: PermissionStore, ref: ScannedReference): ResolvedReference {
  if (ref.form === 'guid') {
    const permission = store.byId(ref.text, ref.resourceAppId, ref.declaredKind);
    return {
      ref,
      permission,
      match: permission && store.matchOf(permission),
      kind: permission?.kind ?? ref.declaredKind ?? 'Unknown',
      resourceAppId: ref.resourceAppId ?? permission?.resourceAppId ?? GRAPH_APP_ID,
    };
  }
  const resourceAppId = ref.resourceAppId ?? GRAPH_APP_ID;
  const match = store.byName(ref.name, resourceAppId);
  let permission: Permission | undefined;
  if (match) {
    if (ref.declaredKind) permission = ref.declaredKind === 'Application' ? match.application : match.delegated;
    else if (match.application && !match.delegated) permission = match.application;
    else if (match.delegated && !match.application) permission = match.delegated;
    // The kind the file means picks between two kinds; it never overrides a name's only kind.
    else if (ref.inferredKind) permission = ref.inferredKind === 'Application' ? match.application : match.delegated;
  }
  return { ref, match, permission, kind: ref.declaredKind ?? permission?.kind ?? 'Unknown', resourceAppId };
}

export function resolveAll(store: PermissionStore, refs: readonly ScannedReference[]): ResolvedReference[] {
  return refs.map((r) => resolveReference(store, r));
}
