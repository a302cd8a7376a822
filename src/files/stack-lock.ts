import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileExistsError, writeFileAtomic } from './write-atomic';
import { ownFolder } from './own-folder';
import { InputError } from '../model/errors';

/**
 * One csm at a time per tenancy: `csm plan` and `csm apply` take `.csm/locks/<stack>.lock` (the stack whose
 * state they plan or apply against) before they synthesize, plan or apply, and give it back when done. Two plans
 * of one stack would otherwise write the same folder and race for the state. A lock left by a process that is
 * gone (killed, crashed machine) is taken over; one held by a live process, or by another machine, is not.
 */
export const LOCK_DIR = path.join('.csm', 'locks');

interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
  token: string;
}

/** The stack is locked by another run: bad timing rather than bad input, but the run cannot start (exit 2). */
export class StackLockedError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'StackLockedError';
  }
}

/** The process is running (or exists under another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

/** Moves a stale lock aside, unless it changed hands meanwhile (then it is put back and the stack stays locked). */
function takeOver(file: string, stale: Holder): boolean {
  const aside = `${file}.stale-${process.pid}-${randomBytes(3).toString('hex')}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return false;
  }
  if (readHolder(aside)?.token === stale.token) {
    fs.rmSync(aside, { force: true });
    return true;
  }
  // Another run took it over and locked it in between: give its lock back.
  try {
    fs.linkSync(aside, file);
  } catch {
    // A third run holds it now; the one moved aside is gone either way.
  }
  fs.rmSync(aside, { force: true });
  return false;
}

export interface StackLocks {
  release(): void;
}

function acquire(file: string, holder: Holder, stack: string): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileAtomic(file, JSON.stringify(holder, null, 2) + '\n');
      return;
    } catch (err) {
      if (!(err instanceof FileExistsError)) throw err;
    }
    const other = readHolder(file);
    if (other && other.host === os.hostname() && !alive(other.pid)) {
      takeOver(file, other);
      continue;
    }
    const who = other ? `\`${other.command}\` (pid ${other.pid} on ${other.host}, since ${other.since})` : 'another run';
    throw new StackLockedError(
      `${stack} is locked by ${who}: one plan or apply at a time per stack. Wait for it to finish; if that process is gone from another machine, remove ${file}.`,
    );
  }
  throw new StackLockedError(`${stack}: could not take ${file} (it keeps changing hands)`);
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
    for (const file of held.splice(0)) if (readHolder(file)?.token === holder.token) fs.rmSync(file, { force: true });
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
