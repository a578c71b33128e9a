/**
 * SARIF 2.1.0 output for the CLI (`scan --format sarif`), in the shape GitHub code scanning
 * accepts. Pure: the caller reads files and turns paths into URIs; this module only builds JSON.
 *
 * Positions here are 1-based lines and columns in UTF-16 code units (SARIF's default
 * `columnKind`), with `endColumn` exclusive — the column just after the last character.
 */
import type { Diagnostic, Rule, Severity, TextEdit } from './rules/types';

/** What SARIF needs of a rule (permission and payload rules alike). */
export type RuleInfo = Pick<Rule, 'id' | 'defaultSeverity' | 'doc'>;
import type { LineIndex } from './text';

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
}

export interface SarifNotification {
  level: 'error' | 'warning' | 'note';
  message: string;
  artifact?: SarifArtifact;
}

export interface SarifInput {
  toolVersion: string;
  rules: readonly RuleInfo[];
  files: readonly SarifFile[];
  /** Absolute `file:` URI of the source root, ending in `/` (recorded as `originalUriBaseIds`). */
  srcRoot?: string;
  /** Files that could not be read or were skipped, and rules that failed. */
  notifications?: readonly SarifNotification[];
}

const SRCROOT = '%SRCROOT%';

function artifactLocation(a: SarifArtifact): object {
  return a.relative ? { uri: a.uri, uriBaseId: SRCROOT } : { uri: a.uri };
}

function region(r: LocatedRange): object {
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

function ruleDescriptor(rule: RuleInfo): object {
  const { summary, help, example, fix } = rule.doc;
  const text = [summary, help, `Example: ${example}`, ...(fix ? [`Fix: ${fix}`] : [])].join('\n\n');
  const markdown = [
    `**${rule.id}**: ${summary}`,
    help,
    `Example:\n\n\`\`\`json\n${example}\n\`\`\``,
    ...(fix ? [`Quick fix: ${fix}`] : []),
  ].join('\n\n');
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: summary },
    fullDescription: { text: `${summary} ${help}` },
    help: { text, markdown },
    defaultConfiguration: { level: sarifLevel(rule.defaultSeverity) },
  };
}

/** Builds a SARIF 2.1.0 log with one run. Results for rules not in `rules` are dropped. */
export function buildSarif(input: SarifInput): object {
  const ruleIndex = new Map(input.rules.map((r, i) => [r.id, i]));
  const results: object[] = [];
  for (const file of input.files) {
    const loc = artifactLocation(file.artifact);
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
      results.push({
        ruleId: d.code,
        ruleIndex: index,
        level: sarifLevel(d.severity),
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: loc, region: region(d) } }],
        ...(fixes.length ? { fixes } : {}),
      });
    }
  }
  const notifications = (input.notifications ?? []).map((n) => ({
    level: n.level,
    message: { text: n.message },
    ...(n.artifact ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(n.artifact) } }] } : {}),
  }));
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
            rules: input.rules.map(ruleDescriptor),
          },
        },
        ...(input.srcRoot ? { originalUriBaseIds: { [SRCROOT]: { uri: input.srcRoot } } } : {}),
        invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
