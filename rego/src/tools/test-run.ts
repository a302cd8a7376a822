/*
 * `opa test` on the compiler: every test rule of the modules (tests.ts: each body its own test) is compiled
 * once as an entrypoint of one module, then evaluated on its own in a worker thread, each within a time bound.
 * A test passes when its value is `true`; undefined or any other value fails it; an evaluation that aborts
 * (a conflict, a strict builtin error) or runs past the bound is an error. A parameterized test
 * (`test_x[name] if ...`) passes or fails per name, and its value is an object of those sub-results.
 */
import type { Location } from '../ast';
import { compile } from '../compile';
import type { RegoVersion } from '../parse';
import type { TestRule } from '../tests';
import { Evaluator, type Outcome } from './evaluator';
import type { LoadedModule } from './load';

/** Sub-results of a parameterized test, by case name (a tree when cases nest). */
export interface SubResult {
  name: string;
  fail: boolean;
  sub: SubResult[];
}

export interface TestResult {
  location: Location;
  /** `data.pkg` */
  package: string;
  /** `test_x`, `test_x#01` */
  name: string;
  /** Wall-clock time of the evaluation, in nanoseconds. */
  durationNs: number;
  fail: boolean;
  skip: boolean;
  /** Why the test is an error (its evaluation aborted or timed out). */
  error?: string;
  /** `trace(note)` notes, in order. */
  notes: string[];
  /** `print(...)` lines, in order. */
  output: string[];
  sub: SubResult[];
}

export interface TestRunOptions {
  modules: LoadedModule[];
  data?: unknown;
  /** Default Rego version of the modules (a module's own version, or `import rego.v1`, wins). */
  regoVersion?: RegoVersion;
  /** Only tests whose full name (`data.pkg.test_x`) matches. */
  filter?: RegExp;
  /** Time bound per test (default 5 s, as `opa test`). */
  timeoutMs?: number;
  /** Builtins a product adds to OPA, implemented by functions of the modules (see CompileOptions). */
  builtinFunctions?: Record<string, string>;
  /** Called as each result is known (for progress). */
  onResult?: (r: TestResult) => void;
}

export interface TestReport {
  results: TestResult[];
  compileMs: number;
  timeoutMs: number;
}

export const DEFAULT_TEST_TIMEOUT_MS = 5000;

/** A case name as OPA prints it: a string as it is, anything else as JSON. */
const caseName = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Sub-results from a parameterized test's value: `true` passes a case, an object nests cases. */
function fromValue(value: unknown): SubResult[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.keys(value).map((name) => {
    const v = (value as Record<string, unknown>)[name];
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const sub = fromValue(v);
      return { name, fail: sub.some((s) => s.fail), sub };
    }
    return { name, fail: v !== true, sub: [] };
  });
}

/** A case that started but is not in the value failed (as OPA's runner counts it); returns whether it fails. */
function addCase(tree: SubResult[], path: string[]): boolean {
  let entry = tree.find((s) => s.name === path[0]);
  if (!entry) tree.push((entry = { name: path[0], fail: true, sub: [] }));
  if (path.length === 1) return entry.fail;
  if (addCase(entry.sub, path.slice(1))) entry.fail = true;
  return entry.fail;
}

function sortTree(tree: SubResult[]): SubResult[] {
  return tree.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((s) => ({ ...s, sub: sortTree(s.sub) }));
}

function judge(t: TestRule, o: Outcome): Pick<TestResult, 'fail' | 'error' | 'sub'> {
  if (o.error !== undefined) return { fail: false, error: o.error, sub: [] };
  const rs = (Array.isArray(o.resultSet) ? o.resultSet : []) as { result: unknown }[];
  const defined = rs.length > 0;
  const value = rs[0]?.result;
  if (t.parameterized) {
    const sub = defined ? fromValue(value) : [];
    for (const c of o.cases ?? []) if (c.length) addCase(sub, c.map(caseName));
    return { fail: !defined || sub.some((s) => s.fail), sub: sortTree(sub) };
  }
  return { fail: !defined || value !== true, sub: [] };
}

/** Compiles and runs the tests. Compile errors propagate as RegoCompileError (no test runs). */
export async function runTests(opts: TestRunOptions): Promise<TestReport> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
  const t0 = Date.now();
  const { wasm, tests } = await compile({
    modules: opts.modules,
    regoVersion: opts.regoVersion,
    builtinFunctions: opts.builtinFunctions,
    tests: { filter: opts.filter ? (name) => opts.filter!.test(name) : undefined },
  });
  const compileMs = Date.now() - t0;
  const evaluator = new Evaluator(wasm, opts.data ?? {}, timeoutMs);
  const results: TestResult[] = [];
  try {
    for (const t of tests) {
      const base = { location: t.location, package: t.package, name: t.name, notes: [] as string[], output: [] as string[] };
      let r: TestResult;
      if (t.skip) r = { ...base, durationNs: 0, fail: false, skip: true, sub: [] };
      else {
        const o = await evaluator.run(t.entrypoint, undefined);
        r = { ...base, durationNs: o.ns, skip: false, notes: o.notes, output: o.output, ...judge(t, o) };
      }
      results.push(r);
      opts.onResult?.(r);
    }
  } finally {
    await evaluator.close();
  }
  return { results, compileMs, timeoutMs };
}
