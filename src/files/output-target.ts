import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../model/errors';

/**
 * Where a command may write what it produces (`check --output`, `--out` folders, `--evidence`), checked before
 * the run does any work: never inside the folders csm reads its truth from (the catalogue, the policies), never
 * over an existing file without `--force`, never over a folder, a device or anything else that is not a regular
 * file, and only where the process can actually create a file. Symbolic links are followed first, so a link
 * that points into the catalogue is refused like the path it points to.
 */
export class OutputRefusedError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'OutputRefusedError';
  }
}

export interface OutputRules {
  /** What the target is, for messages: `--output`, `--evidence`. */
  option: string;
  /** Folders nothing may be written into (the catalogue, the policies). */
  protect: Array<{ dir: string; what: string }>;
  force?: boolean;
}

/** The real path of `p`: of the file when it exists (links followed), else of its nearest existing folder plus the rest. */
function realPath(p: string): { real: string; existing: string } {
  const abs = path.resolve(p);
  let existing = abs;
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    rest.unshift(path.basename(existing));
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  return { real: path.join(fs.realpathSync(existing), ...rest), existing };
}

const inside = (child: string, dir: string) => {
  const rel = path.relative(dir, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Refuses a target inside a protected folder (after following links). */
export function refuseProtected(target: string, rules: OutputRules, shown = target): void {
  const { real } = realPath(target);
  for (const p of rules.protect) {
    if (!fs.existsSync(p.dir)) continue;
    if (inside(real, fs.realpathSync(p.dir))) throw new OutputRefusedError(`${rules.option} ${shown}: inside the ${p.what} folder ${p.dir}; csm never writes there, even with --force`);
  }
}

/** Creates and removes a file in `dir` (or its nearest existing parent): the write will not fail on permissions. */
function probeWritable(dir: string, rules: OutputRules, shown: string): void {
  const { existing } = realPath(dir);
  if (!fs.statSync(existing).isDirectory()) throw new OutputRefusedError(`${rules.option} ${shown}: a part of the path is a file, not a folder (${existing})`);
  const probe = path.join(existing, `.csm-write-probe-${process.pid}`);
  try {
    fs.writeFileSync(probe, '', { flag: 'wx' });
    fs.rmSync(probe, { force: true });
  } catch (err) {
    throw new OutputRefusedError(`${rules.option} ${shown}: cannot write in ${existing} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was run`);
  }
}

/** Checks an output file; returns the path to write it to. */
export function checkOutputFile(file: string, rules: OutputRules): string {
  refuseProtected(file, rules, file);
  if (fs.existsSync(file)) {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new OutputRefusedError(`${rules.option} ${file}: is a folder; name a file`);
    if (!st.isFile()) throw new OutputRefusedError(`${rules.option} ${file}: is not a regular file`);
    if (!rules.force) throw new OutputRefusedError(`${rules.option} ${file}: already exists; csm never replaces a file it did not write in this run (use --force to replace it)`);
  }
  probeWritable(path.dirname(path.resolve(file)), rules, file);
  return file;
}

/** Checks an output folder (its files are checked against existing ones by the writer). */
export function checkOutputDir(dir: string, rules: OutputRules): string {
  refuseProtected(dir, rules, dir);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new OutputRefusedError(`${rules.option} ${dir}: a part of the path is a file, not a folder`);
  probeWritable(dir, rules, dir);
  return dir;
}
