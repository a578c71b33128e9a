/**
 * Recall, precision and kind accuracy of the scanners on real public files (`npm run eval:realworld`).
 *
 * test/realworld/labels.json lists the files (repository, path, commit) and what a careful reader
 * finds in each, labelled by reading the file before running the scanners on it. The files
 * themselves are third-party and never committed: fetch each one at its commit into a local cache
 * folder (default `.cache/realworld/<repo>/<path>`, git-ignored; `--cache DIR` or
 * GPL_REALWORLD_CACHE to change) and run this script. Files that are not in the cache are skipped,
 * and the script says so; with none present it exits 0 after saying that nothing was measured.
 *
 * Scoring, per file: a reported reference counts when it resolves to Microsoft Graph (a SharePoint
 * or other API's permission of the same name is not a Graph reference) and a label with the same
 * line and token (case-insensitive, without a resource-URI prefix) is still unmatched; every other
 * reported Graph reference is a false positive. Kind accuracy is over matched references whose
 * label gives a kind (Application / Delegated). For watch-list files, the permission rules that
 * must stay quiet (high-privilege, risky-combination) are run too and any finding is reported.
 *
 *   node out/scripts/eval-realworld.js            table per format (Markdown)
 *   node out/scripts/eval-realworld.js --diff     also list every miss, false positive and wrong kind
 *   node out/scripts/eval-realworld.js --held-out only the files marked heldOut (added in a second
 *                                                 round and first measured before any fix for them)
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, formatOf, formatOfContent, type DocumentFormat } from '../src/core/analyze';
import { GRAPH_APP_ID } from '../src/core/permissions/guid';
import { loadPermissionStore } from '../src/platform/node/data';
import { runRules } from '../src/core/rules';

const ROOT = path.resolve(__dirname, '..', fs.existsSync(path.join(__dirname, '..', 'package.json')) ? '' : '..');

interface LabelRef {
  line: number;
  text: string;
  kind: 'Application' | 'Delegated' | 'Unknown';
}

interface LabelFile {
  repo: string;
  path: string;
  commit: string;
  format: string;
  shape: string;
  negative?: boolean;
  watchList?: boolean;
  heldOut?: boolean;
  labelledLines?: number;
  refs: LabelRef[];
}

interface Score {
  files: number;
  labelled: number;
  reported: number;
  matched: number;
  kindLabelled: number;
  kindRight: number;
}

const empty = (): Score => ({ files: 0, labelled: 0, reported: 0, matched: 0, kindLabelled: 0, kindRight: 0 });

function add(a: Score, b: Score): void {
  for (const k of Object.keys(a) as (keyof Score)[]) a[k] += b[k];
}

function ratio(a: number, b: number): string {
  return b === 0 ? '—' : (a / b).toFixed(2);
}

function main(): void {
  const args = process.argv.slice(2);
  const ci = args.indexOf('--cache');
  const cache = path.resolve(ROOT, ci >= 0 ? args[ci + 1] : (process.env.GPL_REALWORLD_CACHE ?? path.join('.cache', 'realworld')));
  const labels = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'realworld', 'labels.json'), 'utf8')) as { files: LabelFile[] };
  const store = loadPermissionStore(path.join(ROOT, 'data'));
  const byFormat = new Map<string, Score>();
  const missing: string[] = [];
  const notes: string[] = [];
  const watchFindings: string[] = [];
  let negatives = 0;
  let negativesHit = 0;
  const heldOutOnly = args.includes('--held-out');
  const files = heldOutOnly ? labels.files.filter((f) => f.heldOut) : labels.files;
  for (const f of files) {
    const file = path.join(cache, f.repo, f.path);
    if (!fs.existsSync(file)) {
      missing.push(`${f.repo}/${f.path}`);
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    const format = (formatOf(path.basename(f.path)) ?? formatOfContent(text) ?? 'plaintext') as DocumentFormat;
    const analysis = analyzeText(text, format, store);
    const s = empty();
    s.files = 1;
    s.labelled = f.refs.length;
    const open = f.refs.map((r) => ({ ...r, used: false }));
    for (const r of analysis.references) {
      if (r.resourceAppId !== GRAPH_APP_ID) continue;
      if (!r.match && r.ref.position === 'string') continue;
      s.reported++;
      const line = analysis.lines.position(r.ref.start).line + 1;
      const token = (r.ref.form === 'name' ? r.ref.name : r.ref.text).toLowerCase();
      const hit = open.find((l) => !l.used && l.line === line && l.text.toLowerCase() === token);
      if (!hit) {
        notes.push(`FP   ${f.repo}/${f.path}:${line} ${token} (${r.kind}, ${r.ref.position})`);
        continue;
      }
      hit.used = true;
      s.matched++;
      if (hit.kind !== 'Unknown') {
        s.kindLabelled++;
        if (r.kind === hit.kind) s.kindRight++;
        else notes.push(`KIND ${f.repo}/${f.path}:${line} ${hit.text}: ${r.kind}, labelled ${hit.kind}`);
      }
    }
    for (const l of open) if (!l.used) notes.push(`MISS ${f.repo}/${f.path}:${l.line} ${l.text} (${l.kind})`);
    if (f.negative) {
      negatives++;
      if (s.reported > 0) negativesHit++;
    }
    if (f.watchList) {
      const { diagnostics } = runRules(text, analysis, store);
      for (const d of diagnostics) {
        if (d.code === 'high-privilege' || d.code === 'risky-combination') watchFindings.push(`${f.repo}/${f.path}: ${d.code} — ${d.message}`);
      }
    }
    const g = byFormat.get(format) ?? empty();
    add(g, s);
    byFormat.set(format, g);
  }
  const present = files.length - missing.length;
  if (present === 0) {
    console.log(
      `eval:realworld: none of the ${files.length} labelled files is in ${path.relative(ROOT, cache) || cache}; nothing measured (skipped).\n` +
        'Fetch each file of test/realworld/labels.json at its commit into <cache>/<repo>/<path> to measure.',
    );
    return;
  }
  if (heldOutOnly) console.log(`eval:realworld: the ${files.length} held-out files only.\n`);
  if (missing.length) console.log(`eval:realworld: ${missing.length} of ${files.length} labelled files are not in the cache and were skipped.\n`);
  const total = empty();
  console.log('| Format | Files | Labelled | Reported | Matched | Recall | Precision | Kind |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [fmt, s] of [...byFormat].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`| ${fmt} | ${s.files} | ${s.labelled} | ${s.reported} | ${s.matched} | ${ratio(s.matched, s.labelled)} | ${ratio(s.matched, s.reported)} | ${ratio(s.kindRight, s.kindLabelled)} |`);
    add(total, s);
  }
  console.log(
    `| **all** | ${total.files} | ${total.labelled} | ${total.reported} | ${total.matched} | ${ratio(total.matched, total.labelled)} | ${ratio(total.matched, total.reported)} | ${ratio(total.kindRight, total.kindLabelled)} |`,
  );
  console.log(`\nNegative files (no Graph permission reference) with a reported reference: ${negativesHit} of ${negatives}`);
  console.log(`Watch-list files with high-privilege / risky-combination findings: ${watchFindings.length}`);
  if (args.includes('--diff')) {
    for (const n of [...notes, ...watchFindings]) console.log(`  ${n}`);
    for (const m of missing) console.log(`  SKIPPED (not cached) ${m}`);
  }
}

main();
