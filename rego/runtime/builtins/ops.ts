// Operators under OPA's builtin names: arithmetic (ints exact with overflow falling back to float, as OPA's big
// numbers would only differ beyond 2^63), comparisons, set union/intersection/difference, membership.
import {
  vtype, vlen, T_NUM, T_SET, T_ARR, T_OBJ, T_STR, mkBool, mkInt, mkFloat, vsub, N_INT, intOf, isIntKind, keyAtRaw, valAtRaw,
  mkSet, arrGet,
} from "../value";
import { compare, equal } from "../compare";
import { collFind, collPut } from "../collections";
import { numF64 } from "../number";
import { bigAdd, bigMul, bigDivmod, quoV, remV } from "../bigint";
import { typeErr } from "../types";
import { failLit, E_BUILTIN } from "../error";

@inline function bothInt(a: usize, b: usize): bool { return vsub(a) == N_INT && vsub(b) == N_INT; }
// both exact integers (int or big): arithmetic stays exact as in OPA
@inline function bothIntegral(a: usize, b: usize): bool { return isIntKind(a) && isIntKind(b); }

export function bi_plus(a: usize, b: usize): usize {
  if (vtype(a) != T_NUM) return typeErr("plus", 1, "number", a);
  if (vtype(b) != T_NUM) return typeErr("plus", 2, "number", b);
  if (bothInt(a, b)) {
    const x = intOf(a), y = intOf(b), r = x + y;
    if (((x ^ r) & (y ^ r)) >= 0) return mkInt(r);
  }
  if (bothIntegral(a, b)) return bigAdd(a, b, false);
  return mkFloat(numF64(a) + numF64(b));
}

export function setDiff(a: usize, b: usize): usize {
  const r = mkSet();
  const n = vlen(a);
  for (let i = 0; i < n; i++) {
    const k = keyAtRaw(a, i);
    if (collFind(b, k) < 0) collPut(r, k, 0);
  }
  return r;
}

export function bi_minus(a: usize, b: usize): usize {
  if (vtype(a) == T_SET && vtype(b) == T_SET) return setDiff(a, b);
  if (vtype(a) == T_SET) return typeErr("minus", 2, "set", b);
  if (vtype(a) != T_NUM) return typeErr("minus", 1, "one of {number, set}", a);
  if (vtype(b) != T_NUM) return typeErr("minus", 2, "number", b);
  if (bothInt(a, b)) {
    const x = intOf(a), y = intOf(b), r = x - y;
    if (((x ^ y) & (x ^ r)) >= 0) return mkInt(r);
  }
  if (bothIntegral(a, b)) return bigAdd(a, b, true);
  return mkFloat(numF64(a) - numF64(b));
}

export function bi_mul(a: usize, b: usize): usize {
  if (vtype(a) != T_NUM) return typeErr("mul", 1, "number", a);
  if (vtype(b) != T_NUM) return typeErr("mul", 2, "number", b);
  if (bothInt(a, b)) {
    const x = intOf(a), y = intOf(b);
    const f = <f64>x * <f64>y;
    if (Math.abs(f) < 9.2e18) return mkInt(x * y);
  }
  if (bothIntegral(a, b)) return bigMul(a, b);
  return mkFloat(numF64(a) * numF64(b));
}

export function bi_div(a: usize, b: usize): usize {
  if (vtype(a) != T_NUM) return typeErr("div", 1, "number", a);
  if (vtype(b) != T_NUM) return typeErr("div", 2, "number", b);
  const y = numF64(b);
  if (y == 0) return failLit(E_BUILTIN, "div", "divide by zero");
  if (bothInt(a, b)) {
    const p = intOf(a), q = intOf(b);
    if (q != -1 && p % q == 0) return mkInt(p / q);
  } else if (bothIntegral(a, b)) {
    bigDivmod(a, b);
    if (vsub(remV) == N_INT && intOf(remV) == 0) return quoV;
  }
  return mkFloat(numF64(a) / y);
}

export function bi_rem(a: usize, b: usize): usize {
  if (vtype(a) != T_NUM) return typeErr("rem", 1, "number", a);
  if (vtype(b) != T_NUM) return typeErr("rem", 2, "number", b);
  if (!bothIntegral(a, b)) return failLit(E_BUILTIN, "rem", "modulo on floating-point number");
  if (!bothInt(a, b)) {
    if (vsub(b) == N_INT && intOf(b) == 0) return failLit(E_BUILTIN, "rem", "modulo by zero");
    bigDivmod(a, b);
    return remV;
  }
  const q = intOf(b);
  if (q == 0) return failLit(E_BUILTIN, "rem", "modulo by zero");
  if (q == -1) return mkInt(0);
  return mkInt(intOf(a) % q);
}

export function bi_eq(a: usize, b: usize): usize { return mkBool(equal(a, b)); }
export function bi_equal(a: usize, b: usize): usize { return mkBool(equal(a, b)); }
export function bi_neq(a: usize, b: usize): usize { return mkBool(!equal(a, b)); }
export function bi_lt(a: usize, b: usize): usize { return mkBool(compare(a, b) < 0); }
export function bi_lte(a: usize, b: usize): usize { return mkBool(compare(a, b) <= 0); }
export function bi_gt(a: usize, b: usize): usize { return mkBool(compare(a, b) > 0); }
export function bi_gte(a: usize, b: usize): usize { return mkBool(compare(a, b) >= 0); }

export function bi_and(a: usize, b: usize): usize {
  if (vtype(a) != T_SET) return typeErr("and", 1, "set", a);
  if (vtype(b) != T_SET) return typeErr("and", 2, "set", b);
  const r = mkSet();
  const n = vlen(a);
  for (let i = 0; i < n; i++) {
    const k = keyAtRaw(a, i);
    if (collFind(b, k) >= 0) collPut(r, k, 0);
  }
  return r;
}

export function bi_or(a: usize, b: usize): usize {
  if (vtype(a) != T_SET) return typeErr("or", 1, "set", a);
  if (vtype(b) != T_SET) return typeErr("or", 2, "set", b);
  const r = mkSet();
  let n = vlen(a);
  for (let i = 0; i < n; i++) collPut(r, keyAtRaw(a, i), 0);
  n = vlen(b);
  for (let i = 0; i < n; i++) collPut(r, keyAtRaw(b, i), 0);
  return r;
}

// `x in c`: member of array values, set elements, object values; strings and scalars: false.
export function bi_internal_member_2(x: usize, c: usize): usize {
  const t = vtype(c);
  if (t == T_SET) return mkBool(collFind(c, x) >= 0);
  const n = vlen(c);
  if (t == T_ARR) {
    for (let i = 0; i < n; i++) if (equal(arrGet(c, i), x)) return mkBool(true);
    return mkBool(false);
  }
  if (t == T_OBJ) {
    for (let i = 0; i < n; i++) if (equal(valAtRaw(c, i), x)) return mkBool(true);
  }
  return mkBool(false);
}

// `k, v in c`: c[k] == v.
export function bi_internal_member_3(k: usize, v: usize, c: usize): usize {
  const t = vtype(c);
  if (t == T_ARR) {
    if (vtype(k) != T_NUM) return mkBool(false);
    const f = numF64(k);
    if (f != Math.floor(f) || f < 0 || f >= <f64>vlen(c)) return mkBool(false);
    return mkBool(equal(arrGet(c, <i32>f), v));
  }
  if (t == T_OBJ) {
    const i = collFind(c, k);
    return mkBool(i >= 0 && equal(valAtRaw(c, i), v));
  }
  if (t == T_SET) {
    const i = collFind(c, k);
    return mkBool(i >= 0 && equal(keyAtRaw(c, i), v));
  }
  if (t == T_STR) return mkBool(false);
  return mkBool(false);
}
