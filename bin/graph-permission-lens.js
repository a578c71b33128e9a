#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled by `npm run build` into dist/cli.js; the store lives in data/.
const path = require('path');
const fs = require('fs');
const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('graph-permission-lens: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
Promise.resolve(require(cli).main(process.argv.slice(2), path.join(root, 'data'))).then((code) => {
  process.exitCode = code;
});
