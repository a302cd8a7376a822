// Number helpers: conversion of the three number kinds to f64 and i64, and decimal text parsing.
import { vsub, N_INT, N_FLOAT, N_DEC, intOf, floatOf, mkInt, mkFloat, mkDec, isIntKind } from "./value";
import { bigToF64, decToMag, fromMag, mSign, mPtr, mN } from "./bigint";
import { correctParse } from "./exactdec";
import { scanDecimal, DT_NEG, DT_DIGITS, DT_ND, DT_EXP } from "./dectext";

const MAX_SAFE: f64 = 9007199254740992.0;

export function numF64(v: usize): f64 {
  const k = vsub(v);
  if (k == N_INT) return <f64>intOf(v);
  if (k == N_FLOAT || k == N_DEC) return floatOf(v);
  return bigToF64(v);
}

// True if the number is integral: ints and bigs (floats that are integral and fit 2^53 are stored as ints).
export function numIsInt(v: usize): bool {
  return isIntKind(v);
}

// i64 value of an integral number that fits (caller checked numIsInt).
export function numI64(v: usize): i64 {
  if (vsub(v) == N_INT) return intOf(v);
  return <i64>numF64(v);
}

@inline export function fitsSafe(f: f64): bool { return Math.abs(f) < MAX_SAFE; }

// Exact powers of ten representable in f64.
function pow10(e: i32): f64 {
  let r: f64 = 1.0;
  let b: f64 = 10.0;
  let n = e;
  while (n > 0) {
    if (n & 1) r *= b;
    b *= b;
    n >>= 1;
  }
  return r;
}

// Decimal text (JSON number syntax) to the nearest f64: a fast exact path (<= 15 digits, |exp| <= 22), else an
// approximation corrected against exact midpoints (exactdec.ts).
export function parseF64(p: usize, n: i32): f64 {
  scanDecimal(p, n, 0, true);
  const neg = DT_NEG, digs = DT_DIGITS, nd = DT_ND, exp10 = DT_EXP; // value = DIGITS · 10^exp10
  if (nd == 0) return neg ? -0.0 : 0.0;
  // first digit exponent
  const fe = exp10 + nd - 1;
  if (fe > 309) return neg ? -Infinity : Infinity;
  if (fe < -325) return neg ? -0.0 : 0.0;
  let mant: u64 = 0;
  const take = nd < 19 ? nd : 19;
  for (let k = 0; k < take; k++) mant = mant * 10 + <u64>(load<u8>(digs + <usize>k) - 48);
  const e10 = exp10 + (nd - take);
  let r: f64;
  if (nd <= 15 && e10 >= -22 && e10 <= 22) {
    r = e10 < 0 ? <f64>mant / pow10(-e10) : <f64>mant * pow10(e10);
  } else {
    if (e10 > 290) r = (<f64>mant * pow10(e10 - 290)) * 1e290;
    else if (e10 < -290) r = (<f64>mant / pow10(-e10 - 290)) / 1e290;
    else r = e10 < 0 ? <f64>mant / pow10(-e10) : <f64>mant * pow10(e10);
    if (r == 0) r = 5e-324;
    if (!isFinite(r)) r = 1.7976931348623157e308;
    r = correctParse(r, digs, nd, fe);
    if (r == 5e-324 && fe < -324) r = 0;
  }
  return neg ? -r : r;
}

// Parses an integer decimal text into i64; returns false on overflow or non-integer syntax.
let parsedInt: i64 = 0;
export function lastParsedInt(): i64 { return parsedInt; }
export function parseI64(p: usize, n: i32): bool {
  let i = 0;
  let neg = false;
  if (n > 0 && load<u8>(p) == 45) { neg = true; i = 1; }
  if (i >= n) return false;
  let r: u64 = 0;
  for (; i < n; i++) {
    const c = load<u8>(p + <usize>i);
    if (c < 48 || c > 57) return false;
    const d = <u64>(c - 48);
    if (r > (0x7fffffffffffffff - d) / 10) return false;
    r = r * 10 + d;
  }
  parsedInt = neg ? -<i64>r : <i64>r;
  return true;
}

// Number text (JSON syntax) to a value: integral values (also "1e30", "10.00") become exact ints / bigs, as
// OPA keeps them exact; others become floats.
export function parseNum(p: usize, n: i32): usize {
  if (parseI64(p, n)) return mkInt(parsedInt);
  scanDecimal(p, n, 401, false); // room for the zeros an exponent appends
  const neg = DT_NEG, digs = DT_DIGITS;
  let nd = DT_ND, exp = DT_EXP;
  if (nd == 0) return mkInt(0);
  while (nd > 0 && load<u8>(digs + <usize>(nd - 1)) == 48) { nd--; exp++; }
  // written as a float (fraction or exponent) and past float64's range: Go's ParseFloat fails on it, so OPA keeps
  // and prints the text (sprintf("%v", [2e308]) is "2e308"); keep it too instead of expanding the digits
  if (hasFloatSyntax(p, n) && beyondF64(digs, nd, exp)) return mkDec(parseF64(p, n), p, n);
  if (exp >= 0 && nd + exp <= 400) {
    for (let k = 0; k < exp; k++) store<u8>(digs + <usize>(nd++), 48);
    if (parseI64(digs, nd)) return mkInt(neg ? -parsedInt : parsedInt);
    decToMag(digs, nd);
    return fromMag(neg ? -1 : 1, mPtr, mN);
  }
  // not an integer (or one too long to expand): keep the text so comparisons stay exact
  return mkDec(parseF64(p, n), p, n);
}

function hasFloatSyntax(p: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    const c = load<u8>(p + <usize>i);
    if (c == 46 || c == 101 || c == 69) return true;
  }
  return false;
}

// |DIGITS · 10^exp| rounds past float64's largest value (1.7976931348623157e308 + half an ulp).
const F64_LIMIT = "1797693134862315807937";
function beyondF64(digs: usize, nd: i32, exp: i32): bool {
  const whole = nd + exp; // digits before the decimal point
  if (whole != 309) return whole > 309;
  for (let i = 0; i < F64_LIMIT.length; i++) {
    const d = i < nd ? <i32>load<u8>(digs + <usize>i) : 48;
    const l = F64_LIMIT.charCodeAt(i);
    if (d != l) return d > l;
  }
  return true;
}

// A decimal whose text lies past float64's range (Go's ParseFloat would fail on it).
export function decBeyondF64(p: usize, n: i32): bool {
  scanDecimal(p, n, 0, false);
  let nd = DT_ND, exp = DT_EXP;
  while (nd > 0 && load<u8>(DT_DIGITS + <usize>(nd - 1)) == 48) { nd--; exp++; }
  return nd > 0 && beyondF64(DT_DIGITS, nd, exp);
}
