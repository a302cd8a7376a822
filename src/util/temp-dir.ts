import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Temporary folders csm makes (a base revision's catalogue, an aside synth): removed when the work is done,
 * and whatever is still there when the process exits (an error, or a signal handler calling process.exit), so
 * no run leaves `csm-*` folders behind in the system's temp directory.
 */
const live = new Set<string>();
let hooked = false;

function removeLive(): void {
  for (const dir of live) fs.rmSync(dir, { recursive: true, force: true });
  live.clear();
}

export function makeTempDir(prefix: string): string {
  if (!hooked) {
    process.once('exit', removeLive);
    hooked = true;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  live.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** Runs `work` in a fresh temporary folder and removes the folder afterwards, whatever happens. */
export function withTempDir<T>(prefix: string, work: (dir: string) => T): T {
  const dir = makeTempDir(prefix);
  try {
    return work(dir);
  } finally {
    removeTempDir(dir);
  }
}
