// Entry file: everything exported here is a wasm export (the SDK ABI plus the functions listed in
// rego/src/runtime-api.ts for the emitter). Builtins are re-exported from builtins/*.
import { alloc, heapGet, heapSet, __rego_heap_start as heapStart } from "./alloc";
import {
  vtype, vlen, vsub, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, T_SET, N_INT, mkNull, mkBool, mkInt, mkFloat,
  mkStr, mkArr, arrPush, arrGet, mkObj, mkSet, boolOf, keyAtRaw, valAtRaw, strLen, strPtr, intOf, lit,
  mkColl,
} from "./value";
import { collFind, collPut, ensureSorted } from "./collections";
import { compare, equal, hash } from "./compare";
import { parse, dumpC, dumpV } from "./json";
import { numIsInt, numI64, numF64 } from "./number";
import { abortBytes, abortV, setStrict, E_INTERNAL } from "./error";
import { resetRandMemo } from "./builtins/rand";

export { __rego_heap_start } from "./alloc";
export const __rego_data_end: i32 = <i32>__heap_base;

export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 2;

// ---- hooks filled by the emitter (see runtime-api.ts) ----
@external("env", "rego_eval") declare function rego_eval(entrypoint: i32, data: usize, input: usize): usize;
@external("env", "rego_entrypoints") declare function rego_entrypoints(): usize;
@external("env", "rego_builtins") declare function rego_builtins(): usize;
@external("env", "opa_builtin0") declare function opa_builtin0(id: i32, ctx: usize): usize;
@external("env", "opa_builtin1") declare function opa_builtin1(id: i32, ctx: usize, a: usize): usize;
@external("env", "opa_builtin2") declare function opa_builtin2(id: i32, ctx: usize, a: usize, b: usize): usize;
@external("env", "opa_builtin3") declare function opa_builtin3(id: i32, ctx: usize, a: usize, b: usize, c: usize): usize;
@external("env", "opa_builtin4") declare function opa_builtin4(id: i32, ctx: usize, a: usize, b: usize, c: usize, d: usize): usize;
@external("env", "opa_println") declare function opa_println(addr: usize): void;

// ---- memory ----
export function opa_malloc(n: usize): usize { return alloc(n); }
export function opa_free(p: usize): void {}
export function opa_heap_ptr_get(): usize { return heapGet(); }
export function opa_heap_ptr_set(p: usize): void { heapSet(p); }

// ---- ABI: eval context ----
// ctx: +0 input, +4 data, +8 entrypoint, +12 result
export function opa_eval_ctx_new(): usize {
  const c = alloc(16);
  memory.fill(c, 0, 16);
  return c;
}
export function opa_eval_ctx_set_input(c: usize, v: usize): void { store<i32>(c, <i32>v, 0); }
export function opa_eval_ctx_set_data(c: usize, v: usize): void { store<i32>(c, <i32>v, 4); }
export function opa_eval_ctx_set_entrypoint(c: usize, e: i32): void { store<i32>(c, e, 8); }
export function opa_eval_ctx_get_result(c: usize): usize { return <usize>load<i32>(c, 12); }
export function opa_eval_ctx_get_input(c: usize): usize { return <usize>load<i32>(c, 0); }
export function opa_eval_ctx_get_data(c: usize): usize { return <usize>load<i32>(c, 4); }

function evalEntry(ep: i32, data: usize, input: usize): usize {
  js0Count = 0;
  resetRandMemo();
  let rs = rego_eval(ep, data, input);
  if (rs == 0) rs = mkSet();
  return rs;
}

export function eval(c: usize): i32 {
  store<i32>(c, <i32>evalEntry(load<i32>(c, 8), <usize>load<i32>(c, 4), <usize>load<i32>(c, 0)), 12);
  return 0;
}

// ABI 1.2 fast path: input JSON at [inputAddr, inputAddr+inputLen), heap continues at heapPtr.
export function opa_eval(reserved: usize, ep: i32, data: usize, inputAddr: usize, inputLen: i32, heapPtr: usize, format: i32): usize {
  heapSet(heapPtr);
  let input: usize = 0;
  if (inputAddr != 0 && inputLen > 0) {
    input = parse(inputAddr, inputLen, false);
    if (input == 0) {
      const m = lit("invalid input json");
      abortV(E_INTERNAL, m);
    }
  }
  return dumpC(evalEntry(ep, data, input), format == 1 ? 1 : 0);
}

export function entrypoints(): usize { return rego_entrypoints(); }
export function builtins(): usize { return rego_builtins(); }

// ---- JSON / terms ----
export function opa_json_parse(p: usize, n: i32): usize { return parse(p, n, false); }
export function opa_value_parse(p: usize, n: i32): usize { return parse(p, n, true); }
export function opa_json_dump(v: usize): usize { return dumpC(v, 0); }
export function opa_value_dump(v: usize): usize { return dumpC(v, 1); }

// ---- constructors ----
export function opa_null(): usize { return mkNull(); }
export function opa_boolean(b: i32): usize { return mkBool(b != 0); }
export function opa_number_int(i: i64): usize { return mkInt(i); }
export function opa_number_float(f: f64): usize { return mkFloat(f); }
export function opa_number_ref(p: usize, n: i32): usize { return parse(p, n, false); }
export function opa_string(p: usize, n: i32): usize { return mkStr(p, n); }
export function opa_array(): usize { return mkArr(4); }
export function opa_array_with_cap(n: i32): usize { return mkArr(n); }
export function opa_array_append(a: usize, v: usize): void { arrPush(a, v); }
export function opa_object(): usize { return mkObj(); }
export function opa_object_insert(o: usize, k: usize, v: usize): void { collPut(o, k, v); }
export function opa_set(): usize { return mkSet(); }
export function opa_set_add(s: usize, v: usize): void { collPut(s, v, 0); }

// ---- access ----
export function opa_value_type(v: usize): i32 { return v == 0 ? 0 : vtype(v); }
export function opa_value_length(v: usize): i32 {
  if (v == 0) return 0;
  const t = vtype(v);
  if (t == T_STR) return strLen(v);
  if (t == T_ARR || t == T_OBJ || t == T_SET) return vlen(v);
  return 0;
}

export function opa_value_get(v: usize, k: usize): usize {
  if (v == 0 || k == 0) return 0;
  const t = vtype(v);
  if (t == T_ARR) {
    if (vtype(k) != T_NUM || !numIsInt(k)) return 0;
    const i = numI64(k);
    if (i < 0 || i >= <i64>vlen(v)) return 0;
    return arrGet(v, <i32>i);
  }
  if (t == T_OBJ) {
    const i = collFind(v, k);
    return i < 0 ? 0 : valAtRaw(v, i);
  }
  if (t == T_SET) {
    const i = collFind(v, k);
    return i < 0 ? 0 : keyAtRaw(v, i);
  }
  return 0;
}

// A key of a path into the base document, read as OPA's storage reads it: the path is made of strings (a number
// key is its text, so data.a[1] finds the key "1"), an array takes a string holding an integer as its index, and
// a boolean, null or composite key finds nothing.
export function rt_data_get(v: usize, k: usize): usize {
  if (v == 0 || k == 0) return 0;
  const t = vtype(v), kt = vtype(k);
  if (t == T_OBJ) {
    if (kt == T_NUM) return opa_value_get(v, dumpV(k, 0));
    return kt == T_STR ? opa_value_get(v, k) : 0;
  }
  if (t == T_ARR) {
    if (kt == T_NUM) return opa_value_get(v, k);
    if (kt != T_STR) return 0;
    const i = atoi(strPtr(k), strLen(k));
    return i < 0 || i >= <i64>vlen(v) ? 0 : arrGet(v, <i32>i);
  }
  return opa_value_get(v, k);
}

// Go's strconv.Atoi for an array index: an optional sign, then decimal digits; -1 when not a number.
function atoi(p: usize, n: i32): i64 {
  let i = 0;
  let neg = false;
  if (n > 0 && (load<u8>(p) == 43 || load<u8>(p) == 45)) { neg = load<u8>(p) == 45; i = 1; }
  if (i >= n) return -1;
  let v: i64 = 0;
  for (; i < n; i++) {
    const c = load<u8>(p + <usize>i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + <i64>(c - 48);
    if (v > 0x7fffffff) return -1;
  }
  return neg && v != 0 ? -1 : v;
}

export function rt_key_at(v: usize, i: i32): usize {
  const t = vtype(v);
  if (t == T_ARR) return mkInt(i);
  ensureSorted(v);
  return keyAtRaw(v, i);
}
export function rt_val_at(v: usize, i: i32): usize {
  const t = vtype(v);
  if (t == T_ARR) return arrGet(v, i);
  ensureSorted(v);
  return t == T_OBJ ? valAtRaw(v, i) : keyAtRaw(v, i);
}

export function opa_value_iter(v: usize, prev: usize): usize {
  const t = vtype(v);
  const n = opa_value_length(v);
  if (t == T_ARR) {
    let i: i64 = 0;
    if (prev != 0) i = numI64(prev) + 1;
    return i < <i64>n ? mkInt(i) : 0;
  }
  if (t != T_OBJ && t != T_SET) return 0;
  ensureSorted(v);
  let i = 0;
  if (prev != 0) {
    i = collFind(v, prev);
    if (i < 0) return 0;
    i++;
  }
  return i < n ? keyAtRaw(v, i) : 0;
}

export function opa_value_compare(a: usize, b: usize): i32 { return compare(a, b); }
export function opa_value_equal(a: usize, b: usize): i32 { return a != 0 && b != 0 && equal(a, b) ? 1 : 0; }
export function opa_value_hash(v: usize): i32 { return <i32>hash(v); }
export function rt_truthy(v: usize): i32 { return v != 0 && !(vtype(v) == T_BOOL && !boolOf(v)) ? 1 : 0; }
export function rt_is_true(v: usize): i32 { return v != 0 && vtype(v) == T_BOOL && boolOf(v) ? 1 : 0; }
export function rt_is_int(v: usize): i32 { return v != 0 && vtype(v) == T_NUM && numIsInt(v) ? 1 : 0; }
export function rt_number_to_i32(v: usize): i32 {
  if (vsub(v) == N_INT) return <i32>intOf(v);
  return <i32>numF64(v);
}

export function rt_copy(v: usize): usize {
  const t = vtype(v);
  if (t == T_ARR) {
    const n = vlen(v);
    const a = mkArr(n);
    for (let i = 0; i < n; i++) arrPush(a, arrGet(v, i));
    return a;
  }
  if (t == T_OBJ || t == T_SET) {
    const n = vlen(v);
    const c = mkColl(t, n);
    for (let i = 0; i < n; i++) collPut(c, keyAtRaw(v, i), t == T_OBJ ? valAtRaw(v, i) : 0);
    return c;
  }
  return v;
}

// Deep merge b into object a in place; 0 on a conflicting (non-object, unequal) leaf.
export function rt_object_merge_into(a: usize, b: usize): usize {
  const n = vlen(b);
  for (let i = 0; i < n; i++) {
    const k = keyAtRaw(b, i), bv = valAtRaw(b, i);
    const j = collFind(a, k);
    if (j < 0) { collPut(a, k, bv); continue; }
    const av = valAtRaw(a, j);
    if (vtype(av) == T_OBJ && vtype(bv) == T_OBJ) {
      const m = opa_value_merge(av, bv);
      if (m == 0) return 0;
      collPut(a, k, m);
    } else if (!equal(av, bv)) return 0;
  }
  return a;
}
export function opa_value_merge(a: usize, b: usize): usize {
  if (a == 0) return b;
  if (b == 0) return a;
  if (vtype(a) != T_OBJ || vtype(b) != T_OBJ) return equal(a, b) ? a : 0;
  return rt_object_merge_into(rt_copy(a), b);
}

// ---- results ----
export function rt_result_set_add(rs: usize, v: usize): void {
  const o = mkObj();
  collPut(o, lit("result"), v);
  collPut(rs, o, 0);
}
export function rt_result_set(v: usize): usize {
  const rs = mkSet();
  if (v != 0) rt_result_set_add(rs, v);
  return rs;
}

// ---- errors / mode ----
export function rt_error(code: i32, p: usize, n: i32): void { abortBytes(code, p, n); }
export function rt_error_value(code: i32, msg: usize): void { abortV(code, msg); }
export function rt_set_strict(s: i32): void { setStrict(s != 0); }

// ---- JS (SDK) builtins ----
// Arity-0 builtins (time.now_ns) must give one value per evaluation, as OPA does: cached until the next eval.
const JS0_CACHE = memory.data(8 * 16);
let js0Count = 0;
export function rt_js_builtin0(id: i32): usize {
  for (let i = 0; i < js0Count; i++) {
    if (load<i32>(JS0_CACHE + <usize>(i * 8)) == id) return <usize>load<i32>(JS0_CACHE + <usize>(i * 8), 4);
  }
  const v = opa_builtin0(id, 0);
  if (js0Count < 16) {
    store<i32>(JS0_CACHE + <usize>(js0Count * 8), id);
    store<i32>(JS0_CACHE + <usize>(js0Count * 8), <i32>v, 4);
    js0Count++;
  }
  return v;
}
export function rt_js_builtin1(id: i32, a: usize): usize { return opa_builtin1(id, 0, a); }
export function rt_js_builtin2(id: i32, a: usize, b: usize): usize { return opa_builtin2(id, 0, a, b); }
export function rt_js_builtin3(id: i32, a: usize, b: usize, c: usize): usize { return opa_builtin3(id, 0, a, b, c); }
export function rt_js_builtin4(id: i32, a: usize, b: usize, c: usize, d: usize): usize { return opa_builtin4(id, 0, a, b, c, d); }
export function rt_println(v: usize): void { opa_println(dumpC(v, 1)); }

export * from "./builtins/ops";
export * from "./builtins/agg";
export * from "./builtins/strings";
export * from "./builtins/types";
export * from "./builtins/collections";
export * from "./builtins/numbers";
export * from "./builtins/encoding";
export * from "./builtins/units";
export * from "./builtins/glob";
export * from "./builtins/net";
export * from "./builtins/time";
export * from "./builtins/sprintf";
export * from "./builtins/semver";
export * from "./builtins/jsonpath";
export * from "./builtins/graph";
export * from "./builtins/uuid";
export * from "./builtins/url";
export * from "./builtins/regex";
export * from "./builtins/jsonpatch";
export * from "./builtins/timefmt";
export * from "./builtins/rand";
export * from "./builtins/jsonschema";
export * from "./builtins/extra";
export * from "./builtins/deprecated";
export * from "./builtins/print";
