/**
 * Which least-privileged choices the Graph permissions upstream files under other app ids
 * (`servedBy` records) change (`npm run measure:least-choice [-- --diff]`).
 *
 * For every (method, resource template) of the bundled path table and each kind (Delegated =
 * DelegatedWork then DelegatedPersonal, Application), the first candidate of `candidatesFor` is
 * the least-privileged choice the hover, report and findings use. It is computed twice with the
 * same path data (data/paths.json): over today's data/permissions.json ("now"), and over the
 * permissions.json of the commit before those records were bundled ("before", `--before <rev>`,
 * default 373c264; read with `git show`). Each changed choice is then sorted by what kind of name
 * won: none before (a path only the new records serve); scoped to part of a resource
 * (`Group-NestingSupport.ReadWrite.All`, see `scopedPart`) over a general permission of that
 * resource, or with none to compete; a GUID that looks hand-made (`looksHandMade`); a ReadWrite permission for a GET while
 * a Read one is marked least; or other. Then how many of today's choices the ranking's two rules
 * beyond kibali decide (see candidatesFor): scoped permissions passed over, and the read rule.
 *
 * Reads only data/ and the git history (no upstream snapshot needed).
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { GRAPH_APP_ID, looksHandMade } from '../src/core/permissions/guid';
import { PermissionStore } from '../src/core/store/store';
import type { PermissionKind, PermissionStoreFile } from '../src/core/store/storeData';
import { bundledPathData, readBundledFile } from '../src/platform/node/data';
import { candidatesFor, pathTableOf, scopedLeastOf, scopedPart } from '../src/core/leastPrivilege/analysis';

const root = path.resolve(__dirname, '..', '..');
const dataDir = path.join(root, 'data');
const diff = process.argv.includes('--diff');

const revArg = process.argv.indexOf('--before');
const rev = revArg > 0 ? process.argv[revArg + 1] : '373c264';
const file = readBundledFile(dataDir);
const beforeText = execFileSync('git', ['show', `${rev}:data/permissions.json`], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
const now = new PermissionStore(file, bundledPathData(dataDir));
const before = PermissionStore.fromJson(beforeText, bundledPathData(dataDir));
const graphNames = (f: PermissionStoreFile): Set<string> => new Set(f.resourceApps.filter((a) => a.appId.toLowerCase() === GRAPH_APP_ID).flatMap((a) => a.permissions.map((p) => p.value.toLowerCase())));
const added = graphNames(file);
for (const n of graphNames(PermissionStore.parseFile(beforeText))) added.delete(n);
const servedBy = new Set(file.resourceApps.flatMap((a) => a.permissions.filter((p) => p.servedBy).map((p) => p.value.toLowerCase())));
const suspect = new Set(file.resourceApps.flatMap((a) => a.permissions.filter((p) => looksHandMade(p.id)).map((p) => p.value.toLowerCase())));

let ops = 0, choices = 0, changed = 0;
const onlyScoped: string[] = [], alsoScoped: string[] = [], readRule: string[] = [], rscPassed: string[] = [];
const byClass = new Map<string, string[]>();
const add = (cls: string, line: string): void => {
  byClass.set(cls, [...(byClass.get(cls) ?? []), line]);
};
for (const op of pathTableOf(now).operations()) {
  ops++;
  for (const kind of ['Delegated', 'Application'] as PermissionKind[]) {
    const call = { method: op.method, path: op.path };
    const a = candidatesFor(before, call, kind)[0];
    const list = candidatesFor(now, call, kind);
    const b = list[0];
    if (!b) continue;
    choices++;
    // A Teams RSC permission marked least (or upstream's pick) that the ranking put after a tenant one.
    const rsc = list.find((c) => c.permission.rsc && (c.least || c.pick));
    if (rsc && !b.permission.rsc) rscPassed.push(`${op.method} ${op.path} (${kind}): ${rsc.name} → ${b.name}`);
    const sl = scopedLeastOf(list);
    if (sl) (sl.only ? onlyScoped : alsoScoped).push(`${op.method} ${op.path} (${kind}): ${sl.names.join(', ')} → ${b.name}`);
    // The read rule decided: kibali's pick is a ReadWrite permission, a Read one marked least comes first.
    const pick = list.find((c) => c.pick);
    if (pick && pick !== b && !pick.partial && b.least && pick.name.split('.').includes('ReadWrite')) readRule.push(`${op.method} ${op.path} (${kind}): ${pick.name} → ${b.name}`);
    if (a?.name.toLowerCase() === b.name.toLowerCase()) continue;
    changed++;
    const line = `${op.method} ${op.path} (${kind}): ${a?.name ?? 'none'} → ${b.name}${added.has(b.name.toLowerCase()) ? ' [new name]' : ''}`;
    const scoped = scopedPart(b.name);
    if (!a) add('no choice before (a path only the new records serve)', line);
    else if (b.partial) add('scoped to part of the resource the path addresses, chosen over a general permission of it', line);
    else if (scoped) add('scoped: the sub-feature\'s own path, or no general permission of its resource allows the call', line);
    else if (suspect.has(b.name.toLowerCase())) add('a GUID that looks hand-made', line);
    else if (op.method === 'GET' && b.name.split('.').includes('ReadWrite') && list.some((c) => c.least && c.name.split('.').includes('Read'))) add('ReadWrite for a GET while a Read permission is marked least', line);
    else add('other', line);
  }
}

console.log(`store: ${now.describe()}; before: data/permissions.json of ${rev}; ${added.size} Graph names new since, ${servedBy.size} carry servedBy, ${suspect.size} a GUID that looks hand-made (looksHandMade)`);
console.log(`${ops} (method, template) operations; ${choices} (operation, kind) least choices now; ${changed} differ from before`);
for (const [cls, lines] of [...byClass].sort((x, y) => y[1].length - x[1].length)) {
  console.log(`  ${cls}: ${lines.length}`);
  if (diff) for (const l of lines) console.log(`    ${l}`);
}
console.log(`scoped permissions marked least but ranked after the general ones: ${onlyScoped.length} choices where they are the only ones marked, ${alsoScoped.length} where a general one is marked too`);
console.log(`read rule (a Read permission marked least before kibali's ReadWrite pick, for a GET): ${readRule.length} choices`);
console.log(`Teams resource-specific consent permissions marked least, ranked after a tenant one: ${rscPassed.length} choices`);
if (diff) for (const l of [...onlyScoped.map((x) => `  only: ${x}`), ...alsoScoped.map((x) => `  also: ${x}`), ...readRule.map((x) => `  read: ${x}`), ...rscPassed.map((x) => `  rsc: ${x}`)]) console.log(l);
