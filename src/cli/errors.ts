import { CatalogueError, InputError, InputFileError } from '../model/errors';
import { PolicyFailure } from '../policy/finding';
import { BundleMismatchError } from '../policy/bundle';
import { PlanRecordError } from '../lifecycle/reviewed-copy';
import { InterruptedError } from '../terraform/interrupt';
import { EXIT, UsageError } from './command';

/** How the CLI reports one error: the exit code, the lines to print, and whether to offer the help text. */
export interface Classified {
  code: (typeof EXIT)[keyof typeof EXIT];
  lines: string[];
  help?: boolean;
}

const FS_VERBS: Record<string, string> = { open: 'open', scandir: 'read the folder', mkdir: 'create the folder', stat: 'read', lstat: 'read', read: 'read', write: 'write', rename: 'rename', copyfile: 'copy', unlink: 'remove', rmdir: 'remove', realpath: 'resolve' };
const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'it already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
};

/** A file-system error on a path: the user named a path csm cannot use (or the machine cannot write it). */
function fsError(err: unknown): (NodeJS.ErrnoException & { path: string }) | undefined {
  // Duck-typed: an error from Node's own fs may come from another realm (a test runner's sandbox).
  const e = err as NodeJS.ErrnoException;
  return !!e && typeof e === 'object' && typeof e.code === 'string' && typeof e.path === 'string' && typeof e.syscall === 'string' ? (e as NodeJS.ErrnoException & { path: string }) : undefined;
}

/**
 * The one classification of what went wrong, for every command: bad input or usage is exit 2 with its located
 * message; a policy that cannot decide is exit 1 (fail closed); anything unexpected is an internal error,
 * exit 3, so CI never reads a crash as a policy denial (1) or as the user's mistake (2). No stack trace unless
 * `--debug`.
 */
export function classify(command: string, err: unknown): Classified {
  const prefix = `csm ${command}:`;
  if (err instanceof UsageError) return { code: EXIT.badInput, lines: [`${prefix} ${err.message}`], help: true };
  if (err instanceof CatalogueError) {
    const n = err.issues.length;
    return { code: EXIT.badInput, lines: [`${prefix} the catalogue does not validate (${n} issue${n === 1 ? '' : 's'}); nothing was written`, err.message] };
  }
  if (err instanceof InputFileError) return { code: EXIT.badInput, lines: [`${prefix} the input cannot be used; nothing was written`, err.message] };
  if (err instanceof InputError || err instanceof BundleMismatchError || err instanceof PlanRecordError) return { code: EXIT.badInput, lines: [`${prefix} ${err.message}`] };
  // A run stopped by SIGINT/SIGTERM after Terraform stopped: not a verdict on the input, not a crash.
  if (err instanceof InterruptedError) return { code: EXIT.failure, lines: [`${prefix} ${err.message}: Terraform stopped, nothing more was started`] };
  // Fail closed: a policy that cannot decide is a failure, never a pass.
  if (err instanceof PolicyFailure) return { code: EXIT.failure, lines: [`${prefix} ${err.message}`] };
  const fsErr = fsError(err);
  if (fsErr) {
    const verb = FS_VERBS[fsErr.syscall ?? ''] ?? fsErr.syscall;
    return { code: EXIT.badInput, lines: [`${prefix} cannot ${verb} ${fsErr.path}: ${FS_REASONS[fsErr.code!] ?? fsErr.code}`] };
  }
  const message = err && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
  return {
    code: EXIT.internal,
    lines: [`${prefix} internal error (a bug in csm, not a finding of yours): ${message}`, 'Run again with --debug for the stack trace, and report it.'],
  };
}
