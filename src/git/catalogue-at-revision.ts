import { execFileSync } from 'child_process';
import * as path from 'path';
import { loadCatalogue } from '../model/load';
import { CatalogueError } from '../model/errors';
import type { Catalogue, Locator } from '../model/types';
import { withTempDir } from '../util/temp-dir';
import { archiveAt, gitToplevel, resolveCommit } from './revision';

/**
 * The catalogue as it is at a revision: the folder extracted from git into a temporary folder, loaded, and the
 * folder removed again before returning (the model is all in memory). Files are named as git names them,
 * `<commit>:<path>`, in the model and in any error. Undefined when the folder does not exist at that revision.
 */
export function catalogueAtRevision(ref: string, catalogueDir: string): Catalogue | undefined {
  // Ask git from inside the catalogue folder: the catalogue need not be in the working directory's repository.
  const repoRoot = gitToplevel(catalogueDir);
  const commit = resolveCommit(ref, catalogueDir);
  const rel = path.relative(repoRoot, path.resolve(catalogueDir)).split(path.sep).join('/');
  const tar = archiveAt(commit, repoRoot, rel);
  if (!tar) return undefined;
  return withTempDir('csm-base-', (tmp) => {
    execFileSync('tar', ['-x', '-C', tmp], { input: tar });
    const root = path.join(tmp, rel);
    const shown = (file: string) => (file.startsWith(root) ? `${commit.slice(0, 12)}:${path.posix.join(rel, path.relative(root, file).split(path.sep).join('/'))}` : file);
    try {
      return renamed(loadCatalogue(root), shown);
    } catch (err) {
      if (err instanceof CatalogueError) throw new CatalogueError(err.issues.map((i) => ({ ...i, file: shown(i.file) })));
      throw err;
    }
  });
}

/** The same catalogue, every file named by `shown` (its temporary folder is about to go). */
function renamed(cat: Catalogue, shown: (file: string) => string): Catalogue {
  const locate = new Map<string, Locator>([...cat.locate].map(([k, l]) => [k, (p) => ({ ...l(p), file: shown(l(p).file) })]));
  return { ...cat, root: shown(cat.root), files: new Map([...cat.files].map(([k, f]) => [k, shown(f)])), locate };
}
