/**
 * The git repository around a folder, read from the `.git` files directly (no `git` process: the
 * CLI runs on machines with only Node): its root — the SARIF source root — and its provenance
 * (remote URL without credentials, HEAD commit, branch) for `versionControlProvenance`.
 * Anything unreadable or unusual gives `undefined`, never an exception.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { VersionControl } from '../core/sarif';

export interface GitRepository {
  /** The working tree's root folder. */
  root: string;
  provenance?: VersionControl;
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The repository holding `dir` (walking up), or undefined. */
export function findGitRepository(dir: string): GitRepository | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    const dotGit = path.join(cur, '.git');
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(dotGit);
    } catch {
      st = undefined;
    }
    if (st) {
      let gitDir: string | undefined;
      if (st.isDirectory()) gitDir = dotGit;
      else {
        // A worktree or submodule: ".git" is a file "gitdir: <path>".
        const m = /^gitdir:\s*(.+?)\s*$/m.exec(read(dotGit) ?? '');
        if (m) gitDir = path.resolve(cur, m[1]);
      }
      return { root: cur, ...(gitDir ? { provenance: provenanceOf(gitDir) } : {}) };
    }
    const up = path.dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

function provenanceOf(gitDir: string): VersionControl | undefined {
  const commonRel = read(path.join(gitDir, 'commondir'))?.trim();
  const common = commonRel ? path.resolve(gitDir, commonRel) : gitDir;
  const remote = remoteUrl(read(path.join(common, 'config')) ?? '');
  if (!remote) return undefined;
  const head = read(path.join(gitDir, 'HEAD'))?.trim() ?? '';
  let revisionId: string | undefined;
  let branch: string | undefined;
  const ref = /^ref:\s*(\S+)$/.exec(head);
  if (ref) {
    if (ref[1].startsWith('refs/heads/')) branch = ref[1].slice('refs/heads/'.length);
    revisionId = resolveRef(gitDir, common, ref[1]);
  } else if (/^[0-9a-f]{40,64}$/.test(head)) revisionId = head;
  return { repositoryUri: remote, ...(revisionId ? { revisionId } : {}), ...(branch ? { branch } : {}) };
}

function resolveRef(gitDir: string, common: string, ref: string): string | undefined {
  if (!/^refs\/[A-Za-z0-9._/-]+$/.test(ref) || ref.includes('..')) return undefined;
  for (const dir of [gitDir, common]) {
    const v = read(path.join(dir, ...ref.split('/')))?.trim();
    if (v && /^[0-9a-f]{40,64}$/.test(v)) return v;
  }
  for (const line of (read(path.join(common, 'packed-refs')) ?? '').split(/\r?\n/)) {
    const m = /^([0-9a-f]{40,64}) (\S+)$/.exec(line);
    if (m && m[2] === ref) return m[1];
  }
  return undefined;
}

/** `[remote "origin"] url = …` (else the first remote's), as an absolute URI without credentials. */
export function remoteUrl(config: string): string | undefined {
  let section: string | undefined;
  const urls: { remote: string; url: string }[] = [];
  for (const raw of config.split(/\r?\n/)) {
    const line = raw.trim();
    const sec = /^\[\s*remote\s+"([^"]*)"\s*\]$/.exec(line);
    if (sec) {
      section = sec[1];
      continue;
    }
    if (line.startsWith('[')) {
      section = undefined;
      continue;
    }
    const kv = /^url\s*=\s*(.+)$/.exec(line);
    if (section !== undefined && kv) urls.push({ remote: section, url: kv[1].trim().replace(/^"(.*)"$/, '$1') });
  }
  const pick = urls.find((u) => u.remote === 'origin') ?? urls[0];
  return pick && normalizeRemote(pick.url);
}

/** `git@github.com:o/r.git` → `https://github.com/o/r.git`; credentials and query dropped; local paths → undefined. */
export function normalizeRemote(url: string): string | undefined {
  const scp = /^([A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+):(?!\/\/)(.+)$/.exec(url);
  if (scp && !/^[A-Za-z]:[\\/]/.test(url)) return `https://${scp[2]}/${scp[3].replace(/^\/+/, '')}`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(u.protocol)) return undefined;
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return u.href;
}
