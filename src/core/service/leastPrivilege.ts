/**
 * Least privilege as a feature of the language service: a folder (its files read by the host) is
 * split into apps and each app's manifests and scope lists are compared with the Graph calls of its
 * code (src/core/leastPrivilege). The findings come back as service diagnostics with ids, whose
 * fixes the service's `codeActions` returns by id — as for every other diagnostic — as long as the
 * file is still the text analysed. Each file's permission analysis is the service's parse of that
 * document version when the host has it open (one parse shared by every feature), else one kept
 * here for the next run (bounded by size).
 */
import { analyzeText, type Analysis, type DocumentFormat } from '../analyze';
import { analyzeAppsSteps, analyzeUsageSteps, noPathDataMessage, USAGE_RULE_IDS, type AppRun, type UsageFile, type UsageFinding } from '../leastPrivilege';
import { usageFormatOf } from '../leastPrivilege/files';
import { runSteps, runStepsAsync, type StepDriver, type Steps } from '../steps';
import type { PermissionStore } from '../store/store';
import type { PermissionKind } from '../store/storeData';
import type { Diagnostic } from '../rules/types';
import type { LensSettings } from './settings';

/** A document as least privilege needs it (a `ServiceDocument` is one; declared here to keep the two modules apart). */
interface DocumentLike {
  uri: string;
  version: number;
  text: string;
}

/** A file of the folder: the document (uri, version, text, as for the other features) and its path in the folder. */
export interface LeastPrivilegeFile extends DocumentLike {
  /** Relative to the folder, with `/`: how the reports name it and how the folder is split into apps. */
  path: string;
}

/** A folder as least privilege reads it (a workspace folder, the CLI's folder argument). */
export interface LeastPrivilegeFolder {
  /** The host's identity of the folder (a URI, a path); a new run of the same key replaces the findings of the last. Default `name`. */
  key?: string;
  /** Names the folder in the reports. */
  name: string;
  /** The files in a format least privilege reads (manifests, code, configuration), as text. */
  files: readonly LeastPrivilegeFile[];
  /** Every file path in the folder (relative, `/`), read or not: project files decide the app boundaries. */
  allPaths: readonly string[];
}

export interface LeastPrivilegeOptions {
  /** Forces the permission kind of every call (the CLI's `--kind`). */
  kind?: PermissionKind;
  /** The whole folder is one app, not split by project (the CLI's `scan --least-privilege`). */
  oneApp?: boolean;
}

/** A finding as a service diagnostic (a `ServiceDiagnostic`): its id keys its fixes in `codeActions`. */
export interface LeastPrivilegeDiagnostic extends Diagnostic {
  /** `lp<run>:<n>`, unique in the service. Hosts carry it as diagnostic data. */
  id: string;
  /** The finding in its app's report (the same object as in `apps[…].report.findings`). */
  finding: UsageFinding;
}

/** What one file of the folder gets: its findings, and the requests whose usage is known. */
export interface LeastPrivilegeFileResult {
  uri: string;
  path: string;
  version: number;
  /** The text the findings' offsets refer to. */
  text: string;
  diagnostics: LeastPrivilegeDiagnostic[];
  /**
   * `line:column` (1-based) of the permissions the file requests whose usage the analysis knows
   * (it judged them used, unused or over-broad): there the `broader-than-sibling` heuristic steps back.
   */
  usageKnown: string[];
}

export interface LeastPrivilegeResult {
  /** The folder's apps, each with its report (none when least privilege is off for every manifest of the app): the report page's and the CLI's model. */
  apps: AppRun[];
  /** The files with findings or with requests whose usage is known, in the order of the findings. */
  files: LeastPrivilegeFileResult[];
  hasPathData: boolean;
  /** Why nothing could be compared (no store, no path data), when so. */
  problem?: string;
}

export const LEAST_PRIVILEGE_CODES: readonly string[] = USAGE_RULE_IDS;

/** Ids of least-privilege diagnostics start with this (the others are `<version>:<n>`). */
const ID_PREFIX = 'lp';

export function isLeastPrivilegeId(id: string): boolean {
  return id.startsWith(ID_PREFIX);
}

/** At most this much text is kept between runs for the parses of files the host does not have open. */
const PARSE_CACHE_CHARS = 16 * 1024 * 1024;

interface KeptParse {
  version: number;
  text: string;
  format: DocumentFormat;
  store: PermissionStore;
  analysis: Analysis;
}

export interface LeastPrivilegeDeps {
  store: () => PermissionStore | undefined;
  /** The service's parse of a document, when it has this very version and text cached (never parses). */
  cachedAnalysis: (doc: DocumentLike, format: DocumentFormat) => Analysis | undefined;
}

/** How an asynchronous run gives its host's thread back, and when it stops (core/steps.ts). */
export type LeastPrivilegeAsyncOptions = LeastPrivilegeOptions & StepDriver;

export interface LeastPrivilegeFeature {
  run(folder: LeastPrivilegeFolder, settings: LensSettings, opts?: LeastPrivilegeOptions): LeastPrivilegeResult;
  /**
   * The same run in slices, yielding to the host between them (`opts.yieldNow`); rejects with
   * `StepsCancelled` when `opts.token` is cancelled first, and then changes nothing: the folder's
   * findings of its last finished run stay (a run replaces them only when it finishes).
   */
  runAsync(folder: LeastPrivilegeFolder, settings: LensSettings, opts: LeastPrivilegeAsyncOptions): Promise<LeastPrivilegeResult>;
  /** The findings of `ids` on this document, when it is still the text analysed. */
  findings(doc: DocumentLike, ids: readonly string[]): LeastPrivilegeDiagnostic[];
  /** Forgets the findings of a folder (its key). */
  forgetFolder(key: string): void;
  /** Drops the parses kept for the next run (the findings stay until their folder runs again). */
  clearParses(): void;
}

/** The diagnostic part of a finding (without where the report places it). */
function diagnosticOf({ file: _file, line: _line, column: _column, subject: _subject, permission: _permission, ...d }: UsageFinding): Diagnostic {
  return d;
}

export function createLeastPrivilege(deps: LeastPrivilegeDeps): LeastPrivilegeFeature {
  /** uri → the text analysed and its findings by id. */
  const published = new Map<string, { text: string; byId: Map<string, LeastPrivilegeDiagnostic> }>();
  /** folder key → the uris it published to. */
  const byFolder = new Map<string, string[]>();
  const kept = new Map<string, KeptParse>();
  let keptChars = 0;
  let runs = 0;

  function keep(uri: string, p: KeptParse): void {
    const prev = kept.get(uri);
    if (prev) {
      kept.delete(uri);
      keptChars -= prev.text.length;
    }
    if (p.text.length > PARSE_CACHE_CHARS) return;
    kept.set(uri, p);
    keptChars += p.text.length;
    // Oldest first (a Map keeps insertion order; a hit is re-inserted).
    for (const [u, old] of kept) {
      if (keptChars <= PARSE_CACHE_CHARS) break;
      kept.delete(u);
      keptChars -= old.text.length;
    }
  }

  function analysisOf(doc: LeastPrivilegeFile, format: DocumentFormat, store: PermissionStore): Analysis {
    const open = deps.cachedAnalysis(doc, format);
    if (open) return open;
    const hit = kept.get(doc.uri);
    if (hit && hit.version === doc.version && hit.format === format && hit.store === store && hit.text === doc.text) {
      keep(doc.uri, hit);
      return hit.analysis;
    }
    const analysis = analyzeText(doc.text, format, store);
    keep(doc.uri, { version: doc.version, text: doc.text, format, store, analysis });
    return analysis;
  }

  function forgetFolder(key: string): void {
    for (const uri of byFolder.get(key) ?? []) published.delete(uri);
    byFolder.delete(key);
  }

  /** One run as steps (a file, a call, a request each): the analysis yields, the findings are published at the end at once. */
  function* runSteps_(folder: LeastPrivilegeFolder, settings: LensSettings, opts: LeastPrivilegeOptions = {}): Steps<LeastPrivilegeResult> {
    const key = folder.key ?? folder.name;
    const store = deps.store();
    if (!store) {
      forgetFolder(key);
      return { apps: [], files: [], hasPathData: false, problem: 'no permission data is loaded' };
    }
    const byPath = new Map<string, LeastPrivilegeFile>();
    const files: UsageFile[] = [];
    for (const f of folder.files) {
      if (byPath.has(f.path)) continue;
      byPath.set(f.path, f);
      files.push({ path: f.path, text: f.text, format: usageFormatOf(f.path) });
    }
    const lp = settings.leastPrivilege;
    const analyze = (f: UsageFile, format: DocumentFormat): Analysis => {
      const doc = byPath.get(f.path);
      return doc && doc.text === f.text ? analysisOf(doc, format, store) : analyzeText(f.text, format, store);
    };
    const usage = { kind: opts.kind, defaultKind: lp.defaultKind, overrides: settings.rules, analyze };
    let apps: AppRun[];
    if (opts.oneApp) {
      const report = yield* analyzeUsageSteps(files, store, usage);
      report.folder = folder.name;
      const manifests = new Set(report.manifests);
      const group = { root: '', name: folder.name, origin: 'no-app' as const, manifests: report.manifests, code: files.map((f) => f.path).filter((p) => !manifests.has(p)), excluded: [] };
      apps = [{ group, report }];
    } else apps = yield* analyzeAppsSteps(folder.name, files, folder.allPaths, store, { ...usage, apps: lp.apps, excludeManifests: lp.excludeManifests });
    const hasPathData = store.loadPathData();
    // From here on no step: the last run's findings are replaced at once.
    forgetFolder(key);

    // The diagnostics per file, in the order of the findings; the known usage per file.
    const run = `${ID_PREFIX}${++runs}`;
    const results = new Map<string, LeastPrivilegeFileResult>();
    const resultOf = (path: string): LeastPrivilegeFileResult | undefined => {
      let r = results.get(path);
      const doc = byPath.get(path);
      if (!r && doc) results.set(path, (r = { uri: doc.uri, path, version: doc.version, text: doc.text, diagnostics: [], usageKnown: [] }));
      return r;
    };
    const reports = apps.flatMap((a) => (a.report ? [a.report] : []));
    const known: { path: string; at: string }[] = [];
    for (const r of reports) for (const q of r.requested) if (q.status !== 'not-graph-path') known.push({ path: q.file, at: `${q.line}:${q.column}` });
    let n = 0;
    for (const finding of reports.flatMap((r) => r.findings)) {
      const r = resultOf(finding.file);
      if (!r) continue;
      r.diagnostics.push({ ...diagnosticOf(finding), id: `${run}:${n++}`, finding });
    }
    for (const k of known) {
      const r = resultOf(k.path);
      if (r && !r.usageKnown.includes(k.at)) r.usageKnown.push(k.at);
    }
    const uris: string[] = [];
    for (const r of results.values()) {
      uris.push(r.uri);
      if (r.diagnostics.length) published.set(r.uri, { text: r.text, byId: new Map(r.diagnostics.map((d) => [d.id, d])) });
    }
    byFolder.set(key, uris);
    return { apps, files: [...results.values()], hasPathData, ...(hasPathData ? {} : { problem: noPathDataMessage(store) }) };
  }

  function findings(doc: DocumentLike, ids: readonly string[]): LeastPrivilegeDiagnostic[] {
    const p = published.get(doc.uri);
    // The fixes' offsets refer to the text analysed: none once the document changed.
    if (!p || p.text !== doc.text) return [];
    return ids.flatMap((id) => {
      const d = p.byId.get(id);
      return d ? [d] : [];
    });
  }

  return {
    run: (folder, settings, opts) => runSteps(runSteps_(folder, settings, opts)),
    runAsync: (folder, settings, opts) => runStepsAsync(runSteps_(folder, settings, opts), opts),
    findings,
    forgetFolder,
    clearParses: () => {
      kept.clear();
      keptChars = 0;
    },
  };
}
