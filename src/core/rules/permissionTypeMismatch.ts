/**
 * permission-type-mismatch — `"type": "Scope"` with an application role, `"Role"` with a delegated
 * scope, or a name that exists only as the other kind.
 */
import type { ResolvedReference } from '../permissions/resolve';
import type { Permission } from '../store/store';
import type { PermissionKind } from '../store/storeData';
import type { Fix, Rule } from './types';
import { declared, replaceToken } from './util';

const typeFor = (k: PermissionKind): string => (k === 'Application' ? 'Role' : 'Scope');

// The fixes, built when read (a diagnostic's fixes are asked for by a code action or the CLI's output).
function typeFix(tv: { start: number; end: number }, kind: PermissionKind): () => Fix[] {
  return () => [{ title: `Change type to '${typeFor(kind)}' (${kind})`, edits: [{ start: tv.start, end: tv.end, newText: typeFor(kind) }], preferred: true }];
}

function guidFixes(r: ResolvedReference, tv: { start: number; end: number }, kind: PermissionKind, want: PermissionKind, name: string, other: Permission | undefined): () => Fix[] {
  return () => {
    const fixes = typeFix(tv, kind)();
    if (other) fixes.push({ title: `Use the ${want} GUID of ${name} (${other.id})`, edits: [replaceToken(r, other.id)] });
    return fixes;
  };
}

export const permissionTypeMismatch: Rule = {
  id: 'permission-type-mismatch',
  defaultSeverity: 'error',
  doc: {
    summary: 'The declared type (Scope = delegated, Role = application) does not match the permission.',
    help:
      'Entra ID looks the id up among the scopes or the roles according to "type": a mismatch means the app silently requests nothing, or consent fails. ' +
      'Either the type or the GUID is wrong.',
    example: '{ "id": "a7a681dc-756e-4909-b988-f160edc6655f", "type": "Scope" }  (Calls.AccessMedia.All is an application role)',
    fix: 'Change the type to match the permission (preferred), or switch to the same permission\'s GUID of the declared kind where it exists.',
  },
  check(ctx, report) {
    const refs = declared(ctx.analysis.references);
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      const want = r.ref.declaredKind;
      const tv = r.ref.typeValue;
      if (!want || !tv || !r.match) continue;
      if (r.ref.form === 'guid') {
        const p = r.permission;
        if (!p || p.kind === want) continue;
        const other = want === 'Application' ? r.match.application : r.match.delegated;
        report({
          start: r.ref.start,
          end: r.ref.end,
          message: `${r.ref.text} is the ${p.kind} permission ${r.match.name}, but the entry says "type": "${tv.text}" (${want}).${other ? ` The ${want} ${r.match.name} has the GUID ${other.id}.` : ` ${r.match.name} has no ${want} form.`}`,
          fixes: guidFixes(r, tv, p.kind, want, r.match.name, other),
        });
      } else if (!r.permission) {
        const actual: PermissionKind = r.match.application ? 'Application' : 'Delegated';
        report({
          start: r.ref.start,
          end: r.ref.end,
          message: `${r.match.name} exists only as an ${actual} permission, but the entry says "type": "${tv.text}" (${want}).`,
          fixes: typeFix(tv, actual),
        });
      }
    }
  },
};
