import { execFileSync } from 'child_process';
import * as path from 'path';
import { InputError } from '../model/errors';

/**
 * csm's git plumbing. No value a user gave ever reaches git as an option: a revision is resolved to a commit id
 * first (`rev-parse --verify --end-of-options <ref>^{commit}`, and a name starting with `-` is refused outright),
 * and only that id, after `--end-of-options`, is passed on; paths follow `--` (or `--end-of-options`) as literal
 * pathspecs.
 */

/** A revision or repository the user named that git cannot use: bad input (exit 2). */
export class RevisionError extends InputError {}

/**
 * Git runs programs its configuration names: `core.fsmonitor` on every `status` and `diff`, filter drivers
 * (`filter.<driver>.clean`/`smudge`/`process`, selected by `.gitattributes` or `.git/info/attributes`) on
 * `status` and `archive`, diff drivers, pagers, hooks. csm may be pointed at a repository someone else prepared
 * (a checkout handed over with its `.git/config`), and reading a revision must never run a program from it. So
 * every git call csm makes overrides each such key: the fixed ones, and every filter and diff driver the
 * repository's configuration defines (found by reading it, which runs nothing), so a driver name csm cannot know
 * in advance is disarmed too. What remains is git reading objects and files.
 */
const FIXED_OVERRIDES = ['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'core.pager=cat', 'diff.external=', 'core.alternateRefsCommand=', 'core.sshCommand=false'];
const DRIVER_KEY = /^(filter\.[^\n]+\.(clean|smudge|process)|diff\.[^\n]+\.(command|textconv))$/i;

function overrides(cwd: string): string[] {
  let listed = '';
  try {
    listed = execFileSync('git', ['-c', 'core.fsmonitor=false', 'config', '--null', '--list'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 24 });
  } catch {
    listed = ''; // not a repository: the call that follows says so
  }
  const drivers = listed
    .split('\0')
    .map((entry) => entry.split('\n')[0])
    .filter((key) => DRIVER_KEY.test(key));
  return [...FIXED_OVERRIDES, ...new Set(drivers)].flatMap((kv) => ['-c', kv.includes('=') ? kv : `${kv}=`]);
}

/** Runs git in `cwd` with every program its configuration names disarmed (`overrides`). */
function runGit(args: string[], cwd: string, options: { encoding?: 'utf8'; quiet?: boolean; maxBuffer?: number } = {}): string | Buffer {
  return execFileSync('git', [...overrides(cwd), ...args], { cwd, encoding: options.encoding, stdio: ['ignore', 'pipe', options.quiet ? 'ignore' : 'pipe'], maxBuffer: options.maxBuffer ?? 1 << 28 });
}

const git = (args: string[], cwd: string) => runGit(args, cwd, { encoding: 'utf8' }) as string;

/** The top folder of the repository holding `dir`. */
export function gitToplevel(dir: string): string {
  try {
    return git(['rev-parse', '--show-toplevel'], path.resolve(dir)).trim();
  } catch {
    throw new RevisionError(`${dir} is not inside a git repository (a base revision needs one)`);
  }
}

/** The commit id a revision names in the repository holding `dir`, or a RevisionError. */
export function resolveCommit(ref: string, dir: string, option = '--base'): string {
  if (ref.startsWith('-') || ref.includes('\0')) throw new RevisionError(`${option} ${ref}: not a git revision (a revision never starts with "-")`);
  try {
    return git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], path.resolve(dir)).trim();
  } catch {
    throw new RevisionError(`${option} ${ref}: not a git revision of the repository holding ${dir}`);
  }
}

/** The git revision of the working directory, and whether it has uncommitted changes; null outside git. */
export function gitRevision(cwd = process.cwd()): { commit: string; dirty: boolean } | null {
  try {
    return { commit: git(['rev-parse', 'HEAD'], cwd).trim(), dirty: git(['status', '--porcelain'], cwd).trim() !== '' };
  } catch {
    return null;
  }
}

/** Files that differ between `commit` and the working tree (committed or not), relative to the repository root. */
export function changedFiles(commit: string, cwd: string): string[] {
  const tracked = git(['diff', '--name-only', '--end-of-options', commit, '--'], cwd).split('\n');
  const untracked = git(['ls-files', '--others', '--exclude-standard'], cwd).split('\n');
  return [...new Set([...tracked, ...untracked].filter(Boolean))].sort();
}

/** The files of `folder` (relative to the repository root) at `commit`, as a tar archive; undefined if absent there. */
export function archiveAt(commit: string, repoRoot: string, folder: string): Buffer | undefined {
  try {
    // After --end-of-options every argument is a revision or a path (literal: no pathspec magic).
    const args = ['--literal-pathspecs', 'archive', '--format=tar', '--end-of-options', commit, folder || '.'];
    return runGit(args, repoRoot, { quiet: true, maxBuffer: 1 << 30 }) as Buffer;
  } catch {
    return undefined;
  }
}

/** Whether `commit` (a full commit id) is in the history of HEAD of the repository holding `dir`. */
export function isAncestorOfHead(commit: string, dir: string): boolean {
  if (!/^[0-9a-f]{40}$/.test(commit)) return false;
  try {
    runGit(['merge-base', '--is-ancestor', '--end-of-options', commit, 'HEAD'], path.resolve(dir), { quiet: true });
    return true;
  } catch {
    return false;
  }
}
