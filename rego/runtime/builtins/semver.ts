// semver.is_valid / semver.compare (SemVer 2.0.0: no leading zeros in numeric parts, non-empty identifiers,
// build metadata ignored for ordering).
import { vtype, T_STR, mkBool, mkInt, strPtr, strLen } from "../value";
import { typeErr } from "../types";
import { fail, E_BUILTIN } from "../error";
import { bufNew, bufLit, bufByte, bufBytes, bufToStr } from "../buf";

// parse results: offsets into the string
let majS = 0, majE = 0, minS = 0, minE = 0, patS = 0, patE = 0, preS = 0, preE = 0;

@inline function isDigit(c: u32): bool { return c >= 48 && c <= 57; }
@inline function isIdent(c: u32): bool { return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45; }

function numPart(p: usize, n: i32, i: i32): i32 {
  const s = i;
  while (i < n && isDigit(load<u8>(p + <usize>i))) i++;
  if (i == s) return -1;
  if (i - s > 1 && load<u8>(p + <usize>s) == 48) return -1;
  return i;
}
// dot-separated identifiers from i; numeric ones without leading zeros when `strictNum`; returns end or -1
function idents(p: usize, n: i32, i: i32, strictNum: bool, stop: u32): i32 {
  while (true) {
    const s = i;
    let allDigits = true;
    while (i < n) {
      const c = <u32>load<u8>(p + <usize>i);
      if (c == 46 || c == stop) break;
      if (!isIdent(c)) return -1;
      if (!isDigit(c)) allDigits = false;
      i++;
    }
    if (i == s) return -1;
    if (strictNum && allDigits && i - s > 1 && load<u8>(p + <usize>s) == 48) return -1;
    if (i < n && load<u8>(p + <usize>i) == 46) { i++; continue; }
    return i;
  }
  return -1;
}

function parse(s: usize): bool {
  const p = strPtr(s), n = strLen(s);
  let i = numPart(p, n, 0);
  if (i < 0 || i >= n || load<u8>(p + <usize>i) != 46) return false;
  majS = 0; majE = i;
  minS = i + 1; i = numPart(p, n, i + 1);
  if (i < 0 || i >= n || load<u8>(p + <usize>i) != 46) return false;
  minE = i;
  patS = i + 1; i = numPart(p, n, i + 1);
  if (i < 0) return false;
  patE = i;
  preS = i; preE = i;
  if (i < n && load<u8>(p + <usize>i) == 45) {
    preS = i + 1;
    i = idents(p, n, i + 1, true, 43);
    if (i < 0) return false;
    preE = i;
  }
  if (i < n && load<u8>(p + <usize>i) == 43) {
    i = idents(p, n, i + 1, false, 0);
    if (i < 0) return false;
  }
  return i == n;
}

export function bi_semver_is_valid(v: usize): usize {
  if (vtype(v) != T_STR) return mkBool(false);
  return mkBool(parse(v));
}

function numCmp(p: usize, a: i32, b: i32, q: usize, c: i32, d: i32): i32 {
  if (b - a != d - c) return b - a < d - c ? -1 : 1;
  const r = memory.compare(p + <usize>a, q + <usize>c, <usize>(b - a));
  return r < 0 ? -1 : r > 0 ? 1 : 0;
}
function allDigits(p: usize, a: i32, b: i32): bool {
  for (let i = a; i < b; i++) if (!isDigit(load<u8>(p + <usize>i))) return false;
  return true;
}

function invalid(operand: i32, s: usize): usize {
  const b = bufNew(64);
  bufLit(b, "operand ");
  bufByte(b, <u32>(48 + operand));
  bufLit(b, ": string \"");
  bufBytes(b, strPtr(s), strLen(s));
  bufLit(b, "\" is not a valid SemVer");
  return fail(E_BUILTIN, "semver.compare", bufToStr(b));
}

export function bi_semver_compare(a: usize, b: usize): usize {
  if (vtype(a) != T_STR) return typeErr("semver.compare", 1, "string", a);
  if (vtype(b) != T_STR) return typeErr("semver.compare", 2, "string", b);
  if (!parse(a)) return invalid(1, a);
  const A0 = majS, A1 = majE, A2 = minS, A3 = minE, A4 = patS, A5 = patE, A6 = preS, A7 = preE;
  if (!parse(b)) return invalid(2, b);
  const p = strPtr(a), q = strPtr(b);
  let c = numCmp(p, A0, A1, q, majS, majE);
  if (c == 0) c = numCmp(p, A2, A3, q, minS, minE);
  if (c == 0) c = numCmp(p, A4, A5, q, patS, patE);
  if (c != 0) return mkInt(c);
  const ha = A7 > A6, hb = preE > preS;
  if (!ha && !hb) return mkInt(0);
  if (!ha) return mkInt(1);
  if (!hb) return mkInt(-1);
  // compare pre-release identifiers
  let i = A6, j = preS;
  while (true) {
    if (i >= A7 && j >= preE) return mkInt(0);
    if (i >= A7) return mkInt(-1);
    if (j >= preE) return mkInt(1);
    let ie = i; while (ie < A7 && load<u8>(p + <usize>ie) != 46) ie++;
    let je = j; while (je < preE && load<u8>(q + <usize>je) != 46) je++;
    const na = allDigits(p, i, ie), nb = allDigits(q, j, je);
    if (na && nb) c = numCmp(p, i, ie, q, j, je);
    else if (na) c = -1;
    else if (nb) c = 1;
    else {
      const m = ie - i < je - j ? ie - i : je - j;
      const r = memory.compare(p + <usize>i, q + <usize>j, <usize>m);
      c = r < 0 ? -1 : r > 0 ? 1 : (ie - i < je - j ? -1 : ie - i > je - j ? 1 : 0);
    }
    if (c != 0) return mkInt(c);
    i = ie + 1; j = je + 1;
    if (ie >= A7) i = A7;
    if (je >= preE) j = preE;
  }
  return mkInt(0);
}
