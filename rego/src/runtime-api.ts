/**
 * The contract between the AssemblyScript runtime (`rego/runtime/`, built to `rego/build/runtime.wasm`) and the
 * emitter (`emit.ts`). Everything the generated code may call is listed here; the runtime exports each of these
 * under exactly this export name, so the emitter resolves the internal name with
 * `binaryen.getExportInfo(module.getExport(name)).value` and emits `module.call(internal, args, type)`.
 *
 * Conventions (why: one uniform calling convention keeps the emitter simple):
 * - A Rego value is an `i32` address in linear memory; `0` means "undefined / no value".
 * - Every builtin takes its operands as value addresses and returns a value address, or 0 when the result is
 *   undefined (for example `object.get` never returns 0, `to_number("x")` is an error). Builtin errors: in
 *   non-strict mode (default) the builtin returns 0 (OPA swallows builtin errors into undefined); after
 *   `rt_set_strict(1)` it aborts the evaluation with the error (see "Errors").
 * - Booleans that the emitter branches on are `i32` 0/1 (`rt_truthy`, `opa_value_compare`, `opa_value_equal`).
 *
 * Hooks (agreed with the planner, rego/runtime/REQUESTS.md): the runtime imports these from module `env`; the
 * emitter must REPLACE each import by a defined function with the same signature (find the imported function
 * whose `module`/`base` are as below via `getFunctionInfo`, `module.removeFunction(internalName)`, then
 * `module.addFunction(internalName, ...)`, so every runtime call site now calls generated code):
 * - `env.rego_eval(entrypoint: i32, data: i32, input: i32) -> i32`: evaluate entrypoint number `entrypoint`
 *   (input 0 when none); return the result SET value (OPA's shape: a set of objects `{"result": value}`;
 *   `rt_result_set(v)` builds it from one value, the empty set when v is 0). The runtime json-dumps it.
 * - `env.rego_entrypoints() -> i32`: an object value mapping entrypoint name ("pkg/rule") to its number.
 * - `env.rego_builtins() -> i32`: an object value mapping each JS-implemented builtin name used to its id (the
 *   id the generated code passes to `rt_js_builtinN`); return `opa_object()` when none.
 * The runtime has no start function of its own and all its globals are constant-initialised, so a start
 * function added by the emitter may call opa_malloc / opa_json_parse / constructors freely.
 *
 * Static data: the runtime's own data segments end below the exported immutable i32 global `__rego_data_end`;
 * the heap starts at the exported mutable i32 global `__rego_heap_start` (= `__rego_data_end` in runtime.wasm).
 * An emitter that appends data segments places them from `__rego_data_end` upward and sets the init of
 * `__rego_heap_start` past them (16-aligned). Keep static data below 5 pages (320 KiB, the SDK's default).
 */

import { parseAllDocuments } from 'yaml';
import { HOST_BUILTINS } from './js-builtins';

export type WasmType = 'i32' | 'i64' | 'f64';

export interface RuntimeFunction {
  name: string;
  params: WasmType[];
  result: WasmType | 'none';
  doc: string;
}

/** Value type tags returned by `opa_value_type` (the numbering OPA's own wasm runtime uses). */
export const VALUE_TYPE = { NULL: 1, BOOLEAN: 2, NUMBER: 3, STRING: 4, ARRAY: 5, OBJECT: 6, SET: 7 } as const;

/** Error codes for `rt_error`; the abort message is `"<code>: <message>"`. */
export const ERROR_CODE = {
  eval_conflict_error: 0,
  eval_type_error: 1,
  eval_builtin_error: 2,
  eval_internal_error: 3,
} as const;

/**
 * Errors: the runtime aborts through `env.opa_abort` with the NUL-terminated text `"<code>: <message>"`, e.g.
 * `"eval_conflict_error: complete rules must not produce multiple outputs"`. The SDK throws that string (a JS
 * string, not an Error). `parseRuntimeError` turns it back into code and message.
 */
export function parseRuntimeError(e: unknown): { code: string; message: string } | undefined {
  const text = typeof e === 'string' ? e : e instanceof Error ? e.message : undefined;
  if (text === undefined) return undefined;
  const m = /^(eval_[a-z_]+|rego_[a-z_]+): ([\s\S]*)$/.exec(text);
  return m ? { code: m[1], message: m[2] } : undefined;
}

const i32 = 'i32' as const;
const i64 = 'i64' as const;
const f64 = 'f64' as const;
const none = 'none' as const;
const fn = (name: string, params: WasmType[], result: WasmType | 'none', doc: string): RuntimeFunction => ({
  name,
  params,
  result,
  doc,
});

/** Core runtime functions (not builtins). */
export const RUNTIME_FUNCTIONS: RuntimeFunction[] = [
  // memory
  fn('opa_malloc', [i32], i32, 'allocate n bytes (8-aligned) from the bump heap'),
  fn('opa_free', [i32], none, 'no-op'),
  fn('opa_heap_ptr_get', [], i32, 'current heap pointer'),
  fn('opa_heap_ptr_set', [i32], none, 'reset heap pointer'),
  // constructors
  fn('opa_null', [], i32, 'the null value'),
  fn('opa_boolean', [i32], i32, 'boolean value from 0/1'),
  fn('opa_number_int', [i64], i32, 'integer number'),
  fn('opa_number_float', [f64], i32, 'floating-point number'),
  fn('opa_number_ref', [i32, i32], i32, 'number from its decimal text (addr, len), e.g. big literals'),
  fn('opa_string', [i32, i32], i32, 'string value referencing UTF-8 bytes (addr, len); bytes are NOT copied'),
  fn('opa_array', [], i32, 'new empty array'),
  fn('opa_array_with_cap', [i32], i32, 'new empty array with capacity'),
  fn('opa_array_append', [i32, i32], none, 'append value to array (mutates)'),
  fn('opa_object', [], i32, 'new empty object'),
  fn('opa_object_insert', [i32, i32, i32], none, 'object[key] = value (mutates; replaces an equal key)'),
  fn('opa_set', [], i32, 'new empty set'),
  fn('opa_set_add', [i32, i32], none, 'add element to set (mutates; no-op when present)'),
  // access
  fn('opa_value_type', [i32], i32, 'type tag (VALUE_TYPE)'),
  fn('opa_value_get', [i32, i32], i32, 'v[key]: array index / object key / set member (returns the member); 0 if absent'),
  fn('opa_value_length', [i32], i32, 'length of array/object/set/string (bytes); 0 for scalars'),
  fn('opa_value_iter', [i32, i32], i32, 'next key after prevKey (0 = first) in OPA order, or 0 at end (arrays: index numbers; sets: elements)'),
  fn('rt_data_get', [i32, i32], i32, 'v[key] as OPA storage reads base data: number keys by their text, array indexes from strings'),
  fn('rt_key_at', [i32, i32], i32, 'i-th key in iteration order (array: number i; object: key; set: element)'),
  fn('rt_val_at', [i32, i32], i32, 'i-th value in iteration order (array: elem; object: value; set: element)'),
  fn('opa_value_compare', [i32, i32], i32, 'ast.Compare: -1 / 0 / 1'),
  fn('opa_value_equal', [i32, i32], i32, '1 if equal (1 == 1.0)'),
  fn('opa_value_hash', [i32], i32, 'hash consistent with equality'),
  fn('rt_truthy', [i32], i32, '1 iff v != 0 and v is not boolean false (Rego expression truth)'),
  fn('rt_is_true', [i32], i32, '1 iff v is boolean true'),
  fn('opa_value_merge', [i32, i32], i32, 'new value: deep merge of objects a and b; 0 when a leaf conflicts'),
  fn('rt_object_merge_into', [i32, i32], i32, 'deep-merge object b into object a in place; returns 0 on conflicting leaf, else a'),
  fn('rt_copy', [i32], i32, 'shallow copy of array/object/set (scalars returned as is)'),
  fn('rt_number_to_i32', [i32], i32, 'number to i32 (truncates); for array indexes'),
  fn('rt_is_int', [i32], i32, '1 if v is an integral number'),
  // ABI glue the generated code may want
  fn('opa_eval_ctx_get_input', [i32], i32, 'input value of the context (0 if none)'),
  fn('opa_eval_ctx_get_data', [i32], i32, 'data value of the context'),
  fn('rt_result_set', [i32], i32, '{{"result": v}} or empty set when v is 0'),
  fn('rt_result_set_add', [i32, i32], none, 'add {"result": v} to result set rs'),
  // errors / mode
  fn('rt_error', [i32, i32, i32], none, 'abort with ERROR_CODE code, message (addr, len) — never returns'),
  fn('rt_error_value', [i32, i32], none, 'abort with ERROR_CODE code, message given as a string value'),
  fn('rt_set_strict', [i32], none, '1: builtin errors abort instead of yielding undefined'),
  // JS builtins (SDK-implemented): id from rego.builtins(); ctx may be 0
  fn('rt_js_builtin0', [i32], i32, 'call SDK builtin id with no args'),
  fn('rt_js_builtin1', [i32, i32], i32, 'call SDK builtin id(a)'),
  fn('rt_js_builtin2', [i32, i32, i32], i32, 'call SDK builtin id(a, b)'),
  fn('rt_js_builtin3', [i32, i32, i32, i32], i32, 'call SDK builtin id(a, b, c)'),
  fn('rt_js_builtin4', [i32, i32, i32, i32, i32], i32, 'call SDK builtin id(a, b, c, d)'),
  // json (also ABI exports)
  fn('opa_json_parse', [i32, i32], i32, 'parse JSON text (addr, len); 0 on error'),
  fn('opa_json_dump', [i32], i32, 'dump value as NUL-terminated JSON, returns address'),
  fn('opa_value_parse', [i32, i32], i32, 'parse Rego term text (sets, non-string keys)'),
  fn('opa_value_dump', [i32], i32, 'dump value as NUL-terminated Rego term text'),
];

/**
 * Builtins compiled into the runtime: Rego name → export name and arity (number of operands, not counting the
 * output). Operators are listed under OPA's internal names (`plus` for `+`, `eq` for `==`, `and` for `&` …).
 */
export const BUILTINS: Record<string, { fn: string; arity: number }> = {};
function b(name: string, arity: number): void {
  BUILTINS[name] = { fn: 'bi_' + name.replace(/\./g, '_'), arity };
}
// operators
for (const [n, a] of [
  ['plus', 2], ['minus', 2], ['mul', 2], ['div', 2], ['rem', 2],
  ['eq', 2], ['equal', 2], ['neq', 2], ['lt', 2], ['lte', 2], ['gt', 2], ['gte', 2],
  ['and', 2], ['or', 2], ['internal.member_2', 2], ['internal.member_3', 3],
] as const) b(n, a);
// aggregates
for (const [n, a] of [['count', 1], ['sum', 1], ['product', 1], ['max', 1], ['min', 1], ['sort', 1]] as const) b(n, a);
// strings
for (const [n, a] of [
  ['concat', 2], ['contains', 2], ['startswith', 2], ['endswith', 2], ['lower', 1], ['upper', 1], ['split', 2],
  ['replace', 3], ['trim', 2], ['trim_left', 2], ['trim_right', 2], ['trim_prefix', 2], ['trim_suffix', 2],
  ['trim_space', 1], ['substring', 3], ['indexof', 2], ['indexof_n', 2], ['strings.replace_n', 2],
  ['strings.reverse', 1], ['strings.count', 2], ['strings.any_prefix_match', 2], ['strings.any_suffix_match', 2],
  ['format_int', 2], ['strings.split_n', 3], ['sprintf', 2],
] as const) b(n, a);
// types / casts
for (const [n, a] of [
  ['to_number', 1], ['is_string', 1], ['is_number', 1], ['is_boolean', 1], ['is_array', 1], ['is_set', 1],
  ['is_object', 1], ['is_null', 1], ['type_name', 1],
] as const) b(n, a);
// objects / arrays / sets
for (const [n, a] of [
  ['object.get', 3], ['object.keys', 1], ['object.union', 2], ['object.union_n', 1], ['object.remove', 2],
  ['object.filter', 2], ['array.concat', 2], ['array.slice', 3], ['array.reverse', 1], ['array.flatten', 1],
  ['union', 1], ['intersection', 1],
] as const) b(n, a);
// numbers / bits
for (const [n, a] of [
  ['abs', 1], ['round', 1], ['ceil', 1], ['floor', 1], ['numbers.range', 2], ['numbers.range_step', 3],
  ['bits.and', 2], ['bits.or', 2], ['bits.xor', 2], ['bits.negate', 1], ['bits.lsh', 2], ['bits.rsh', 2],
] as const) b(n, a);
// encoding
for (const [n, a] of [
  ['json.marshal', 1], ['json.unmarshal', 1], ['json.is_valid', 1], ['base64.encode', 1], ['base64.decode', 1], ['base64.is_valid', 1],
  ['base64url.encode', 1], ['base64url.encode_no_pad', 1], ['base64url.decode', 1],
] as const) b(n, a);
// misc
for (const [n, a] of [
  ['units.parse_bytes', 1], ['units.parse', 1], ['net.cidr_contains', 2], ['glob.match', 3],
  ['walk', 1], ['time.parse_rfc3339_ns', 1], ['time.add_date', 4], ['time.diff', 2],
  ['time.date', 1], ['time.clock', 1], ['time.weekday', 1], ['time.parse_duration_ns', 1],
  ['semver.is_valid', 1], ['semver.compare', 2], ['json.remove', 2], ['json.filter', 2],
  ['graph.reachable', 2], ['graph.reachable_paths', 2], ['uuid.parse', 1],
  ['urlquery.encode', 1], ['urlquery.decode', 1], ['urlquery.encode_object', 1], ['urlquery.decode_object', 1],
  ['net.cidr_expand', 1], ['glob.quote_meta', 1],
  ['regex.match', 2], ['regex.is_valid', 1], ['regex.find_n', 3], ['regex.find_all_string_submatch_n', 3],
  ['regex.replace', 3], ['regex.split', 2], ['json.patch', 2], ['time.format', 1], ['time.parse_ns', 2], ['rand.intn', 2],
  ['uuid.rfc4122', 1], ['json.match_schema', 2], ['json.verify_schema', 1], ['hex.encode', 1], ['hex.decode', 1],
  ['object.subset', 2], ['net.cidr_is_valid', 1], ['net.cidr_intersects', 2], ['json.marshal_with_options', 2],
] as const) b(n, a);
// deprecated (Rego v0 only), and print's line formatting (see plan-body.ts)
for (const [n, a] of [
  ['any', 1], ['all', 1], ['cast_array', 1], ['cast_set', 1], ['cast_string', 1], ['cast_boolean', 1],
  ['cast_null', 1], ['cast_object', 1], ['internal.print_lines', 1],
] as const) b(n, a);

/** Deprecated builtins that are another builtin under an older name: the planner calls the current one. */
export const BUILTIN_ALIASES: Record<string, string> = {
  re_match: 'regex.match',
  set_diff: 'minus',
  'net.cidr_overlap': 'net.cidr_contains',
};

/**
 * `walk(x)` returns an ARRAY of `[path, value]` pairs (pre-order); OPA's walk is a relation, so the planner
 * iterates that array and unifies each pair with the output term.
 */
export const RELATION_BUILTINS = new Set(['walk']);

/**
 * Builtins implemented in JS: called through `rt_js_builtinN(id, ...)`; name → arity. All but `time.now_ns`
 * are in the SDK; `time.now_ns` needs `CUSTOM_BUILTINS` passed as loadPolicy's third argument (the runtime
 * caches arity-0 results for one evaluation so every call in one query sees the same time, as in OPA).
 */
export const CUSTOM_BUILTINS: Record<string, (...args: unknown[]) => unknown> = {
  'time.now_ns': () => Date.now() * 1e6,
  ...Object.fromEntries(Object.entries(HOST_BUILTINS).map(([name, b]) => [name, b.fn])),
  // trace() and print() write nowhere unless the host listens (loadCompiled's onTrace / onPrint).
  'rego.compat.trace': () => true,
  'rego.compat.print': () => true,
  'rego.compat.test_case': () => true,
  // OPA: false for a non-string, and a stream of several documents is valid when each one is.
  'rego.compat.yaml.is_valid': (s) => typeof s === 'string' && parseAllDocuments(s).every((d) => d.errors.length === 0),
};

/**
 * JS builtins the SDK implements otherwise than OPA (its yaml.is_valid is undefined for a non-string and
 * refuses a stream of documents): the module names them by a name the SDK does not know, so the SDK looks
 * them up in CUSTOM_BUILTINS (its own table comes first for a name it knows).
 */
export const JS_BUILTIN_NAMES: Record<string, string> = {
  'yaml.is_valid': 'rego.compat.yaml.is_valid',
  trace: 'rego.compat.trace',
  'internal.print': 'rego.compat.print',
  'internal.test_case': 'rego.compat.test_case',
};
export const JS_BUILTINS: Record<string, number> = {
  'time.now_ns': 0,
  trace: 1,
  // print's lines (an array of strings, from internal.print_lines) handed to the host
  'internal.print': 1,
  // the case a parameterized test is running (tests.ts), handed to the host
  'internal.test_case': 1,
  'yaml.marshal': 1,
  'yaml.unmarshal': 1,
  'yaml.is_valid': 1,
  ...Object.fromEntries(Object.entries(HOST_BUILTINS).map(([name, b]) => [name, b.arity])),
};

/** Hook imports the emitter replaces (see header). */
export const HOOKS = {
  eval: { module: 'env', base: 'rego_eval', params: [i32, i32, i32] as WasmType[], result: i32 },
  entrypoints: { module: 'env', base: 'rego_entrypoints', params: [] as WasmType[], result: i32 },
  builtins: { module: 'env', base: 'rego_builtins', params: [] as WasmType[], result: i32 },
} as const;
