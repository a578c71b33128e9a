#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled by `npm run build` into dist/cli.js; the store lives in data/.
const path = require('path');
const fs = require('fs');
const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
// `lsp --stdio`: the language server (dist/server.js), for editors with an LSP client.
const cli = path.join(root, 'dist', args[0] === 'lsp' ? 'server.js' : 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(`graph-permission-lens: ${path.relative(root, cli)} is missing; run \`npm run build\` first\n`);
  process.exit(2);
}
if (args[0] === 'lsp') {
  require(cli).main();
} else {
  Promise.resolve(require(cli).main(args, path.join(root, 'data'))).then((code) => {
    process.exitCode = code;
  });
}
