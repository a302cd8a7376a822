import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { alive } from '../files/stack-lock';
import { userCacheDir } from '../util/user-cache';

/**
 * One provider plugin cache for every stack of a run (and every run on the machine): Terraform installs a
 * provider into the cache once and links each stack's `.terraform/providers` to it, instead of one copy (or,
 * from a registry, one download of the AWS provider's 100 MB) per stack. `TF_PLUGIN_CACHE_DIR` when the
 * runner sets one, else `terraform-plugins` in csm's cache in the user's home (`userCacheDir`).
 *
 * Never in the project: Terraform runs a provider it finds in the cache without checking it against any
 * checksum (the environment below lets it), and a pull request can commit any file into the checkout, an
 * executable named `terraform-provider-aws_v5.100.0_x5` under `.csm/` included. The cache is the runner's, like
 * the Terraform binary and the provider mirror it is filled from.
 *
 * Terraform documents that the cache is not safe for concurrent writes: two inits installing the same provider
 * at once can corrupt it. csm serializes `terraform init` per cache, within the process and across processes
 * (a lock file in the cache, created exclusively; a holder that is gone is taken over), and plans, which only
 * read the cache, run in parallel.
 */
export function pluginCacheDir(): string {
  return path.resolve(process.env.TF_PLUGIN_CACHE_DIR || path.join(userCacheDir(), 'terraform-plugins'));
}

/**
 * The environment that points Terraform at the cache. Stacks csm synthesizes carry no dependency lock file of
 * their own (it is written at init and never committed), so Terraform may use the cache without one recording
 * the provider's checksums: otherwise Terraform 1.4+ installs again from the origin, writing the cache.
 */
export function pluginCacheEnv(): NodeJS.ProcessEnv {
  const dir = pluginCacheDir();
  fs.mkdirSync(dir, { recursive: true });
  return { TF_PLUGIN_CACHE_DIR: dir, TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true' };
}

const inProcess = new Map<string, Promise<unknown>>();
const LOCK_NAME = '.csm-init.lock';
const POLL_MS = 100;
const WAIT_MS = 15 * 60_000;
const TAKEOVER_STALE_MS = 10_000;

/** Takes the cache's init lock, waiting for another process's init to finish; returns the release. */
async function acquire(dir: string): Promise<() => void> {
  const file = path.join(dir, LOCK_NAME);
  const me = JSON.stringify({ pid: process.pid, host: os.hostname() });
  const started = Date.now();
  for (;;) {
    try {
      fs.writeFileSync(file, me, { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === me) fs.rmSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: { pid?: number; host?: string } | undefined;
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number; host?: string };
    } catch {
      holder = undefined; // being written or removed: look again
    }
    // A holder on this machine that is gone (killed mid-init) left its lock: take it over.
    if (holder?.host === os.hostname() && typeof holder.pid === 'number' && !alive(holder.pid)) removeIfStill(file, holder);
    else if (Date.now() - started > WAIT_MS) throw new Error(`the provider plugin cache ${dir} has been locked for ${WAIT_MS / 60_000} minutes by ${JSON.stringify(holder)}; remove ${file} once that run is known to be gone`);
    else await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Removes a dead holder's lock, unless someone took it over first. Several waiters see the same dead holder;
 * without this, the second to act would delete the lock the first had just taken, and two inits would overlap.
 * So a takeover is itself exclusive (a second lock file, created exclusively), and the lock is removed only if
 * it still names the dead holder. A takeover lock left by a process killed in those few lines is old: it is
 * cleared after TAKEOVER_STALE_MS.
 */
function removeIfStill(file: string, dead: { pid?: number; host?: string }): void {
  const takeover = `${file}.takeover`;
  try {
    fs.writeFileSync(takeover, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    try {
      if (Date.now() - fs.statSync(takeover).mtimeMs > TAKEOVER_STALE_MS) fs.rmSync(takeover, { force: true });
    } catch {
      /* gone meanwhile */
    }
    return; // another waiter is taking over: look again
  }
  try {
    const now = fs.readFileSync(file, 'utf8');
    if (sameHolder(now, dead)) fs.rmSync(file, { force: true });
  } catch {
    /* already gone */
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}

function sameHolder(text: string, dead: { pid?: number; host?: string }): boolean {
  try {
    const h = JSON.parse(text) as { pid?: number; host?: string };
    return h.pid === dead.pid && h.host === dead.host;
  } catch {
    return false;
  }
}

/** Runs a `terraform init` that may write the cache: one at a time per cache, whatever process asks. */
export function withInitLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const previous = inProcess.get(dir) ?? Promise.resolve();
  const next = previous.then(async () => {
    const release = await acquire(dir);
    try {
      return await work();
    } finally {
      release();
    }
  });
  inProcess.set(dir, next.catch(() => undefined));
  return next;
}
