// Guardrail for the layering of src/core: it type-checks with no Node and no VS Code types
// (tsconfig.core.json, `"types": []`, only the web-platform globals in types/core-globals.d.ts), so
// that the same core can run in the CLI, a language server and a browser extension host.
//
// Files that still do I/O or use Node globals are listed in scripts/core-layering.mjs. The list may only shrink:
// a listed file that no longer needs Node fails the check too, so that it is taken off the list.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALLOWED } from './core-layering.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');


const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.core.json', '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
const byFile = new Map();
const other = [];
for (const line of lines) {
  const m = /^([^(]+)\(\d+,\d+\): error/.exec(line);
  if (!m) {
    other.push(line);
    continue;
  }
  const file = m[1].split(path.sep).join('/');
  if (!byFile.has(file)) byFile.set(file, []);
  byFile.get(file).push(line);
}
const problems = [...other];
for (const [file, errs] of byFile) {
  if (!ALLOWED.includes(file)) problems.push(...errs);
}
const cleaned = ALLOWED.filter((f) => !byFile.has(f));
if (cleaned.length) {
  problems.push(`These files no longer need Node types: take them off ALLOWED in scripts/core-layering.mjs: ${cleaned.join(', ')}`);
}
if (problems.length) {
  process.stderr.write(`src/core must type-check without Node or VS Code types (tsconfig.core.json):\n${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`core type-check: ok (${ALLOWED.length} files still allowed Node types)\n`);
