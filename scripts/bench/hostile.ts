/**
 * Hostile inputs that once made a pass quadratic, as generators of any size, with the pass they
 * stress. Shared by the bench (time per MB at several sizes: a quadratic pass shows as a growing
 * ratio) and the unit tests (one size large enough that quadratic work would take minutes).
 */
import { analyzeText } from '../../src/core/analyze';
import { findPayloads } from '../../src/core/payloads/payload';
import type { ResourceModel } from '../../src/core/payloads/resourceModel';
import { runRules } from '../../src/core/rules';
import { removeListElement } from '../../src/core/rules/util';
import { Collector, plainMentions } from '../../src/core/scan/tokens';
import type { PermissionStore } from '../../src/core/store/store';
import { detectAuth } from '../../src/core/leastPrivilege/auth';

/** The full pass with every diagnostic's fixes built (they are built on first read), as the CLI's output reads them. */
function fullPassWithFixes(text: string, store: PermissionStore): ReturnType<typeof runRules> {
  const r = runRules(text, analyzeText(text, 'json', store), store);
  for (const d of r.diagnostics) void d.fixes;
  return r;
}

export interface HostileCase {
  /** Short id, used in bench figure names. */
  id: string;
  /** What the input is and which pass it stresses. */
  what: string;
  /** A text of about `bytes` characters. */
  make(bytes: number): string;
  /** The pass under test. */
  run(text: string, store: PermissionStore, model?: ResourceModel): unknown;
  /** Bench sizes in bytes when the default ones do not suit (a pass that changes path past a size). */
  sizes?: number[];
}

const repeat = (unit: string, bytes: number): string => unit.repeat(Math.max(1, Math.ceil(bytes / unit.length)));

const GRAPH = '00000003-0000-0000-c000-000000000000';
const USER_READ = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';
const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';

export const HOSTILE: HostileCase[] = [
  {
    id: 'duplicates_one_line',
    what: 'duplicate-permission on one-line JSON (every entry a duplicate): analyzeText + runRules, fixes built',
    make: (bytes) => {
      const entry = `{"id":"${USER_READ}","type":"Scope"}`;
      const n = Math.max(2, Math.floor(bytes / (entry.length + 1)));
      return `{"requiredResourceAccess":[{"resourceAppId":"${GRAPH}","resourceAccess":[${Array.from({ length: n }, () => entry).join(',')}]}]}`;
    },
    run: fullPassWithFixes,
  },
  {
    id: 'remove_list_element',
    what: 'the duplicate fix (removeListElement) for every entry of a one-line list',
    make: (bytes) => `[${repeat('"User.Read",', bytes)}"x"]`,
    run: (text) => {
      let n = 0;
      for (let i = text.indexOf('"'); i >= 0 && i < text.length - 4; i = text.indexOf('"', i + 12)) {
        removeListElement(text, i, i + 11);
        n++;
      }
      return n;
    },
  },
  {
    id: 'yaml_trailing_quotes',
    what: 'scope string ending in a long run of quotes then `x"` (Collector.scopeString trim)',
    make: (bytes) => `User.Read${'"'.repeat(Math.max(1, Math.floor(bytes / 2) - 12))}x" User.Read${'"'.repeat(Math.max(1, Math.floor(bytes / 2) - 12))}x"`,
    run: (text, store) => {
      const c = new Collector(store);
      c.scopeString(text, 0, { position: 'scopeList' });
      return c.finish();
    },
  },
  {
    id: 'yaml_document',
    what: 'YAML `scopes: User.Read` + quotes + `x"`, twice (scanYaml; parsed up to 256 KiB, plain text above)',
    make: (bytes) => {
      const half = Math.max(1, Math.floor(bytes / 2) - 20);
      return `scopes: User.Read${'"'.repeat(half)}x"\nscopes: User.Read${'"'.repeat(half)}x"\n`;
    },
    run: (text, store) => analyzeText(text, 'yaml', store),
    sizes: [64 * 1024, 128 * 1024, 250 * 1024],
  },
  {
    id: 'plain_trailing_dots',
    what: 'plain-text token `a` + dots + `b` (plainMentions trailing trim)',
    make: (bytes) => `a${'.'.repeat(Math.max(1, bytes - 2))}b`,
    run: (text, store) => {
      const c = new Collector(store);
      plainMentions(c, text, 0, text.length);
      return c.finish();
    },
  },
  {
    id: 'ts_import_braces',
    what: 'TypeScript `import {` + braces + `from "@microsoft/microsoft-graph-types"` (payload imports)',
    make: (bytes) => `import {${'{'.repeat(Math.max(1, bytes - 50))} from "@microsoft/microsoft-graph-types";\n`,
    run: (text, _store, model) => (model ? findPayloads(text, 'ts', model) : undefined),
  },
  {
    id: 'ts_many_imports',
    what: 'TypeScript, lines of `import a` without `from`, then one microsoftgraph. reference (payload imports)',
    make: (bytes) => `${repeat('import a\n', bytes)}const x = microsoftgraph.User;\n`,
    run: (text, _store, model) => (model ? findPayloads(text, 'ts', model) : undefined),
  },
  {
    id: 'ps_connect_mggraph',
    what: 'PowerShell `-SCOPES-CONNECT-MGGRAPH ` repeated on one line (least-privilege auth detection)',
    make: (bytes) => repeat('-SCOPES-CONNECT-MGGRAPH ', bytes),
    run: (text) => detectAuth(text, 'powershell'),
  },
  {
    id: 'misplaced_entries',
    what: 'wrong-resource-app and duplicate-resource-app fixes: a Graph entry in each of thousands of SharePoint blocks (every block repeated): analyzeText + runRules, fixes built',
    make: (bytes) => {
      const block = `{ "resourceAppId": "${SHAREPOINT}", "resourceAccess": [ { "id": "${USER_READ}", "type": "Scope" } ] }`;
      const n = Math.max(2, Math.floor(bytes / (block.length + 6)));
      return `{ "requiredResourceAccess": [\n    ${Array.from({ length: n }, () => block).join(',\n    ')}\n  ] }`;
    },
    run: fullPassWithFixes,
  },
];
