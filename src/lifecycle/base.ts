import type { Catalogue } from '../model/types';
import { catalogueAtRevision } from '../git/catalogue-at-revision';
import { RevisionError, gitToplevel, resolveCommit } from '../git/revision';

export interface BaseRevision {
  ref: string;
  commit: string;
  /** The catalogue at that revision; undefined when the folder did not exist there. */
  catalogue: Catalogue | undefined;
}

/** A revision the user named that git does not know (bad input). */
export { RevisionError as BaseRevisionError };

/**
 * The revision a change is reviewed against (`--base`, default HEAD), pinned to its commit so `csm apply`
 * re-evaluates against the very same base even after HEAD moved. Outside git, without `--base`: none.
 */
export function resolveBase(ref: string | undefined, catalogueRoot: string): BaseRevision | null {
  let commit: string;
  try {
    gitToplevel(catalogueRoot);
    commit = resolveCommit(ref ?? 'HEAD', catalogueRoot);
  } catch (err) {
    // Without --base, outside git (or before the first commit) there is simply no base.
    if (ref === undefined && err instanceof RevisionError) return null;
    throw err;
  }
  return { ref: ref ?? 'HEAD', commit, catalogue: catalogueAtRevision(commit, catalogueRoot) };
}
