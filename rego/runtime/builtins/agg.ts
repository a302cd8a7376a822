// Aggregates over arrays and sets (count also over objects and strings, counting code points).
import {
  vtype, vlen, T_NUM, T_SET, T_ARR, T_OBJ, T_STR, mkInt, mkArr, arrPush, keyAtRaw, arrGet, strPtr, strLen,
} from "../value";
import { compare } from "../compare";
import { ensureSorted } from "../collections";
import { typeErr } from "../types";
import { bi_plus, bi_mul } from "./ops";
import { runeCount } from "../utf8";


export function bi_count(v: usize): usize {
  const t = vtype(v);
  if (t == T_ARR || t == T_OBJ || t == T_SET) return mkInt(vlen(v));
  if (t == T_STR) return mkInt(runeCount(strPtr(v), strLen(v)));
  return typeErr("count", 1, "one of {array, object, set, string}", v);
}

// element i of an array or (sorted) set
@inline function elem(v: usize, i: i32): usize { return vtype(v) == T_ARR ? arrGet(v, i) : keyAtRaw(v, i); }

function fold(name: string, v: usize, mul: bool): usize {
  const t = vtype(v);
  if (t != T_ARR && t != T_SET) return typeErr(name, 1, "one of {array, set}", v);
  if (t == T_SET) ensureSorted(v);
  let acc = mkInt(mul ? 1 : 0);
  const n = vlen(v);
  for (let i = 0; i < n; i++) {
    const x = elem(v, i);
    if (vtype(x) != T_NUM) return typeErr(name, 1, "one of {array, set} of numbers", v);
    acc = mul ? bi_mul(acc, x) : bi_plus(acc, x);
  }
  return acc;
}
export function bi_sum(v: usize): usize { return fold("sum", v, false); }
export function bi_product(v: usize): usize { return fold("product", v, true); }

function extreme(name: string, v: usize, sign: i32): usize {
  const t = vtype(v);
  if (t != T_ARR && t != T_SET) return typeErr(name, 1, "one of {array, set}", v);
  const n = vlen(v);
  if (n == 0) return 0;
  if (t == T_SET) ensureSorted(v);
  let best = elem(v, 0);
  for (let i = 1; i < n; i++) {
    const x = elem(v, i);
    if (compare(x, best) * sign > 0) best = x;
  }
  return best;
}
export function bi_max(v: usize): usize { return extreme("max", v, 1); }
export function bi_min(v: usize): usize { return extreme("min", v, -1); }

export function bi_sort(v: usize): usize {
  const t = vtype(v);
  if (t != T_ARR && t != T_SET) return typeErr("sort", 1, "one of {array, set}", v);
  const n = vlen(v);
  const r = mkArr(n);
  if (t == T_SET) {
    ensureSorted(v);
    for (let i = 0; i < n; i++) arrPush(r, keyAtRaw(v, i));
    return r;
  }
  for (let i = 0; i < n; i++) arrPush(r, arrGet(v, i));
  sortArr(r);
  return r;
}

// In-place stable merge sort of an array's elements.
export function sortArr(a: usize): void {
  const n = vlen(a);
  const e = <usize>load<i32>(a, 12);
  const tmp = __tmp(n);
  for (let w = 1; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = min(lo + w, n), hi = min(lo + 2 * w, n);
      let i = lo, j = mid, o = lo;
      while (i < mid && j < hi) {
        const x = load<i32>(e + (<usize>i << 2)), y = load<i32>(e + (<usize>j << 2));
        if (compare(<usize>y, <usize>x) < 0) { store<i32>(tmp + (<usize>o << 2), y); j++; }
        else { store<i32>(tmp + (<usize>o << 2), x); i++; }
        o++;
      }
      while (i < mid) { store<i32>(tmp + (<usize>o << 2), load<i32>(e + (<usize>i << 2))); i++; o++; }
      while (j < hi) { store<i32>(tmp + (<usize>o << 2), load<i32>(e + (<usize>j << 2))); j++; o++; }
    }
    memory.copy(e, tmp, <usize>n << 2);
  }
}
import { alloc } from "../alloc";
function __tmp(n: i32): usize { return alloc(<usize>(n + 1) << 2); }
