import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../cli/command';

export interface OutputFile {
  /** Path relative to the output folder. */
  path: string;
  content: string | Buffer;
}

/**
 * Writes generated files without ever replacing one this run did not write: when any target exists, nothing
 * is written and the error names it, unless `force` is given. All are checked before the first is written.
 */
export function writeOutputs(dir: string, files: readonly OutputFile[], force = false): string[] {
  const targets = files.map((f) => path.join(dir, f.path));
  if (!force) {
    const existing = targets.filter((t) => fs.existsSync(t));
    if (existing.length) {
      const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? ` and ${existing.length - 5} more` : '');
      throw new UsageError(`${shown} already exist${existing.length === 1 ? 's' : ''}: nothing was written. Use --force to replace, or --out another folder.`);
    }
  }
  files.forEach((f, i) => {
    fs.mkdirSync(path.dirname(targets[i]), { recursive: true });
    fs.writeFileSync(targets[i], f.content);
  });
  return targets;
}
