// Mocha runner loaded by the VS Code extension host (--extensionTestsPath=out/test/integration/index.js).
// VS Code calls run(); resolving = all tests passed, rejecting = failure (the host's exit code).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false, // output is forwarded through the extension host console, not a TTY
    timeout: 30_000,
    slow: 5_000,
  });
  const grep = process.env.GPL_TEST_GREP;
  if (grep) mocha.grep(grep);

  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js files in ${__dirname}: run \`npx tsc -p tsconfig.test.json\``));
  }
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
