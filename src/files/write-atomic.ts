import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The one way csm writes a file: the content goes to a temporary file beside the target, is flushed to disk,
 * and only then takes the target's name. A reader (or a crash, a full disk, a signal) sees the old file or the
 * whole new one, never half of one. `new` never replaces anything (the name is taken with link(2), which fails
 * if it exists, even when another process raced us to it); `replace` swaps with rename(2).
 */
export type WriteMode = 'new' | 'replace';

export class FileExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} already exists: csm never replaces a file it did not write in this run`);
    this.name = 'FileExistsError';
  }
}

function tempBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function writeTemp(file: string, content: string | Uint8Array, mode: number): string {
  const tmp = tempBeside(file);
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  return tmp;
}

/** Writes `content` to `file` atomically (see above); creates the folder. Returns `file`. */
export function writeFileAtomic(file: string, content: string | Uint8Array, options: { mode?: WriteMode; fileMode?: number } = {}): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = writeTemp(file, content, options.fileMode ?? 0o644);
  try {
    if (options.mode === 'replace') fs.renameSync(tmp, file);
    else {
      try {
        fs.linkSync(tmp, file);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new FileExistsError(file);
        // A file system without hard links: an exclusive copy still never replaces a file.
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err;
        try {
          fs.copyFileSync(tmp, file, fs.constants.COPYFILE_EXCL);
        } catch (copyErr) {
          if ((copyErr as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(file);
          throw copyErr;
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return file;
}

/** Text files end with a newline. */
export const withNewline = (text: string) => (text.endsWith('\n') ? text : text + '\n');

/**
 * Writes a new file named `<base><ext>`, or `<base>-2<ext>`, `-3`... when the name is taken: records (evidence,
 * reports) are never overwritten, and two runs in the same second both keep theirs.
 */
export function writeNewUnique(base: string, ext: string, content: string | Uint8Array): string {
  for (let n = 1; ; n++) {
    try {
      return writeFileAtomic(`${base}${n === 1 ? '' : `-${n}`}${ext}`, content);
    } catch (err) {
      if (!(err instanceof FileExistsError)) throw err;
    }
  }
}
