// Public API of the Rego compiler: `compile` (Rego sources → OPA-ABI wasm) and `loadCompiled` (the SDK's
// loadPolicy + setData). Everything else in this folder is internal.
import * as opa from '@open-policy-agent/opa-wasm';
import type { Annotation, Body } from './ast';
import { check } from './check';
import { loadBinaryen } from './binaryen-load';
import { emit } from './emit';
import { RegoCompileError, regoError } from './errors';
import { parseModule, parseQuery, type RegoVersion } from './parse';
import { plan } from './plan';
import { PlanError } from './plan-ctx';
import { CUSTOM_BUILTINS } from './runtime-api';

export { RegoCompileError } from './errors';
export type { RegoError } from './errors';
export type { Annotation } from './ast';
export type { RegoVersion } from './parse';

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
}

export interface CompileResult {
  wasm: Uint8Array;
  /** Entrypoint names in id order (rule paths, then query names). */
  entrypoints: string[];
  annotations: Annotation[];
}

export async function compile(opts: CompileOptions): Promise<CompileResult> {
  // Start loading binaryen (its wasm compiles off the main thread) while parsing and checking run.
  const binaryen = loadBinaryen();
  binaryen.catch(() => undefined);
  const regoVersion = opts.regoVersion ?? 1;
  const modules = opts.modules.map((m) => parseModule(m.source, m.path, { regoVersion: m.regoVersion ?? regoVersion }));
  const queries: Record<string, Body> = {};
  for (const [name, q] of Object.entries(opts.queries ?? {})) queries[name] = parseQuery(q, name, { regoVersion });
  const policy = check(modules, queries, { queryRegoVersion: regoVersion });
  const eps = (opts.entrypoints ?? []).map((e) => e.replace(/^data\//, '').replace(/\./g, '/'));
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
  return { wasm, entrypoints: program.entrypoints.map((e) => e.name), annotations: policy.annotations };
}

export type LoadedPolicy = Awaited<ReturnType<typeof opa.loadPolicy>>;

/** What the host hears from an evaluation: `trace(note)` notes and `print(...)` lines (nothing by default). */
export interface LoadOptions {
  onTrace?: (note: string) => void;
  onPrint?: (line: string) => void;
}

function hostBuiltins(options: LoadOptions): typeof CUSTOM_BUILTINS {
  return {
    ...CUSTOM_BUILTINS,
    'rego.compat.trace': (note) => {
      options.onTrace?.(String(note));
      return true;
    },
    'rego.compat.print': (lines) => {
      for (const line of Array.isArray(lines) ? lines : []) options.onPrint?.(String(line));
      return true;
    },
  };
}

/** Instantiate a compiled policy with the SDK and set its base data document. */
export async function loadCompiled(wasm: Uint8Array, data?: unknown, options: LoadOptions = {}): Promise<LoadedPolicy> {
  const policy = await opa.loadPolicy(wasm, undefined, hostBuiltins(options));
  policy.setData((data ?? {}) as object);
  return policy;
}

/** Synchronous variant (WebAssembly.Module compiled synchronously; fine in Node, not on a browser main thread). */
export function loadCompiledSync(wasm: Uint8Array, data?: unknown, options: LoadOptions = {}): LoadedPolicy {
  const policy = opa.loadPolicySync(wasm, undefined, hostBuiltins(options));
  policy.setData((data ?? {}) as object);
  return policy;
}
