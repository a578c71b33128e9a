/**
 * SARIF 2.1.0 output for the CLI (`scan --format sarif`), in the shape GitHub code scanning
 * accepts. Pure: the caller reads files and turns paths into URIs; this module only builds JSON.
 *
 * Positions here are 1-based lines and columns in UTF-16 code units (SARIF's default
 * `columnKind`), with `endColumn` exclusive — the column just after the last character.
 */
import { fnv1a64, lineHashes, STABLE_FINGERPRINT_KEY } from './fingerprint';
import { formatRisk } from './permissions/risk';
import type { Diagnostic, Rule, Severity, TextEdit } from './rules/types';
import type { LineIndex } from './text/text';

/** What SARIF needs of a rule (permission, payload and least-privilege rules alike). */
export type RuleInfo = Pick<Rule, 'id' | 'defaultSeverity' | 'doc'>;

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'graph-permission-lens';
export const TOOL_INFORMATION_URI = 'https://github.com/graph-permission-lens/graph-permission-lens';

/** A 1-based, end-exclusive range. */
export interface LocatedRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface LocatedEdit extends LocatedRange {
  newText: string;
}

export interface LocatedFix {
  title: string;
  edits: LocatedEdit[];
}

/** A diagnostic with 1-based positions: the CLI's JSON form, and the input of the SARIF builder. */
export interface LocatedDiagnostic extends LocatedRange {
  code: string;
  severity: Severity;
  message: string;
  fixes: LocatedFix[];
  /** The risk score (0.0–10.0, src/core/permissions/risk.ts) of the permission the finding is about, when it is about one. */
  risk?: number;
  /** What the finding is about, for its fingerprint: `name|kind` of the permission; else the message is used. */
  subject?: string;
}

function locate(lines: LineIndex, start: number, end: number): LocatedRange {
  const s = lines.position(start);
  const e = lines.position(Math.max(start, end));
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/** Converts a rule diagnostic's offsets to 1-based lines and columns (fields in the CLI's documented order). */
export function locateDiagnostic(d: Diagnostic, lines: LineIndex): LocatedDiagnostic {
  const edit = (e: TextEdit): LocatedEdit => ({ ...locate(lines, e.start, e.end), newText: e.newText });
  // The preferred fix (the one "fix all" applies) first.
  const fixes = [...d.fixes].sort((a, b) => Number(!!b.preferred) - Number(!!a.preferred));
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...locate(lines, d.start, d.end),
    fixes: fixes.map((f) => ({ title: f.title, edits: f.edits.map(edit) })),
  };
}

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export function sarifLevel(s: Severity): SarifLevel {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** `unknown-permission-id` → `UnknownPermissionId` (SARIF's reportingDescriptor.name). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/**
 * A relative path (either slash) as a URI reference: forward slashes, each segment
 * percent-encoded, so `my dir\a#1.json` becomes `my%20dir/a%231.json`.
 */
export function relativePathToUri(relPath: string): string {
  return relPath
    .split(/[\\/]+/)
    .filter((s) => s !== '' && s !== '.')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

export interface SarifArtifact {
  /**
   * The file's URI: relative to the source root (with `uriBaseId` `%SRCROOT%`) — the usual case —
   * or absolute (`file:///…`, without `uriBaseId`) for files outside it.
   */
  uri: string;
  relative: boolean;
}

export interface SarifFile {
  artifact: SarifArtifact;
  diagnostics: readonly LocatedDiagnostic[];
  /** The file's text: for code snippets, context regions and `primaryLocationLineHash`. */
  text?: string;
}

export interface SarifNotification {
  level: 'error' | 'warning' | 'note';
  message: string;
  artifact?: SarifArtifact;
}

/** Where the analysed source came from (SARIF `versionControlProvenance`, mapped to `%SRCROOT%`). */
export interface VersionControl {
  /** Absolute URI of the repository, without credentials. */
  repositoryUri: string;
  revisionId?: string;
  branch?: string;
}

export interface SarifInput {
  toolVersion: string;
  rules: readonly RuleInfo[];
  files: readonly SarifFile[];
  /** Absolute `file:` URI of the source root, ending in `/` (recorded as `originalUriBaseIds`). */
  srcRoot?: string;
  /** Files that could not be read or were skipped, and rules that failed. */
  notifications?: readonly SarifNotification[];
  /** `run.automationDetails.id`: `category/` or `category/run` (GitHub keeps one analysis per category). */
  automationId?: string;
  versionControl?: VersionControl;
  /** Extra data under `run.properties` (the CI summary's least-privilege and grant tables). */
  runProperties?: Record<string, unknown>;
}

const SRCROOT = '%SRCROOT%';

/** Per rule: how sure its findings are (SARIF/GitHub `precision`), its tags, and whether it is a security finding. */
export interface RuleTraits {
  precision: 'very-high' | 'high' | 'medium' | 'low';
  tags: readonly string[];
  /**
   * Security rules about a permission: `security-severity` is the highest risk score among the
   * rule's results in the run, else this baseline.
   */
  securityBaseline?: number;
}

const CWE_250 = 'external/cwe/cwe-250'; // Execution with Unnecessary Privileges
const CWE_269 = 'external/cwe/cwe-269'; // Improper Privilege Management

/** Every rule's traits; a unit test checks that every rule id has an entry. */
export const RULE_TRAITS: ReadonlyMap<string, RuleTraits> = new Map<string, RuleTraits>([
  ['unknown-permission-id', { precision: 'high', tags: ['correctness', 'permissions'] }],
  ['unknown-permission-name', { precision: 'high', tags: ['correctness', 'permissions'] }],
  ['permission-type-mismatch', { precision: 'very-high', tags: ['correctness', 'permissions'] }],
  ['wrong-resource-app', { precision: 'high', tags: ['correctness', 'permissions'] }],
  ['duplicate-permission', { precision: 'very-high', tags: ['maintainability', 'permissions'] }],
  ['duplicate-resource-app', { precision: 'very-high', tags: ['maintainability', 'permissions'] }],
  ['high-privilege', { precision: 'very-high', tags: ['security', 'permissions', CWE_250], securityBaseline: 7 }],
  ['broader-than-sibling', { precision: 'medium', tags: ['security', 'permissions', 'least-privilege', CWE_250], securityBaseline: 4 }],
  ['risky-combination', { precision: 'high', tags: ['security', 'permissions', CWE_269], securityBaseline: 8 }],
  ['hidden-or-disabled-permission', { precision: 'high', tags: ['correctness', 'permissions'] }],
  ['unknown-property', { precision: 'high', tags: ['correctness', 'payload'] }],
  ['read-only-property', { precision: 'high', tags: ['correctness', 'payload'] }],
  ['missing-required-property', { precision: 'medium', tags: ['correctness', 'payload'] }],
  ['wrong-value-type', { precision: 'high', tags: ['correctness', 'payload'] }],
  ['unknown-enum-value', { precision: 'high', tags: ['correctness', 'payload'] }],
  ['invalid-odata-type', { precision: 'high', tags: ['correctness', 'payload'] }],
  ['non-https-url', { precision: 'high', tags: ['security', 'payload', 'external/cwe/cwe-319'], securityBaseline: 5 }],
  // Least privilege from code usage: call detection is never complete, hence the lower precision.
  ['permission-unused', { precision: 'low', tags: ['security', 'permissions', 'least-privilege', CWE_250], securityBaseline: 4 }],
  ['permission-over-broad', { precision: 'medium', tags: ['security', 'permissions', 'least-privilege', CWE_250], securityBaseline: 5 }],
  ['permission-missing', { precision: 'medium', tags: ['correctness', 'permissions', 'least-privilege'] }],
]);

/** The README anchor documenting a rule (the README holds `<a id="rule-…">` for each). */
export function ruleHelpUri(id: string): string {
  return `${TOOL_INFORMATION_URI}#rule-${id}`;
}

function artifactLocation(a: SarifArtifact): object {
  return a.relative ? { uri: a.uri, uriBaseId: SRCROOT } : { uri: a.uri };
}

function region(r: LocatedRange): object {
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

function ruleDescriptor(rule: RuleInfo, securitySeverity: number | undefined): object {
  const { summary, help, example, fix } = rule.doc;
  const text = [summary, help, `Example: ${example}`, ...(fix ? [`Fix: ${fix}`] : [])].join('\n\n');
  const markdown = [
    `**${rule.id}**: ${summary}`,
    help,
    `Example:\n\n\`\`\`\n${example}\n\`\`\``,
    ...(fix ? [`Quick fix: ${fix}`] : []),
    `[Documentation](${ruleHelpUri(rule.id)})`,
  ].join('\n\n');
  const traits = RULE_TRAITS.get(rule.id);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: summary },
    fullDescription: { text: `${summary} ${help}` },
    helpUri: ruleHelpUri(rule.id),
    help: { text, markdown },
    defaultConfiguration: { level: sarifLevel(rule.defaultSeverity) },
    ...(traits
      ? {
          properties: {
            precision: traits.precision,
            tags: [...traits.tags],
            ...(securitySeverity !== undefined ? { 'security-severity': formatRisk(securitySeverity) } : {}),
          },
        }
      : {}),
  };
}

/** Offsets of line starts (LF, CRLF and lone CR end a line, as in LineIndex). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/** The end of a line's content (before its line break). */
function lineEnd(text: string, starts: readonly number[], line0: number): number {
  let e = line0 + 1 < starts.length ? starts[line0 + 1] : text.length;
  while (e > starts[line0] && (text.charCodeAt(e - 1) === 10 || text.charCodeAt(e - 1) === 13)) e--;
  return e;
}

const MAX_SNIPPET = 500;
const CONTEXT_CHARS = 200;

/**
 * The result region with its snippet, and a context region — the lines around it, at most
 * CONTEXT_CHARS characters either side (minified files) — with its snippet.
 */
function regionsWithSnippets(d: LocatedRange, text: string, starts: readonly number[]): { region: object; contextRegion?: object } {
  const off = (line: number, column: number): number | undefined => {
    const l = line - 1;
    if (l < 0 || l >= starts.length) return undefined;
    const o = starts[l] + column - 1;
    return o <= text.length ? o : undefined;
  };
  const start = off(d.line, d.column);
  const end = off(d.endLine, d.endColumn);
  if (start === undefined || end === undefined || end < start) return { region: region(d) };
  const r: Record<string, unknown> = { ...region(d) };
  if (end - start <= MAX_SNIPPET) r.snippet = { text: text.slice(start, end) };
  const firstLine = Math.max(0, d.line - 2);
  const lastLine = Math.min(starts.length - 1, d.endLine);
  const cStart = Math.max(starts[firstLine], start - CONTEXT_CHARS);
  const cEnd = Math.min(lineEnd(text, starts, lastLine), end + CONTEXT_CHARS);
  if (cEnd < end) return { region: r };
  const pos = (o: number): { line: number; column: number } => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - starts[lo] + 1 };
  };
  const a = pos(cStart);
  const b = pos(cEnd);
  return {
    region: r,
    contextRegion: { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column, snippet: { text: text.slice(cStart, cEnd) } },
  };
}

/**
 * GitHub code scanning's documented limits on an uploaded SARIF file
 * (docs.github.com, "SARIF support for code scanning" → "Upload limits"): larger runs are rejected
 * or cut. The builder keeps the most severe results when there are more; a test checks the rest.
 */
export const GITHUB_LIMITS = { runsPerFile: 20, resultsPerRun: 25_000, rulesPerRun: 25_000, tagsPerRule: 20, locationsPerResult: 1_000 } as const;

const LEVEL_RANK: Record<SarifLevel, number> = { error: 3, warning: 2, note: 1, none: 0 };

/** Builds a SARIF 2.1.0 log with one run. Results for rules not in `rules` are dropped. */
export function buildSarif(input: SarifInput): object {
  const ruleIndex = new Map(input.rules.map((r, i) => [r.id, i]));
  const results: object[] = [];
  const worstRisk = new Map<string, number>();
  for (const file of input.files) {
    const loc = artifactLocation(file.artifact);
    const starts = file.text !== undefined ? lineStarts(file.text) : undefined;
    const hashes = file.text !== undefined && file.diagnostics.length ? lineHashes(file.text) : undefined;
    const occurrences = new Map<string, number>();
    for (const d of file.diagnostics) {
      const index = ruleIndex.get(d.code);
      if (index === undefined) continue;
      const fixes = d.fixes
        .filter((f) => f.edits.length > 0)
        .map((f) => ({
          description: { text: f.title },
          artifactChanges: [
            {
              artifactLocation: loc,
              replacements: f.edits.map((e) => ({
                deletedRegion: region(e),
                ...(e.newText ? { insertedContent: { text: e.newText } } : {}),
              })),
            },
          ],
        }));
      const key = `${d.code}\u0000${file.artifact.uri}\u0000${d.subject ?? d.message}`;
      const n = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, n);
      const partialFingerprints: Record<string, string> = { [STABLE_FINGERPRINT_KEY]: `${fnv1a64(key)}:${n}` };
      const lineHash = hashes?.[d.line - 1];
      if (lineHash) partialFingerprints.primaryLocationLineHash = lineHash;
      const regions = file.text !== undefined && starts ? regionsWithSnippets(d, file.text, starts) : { region: region(d) };
      const secure = RULE_TRAITS.get(d.code)?.securityBaseline !== undefined;
      if (d.risk !== undefined && secure) worstRisk.set(d.code, Math.max(worstRisk.get(d.code) ?? 0, d.risk));
      results.push({
        ruleId: d.code,
        ruleIndex: index,
        level: sarifLevel(d.severity),
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: loc, ...regions } }],
        partialFingerprints,
        ...(d.risk !== undefined ? { rank: Math.round(d.risk * 100) / 10, properties: { 'security-severity': formatRisk(d.risk) } } : {}),
        ...(fixes.length ? { fixes } : {}),
      });
    }
  }
  let kept = results;
  const extraNotes: SarifNotification[] = [];
  if (results.length > GITHUB_LIMITS.resultsPerRun) {
    // Most severe first (level, then risk), in file order within each.
    const key = (r: object): number => {
      const x = r as { level: SarifLevel; rank?: number };
      return LEVEL_RANK[x.level] * 1000 + (x.rank ?? 0);
    };
    const order = results.map((r, i) => ({ r, i, k: key(r) })).sort((a, b) => b.k - a.k || a.i - b.i);
    const keep = new Set(order.slice(0, GITHUB_LIMITS.resultsPerRun).map((x) => x.i));
    kept = results.filter((_, i) => keep.has(i));
    extraNotes.push({ level: 'warning', message: `${results.length} results: only the ${GITHUB_LIMITS.resultsPerRun} most severe are written (GitHub code scanning's limit per run).` });
  }
  const notifications = [...(input.notifications ?? []), ...extraNotes].map((n) => ({
    level: n.level,
    message: { text: n.message },
    ...(n.artifact ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(n.artifact) } }] } : {}),
  }));
  const rules = input.rules.map((r) => {
    const baseline = RULE_TRAITS.get(r.id)?.securityBaseline;
    return ruleDescriptor(r, baseline === undefined ? undefined : (worstRisk.get(r.id) ?? baseline));
  });
  const vc = input.versionControl;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            informationUri: TOOL_INFORMATION_URI,
            version: input.toolVersion,
            semanticVersion: input.toolVersion,
            rules,
          },
        },
        ...(input.automationId ? { automationDetails: { id: input.automationId } } : {}),
        ...(vc
          ? {
              versionControlProvenance: [
                {
                  repositoryUri: vc.repositoryUri,
                  ...(vc.revisionId ? { revisionId: vc.revisionId } : {}),
                  ...(vc.branch ? { branch: vc.branch } : {}),
                  ...(input.srcRoot ? { mappedTo: { uriBaseId: SRCROOT } } : {}),
                },
              ],
            }
          : {}),
        ...(input.srcRoot ? { originalUriBaseIds: { [SRCROOT]: { uri: input.srcRoot } } } : {}),
        invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
        columnKind: 'utf16CodeUnits',
        results: kept,
        ...(input.runProperties ? { properties: input.runProperties } : {}),
      },
    ],
  };
}
