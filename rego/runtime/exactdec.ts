// Exact decimal expansion of doubles (via big integers), so float formatting and parsing are correctly rounded:
// every double m·2^k has a finite decimal expansion; shortest output and round-half-even at any precision are
// decided on those exact digits, and parsed text is checked against the exact midpoints of its candidate.
import { alloc } from "./alloc";
import { mkInt, vsub, N_INT, intOf } from "./value";
import { bigMul, bigShl, bigToDec, bigDecLen } from "./bigint";

// result registers of expand / roundTo: digits (ASCII, no leading zeros), count, exponent of the first digit
export let DP: usize = 0;
export let DN: i32 = 0;
export let DE: i32 = 0;

// value = mant · 2^k (mant > 0)
function expand(mant: u64, k: i32): void {
  let v = mkInt(<i64>mant);
  if (k > 0) v = bigShl(v, k);
  else if (k < 0) {
    let n = -k;
    while (n > 0) {
      const step = n > 13 ? 13 : n;
      let f: i64 = 1;
      for (let i = 0; i < step; i++) f *= 5;
      v = bigMul(v, mkInt(f));
      n -= step;
    }
  }
  let p: usize, len: i32;
  if (vsub(v) == N_INT) {
    p = alloc(24);
    let u = <u64>intOf(v);
    const tmp = alloc(24);
    let t = 0;
    do { store<u8>(tmp + <usize>(t++), <u8>(48 + u % 10)); u /= 10; } while (u != 0);
    for (let i = 0; i < t; i++) store<u8>(p + <usize>i, load<u8>(tmp + <usize>(t - 1 - i)));
    len = t;
  } else {
    p = alloc(<usize>bigDecLen(v));
    len = bigToDec(v, p);
  }
  // strip trailing zeros (they carry no information once the exponent is known)
  let nd = len;
  while (nd > 1 && load<u8>(p + <usize>(nd - 1)) == 48) nd--;
  DP = p; DN = nd;
  DE = len - 1 + (k < 0 ? k : 0);
}

// decompose positive finite f into (mant, exp2) with f = mant · 2^exp2
let MANT: u64 = 0;
let EXP2: i32 = 0;
function decompose(f: f64): void {
  const bits = reinterpret<u64>(f);
  const be = <i32>((bits >> 52) & 0x7ff);
  const frac = bits & 0xfffffffffffff;
  if (be == 0) { MANT = frac; EXP2 = -1074; }
  else { MANT = frac | (<u64>1 << 52); EXP2 = be - 1075; }
}

// compare decimals (p1,n1,e1) and (p2,n2,e2), both positive without leading zeros
export function decCmp(p1: usize, n1: i32, e1: i32, p2: usize, n2: i32, e2: i32): i32 {
  if (e1 != e2) return e1 < e2 ? -1 : 1;
  const n = n1 > n2 ? n1 : n2;
  for (let i = 0; i < n; i++) {
    const a = i < n1 ? load<u8>(p1 + <usize>i) : 48;
    const b = i < n2 ? load<u8>(p2 + <usize>i) : 48;
    if (a != b) return a < b ? -1 : 1;
  }
  return 0;
}

// Round the digits (p, n, e) to `keep` significant digits, half to even, into out; returns the new exponent.
export function roundDigits(p: usize, n: i32, e: i32, keep: i32, out: usize): i32 {
  for (let i = 0; i < keep; i++) store<u8>(out + <usize>i, i < n ? load<u8>(p + <usize>i) : 48);
  if (n <= keep) return e;
  const d = load<u8>(p + <usize>keep);
  let up = d > 53;
  if (d == 53) {
    let rest = false;
    for (let i = keep + 1; i < n; i++) if (load<u8>(p + <usize>i) != 48) { rest = true; break; }
    up = rest || (keep > 0 && (load<u8>(out + <usize>(keep - 1)) & 1) == 1);
  }
  if (keep == 0) {
    // rounding below the first digit: result is 1 at exponent e+1 or zero
    if (up || (d == 53 && n > 1)) { store<u8>(out, 49); return e + 1; }
    store<u8>(out, 48);
    return e - 1000000; // marks zero
  }
  if (up) {
    let i = keep - 1;
    while (i >= 0) {
      const c = load<u8>(out + <usize>i);
      if (c == 57) { store<u8>(out + <usize>i, 48); i--; }
      else { store<u8>(out + <usize>i, c + 1); break; }
    }
    if (i < 0) { store<u8>(out, 49); for (let j = 1; j < keep; j++) store<u8>(out + <usize>j, 48); return e + 1; }
  }
  return e;
}

// Exact digits of |f| (f != 0, finite) in DP/DN/DE.
export function exactDigits(f: f64): void {
  decompose(Math.abs(f));
  expand(MANT, EXP2);
}

// Shortest digits that read back to f (f > 0 finite), nearest to f among them: into out, returns exponent,
// count in SN.
export let SN: i32 = 0;
export function shortestExact(f: f64, out: usize): i32 {
  decompose(f);
  const m = MANT, k = EXP2;
  expand(m, k);
  const vp = DP, vn = DN, ve = DE;
  // interval bounds (midpoints to the neighbours)
  const lowerCloser = m == (<u64>1 << 52) && k > -1074;
  if (lowerCloser) expand(4 * m - 1, k - 2); else expand(2 * m - 1, k - 1);
  const lp = DP, ln = DN, le = DE;
  expand(2 * m + 1, k - 1);
  const hp = DP, hn = DN, he = DE;
  const inclusive = (m & 1) == 0;
  for (let p = 1; p <= 17; p++) {
    const e = roundDigits(vp, vn, ve, p, out);
    let n = p;
    while (n > 1 && load<u8>(out + <usize>(n - 1)) == 48) n--;
    const cl = decCmp(out, n, e, lp, ln, le);
    const ch = decCmp(out, n, e, hp, hn, he);
    if ((cl > 0 || (inclusive && cl == 0)) && (ch < 0 || (inclusive && ch == 0))) { SN = n; return e; }
  }
  const e = roundDigits(vp, vn, ve, 17, out);
  SN = 17;
  return e;
}

// Correct a parsed candidate c (>0, finite) for the decimal (p, n, e): returns the nearest double.
export function correctParse(c: f64, p: usize, n: i32, e: i32): f64 {
  for (let iter = 0; iter < 4; iter++) {
    if (c == 0 || !isFinite(c)) return c;
    decompose(c);
    const m = MANT, k = EXP2;
    const lowerCloser = m == (<u64>1 << 52) && k > -1074;
    if (lowerCloser) expand(4 * m - 1, k - 2); else expand(2 * m - 1, k - 1);
    const cl = decCmp(p, n, e, DP, DN, DE);
    if (cl < 0 || (cl == 0 && (m & 1) == 1)) { c = reinterpret<f64>(reinterpret<u64>(c) - 1); continue; }
    expand(2 * m + 1, k - 1);
    const ch = decCmp(p, n, e, DP, DN, DE);
    if (ch > 0 || (ch == 0 && (m & 1) == 1)) { c = reinterpret<f64>(reinterpret<u64>(c) + 1); continue; }
    return c;
  }
  return c;
}
