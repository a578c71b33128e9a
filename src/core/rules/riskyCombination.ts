/**
 * risky-combination — pairs of permissions that together allow privilege escalation. The pairs
 * and reasons are documented data in data/privilege.ts.
 */
import type { ResolvedReference } from '../permissions/resolve';
import { RISKY_PAIRS } from './data/privilege';
import type { Rule } from './types';
import { declared } from './util';

const PAIR_NAMES = new Set(RISKY_PAIRS.flatMap((p) => [p.a.toLowerCase(), p.b.toLowerCase()]));

/** Whether a name (any casing) is one of a pair, by the store's canonical names: kept across checks, bounded. */
const IN_PAIR = new Map<string, boolean>();

function inPair(name: string): boolean {
  let b = IN_PAIR.get(name);
  if (b === undefined) {
    b = PAIR_NAMES.has(name.toLowerCase());
    if (IN_PAIR.size < 8192) IN_PAIR.set(name, b);
  }
  return b;
}

export const riskyCombination: Rule = {
  id: 'risky-combination',
  defaultSeverity: 'warning',
  doc: {
    summary: 'Two permissions that together allow privilege escalation, even where each alone looks acceptable.',
    help: 'Split the work between two apps, or drop one of the permissions. The pairs and their reasons are in src/core/rules/data/privilege.ts.',
    example: '"Policy.ReadWrite.AuthenticationMethod" together with "UserAuthenticationMethod.ReadWrite.All"',
  },
  check(ctx, report) {
    const byName = new Map<string, ResolvedReference[]>();
    const refs = declared(ctx.analysis.references);
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      // Only the names of a pair can make one (no key built for the others).
      if (!r.match || !inPair(r.match.name)) continue;
      // Per resourceAccess block (several applications may share a file); scope lists per file.
      const k = `${r.resourceAppId}@${r.ref.resourceAppRange?.start ?? ''}|${r.match.name.toLowerCase()}`;
      const list = byName.get(k);
      if (list) list.push(r);
      else byName.set(k, [r]);
    }
    // The keys by name, in the map's order: each pair visits only the keys of its first name (not every key).
    const keysOf = new Map<string, [string, ResolvedReference[]][]>();
    for (const entry of byName) {
      const name = entry[0].slice(entry[0].indexOf('|') + 1);
      const list = keysOf.get(name);
      if (list) list.push(entry);
      else keysOf.set(name, [entry]);
    }
    for (const pair of RISKY_PAIRS) {
      for (const [key, as] of keysOf.get(pair.a.toLowerCase()) ?? []) {
        const app = key.slice(0, key.indexOf('|'));
        const bs = byName.get(`${app}|${pair.b.toLowerCase()}`);
        if (!bs) continue;
        // Report once, on the later of the two, naming the other.
        const first = as[0].ref.start < bs[0].ref.start ? as[0] : bs[0];
        const second = first === as[0] ? bs[0] : as[0];
        const line = ctx.analysis.lines.position(first.ref.start).line + 1;
        report({
          start: second.ref.start,
          end: second.ref.end,
          message: `${second.match?.name} with ${first.match?.name} (line ${line}): ${pair.reason}.`,
        });
      }
    }
  },
};
