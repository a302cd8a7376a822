import * as fs from 'fs';
import * as os from 'os';
import { FileExistsError, writeFileAtomic } from './write-atomic';

/**
 * A lock file held by one process: created whole and exclusively (never replacing one), removed by its holder
 * only, taken over when its holder is a process of this machine that is gone. The stack locks and the plugin
 * cache's init lock are both this; only what they do while someone else holds it differs (refuse, or wait).
 */
export interface LockHolder {
  pid: number;
  host: string;
  /** Unique per holder, so a holder removes only its own lock and a takeover only the lock it judged stale. */
  token: string;
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

export function readHolder<H extends LockHolder>(file: string): H | undefined {
  const text = readText(file);
  return text === undefined ? undefined : parse<H>(text);
}

/** The outcome of one try: taken, or held by someone (who, when the file could be read), or changing hands. */
export type LockAttempt<H> = { taken: true } | { taken: false; holder?: H; churn?: true };

const ATTEMPTS = 3;
/** A takeover marker older than this was left by a process killed in the few lines that hold it. */
const TAKEOVER_STALE_MS = 10_000;

/** Tries to take `file` for `holder`, taking over a lock whose holder on this machine is gone. Never waits. */
export function tryLock<H extends LockHolder>(file: string, holder: H): LockAttempt<H> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      writeFileAtomic(file, JSON.stringify(holder, null, 2) + '\n');
      return { taken: true };
    } catch (err) {
      if (!(err instanceof FileExistsError)) throw err;
    }
    const text = readText(file);
    const other = text === undefined ? undefined : parse<H>(text);
    if (!other || other.host !== os.hostname() || typeof other.pid !== 'number' || alive(other.pid)) return { taken: false, holder: other };
    removeIfStill(file, text!);
  }
  return { taken: false, churn: true };
}

/** Removes the lock if `token`'s holder still has it. */
export function unlock(file: string, token: string): void {
  if (readHolder(file)?.token === token) fs.rmSync(file, { force: true });
}

/**
 * Removes a dead holder's lock unless it changed hands. Several waiters see the same dead holder; without this,
 * the second to act would remove the lock the first had just taken, and both would run. So a takeover is itself
 * exclusive (a marker created exclusively; another waiter's marker means: look again), and the lock is removed
 * only if it still holds exactly the text judged stale.
 */
function removeIfStill(file: string, staleText: string): void {
  const marker = `${file}.takeover`;
  try {
    fs.writeFileSync(marker, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    try {
      if (Date.now() - fs.statSync(marker).mtimeMs > TAKEOVER_STALE_MS) fs.rmSync(marker, { force: true });
    } catch {
      /* gone meanwhile */
    }
    return;
  }
  try {
    if (readText(file) === staleText) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(marker, { force: true });
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parse<H>(text: string): H | undefined {
  try {
    return JSON.parse(text) as H;
  } catch {
    return undefined;
  }
}
