import * as os from 'os';
import * as path from 'path';

/**
 * csm's cache in the user's home (CSM_CACHE_DIR, else XDG_CACHE_HOME or ~/.cache, then csm/): for what csm
 * keeps between runs but must never take from a project's checkout, where a pull request can commit anything.
 */
export function userCacheDir(): string {
  return process.env.CSM_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'csm');
}
