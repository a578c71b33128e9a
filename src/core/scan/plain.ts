/**
 * Plain text: Markdown, text files and shell scripts. Hover only: every reference is a `string`
 * position (no diagnostics), and only exact whole tokens count — a known permission GUID, a known
 * dotted or underscored name in its published casing (`User.Read`, `offline_access`, never
 * `email` or `profile` as words), or a Graph-resource-prefixed scope.
 *
 * The kind, for the hover, when the text says it (shell scripts and docs quoting the Azure CLI):
 * `<guid>=Role` / `=Scope` (`az ad app permission add --api-permissions`) → Application / Delegated;
 * `appRoles[?value=='X']` → Application, `oauth2PermissionScopes[?value=='X']` → Delegated;
 * `--scope "A B"` (`az ad app permission grant`), `Connect-MgGraph -Scopes` quoted in prose → Delegated.
 */
import type { PermissionOracle } from './names';
import type { ScannedReference } from './reference';
import { Collector, plainMentions, type FormatScan } from './tokens';

export function scanPlain(text: string, oracle: PermissionOracle): FormatScan {
  const c = new Collector(oracle);
  try {
    plainMentions(c, text, 0, text.length);
  } catch (e) {
    c.fail(e); // never throw, never hide it
  }
  annotateKinds(c.refs.filter((r) => r.position === 'string'), text);
  return c.finish();
}

/** Kinds that the text right around a plain mention states (`<guid>=Role`, `appRoles[?value=='X']`, `--scope "A B"`). */
export function annotateKinds(refs: ScannedReference[], text: string): void {
  for (const r of refs) {
    const after = text.slice(r.end, r.end + 7);
    const tm = /^=(Role|Scope)\b/.exec(after);
    if (tm) {
      r.declaredKind = tm[1] === 'Role' ? 'Application' : 'Delegated';
      r.typeValue = { start: r.end + 1, end: r.end + 1 + tm[1].length, text: tm[1] };
      continue;
    }
    const window = text.slice(Math.max(0, r.start - 200), r.start);
    const before = window.slice(window.lastIndexOf('\n') + 1);
    if (/appRoles\[\?\s*value\s*==\s*['"`]?$/i.test(before)) r.declaredKind = 'Application';
    else if (/oauth2PermissionScopes\[\?\s*value\s*==\s*['"`]?$/i.test(before)) r.declaredKind = 'Delegated';
    else if (/(?:--scope|-Scopes?)\s+(?:@\(\s*)?["']?(?:[\w.]+["']?(?:\s*,\s*|\s+)["']?)*$/i.test(before)) r.declaredKind = 'Delegated';
  }
}
