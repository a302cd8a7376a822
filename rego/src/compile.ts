// compile: Rego sources to a wasm module in OPA's ABI, through the stages parse → check → plan → emit.
import type { Annotation, Body, Module } from './ast';
import { check } from './check';
import { loadBinaryen } from './binaryen-load';
import { emit } from './emit';
import { RegoCompileError, regoError } from './errors';
import { parseModule, parseQuery, type RegoVersion } from './parse';
import { plan } from './plan';
import { PlanError } from './plan-ctx';
import { discoverTests, type TestRule } from './tests';

export interface CompileOptions {
  /** Rego sources; a module's own `regoVersion` overrides the default below (OPA's per-file rego version). */
  modules: { path: string; source: string; regoVersion?: RegoVersion }[];
  /**
   * Language version of modules and queries that do not say: 1 (OPA 1.x, default) or 0 (OPA's
   * `--v0-compatible`). A module importing `rego.v1` is always v1.
   */
  regoVersion?: RegoVersion;
  /** Rule paths (`pkg/sub/rule`) or whole packages (`pkg/sub`), each evaluated as `[{"result": value}]`. */
  entrypoints?: string[];
  /** Named ad-hoc queries (`data.x.p = y`), each evaluated to a list of binding objects. */
  queries?: Record<string, string>;
  /**
   * Also compile the test rules (`test_*`, as `opa test` finds them: tests.ts), each body its own entrypoint;
   * `filter` gets a test's full name (`data.pkg.test_x#01`) and keeps the tests it returns true for.
   */
  tests?: boolean | { filter?: (name: string) => boolean };
  /**
   * Builtins a product adds to OPA, each implemented by a function of the modules (a name to a `data.` path):
   * Trivy's checks call `result.new`, which its own lib implements as `data.lib.result.new`.
   */
  builtinFunctions?: Record<string, string>;
}

export interface CompileResult {
  wasm: Uint8Array;
  /** Entrypoint names in id order (rule paths, then query names). */
  entrypoints: string[];
  annotations: Annotation[];
  /** With `tests`: the test rules compiled (skipped ones included, without an entrypoint). */
  tests: TestRule[];
}

export async function compile(opts: CompileOptions): Promise<CompileResult> {
  // Start loading binaryen (its wasm compiles off the main thread) while parsing and checking run.
  loadBinaryen().catch(() => undefined);
  const regoVersion = opts.regoVersion ?? 1;
  const modules = opts.modules.map((m) => parseModule(m.source, m.path, { regoVersion: m.regoVersion ?? regoVersion }));
  const queries: Record<string, Body> = {};
  for (const [name, q] of Object.entries(opts.queries ?? {})) queries[name] = parseQuery(q, name, { regoVersion });
  return compileParsed(modules, queries, opts);
}

/** The stages after parsing: check, plan, emit (for callers that build or rewrite the AST themselves). */
export async function compileParsed(modules: Module[], queries: Record<string, Body>, opts: Omit<CompileOptions, 'modules' | 'queries'> = {}): Promise<CompileResult> {
  const filter = typeof opts.tests === 'object' ? opts.tests.filter : undefined;
  const tests = opts.tests ? discoverTests(modules).filter((t) => !filter || filter(`${t.package}.${t.name}`)) : [];
  const policy = check(modules, queries, { queryRegoVersion: opts.regoVersion ?? 1, builtinFunctions: opts.builtinFunctions });
  const requested = [...(opts.entrypoints ?? []), ...tests.filter((t) => !t.skip).map((t) => t.entrypoint)];
  const eps = requested.map((e) => e.replace(/^data\//, '').replace(/\./g, '/'));
  for (const ep of eps) {
    const path = ['data', ...ep.split('/')].join('.');
    const known = policy.groups.some((g) => g.path.join('.') === path || g.path.join('.').startsWith(path + '.'));
    if (!known) throw new RegoCompileError([regoError('rego_compile_error', `entrypoint ${ep} does not match any rule or package`, { file: '', row: 0, col: 0 })]);
  }
  let program;
  try {
    program = plan({ policy, entrypoints: eps });
  } catch (e) {
    if (e instanceof PlanError) throw new RegoCompileError([regoError('rego_compile_error', e.message, e.location ?? { file: '', row: 0, col: 0 })]);
    throw e;
  }
  let wasm: Uint8Array;
  try {
    wasm = await emit(program);
  } catch (e) {
    // A builtin the checker knows but this runtime does not implement is the policy's problem, not a crash.
    const m = /builtin not available in the runtime: \S+/.exec(e instanceof Error ? e.message : String(e));
    if (m) throw new RegoCompileError([regoError('rego_compile_error', m[0], { file: '', row: 0, col: 0 })]);
    throw e;
  }
  return { wasm, entrypoints: program.entrypoints.map((e) => e.name), annotations: policy.annotations, tests };
}
