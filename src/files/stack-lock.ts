import { randomBytes } from 'crypto';
import * as os from 'os';
import * as path from 'path';
import { tryLock, unlock, type LockHolder } from './lock-file';
import { ownFolder } from './own-folder';
import { InputError } from '../model/errors';

/**
 * One csm at a time per tenancy: `csm plan` and `csm apply` take `.csm/locks/<stack>.lock` (the stack whose
 * state they plan or apply against) before they synthesize, plan or apply, and give it back when done. Two plans
 * of one stack would otherwise write the same folder and race for the state. A lock left by a process that is
 * gone (killed, crashed machine) is taken over; one held by a live process, or by another machine, is not.
 */
export const LOCK_DIR = path.join('.csm', 'locks');

interface Holder extends LockHolder {
  command: string;
  since: string;
}

/** The stack is locked by another run: bad timing rather than bad input, but the run cannot start (exit 2). */
export class StackLockedError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'StackLockedError';
  }
}

export interface StackLocks {
  release(): void;
}

function acquire(file: string, holder: Holder, stack: string): void {
  const attempt = tryLock(file, holder);
  if (attempt.taken) return;
  if (attempt.churn) throw new StackLockedError(`${stack}: could not take ${file} (it keeps changing hands)`);
  const other = attempt.holder;
  const who = other ? `\`${other.command}\` (pid ${other.pid} on ${other.host}, since ${other.since})` : 'another run';
  throw new StackLockedError(
    `${stack} is locked by ${who}: one plan or apply at a time per stack. Wait for it to finish; if that process is gone from another machine, remove ${file}.`,
  );
}

/**
 * Locks each stack (sorted, all or none) in `<project>/.csm/locks/`. The locks are released by `release()`,
 * and in any case when the process exits.
 */
export function lockStacks(projectDir: string, stacks: string[], command: string): StackLocks {
  const dir = ownFolder(projectDir, LOCK_DIR);
  const holder: Holder = { pid: process.pid, host: os.hostname(), command, since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const held: string[] = [];
  const release = () => {
    for (const file of held.splice(0)) unlock(file, holder.token);
    process.off('exit', release);
  };
  process.on('exit', release);
  try {
    for (const stack of [...new Set(stacks)].sort()) {
      const file = path.join(dir, `${stack}.lock`);
      acquire(file, holder, stack);
      held.push(file);
    }
  } catch (err) {
    release();
    throw err;
  }
  return { release };
}

/** Runs `work` with the stacks locked. */
export async function withStacksLocked<T>(projectDir: string, stacks: string[], command: string, work: () => Promise<T>): Promise<T> {
  const locks = lockStacks(projectDir, stacks, command);
  try {
    return await work();
  } finally {
    locks.release();
  }
}
