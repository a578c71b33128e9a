/**
 * How many (permission, kind) pairs of the bundled store `high-privilege` reports, before it used
 * the risk score (privilege level 4 + the documented list + the by-GUID table, Microsoft Graph by
 * name) and now, per risk threshold (`npm run measure:risk-threshold [-- --diff]`).
 *
 * "Now" runs the real rule: one manifest requesting every permission of every resource app of the
 * store by GUID with its own kind (`Role`/`Scope`), checked with `runRules` at each threshold.
 * "Before" is the former rule's test for a GUID of a known kind, kept here to compare.
 */
import * as path from 'path';
import { analyzeText } from '../src/core/analyze';
import { GRAPH_APP_ID } from '../src/core/permissions/guid';
import { loadPermissionStore } from '../src/platform/node/data';
import { DEFAULT_RISK_THRESHOLD, riskOfPermission } from '../src/core/permissions/risk';
import { HIGH_PRIVILEGE_IDS, highPrivilegeReason } from '../src/core/rules/data/privilege';
import { runRules } from '../src/core/rules';
import type { Permission } from '../src/core/store/store';

const root = path.resolve(__dirname, '..', '..');
const store = loadPermissionStore(path.join(root, 'data'));
const all = store.permissions();
const key = (p: Permission): string => `${p.resourceAppId}|${p.id}|${p.kind}`;

/** The former rule on a GUID: the GUID table, else (Microsoft Graph only) the documented list or level 4. */
function before(p: Permission): boolean {
  if (HIGH_PRIVILEGE_IDS.has(p.id)) return true;
  if (p.resourceAppId !== GRAPH_APP_ID) return false;
  return !!highPrivilegeReason(store.matchOf(p), p.kind);
}

// One manifest with every permission, block per resource app; the offset of each entry's GUID.
const at = new Map<number, Permission>();
let text = '{\n  "requiredResourceAccess": [\n';
const apps = [...new Set(all.map((p) => p.resourceAppId))];
apps.forEach((app, i) => {
  text += `    {\n      "resourceAppId": "${app}",\n      "resourceAccess": [\n`;
  const ps = all.filter((p) => p.resourceAppId === app);
  ps.forEach((p, j) => {
    text += '        { "id": "';
    at.set(text.length, p);
    text += `${p.id}", "type": "${p.kind === 'Application' ? 'Role' : 'Scope'}" }${j < ps.length - 1 ? ',' : ''}\n`;
  });
  text += `      ]\n    }${i < apps.length - 1 ? ',' : ''}\n`;
});
text += '  ]\n}\n';
const analysis = analyzeText(text, 'json', store);

function flaggedAt(threshold: number): Permission[] {
  const r = runRules(text, analysis, store, { riskThreshold: threshold });
  if (r.errors.length) throw new Error(r.errors.join('; '));
  return r.diagnostics.filter((d) => d.code === 'high-privilege').map((d) => at.get(d.start)).filter((p): p is Permission => !!p);
}

const count = (ps: readonly Permission[], kind: string): number => ps.filter((p) => p.kind === kind).length;
const base = all.filter(before);
const baseKeys = new Set(base.map(key));
console.log(`store: ${store.describe()}; ${all.length} (permission, kind) pairs, ${all.filter((p) => p.resourceAppId === GRAPH_APP_ID).length} of Microsoft Graph`);
console.log(`before (level 4 + list + GUID table): ${base.length} pairs (${count(base, 'Application')} Application, ${count(base, 'Delegated')} Delegated)`);
const hist = new Map<number, number>();
for (const p of all) hist.set(riskOfPermission(p).score, (hist.get(riskOfPermission(p).score) ?? 0) + 1);
console.log('risk scores: ' + [...hist].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s.toFixed(1)}×${n}`).join(' '));
console.log('\n| threshold | reported | Application | Delegated | newly reported | no longer reported |');
console.log('| --- | --- | --- | --- | --- | --- |');
const diff = process.argv.includes('--diff');
for (const t of [6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10]) {
  const now = flaggedAt(t);
  const nowKeys = new Set(now.map(key));
  const added = now.filter((p) => !baseKeys.has(key(p)));
  const lost = base.filter((p) => !nowKeys.has(key(p)));
  const mark = t === DEFAULT_RISK_THRESHOLD ? ' (default)' : '';
  console.log(`| ${t.toFixed(1)}${mark} | ${now.length} | ${count(now, 'Application')} | ${count(now, 'Delegated')} | ${added.length} | ${lost.length} |`);
  if (diff || t === DEFAULT_RISK_THRESHOLD) {
    const app = (p: Permission): string => (p.resourceAppId === GRAPH_APP_ID ? '' : ` [${store.resourceApp(p.resourceAppId)?.displayName ?? p.resourceAppId}]`);
    for (const p of added) console.log(`    + ${p.value} ${p.kind}${app(p)} ${riskOfPermission(p).score.toFixed(1)} (${riskOfPermission(p).factors.join(', ')})`);
    for (const p of lost) console.log(`    - ${p.value} ${p.kind}${app(p)} ${riskOfPermission(p).score.toFixed(1)} (${riskOfPermission(p).factors.join(', ')})`);
  }
}
