/**
 * high-privilege — a permission whose risk score (src/core/permissions/risk.ts) for its kind reaches the risk
 * threshold: `graphPermissionLens.highPrivilege.riskThreshold`, `--risk-threshold`, default 7.0
 * (GitHub's "high" band). At the default that is upstream privilege level 4 with admin consent, the
 * documented high-privilege list and the Tier 0 paths to tenant takeover (data/privilege.ts and
 * risk.ts, with reasons and sources).
 *
 * The kind decides the score. A GUID is one permission of one kind: its own score, under the name
 * of the documented list when the GUID is listed (metadata that relabels it does not shed the
 * warning). A name whose kind the text does not say (an MSAL scope, a string in code) is reported
 * only when every kind the name has reaches the threshold — the lower score decides — and the
 * message says so: `Mail.Send` in a scopes list is delegated in practice, not the tenant-wide
 * application role.
 */
import { DEFAULT_RISK_THRESHOLD, formatRisk, riskOfPermission, type RiskScore } from '../permissions/risk';
import type { ResolvedReference } from '../permissions/resolve';
import type { Permission, PermissionMatch } from '../store/store';
import type { PermissionKind } from '../store/storeData';
import { HIGH_PRIVILEGE_IDS, highPrivilegeReason } from './data/privilege';
import type { Rule } from './types';
import { declared } from './util';

/**
 * The kinds of a permission whose risk score reaches the threshold, each with why in words — what
 * the rule reports for a written kind, and what the explorer marks as high privilege.
 */
export function highPrivilegeKinds(m: PermissionMatch, threshold: number = DEFAULT_RISK_THRESHOLD): { kind: PermissionKind; score: number; reason: string }[] {
  const out: { kind: PermissionKind; score: number; reason: string }[] = [];
  for (const p of [m.application, m.delegated]) {
    if (!p) continue;
    const risk = riskOfPermission(p);
    if (risk.score >= threshold) out.push({ kind: p.kind, score: risk.score, reason: why(m, p, risk) });
  }
  return out;
}

/** Why a kind scores as it does, in words: the documented reason when there is one, else the factors. */
function why(m: PermissionMatch | undefined, p: Permission, r: RiskScore): string {
  if (r.tierZero) return r.tierZero.reason;
  const documented = m ? highPrivilegeReason(m, p.kind) : undefined;
  if (documented) return documented;
  return `scores ${r.factors.join(', ')}`;
}

export const highPrivilege: Rule = {
  id: 'high-privilege',
  defaultSeverity: 'warning',
  doc: {
    summary: 'A permission whose risk score for its kind reaches the risk threshold (default 7.0): it lets the app take over the tenant or read everything in it.',
    help:
      'These grants are the first thing an attacker looks for in a compromised app. Prefer a narrower permission, a resource-scoped one (`.Selected`, application access policies), ' +
      'or delegated access; if the grant is needed, document why and watch its use. Reported: every permission whose risk score (0.0–10.0: privilege level, admin consent, kind, ' +
      'the documented high-privilege and Tier 0 lists in src/core/rules/data/privilege.ts and src/core/permissions/risk.ts) is at or above the threshold ' +
      '`graphPermissionLens.highPrivilege.riskThreshold` (CLI `--risk-threshold`, Action input `risk-threshold`; default 7.0, GitHub\'s "high" band). ' +
      'Where the text does not say the kind, every kind of the name must reach it.',
    example: '{ "id": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "type": "Role" }  (RoleManagement.ReadWrite.Directory, risk 10.0)',
  },
  check(ctx, report) {
    const threshold = ctx.options.riskThreshold;
    const t = formatRisk(threshold);
    // A permission's score is the same for every reference to it: computed once per permission.
    const scores = new Map<Permission, RiskScore>();
    const riskOf = (p: Permission): RiskScore => {
      let s = scores.get(p);
      if (!s) scores.set(p, (s = riskOfPermission(p)));
      return s;
    };
    // The message (or none: below the threshold) depends only on the match and the permission a
    // GUID names, or on the match and the kind written: built once per distinct pair, one string
    // shared by every reference to it.
    const byGuid = new Map<Permission, Map<PermissionMatch, string | null>>();
    const byKind = new Map<PermissionMatch, Map<ResolvedReference['kind'], string | null>>();
    const guidMessage = (m: PermissionMatch, p: Permission): string | null => {
      const risk = riskOf(p);
      if (risk.score < threshold) return null;
      const listed = HIGH_PRIVILEGE_IDS.get(p.id);
      const relabelled = listed && listed.toLowerCase() !== m.name.toLowerCase() ? `, whose GUID is ${listed},` : '';
      const reasonMatch = listed ? { ...m, name: listed } : m;
      return `${m.name} (${p.kind})${relabelled} is a high-privilege permission: risk ${formatRisk(risk.score)} ≥ threshold ${t}; it ${why(reasonMatch, p, risk)}.`;
    };
    const kindMessage = (m: PermissionMatch, kind: ResolvedReference['kind']): string | null => {
      const kinds: PermissionKind[] = kind === 'Unknown' ? ctx.store.kindsOf(m) : [kind];
      const scored = kinds.map((k) => ({ p: k === 'Application' ? m.application : m.delegated })).filter((x): x is { p: Permission } => !!x.p).map(({ p }) => ({ p, risk: riskOf(p) }));
      if (!scored.length || scored.some((s) => s.risk.score < threshold)) return null;
      // The highest-scoring kind explains why.
      const top = scored.reduce((a, b) => (b.risk.score > a.risk.score ? b : a));
      if (kind !== 'Unknown') return `${m.name} (${kind}) is a high-privilege permission: risk ${formatRisk(top.risk.score)} ≥ threshold ${t}; it ${why(m, top.p, top.risk)}.`;
      const scores = scored.map((s) => `${formatRisk(s.risk.score)} as ${s.p.kind}`).join(', ');
      const every = scored.length > 1 ? 'whichever kind is meant (the text does not say)' : `(the text does not say the kind; it has only ${top.p.kind})`;
      return `${m.name} is a high-privilege permission ${every}: risk ${scores} ≥ threshold ${t}; as ${top.p.kind} it ${why(m, top.p, top.risk)}.`;
    };
    const refs = declared(ctx.analysis.references);
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      if (!r.match) continue;
      const m = r.match;
      let message: string | null | undefined;
      // A GUID: the permission it is, whatever the metadata calls it.
      if (r.ref.form === 'guid' && r.permission) {
        const p = r.permission;
        let byMatch = byGuid.get(p);
        if (!byMatch) byGuid.set(p, (byMatch = new Map()));
        message = byMatch.get(m);
        if (message === undefined) byMatch.set(m, (message = guidMessage(m, p)));
      } else {
        let kinds = byKind.get(m);
        if (!kinds) byKind.set(m, (kinds = new Map()));
        message = kinds.get(r.kind);
        if (message === undefined) kinds.set(r.kind, (message = kindMessage(m, r.kind)));
      }
      if (message !== null) report({ start: r.ref.start, end: r.ref.end, message });
    }
  },
};
