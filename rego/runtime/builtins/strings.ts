// String builtins. Indexes and lengths count code points as OPA does; matching is on UTF-8 bytes.
import {
  vtype, vlen, T_NUM, T_SET, T_ARR, T_OBJ, T_STR, mkBool, mkInt, mkStr, mkArr, arrPush, arrGet, keyAtRaw,
  valAtRaw, strPtr, strLen, lit,
} from "../value";
import { ensureSorted } from "../collections";
import { numF64, numIsInt } from "../number";
import { typeErr, typeErrMsg } from "../types";
import { bufNew, bufBytes, bufByte, bufStrV, bufToStr, bufRune, bufLen, bufPtr, bufSetLen } from "../buf";
import { decodeRune, runeLen, byteOffset, cpIndex, find, isSpaceRune } from "../utf8";
import { failLit, E_BUILTIN } from "../error";

@inline function elemOf(v: usize, i: i32): usize { return vtype(v) == T_ARR ? arrGet(v, i) : keyAtRaw(v, i); }
@inline function isStr(v: usize): bool { return vtype(v) == T_STR; }

export function bi_concat(d: usize, c: usize): usize {
  if (!isStr(d)) return typeErr("concat", 1, "string", d);
  const t = vtype(c);
  if (t != T_ARR && t != T_SET) return typeErr("concat", 2, "one of {array, set}", c);
  if (t == T_SET) ensureSorted(c);
  const b = bufNew(64);
  const n = vlen(c);
  for (let i = 0; i < n; i++) {
    const s = elemOf(c, i);
    if (!isStr(s)) return typeErr("concat", 2, "one of {array, set} of strings", c);
    if (i > 0) bufStrV(b, d);
    bufStrV(b, s);
  }
  return bufToStr(b);
}

function has(name: string, a: usize, b: usize, mode: i32): usize {
  if (!isStr(a)) return typeErr(name, 1, "string", a);
  if (!isStr(b)) return typeErr(name, 2, "string", b);
  const an = strLen(a), bn = strLen(b);
  if (bn > an) return mkBool(false);
  if (mode == 0) return mkBool(find(strPtr(a), an, strPtr(b), bn, 0) >= 0);
  const off = mode == 1 ? 0 : an - bn;
  return mkBool(memory.compare(strPtr(a) + <usize>off, strPtr(b), <usize>bn) == 0);
}
export function bi_contains(a: usize, b: usize): usize { return has("contains", a, b, 0); }
export function bi_startswith(a: usize, b: usize): usize { return has("startswith", a, b, 1); }
export function bi_endswith(a: usize, b: usize): usize { return has("endswith", a, b, 2); }

// Case mapping (simple, one rune to one rune): ASCII, Latin-1, Latin Extended-A and Extended Additional (case
// pairs at even/odd code points), Greek, Cyrillic, Armenian and fullwidth Latin.
function pairUpper(r: u32): bool {
  // blocks where upper case is the even code point and lower case the odd one
  return (r >= 0x100 && r <= 0x12f) || (r >= 0x132 && r <= 0x137) || (r >= 0x14a && r <= 0x177) ||
    (r >= 0x1e00 && r <= 0x1e95) || (r >= 0x1ea0 && r <= 0x1eff) || (r >= 0x460 && r <= 0x481) || (r >= 0x48a && r <= 0x4bf) ||
    (r >= 0x4d0 && r <= 0x52f);
}
function pairOdd(r: u32): bool {
  // blocks where upper case is the odd code point: Latin Extended-A 0x139-0x148, 0x179-0x17e; Cyrillic 0x4c1-0x4ce
  return (r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17e) || (r >= 0x4c1 && r <= 0x4ce);
}
export function toUpperRune(r: u32): u32 {
  if (r >= 97 && r <= 122) return r - 32;
  if (r < 0x80) return r;
  if ((r >= 0xe0 && r <= 0xfe && r != 0xf7)) return r - 32;
  if (r == 0xff) return 0x178;
  if (pairUpper(r)) return r & ~1;
  if (pairOdd(r)) return (r & 1) == 0 ? r - 1 : r;
  if (r >= 0x3b1 && r <= 0x3c9 && r != 0x3c2) return r - 32;
  if (r == 0x3c2) return 0x3a3;
  if (r >= 0x430 && r <= 0x44f) return r - 32;
  if (r >= 0x450 && r <= 0x45f) return r - 80;
  if (r >= 0x561 && r <= 0x586) return r - 48;
  if (r >= 0xff41 && r <= 0xff5a) return r - 32;
  return r;
}
export function toLowerRune(r: u32): u32 {
  if (r >= 65 && r <= 90) return r + 32;
  if (r < 0x80) return r;
  if ((r >= 0xc0 && r <= 0xde && r != 0xd7)) return r + 32;
  if (r == 0x178) return 0xff;
  if (r == 0x1e9e) return 0xdf;
  if (pairUpper(r)) return r | 1;
  if (pairOdd(r)) return (r & 1) == 1 ? r + 1 : r;
  if (r >= 0x391 && r <= 0x3a9 && r != 0x3a2) return r + 32;
  if (r >= 0x410 && r <= 0x42f) return r + 32;
  if (r >= 0x400 && r <= 0x40f) return r + 80;
  if (r >= 0x531 && r <= 0x556) return r + 48;
  if (r >= 0xff21 && r <= 0xff3a) return r + 32;
  return r;
}
function mapCase(name: string, s: usize, up: bool): usize {
  if (!isStr(s)) return typeErr(name, 1, "string", s);
  const p = strPtr(s), n = strLen(s), e = p + <usize>n;
  const b = bufNew(n);
  let i: usize = p;
  while (i < e) {
    const r = decodeRune(i, e);
    const l = runeLen;
    bufRune(b, up ? toUpperRune(r) : toLowerRune(r));
    i += <usize>l;
  }
  return bufToStr(b);
}
export function bi_lower(s: usize): usize { return mapCase("lower", s, false); }
export function bi_upper(s: usize): usize { return mapCase("upper", s, true); }

// Go's strings.Split semantics (empty separator splits into code points).
function splitAll(s: usize, d: usize): usize {
  const p = strPtr(s), n = strLen(s), dp = strPtr(d), dn = strLen(d);
  const r = mkArr(4);
  if (dn == 0) {
    let i = 0;
    while (i < n) {
      decodeRune(p + <usize>i, p + <usize>n);
      arrPush(r, mkStr(p + <usize>i, runeLen));
      i += runeLen;
    }
    return r;
  }
  let start = 0;
  while (true) {
    const j = find(p, n, dp, dn, start);
    if (j < 0) break;
    arrPush(r, mkStr(p + <usize>start, j - start));
    start = j + dn;
  }
  arrPush(r, mkStr(p + <usize>start, n - start));
  return r;
}
export function bi_split(s: usize, d: usize): usize {
  if (!isStr(s)) return typeErr("split", 1, "string", s);
  if (!isStr(d)) return typeErr("split", 2, "string", d);
  return splitAll(s, d);
}
export function bi_strings_split_n(s: usize, d: usize, k: usize): usize {
  if (!isStr(s)) return typeErr("strings.split_n", 1, "string", s);
  if (!isStr(d)) return typeErr("strings.split_n", 2, "string", d);
  if (vtype(k) != T_NUM) return typeErr("strings.split_n", 3, "number", k);
  if (!numIsInt(k)) return typeErrMsg("strings.split_n", "operand 3 must be integer number but got floating-point number");
  const all = splitAll(s, d);
  const n = vlen(all);
  const f = numF64(k);
  let from = 0, to = n;
  if (f >= 0) to = f < <f64>n ? <i32>f : n;
  else from = -f < <f64>n ? n + <i32>f : 0;
  const r = mkArr(to - from);
  for (let i = from; i < to; i++) arrPush(r, arrGet(all, i));
  return r;
}

// strings.ReplaceAll; an empty `old` inserts `new` around every code point.
function replaceAll(s: usize, o: usize, nw: usize, limit: i32): usize {
  const p = strPtr(s), n = strLen(s), op = strPtr(o), on = strLen(o);
  const b = bufNew(n);
  let start = 0, count = 0;
  if (on == 0) {
    let i = 0;
    while (i <= n) {
      if (limit >= 0 && count >= limit) { bufBytes(b, p + <usize>i, n - i); return bufToStr(b); }
      bufStrV(b, nw);
      count++;
      if (i == n) break;
      decodeRune(p + <usize>i, p + <usize>n);
      bufBytes(b, p + <usize>i, runeLen);
      i += runeLen;
    }
    return bufToStr(b);
  }
  while (limit < 0 || count < limit) {
    const j = find(p, n, op, on, start);
    if (j < 0) break;
    bufBytes(b, p + <usize>start, j - start);
    bufStrV(b, nw);
    start = j + on;
    count++;
  }
  bufBytes(b, p + <usize>start, n - start);
  return bufToStr(b);
}
export function bi_replace(s: usize, o: usize, nw: usize): usize {
  if (!isStr(s)) return typeErr("replace", 1, "string", s);
  if (!isStr(o)) return typeErr("replace", 2, "string", o);
  if (!isStr(nw)) return typeErr("replace", 3, "string", nw);
  return replaceAll(s, o, nw, -1);
}

// Go strings.NewReplacer: at each position the first pattern (in sorted key order) that matches wins.
export function bi_strings_replace_n(pats: usize, s: usize): usize {
  if (vtype(pats) != T_OBJ) return typeErr("strings.replace_n", 1, "object", pats);
  if (!isStr(s)) return typeErr("strings.replace_n", 2, "string", s);
  ensureSorted(pats);
  const m = vlen(pats);
  for (let k = 0; k < m; k++) {
    if (!isStr(keyAtRaw(pats, k))) return typeErrMsg("strings.replace_n", "operand 1 non-string key found in pattern object");
    if (!isStr(valAtRaw(pats, k))) return typeErrMsg("strings.replace_n", "operand 1 non-string value found in pattern object");
  }
  // Go's generic Replacer: at each byte position the first key in (sorted) order that matches wins; an empty
  // key matches everywhere, but not twice in a row at the same position.
  const p = strPtr(s), n = strLen(s);
  const b = bufNew(n);
  let i = 0;
  let prevEmpty = false;
  while (i <= n) {
    let hit = -1;
    for (let k = 0; k < m; k++) {
      const o = keyAtRaw(pats, k), on = strLen(o);
      if (on == 0) { if (!prevEmpty) { hit = k; break; } continue; }
      if (i + on <= n && memory.compare(p + <usize>i, strPtr(o), <usize>on) == 0) { hit = k; break; }
    }
    if (hit >= 0) {
      const kl = strLen(keyAtRaw(pats, hit));
      bufStrV(b, valAtRaw(pats, hit));
      i += kl;
      prevEmpty = kl == 0;
      continue;
    }
    prevEmpty = false;
    if (i < n) bufByte(b, load<u8>(p + <usize>i));
    i++;
  }
  return bufToStr(b);
}

function inCutset(r: u32, c: usize): bool {
  const p = strPtr(c), e = p + <usize>strLen(c);
  let i = p;
  while (i < e) {
    if (decodeRune(i, e) == r) return true;
    i += <usize>runeLen;
  }
  return false;
}
// which: 1 left, 2 right, 3 both; cut 0 = whitespace
function trimImpl(name: string, s: usize, c: usize, which: i32): usize {
  if (!isStr(s)) return typeErr(name, 1, "string", s);
  if (c != 0 && !isStr(c)) return typeErr(name, 2, "string", c);
  const p = strPtr(s);
  let a = 0, z = strLen(s);
  if (which & 1) {
    while (a < z) {
      const r = decodeRune(p + <usize>a, p + <usize>z);
      if (c == 0 ? !isSpaceRune(r) : !inCutset(r, c)) break;
      a += runeLen;
    }
  }
  if (which & 2) {
    while (z > a) {
      let q = z - 1;
      while (q > a && (load<u8>(p + <usize>q) & 0xc0) == 0x80) q--;
      const r = decodeRune(p + <usize>q, p + <usize>z);
      if (c == 0 ? !isSpaceRune(r) : !inCutset(r, c)) break;
      z = q;
    }
  }
  return mkStr(p + <usize>a, z - a);
}
export function bi_trim(s: usize, c: usize): usize { return trimImpl("trim", s, c, 3); }
export function bi_trim_left(s: usize, c: usize): usize { return trimImpl("trim_left", s, c, 1); }
export function bi_trim_right(s: usize, c: usize): usize { return trimImpl("trim_right", s, c, 2); }
export function bi_trim_space(s: usize): usize { return trimImpl("trim_space", s, 0, 3); }
export function bi_trim_prefix(s: usize, x: usize): usize {
  if (!isStr(s)) return typeErr("trim_prefix", 1, "string", s);
  if (!isStr(x)) return typeErr("trim_prefix", 2, "string", x);
  const n = strLen(s), m = strLen(x);
  if (m <= n && memory.compare(strPtr(s), strPtr(x), <usize>m) == 0) return mkStr(strPtr(s) + <usize>m, n - m);
  return s;
}
export function bi_trim_suffix(s: usize, x: usize): usize {
  if (!isStr(s)) return typeErr("trim_suffix", 1, "string", s);
  if (!isStr(x)) return typeErr("trim_suffix", 2, "string", x);
  const n = strLen(s), m = strLen(x);
  if (m <= n && memory.compare(strPtr(s) + <usize>(n - m), strPtr(x), <usize>m) == 0) return mkStr(strPtr(s), n - m);
  return s;
}

export function bi_substring(s: usize, st: usize, ln: usize): usize {
  if (!isStr(s)) return typeErr("substring", 1, "string", s);
  if (vtype(st) != T_NUM) return typeErr("substring", 2, "number", st);
  if (vtype(ln) != T_NUM) return typeErr("substring", 3, "number", ln);
  if (!numIsInt(st)) return typeErrMsg("substring", "operand 2 must be integer number but got floating-point number");
  if (!numIsInt(ln)) return typeErrMsg("substring", "operand 3 must be integer number but got floating-point number");
  const start = numF64(st), len = numF64(ln);
  if (start < 0) return failLit(E_BUILTIN, "substring", "negative offset");
  const p = strPtr(s), n = strLen(s);
  const a = byteOffset(p, n, start > 2e9 ? 2000000000 : <i32>start);
  if (a >= n) return lit("");
  let z = n;
  if (len >= 0) z = a + byteOffset(p + <usize>a, n - a, len > 2e9 ? 2000000000 : <i32>len);
  return mkStr(p + <usize>a, z - a);
}

export function bi_indexof(s: usize, x: usize): usize {
  if (!isStr(s)) return typeErr("indexof", 1, "string", s);
  if (!isStr(x)) return typeErr("indexof", 2, "string", x);
  const j = find(strPtr(s), strLen(s), strPtr(x), strLen(x), 0);
  return mkInt(j < 0 ? -1 : cpIndex(strPtr(s), j));
}
export function bi_indexof_n(s: usize, x: usize): usize {
  if (!isStr(s)) return typeErr("indexof_n", 1, "string", s);
  if (!isStr(x)) return typeErr("indexof_n", 2, "string", x);
  const r = mkArr(4);
  const p = strPtr(s), n = strLen(s), m = strLen(x);
  let from = 0;
  while (true) {
    const j = find(p, n, strPtr(x), m, from);
    if (j < 0 || (m == 0 && j >= n)) break;
    arrPush(r, mkInt(cpIndex(p, j)));
    from = j + (m == 0 ? 1 : 1);
  }
  return r;
}

export function bi_strings_reverse(s: usize): usize {
  if (!isStr(s)) return typeErr("strings.reverse", 1, "string", s);
  const p = strPtr(s), n = strLen(s);
  const b = bufNew(n);
  let z = n;
  while (z > 0) {
    let q = z - 1;
    while (q > 0 && (load<u8>(p + <usize>q) & 0xc0) == 0x80) q--;
    bufBytes(b, p + <usize>q, z - q);
    z = q;
  }
  return bufToStr(b);
}

export function bi_strings_count(s: usize, x: usize): usize {
  if (!isStr(s)) return typeErr("strings.count", 1, "string", s);
  if (!isStr(x)) return typeErr("strings.count", 2, "string", x);
  const p = strPtr(s), n = strLen(s), m = strLen(x);
  if (m == 0) return mkInt(cpIndex(p, n) + 1);
  let c = 0, from = 0;
  while (true) {
    const j = find(p, n, strPtr(x), m, from);
    if (j < 0) break;
    c++;
    from = j + m;
  }
  return mkInt(c);
}

// operand: string, or array/set of strings; returns 0 (and reports) on a type error
function strList(name: string, operand: i32, v: usize): usize {
  const t = vtype(v);
  if (t == T_STR) { const a = mkArr(1); arrPush(a, v); return a; }
  if (t != T_ARR && t != T_SET) { typeErr(name, operand, "one of {string, set, array}", v); return 0; }
  const n = vlen(v);
  for (let i = 0; i < n; i++) {
    const e = elemOf(v, i);
    if (!isStr(e)) {
      const b = bufNew(64);
      const pre = t == T_ARR ? "array" : "set";
      const m = lit("operand ");
      bufStrV(b, m);
      bufByte(b, <u32>(48 + operand));
      bufStrV(b, lit(" must be "));
      bufStrV(b, lit(pre));
      bufStrV(b, lit(" of strings but got "));
      bufStrV(b, lit(pre));
      bufStrV(b, lit(" containing "));
      const tn = vtype(e);
      bufStrV(b, lit(tn == T_NUM ? "number" : tn == T_ARR ? "array" : tn == T_OBJ ? "object" : tn == T_SET ? "set" : tn == 1 ? "null" : "boolean"));
      typeErrMsgV(name, bufToStr(b));
      return 0;
    }
  }
  return v;
}
import { fail, E_TYPE } from "../error";
function typeErrMsgV(name: string, msg: usize): usize { return fail(E_TYPE, name, msg); }

function anyMatch(name: string, a: usize, b: usize, suffix: bool): usize {
  const xs = strList(name, 1, a);
  if (xs == 0) return 0;
  const ys = strList(name, 2, b);
  if (ys == 0) return 0;
  const n = vlen(xs), m = vlen(ys);
  for (let i = 0; i < n; i++) {
    const x = elemOf(xs, i);
    for (let j = 0; j < m; j++) {
      const y = elemOf(ys, j);
      const xn = strLen(x), yn = strLen(y);
      if (yn > xn) continue;
      const off = suffix ? xn - yn : 0;
      if (memory.compare(strPtr(x) + <usize>off, strPtr(y), <usize>yn) == 0) return mkBool(true);
    }
  }
  return mkBool(false);
}
export function bi_strings_any_prefix_match(a: usize, b: usize): usize { return anyMatch("strings.any_prefix_match", a, b, false); }
export function bi_strings_any_suffix_match(a: usize, b: usize): usize { return anyMatch("strings.any_suffix_match", a, b, true); }

export function bi_format_int(x: usize, base: usize): usize {
  if (vtype(x) != T_NUM) return typeErr("format_int", 1, "number", x);
  if (vtype(base) != T_NUM) return typeErr("format_int", 2, "number", base);
  const bs = numF64(base);
  if (bs != 2 && bs != 8 && bs != 10 && bs != 16) return typeErrMsg("format_int", "operand 2 must be one of {2, 8, 10, 16}"); // an operand outside its enum is a type error in OPA (ErrOperand)
  let f = numF64(x);
  f = f < 0 ? Math.ceil(f) : Math.floor(f);
  const neg = f < 0;
  let u = <u64>Math.abs(f);
  const B = <u64>bs;
  const b = bufNew(24);
  const tmp = bufNew(70);
  do {
    const d = <u32>(u % B);
    bufByte(tmp, d < 10 ? 48 + d : 87 + d);
    u /= B;
  } while (u != 0);
  if (neg) bufByte(b, 45);
  const tp = bufPtr(tmp);
  for (let i = bufLen(tmp) - 1; i >= 0; i--) bufByte(b, load<u8>(tp + <usize>i));
  bufSetLen(tmp, 0);
  return bufToStr(b);
}
