/**
 * `npm run bench`: measures the extension the way users feel it, on generated inputs, each figure
 * next to a floor measured in the same process (a comparable trivial operation on the same data), so
 * that the ratios hold from one machine to the next. Prints a Markdown table and one machine-readable
 * line per figure:
 *
 *   BENCH <name>=<value> <unit> ratio=<value / floor> floor=<floor> budget=<budget> status=ok|MISS
 *
 * Not part of the tests' pass/fail: it exits 0 whatever the figures (2 when it could not measure).
 * Env: BENCH_KEEP=1 keeps the generated inputs (their folder is printed).
 * Expects `npm run build`, `npm run package` and the test compile to have run (scripts/bench/run.mjs does).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as zlib from 'zlib';
import { parseTree } from 'jsonc-parser';
import { analyzeText, formatOf, looksBinary } from '../../src/core/analyze';
import { completionsAt } from '../../src/core/permissions/permissionCompletion';
import { permissionHover, resourceAppHover } from '../../src/core/permissions/permissionHover';
import { bundledData, loadPermissionStore } from '../../src/platform/node/data';
import { resolveReference } from '../../src/core/permissions/resolve';
import { createLanguageService } from '../../src/core/service';
import { findAt, isPermissionReference } from '../../src/core/scan/reference';
import type { PermissionStore } from '../../src/core/store/store';
import { LineIndex } from '../../src/core/text/text';
import { BrowserUpstreamCache, type CacheFs } from '../../src/platform/browser/metadataCache';
import { Gen, entraManifest, hugeJson, listFiles, writeWorkspace } from './generate';
import { HOSTILE } from './hostile';

const ROOT = path.resolve(__dirname, '..', '..', fs.existsSync(path.join(__dirname, '..', '..', 'package.json')) ? '' : '..');
const MAX_FILE_BYTES = 5 * 1024 * 1024; // the CLI's and the editor's default limit

interface Row {
  name: string;
  what: string;
  value: number;
  unit: string;
  floor: number;
  floorWhat: string;
  /** value / floor for times and sizes; floor rate / rate for throughputs (both: "× the floor's cost"). */
  ratio: number;
  budget: string;
  ok: boolean | undefined;
}

const rows: Row[] = [];

function row(r: Omit<Row, 'ratio'> & { ratio?: number }): void {
  rows.push({ ...r, ratio: r.ratio ?? r.value / r.floor });
}

function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
}

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * CPU time (user + system, ms) of `fn`: the long runs are measured in CPU time, which other load on a
 * shared machine inflates far less than wall time (both the figure and its floor alike).
 */
function cpu(fn: () => unknown): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** Median CPU times of `n` interleaved runs of `a` and `b` (after `warm` warm-up rounds). */
function pair(n: number, warm: number, a: () => unknown, b: () => unknown): [number, number] {
  for (let i = 0; i < warm; i++) {
    a();
    b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < n; i++) {
    ta.push(cpu(a));
    tb.push(cpu(b));
  }
  return [median(ta), median(tb)];
}

/**
 * BENCH_FULL_GC=1 (the process started with --expose-gc, as run.mjs does): a full garbage collection
 * before each full-pass measurement. Off by default: it raises the floor far more than the pass
 * (parseTree builds a large tree on a young generation the collection has just shrunk), which
 * flatters the ratio (dense case about 2.6× → 2.0× in the same session).
 */
const fullGc = (process.env.BENCH_FULL_GC === '1' && (globalThis as { gc?: () => void }).gc) || (() => undefined);

/**
 * The full-pass method: `n` iterations, each measuring the floor and the pass back to back (which
 * goes first alternates, so that each pays for the other's garbage as often), after `warm` warm-up
 * rounds. Returns the medians of the floor, of the pass, and of the per-iteration ratios: a ratio
 * taken within one iteration compares two measurements made under the same machine load, where a
 * ratio of two medians can pair a fast floor with a slow pass (on a shared machine the floor alone
 * swung by half between runs).
 */
function pairedRatio(n: number, warm: number, floor: () => unknown, pass: () => unknown): { floor: number; pass: number; ratio: number; ratios: number[] } {
  for (let i = 0; i < warm; i++) {
    floor();
    pass();
  }
  const tf: number[] = [];
  const tp: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    let f: number;
    let p: number;
    if (i % 2 === 0) {
      fullGc();
      f = cpu(floor);
      fullGc();
      p = cpu(pass);
    } else {
      fullGc();
      p = cpu(pass);
      fullGc();
      f = cpu(floor);
    }
    tf.push(f);
    tp.push(p);
    ratios.push(p / f);
  }
  return { floor: median(tf), pass: median(tp), ratio: median(ratios), ratios };
}

function log(msg: string): void {
  process.stderr.write(`… ${msg}\n`);
}

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(digits)) : 'n/a');

// ---------------------------------------------------------------------------------------------

function fullPass(store: PermissionStore, text: string, name: string, label: string, budget: number): void {
  // Fifteen: single iterations scatter widely on a shared 2-core machine (a collection of the other
  // measurement's garbage lands in one or the other); nine left the median moving by ±15 % between runs.
  const runs = 15;
  // The language service's check as the editors and the CLI run it (analyze → rules → payload
  // checks → sort, ids), on a new version each time: nothing cached. Fixes are built when a code
  // action asks for them, not here.
  const model = bundledData(path.join(ROOT, 'data')).resources.get();
  const service = createLanguageService({ store: () => store, payloadModel: () => model });
  let version = 0;
  const check = () => service.check({ uri: 'bench://full-pass.json', version: ++version, languageId: 'json', text });
  const parse = () => parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const full = pairedRatio(runs, 2, parse, check);
  const a = analyzeText(text, 'json', store);
  const d = check();
  if (d.skipped) log(`${name}: not analysed (${d.skipped})`);
  const scanOnly = pairedRatio(runs, 1, parse, () => analyzeText(text, 'json', store));
  log(`${name}: ${a.references.length} references, ${a.resourceApps.length} resource-app mentions, ${d.diagnostics.length} diagnostics; per-iteration ratios ${full.ratios.map((r) => r.toFixed(2)).join(' ')}; analyzeText alone ${fmt(scanOnly.pass)} ms`);
  row({
    name,
    what: `${label}: full diagnostics pass (the language service's check: analyzeText + rules + payload checks + sort), ${(text.length / 1e6).toFixed(1)} M chars, ${a.references.length.toLocaleString('en-US')} references, ${d.diagnostics.length.toLocaleString('en-US')} diagnostics, CPU time; ratio: median of ${runs} per-iteration ratios`,
    value: full.pass,
    unit: 'ms',
    floor: full.floor,
    floorWhat: 'jsonc-parser parseTree of the same text, in the same iteration',
    ratio: full.ratio,
    budget: `≤ ${budget}× floor`,
    ok: full.ratio <= budget,
  });
  row({
    name: `${name}_analyze`,
    what: 'of which analyzeText (parse + scan + resolve)',
    value: scanOnly.pass,
    unit: 'ms',
    floor: scanOnly.floor,
    floorWhat: 'parseTree',
    ratio: scanOnly.ratio,
    budget: '—',
    ok: undefined,
  });
}

/**
 * Every pass that hostile input once made quadratic, at three sizes: CPU time per MB at the largest
 * size against the same at the smallest (the floor). A linear pass stays near 1×; a quadratic one
 * doubles with each doubling of the size.
 */
function linearity(store: PermissionStore): void {
  const model = bundledData(path.join(ROOT, 'data')).resources.get();
  // BENCH_LINEAR_KB=32,64,128 measures other sizes (e.g. small ones, to show an old quadratic pass quickly).
  const env = process.env.BENCH_LINEAR_KB?.split(',').map((s) => Number(s) * 1024).filter((n) => n > 0);
  const DEFAULT_SIZES = [256 * 1024, 512 * 1024, 1024 * 1024];
  const only = process.env.BENCH_LINEAR_ONLY?.split(',');
  for (const c of HOSTILE) {
    if (only && !only.includes(c.id)) continue;
    const sizes = env?.length ? env : (c.sizes ?? DEFAULT_SIZES);
    const perMB = sizes.map((bytes) => {
      const text = c.make(bytes);
      c.run(text, store, model); // warm-up
      const t: number[] = [];
      for (let i = 0; i < 3; i++) t.push(cpu(() => c.run(text, store, model)));
      return median(t) / (text.length / 1e6);
    });
    const first = perMB[0];
    const last = perMB[perMB.length - 1];
    const label = sizes.map((b, i) => `${Math.round(b / 1024)} KiB: ${fmt(perMB[i])}`).join(', ');
    log(`linear_${c.id}: ms per MB ${label}`);
    row({
      name: `linear_${c.id}`,
      what: `${c.what}; ms per MB at ${label}`,
      value: last,
      unit: 'ms/MB',
      floor: first,
      floorWhat: `the same per MB at ${Math.round(sizes[0] / 1024)} KiB`,
      // Flat within noise; a quadratic pass is ×4 here (the sizes span a factor of 4).
      budget: '≤ 2× floor',
      ok: last / first <= 2,
    });
  }
}

/** Hover as the language service does it (src/core/service), on the analysis parsed once for the document version. */
function hoverAt(store: PermissionStore, analysis: ReturnType<typeof analyzeText>, offset: number): string | undefined {
  const hit = findAt(analysis.scan, offset);
  if (!hit) return undefined;
  if (isPermissionReference(hit)) return permissionHover(store, resolveReference(store, hit));
  if (hit.appId) {
    const app = store.resourceApp(hit.appId);
    if (app) return resourceAppHover(app);
  }
  return undefined;
}

/** The cheapest possible "what is under the caret": the caret's line, and a GUID test on it. */
function lineFloor(text: string, offset: number): boolean {
  const s = text.lastIndexOf('\n', offset - 1) + 1;
  let e = text.indexOf('\n', offset);
  if (e < 0) e = text.length;
  return /[0-9a-f]{8}-[0-9a-f]{4}/i.test(text.slice(s, e));
}

function hover(store: PermissionStore, text: string): void {
  const analysis = analyzeText(text, 'json', store); // the service's parse of this version
  const g = new Gen(42);
  const offsets = Array.from({ length: 1000 }, () => g.int(text.length + 1));
  // Warm-up (the editor's first hovers JIT the same code).
  for (const o of offsets.slice(0, 200)) {
    hoverAt(store, analysis, o);
    lineFloor(text, o);
  }
  const t: number[] = [];
  const f: number[] = [];
  let hits = 0;
  for (const o of offsets) {
    let t0 = performance.now();
    lineFloor(text, o);
    f.push(performance.now() - t0);
    t0 = performance.now();
    if (hoverAt(store, analysis, o)) hits++;
    t.push(performance.now() - t0);
  }
  const reanalyse = time(() => analyzeText(text, 'json', store));
  log(`hover: ${hits} of 1000 positions on a reference; ${analysis.references.length} references; first hover after an edit re-analyses: ${fmt(reanalyse)} ms`);
  const p95f = quantile(f, 0.95);
  const lines = text.split('\n').length;
  row({ name: 'hover_p50', what: `Hover, 1,000 random positions in a ${lines.toLocaleString('en-US')}-line manifest (${hits} on a reference), analysis cached: p50`, value: quantile(t, 0.5), unit: 'ms', floor: quantile(f, 0.5), floorWhat: "the caret's line + a GUID regexp test", budget: '—', ok: undefined });
  row({ name: 'hover_p95', what: 'Hover p95', value: quantile(t, 0.95), unit: 'ms', floor: p95f, floorWhat: 'same, p95', budget: '≤ 1 ms', ok: quantile(t, 0.95) <= 1 });
  row({ name: 'hover_max', what: 'Hover max', value: Math.max(...t), unit: 'ms', floor: Math.max(...f), floorWhat: 'same, max', budget: '—', ok: undefined });
  row({ name: 'hover_after_edit', what: 'First hover after an edit (re-analysis of the whole manifest)', value: reanalyse, unit: 'ms', floor: time(() => parseTree(text)), floorWhat: 'parseTree', budget: '—', ok: undefined });
}

function completion(store: PermissionStore, text: string): void {
  // Inside the value of every resourceAccess[].id (the manifest has no other "id": "<guid>" after the app's own).
  const positions: number[] = [];
  const re = /"resourceAccess": \[/g;
  const first = re.exec(text)?.index ?? 0;
  const idRe = /"id": "([^"]*)"/g;
  idRe.lastIndex = first;
  let m: RegExpExecArray | null;
  while ((m = idRe.exec(text))) positions.push(m.index + 7 + (m[1].length >> 1));
  const g = new Gen(7);
  const sample = Array.from({ length: 300 }, () => g.pick(positions));
  for (const o of sample.slice(0, 50)) completionsAt(text, o, store); // warm-up, item lists cached per store
  const t: number[] = [];
  const f: number[] = [];
  let items = 0;
  for (const o of sample) {
    let t0 = performance.now();
    lineFloor(text, o);
    f.push(performance.now() - t0);
    t0 = performance.now();
    const r = completionsAt(text, o, store);
    t.push(performance.now() - t0);
    items += r?.items.length ?? 0;
  }
  log(`completion: ${sample.length} positions, ${(items / sample.length).toFixed(0)} items on average`);
  row({ name: 'completion_p50', what: `Completion at a resourceAccess[].id value (300 positions, same manifest): p50`, value: quantile(t, 0.5), unit: 'ms', floor: quantile(f, 0.5), floorWhat: "the caret's line + a GUID regexp test", budget: '—', ok: undefined });
  row({ name: 'completion_p95', what: 'Completion p95', value: quantile(t, 0.95), unit: 'ms', floor: quantile(f, 0.95), floorWhat: 'same, p95', budget: '≤ 5 ms', ok: quantile(t, 0.95) <= 5 });
}

function child(mode: string, extra?: string): Record<string, number> {
  const js = path.join(__dirname, 'child.js');
  const out = execFileSync(process.execPath, ['--expose-gc', js, mode, ROOT, ...(extra ? [extra] : [])], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() as string) as Record<string, number>;
}

function coldStore(): void {
  const runs = 7;
  const floor: Record<string, number>[] = [];
  const real: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(child('store-floor'));
    real.push(child('store'));
  }
  const ms = median(real.map((r) => r.ms));
  const fms = median(floor.map((r) => r.ms));
  row({ name: 'store_load_cold', what: `Store load on first use, for hovers (fresh process, ${real[0].size} permissions, path data not loaded)`, value: ms, unit: 'ms', floor: fms, floorWhat: 'readFileSync + JSON.parse of the same file', budget: '≤ 30 ms', ok: ms <= 30 });
  const heap = median(real.map((r) => r.heapBytes)) / 1024 / 1024;
  const fheap = median(floor.map((r) => r.heapBytes)) / 1024 / 1024;
  row({ name: 'store_heap', what: 'Store memory (retained heap after GC)', value: heap, unit: 'MiB', floor: fheap, floorWhat: 'the parsed JSON alone', budget: '—', ok: undefined });

  // The path data (methods, least privilege) loads lazily, on first need: its own cold figure.
  const pFloor: Record<string, number>[] = [];
  const pReal: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) {
    pFloor.push(child('paths-floor'));
    pReal.push(child('paths'));
  }
  const pms = median(pReal.map((r) => r.ms));
  const pfms = median(pFloor.map((r) => r.ms));
  row({ name: 'paths_load_cold', what: 'Path data load on first need (methods, least privilege): read + decode data/paths.json, fresh process', value: pms, unit: 'ms', floor: pfms, floorWhat: 'readFileSync + JSON.parse of the same file', budget: '—', ok: undefined });
  const pheap = median(pReal.map((r) => r.heapBytes)) / 1024 / 1024;
  row({ name: 'paths_heap', what: 'Path data memory (retained heap after GC)', value: pheap, unit: 'MiB', floor: median(pFloor.map((r) => r.heapBytes)) / 1024 / 1024, floorWhat: 'the parsed JSON alone', budget: '—', ok: undefined });
}

function inventory(store: PermissionStore, dir: string): void {
  const files = listFiles(dir);
  let analysed = 0;
  let refs = 0;
  const floorRun = () => {
    let bytes = 0;
    for (const f of files) bytes += fs.readFileSync(f).length;
    return bytes;
  };
  const realRun = () => {
    analysed = 0;
    refs = 0;
    for (const f of files) {
      const format = formatOf(path.basename(f));
      if (!format) continue;
      const st = fs.statSync(f);
      if (st.size > MAX_FILE_BYTES) continue;
      const buf = fs.readFileSync(f);
      if (looksBinary(buf)) continue;
      const a = analyzeText(buf.toString('utf8'), format, store);
      analysed++;
      refs += a.references.length;
    }
  };
  const [floorMs, ms] = pair(3, 1, floorRun, realRun);
  log(`inventory: ${files.length} files, ${analysed} analysed (formats: ${[...new Set(files.map((f) => formatOf(path.basename(f))).filter(Boolean))].join(', ')}), ${refs} references`);
  const rate = files.length / (ms / 1000);
  const frate = files.length / (floorMs / 1000);
  row({ name: 'inventory_files_per_s', what: `Workspace inventory, ${files.length.toLocaleString('en-US')} mixed files (read + formatOf + analyzeText; ${analysed} analysed), one thread, CPU time`, value: rate, unit: 'files/s', floor: frate, floorWhat: 'readFileSync of the same files', ratio: frate / rate, budget: '≥ 2,000 files/s', ok: rate >= 2000 });
}

function activation(tmp: string): void {
  const trivial = path.join(tmp, 'trivial-extension.js');
  fs.writeFileSync(
    trivial,
    "const vscode = require('vscode');\nexports.activate = (context) => { context.subscriptions.push(vscode.languages.registerHoverProvider([{ language: 'json' }], { provideHover() { return undefined; } })); };\n",
  );
  const runs = 7;
  const floor: Record<string, number>[] = [];
  const real: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(child('activate-floor', trivial));
    real.push(child('activate'));
  }
  const total = median(real.map((r) => r.totalMs));
  const ftotal = median(floor.map((r) => r.totalMs));
  log(`activation: load ${fmt(median(real.map((r) => r.loadMs)))} ms + activate() ${fmt(median(real.map((r) => r.activateMs)))} ms; ${real[0].subscriptions} subscriptions, ${real[0].registrations} registrations`);
  row({ name: 'activation', what: 'Extension activation: require(dist/extension.js) + activate(), fresh process, fake vscode module', value: total, unit: 'ms', floor: ftotal, floorWhat: 'the same for a one-provider extension', budget: '≤ 15 ms', ok: total <= 15 });
}

/** ../shared/upstream beside the project (Microsoft's published files; absent in a user's clone). */
const SHARED_UPSTREAM = path.resolve(ROOT, '..', 'shared', 'upstream');

/** A metadata cache as the browser host writes it (src/platform/browser/metadataCache.ts), on disk under `storage/upstream`. */
async function writeBrowserCache(storage: string, permissionsText: string, provisioningText: string): Promise<void> {
  const dir = path.join(storage, 'upstream');
  const at = (p: string): string => path.join(dir, ...p.split('/').filter(Boolean));
  const cfs: CacheFs = {
    location: dir,
    readFile: async (p) => new Uint8Array(await fs.promises.readFile(at(p))),
    writeFile: async (p, data) => fs.promises.writeFile(at(p), data),
    createDirectory: async (p) => void (await fs.promises.mkdir(at(p), { recursive: true })),
    readDirectory: async (p) => fs.promises.readdir(at(p)).catch(() => []),
    rename: async (a, b) => fs.promises.rename(at(a), at(b)),
    delete: async (p) => fs.promises.rm(at(p), { recursive: true, force: true }),
  };
  const cache = await BrowserUpstreamCache.open(cfs);
  await cache.write(permissionsText, provisioningText, { source: 'bench', permissionsSource: 'bench', provisioningSource: 'bench', fetchedAt: new Date().toISOString(), snapshotDate: new Date().toISOString().slice(0, 10) });
  await cache.settled();
}

/**
 * The web extension's activation (dist/browser/extension.js) in a fresh process with a fake `vscode`
 * whose `workspace.fs` reads from disk: require + activate() — which awaits the read-ahead of data/
 * and of the metadata cache in globalStorage — and then the first hover on a manifest (the store's
 * first load). Without a cache, and with one holding Microsoft's published files (when
 * ../shared/upstream is there). The floor: the same files read in parallel and decoded.
 */
async function browserActivation(tmp: string): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'browser', 'extension.js'))) {
    log('no dist/browser/extension.js: run `npm run build`');
    return;
  }
  const cases: { name: string; label: string; storage: string }[] = [{ name: 'browser_activation', label: 'no metadata cache', storage: path.join(tmp, 'storage-empty') }];
  fs.mkdirSync(cases[0].storage, { recursive: true });
  const perms = path.join(SHARED_UPSTREAM, 'devx-permissions.json');
  const prov = path.join(SHARED_UPSTREAM, 'devx-provisioningInfo.json');
  if (fs.existsSync(perms) && fs.existsSync(prov)) {
    const storage = path.join(tmp, 'storage-cached');
    await writeBrowserCache(storage, fs.readFileSync(perms, 'utf8'), fs.readFileSync(prov, 'utf8'));
    cases.push({ name: 'browser_activation_cached', label: 'a metadata cache of the published upstream files', storage });
  } else {
    log(`browser activation with a metadata cache: skipped (${SHARED_UPSTREAM} holds no upstream files)`);
  }
  const runs = 5;
  for (const c of cases) {
    const floor: Record<string, number>[] = [];
    const real: Record<string, number>[] = [];
    for (let i = 0; i < runs; i++) {
      floor.push(child('browser-read-floor', c.storage));
      real.push(child('activate-browser', c.storage));
    }
    const fms = median(floor.map((r) => r.totalMs));
    const mb = (floor[0].bytes / 1e6).toFixed(1);
    const total = median(real.map((r) => r.totalMs));
    const toHover = median(real.map((r) => r.toHoverMs));
    log(`browser activation (${c.label}): load ${fmt(median(real.map((r) => r.loadMs)))} ms + activate() ${fmt(median(real.map((r) => r.activateMs)))} ms, then first hover ${fmt(median(real.map((r) => r.firstHoverMs)))} ms; read floor ${fmt(fms)} ms for ${floor[0].files} files (${mb} MB)`);
    const floorWhat = `reading and decoding the same ${floor[0].files} files (${mb} MB) in parallel`;
    row({ name: c.name, what: `Browser activation, ${c.label}: require(dist/browser/extension.js) + activate(), which reads data/ and the cache ahead through workspace.fs (fresh process, fake vscode, files from disk), median of ${runs}`, value: total, unit: 'ms', floor: fms, floorWhat, budget: '—', ok: undefined });
    row({ name: `${c.name}_to_hover`, what: `… and on to the first hover on a manifest (the store's first load${c.storage.endsWith('cached') ? ': the cached files merged over the bundled store' : ''})`, value: toHover, unit: 'ms', floor: fms, floorWhat, budget: '—', ok: undefined });
  }
}

// ---------------------------------------------------------------------------------------------
// The language server (dist/server.js), through the protocol, against a bare server of the same
// library in the same run.

/** A bare language server: the same vscode-languageserver package and transport, no work (the floor). */
const BARE_SERVER = `const ls = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'vscode-languageserver', 'node'))});
const c = ls.createConnection(ls.ProposedFeatures.all);
c.onInitialize(() => ({ capabilities: { textDocumentSync: 1, hoverProvider: true } }));
c.onDidOpenTextDocument((p) => void c.sendDiagnostics({ uri: p.textDocument.uri, version: p.textDocument.version, diagnostics: [] }));
c.onHover(() => null);
c.onRequest(() => null);
c.listen();
`;

interface LspRun {
  firstDiagnosticsMs: number;
  diagnostics: number;
  hoverMs: number[];
  hovered: number;
}

/** Spawns a server, opens one document, waits for its diagnostics, then asks hovers at `offsets` one after another. */
async function lspRun(args: string[], uri: string, text: string, offsets: readonly number[]): Promise<LspRun> {
  const { spawn } = await import('child_process');
  const rpc = await import('vscode-languageserver/node');
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const client = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  try {
    const first = new Promise<number>((resolve) =>
      client.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
        if (p.uri === uri && p.version === 1) resolve(p.diagnostics.length);
      }),
    );
    client.onNotification('window/showMessage', () => undefined);
    client.onNotification('window/logMessage', () => undefined);
    client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    client.listen();
    await client.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    await client.sendNotification('initialized', {});
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    const diagnostics = await first;
    const firstDiagnosticsMs = performance.now() - t0;
    const lines = new LineIndex(text);
    const hoverMs: number[] = [];
    let hovered = 0;
    for (const o of offsets) {
      const h0 = performance.now();
      const r = await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: lines.position(o) });
      hoverMs.push(performance.now() - h0);
      if (r) hovered++;
    }
    // Shut down as an editor does (so that `BENCH_SERVER_ARGS=--cpu-prof` profiles are written).
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    await client.sendRequest('shutdown');
    await client.sendNotification('exit');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    return { firstDiagnosticsMs, diagnostics, hoverMs, hovered };
  } finally {
    client.dispose();
    if (proc.exitCode === null) proc.kill();
  }
}

async function languageServer(tmp: string, store: PermissionStore): Promise<void> {
  const server = path.join(ROOT, 'dist', 'server.js');
  if (!fs.existsSync(server)) {
    log('no dist/server.js: run `npm run build`');
    return;
  }
  const bare = path.join(tmp, 'bare-server.js');
  fs.writeFileSync(bare, BARE_SERVER);
  // An app manifest as people write them: a handful of apps and permissions (the committed all-rules fixture).
  const file = path.join(ROOT, 'test', 'fixtures', 'workspace', 'all-rules.manifest.json');
  const text = fs.readFileSync(file, 'utf8');
  const uri = `file://${file}`;
  const a = analyzeText(text, 'json', store);
  // Hover on every reference (GUIDs and names), three rounds.
  const offsets = [0, 1, 2].flatMap(() => a.references.map((r) => r.ref.start + 1));
  const runs = 5;
  const real: LspRun[] = [];
  const floor: LspRun[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(await lspRun([bare, '--stdio'], uri, text, offsets));
    real.push(await lspRun([...(process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? []), server, '--stdio'], uri, text, offsets));
  }
  const first = median(real.map((r) => r.firstDiagnosticsMs));
  const firstFloor = median(floor.map((r) => r.firstDiagnosticsMs));
  log(`language server: ${real[0].diagnostics} diagnostics on ${path.basename(file)} (${a.references.length} references), ${real[0].hovered}/${offsets.length} hovers answered`);
  row({
    name: 'lsp_first_diagnostics',
    what: `Language server start-up to first diagnostics: spawn \`node dist/server.js --stdio\`, initialize, open a manifest (${a.references.length} references, ${real[0].diagnostics} diagnostics), wall time`,
    value: first,
    unit: 'ms',
    floor: firstFloor,
    floorWhat: 'the same with a bare vscode-languageserver server answering empty diagnostics',
    budget: '—',
    ok: undefined,
  });
  const hover = median(real.flatMap((r) => r.hoverMs.slice(a.references.length))); // the first round warms up
  const hoverP95 = quantile(real.flatMap((r) => r.hoverMs.slice(a.references.length)), 0.95);
  const hoverFloor = median(floor.flatMap((r) => r.hoverMs.slice(a.references.length)));
  log(`language server hover: median ${fmt(hover)} ms, p95 ${fmt(hoverP95)} ms (bare server ${fmt(hoverFloor)} ms)`);
  row({
    name: 'lsp_hover',
    what: `Language server hover through the protocol (textDocument/hover on each reference, round trip, median; p95 ${fmt(hoverP95)} ms), wall time`,
    value: hover,
    unit: 'ms',
    floor: hoverFloor,
    floorWhat: 'the same request to the bare server (answers null)',
    budget: '—',
    ok: undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// The explorer's requests (src/server/explorerProtocol.ts) to dist/server.js, as the desktop
// client's views send them, against the bare server answering the same requests with null.

interface ExplorerRun {
  /** Spawn, initialize, then the All permissions tree's first children: the list (the store loads on first use) grouped as the tree shows it. */
  firstTreeMs: number;
  /** The list again at another threshold each time (the server keeps one per threshold). */
  listMs: number[];
  /** The picker's list (with the words it matches). */
  pickerMs: number[];
  listBytes: number;
  pickerBytes: number;
  /** The inventory's file references, batches of 50 file URIs the server reads itself. */
  inventoryMs?: number;
  references?: number;
}

async function explorerRun(args: string[], files: readonly string[]): Promise<ExplorerRun> {
  const { spawn } = await import('child_process');
  const rpc = await import('vscode-languageserver/node');
  const { groupList } = await import('../../src/core/explorer/listing');
  const { PermissionListRequest, FileReferencesRequest } = await import('../../src/server/protocol');
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const client = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  try {
    client.onNotification('window/showMessage', () => undefined);
    client.onNotification('window/logMessage', () => undefined);
    client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    client.listen();
    await client.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { leastPrivilege: false } });
    await client.sendNotification('initialized', {});
    type L = { entries: unknown[]; apps: unknown[]; source: string } | null;
    const first = await client.sendRequest<L>(PermissionListRequest, { threshold: 7 });
    if (first) groupList(first as Parameters<typeof groupList>[0]);
    const firstTreeMs = performance.now() - t0;
    const listMs: number[] = [];
    const pickerMs: number[] = [];
    let listBytes = 0;
    let pickerBytes = 0;
    for (let i = 0; i < 10; i++) {
      let t = performance.now();
      const l = await client.sendRequest<L>(PermissionListRequest, { threshold: i % 2 ? 7 : 6.5 });
      listMs.push(performance.now() - t);
      listBytes = JSON.stringify(l).length;
      t = performance.now();
      const p = await client.sendRequest<L>(PermissionListRequest, { threshold: i % 2 ? 7 : 6.5, withSearchText: true });
      pickerMs.push(performance.now() - t);
      pickerBytes = JSON.stringify(p).length;
    }
    let inventoryMs: number | undefined;
    let references: number | undefined;
    if (files.length) {
      const t = performance.now();
      references = 0;
      for (let i = 0; i < files.length; i += 50) {
        const r = await client.sendRequest<{ files: { usages: unknown[] }[] } | null>(FileReferencesRequest, { files: files.slice(i, i + 50).map((f) => ({ uri: `file://${f}`, maxFileSizeKB: 5120 })) });
        for (const f of r?.files ?? []) references += f.usages.length;
      }
      inventoryMs = performance.now() - t;
    }
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    await client.sendRequest('shutdown');
    await client.sendNotification('exit');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    return { firstTreeMs, listMs, pickerMs, listBytes, pickerBytes, inventoryMs, references };
  } finally {
    client.dispose();
    if (proc.exitCode === null) proc.kill();
  }
}

/**
 * Hovers while least privilege analyses a workspace folder in the language server: opens a manifest
 * of `folder` (which starts least privilege a second later), then asks hovers one after another
 * until the folder's findings arrive (or the server logs that it finished), and a round more once it
 * is idle (the floor). The worst hover is how long the server's thread was held at once.
 */
async function lspDuringLeastPrivilege(folder: string, manifest: string, label: string, serverPath = path.join(ROOT, 'dist', 'server.js')): Promise<{ worst: number; median: number; hovers: number; idle: number; lpMs: number } | undefined> {
  const { spawn } = await import('child_process');
  const rpc = await import('vscode-languageserver/node');
  const text = fs.readFileSync(manifest, 'utf8');
  const uri = `file://${manifest}`;
  const proc = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const client = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const LP = new Set(['permission-unused', 'permission-over-broad', 'permission-missing']);
  let done = false;
  let began = 0;
  let ended = 0;
  try {
    client.onNotification('textDocument/publishDiagnostics', (p: { diagnostics: { code?: unknown }[] }) => {
      if (!done && p.diagnostics.some((d) => LP.has(String(d.code)))) {
        done = true;
        ended = performance.now();
      }
    });
    client.onNotification('window/showMessage', () => undefined);
    client.onNotification('window/logMessage', (p: { message: string }) => {
      if (/^Least privilege: analysing /.test(p.message)) began = performance.now();
      if (/^Least privilege: .* analysed in /.test(p.message) && !done) {
        done = true;
        ended = performance.now();
      }
    });
    client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    client.listen();
    await client.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: [{ uri: `file://${folder}`, name: path.basename(folder) }], capabilities: { workspace: { configuration: true } } });
    await client.sendNotification('initialized', {});
    const opened = performance.now();
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    const a = analyzeText(text, 'json', loadPermissionStore(path.join(ROOT, 'data')));
    const offsets = a.references.map((r) => r.ref.start + 1);
    if (!offsets.length) throw new Error(`no permission reference to hover in ${manifest}`);
    const lines = new LineIndex(text);
    const hover = async (i: number): Promise<number> => {
      const h0 = performance.now();
      await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: lines.position(offsets[i % offsets.length]) });
      return performance.now() - h0;
    };
    const during: number[] = [];
    for (let i = 0; !done; i++) {
      if (performance.now() - opened > 120_000) throw new Error('least privilege did not finish within 2 minutes');
      const ms = await hover(i);
      // Hovers before the run began (the server waits a second after the last open) are not "during".
      if (performance.now() - opened > 1000) during.push(ms);
    }
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) idle.push(await hover(i));
    await client.sendRequest('shutdown');
    await client.sendNotification('exit');
    const lpMs = ended - (began || opened + 1000);
    const r = { worst: Math.max(...during), median: median(during), hovers: during.length, idle: median(idle), lpMs };
    log(`hover during least privilege (${label}): ${r.hovers} hovers, worst ${fmt(r.worst)} ms, median ${fmt(r.median)} ms; idle median ${fmt(r.idle)} ms; the run took about ${fmt(lpMs)} ms`);
    return r;
  } finally {
    client.dispose();
    if (proc.exitCode === null) proc.kill();
  }
}

async function explorerRequests(tmp: string, ws: string): Promise<void> {
  const server = path.join(ROOT, 'dist', 'server.js');
  if (!fs.existsSync(server)) return;
  const bare = path.join(tmp, 'bare-server.js');
  fs.writeFileSync(bare, BARE_SERVER);
  const files = listFiles(ws).filter((f) => formatOf(path.basename(f)));
  const runs = 3;
  const real: ExplorerRun[] = [];
  const floor: ExplorerRun[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(await explorerRun([bare, '--stdio'], files));
    real.push(await explorerRun([server, '--stdio'], files));
  }
  const kib = (b: number): string => `${(b / 1024).toFixed(0)} KiB`;
  log(`explorer requests: list ${kib(real[0].listBytes)}, picker list ${kib(real[0].pickerBytes)} of JSON; inventory ${files.length} files, ${real[0].references} references`);
  row({
    name: 'explorer_tree_first',
    what: 'All permissions, first children through the language server: spawn `node dist/server.js --stdio`, initialize, the permission list (the store loads on first use), grouped as the tree shows it, wall time',
    value: median(real.map((r) => r.firstTreeMs)),
    unit: 'ms',
    floor: median(floor.map((r) => r.firstTreeMs)),
    floorWhat: 'the same with a bare vscode-languageserver server answering null',
    budget: '—',
    ok: undefined,
  });
  const rest = (xs: ExplorerRun[], k: 'listMs' | 'pickerMs') => median(xs.flatMap((r) => r[k]));
  row({
    name: 'explorer_list',
    what: `The permission list at a new risk threshold (${kib(real[0].listBytes)} of JSON), round trip, median`,
    value: rest(real, 'listMs'),
    unit: 'ms',
    floor: rest(floor, 'listMs'),
    floorWhat: 'the same request to the bare server (answers null)',
    budget: '—',
    ok: undefined,
  });
  row({
    name: 'explorer_picker_list',
    what: `The Show Permission picker's list, with the words it matches (${kib(real[0].pickerBytes)} of JSON), round trip, median`,
    value: rest(real, 'pickerMs'),
    unit: 'ms',
    floor: rest(floor, 'pickerMs'),
    floorWhat: 'the same request to the bare server (answers null)',
    budget: '—',
    ok: undefined,
  });
  if (files.length) {
    const ms = median(real.map((r) => r.inventoryMs ?? 0));
    const fms = median(floor.map((r) => r.inventoryMs ?? 0));
    row({
      name: 'explorer_inventory_files_per_s',
      what: `Workspace inventory through the language server: ${files.length.toLocaleString('en-US')} file URIs in requests of 50, read and analysed by the server, wall time`,
      value: files.length / (ms / 1000),
      unit: 'files/s',
      floor: files.length / (fms / 1000),
      floorWhat: 'the same requests to the bare server (answers null)',
      ratio: ms / fms,
      budget: '—',
      ok: undefined,
    });
  }
}

/** `lspDuringLeastPrivilege` over this repository (the folder least privilege finds most to read in). */
async function hoverDuringLeastPrivilege(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) return log('no dist/server.js: run `npm run build`');
  const manifest = path.join(ROOT, 'test', 'fixtures', 'workspace', 'all-rules.manifest.json');
  const server = process.env.BENCH_LP_SERVER; // another build's dist/server.js, to compare
  const r = await lspDuringLeastPrivilege(ROOT, manifest, 'this repository', server ? path.resolve(server) : undefined);
  if (!r) return;
  row({
    name: 'lsp_hover_during_least_privilege',
    what: `Language server: worst hover round trip while least privilege analyses this repository's folder (${r.hovers} hovers back to back; median ${fmt(r.median)} ms; the run about ${fmt(r.lpMs)} ms), wall time`,
    value: r.worst,
    unit: 'ms',
    floor: r.idle,
    floorWhat: 'the median hover once the run finished',
    budget: '—',
    ok: undefined,
  });
}

async function sizes(): Promise<void> {
  const vsix = path.join(ROOT, 'dist', 'graph-permission-lens.vsix');
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  const data = ['permissions.json', 'paths.json', 'resources.json'].map((f) => path.join(ROOT, 'data', f)).filter((f) => fs.existsSync(f));
  const deflated = data.reduce((s, f) => s + zlib.deflateRawSync(fs.readFileSync(f), { level: 9 }).length, 0);
  for (const f of data.slice(0, 2)) {
    const raw = fs.statSync(f).size;
    const z = zlib.deflateRawSync(fs.readFileSync(f), { level: 9 }).length;
    row({ name: `${path.basename(f, '.json')}_file`, what: `data/${path.basename(f)} (committed, shipped)`, value: raw / 1024, unit: 'KiB', floor: z / 1024, floorWhat: 'the same, deflated (as in the .vsix)', budget: '—', ok: undefined });
  }
  if (fs.existsSync(vsix)) {
    const st = fs.statSync(vsix);
    for (const b of [bundle, path.join(ROOT, 'dist', 'browser', 'extension.js'), path.join(ROOT, 'dist', 'server.js')]) {
      if (fs.existsSync(b) && fs.statSync(b).mtimeMs > st.mtimeMs) log(`warning: the .vsix is older than ${path.relative(ROOT, b)} — run \`npm run package\` first`);
    }
    row({ name: 'vsix_size', what: '`.vsix` package', value: st.size / 1024, unit: 'KiB', floor: deflated / 1024, floorWhat: 'the bundled data files, deflated', budget: '≤ 2 MiB', ok: st.size <= 2 * 1024 * 1024 });
  } else {
    log('no dist/graph-permission-lens.vsix: run `npm run package`');
  }
  if (fs.existsSync(bundle)) {
    // Floor: the one runtime dependency bundled and minified alone.
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    const r = await esbuild.build({ stdin: { contents: "export * from 'jsonc-parser';", resolveDir: ROOT }, bundle: true, minify: true, platform: 'node', format: 'cjs', mainFields: ['module', 'main'], write: false, logLevel: 'silent' });
    const floorBytes = r.outputFiles[0].contents.length;
    row({ name: 'bundle_size', what: 'Bundle dist/extension.js (minified; the desktop client, with vscode-languageclient)', value: fs.statSync(bundle).size / 1024, unit: 'KiB', floor: floorBytes / 1024, floorWhat: 'jsonc-parser bundled alone', budget: '—', ok: undefined });
  }
  const serverBundle = path.join(ROOT, 'dist', 'server.js');
  if (fs.existsSync(serverBundle)) {
    // Floor: the protocol library the server stands on, bundled and minified alone.
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    const r = await esbuild.build({ stdin: { contents: "export * from 'vscode-languageserver/node';", resolveDir: ROOT }, bundle: true, minify: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
    const floorBytes = r.outputFiles[0].contents.length;
    row({ name: 'server_bundle_size', what: 'Language server dist/server.js (minified; started by the desktop client, and by other editors)', value: fs.statSync(serverBundle).size / 1024, unit: 'KiB', floor: floorBytes / 1024, floorWhat: 'vscode-languageserver/node bundled alone', budget: '—', ok: undefined });
  }
  const browserBundle = path.join(ROOT, 'dist', 'browser', 'extension.js');
  if (fs.existsSync(browserBundle)) {
    // The web extension's bundle (package.json `browser`): what vscode.dev / github.dev download, compressed on the wire.
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    const r = await esbuild.build({ stdin: { contents: "export * from 'jsonc-parser';", resolveDir: ROOT }, bundle: true, minify: true, platform: 'browser', format: 'cjs', mainFields: ['browser', 'module', 'main'], write: false, logLevel: 'silent' });
    const floorBytes = r.outputFiles[0].contents.length;
    const raw = fs.readFileSync(browserBundle);
    row({ name: 'browser_bundle_size', what: 'Browser bundle dist/browser/extension.js (minified)', value: raw.length / 1024, unit: 'KiB', floor: floorBytes / 1024, floorWhat: 'jsonc-parser bundled alone for the browser', budget: '—', ok: undefined });
    const gz = zlib.gzipSync(raw, { level: 9 }).length;
    const desktopGz = fs.existsSync(bundle) ? zlib.gzipSync(fs.readFileSync(bundle), { level: 9 }).length : NaN;
    row({ name: 'browser_bundle_gzip', what: 'Browser bundle, gzip -9 (as served)', value: gz / 1024, unit: 'KiB', floor: desktopGz / 1024, floorWhat: 'the desktop bundle dist/extension.js, gzip -9', budget: '—', ok: undefined });
  } else {
    log('no dist/browser/extension.js: run `npm run build`');
  }
}

// ---------------------------------------------------------------------------------------------

function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu.trim()}, ${os.availableParallelism?.() ?? os.cpus().length} cores (nproc), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node.js ${process.version}, ${os.platform()} ${os.release()}`;
}

function print(): void {
  const out: string[] = [];
  out.push('', `Machine: ${machine()}`, '');
  out.push('| Figure | Value | Floor (same run) | Ratio | Budget | |');
  out.push('|---|---:|---|---:|---|---|');
  for (const r of rows) {
    const status = r.ok === undefined ? '' : r.ok ? 'ok' : '**MISS**';
    out.push(`| ${r.what} | ${fmt(r.value)} ${r.unit} | ${fmt(r.floor)} ${r.unit} (${r.floorWhat}) | ${fmt(r.ratio)}× | ${r.budget} | ${status} |`);
  }
  out.push('');
  for (const r of rows) {
    const status = r.ok === undefined ? 'info' : r.ok ? 'ok' : 'MISS';
    out.push(`BENCH ${r.name}=${fmt(r.value, 3)} ${r.unit} ratio=${fmt(r.ratio, 3)} floor=${fmt(r.floor, 3)} budget=${r.budget.replace(/\s+/g, '')} status=${status}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const store = loadPermissionStore(path.join(ROOT, 'data'));
  if (process.argv.includes('--only=linear')) {
    linearity(store);
    print();
    return;
  }
  if (process.argv.includes('--only=sizes')) {
    await sizes();
    print();
    return;
  }
  if (process.argv.includes('--only=full')) {
    // Only the full diagnostics passes (the 5 MB and the dense case), for quick before/after runs.
    fullPass(store, hugeJson(store, 5_000_000, 0.1), 'full_pass_5mb', '5 MB JSON', 2);
    fullPass(store, hugeJson(store, 5_000_000, 0.4), 'full_pass_5mb_dense', 'Worst case, every other value a reference', 2.5);
    print();
    return;
  }
  if (process.argv.includes('--only=browser')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-bench-'));
    try {
      await browserActivation(dir);
      await sizes();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    print();
    return;
  }
  if (process.argv.includes('--only=lsp-lp')) {
    await hoverDuringLeastPrivilege();
    print();
    return;
  }
  if (process.argv.includes('--only=lsp')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-bench-'));
    try {
      await languageServer(dir, store);
      const ws = path.join(dir, 'workspace');
      writeWorkspace(ws, store, 2000);
      await explorerRequests(dir, ws);
      await hoverDuringLeastPrivilege();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    print();
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-bench-'));
  try {
    log(`generating inputs in ${tmp}`);
    const manifest = entraManifest(store, 20000);
    const huge = hugeJson(store, 5_000_000, 0.1);
    fs.writeFileSync(path.join(tmp, 'entra.manifest.json'), manifest);
    fs.writeFileSync(path.join(tmp, 'huge.json'), huge);
    const ws = path.join(tmp, 'workspace');
    const stats = writeWorkspace(ws, store, 5000);
    log(`manifest ${manifest.split('\n').length} lines (${(manifest.length / 1024).toFixed(0)} KiB), big file ${(huge.length / 1e6).toFixed(2)} M chars, workspace ${stats.files} files (${(stats.bytes / 1e6).toFixed(1)} MB)`);

    fullPass(store, huge, 'full_pass_5mb', '5 MB JSON', 2);
    fullPass(store, hugeJson(store, 5_000_000, 0.4), 'full_pass_5mb_dense', 'Worst case, every other value a reference', 2.5);
    linearity(store);
    hover(store, manifest);
    completion(store, manifest);
    coldStore();
    inventory(store, ws);
    activation(tmp);
    await browserActivation(tmp);
    await languageServer(tmp, store);
    await explorerRequests(tmp, ws);
    await hoverDuringLeastPrivilege();
    await sizes();
    print();
    log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    if (process.env.BENCH_KEEP === '1') log(`inputs kept in ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(2);
});
