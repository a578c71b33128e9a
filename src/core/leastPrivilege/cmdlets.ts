/**
 * Microsoft Graph PowerShell cmdlets derived from the path table, following the SDK's naming:
 * verb (GET → Get, POST → New, PATCH → Update, PUT → Set, DELETE → Remove; an action's own verb,
 * `sendMail` → Send) + `Mg` (+ `Beta`) + the path's literal segments, singular, in PascalCase
 * (`/users/{id}/mailFolders/{id}/messages` → `Get-MgUserMailFolderMessage`), with one `-…Id`
 * parameter per placeholder (`-UserId`, `-MailFolderId`); `/$ref` becomes `ByRef`. `/me/…` paths
 * have no cmdlets of their own (the `/users/{id}/…` ones take `-UserId`).
 *
 * Naming in the SDK has exceptions; `CMDLET_PATHS` in detect.ts lists common cmdlets by hand and
 * wins where both know a name.
 */

export interface CmdletTarget {
  method: string;
  /** Template as published (`/users/{id}/messages`). */
  path: string;
  /** `-…Id` parameters, one per placeholder, in path order. */
  idParams: string[];
}

/** Lower-case cmdlet name (`get-mgusermessage`) → the operations it may be. */
export type CmdletIndex = Map<string, CmdletTarget[]>;

const VERB_OF_METHOD = new Map<string, string>([
  ['GET', 'Get'],
  ['POST', 'New'],
  ['PATCH', 'Update'],
  ['PUT', 'Set'],
  ['DELETE', 'Remove'],
]);

/** Action names whose first word is a PowerShell verb the SDK uses as the cmdlet verb. */
const ACTION_VERBS = new Map<string, string>([
  ['send', 'Send'],
  ['get', 'Get'],
  ['add', 'Add'],
  ['remove', 'Remove'],
  ['copy', 'Copy'],
  ['move', 'Move'],
  ['reset', 'Reset'],
  ['restore', 'Restore'],
  ['start', 'Start'],
  ['stop', 'Stop'],
  ['test', 'Test'],
  ['assign', 'Set'],
  ['check', 'Confirm'],
  ['validate', 'Test'],
  ['revoke', 'Revoke'],
  ['set', 'Set'],
]);

export function singular(word: string): string {
  if (/ies$/i.test(word)) return word.slice(0, -3) + 'y';
  if (/(?:ss|x|ch|sh|us|as)es$/i.test(word)) return word.slice(0, -2);
  if (/[^su]s$/i.test(word) && !/(?:is|ss|us)$/i.test(word)) return word.slice(0, -1);
  return word;
}

function pascal(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The cmdlet name and id parameters for one operation, or undefined when the path has no SDK cmdlet shape. */
export function cmdletFor(method: string, template: string, isAction: boolean): { name: string; idParams: string[] } | undefined {
  const segs = template.split('/').filter(Boolean);
  if (!segs.length || /^me$/i.test(segs[0])) return undefined;
  const nouns: string[] = [];
  const idParams: string[] = [];
  let verb = VERB_OF_METHOD.get(method.toUpperCase());
  if (!verb) return undefined;
  let byRef = false;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (/^\{.*\}$/.test(s)) {
      const prev = nouns[nouns.length - 1];
      if (!prev) return undefined;
      idParams.push(`${prev}Id`);
      continue;
    }
    if (s === '$ref') {
      byRef = true;
      continue;
    }
    if (s.startsWith('$') || s.includes('(') || s.includes('.')) return undefined;
    const last = i === segs.length - 1;
    if (last && isAction) {
      // Upstream often writes paths in lower case (`sendmail`): find the verb as a prefix.
      const lower = s.toLowerCase();
      const prefix = [...ACTION_VERBS.keys()].find((k) => lower.startsWith(k) && lower.length > k.length);
      const v = prefix && ACTION_VERBS.get(prefix);
      if (v && prefix) {
        verb = v;
        const rest = pascal(s.slice(prefix.length));
        if (rest) nouns.push(singular(rest));
      } else {
        verb = 'Invoke';
        return { name: `${verb}-Mg${pascal(s)}${nouns.join('')}`, idParams };
      }
      continue;
    }
    nouns.push(singular(pascal(s)));
  }
  if (!nouns.length) return undefined;
  return { name: `${verb}-Mg${nouns.join('')}${byRef ? 'ByRef' : ''}`, idParams };
}

/**
 * The cmdlet index of a set of operations (method + template), as the path table lists them.
 * An operation is an action when its method is POST and the same template has no GET.
 */
export function deriveCmdlets(operations: Iterable<{ method: string; path: string; methods: ReadonlySet<string> }>): CmdletIndex {
  const index: CmdletIndex = new Map();
  for (const op of operations) {
    const isAction = op.method === 'POST' && !op.methods.has('GET') && /\/[a-z]+[A-Z]\w*$|\/[a-z]+$/.test(op.path) && !/\/\{[^}]*\}$/.test(op.path);
    const c = cmdletFor(op.method, op.path, isAction);
    if (!c) continue;
    const key = c.name.toLowerCase();
    let list = index.get(key);
    if (!list) index.set(key, (list = []));
    if (!list.some((t) => t.method === op.method && t.path.toLowerCase() === op.path.toLowerCase())) list.push({ method: op.method, path: op.path, idParams: c.idParams });
  }
  return index;
}

/**
 * The operation a cmdlet invocation names: the target whose `-…Id` parameters are all given, with
 * the most of them (`Get-MgUser -UserId x` → `/users/{id}`, `Get-MgUser` → `/users`).
 */
export function resolveCmdlet(index: CmdletIndex, name: string, hasParam: (p: string) => boolean): CmdletTarget | undefined {
  const list = index.get(name.toLowerCase().replace('-mgbeta', '-mg'));
  if (!list?.length) return undefined;
  let best: CmdletTarget | undefined;
  for (const t of list) {
    if (!t.idParams.every(hasParam)) continue;
    if (!best || t.idParams.length > best.idParams.length) best = t;
  }
  return best ?? [...list].sort((a, b) => a.idParams.length - b.idParams.length)[0];
}
