// Number formatting: integers exactly; floats with the shortest digits that read back to the same f64 (plain notation for exponents in [-7, 21), like JavaScript, else d.ddde±x).
import { alloc } from "./alloc";
import { bufByte, bufI64, bufBytes } from "./buf";
import { vsub, N_INT, N_FLOAT, N_DEC, intOf, floatOf } from "./value";
import { bigToDec, bigDecLen } from "./bigint";
import { exactDigits, roundDigits, shortestExact, SN, DP, DN, DE } from "./exactdec";


// Writes `p` significant digits of |f| (f != 0) into tmp, correctly rounded (half to even on the exact
// expansion); returns the decimal exponent of the first digit.
export function digits(f: f64, p: i32, tmp: usize): i32 {
  exactDigits(f);
  return roundDigits(DP, DN, DE, p, tmp);
}

function layout(b: usize, neg: bool, tmp: usize, p: i32, e: i32): void {
  while (p > 1 && load<u8>(tmp + <usize>(p - 1)) == 48) p--;
  if (neg) bufByte(b, 45);
  if (e >= -7 && e < 21) {
    if (e < 0) {
      bufByte(b, 48); bufByte(b, 46);
      for (let i = -1; i > e; i--) bufByte(b, 48);
      bufBytes(b, tmp, p);
    } else if (p <= e + 1) {
      bufBytes(b, tmp, p);
      for (let i = p; i <= e; i++) bufByte(b, 48);
    } else {
      bufBytes(b, tmp, e + 1);
      bufByte(b, 46);
      bufBytes(b, tmp + <usize>(e + 1), p - e - 1);
    }
  } else {
    bufByte(b, load<u8>(tmp));
    if (p > 1) { bufByte(b, 46); bufBytes(b, tmp + 1, p - 1); }
    bufByte(b, 101);
    bufByte(b, e < 0 ? 45 : 43);
    bufI64(b, e < 0 ? -e : e);
  }
}

// Shortest significant digits of |a| (> 0) that read back to the same f64: digits in tmp (>= 64 bytes), count in
// NDIG (trailing zeros trimmed); returns the decimal exponent of the first digit.
export let NDIG: i32 = 0;
export function shortest(a: f64, tmp: usize): i32 {
  // fast path: a = D / 10^k with D < 2^53 and k <= 22 (exact operands, so the division is correctly rounded and
  // the first k that reads back gives the shortest digits); otherwise the exact big-number method
  if (a < 9007199254740992.0 && a >= 1e-7) {
    let p: f64 = 1;
    for (let k = 0; k <= 22; k++) {
      const d = Math.round(a * p);
      if (d >= 9007199254740992.0) break;
      if (d / p == a && d > 0) {
        let u = <u64>d;
        let n = 0;
        const t = tmp + 32;
        while (u != 0) { store<u8>(t + <usize>(n++), <u8>(48 + u % 10)); u /= 10; }
        for (let i = 0; i < n; i++) store<u8>(tmp + <usize>i, load<u8>(t + <usize>(n - 1 - i)));
        let nd = n;
        while (nd > 1 && load<u8>(tmp + <usize>(nd - 1)) == 48) nd--;
        NDIG = nd;
        return n - 1 - k;
      }
      p *= 10;
    }
  }
  const e = shortestExact(a, tmp);
  NDIG = SN;
  return e;
}

export function bufF64(b: usize, f: f64): void {
  if (f == 0) { bufByte(b, 48); return; }
  if (!isFinite(f)) { bufByte(b, 48); return; } // not representable in JSON; OPA never produces it
  const tmp = alloc(64);
  const e = shortest(Math.abs(f), tmp);
  layout(b, f < 0, tmp, NDIG, e);
}

export function bufNum(b: usize, v: usize): void {
  const k = vsub(v);
  if (k == N_INT) bufI64(b, intOf(v));
  else if (k == N_FLOAT) bufF64(b, floatOf(v));
  else if (k == N_DEC) {
    // a decimal literal prints as written (OPA keeps json.Number text: json.marshal(1.10) is "1.10"), when that
    // text is JSON; otherwise (".5" from to_number) as its shortest float
    const p = <usize>load<i32>(v, 4), n = load<i32>(v, 16);
    if (isJsonNumber(p, n)) bufBytes(b, p, n);
    else bufF64(b, floatOf(v));
  }
  else {
    const t = alloc(<usize>bigDecLen(v));
    bufBytes(b, t, bigToDec(v, t));
  }
}

function isJsonNumber(p: usize, n: i32): bool {
  let i = 0;
  if (i < n && load<u8>(p) == 45) i++;
  if (i >= n || load<u8>(p + <usize>i) < 48 || load<u8>(p + <usize>i) > 57) return false;
  if (load<u8>(p + <usize>i) == 48) i++;
  else while (i < n && load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) i++;
  if (i < n && load<u8>(p + <usize>i) == 46) {
    i++;
    const s = i;
    while (i < n && load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) i++;
    if (i == s) return false;
  }
  if (i < n && (load<u8>(p + <usize>i) | 32) == 101) {
    i++;
    if (i < n && (load<u8>(p + <usize>i) == 43 || load<u8>(p + <usize>i) == 45)) i++;
    const s = i;
    while (i < n && load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) i++;
    if (i == s) return false;
  }
  return i == n;
}
