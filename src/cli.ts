/**
 * graph-permission-lens — the same core as the extension, from a terminal or CI.
 *
 *   graph-permission-lens scan [--format text|json|sarif] [--rules SPEC] [--fail-on LEVEL] [--risk-threshold N] [--least-privilege] <files or folders...>
 *   graph-permission-lens lookup [--format text|json] <guid-or-name...>
 *
 * Exit codes: 0 success; 1 `lookup` found nothing for some argument, or `scan --fail-on` found a
 * diagnostic at or above its level or a file it could not analyse in full; 2 usage error; 3 other
 * failure (the store did not load, a named path or a file could not be read).
 */
import * as fs from 'fs';
import * as path from 'path';
import { leastPrivilegeFindings, appSummary, type AppFindings } from './ci/leastPrivilegeScan';
import { sarifReport } from './ci/sarifReport';
import { Output, terminalSafe } from './cliOutput';
import { formatOf, formatOfContent, incompleteMessage, INCOMPLETE_CODE, looksBinary } from './core/analyze';
import { isGuid } from './core/permissions/guid';
import { bundledData, loadPermissionStore } from './platform/node/data';
import { loadStoreWithMetadata } from './platform/node/upstream';
import { collectScanFiles, type WalkError } from './platform/node/walk';
import { LEAST_PRIVILEGE_USAGE } from './core/leastPrivilege/command';
import { runLeastPrivilege } from './platform/node/leastPrivilege';
import { noPathDataMessage } from './core/leastPrivilege/analysis';
import { ALL_RULES, parseRuleOverridesArg } from './core/rules/index';
import { createLanguageService, DEFAULT_SETTINGS, type LanguageService, type LensSettings, type ServiceDocument } from './core/service';
import { SEVERITY_ORDER, type Severity, type SeveritySetting } from './core/rules/types';
import { DEFAULT_RISK_THRESHOLD, formatRisk, parseRiskThreshold, riskOfPermission, riskOfReference } from './core/permissions/risk';
import { locateDiagnostic, type LocatedDiagnostic, type SarifNotification } from './core/sarif';
import type { ResolvedReference } from './core/permissions/resolve';
import type { PermissionKind } from './core/store/storeData';
import type { UpstreamLimits } from './core/upstream';
import { splitResourcePrefix } from './core/scan/names';
import type { Permission, PermissionMatch, PermissionStore } from './core/store/store';
import { kindFactLines, kindFacts, lookupResources, noteLines, resourceLines } from './core/explorer/lookup';
import type { ResourceIndex } from './core/explorer/resources';

const VERSION = '0.1.0';
const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

class UsageError extends Error {}

type FailOn = 'error' | 'warning' | 'never';

interface Options {
  format: 'text' | 'json' | 'sarif';
  maxFileSize: number;
  failOn: FailOn;
  rules: Record<string, SeveritySetting>;
  /** `high-privilege` and the high-risk grants: risk scores at or above this (0.0–10.0). */
  riskThreshold: number;
  /** Folder, file: URL or http(s) URL of upstream metadata (permissions.json + provisioningInfo.json). */
  metadata?: string;
  /** scan: also the least-privilege findings, each folder argument being one app. */
  leastPrivilege: boolean;
  kind?: PermissionKind;
  defaultKind?: PermissionKind;
  /** Write the report here instead of to standard output. */
  output?: string;
  /** SARIF `automationDetails.id` category. */
  category?: string;
  args: string[];
}

/** For tests and the GitHub Action: importer limits (small fixture metadata). */
export interface CliIo {
  limits?: Partial<UpstreamLimits>;
}

const USAGE = `usage: graph-permission-lens <command> [options] <arguments...>

commands:
  scan   [options] <files or folders...>
         list the Microsoft Graph permission references in JSON, Bicep,
         Terraform, PowerShell, code (TS/JS, C#, Python, Java), .http, YAML and
         Markdown files, and the problems the rules find in them
  lookup [--format text|json] <guid-or-name...>
         print what the metadata store knows about permissions
${LEAST_PRIVILEGE_USAGE}

scan options:
  --format text|json|sarif   output format (default text); sarif is SARIF 2.1.0
                             for GitHub code scanning, with paths relative to
                             the repository root (or the current directory)
  --fail-on error|warning|never
                             exit 1 when a diagnostic at or above this severity
                             is found (default never: scan only lists)
  --rules SPEC               rule severities, as id=severity,... or a JSON object
                             (like the graphPermissionLens.rules setting);
                             severity is error, warning, information, hint or off
  --risk-threshold N         high-privilege reports permissions whose risk score
                             for their kind is N or more, 0.0-10.0 (default
                             ${formatRisk(DEFAULT_RISK_THRESHOLD)}, like graphPermissionLens.highPrivilege.riskThreshold);
                             also the high-risk grants of the SARIF summary
  --max-file-size BYTES      skip larger files (default ${DEFAULT_MAX_FILE_SIZE})
  --least-privilege          also compare what each folder argument (one app)
                             requests with the Graph calls its code makes:
                             permission-unused, -over-broad, -missing (needs
                             upstream path data: --metadata)
  --kind, --default-kind application|delegated
                             with --least-privilege, as for least-privilege
  --output FILE              write the report to FILE instead of standard output
  --category NAME            SARIF automationDetails.id category (default
                             graph-permission-lens): one per scan in a workflow
  --metadata SOURCE          use upstream metadata (a folder, file: URL or URL holding
                             permissions.json and provisioningInfo.json, or their
                             devx- names) instead of the bundled snapshot; also for lookup

rules (default severity):
${ALL_RULES.map((r) => `  ${r.id.padEnd(26)} ${r.defaultSeverity}`).join('\n')}

options:
  -h, --help     show this help
  -v, --version  show the version

exit codes: 0 success; 1 lookup found nothing for some argument, or scan
found a diagnostic at the --fail-on level or a file it could not analyse in
full; 2 usage error; 3 other failure (including a path that could not be read)`;

/** `scan --help` / `lookup -h`: the usage, exit 0. */
class HelpRequest extends Error {}

function parseOptions(argv: string[], command: 'scan' | 'lookup'): Options {
  const o: Options = { format: 'text', maxFileSize: DEFAULT_MAX_FILE_SIZE, failOn: 'never', rules: {}, riskThreshold: DEFAULT_RISK_THRESHOLD, leastPrivilege: false, args: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const v = value();
      const formats = command === 'scan' ? ['text', 'json', 'sarif'] : ['text', 'json'];
      if (!formats.includes(v)) throw new UsageError(`--format must be ${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]}, not '${v}'`);
      o.format = v as Options['format'];
    } else if (flag === '--fail-on' && command === 'scan') {
      const v = value();
      if (v !== 'error' && v !== 'warning' && v !== 'never') throw new UsageError(`--fail-on must be error, warning or never, not '${v}'`);
      o.failOn = v;
    } else if (flag === '--rules' && command === 'scan') {
      const v = value();
      if (!v.trim()) throw new UsageError("--rules needs id=severity,… or a JSON object, not ''");
      const { overrides, problems } = parseRuleOverridesArg(v);
      if (problems.length) throw new UsageError(problems[0].startsWith('--rules') ? problems[0] : `--rules: ${problems[0]}`);
      Object.assign(o.rules, overrides);
    } else if (flag === '--risk-threshold' && command === 'scan') {
      const v = value();
      const t = parseRiskThreshold(v, '--risk-threshold');
      if (t.problem) throw new UsageError(terminalSafe(t.problem.replace(/; using .*$/, '')));
      o.riskThreshold = t.value;
    } else if (flag === '--metadata') {
      const v = value();
      if (!v.trim()) throw new UsageError("--metadata needs a folder, file: URL or https URL, not ''");
      o.metadata = v;
    } else if (flag === '--least-privilege' && command === 'scan') {
      if (inline !== undefined) throw new UsageError('--least-privilege takes no value');
      o.leastPrivilege = true;
    } else if ((flag === '--kind' || flag === '--default-kind') && command === 'scan') {
      const v = value().toLowerCase();
      const k: PermissionKind | undefined = v === 'application' || v === 'app' ? 'Application' : v === 'delegated' ? 'Delegated' : undefined;
      if (!k) throw new UsageError(`${flag} must be application or delegated, not '${v}'`);
      if (flag === '--kind') o.kind = k;
      else o.defaultKind = k;
    } else if ((flag === '--output' || flag === '-o') && command === 'scan') {
      o.output = value();
    } else if (flag === '--category' && command === 'scan') {
      const v = value().trim();
      if (!/^[A-Za-z0-9._/-]+$/.test(v)) throw new UsageError(`--category may hold letters, digits, '.', '_', '-' and '/', not '${v}'`);
      o.category = v;
    } else if (flag === '--max-file-size') {
      // Decimal digits only: Number() would also take `0x10`, `1e3`, `0.5` and ' 12 '.
      const v = value();
      if (!/^[0-9]+$/.test(v) || Number(v) <= 0 || !Number.isSafeInteger(Number(v))) throw new UsageError(`--max-file-size must be a positive whole number of bytes, not '${terminalSafe(v)}'`);
      o.maxFileSize = Number(v);
    } else if (flag === '-h' || flag === '--help') {
      throw new HelpRequest();
    } else if (flag === '--') {
      o.args.push(...argv.slice(i + 1));
      break;
    } else if (flag.startsWith('-') && flag.length > 1) {
      throw new UsageError(`unknown option ${flag}`);
    } else {
      o.args.push(a);
    }
  }
  return o;
}

// ---- scan ----

interface FileReport {
  path: string;
  references?: object[];
  diagnostics?: LocatedDiagnostic[];
  /** Rules that threw on this file (the others still ran). */
  ruleErrors?: string[];
  /** Why the file could not be analysed in full (too deeply nested, a scanner failure). */
  incomplete?: string;
  skipped?: string;
  error?: string;
}

/** What the scan keeps of a file beside its report: the text (for SARIF snippets) and its high-risk grants. */
interface ScanExtras {
  /** The language service every file goes through (one per scan and store). */
  service: LanguageService;
  texts: Map<string, string>;
  grants: { name: string; kind: string; risk: number; file: string; line: number }[];
}

function riskOf(r: ResolvedReference): number | undefined {
  if (!r.match) return undefined;
  // The GUID's own permission when the text names one by GUID; else by the kind written (or both kinds).
  return riskOfReference(r.kind, r.match, r.ref.form === 'guid' ? r.permission : undefined)?.score;
}

function scanFile(file: string, o: Options, extras: ScanExtras): FileReport {
  let buf: Buffer;
  try {
    const st = fs.statSync(file);
    if (st.size > o.maxFileSize) return { path: file, skipped: `larger than ${o.maxFileSize} bytes` };
    buf = fs.readFileSync(file);
  } catch (e) {
    return { path: file, error: (e as Error).message };
  }
  if (looksBinary(buf)) return { path: file, skipped: 'binary file' };
  // A UTF-8 byte order mark is not text: left in, it would shift every column of line 1 by one.
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Through the language service, as in the editors: by extension; an explicitly named file of another
  // extension is read as JSON when it looks like JSON, else as plain text.
  const doc: ServiceDocument = { uri: file, version: 1, fileName: file, text, ...(formatOf(file) || formatOfContent(text) ? {} : { languageId: 'plaintext' }) };
  // The size was checked above (--max-file-size); the rule severities are --rules.
  const settings: LensSettings = { ...DEFAULT_SETTINGS, rules: o.rules, riskThreshold: o.riskThreshold, maxFileSizeKB: Number.MAX_SAFE_INTEGER };
  const parsed = extras.service.parse(doc, settings);
  if (parsed.skipped || !parsed.analysis) {
    extras.service.forget(file);
    return { path: file, skipped: parsed.skipped ?? 'not a format it reads' };
  }
  const analysis = parsed.analysis;
  const lines = analysis.lines;
  const references = analysis.references
    .filter((r) => r.match)
    .map((r) => {
      const pos = lines.position(r.ref.start);
      const id = r.permission?.id;
      const risk = riskOf(r);
      if (risk !== undefined && risk >= o.riskThreshold && r.ref.position !== 'string') {
        extras.grants.push({ name: (r.match as PermissionMatch).name, kind: r.kind, risk, file, line: pos.line + 1 });
      }
      return {
        name: (r.match as PermissionMatch).name,
        kind: r.kind,
        ...(id ? { id } : {}),
        line: pos.line + 1,
        column: pos.character + 1,
        text: r.ref.text,
        ...(risk !== undefined ? { risk } : {}),
      };
    });
  // Permission rules and Graph payload checks (the type model loads only for files that may hold a
  // payload). A file that could not be analysed in full is reported as `incomplete` below, not as a
  // diagnostic of its own.
  const checked = extras.service.check(doc, settings);
  extras.service.forget(file);
  const errors = checked.errors;
  // Not copied by spread: a diagnostic's fixes are read from it (locateDiagnostic), built on first read.
  const diagnostics = checked.diagnostics.filter((d) => d.code !== INCOMPLETE_CODE);
  if (diagnostics.length) extras.texts.set(file, text);
  // The permission a diagnostic is about: the reference it starts at (its risk, its fingerprint's subject).
  const refAt = new Map<number, ResolvedReference>();
  for (const r of analysis.references) if (r.match && !refAt.has(r.ref.start)) refAt.set(r.ref.start, r);
  return {
    path: file,
    references,
    diagnostics: diagnostics.map((d) => {
      const r = refAt.get(d.start);
      const risk = r && riskOf(r);
      return { ...locateDiagnostic(d, lines), ...(risk !== undefined ? { risk } : {}), ...(r?.match ? { subject: `${r.match.name}|${r.kind}` } : {}) };
    }),
    ...(errors.length ? { ruleErrors: errors } : {}),
    ...(analysis.incomplete ? { incomplete: analysis.incomplete } : {}),
  };
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * 3 when a path could not be read (fail closed: a missing or unreadable input is never a pass);
 * else 1 when a diagnostic reaches the --fail-on level, or a file could not be analysed in full
 * or a rule failed on it (what it would have found is unknown).
 */
function exitCodeFor(reports: FileReport[], failOn: FailOn): number {
  if (reports.some((r) => r.error)) return 3;
  if (failOn === 'never') return 0;
  const threshold = SEVERITY_ORDER[failOn];
  const failed = (r: FileReport): boolean => !!r.incomplete || !!r.ruleErrors?.length || !!r.diagnostics?.some((d) => SEVERITY_ORDER[d.severity] >= threshold);
  return reports.some(failed) ? 1 : 0;
}

/** Adds the least-privilege findings of each folder argument (one app each) to the file reports. */
function addLeastPrivilege(o: Options, store: PermissionStore, reports: FileReport[], extras: ScanExtras, notes: SarifNotification[]): AppFindings[] {
  const apps: AppFindings[] = [];
  if (!store.loadPathData()) {
    const msg = `--least-privilege: ${noPathDataMessage(store)}`;
    process.stderr.write(`graph-permission-lens: ${msg}\n`);
    notes.push({ level: 'warning', message: msg });
  }
  for (const arg of o.args) {
    let dir = false;
    try {
      dir = fs.statSync(arg).isDirectory();
    } catch {
      // reported by the scan
    }
    if (!dir) continue;
    const app = leastPrivilegeFindings(arg, store, { kind: o.kind, defaultKind: o.defaultKind, rules: o.rules, service: extras.service });
    apps.push(app);
    for (const [file, f] of app.files) {
      const key = path.resolve(file);
      let report = reports.find((r) => path.resolve(r.path) === key && !r.error && !r.skipped);
      if (!report) reports.push((report = { path: file, references: [], diagnostics: [] }));
      report.diagnostics = [...(report.diagnostics ?? []), ...f.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
      extras.texts.set(report.path, f.text);
    }
  }
  return apps;
}

/** Where scan output goes: standard output, or the --output file (streamed, never one big string). */
async function withDestination(o: Options, out: Output, body: (dest: Output) => Promise<number>): Promise<number> {
  if (!o.output) return body(out);
  const stream = fs.createWriteStream(o.output);
  const dest = new Output(stream);
  try {
    return await body(dest);
  } finally {
    await dest.flush();
    await new Promise<void>((resolve) => stream.end(resolve));
    if (dest.failure) process.stderr.write(`graph-permission-lens: writing ${terminalSafe(o.output)} failed: ${terminalSafe(dest.failure)}\n`);
  }
}

function runScan(o: Options, store: PermissionStore, dataDir: string, out: Output): Promise<number> {
  return withDestination(o, out, (dest) => scanTo(o, store, dataDir, dest));
}

async function scanTo(o: Options, store: PermissionStore, dataDir: string, dest: Output): Promise<number> {
  const resources = bundledData(dataDir).resources;
  if (o.args.length === 0) throw new UsageError('scan needs at least one file or folder');
  const reports: FileReport[] = [];
  const unreadable: WalkError[] = [];
  const files = collectScanFiles(o.args, unreadable);
  reports.push(...unreadable);
  const extras: ScanExtras = { service: createLanguageService({ store: () => store, payloadModel: () => resources.get() }), texts: new Map(), grants: [] };
  for (const f of files) reports.push(scanFile(f, o, extras));
  const lpNotes: SarifNotification[] = [];
  const apps = o.leastPrivilege ? addLeastPrivilege(o, store, reports, extras, lpNotes) : [];
  const exitCode = exitCodeFor(reports, o.failOn);
  // Unreadable paths also go to stderr with JSON and SARIF, so that a CI log shows them.
  if (o.format !== 'text') for (const r of reports) if (r.error) process.stderr.write(`graph-permission-lens: ${terminalSafe(r.path)}: ${terminalSafe(r.error)}\n`);
  if (o.format === 'sarif') {
    const log = sarifReport({
      toolVersion: VERSION,
      reports,
      texts: extras.texts,
      leastPrivilege: o.leastPrivilege,
      category: o.category,
      extraNotifications: lpNotes,
      runProperties: {
        graphPermissionLens: {
          store: store.describe(),
          highRiskThreshold: o.riskThreshold,
          grants: extras.grants.map((g) => ({ ...g, file: path.relative(process.cwd(), g.file).split(path.sep).join('/') })),
          ...(o.leastPrivilege ? { apps: apps.map((a) => appSummary(a, store)) } : {}),
        },
      },
    });
    await dest.writeJson(log);
    return exitCode;
  }
  if (o.format === 'json') {
    await dest.writeJson({
      store: { sources: store.provenance.sources, snapshotDate: store.provenance.snapshotDate, origin: store.provenance.origin, permissions: store.size },
      // `subject` is the SARIF fingerprint's key, not part of the JSON output.
      files: reports.map((r) => (r.diagnostics ? { ...r, diagnostics: r.diagnostics.map(({ subject: _subject, ...d }) => d) } : r)),
      ...(o.leastPrivilege ? { leastPrivilege: apps.map((a) => appSummary(a, store)) } : {}),
    });
    return exitCode;
  }
  // Text goes to a terminal or a CI log: every name, path and message is made safe (no control,
  // ANSI, line-break or bidi characters from a file name, a document or the metadata).
  const t = terminalSafe;
  let total = 0;
  for (const r of reports) {
    if (r.error) await dest.write(`${t(r.path)}: error: ${t(r.error)}\n`);
    else if (r.skipped) await dest.write(`${t(r.path)}: skipped (${t(r.skipped)})\n`);
    if (r.incomplete) await dest.write(`${t(r.path)}: error: ${t(incompleteMessage(r.incomplete))}\n`);
    for (const ref of (r.references ?? []) as { name: string; kind: string; id?: string; line: number; column: number }[]) {
      total++;
      await dest.write(`${t(r.path)}:${ref.line}:${ref.column}  ${t(ref.name)} (${ref.kind})${ref.id ? '  ' + t(ref.id) : ''}\n`);
    }
  }
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of reports) {
    for (const d of r.diagnostics ?? []) {
      counts[d.severity]++;
      await dest.write(`${t(r.path)}:${d.line}:${d.column}  ${d.severity}  ${t(d.message)}  [${t(d.code)}]\n`);
    }
    for (const e of r.ruleErrors ?? []) process.stderr.write(`graph-permission-lens: ${t(r.path)}: rule failed: ${t(e)}\n`);
  }
  await dest.write(`${plural(total, 'reference')} in ${plural(files.length, 'file')} (${t(store.describe())})\n`);
  const incomplete = reports.filter((r) => r.incomplete).length;
  const unread = reports.filter((r) => r.error).length;
  if (incomplete) await dest.write(`${plural(incomplete, 'file')} could not be analysed in full\n`);
  if (unread) await dest.write(`${plural(unread, 'path')} could not be read\n`);
  const problems = counts.error + counts.warning + counts.information + counts.hint;
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.information} information`, plural(counts.hint, 'hint')];
  const nonZero = parts.filter((p) => !p.startsWith('0 '));
  await dest.write(problems ? `${plural(problems, 'problem')} (${nonZero.join(', ')})\n` : incomplete || unread ? 'no problems in what could be read\n' : 'no problems\n');
  return exitCode;
}

// ---- lookup ----

function permissionJson(p: Permission | undefined, store: PermissionStore): object | null {
  if (!p) return null;
  return {
    id: p.id,
    displayName: p.displayName,
    description: p.description,
    ...(p.userDisplayName ? { userDisplayName: p.userDisplayName } : {}),
    ...(p.userDescription ? { userDescription: p.userDescription } : {}),
    enabled: p.enabled,
    ...kindFacts(store, p),
    risk: riskJson(p),
  };
}

/** The risk score of a permission in `lookup --format json` (see src/core/permissions/risk.ts and the README). */
function riskJson(p: Permission): object {
  const r = riskOfPermission(p);
  return {
    score: r.score,
    band: r.band,
    privilegeLevel: r.level,
    privilegeLevelSource: r.levelSource,
    ...(r.tierZero ? { tierZero: { reason: r.tierZero.reason, source: r.tierZero.source } } : {}),
    factors: r.factors,
  };
}

function lookupOne(query: string, store: PermissionStore, resources: () => ResourceIndex | undefined): { found: boolean; json: object; text: string } {
  const q = query.trim();
  let match: PermissionMatch | undefined;
  if (isGuid(q)) {
    const p = store.byId(q);
    if (p) match = store.matchOf(p);
    else {
      const app = store.resourceApp(q);
      if (app) {
        return {
          found: true,
          json: { query, found: true, resourceApp: { appId: app.appId, displayName: app.displayName, permissions: app.permissionCount } },
          text: `${terminalSafe(q)}: ${terminalSafe(app.displayName)} — resource application (${app.permissionCount} permissions in the store)`,
        };
      }
    }
  } else {
    const split = splitResourcePrefix(q);
    match = store.byName(split.name, split.appId);
  }
  if (!match) {
    const suggestions = isGuid(q) ? [] : store.suggest(splitResourcePrefix(q).name, splitResourcePrefix(q).appId);
    const hint = suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : '';
    return {
      found: false,
      json: { query, found: false, suggestions },
      text: terminalSafe(`${q}: not in ${store.describe()}${hint}`),
    };
  }
  const app = store.resourceApp(match.resourceAppId);
  const matched = isGuid(q) ? store.byId(q)?.kind : undefined;
  const index = resources();
  const res = index ? lookupResources(index, match) : undefined;
  const json = {
    query,
    found: true,
    name: match.name,
    ...(matched ? { kind: matched } : {}),
    resourceApp: { appId: match.resourceAppId, displayName: app?.displayName ?? match.resourceAppId },
    application: permissionJson(match.application, store),
    delegated: permissionJson(match.delegated, store),
    ...(res ? { resources: res } : {}),
  };
  // Metadata may hold anything: every line is made terminal-safe (no controls, ANSI, bidi, line breaks).
  const lines = [terminalSafe(`${match.name} — ${app?.displayName ?? match.resourceAppId}${matched ? ` (${q} is the ${matched} permission)` : ''}`)];
  for (const p of [match.application, match.delegated]) {
    if (!p) continue;
    const risk = riskOfPermission(p);
    lines.push(`  ${p.kind.padEnd(11)} ${terminalSafe(p.id)}  admin consent: ${p.adminConsentRequired ? 'yes' : 'no'}${p.enabled ? '' : '  (disabled)'}`);
    lines.push(`              risk ${formatRisk(risk.score)} (${risk.band}): ${risk.factors.join(', ')}`);
    if (p.displayName) lines.push(`              ${terminalSafe(p.displayName)}`);
    if (p.description) lines.push(`              ${terminalSafe(p.description)}`);
    lines.push(...kindFactLines(store, p).map(terminalSafe));
  }
  if (!match.application) lines.push('  Application —');
  if (!match.delegated) lines.push('  Delegated   —');
  lines.push(...noteLines(match).map(terminalSafe));
  if (res) lines.push(...resourceLines(res));
  return { found: true, json, text: lines.join('\n') };
}

async function runLookup(o: Options, store: PermissionStore, dataDir: string, out: Output): Promise<number> {
  if (o.args.length === 0) throw new UsageError('lookup needs at least one GUID or permission name');
  // The resource types (data/resources.json, ~3 MB) are read once, on the first permission found.
  const data = bundledData(dataDir);
  let warned = false;
  const resources = (): ResourceIndex | undefined => {
    const index = data.resourceIndex();
    if (!index && !warned) {
      warned = true;
      process.stderr.write(`graph-permission-lens: the resource types could not be read (${terminalSafe(data.resources.error?.message ?? 'unknown error')}); lookup shows no resources\n`);
    }
    return index;
  };
  const results = o.args.map((a) => lookupOne(a, store, resources));
  if (o.format === 'json') await out.writeJson(results.map((r) => r.json));
  else await out.write(results.map((r) => r.text).join('\n\n') + '\n');
  return results.every((r) => r.found) ? 0 : 1;
}

export async function main(argv: string[], dataDir: string, io: CliIo = {}): Promise<number> {
  const out = new Output(process.stdout);
  try {
    return await run(argv, dataDir, io, out);
  } finally {
    await out.flush();
  }
}

async function run(argv: string[], dataDir: string, io: CliIo, out: Output): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(USAGE + '\n');
      return command ? 0 : 2;
    }
    if (command === '-v' || command === '--version') {
      process.stdout.write(VERSION + '\n');
      return 0;
    }
    if (command === 'least-privilege') return await runLeastPrivilege(rest, dataDir, { limits: io.limits });
    if (command !== 'scan' && command !== 'lookup') throw new UsageError(`unknown command '${command}' (expected scan, lookup or least-privilege)`);
    const o = parseOptions(rest, command);
    const warn = (m: string): void => void process.stderr.write(`graph-permission-lens: warning: ${terminalSafe(m)}\n`);
    const store = o.metadata ? await loadStoreWithMetadata(dataDir, o.metadata, { cwd: process.cwd(), limits: io.limits, warn }) : loadPermissionStore(dataDir);
    return command === 'scan' ? await runScan(o, store, dataDir, out) : await runLookup(o, store, dataDir, out);
  } catch (e) {
    if (e instanceof HelpRequest) {
      await out.write(USAGE + '\n');
      return 0;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`graph-permission-lens: ${terminalSafe(e.message)} (see --help)\n`);
      return 2;
    }
    process.stderr.write(`graph-permission-lens: ${terminalSafe((e as Error).message)}\n`);
    return 3;
  }
}

// Run when dist/cli.js is the program — not when this module is bundled into another entry point
// (the GitHub Action's action/index.js calls main() itself).
if (require.main === module && /(^|[\\/])cli\.js$/.test(__filename)) {
  void main(process.argv.slice(2), path.join(__dirname, '..', 'data')).then((code) => (process.exitCode = code));
}
