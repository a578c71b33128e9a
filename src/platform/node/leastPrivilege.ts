/**
 * The CLI's `least-privilege` command on Node: core/leastPrivilege/command.ts with the folder read from disk
 * (./walk.ts) and the store loaded from the bundled data folder or `--metadata` (./upstream.ts).
 */
import * as fs from 'fs';
import type { UpstreamLimits } from '../../core/upstream';
import { runLeastPrivilege as run } from '../../core/leastPrivilege/command';
import { loadPermissionStore } from './data';
import { loadStoreWithMetadata } from './upstream';
import { readRepository } from './walk';

export interface LeastPrivilegeIo {
  out?: (s: string) => void;
  err?: (s: string) => void;
  /** For tests: importer limits (small fixture metadata). */
  limits?: Partial<UpstreamLimits>;
}

export function runLeastPrivilege(args: string[], dataDir: string, io: LeastPrivilegeIo = {}): Promise<number> {
  return run(args, {
    out: io.out ?? ((s: string) => void process.stdout.write(s)),
    err: io.err ?? ((s: string) => void process.stderr.write(s)),
    pathKind: (p) => {
      try {
        return fs.statSync(p).isDirectory() ? 'folder' : 'other';
      } catch {
        return 'missing';
      }
    },
    readRepository,
    loadStore: async (metadata) => (metadata ? loadStoreWithMetadata(dataDir, metadata, { cwd: process.cwd(), limits: io.limits }) : loadPermissionStore(dataDir)),
  });
}
