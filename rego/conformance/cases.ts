/* Loading OPA's conformance YAML files: one entry per case, identified by file and index. */
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';

export interface ConformanceCase {
  note: string;
  query: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: Record<string, unknown>[];
  want_error_code?: string;
  want_error?: string;
  sort_bindings?: boolean;
  strict_error?: boolean;
  skip?: unknown;
  [k: string]: unknown;
}

export interface CaseRef {
  category: string;
  /** Path relative to the conformance folder. */
  file: string;
  index: number;
  c: ConformanceCase;
}

/**
 * The conformance folder: $OPA_CONFORMANCE_DIR, else the first `shared/opa-conformance` beside this package or
 * beside any folder above it (the repository's sibling `../shared`, wherever the checkout or worktree sits).
 */
export function conformanceDir(): string {
  if (process.env.OPA_CONFORMANCE_DIR) return path.resolve(process.env.OPA_CONFORMANCE_DIR);
  const tried: string[] = [];
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'opa-conformance');
    tried.push(candidate);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  return tried[0];
}

export function listCategories(root: string): string[] {
  return fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory()).sort();
}

export function coreCategories(root: string): Set<string> {
  const f = path.join(root, 'core.txt');
  if (!fs.existsSync(f)) return new Set();
  return new Set(fs.readFileSync(f, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean));
}

export function loadCases(root: string, categories: string[]): CaseRef[] {
  const out: CaseRef[] = [];
  for (const category of categories) {
    const dir = path.join(root, category);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
    for (const f of files) {
      const doc = YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { cases?: ConformanceCase[] } | null;
      (doc?.cases ?? []).forEach((c, index) => out.push({ category, file: path.join(category, f), index, c }));
    }
  }
  return out;
}
