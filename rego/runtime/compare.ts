// Total order and equality exactly as OPA's ast.Compare: null < boolean < number < string < array < object < set;
// arrays lexicographic; objects by sorted keys then values; sets by sorted elements. Hash consistent with it.
import {
  vtype, vsub, vlen, T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, T_SET, N_INT, intOf, isIntKind, boolOf, strPtr, strLen,
  arrGet, keyAtRaw, valAtRaw,
} from "./value";
import { numF64 } from "./number";
import { bigCmp } from "./bigint";
import { decCompare } from "./decimal";
import { ensureSorted } from "./collections";

export function numCmp(a: usize, b: usize): i32 {
  if (vsub(a) == N_INT && vsub(b) == N_INT) {
    const x = intOf(a), y = intOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isIntKind(a) && isIntKind(b)) return bigCmp(a, b);
  const x = numF64(a), y = numF64(b);
  // f64 decides unless the values are too close (or beyond the f64 range) to tell apart
  if (x < y && isFinite(x) && isFinite(y) && x != 0 && y != 0) { if (nextUp(x) < y) return -1; }
  if (x > y && isFinite(x) && isFinite(y) && x != 0 && y != 0) { if (nextUp(y) < x) return 1; }
  return decCompare(a, b);
}

export function bytesCmp(p: usize, n: i32, q: usize, m: i32): i32 {
  const k = n < m ? n : m;
  for (let i = 0; i < k; i++) {
    const a = load<u8>(p + <usize>i), b = load<u8>(q + <usize>i);
    if (a != b) return a < b ? -1 : 1;
  }
  return n < m ? -1 : n > m ? 1 : 0;
}

@inline export function strCmp(a: usize, b: usize): i32 {
  return bytesCmp(strPtr(a), strLen(a), strPtr(b), strLen(b));
}

export function compare(a: usize, b: usize): i32 {
  if (a == b) return 0;
  const ta = vtype(a), tb = vtype(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case T_NULL: return 0;
    case T_BOOL: {
      const x = boolOf(a), y = boolOf(b);
      return x == y ? 0 : (!x ? -1 : 1);
    }
    case T_NUM: return numCmp(a, b);
    case T_STR: return strCmp(a, b);
    case T_ARR: {
      const n = vlen(a), m = vlen(b);
      const k = n < m ? n : m;
      for (let i = 0; i < k; i++) {
        const c = compare(arrGet(a, i), arrGet(b, i));
        if (c != 0) return c;
      }
      return n < m ? -1 : n > m ? 1 : 0;
    }
    case T_OBJ: {
      ensureSorted(a);
      ensureSorted(b);
      const n = vlen(a), m = vlen(b);
      const k = n < m ? n : m;
      for (let i = 0; i < k; i++) {
        let c = compare(keyAtRaw(a, i), keyAtRaw(b, i));
        if (c != 0) return c;
        c = compare(valAtRaw(a, i), valAtRaw(b, i));
        if (c != 0) return c;
      }
      return n < m ? -1 : n > m ? 1 : 0;
    }
    default: {
      ensureSorted(a);
      ensureSorted(b);
      const n = vlen(a), m = vlen(b);
      const k = n < m ? n : m;
      for (let i = 0; i < k; i++) {
        const c = compare(keyAtRaw(a, i), keyAtRaw(b, i));
        if (c != 0) return c;
      }
      return n < m ? -1 : n > m ? 1 : 0;
    }
  }
}

export function equal(a: usize, b: usize): bool {
  if (a == b) return true;
  const ta = vtype(a);
  if (ta != vtype(b)) return false;
  if (ta == T_STR) {
    const n = strLen(a);
    if (n != strLen(b)) return false;
    return bytesCmp(strPtr(a), n, strPtr(b), n) == 0;
  }
  if ((ta == T_ARR || ta == T_OBJ || ta == T_SET) && vlen(a) != vlen(b)) return false;
  return compare(a, b) == 0;
}

@inline function mix(h: u32, x: u32): u32 {
  return (h ^ x) * 16777619;
}

export function hashBytes(p: usize, n: i32, h: u32): u32 {
  for (let i = 0; i < n; i++) h = mix(h, load<u8>(p + <usize>i));
  return h;
}

export function hash(v: usize): u32 {
  const t = vtype(v);
  let h: u32 = mix(2166136261, t);
  switch (t) {
    case T_NULL: return h;
    case T_BOOL: return mix(h, boolOf(v) ? 1 : 0);
    case T_NUM: {
      // hash the f64 value so that 1 and 1.0 (and refs) agree
      let f = numF64(v);
      if (f == 0) f = 0;
      const bits = reinterpret<u64>(f);
      return mix(mix(h, <u32>bits), <u32>(bits >> 32));
    }
    case T_STR: return hashBytes(strPtr(v), strLen(v), h);
    case T_ARR: {
      const n = vlen(v);
      for (let i = 0; i < n; i++) h = mix(h, hash(arrGet(v, i)));
      return h;
    }
    case T_OBJ: {
      // order-independent so sorting state does not matter
      let acc: u32 = 0;
      const n = vlen(v);
      for (let i = 0; i < n; i++) acc += hash(keyAtRaw(v, i)) * 31 + hash(valAtRaw(v, i));
      return mix(h, acc);
    }
    default: {
      let acc: u32 = 0;
      const n = vlen(v);
      for (let i = 0; i < n; i++) acc += hash(keyAtRaw(v, i));
      return mix(h, acc);
    }
  }
}

function nextUp(x: f64): f64 {
  const b = reinterpret<u64>(x);
  return x > 0 ? reinterpret<f64>(b + 1) : reinterpret<f64>(b - 1);
}
