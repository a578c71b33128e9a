/**
 * Precision and recall of the scanners over the format fixtures (`npm run eval:fixtures`).
 *
 * Every file under test/fixtures/formats/<group>/ is scanned with the format its name implies;
 * `test/fixtures/formats/expected.json` lists, per file, what a careful reader finds there:
 * `"<text>#<n>": "<Name> <Kind> <position>"` for the n-th (0-based) occurrence of <text> in the
 * file (`?` as Name for a reference the store does not know; ` @SharePoint` after the position when the
 * permission is SharePoint Online's rather than Microsoft Graph's), or `"special <kind> [flow]"` for a
 * `.default` scope / Teams RSC mention. Anything else the scanner reports is a false positive.
 *
 *   node out/scripts/eval-fixtures.js            table per format (Markdown)
 *   node out/scripts/eval-fixtures.js --diff     also list every mismatch
 *   node out/scripts/eval-fixtures.js --dump F   print what the scanner finds in file F (relative)
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, formatOf, type Analysis } from '../src/core/analyze';
import { GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../src/core/permissions/guid';
import { loadPermissionStore } from '../src/platform/node/data';
import type { PermissionStore } from '../src/core/store/store';

export const ROOT = path.resolve(__dirname, '..', fs.existsSync(path.join(__dirname, '..', 'package.json')) ? '' : '..');
export const FORMATS_DIR = path.join(ROOT, 'test', 'fixtures', 'formats');

export type Findings = Record<string, string>;

function nth(text: string, needle: string, at: number): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0 && i < at; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

/** What the scanners find in a text, keyed as in expected.json. */
export function findings(text: string, analysis: Analysis): Findings {
  const out: Findings = {};
  for (const r of analysis.references) {
    const app = r.match && r.match.resourceAppId !== GRAPH_APP_ID ? ` @${r.match.resourceAppId === SHAREPOINT_APP_ID ? 'SharePoint' : r.match.resourceAppId}` : '';
    out[`${r.ref.text}#${nth(text, r.ref.text, r.ref.start)}`] = `${r.match?.name ?? '?'} ${r.kind} ${r.ref.position}${app}`;
  }
  for (const s of analysis.specials) {
    out[`${s.text}#${nth(text, s.text, s.start)}`] = `special ${s.kind}${s.flow ? ' ' + s.flow : ''}`;
  }
  return out;
}

export function fixtureFiles(): string[] {
  const files: string[] = [];
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name !== 'expected.json') files.push(path.relative(FORMATS_DIR, p).split(path.sep).join('/'));
    }
  };
  visit(FORMATS_DIR);
  return files;
}

export function scanFixture(rel: string, store: PermissionStore): Findings {
  const text = fs.readFileSync(path.join(FORMATS_DIR, rel), 'utf8');
  const format = formatOf(rel);
  if (!format) throw new Error(`no format for ${rel}`);
  return findings(text, analyzeText(text, format, store));
}

export function loadExpected(): Record<string, Findings> {
  return JSON.parse(fs.readFileSync(path.join(FORMATS_DIR, 'expected.json'), 'utf8')) as Record<string, Findings>;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  mismatches: string[];
}

export function compare(rel: string, actual: Findings, expected: Findings, score: Score): void {
  for (const [k, v] of Object.entries(actual)) {
    if (expected[k] === v) score.tp++;
    else {
      score.fp++;
      score.mismatches.push(`${rel}: found ${k} = ${v}${expected[k] ? ` (expected ${expected[k]})` : ''}`);
    }
  }
  for (const [k, v] of Object.entries(expected)) {
    if (actual[k] !== v) {
      score.fn++;
      if (!(k in actual)) score.mismatches.push(`${rel}: missed ${k} = ${v}`);
    }
  }
}

function pct(a: number, b: number): string {
  return b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`;
}

function main(): void {
  const store = loadPermissionStore(path.join(ROOT, 'data'));
  const args = process.argv.slice(2);
  if (args[0] === '--dump') {
    console.log(JSON.stringify(scanFixture(args[1], store), null, 2));
    return;
  }
  const expected = loadExpected();
  const byGroup = new Map<string, Score & { files: number }>();
  for (const rel of fixtureFiles()) {
    const group = rel.split('/')[0];
    const s = byGroup.get(group) ?? { tp: 0, fp: 0, fn: 0, mismatches: [], files: 0 };
    s.files++;
    compare(rel, scanFixture(rel, store), expected[rel] ?? {}, s);
    byGroup.set(group, s);
  }
  const total: Score & { files: number } = { tp: 0, fp: 0, fn: 0, mismatches: [], files: 0 };
  console.log('| Format | Files | Expected | Found | Correct | Precision | Recall |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [g, s] of byGroup) {
    console.log(`| ${g} | ${s.files} | ${s.tp + s.fn} | ${s.tp + s.fp} | ${s.tp} | ${pct(s.tp, s.tp + s.fp)} | ${pct(s.tp, s.tp + s.fn)} |`);
    total.tp += s.tp;
    total.fp += s.fp;
    total.fn += s.fn;
    total.files += s.files;
    total.mismatches.push(...s.mismatches);
  }
  console.log(`| **all** | ${total.files} | ${total.tp + total.fn} | ${total.tp + total.fp} | ${total.tp} | ${pct(total.tp, total.tp + total.fp)} | ${pct(total.tp, total.tp + total.fn)} |`);
  if (args.includes('--diff') && total.mismatches.length) {
    console.log('\nMismatches:');
    for (const m of total.mismatches) console.log(`  ${m}`);
  }
}

if (require.main === module) main();
