// Value layout in linear memory (all raw pointers; 0 = undefined). Type tags are OPA's own numbering.
//   +0 u8 type, +1 u8 sub (number kind / object-set "sorted" flag)
//   BOOLEAN: +4 i32 0/1
//   NUMBER : sub 0 int (+8 i64) | 1 float (+8 f64) | 2 big int beyond i64 (+4 sign ±1, +8 limbs ptr (u32 LE), +12 n)
//            | 3 decimal literal that is not an integer (+8 f64 approximation, +4 text ptr, +16 text len): kept so
//              comparisons stay exact beyond f64 (OPA compares the decimals themselves)
//   STRING : +4 len, +8 ptr (UTF-8, not NUL-terminated)
//   ARRAY  : +4 len, +8 cap, +12 elems (ptr to i32[])
//   OBJECT / SET: +4 len, +8 cap, +12 keys (i32[]), +16 vals (i32[], objects only), +20 index (i32[]), +24 index cap
import { alloc } from "./alloc";

export const T_NULL: u8 = 1;
export const T_BOOL: u8 = 2;
export const T_NUM: u8 = 3;
export const T_STR: u8 = 4;
export const T_ARR: u8 = 5;
export const T_OBJ: u8 = 6;
export const T_SET: u8 = 7;

export const N_INT: u8 = 0;
export const N_FLOAT: u8 = 1;
export const N_BIG: u8 = 2;
export const N_DEC: u8 = 3;

@inline export function vtype(v: usize): u8 { return load<u8>(v); }
@inline export function vsub(v: usize): u8 { return load<u8>(v, 1); }
@inline export function vlen(v: usize): i32 { return load<i32>(v, 4); }

// Singletons live in the heap? No: in a static area so they survive heap resets.
const STATIC = memory.data(48);
const NULLV: usize = STATIC;
const FALSEV: usize = STATIC + 8;
const TRUEV: usize = STATIC + 16;

export function mkNull(): usize {
  store<u8>(NULLV, T_NULL);
  return NULLV;
}
export function mkBool(b: bool): usize {
  const v = b ? TRUEV : FALSEV;
  store<u8>(v, T_BOOL);
  store<i32>(v, b ? 1 : 0, 4);
  return v;
}
@inline export function boolOf(v: usize): bool { return load<i32>(v, 4) != 0; }

// Small ints are shared static values (numbers are never mutated): loops over array indexes allocate nothing.
const SMALL_INTS = memory.data(16 * 256);
export function mkInt(i: i64): usize {
  if (i >= 0 && i < 256) {
    const s = SMALL_INTS + (<usize>i << 4);
    store<u8>(s, T_NUM);
    store<u8>(s, N_INT, 1);
    store<i64>(s, i, 8);
    return s;
  }
  const v = alloc(16);
  store<u8>(v, T_NUM);
  store<u8>(v, N_INT, 1);
  store<i64>(v, i, 8);
  return v;
}
export function mkFloat(f: f64): usize {
  // integral floats that fit i64 exactly are stored as ints: OPA prints 2.0 * 3 as 6
  if (f == Math.floor(f) && Math.abs(f) < 9007199254740992.0) return mkInt(<i64>f);
  const v = alloc(16);
  store<u8>(v, T_NUM);
  store<u8>(v, N_FLOAT, 1);
  store<f64>(v, f, 8);
  return v;
}
// Big integer from a magnitude (limbs not copied); callers normalise through bigint.ts (fits i64 -> int).
export function mkBigRaw(sign: i32, limbs: usize, n: i32): usize {
  const v = alloc(16);
  store<u8>(v, T_NUM);
  store<u8>(v, N_BIG, 1);
  store<i32>(v, sign, 4);
  store<i32>(v, <i32>limbs, 8);
  store<i32>(v, n, 12);
  return v;
}
export function mkDec(f: f64, p: usize, n: i32): usize {
  const v = alloc(20);
  store<u8>(v, T_NUM);
  store<u8>(v, N_DEC, 1);
  store<i32>(v, <i32>p, 4);
  store<f64>(v, f, 8);
  store<i32>(v, n, 16);
  return v;
}
// ints and bigs are exact integers; floats and decimals are not
@inline export function isIntKind(v: usize): bool { return load<u8>(v, 1) == N_INT || load<u8>(v, 1) == N_BIG; }
@inline export function intOf(v: usize): i64 { return load<i64>(v, 8); }
// f64 of a float or decimal
@inline export function floatOf(v: usize): f64 { return load<f64>(v, 8); }

export function mkStr(p: usize, n: i32): usize {
  const v = alloc(12);
  store<u8>(v, T_STR);
  store<i32>(v, n, 4);
  store<i32>(v, <i32>p, 8);
  return v;
}
@inline export function strPtr(v: usize): usize { return <usize>load<i32>(v, 8); }
@inline export function strLen(v: usize): i32 { return load<i32>(v, 4); }

// Static AS string literal (ASCII) to a string value; used for builtin results and messages.
export function lit(s: string): usize {
  const n = s.length;
  const p = alloc(<usize>n);
  for (let i = 0; i < n; i++) store<u8>(p + <usize>i, <u8>s.charCodeAt(i));
  return mkStr(p, n);
}

export function mkArr(cap: i32): usize {
  const v = alloc(16);
  if (cap < 4) cap = 4;
  store<u8>(v, T_ARR);
  store<i32>(v, 0, 4);
  store<i32>(v, cap, 8);
  store<i32>(v, <i32>alloc(<usize>cap << 2), 12);
  return v;
}
@inline export function arrElems(v: usize): usize { return <usize>load<i32>(v, 12); }
@inline export function arrGet(v: usize, i: i32): usize { return <usize>load<i32>(arrElems(v) + (<usize>i << 2)); }
export function arrPush(a: usize, x: usize): void {
  const n = vlen(a);
  let cap = load<i32>(a, 8);
  if (n == cap) {
    cap *= 2;
    const e = alloc(<usize>cap << 2);
    memory.copy(e, arrElems(a), <usize>n << 2);
    store<i32>(a, <i32>e, 12);
    store<i32>(a, cap, 8);
  }
  store<i32>(arrElems(a) + (<usize>n << 2), <i32>x);
  store<i32>(a, n + 1, 4);
}

// Objects and sets share one structure (collections.ts holds insert/lookup/sort).
export function mkColl(t: u8, cap: i32): usize {
  const v = alloc(28);
  if (cap < 4) cap = 4;
  store<u8>(v, t);
  store<u8>(v, 1, 1); // empty is sorted
  store<i32>(v, 0, 4);
  store<i32>(v, cap, 8);
  store<i32>(v, <i32>alloc(<usize>cap << 2), 12);
  store<i32>(v, t == T_OBJ ? <i32>alloc(<usize>cap << 2) : 0, 16);
  store<i32>(v, 0, 20);
  store<i32>(v, 0, 24);
  return v;
}
@inline export function mkObj(): usize { return mkColl(T_OBJ, 4); }
@inline export function mkSet(): usize { return mkColl(T_SET, 4); }
@inline export function collKeys(v: usize): usize { return <usize>load<i32>(v, 12); }
@inline export function collVals(v: usize): usize { return <usize>load<i32>(v, 16); }
@inline export function keyAtRaw(v: usize, i: i32): usize { return <usize>load<i32>(collKeys(v) + (<usize>i << 2)); }
@inline export function valAtRaw(v: usize, i: i32): usize { return <usize>load<i32>(collVals(v) + (<usize>i << 2)); }
