// `npm test`: every check, fastest-failing first — build, type check, lint, unit tests (mocha),
// then the real-client tests: the language server in Neovim, and the real-VS-Code tests
// (integration suite, the browser entry in the web-worker extension host, and the rendered-hover
// check, in code-server).
// Prints one closing line "tests: N passed, N failed, N skipped" and exits non-zero on any failure.
//
// Env: GPL_SKIP_E2E=1 skips the real-VS-Code part (quick local runs; CI never sets it).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const counts = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

/** Runs a command, echoing its output; returns { code, out }. */
function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    process.stdout.write(`\n▶ ${[cmd, ...args].join(' ')}\n`);
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    let out = '';
    const onData = (stream) => (chunk) => {
      out += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('error', (e) => resolve({ code: 127, out: String(e) }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Adds mocha's "N passing / N failing / N pending" to the totals. */
function countMocha(out) {
  // eslint-disable-next-line no-control-regex
  const text = out.replace(/\u001b\[[0-9;]*m/g, '');
  const n = (re) => [...text.matchAll(re)].reduce((s, m) => s + Number(m[1]), 0);
  const passing = n(/^\D*?(\d+) passing/gm);
  const failing = n(/^\D*?(\d+) failing/gm);
  const pending = n(/^\D*?(\d+) pending/gm);
  counts.passed += passing;
  counts.failed += failing;
  counts.skipped += pending;
  return passing + failing + pending;
}

async function step(name, cmd, args, { mocha = false, env } = {}) {
  const { code, out } = await run(cmd, args, { env });
  const seen = mocha ? countMocha(out) : 0;
  if (!mocha) {
    if (code === 0) counts.passed++;
    else counts.failed++;
  } else if (code !== 0 && seen === 0) {
    counts.failed++; // the runner failed before reporting any test
  }
  if (code !== 0) failures.push(name);
  return code === 0;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const node = process.execPath;

// The build and the compile steps are prerequisites: without them nothing else can run.
const built = (await step('build', npm, ['run', '--silent', 'build'])) && (await step('compile tests', npm, ['run', '--silent', 'compile-tests']));
if (built) {
  await step('typecheck', npm, ['run', '--silent', 'typecheck']);
  await step('lint', npm, ['run', '--silent', 'lint']);
  await step('unit tests', node, [path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', '.mocharc.json'], { mocha: true });
  if (process.env.GPL_SKIP_E2E === '1') {
    process.stdout.write('\n(GPL_SKIP_E2E=1: the real-VS-Code tests are skipped)\n');
    counts.skipped++;
  } else if (await step('e2e setup', 'bash', [path.join('scripts', 'e2e', 'setup.sh')])) {
    await step('language server in Neovim', node, [path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--timeout', '90000', 'out/test/lsp/**/*.test.js'], { mocha: true });
    await step('integration tests (real VS Code)', node, [path.join('scripts', 'e2e', 'run-tests.js')], { mocha: true });
    // A workspace folder that is not on disk (a test file system provider's), in a multi-root window of its own.
    await step('integration test, a folder not on disk (real VS Code)', node, [path.join('scripts', 'e2e', 'run-tests.js'), path.join('test', 'fixtures', 'virtual-folder.code-workspace')], {
      mocha: true,
      env: { GPL_TEST_GREP: 'not on disk' },
    });
    // The web extension: the browser entry alone, in code-server's web-worker extension host.
    await step('browser extension host (real VS Code)', node, [path.join('scripts', 'e2e', 'web-tests.js')], { mocha: true });
    await step('rendered hover (real VS Code)', node, [path.join('scripts', 'e2e', 'hover-shot.js'), `--out=${path.join(root, '.e2e', 'screenshot-hover.png')}`]);
  }
}

process.stdout.write(`\n${failures.length ? `failed steps: ${failures.join(', ')}\n` : ''}`);
process.stdout.write(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
process.exit(failures.length ? 1 : 0);
