/*
 * Running one conformance case: front end (parse + check), then compile, load and evaluate through the public
 * API, and compare with the expectations. Returns an outcome; never throws.
 */
import type { Term } from '../src/ast';
import { check } from '../src/check';
import { RegoCompileError } from '../src/errors';
import type { RegoVersion } from '../src/parse';
import { parseModule, parseQuery, parseTerm } from '../src/parse';
import type { ConformanceCase } from './cases';
import { canonical, errorMatches, sameResults } from './compare';

export type Status = 'pass' | 'fail' | 'skip';

export interface Outcome {
  status: Status;
  /** Why it failed or was skipped. */
  reason?: string;
  /** Failure details: expected vs actual. */
  detail?: string;
  /** Front end only: did the modules and query parse and check as the case expects? */
  front: boolean;
  ms: number;
}

type Api = typeof import('../src/index');
let api: Api | undefined | null;
function loadApi(): Api | undefined {
  if (api === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      api = require('../src/index') as Api;
      if (typeof api.compile !== 'function') api = null;
    } catch {
      api = null;
    }
  }
  return api ?? undefined;
}

function termToJSON(t: Term): unknown {
  switch (t.type) {
    case 'null': return null;
    case 'boolean': case 'string': return t.value;
    case 'number': return t.value;
    case 'array': return t.items.map(termToJSON);
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of t.items) {
        if (k.type !== 'string') throw new Error('input_term has a non-string object key');
        o[k.value] = termToJSON(v);
      }
      return o;
    }
    default: throw new Error(`input_term is not plain JSON (${t.type})`);
  }
}

const modulePath = (i: number): string => `test-${i}.rego`;

function frontEnd(c: ConformanceCase, regoVersion: RegoVersion): RegoCompileError | undefined {
  try {
    const mods = (c.modules ?? []).map((m, i) => parseModule(m, modulePath(i), { regoVersion }));
    check(mods, { q: parseQuery(c.query, 'query', { regoVersion }) }, { queryRegoVersion: regoVersion });
    return undefined;
  } catch (e) {
    if (e instanceof RegoCompileError) return e;
    return new RegoCompileError([{ code: 'rego_compile_error', message: `internal error: ${(e as Error).stack ?? e}`, location: { file: '', row: 0, col: 0 } }]);
  }
}

function wantsCompileError(c: ConformanceCase): boolean {
  return typeof c.want_error_code === 'string' && c.want_error_code.startsWith('rego_');
}

function describeWant(c: ConformanceCase): string {
  if (c.want_error_code !== undefined || c.want_error !== undefined) return `error ${c.want_error_code ?? ''} ${JSON.stringify(c.want_error ?? '')}`;
  return canonical(c.want_result ?? []);
}

function compileErrorOutcome(c: ConformanceCase, err: RegoCompileError, front: boolean, t0: number): Outcome {
  const ms = Date.now() - t0;
  const first = err.errors[0];
  if (wantsCompileError(c) || (c.want_error !== undefined && c.want_error_code === undefined)) {
    const ok = err.errors.some((e) => errorMatches(e.code, e.message, c.want_error_code, c.want_error));
    return ok ? { status: 'pass', front, ms } : { status: 'fail', reason: 'wrong compile error', detail: `want ${describeWant(c)}\n got ${err.message}`, front, ms };
  }
  // a builtin newer than the checker's table: OPA knows it, we do not (a skip, stated, not a failure)
  const unknown = err.errors.filter((e) => e.code === 'rego_type_error' && /^undefined function (?!data\.)/.test(e.message));
  if (unknown.length > 0 && unknown.length === err.errors.length) {
    return { status: 'skip', reason: `builtin not supported: ${unknown[0].message.replace(/^undefined function /, '')} (unknown to the checker)`, front, ms };
  }
  // the planner reports builtins the runtime lacks as undefined functions the checker accepted
  const unsupported = err.errors.find((e) => e.code === 'rego_compile_error' && /^undefined function /.test(e.message));
  if (unsupported && front) {
    return { status: 'skip', reason: `builtin not supported: ${unsupported.message.replace(/^undefined function /, '')}`, front, ms };
  }
  return { status: 'fail', reason: `compile error: ${first.code}: ${first.message.split('\n')[0]}`, detail: `want ${describeWant(c)}\n got ${err.message}`, front, ms };
}

/** `regoVersion` 0 reads the modules and query as OPA's `--v0-compatible` does (OPA's `testdata/v0` folder). */
export async function evaluateCase(c: ConformanceCase, frontOnly: boolean, regoVersion: RegoVersion = 1): Promise<Outcome> {
  const t0 = Date.now();
  if (c.skip !== undefined && c.skip !== false) return { status: 'skip', reason: `skipped by OPA: ${String(c.skip)}`, front: true, ms: 0 };
  const frontErr = frontEnd(c, regoVersion);
  const front = wantsCompileError(c) ? frontErr !== undefined : frontErr === undefined;
  const a = frontOnly ? undefined : loadApi();
  if (!a) {
    if (frontErr) return compileErrorOutcome(c, frontErr, front, t0);
    if (wantsCompileError(c)) return { status: 'fail', reason: 'expected a compile error', detail: `want ${describeWant(c)}`, front, ms: Date.now() - t0 };
    return { status: 'skip', reason: 'parse+check only (no compile API)', front, ms: Date.now() - t0 };
  }
  let input: unknown;
  let query = c.query;
  try {
    if (c.input_term !== undefined) input = termToJSON(parseTerm(c.input_term, 'input_term'));
    else input = c.input;
  } catch (e) {
    // JSON cannot carry this input (a set, say): give it to a one-expression query with `with input as`,
    // which is how OPA evaluates an input term
    let oneExpr = false;
    try {
      oneExpr = parseQuery(c.query, 'query', { regoVersion }).length === 1;
    } catch {
      oneExpr = false;
    }
    if (!oneExpr) return { status: 'skip', reason: (e as Error).message, front, ms: Date.now() - t0 };
    query = `${c.query} with input as ${c.input_term}`;
    input = undefined;
  }
  let wasm: Uint8Array;
  try {
    const modules = (c.modules ?? []).map((source, i) => ({ path: modulePath(i), source }));
    wasm = (await a.compile({ modules, queries: { q: query }, regoVersion })).wasm;
  } catch (e) {
    if (e instanceof RegoCompileError) return compileErrorOutcome(c, e, front, t0);
    const missing = /builtin not available in the runtime: (\S+)/.exec(String((e as Error).message ?? e));
    if (missing && front) return { status: 'skip', reason: `builtin not supported: ${missing[1]}`, front, ms: Date.now() - t0 };
    return { status: 'fail', reason: `compiler crashed: ${String((e as Error).message ?? e).split('\n')[0]}`, detail: String((e as Error).stack ?? e), front, ms: Date.now() - t0 };
  }
  if (wantsCompileError(c)) {
    return { status: 'fail', reason: 'expected a compile error', detail: `want ${describeWant(c)}`, front, ms: Date.now() - t0 };
  }
  let result: unknown;
  try {
    const policy = await a.loadCompiled(wasm, c.data ?? {});
    if (c.strict_error) {
      const exports = (policy as unknown as { wasmInstance?: { exports?: Record<string, unknown> } }).wasmInstance?.exports;
      const setStrict = exports?.rt_set_strict;
      if (typeof setStrict === 'function') (setStrict as (x: number) => void)(1);
    }
    result = policy.evaluate(input, 'q');
  } catch (e) {
    const { code, message } = runtimeError(e);
    const ms = Date.now() - t0;
    // the SDK reports a builtin the module imports but nobody implements
    const missing = /not implemented: built-in function \d+: (\S+)/.exec(message);
    if (missing) return { status: 'skip', reason: `builtin not supported: ${missing[1]} (no implementation at load time)`, front, ms };
    if (c.want_error_code !== undefined || c.want_error !== undefined) {
      return errorMatches(code, message, c.want_error_code, c.want_error)
        ? { status: 'pass', front, ms }
        : { status: 'fail', reason: 'wrong error', detail: `want ${describeWant(c)}\n got ${code}: ${message}`, front, ms };
    }
    return { status: 'fail', reason: `evaluation error: ${code}: ${message.split('\n')[0]}`, detail: `want ${describeWant(c)}\n got ${code}: ${message}`, front, ms };
  }
  const ms = Date.now() - t0;
  if (c.want_error_code !== undefined || c.want_error !== undefined) {
    return { status: 'fail', reason: 'expected an error', detail: `want ${describeWant(c)}\n got ${canonical(result)}`, front, ms };
  }
  const got = bindings(result);
  const want = c.want_result ?? [];
  return sameResults(got, want, c.sort_bindings === true)
    ? { status: 'pass', front, ms }
    : { status: 'fail', reason: 'wrong result', detail: `want ${canonical(want)}\n got ${canonical(got)}`, front, ms };
}

/** The query entrypoint yields the list of binding objects. */
function bindings(result: unknown): unknown[] {
  return Array.isArray(result) ? result : [result];
}

/** Runtime aborts come back as `"<code>: <message>"` (a string or an Error). */
function runtimeError(e: unknown): { code: string; message: string } {
  let text: string;
  if (typeof e === 'string') text = e;
  else if (e instanceof Error) text = e.message;
  else if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') text = (e as { message: string }).message;
  else {
    try {
      text = JSON.stringify(e);
    } catch {
      text = String(e);
    }
  }
  const m = /(eval_[a-z_]+|rego_[a-z_]+): ([\s\S]*)$/.exec(text);
  return m ? { code: m[1], message: m[2] } : { code: 'internal_error', message: text };
}
