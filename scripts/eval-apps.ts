/**
 * Least privilege on real public sample apps (`npm run eval:apps`): call recall and precision,
 * kind accuracy, least-choice accuracy and per-app findings agreement, against the labels in
 * test/realworld/apps.json (written by reading the code before running the analysis).
 *
 * The apps' files are not in the repository: put them in .cache/realworld/<repo>/<path> (git-ignored)
 * and the upstream data in ../shared/upstream; without either, the script says so and exits 0.
 *
 *   node out/scripts/eval-apps.js           table per app, then the totals (Markdown)
 *   node out/scripts/eval-apps.js --diff    also list every missed and extra call
 *   node out/scripts/eval-apps.js --set second   only the apps of one labelling round
 *
 * Calls labelled `identity: "setup-script"` are matched against the setup scripts' own reports
 * (each setup script is another identity); the totals count them with the app's calls.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatOf } from '../src/core/analyze';
import { loadStoreWithMetadata } from '../src/platform/node/upstream';
import type { AppUsageReport, UsageFile } from '../src/core/leastPrivilege';
import { createLanguageService, DEFAULT_SETTINGS } from '../src/core/service';

const ROOT = path.resolve(__dirname, '..', fs.existsSync(path.join(__dirname, '..', 'package.json')) ? '' : '..');
const CACHE = path.join(ROOT, '.cache', 'realworld');
const UPSTREAM = path.resolve(ROOT, '..', 'shared', 'upstream');

interface LabelCall {
  file: string;
  /** `setup-script`: a call of a setup script, analysed as its own identity (report.identities). */
  identity?: 'setup-script';
  method: string;
  path: string;
  version?: 'beta';
  kind: 'Application' | 'Delegated';
  least: string | null;
}
interface App {
  id: string;
  /** Which labelling round the app came in (`first`, `second`): each round is measured before its fixes. */
  set?: string;
  repo: string;
  commit: string;
  files: string[];
  calls: LabelCall[];
  findings: { rule: string; permission: string }[];
}

const key = (file: string, method: string, p: string, version?: string): string => `${file}|${method.toUpperCase()}|${version === 'beta' ? 'beta' : 'v1.0'}|${p.toLowerCase()}`;
const pct = (a: number, b: number): string => (b ? (a / b).toFixed(2) : 'n/a');

async function main(): Promise<void> {
  const diff = process.argv.includes('--diff');
  const setArg = process.argv.indexOf('--set');
  const only = setArg > 0 ? process.argv[setArg + 1] : undefined;
  const apps = (JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'realworld', 'apps.json'), 'utf8')) as { apps: App[] }).apps.filter(
    (a) => !only || (a.set ?? 'first') === only,
  );
  if (!fs.existsSync(path.join(UPSTREAM, 'devx-permissions.json'))) {
    console.log(`eval:apps skipped: the upstream data is not in ${UPSTREAM}.`);
    return;
  }
  const store = await loadStoreWithMetadata(path.join(ROOT, 'data'), UPSTREAM);
  let labelled = 0, found = 0, reported = 0, kindOk = 0, leastN = 0, leastOk = 0, agree = 0, scored = 0;
  const rows: string[] = ['| app | calls (labelled) | found | extra | kind right | least right | findings agree |', '| --- | --- | --- | --- | --- | --- | --- |'];
  const missing: string[] = [];
  for (const app of apps) {
    const files: UsageFile[] = [];
    let absent = false;
    for (const f of app.files) {
      const p = path.join(CACHE, app.repo, f);
      if (!fs.existsSync(p)) {
        absent = true;
        break;
      }
      files.push({ path: f, text: fs.readFileSync(p, 'utf8'), format: formatOf(f) });
    }
    if (absent) {
      missing.push(app.id);
      continue;
    }
    scored++;
    // Through the language service's entry point, as the editor and the CLI run it (the listed files are one app).
    const service = createLanguageService({ store: () => store });
    const docs = files.map((f) => ({ uri: `${app.repo}/${f.path}`, version: 1, path: f.path, text: f.text }));
    const r = service.leastPrivilege({ name: app.id, files: docs, allPaths: [] }, DEFAULT_SETTINGS, { oneApp: true }).apps[0].report as AppUsageReport;
    // The app's calls, then each setup script's (another identity), in one list.
    const allCalls = [...r.calls.map((c) => ({ c, identity: false })), ...r.identities.flatMap((x) => x.report.calls.map((c) => ({ c, identity: true })))];
    const pool = new Map<string, number[]>();
    allCalls.forEach(({ c, identity }, i) => {
      const k = `${identity ? 'setup-script|' : ''}${key(c.file, c.method, c.path, c.version)}`;
      pool.set(k, [...(pool.get(k) ?? []), i]);
    });
    let f = 0, k = 0, ln = 0, lk = 0;
    const missed: string[] = [];
    for (const l of app.calls) {
      const list = pool.get(`${l.identity ? 'setup-script|' : ''}${key(l.file, l.method, l.path, l.version)}`);
      const i = list?.shift();
      if (i === undefined) {
        missed.push(`${l.method} ${l.version === 'beta' ? '/beta' : ''}${l.path} (${l.file}${l.identity ? ', setup script' : ''})`);
        continue;
      }
      f++;
      const c = allCalls[i].c;
      if (c.kind === l.kind) k++;
      else if (diff) console.log(`  kind ${app.id}: ${l.method} ${l.path}: labelled ${l.kind}, got ${c.kind} (${c.kindReason})`);
      if (l.least) {
        ln++;
        if (c.leastPrivileged?.toLowerCase() === l.least.toLowerCase()) lk++;
        else if (diff) console.log(`  least ${app.id}: ${l.method} ${l.path}: labelled ${l.least}, got ${c.leastPrivileged ?? 'none'}`);
      }
    }
    const extra = [...pool.values()].flat().map((i) => {
      const c = allCalls[i].c;
      return `${c.method} ${c.version === 'beta' ? '/beta' : ''}${c.path} (${c.file}:${c.line}${allCalls[i].identity ? ', setup script' : ''})`;
    });
    const got = new Set(r.findings.map((x) => `${x.code} ${/^(\S+)/.exec(x.message)?.[1] ?? ''}`.toLowerCase()));
    const want = new Set(app.findings.map((x) => `${x.rule} ${x.permission}`.toLowerCase()));
    const same = got.size === want.size && [...want].every((w) => [...got].some((g) => g.startsWith(w.split(' ')[0]) && (g.includes(w.split(' ')[1]) || r.findings.some((x) => x.code === w.split(' ')[0] && x.message.toLowerCase().includes(w.split(' ')[1])))));
    if (same) agree++;
    labelled += app.calls.length;
    found += f;
    reported += allCalls.length;
    kindOk += k;
    leastN += ln;
    leastOk += lk;
    if (diff && !same) console.log(`  findings ${app.id}: got ${[...got].join('; ') || 'none'}`);
    rows.push(`| ${app.id} | ${app.calls.length} | ${f} | ${extra.length} | ${k}/${f} | ${lk}/${ln} | ${same ? 'yes' : `no (got ${r.findings.map((x) => x.code).join(', ') || 'none'})`} |`);
    if (diff) {
      for (const m of missed) console.log(`  missed ${app.id}: ${m}`);
      for (const e of extra) console.log(`  extra  ${app.id}: ${e}`);
    }
  }
  if (!scored) {
    console.log(`eval:apps skipped: none of the ${apps.length} apps' files are in ${CACHE} (read them with the pointers in test/realworld/apps.json).`);
    return;
  }
  console.log(rows.join('\n'));
  console.log('');
  console.log(`apps scored: ${scored} of ${apps.length}${only ? ` (set ${only})` : ''}${missing.length ? ` (not cached: ${missing.join(', ')})` : ''}`);
  console.log(`call recall ${pct(found, labelled)} (${found}/${labelled}), precision ${pct(found, reported)} (${found}/${reported}), kind ${pct(kindOk, found)} (${kindOk}/${found}), least ${pct(leastOk, leastN)} (${leastOk}/${leastN}), findings agree ${agree}/${scored}`);
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(3);
});
