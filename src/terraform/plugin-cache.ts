import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tryLock, unlock, type LockHolder } from '../files/lock-file';
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
 * (a lock file in the cache, `src/files/lock-file.ts`: created exclusively, a holder that is gone taken over), and plans, which only
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

/** Takes the cache's init lock, waiting for another process's init to finish; returns the release. */
async function acquire(dir: string): Promise<() => void> {
  const file = path.join(dir, LOCK_NAME);
  const me: LockHolder = { pid: process.pid, host: os.hostname(), token: randomBytes(8).toString('hex') };
  const started = Date.now();
  for (;;) {
    const attempt = tryLock(file, me);
    if (attempt.taken) return () => unlock(file, me.token);
    if (Date.now() - started > WAIT_MS) throw new Error(`the provider plugin cache ${dir} has been locked for ${WAIT_MS / 60_000} minutes by ${JSON.stringify(attempt.holder)}; remove ${file} once that run is known to be gone`);
    await new Promise((r) => setTimeout(r, POLL_MS));
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
