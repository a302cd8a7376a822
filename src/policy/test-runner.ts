import * as path from 'path';
import { compile, loadCompiled, RegoCompileError } from '../../rego/src/index';
import { discoverTests, readRegoSources, type TestRule } from './sources';

export type TestStatus = 'PASS' | 'FAIL' | 'ERROR';

export interface TestResult {
  /** `data.csm.security_test.test_x`, as `opa test` names it. */
  name: string;
  package: string;
  file: string;
  status: TestStatus;
  /** Why an ERROR (the evaluation aborted: conflict, builtin error, ...). */
  error?: string;
  ms: number;
}

export interface TestRun {
  results: TestResult[];
  passed: number;
  total: number;
  /** Compile errors as `file:line:col: code: message` (the run stops there). */
  compileErrors: string[];
  compileMs: number;
}

/** `dir` relative paths in error locations become paths the user can open: `policies/x.rego:3:1`. */
function located(e: RegoCompileError, dir: string): string[] {
  return e.errors.map((x) => {
    const file = x.location?.file ? path.join(dir, x.location.file) : dir;
    return `${file}:${x.location?.row ?? 0}:${x.location?.col ?? 0}: ${x.code}: ${x.message}`;
  });
}

/**
 * Runs the `test_*` rules of the `*_test.rego` files under `dir` the way `opa test` does: policies and tests
 * compile together (once, every test rule an entrypoint), then each test rule is evaluated on its own. A test
 * passes when its rule is defined and not false; undefined fails; an evaluation that aborts is an error.
 */
export async function runPolicyTests(dir: string, options: { filter?: RegExp } = {}): Promise<TestRun> {
  const sources = readRegoSources(dir);
  const tests: TestRule[] = discoverTests(sources).filter((t) => !options.filter || options.filter.test(`${t.package}.${t.name}`));
  const started = Date.now();
  let policy;
  try {
    const { wasm } = await compile({
      modules: sources.map((s) => ({ path: s.path, source: s.source })),
      entrypoints: tests.map((t) => t.entrypoint),
    });
    policy = await loadCompiled(wasm, {});
  } catch (err) {
    if (err instanceof RegoCompileError) return { results: [], passed: 0, total: tests.length, compileErrors: located(err, dir), compileMs: Date.now() - started };
    throw err;
  }
  const compileMs = Date.now() - started;
  const results: TestResult[] = tests.map((t) => {
    const t0 = Date.now();
    const base = { name: `data.${t.package}.${t.name}`, package: t.package, file: path.join(dir, t.file) };
    try {
      const rs = policy.evaluate({}, t.entrypoint) as Array<{ result: unknown }>;
      const ok = rs.length > 0 && rs[0].result !== false;
      return { ...base, status: ok ? 'PASS' : 'FAIL', ms: Date.now() - t0 };
    } catch (err) {
      return { ...base, status: 'ERROR', error: String((err as Error)?.message ?? err), ms: Date.now() - t0 };
    }
  });
  return { results, passed: results.filter((r) => r.status === 'PASS').length, total: results.length, compileErrors: [], compileMs };
}

/** `opa test`-like text: failures first with their file, then the summary line. */
export function formatTestRun(run: TestRun, verbose = false): string[] {
  if (run.compileErrors.length) return [...run.compileErrors, `${run.compileErrors.length} compile error${run.compileErrors.length === 1 ? '' : 's'}: no test ran`];
  const lines: string[] = [];
  const byFile = new Map<string, TestResult[]>();
  for (const r of run.results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  for (const [file, results] of byFile) {
    const shown = results.filter((r) => verbose || r.status !== 'PASS');
    if (!shown.length) continue;
    lines.push(`${file}:`);
    for (const r of shown) lines.push(`${r.name}: ${r.status} (${r.ms}ms)${r.error ? `\n  ${r.error}` : ''}`);
  }
  if (lines.length) lines.push('-'.repeat(80));
  lines.push(`PASS: ${run.passed}/${run.total}`);
  const failed = run.results.filter((r) => r.status === 'FAIL').length;
  const errors = run.results.filter((r) => r.status === 'ERROR').length;
  if (failed) lines.push(`FAIL: ${failed}/${run.total}`);
  if (errors) lines.push(`ERROR: ${errors}/${run.total}`);
  return lines;
}
