/**
 * graph-permission-lens — the same core as the extension, from a terminal or CI.
 *
 *   graph-permission-lens scan [--format text|json|sarif] [--rules SPEC] [--fail-on LEVEL] <files or folders...>
 *   graph-permission-lens lookup [--format text|json] <guid-or-name...>
 *
 * Exit codes: 0 success; 1 `lookup` found nothing for some argument, or `scan --fail-on` found a
 * diagnostic at or above its level or a file it could not analyse in full; 2 usage error; 3 other
 * failure (the store did not load, a named path or a file could not be read).
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Output, terminalSafe } from './cliOutput';
import { analyzeText, formatOf, formatOfContent, incompleteMessage, looksBinary } from './core/analyze';
import { isGuid } from './core/guid';
import { loadPermissionStore } from './core/loadStore';
import { loadStoreWithMetadata } from './core/upstream';
import { LEAST_PRIVILEGE_USAGE, runLeastPrivilege } from './core/usage/cli';
import { ALL_RULES, parseRuleOverridesArg, runRules } from './core/rules/index';
import { LazyResourceModel, payloadCheck } from './core/resources';
import { SEVERITY_ORDER, type Severity, type SeveritySetting } from './core/rules/types';
import { buildSarif, locateDiagnostic, relativePathToUri, type LocatedDiagnostic, type SarifArtifact, type SarifNotification } from './core/sarif';
import { splitResourcePrefix } from './core/scan/names';
import type { Permission, PermissionMatch, PermissionStore } from './core/store';

const VERSION = '0.1.0';
const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.e2e', '.cache']);

class UsageError extends Error {}

type FailOn = 'error' | 'warning' | 'never';

interface Options {
  format: 'text' | 'json' | 'sarif';
  maxFileSize: number;
  failOn: FailOn;
  rules: Record<string, SeveritySetting>;
  /** Folder, file: URL or http(s) URL of upstream metadata (permissions.json + provisioningInfo.json). */
  metadata?: string;
  args: string[];
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
                             the current directory
  --fail-on error|warning|never
                             exit 1 when a diagnostic at or above this severity
                             is found (default never: scan only lists)
  --rules SPEC               rule severities, as id=severity,... or a JSON object
                             (like the graphPermissionLens.rules setting);
                             severity is error, warning, information, hint or off
  --max-file-size BYTES      skip larger files (default ${DEFAULT_MAX_FILE_SIZE})
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
  const o: Options = { format: 'text', maxFileSize: DEFAULT_MAX_FILE_SIZE, failOn: 'never', rules: {}, args: [] };
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
    } else if (flag === '--metadata') {
      const v = value();
      if (!v.trim()) throw new UsageError("--metadata needs a folder, file: URL or https URL, not ''");
      o.metadata = v;
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

function collectFiles(inputs: string[], report: FileReport[]): string[] {
  const files: string[] = [];
  // Real paths of the folders already walked: symlinks may form loops.
  const seen = new Set<string>();
  const visit = (p: string, explicit: boolean): void => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      report.push({ path: p, error: code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message });
      return;
    }
    if (st.isDirectory()) {
      if (!explicit && SKIP_DIRS.has(path.basename(p))) return;
      let real: string;
      try {
        real = fs.realpathSync(p);
      } catch {
        return;
      }
      if (seen.has(real)) return;
      seen.add(real);
      let entries: string[];
      try {
        entries = fs.readdirSync(p).sort();
      } catch (e) {
        report.push({ path: p, error: (e as Error).message });
        return;
      }
      for (const e of entries) visit(path.join(p, e), false);
    } else if (st.isFile()) {
      if (explicit || formatOf(p)) files.push(p);
    } else if (explicit) {
      // A FIFO, socket or device named on the command line: reading it could block or never end.
      const what = st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file';
      report.push({ path: p, error: `${what}, not a file or folder: not read` });
    }
  };
  for (const i of inputs) visit(i, true);
  return files;
}

function scanFile(file: string, store: PermissionStore, resources: LazyResourceModel, o: Options): FileReport {
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
  // By extension; an explicitly named file of another extension is read as JSON when it looks like JSON.
  const format = formatOf(file) ?? formatOfContent(text) ?? 'plaintext';
  const analysis = analyzeText(text, format, store);
  const lines = analysis.lines;
  const references = analysis.references
    .filter((r) => r.match)
    .map((r) => {
      const pos = lines.position(r.ref.start);
      const id = r.permission?.id;
      return {
        name: (r.match as PermissionMatch).name,
        kind: r.kind,
        ...(id ? { id } : {}),
        line: pos.line + 1,
        column: pos.character + 1,
        text: r.ref.text,
      };
    });
  const { diagnostics, errors } = runRules(text, analysis, store, { overrides: o.rules });
  // Graph resource payload checks (call bodies, …): the type model loads only for files that may hold one.
  const payload = payloadCheck(text, file, () => resources.get(), { overrides: o.rules });
  diagnostics.push(...payload.diagnostics);
  errors.push(...payload.errors);
  diagnostics.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
  return {
    path: file,
    references,
    diagnostics: diagnostics.map((d) => locateDiagnostic(d, lines)),
    ...(errors.length ? { ruleErrors: errors } : {}),
    ...(analysis.incomplete ? { incomplete: analysis.incomplete } : {}),
  };
}

/** Where a file goes in SARIF: relative to the current directory when inside it, else a file: URI. */
function artifactOf(file: string, cwd: string): SarifArtifact {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) return { uri: relativePathToUri(rel), relative: true };
  return { uri: pathToFileURL(abs).href, relative: false };
}

function sarifOf(reports: FileReport[]): object {
  const cwd = process.cwd();
  const notifications: SarifNotification[] = [];
  for (const r of reports) {
    const artifact = artifactOf(r.path, cwd);
    if (r.error) notifications.push({ level: 'error', message: `${r.path}: ${r.error}`, artifact });
    else if (r.skipped) notifications.push({ level: 'note', message: `${r.path}: skipped (${r.skipped})`, artifact });
    if (r.incomplete) notifications.push({ level: 'error', message: `${r.path}: ${incompleteMessage(r.incomplete)}`, artifact });
    for (const e of r.ruleErrors ?? []) notifications.push({ level: 'error', message: `${r.path}: rule failed: ${e}`, artifact });
  }
  let srcRoot = pathToFileURL(cwd).href;
  if (!srcRoot.endsWith('/')) srcRoot += '/';
  return buildSarif({
    toolVersion: VERSION,
    rules: ALL_RULES,
    srcRoot,
    files: reports.filter((r) => r.diagnostics).map((r) => ({ artifact: artifactOf(r.path, cwd), diagnostics: r.diagnostics ?? [] })),
    notifications,
  });
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

async function runScan(o: Options, store: PermissionStore, dataDir: string, out: Output): Promise<number> {
  const resources = new LazyResourceModel(dataDir);
  if (o.args.length === 0) throw new UsageError('scan needs at least one file or folder');
  const reports: FileReport[] = [];
  const files = collectFiles(o.args, reports);
  for (const f of files) reports.push(scanFile(f, store, resources, o));
  const exitCode = exitCodeFor(reports, o.failOn);
  // Unreadable paths also go to stderr with JSON and SARIF, so that a CI log shows them.
  if (o.format !== 'text') for (const r of reports) if (r.error) process.stderr.write(`graph-permission-lens: ${terminalSafe(r.path)}: ${terminalSafe(r.error)}\n`);
  if (o.format === 'sarif') {
    await out.writeJson(sarifOf(reports));
    return exitCode;
  }
  if (o.format === 'json') {
    await out.writeJson({
      store: { sources: store.provenance.sources, snapshotDate: store.provenance.snapshotDate, origin: store.provenance.origin, permissions: store.size },
      files: reports,
    });
    return exitCode;
  }
  // Text goes to a terminal or a CI log: every name, path and message is made safe (no control,
  // ANSI, line-break or bidi characters from a file name, a document or the metadata).
  const t = terminalSafe;
  let total = 0;
  for (const r of reports) {
    if (r.error) await out.write(`${t(r.path)}: error: ${t(r.error)}\n`);
    else if (r.skipped) await out.write(`${t(r.path)}: skipped (${t(r.skipped)})\n`);
    if (r.incomplete) await out.write(`${t(r.path)}: error: ${t(incompleteMessage(r.incomplete))}\n`);
    for (const ref of (r.references ?? []) as { name: string; kind: string; id?: string; line: number; column: number }[]) {
      total++;
      await out.write(`${t(r.path)}:${ref.line}:${ref.column}  ${t(ref.name)} (${ref.kind})${ref.id ? '  ' + t(ref.id) : ''}\n`);
    }
  }
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of reports) {
    for (const d of r.diagnostics ?? []) {
      counts[d.severity]++;
      await out.write(`${t(r.path)}:${d.line}:${d.column}  ${d.severity}  ${t(d.message)}  [${t(d.code)}]\n`);
    }
    for (const e of r.ruleErrors ?? []) process.stderr.write(`graph-permission-lens: ${t(r.path)}: rule failed: ${t(e)}\n`);
  }
  await out.write(`${plural(total, 'reference')} in ${plural(files.length, 'file')} (${t(store.describe())})\n`);
  const incomplete = reports.filter((r) => r.incomplete).length;
  const unread = reports.filter((r) => r.error).length;
  if (incomplete) await out.write(`${plural(incomplete, 'file')} could not be analysed in full\n`);
  if (unread) await out.write(`${plural(unread, 'path')} could not be read\n`);
  const problems = counts.error + counts.warning + counts.information + counts.hint;
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.information} information`, plural(counts.hint, 'hint')];
  const nonZero = parts.filter((p) => !p.startsWith('0 '));
  await out.write(problems ? `${plural(problems, 'problem')} (${nonZero.join(', ')})\n` : incomplete || unread ? 'no problems in what could be read\n' : 'no problems\n');
  return exitCode;
}

// ---- lookup ----

function permissionJson(p: Permission | undefined): object | null {
  if (!p) return null;
  return {
    id: p.id,
    displayName: p.displayName,
    description: p.description,
    ...(p.userDisplayName ? { userDisplayName: p.userDisplayName } : {}),
    ...(p.userDescription ? { userDescription: p.userDescription } : {}),
    adminConsentRequired: p.adminConsentRequired,
    enabled: p.enabled,
  };
}

function lookupOne(query: string, store: PermissionStore): { found: boolean; json: object; text: string } {
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
  const json = {
    query,
    found: true,
    name: match.name,
    ...(matched ? { kind: matched } : {}),
    resourceApp: { appId: match.resourceAppId, displayName: app?.displayName ?? match.resourceAppId },
    application: permissionJson(match.application),
    delegated: permissionJson(match.delegated),
  };
  // Metadata may hold anything: every line is made terminal-safe (no controls, ANSI, bidi, line breaks).
  const lines = [terminalSafe(`${match.name} — ${app?.displayName ?? match.resourceAppId}${matched ? ` (${q} is the ${matched} permission)` : ''}`)];
  for (const p of [match.application, match.delegated]) {
    if (!p) continue;
    lines.push(`  ${p.kind.padEnd(11)} ${terminalSafe(p.id)}  admin consent: ${p.adminConsentRequired ? 'yes' : 'no'}${p.enabled ? '' : '  (disabled)'}`);
    if (p.displayName) lines.push(`              ${terminalSafe(p.displayName)}`);
    if (p.description) lines.push(`              ${terminalSafe(p.description)}`);
  }
  if (!match.application) lines.push('  Application —');
  if (!match.delegated) lines.push('  Delegated   —');
  return { found: true, json, text: lines.join('\n') };
}

async function runLookup(o: Options, store: PermissionStore, out: Output): Promise<number> {
  if (o.args.length === 0) throw new UsageError('lookup needs at least one GUID or permission name');
  const results = o.args.map((a) => lookupOne(a, store));
  if (o.format === 'json') await out.writeJson(results.map((r) => r.json));
  else await out.write(results.map((r) => r.text).join('\n\n') + '\n');
  return results.every((r) => r.found) ? 0 : 1;
}

export async function main(argv: string[], dataDir: string): Promise<number> {
  const out = new Output(process.stdout);
  try {
    return await run(argv, dataDir, out);
  } finally {
    await out.flush();
  }
}

async function run(argv: string[], dataDir: string, out: Output): Promise<number> {
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
    if (command === 'least-privilege') return await runLeastPrivilege(rest, dataDir);
    if (command !== 'scan' && command !== 'lookup') throw new UsageError(`unknown command '${command}' (expected scan, lookup or least-privilege)`);
    const o = parseOptions(rest, command);
    const warn = (m: string): void => void process.stderr.write(`graph-permission-lens: warning: ${terminalSafe(m)}\n`);
    const store = o.metadata ? await loadStoreWithMetadata(dataDir, o.metadata, { cwd: process.cwd(), warn }) : loadPermissionStore(dataDir);
    return command === 'scan' ? await runScan(o, store, dataDir, out) : await runLookup(o, store, out);
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

if (require.main === module) {
  void main(process.argv.slice(2), path.join(__dirname, '..', 'data')).then((code) => (process.exitCode = code));
}
