import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** One `.rego` file of a policies folder. `path` is relative to that folder, with forward slashes. */
export interface RegoSource {
  path: string;
  source: string;
  sha256: string;
  /** `foo_test.rego`: unit tests, compiled by `csm policy test` and never into the bundle (as `opa build` and conftest do). */
  test: boolean;
  /** The package, e.g. `csm.security`. */
  package: string;
}

export const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(dir, r));
    else if (entry.name.endsWith('.rego')) out.push(r);
  }
  return out;
}

/** Every `.rego` file under `dir` (recursively), in a stable order. */
export function readRegoSources(dir: string): RegoSource[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`no policies folder at ${dir}`);
  return walk(dir).map((rel) => {
    const source = fs.readFileSync(path.join(dir, rel), 'utf8');
    const pkg = /^package\s+([A-Za-z_][\w.]*)/m.exec(source)?.[1] ?? '';
    return { path: rel, source, sha256: sha256(source), test: rel.endsWith('_test.rego'), package: pkg };
  });
}
