import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../model/errors';

/**
 * Folders csm keeps its own files in sit in the checkout (`.csm/` with the state, locks and bundle; the synth
 * output), where a pull request can commit anything, a symbolic link included: csm would then write its state,
 * lock or bundle through it, over files it did not create elsewhere (`.csm/policy-bundle -> ../victim` had a
 * `manifest.json` there replaced). Each such folder, and every folder on the way to it from the project, must
 * be a real folder when it exists.
 */
export class ForeignFileError extends InputError {
  constructor(file: string, why: string) {
    super(`${file}: ${why}; csm refuses to write or run Terraform through it (remove it: csm's own folders are never committed)`);
    this.name = 'ForeignFileError';
  }
}

export function lstatIfAny(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (err) {
    // Not there, or a part of the path is a file: nothing to check; the write that follows says what is wrong.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** Whether `dir` exists as a real folder; throws ForeignFileError when it is a link or a file. */
export function realFolder(dir: string): boolean {
  const st = lstatIfAny(dir);
  if (!st) return false;
  if (!st.isDirectory()) throw new ForeignFileError(dir, st.isSymbolicLink() ? 'a symbolic link where csm keeps a folder of its own' : 'not a folder');
  return true;
}

/** `<project>/<own>` (`.csm/state`), after checking each existing folder from `.csm` down is a real one. */
export function ownFolder(project: string, own: string): string {
  const parts = own.split(/[\\/]/).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) realFolder(path.join(project, ...parts.slice(0, i)));
  return path.join(project, own);
}
