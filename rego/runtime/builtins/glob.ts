// glob.match: gobwas/glob syntax as OPA uses it: * (no delimiter), ** (anything), ?, [abc] [!a-z], {a,b}, \x.
// Delimiters: null = none, [] = ["."] (OPA's default), else the runes of the given strings.
import { vtype, vlen, T_STR, T_ARR, T_NULL, mkBool, arrGet, strPtr, strLen } from "../value";
import { alloc } from "../alloc";
import { typeErr } from "../types";
import { decodeRune, runeLen } from "../utf8";

let delims: usize = 0; // array value of strings, or 0
let defaultDot = false;

function isDelim(r: u32): bool {
  if (defaultDot) return r == 46;
  if (delims == 0) return false;
  const n = vlen(delims);
  for (let i = 0; i < n; i++) {
    const s = arrGet(delims, i);
    const p = strPtr(s), e = p + <usize>strLen(s);
    let q = p;
    while (q < e) {
      if (decodeRune(q, e) == r) return true;
      q += <usize>runeLen;
    }
  }
  return false;
}

// end of the {...} group starting at i (index of '{'), or -1
function groupEnd(p: usize, n: i32, i: i32): i32 {
  let depth = 0;
  for (let j = i; j < n; j++) {
    const c = load<u8>(p + <usize>j);
    if (c == 92) { j++; continue; }
    if (c == 123) depth++;
    else if (c == 125) { depth--; if (depth == 0) return j; }
  }
  return -1;
}

function classMatch(p: usize, i: i32, end: i32, r: u32): bool {
  let neg = false;
  if (i < end && load<u8>(p + <usize>i) == 33) { neg = true; i++; }
  let hit = false;
  while (i < end) {
    const lo = decodeRune(p + <usize>i, p + <usize>end);
    i += runeLen;
    if (i + 1 < end && load<u8>(p + <usize>i) == 45) {
      const hi = decodeRune(p + <usize>(i + 1), p + <usize>end);
      i += 1 + runeLen;
      if (r >= lo && r <= hi) hit = true;
    } else if (r == lo) hit = true;
  }
  return hit != neg;
}

function m(p: usize, pn: i32, pi: i32, s: usize, sn: i32, si: i32): bool {
  while (pi < pn) {
    const c = load<u8>(p + <usize>pi);
    if (c == 42) {
      let anyChar = false;
      let j = pi + 1;
      if (j < pn && load<u8>(p + <usize>j) == 42) { anyChar = true; }
      while (j < pn && load<u8>(p + <usize>j) == 42) j++;
      for (let k = si; k <= sn; ) {
        if (m(p, pn, j, s, sn, k)) return true;
        if (k == sn) break;
        const r = decodeRune(s + <usize>k, s + <usize>sn);
        if (!anyChar && isDelim(r)) break;
        k += runeLen;
      }
      return false;
    }
    if (c == 123) {
      const e = groupEnd(p, pn, pi);
      if (e < 0) return false;
      // try each alternative: pattern = alt + rest
      let a = pi + 1;
      let depth = 0;
      for (let j = pi + 1; j <= e; j++) {
        const d = load<u8>(p + <usize>j);
        if (d == 92) { j++; continue; }
        if (d == 123) depth++;
        else if (d == 125 && depth > 0) { depth--; continue; }
        if ((d == 44 && depth == 0) || j == e) {
          const altLen = j - a, restLen = pn - e - 1;
          const q = alloc(<usize>(altLen + restLen));
          memory.copy(q, p + <usize>a, <usize>altLen);
          memory.copy(q + <usize>altLen, p + <usize>(e + 1), <usize>restLen);
          if (m(q, altLen + restLen, 0, s, sn, si)) return true;
          a = j + 1;
        }
      }
      return false;
    }
    if (si >= sn) return false;
    const r = decodeRune(s + <usize>si, s + <usize>sn);
    const rl = runeLen;
    if (c == 63) {
      if (isDelim(r)) return false;
      pi++;
    } else if (c == 91) {
      let e = pi + 1;
      while (e < pn && load<u8>(p + <usize>e) != 93) e++;
      if (e >= pn) return false;
      if (!classMatch(p, pi + 1, e, r)) return false;
      pi = e + 1;
    } else {
      if (c == 92 && pi + 1 < pn) pi++;
      const pr = decodeRune(p + <usize>pi, p + <usize>pn);
      if (pr != r) return false;
      pi += runeLen;
    }
    si += rl;
  }
  return si == sn;
}

export function bi_glob_match(pat: usize, ds: usize, s: usize): usize {
  if (vtype(pat) != T_STR) return typeErr("glob.match", 1, "string", pat);
  const dt = vtype(ds);
  if (dt != T_NULL && dt != T_ARR) return typeErr("glob.match", 2, "array", ds);
  if (vtype(s) != T_STR) return typeErr("glob.match", 3, "string", s);
  defaultDot = dt == T_ARR && vlen(ds) == 0;
  delims = dt == T_ARR ? ds : 0;
  if (delims != 0) {
    for (let i = 0; i < vlen(ds); i++) if (vtype(arrGet(ds, i)) != T_STR) return typeErr("glob.match", 2, "array of strings", ds);
  }
  return mkBool(m(strPtr(pat), strLen(pat), 0, strPtr(s), strLen(s), 0));
}

// glob.quote_meta: backslash before the glob meta characters * ? \ [ ] { }
import { bufNew, bufByte, bufToStr } from "../buf";
export function bi_glob_quote_meta(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("glob.quote_meta", 1, "string", s);
  const p = strPtr(s), n = strLen(s);
  const b = bufNew(n + 8);
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c == 42 || c == 63 || c == 92 || c == 91 || c == 93 || c == 123 || c == 125) bufByte(b, 92);
    bufByte(b, c);
  }
  return bufToStr(b);
}
