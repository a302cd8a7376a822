// Number formatting: integers exactly; floats with the shortest of 15/16/17 significant digits that reads back
// to the same f64 (plain notation for exponents in [-7, 21), like JavaScript, else d.ddde±x).
import { alloc } from "./alloc";
import { bufByte, bufI64, bufBytes } from "./buf";
import { vsub, N_INT, N_FLOAT, intOf, floatOf } from "./value";
import { bigToDec, bigDecLen } from "./bigint";
import { parseF64 } from "./number";

function pow10(e: i32): f64 {
  let r: f64 = 1.0;
  for (let i = 0; i < e; i++) r *= 10.0;
  return r;
}

// Writes `p` significant digits of |f| into tmp; returns decimal exponent of the first digit.
function digits(f: f64, p: i32, tmp: usize): i32 {
  let e = <i32>Math.floor(Math.log10(f));
  let k = p - 1 - e;
  let d: f64 = k >= 0 ? (k > 300 ? (f * 1e300) * pow10(k - 300) : f * pow10(k)) : f / pow10(-k);
  d = Math.round(d);
  if (d >= pow10(p)) { e++; d = Math.round(d / 10); }
  else if (d < pow10(p - 1)) { e--; k = p - 1 - e; d = Math.round(k >= 0 ? f * pow10(k) : f / pow10(-k)); }
  let u = <u64>d;
  for (let i = p - 1; i >= 0; i--) { store<u8>(tmp + <usize>i, <u8>(48 + u % 10)); u /= 10; }
  return e;
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

export function bufF64(b: usize, f: f64): void {
  if (f == 0) { bufByte(b, 48); return; }
  if (!isFinite(f)) { bufByte(b, 48); return; } // not representable in JSON; OPA never produces it
  const neg = f < 0;
  const a = Math.abs(f);
  const tmp = alloc(64);
  for (let p = 15; p <= 17; p++) {
    const e = digits(a, p, tmp);
    // read back: build text "D.DDDe<exp>" in tmp+24
    const t = tmp + 24;
    store<u8>(t, load<u8>(tmp));
    store<u8>(t + 1, 46);
    memory.copy(t + 2, tmp + 1, <usize>(p - 1));
    let q = t + 1 + <usize>p;
    store<u8>(q++, 101);
    let ee = e;
    if (ee < 0) { store<u8>(q++, 45); ee = -ee; }
    if (ee >= 100) store<u8>(q++, <u8>(48 + ee / 100));
    if (ee >= 10) store<u8>(q++, <u8>(48 + (ee / 10) % 10));
    store<u8>(q++, <u8>(48 + ee % 10));
    if (p == 17 || parseF64(t, <i32>(q - t)) == a) {
      layout(b, neg, tmp, p, e);
      return;
    }
  }
}

export function bufNum(b: usize, v: usize): void {
  const k = vsub(v);
  if (k == N_INT) bufI64(b, intOf(v));
  else if (k == N_FLOAT) bufF64(b, floatOf(v));
  else {
    const t = alloc(<usize>bigDecLen(v));
    bufBytes(b, t, bigToDec(v, t));
  }
}
