// Arbitrary-precision integers, as OPA's numbers are exact beyond 64 bits. Magnitudes are little-endian u32
// limbs without leading zero limbs; a big value is always outside the i64 range (else it is an N_INT).
import { alloc } from "./alloc";
import { vsub, N_INT, N_BIG, N_FLOAT, intOf, mkInt, mkBigRaw } from "./value";

@inline function limb(p: usize, i: i32): u32 { return load<u32>(p + (<usize>i << 2)); }
@inline function setLimb(p: usize, i: i32, v: u32): void { store<u32>(p + (<usize>i << 2), v); }

// Scratch result of toMag: sign, limbs, n
export let mSign: i32 = 1;
export let mPtr: usize = 0;
export let mN: i32 = 0;

// Integral number value (int or big) to (sign, magnitude) in the m* registers. Magnitude may be shared.
export function toMag(v: usize): void {
  if (vsub(v) == N_BIG) {
    mSign = load<i32>(v, 4); mPtr = <usize>load<i32>(v, 8); mN = load<i32>(v, 12);
    return;
  }
  const i = intOf(v);
  mSign = i < 0 ? -1 : 1;
  const u: u64 = i < 0 ? <u64>(-i) : <u64>i; // -MIN wraps to 2^63 as u64: correct
  mPtr = alloc(8);
  store<u32>(mPtr, <u32>u);
  store<u32>(mPtr, <u32>(u >> 32), 4);
  mN = (u >> 32) != 0 ? 2 : u != 0 ? 1 : 0;
}

function trim(p: usize, n: i32): i32 {
  while (n > 0 && limb(p, n - 1) == 0) n--;
  return n;
}

// (sign, magnitude) to a number value: int when it fits i64.
export function fromMag(sign: i32, p: usize, n: i32): usize {
  n = trim(p, n);
  if (n == 0) return mkInt(0);
  if (n <= 2) {
    const u: u64 = <u64>limb(p, 0) | (n == 2 ? <u64>limb(p, 1) << 32 : 0);
    if (u <= 0x7fffffffffffffff) return mkInt(sign < 0 ? -<i64>u : <i64>u);
    if (sign < 0 && u == 0x8000000000000000) return mkInt(i64.MIN_VALUE);
  }
  return mkBigRaw(sign, p, n);
}

export function magCmp(a: usize, an: i32, b: usize, bn: i32): i32 {
  if (an != bn) return an < bn ? -1 : 1;
  for (let i = an - 1; i >= 0; i--) {
    const x = limb(a, i), y = limb(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}
function magAdd(a: usize, an: i32, b: usize, bn: i32): usize {
  const n = (an > bn ? an : bn) + 1;
  const r = alloc(<usize>n << 2);
  let c: u64 = 0;
  for (let i = 0; i < n; i++) {
    const s = (i < an ? <u64>limb(a, i) : 0) + (i < bn ? <u64>limb(b, i) : 0) + c;
    setLimb(r, i, <u32>s);
    c = s >> 32;
  }
  mN = n;
  return r;
}
// a - b with |a| >= |b|
function magSub(a: usize, an: i32, b: usize, bn: i32): usize {
  const r = alloc(<usize>(an + 1) << 2);
  let borrow: i64 = 0;
  for (let i = 0; i < an; i++) {
    let d = <i64>limb(a, i) - (i < bn ? <i64>limb(b, i) : 0) - borrow;
    if (d < 0) { d += 0x100000000; borrow = 1; } else borrow = 0;
    setLimb(r, i, <u32>d);
  }
  mN = an;
  return r;
}
function magMul(a: usize, an: i32, b: usize, bn: i32): usize {
  const n = an + bn;
  const r = alloc(<usize>(n + 1) << 2);
  memory.fill(r, 0, <usize>(n + 1) << 2);
  for (let i = 0; i < an; i++) {
    let c: u64 = 0;
    const x = <u64>limb(a, i);
    for (let j = 0; j < bn; j++) {
      const t = x * <u64>limb(b, j) + <u64>limb(r, i + j) + c;
      setLimb(r, i + j, <u32>t);
      c = t >> 32;
    }
    setLimb(r, i + bn, <u32>c);
  }
  mN = n;
  return r;
}

export let qPtr: usize = 0;
export let qN: i32 = 0;
export let rPtr: usize = 0;
export let rN: i32 = 0;
// Bitwise long division of magnitudes (sizes here are small: a few limbs).
function magDivmod(a: usize, an: i32, b: usize, bn: i32): void {
  const q = alloc(<usize>(an + 1) << 2);
  const r = alloc(<usize>(bn + 2) << 2);
  memory.fill(q, 0, <usize>(an + 1) << 2);
  memory.fill(r, 0, <usize>(bn + 2) << 2);
  let rn = 0;
  for (let i = an * 32 - 1; i >= 0; i--) {
    // r = r << 1 | bit
    let carry: u32 = (limb(a, i >> 5) >> <u32>(i & 31)) & 1;
    for (let k = 0; k < bn + 1; k++) {
      const x = limb(r, k);
      setLimb(r, k, (x << 1) | carry);
      carry = x >> 31;
    }
    rn = trim(r, bn + 1);
    if (magCmp(r, rn, b, bn) >= 0) {
      let borrow: i64 = 0;
      for (let k = 0; k < bn + 1; k++) {
        let d = <i64>limb(r, k) - (k < bn ? <i64>limb(b, k) : 0) - borrow;
        if (d < 0) { d += 0x100000000; borrow = 1; } else borrow = 0;
        setLimb(r, k, <u32>d);
      }
      setLimb(q, i >> 5, limb(q, i >> 5) | (<u32>1 << <u32>(i & 31)));
    }
  }
  qPtr = q; qN = trim(q, an + 1); rPtr = r; rN = trim(r, bn + 1);
}

// Signed add of two integral numbers.
export function bigAdd(a: usize, b: usize, negateB: bool): usize {
  toMag(a);
  const as = mSign, ap = mPtr, an = mN;
  toMag(b);
  const bs = negateB ? -mSign : mSign, bp = mPtr, bn = mN;
  if (as == bs) { const r = magAdd(ap, an, bp, bn); return fromMag(as, r, mN); }
  const c = magCmp(ap, an, bp, bn);
  if (c == 0) return mkInt(0);
  if (c > 0) { const r = magSub(ap, an, bp, bn); return fromMag(as, r, mN); }
  const r = magSub(bp, bn, ap, an);
  return fromMag(bs, r, mN);
}
export function bigMul(a: usize, b: usize): usize {
  toMag(a);
  const as = mSign, ap = mPtr, an = mN;
  toMag(b);
  const r = magMul(ap, an, mPtr, mN);
  return fromMag(as * mSign, r, mN);
}
// Truncated division (Go big.Int Quo/Rem). Divisor must be nonzero. Sets quotient/remainder values.
export let quoV: usize = 0;
export let remV: usize = 0;
export function bigDivmod(a: usize, b: usize): void {
  toMag(a);
  const as = mSign, ap = mPtr, an = mN;
  toMag(b);
  magDivmod(ap, an, mPtr, mN);
  quoV = fromMag(as * mSign, qPtr, qN);
  remV = fromMag(as, rPtr, rN);
}
export function bigNeg(a: usize): usize {
  toMag(a);
  return fromMag(-mSign, mPtr, mN);
}
export function bigAbs(a: usize): usize {
  toMag(a);
  return fromMag(1, mPtr, mN);
}
export function bigShl(a: usize, k: i32): usize {
  toMag(a);
  const words = k >> 5, bits = k & 31;
  const n = mN + words + 1;
  const r = alloc(<usize>n << 2);
  memory.fill(r, 0, <usize>n << 2);
  for (let i = 0; i < mN; i++) {
    const x = <u64>limb(mPtr, i) << <u64>bits;
    setLimb(r, i + words, limb(r, i + words) | <u32>x);
    setLimb(r, i + words + 1, <u32>(x >> 32));
  }
  return fromMag(mSign, r, n);
}

export function bigCmp(a: usize, b: usize): i32 {
  toMag(a);
  const as = mN == 0 ? 0 : mSign, ap = mPtr, an = mN;
  toMag(b);
  const bs = mN == 0 ? 0 : mSign;
  if (as != bs) return as < bs ? -1 : 1;
  const c = magCmp(ap, an, mPtr, mN);
  return as < 0 ? -c : c;
}

export function bigToF64(v: usize): f64 {
  const s = load<i32>(v, 4), p = <usize>load<i32>(v, 8), n = load<i32>(v, 12);
  let f: f64 = 0;
  for (let i = n - 1; i >= 0; i--) f = f * 4294967296.0 + <f64>limb(p, i);
  return s < 0 ? -f : f;
}

// Decimal digits (no sign) to a magnitude; result in m* registers.
export function decToMag(p: usize, n: i32): void {
  let cap = n / 9 + 2;
  const r = alloc(<usize>cap << 2);
  memory.fill(r, 0, <usize>cap << 2);
  let rn = 0;
  for (let i = 0; i < n; i++) {
    let c: u64 = <u64>(load<u8>(p + <usize>i) - 48);
    for (let k = 0; k < rn; k++) {
      const t = <u64>limb(r, k) * 10 + c;
      setLimb(r, k, <u32>t);
      c = t >> 32;
    }
    if (c != 0) { setLimb(r, rn, <u32>c); rn++; }
  }
  mSign = 1; mPtr = r; mN = rn;
}

// Writes the decimal digits of a big value (with '-' when negative) to tmp; returns the length.
export function bigToDec(v: usize, out: usize): i32 {
  const s = load<i32>(v, 4), p = <usize>load<i32>(v, 8);
  let n = load<i32>(v, 12);
  const w = alloc(<usize>n << 2);
  memory.copy(w, p, <usize>n << 2);
  const tmp = alloc(<usize>(n * 10 + 2));
  let len = 0;
  while (n > 0) {
    let rem: u64 = 0;
    for (let i = n - 1; i >= 0; i--) {
      const cur = (rem << 32) | <u64>limb(w, i);
      setLimb(w, i, <u32>(cur / 1000000000));
      rem = cur % 1000000000;
    }
    n = trim(w, n);
    for (let k = 0; k < 9; k++) {
      if (n == 0 && rem == 0 && k > 0) break;
      store<u8>(tmp + <usize>(len++), <u8>(48 + rem % 10));
      rem /= 10;
    }
  }
  let o = 0;
  if (s < 0) store<u8>(out + <usize>(o++), 45);
  while (len > 0) store<u8>(out + <usize>(o++), load<u8>(tmp + <usize>(--len)));
  return o;
}
export function bigDecLen(v: usize): i32 { return load<i32>(v, 12) * 10 + 2; }


