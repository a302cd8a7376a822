import * as path from 'path';
import * as fs from 'fs';
import { writeFileAtomic } from '../files/write-atomic';
import { OutputRefusedError, checkOutputDir, refuseProtected, type OutputRules } from '../files/output-target';

export interface OutputFile {
  /** Path relative to the output folder. */
  path: string;
  content: string | Buffer;
}

/**
 * Writes generated files without ever replacing one this run did not write: when any target exists, nothing
 * is written and the error names it, unless `force` is given. Nothing is ever written inside the protected
 * folders (the catalogue, the policies), `force` or not. All are checked before the first is written; each is
 * written atomically.
 */
export function writeOutputs(dir: string, files: readonly OutputFile[], force = false, protect: OutputRules['protect'] = []): string[] {
  const rules: OutputRules = { option: '--out', protect, force };
  checkOutputDir(dir, rules);
  const targets = files.map((f) => path.join(dir, f.path));
  for (const t of targets) refuseProtected(t, rules);
  if (!force) {
    const existing = targets.filter((t) => fs.existsSync(t));
    if (existing.length) {
      const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? ` and ${existing.length - 5} more` : '');
      throw new OutputRefusedError(`${shown} already exist${existing.length === 1 ? 's' : ''}: nothing was written. Use --force to replace, or --out another folder.`);
    }
  }
  files.forEach((f, i) => writeFileAtomic(targets[i], f.content, { mode: force ? 'replace' : 'new' }));
  return targets;
}
