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

const git = (args: string[], cwd: string) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });

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
    return execFileSync('git', args, { cwd: repoRoot, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Whether `commit` (a full commit id) is in the history of HEAD of the repository holding `dir`. */
export function isAncestorOfHead(commit: string, dir: string): boolean {
  if (!/^[0-9a-f]{40}$/.test(commit)) return false;
  try {
    execFileSync('git', ['merge-base', '--is-ancestor', '--end-of-options', commit, 'HEAD'], { cwd: path.resolve(dir), stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
