import { execFileSync } from 'child_process';
import * as path from 'path';
import type { Catalogue } from '../model/types';
import { catalogueAtRevision } from '../check/run-check';

export interface BaseRevision {
  ref: string;
  commit: string;
  /** The catalogue at that revision; undefined when the folder did not exist there. */
  catalogue: Catalogue | undefined;
}

/** A revision the user named that git does not know. */
export class BaseRevisionError extends Error {}

/**
 * The revision a change is reviewed against (`--base`, default HEAD), pinned to its commit so `csm apply`
 * re-evaluates against the very same base even after HEAD moved. Outside git, without `--base`: none.
 */
export function resolveBase(ref: string | undefined, catalogueRoot: string): BaseRevision | null {
  let commit: string;
  try {
    commit = execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref ?? 'HEAD'}^{commit}`], { cwd: path.resolve(catalogueRoot), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    if (ref === undefined) return null;
    throw new BaseRevisionError(`--base ${ref}: not a git revision of the repository holding ${catalogueRoot}`);
  }
  return { ref: ref ?? 'HEAD', commit, catalogue: catalogueAtRevision(commit, catalogueRoot) };
}
