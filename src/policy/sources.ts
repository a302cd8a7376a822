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

const slash = (pkg: string) => pkg.replace(/\./g, '/');

/**
 * Names of the rules a module defines at its top level, as written at the start of a line (`deny contains`,
 * `test_x if`). Policies are formatted (opa fmt style) so every rule head starts in column one; a comment or a
 * body line never does.
 */
function ruleNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/^([A-Za-z_]\w*)\b(?=\s*(?:contains|if|:=|=|\[|\(|\{|\.|$))/gm)) {
    if (!['package', 'import', 'default', 'else'].includes(m[1])) names.add(m[1]);
  }
  for (const m of source.matchAll(/^default\s+([A-Za-z_]\w*)/gm)) names.add(m[1]);
  return names;
}

/** Entrypoints of the bundle: the gate's decision, then each package's `deny` and `warn` that exist. */
export function bundleEntrypoints(sources: RegoSource[], gate = 'csm/gate/decision'): string[] {
  const eps = new Set<string>();
  for (const s of sources.filter((x) => !x.test)) {
    const names = ruleNames(s.source);
    for (const rule of ['deny', 'warn']) if (names.has(rule)) eps.add(`${slash(s.package)}/${rule}`);
  }
  const known = sources.some((s) => !s.test && `${slash(s.package)}/decision` === gate && ruleNames(s.source).has('decision'));
  return [...(known ? [gate] : []), ...[...eps].sort()];
}
