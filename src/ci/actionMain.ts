/**
 * Entry of the GitHub Action, bundled by `npm run build` into action/index.js — committed, because
 * an action runs from its checked-out repository without installing or building anything (a unit
 * test checks that the committed file is what the build produces). The store is data/ beside it.
 */
import * as path from 'path';
import { runAction } from './action';

void runAction({ env: process.env, dataDir: path.join(__dirname, '..', 'data') }).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stdout.write(`::error title=Graph Permission Lens::${e.message}\n`);
    process.exitCode = 3;
  },
);
