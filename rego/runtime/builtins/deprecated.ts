// Builtins OPA 1.x keeps for Rego v0 modules only (the checker refuses them in v1): any, all and the cast_*
// family. re_match, set_diff and net.cidr_overlap are other names of regex.match, minus and net.cidr_contains
// (the planner maps them: runtime-api.ts BUILTIN_ALIASES).
import { vtype, vlen, T_NULL, T_BOOL, T_STR, T_ARR, T_OBJ, T_SET, mkBool, boolOf, arrGet, keyAtRaw, mkArr, arrPush, mkSet } from "../value";
import { collPut, ensureSorted } from "../collections";
import { typeErr } from "../types";

// element i of an array or (sorted) set
@inline function elem(v: usize, i: i32): usize { return vtype(v) == T_ARR ? arrGet(v, i) : keyAtRaw(v, i); }
@inline function isTrue(v: usize): bool { return vtype(v) == T_BOOL && boolOf(v); }

// any: some element is `true`; all: every element is `true` (vacuously true when empty).
export function bi_any(v: usize): usize {
  const t = vtype(v);
  if (t != T_ARR && t != T_SET) return typeErr("any", 1, "one of {array, set}", v);
  for (let i = 0; i < vlen(v); i++) if (isTrue(elem(v, i))) return mkBool(true);
  return mkBool(false);
}
export function bi_all(v: usize): usize {
  const t = vtype(v);
  if (t != T_ARR && t != T_SET) return typeErr("all", 1, "one of {array, set}", v);
  for (let i = 0; i < vlen(v); i++) if (!isTrue(elem(v, i))) return mkBool(false);
  return mkBool(true);
}

// cast_array: an array as is, a set as the array of its members in order.
export function bi_cast_array(v: usize): usize {
  const t = vtype(v);
  if (t == T_ARR) return v;
  if (t != T_SET) return typeErr("cast_array", 1, "one of {array, set}", v);
  ensureSorted(v);
  const r = mkArr(vlen(v));
  for (let i = 0; i < vlen(v); i++) arrPush(r, keyAtRaw(v, i));
  return r;
}
export function bi_cast_set(v: usize): usize {
  const t = vtype(v);
  if (t == T_SET) return v;
  if (t != T_ARR) return typeErr("cast_set", 1, "one of {array, set}", v);
  const r = mkSet();
  for (let i = 0; i < vlen(v); i++) collPut(r, arrGet(v, i), 0);
  return r;
}

// The scalar casts only let their own type through.
function same(name: string, v: usize, t: u8, want: string): usize {
  return vtype(v) == t ? v : typeErr(name, 1, want, v);
}
export function bi_cast_string(v: usize): usize { return same("cast_string", v, T_STR, "string"); }
export function bi_cast_boolean(v: usize): usize { return same("cast_boolean", v, T_BOOL, "boolean"); }
export function bi_cast_null(v: usize): usize { return same("cast_null", v, T_NULL, "null"); }
export function bi_cast_object(v: usize): usize { return same("cast_object", v, T_OBJ, "object"); }
