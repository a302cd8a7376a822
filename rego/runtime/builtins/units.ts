// units.parse (SI and binary suffixes, m = milli) and units.parse_bytes (case-insensitive, integer result).
import { vtype, T_STR, mkFloat, mkInt, strPtr, strLen } from "../value";
import { typeErr } from "../types";
import { parseF64 } from "../number";
import { failLit, E_BUILTIN } from "../error";
import { validNumber } from "./types";
import { bi_floor } from "./numbers";
import { bufNew, bufByte, bufBytes, bufI64, bufPtr, bufLen } from "../buf";
import { parseNum } from "../number";
import { bi_mul } from "./ops";

// value of the decimal text [p, p+n) × k × 10^shift, exact (ints/bigs, or a decimal literal)
function exactScale(p: usize, n: i32, k: i64, shift: i32): usize {
  // split text into sign, digits and exponent
  let i = 0;
  const b = bufNew(n + 24);
  if (i < n && (load<u8>(p) == 45 || load<u8>(p) == 43)) { if (load<u8>(p) == 45) bufByte(b, 45); i++; }
  let exp = 0, sawDot = false, nd = 0;
  for (; i < n; i++) {
    const c = load<u8>(p + <usize>i);
    if (c == 46) { sawDot = true; continue; }
    if (c < 48 || c > 57) break;
    bufByte(b, c); nd++;
    if (sawDot) exp--;
  }
  if (nd == 0) bufByte(b, 48);
  if (i < n) {
    i++;
    let eneg = false;
    if (i < n && load<u8>(p + <usize>i) == 45) { eneg = true; i++; } else if (i < n && load<u8>(p + <usize>i) == 43) i++;
    let e = 0;
    for (; i < n; i++) { const c = load<u8>(p + <usize>i); if (c < 48 || c > 57) break; if (e < 100000) e = e * 10 + <i32>(c - 48); }
    exp += eneg ? -e : e;
  }
  const m = parseNum(bufPtr(b), bufLen(b)); // the digits as an exact integer
  const prod = bi_mul(m, mkInt(k));
  // text of prod, then "e<exp+shift>" and parse back exactly
  const t = bufNew(64);
  dumpNum(t, prod);
  bufByte(t, 101);
  bufI64(t, <i64>(exp + shift));
  const r = parseNum(bufPtr(t), bufLen(t));
  // a decimal equal to its float's shortest form is just that float (prints as 0.5, not 500e-3)
  if (vsub(r) == N_DEC) {
    const f = mkFloat(floatOf(r));
    if (compare(f, r) == 0) return f;
  }
  return r;
}
import { bufNum } from "../format";
import { vsub, N_DEC, floatOf } from "../value";
import { compare } from "../compare";
function dumpNum(b: usize, v: usize): void { bufNum(b, v); }


function lower(c: u32): u32 { return c >= 65 && c <= 90 ? c + 32 : c; }

function unitsImpl(name: string, s: usize, bytes: bool): usize {
  if (vtype(s) != T_STR) return typeErr(name, 1, "string", s);
  let p = strPtr(s), n = strLen(s);
  // surrounding double quotes are ignored
  if (n >= 2 && load<u8>(p) == 34 && load<u8>(p + <usize>(n - 1)) == 34) { p++; n -= 2; }
  for (let i = 0; i < n; i++) if (load<u8>(p + <usize>i) == 32) return failLit(E_BUILTIN, name, "spaces not allowed in resource strings");
  // number part: [0-9.]+ optionally followed by e[+-]digits
  let i = 0;
  if (i < n && (load<u8>(p) == 45 || load<u8>(p) == 43)) i++;
  while (i < n && ((load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) || load<u8>(p + <usize>i) == 46)) i++;
  if (i < n && (load<u8>(p + <usize>i) | 32) == 101) {
    let j = i + 1;
    if (j < n && (load<u8>(p + <usize>j) == 43 || load<u8>(p + <usize>j) == 45)) j++;
    if (j < n && load<u8>(p + <usize>j) >= 48 && load<u8>(p + <usize>j) <= 57) {
      while (j < n && load<u8>(p + <usize>j) >= 48 && load<u8>(p + <usize>j) <= 57) j++;
      i = j;
    }
  }
  if (i == 0 || (i == 1 && (load<u8>(p) == 45 || load<u8>(p) == 43))) return failLit(E_BUILTIN, name, bytes ? "no byte amount provided" : "no amount provided");
  if (!validNumber(p, i)) return failLit(E_BUILTIN, name, bytes ? "could not parse byte amount to a number" : "could not parse amount to a number");
  const x = parseF64(p, i);
  if (!isFinite(x)) return failLit(E_BUILTIN, name, "exponent too large");
  // unit
  const u = p + <usize>i, un = n - i;
  let c0: u32 = un > 0 ? <u32>load<u8>(u) : 0;
  let rest = un - 1;
  let bin = false;
  if (un >= 2 && lower(load<u8>(u + 1)) == 105) { bin = true; rest--; }
  if (bytes && rest == 1 && lower(load<u8>(u + <usize>(un - 1))) == 98) rest--;
  if (un > 0 && rest != 0) return failLit(E_BUILTIN, name, bytes ? "byte unit not recognized" : "unit not recognized");
  let mult: f64 = 1;
  if (un > 0) {
    const base: f64 = bin ? 1024 : 1000;
    let e = 0;
    const c = (!bytes && c0 == 109 && !bin) ? c0 : lower(c0);
    if (c == 109 && !bytes && !bin) { mult = 0.001; e = -1; }
    else if (c == 107) e = 1;
    else if (c == 109) e = 2;
    else if (c == 103) e = 3;
    else if (c == 116) e = 4;
    else if (c == 112) e = 5;
    else if (c == 101) e = 6;
    else if (c == 98 && bytes && !bin && un == 1) e = 0;
    else return failLit(E_BUILTIN, name, bytes ? "byte unit not recognized" : "unit not recognized");
    if (c0 == 77 && !bytes) e = 2; // "M" is mega, "m" milli
    if (e > 0) mult = Math.pow(base, <f64>e);
  }
  // exact decimal arithmetic, as OPA's: amount (its digits) × multiplier, then scaled by the decimal exponent
  const r = exactScale(p, i, mult < 1 ? 1 : <i64>mult, mult < 1 ? -3 : 0);
  if (bytes) return bi_floor(r);
  return r;
}
export function bi_units_parse(s: usize): usize { return unitsImpl("units.parse", s, false); }
export function bi_units_parse_bytes(s: usize): usize { return unitsImpl("units.parse_bytes", s, true); }
