import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh temporary folder holding `files` (relative path → content), for loader, test and eval cases. */
export function folderWith(files: Record<string, string>, prefix = 'rego-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
