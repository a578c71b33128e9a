/**
 * The GitHub Action (action.yml → action/index.js, bundled from src/ci/actionMain.ts): reads the
 * inputs from `INPUT_*` variables, runs the CLI's scan in-process (SARIF to `sarif-file`), writes
 * the counts to `GITHUB_OUTPUT`, a Markdown summary to `GITHUB_STEP_SUMMARY`, annotations to the
 * log, and returns the scan's exit code — so the step fails as `fail-on` says. No network.
 */
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../cli';
import type { UpstreamLimits } from '../core/upstream';
import { annotations, countsOf, summaryMarkdown } from './summary';

/** The inputs action.yml declares (a test keeps the two in step). */
export const ACTION_INPUTS = ['paths', 'fail-on', 'rules', 'risk-threshold', 'least-privilege', 'metadata', 'default-kind', 'category', 'sarif-file'] as const;
export const ACTION_OUTPUTS = ['errors', 'warnings', 'notes', 'results', 'high-risk', 'sarif-file'] as const;

export interface ActionRun {
  env: Record<string, string | undefined>;
  /** The store folder (data/ beside the bundle). */
  dataDir: string;
  /** Log lines (workflow commands, messages): standard output by default. */
  log?: (line: string) => void;
  /** For tests: importer limits (small fixture metadata). */
  limits?: Partial<UpstreamLimits>;
}

/** `INPUT_<NAME>` as the runner sets it: upper case, spaces → `_`, hyphens kept. */
function input(env: ActionRun['env'], name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function bool(v: string, name: string): boolean {
  if (/^(true|yes|on|1)$/i.test(v)) return true;
  if (v === '' || /^(false|no|off|0)$/i.test(v)) return false;
  throw new Error(`input ${name} must be true or false, not '${v}'`);
}

/** One path per line; a single line may also list paths separated by spaces. */
export function splitPaths(v: string): string[] {
  const lines = v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.length === 1 ? lines[0].split(/\s+/) : lines;
}

function appendFile(file: string | undefined, text: string): void {
  if (file) fs.appendFileSync(file, text);
}

export async function runAction(run: ActionRun): Promise<number> {
  const log = run.log ?? ((l: string) => void process.stdout.write(l + '\n'));
  const env = run.env;
  let args: string[];
  let sarifFile: string;
  let failOn: string;
  try {
    const paths = splitPaths(input(env, 'paths') || '.');
    failOn = input(env, 'fail-on') || 'error';
    sarifFile = input(env, 'sarif-file') || 'graph-permission-lens.sarif';
    args = ['scan', '--format', 'sarif', '--output', sarifFile, '--fail-on', failOn];
    const rules = input(env, 'rules');
    if (rules) args.push('--rules', rules);
    const riskThreshold = input(env, 'risk-threshold');
    if (riskThreshold) args.push('--risk-threshold', riskThreshold);
    if (bool(input(env, 'least-privilege'), 'least-privilege')) args.push('--least-privilege');
    const metadata = input(env, 'metadata');
    if (metadata) args.push('--metadata', metadata);
    const defaultKind = input(env, 'default-kind');
    if (defaultKind) args.push('--default-kind', defaultKind);
    const category = input(env, 'category');
    if (category) args.push('--category', category);
    args.push('--', ...paths);
  } catch (e) {
    log(`::error title=Graph Permission Lens::${(e as Error).message}`);
    return 2;
  }
  fs.mkdirSync(path.dirname(path.resolve(sarifFile)), { recursive: true });
  const code = await main(args, run.dataDir, { limits: run.limits });
  if (code > 1 || !fs.existsSync(sarifFile)) {
    log(`::error title=Graph Permission Lens::the scan failed (exit ${code}); see the messages above`);
    appendFile(env.GITHUB_STEP_SUMMARY, `## Graph Permission Lens\n\nThe scan failed (exit ${code}); see the step's log.\n`);
    return code > 1 ? code : 3;
  }
  const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
  for (const a of annotations(sarif)) log(a);
  const c = countsOf(sarif);
  appendFile(
    env.GITHUB_OUTPUT,
    `errors=${c.errors}\nwarnings=${c.warnings}\nnotes=${c.notes}\nresults=${c.results}\nhigh-risk=${c.highRisk}\nsarif-file=${sarifFile.replace(/[\r\n]/g, '')}\n`,
  );
  appendFile(env.GITHUB_STEP_SUMMARY, summaryMarkdown(sarif, { failOn, exitCode: code, sarifFile }) + '\n');
  log(`Graph Permission Lens: ${c.errors} errors, ${c.warnings} warnings, ${c.notes} notes; SARIF written to ${sarifFile}`);
  if (code === 1) log(`::error title=Graph Permission Lens::findings at or above fail-on '${failOn}'`);
  return code;
}
