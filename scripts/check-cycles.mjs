// Guardrail: no import circles in src (run by `npm run typecheck` over the whole of src; default src/core). Every import counts, `import type`
// too: a circle of types is still two modules that cannot be understood (or moved) one without the other.
// Imports are read with the TypeScript compiler's own pre-processor (no bundler, no extra dependency).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirArg = process.argv[2] ?? 'src/core';
const base = path.resolve(root, dirArg);

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function resolve(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const p = path.resolve(path.dirname(from), spec);
  for (const c of [p + '.ts', path.join(p, 'index.ts'), p]) if (c.endsWith('.ts') && fs.existsSync(c)) return c;
  return undefined;
}

const files = walk(base).sort();
const graph = new Map();
for (const f of files) {
  const info = ts.preProcessFile(fs.readFileSync(f, 'utf8'), true, true);
  const deps = new Set();
  for (const i of info.importedFiles) {
    const r = resolve(f, i.fileName);
    if (r && r.startsWith(base + path.sep)) deps.add(r);
  }
  graph.set(f, [...deps].sort());
}

// Tarjan's strongly connected components: each component of more than one file (or a file importing itself) is a circle.
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const on = new Set();
const circles = [];
function strong(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  on.add(v);
  for (const w of graph.get(v)) {
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      on.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || graph.get(v).includes(v)) circles.push(comp);
  }
}
for (const f of files) if (!idx.has(f)) strong(f);

/** One shortest path around a component, for the message: a → b → a. */
function cycleOf(comp) {
  const inComp = new Set(comp);
  const start = comp.slice().sort()[0];
  const prev = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v)) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        const pathOut = [v];
        for (let p = prev.get(v); p !== undefined; p = prev.get(p)) pathOut.unshift(p);
        return [...pathOut, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return comp;
}

const rel = (f) => path.relative(root, f).split(path.sep).join('/');
if (circles.length) {
  process.stderr.write(`Import circles in ${dirArg} (break each: move the shared piece into a module both can import):\n`);
  for (const c of circles) {
    process.stderr.write(`  ${cycleOf(c).map(rel).join(" → ")}\n`);
    if (c.length > 2) process.stderr.write(`    (one circle of ${c.length} files: ${c.map(rel).sort().join(", ")})\n`);
  }
  process.exit(1);
}
process.stdout.write(`import circles: none in ${dirArg} (${files.length} files)\n`);
