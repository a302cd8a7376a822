import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../../src/model/load';
import { CatalogueError } from '../../src/model/errors';

export const REPO = path.resolve(__dirname, '..', '..');
export const EXAMPLE_CATALOGUE = path.join(REPO, 'catalogue');

/**
 * A copy of the bundled example catalogue in a temporary folder, with some files edited or added, so each
 * test states only the change it is about. Keys are paths inside the catalogue; a function edits the
 * example's text, a string replaces (or creates) the file, null deletes it.
 */
export function catalogueWith(changes: Record<string, ((text: string) => string) | string | null> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-cat-'));
  fs.cpSync(EXAMPLE_CATALOGUE, dir, { recursive: true });
  for (const [rel, change] of Object.entries(changes)) {
    const file = path.join(dir, rel);
    if (change === null) fs.rmSync(file);
    else if (typeof change === 'string') fs.writeFileSync(file, change);
    else {
      const before = fs.readFileSync(file, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`fixture edit of ${rel} changed nothing: the example must have moved`);
      fs.writeFileSync(file, after);
    }
  }
  return dir;
}

/**
 * Moves the service management policy's next review (provider.yaml) of a catalogue copy to a year after today.
 * The bundled example is reviewed on a fixed date; past it (and its grace) every whole-catalogue `csm check`
 * is rightly denied (CSM-GOV-002). Tests that run the shipped policies on a copy of the example as it stands
 * today call this so that they test csm, not the calendar; the governance tests pin `--now` instead.
 */
export function keepPolicyReviewCurrent(catalogueDir: string): void {
  const file = path.join(catalogueDir, 'provider.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  const after = text.replace(/^(\s+nextReview:\s*)"\d{4}-\d{2}-\d{2}"/m, `$1"${inAYear}"`);
  if (after === text) throw new Error(`no policy nextReview in ${file}: the example must have moved`);
  fs.writeFileSync(file, after);
}

/** Line number (1-based) of the first line of `file` containing `needle`, to assert error positions. */
export function lineOf(file: string, needle: string): number {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not found in ${file}`);
  return i + 1;
}

/** The located issue lines a catalogue produces; fails the test if it validates. */
export function issuesOf(dir: string): string[] {
  try {
    loadCatalogue(dir);
  } catch (err) {
    if (err instanceof CatalogueError) return err.message.split('\n');
    throw err;
  }
  throw new Error('catalogue unexpectedly validated');
}
