// regex.match / is_valid / find_n / find_all_string_submatch_n / replace with Go regexp semantics.
import { vtype, T_STR, T_NUM, mkBool, mkStr, mkArr, arrPush, strPtr, strLen } from "../value";
import { typeErr } from "../types";
import { alloc } from "../alloc";
import { fail, E_BUILTIN } from "../error";
import { numF64 } from "../number";
import { reCompile, reSearch, reGroups, CAPS, reScratchBegin } from "../regex";
import { bufNew, bufLit, bufBytes, bufToStr, bufStrV } from "../buf";
import { decodeRune, runeLen } from "../utf8";

function compileOrFail(name: string, pat: usize): usize {
  reScratchBegin();
  const re = reCompile(strPtr(pat), strLen(pat));
  if (re == 0) {
    const b = bufNew(64);
    bufLit(b, "error parsing regexp: invalid or unsupported Perl syntax: `");
    bufStrV(b, pat);
    bufLit(b, "`");
    fail(E_BUILTIN, name, bufToStr(b));
  }
  return re;
}

export function bi_regex_is_valid(p: usize): usize {
  if (vtype(p) != T_STR) return mkBool(false);
  return mkBool(reCompile(strPtr(p), strLen(p)) != 0);
}

export function bi_regex_match(p: usize, s: usize): usize {
  if (vtype(p) != T_STR) return typeErr("regex.match", 1, "string", p);
  if (vtype(s) != T_STR) return typeErr("regex.match", 2, "string", s);
  const re = compileOrFail("regex.match", p);
  if (re == 0) return 0;
  return mkBool(reSearch(re, strPtr(s), strLen(s), 0));
}

// Go's FindAll iteration: successive non-overlapping matches; an empty match right after the previous match is
// skipped; calls back through the result array. Returns array of [start,end, group spans...] arrays of i32.
function findAll(re: usize, s: usize, limit: i32, groups: bool): usize {
  const t = strPtr(s), n = strLen(s);
  const out = mkArr(4);
  let pos = 0;
  let prevEnd = -1;
  const ng = reGroups(re);
  // mirrors Go's regexp allMatches loop
  while (pos <= n && (limit < 0 || vlenOf(out) < limit)) {
    if (!reSearch(re, t, n, pos)) break;
    const a = load<i32>(CAPS), b = load<i32>(CAPS, 4);
    let accept = true;
    if (b == pos) {
      if (a == prevEnd) accept = false;
      if (pos < n) { decodeRune(t + <usize>pos, t + <usize>n); pos += runeLen; } else pos = n + 1;
    } else pos = b;
    prevEnd = b;
    if (!accept) continue;
    if (groups) {
      const m = mkArr(ng + 1);
      for (let g = 0; g <= ng; g++) {
        const gs = load<i32>(CAPS + (<usize>(2 * g) << 2)), ge = load<i32>(CAPS + (<usize>(2 * g + 1) << 2));
        arrPush(m, gs < 0 ? mkStr(t, 0) : mkStr(t + <usize>gs, ge - gs));
      }
      arrPush(out, m);
    } else arrPush(out, mkStr(t + <usize>a, b - a));
  }
  return out;
}
@inline function vlenOf(a: usize): i32 { return load<i32>(a, 4); }

export function bi_regex_find_n(p: usize, s: usize, k: usize): usize {
  if (vtype(p) != T_STR) return typeErr("regex.find_n", 1, "string", p);
  if (vtype(s) != T_STR) return typeErr("regex.find_n", 2, "string", s);
  if (vtype(k) != T_NUM) return typeErr("regex.find_n", 3, "number", k);
  const re = compileOrFail("regex.find_n", p);
  if (re == 0) return 0;
  return findAll(re, s, <i32>numF64(k), false);
}
export function bi_regex_find_all_string_submatch_n(p: usize, s: usize, k: usize): usize {
  const name = "regex.find_all_string_submatch_n";
  if (vtype(p) != T_STR) return typeErr(name, 1, "string", p);
  if (vtype(s) != T_STR) return typeErr(name, 2, "string", s);
  if (vtype(k) != T_NUM) return typeErr(name, 3, "number", k);
  const re = compileOrFail(name, p);
  if (re == 0) return 0;
  return findAll(re, s, <i32>numF64(k), true);
}

// regex.replace(s, pattern, value): ReplaceAllString with $1 / ${1} expansion
export function bi_regex_replace(s: usize, p: usize, v: usize): usize {
  if (vtype(s) != T_STR) return typeErr("regex.replace", 1, "string", s);
  if (vtype(p) != T_STR) return typeErr("regex.replace", 2, "string", p);
  if (vtype(v) != T_STR) return typeErr("regex.replace", 3, "string", v);
  const re = compileOrFail("regex.replace", p);
  if (re == 0) return 0;
  const all = findAllSpans(re, s);
  const t = strPtr(s), n = strLen(s);
  const b = bufNew(n);
  let last = 0;
  const cnt = load<i32>(all, 4);
  const ng = reGroups(re);
  for (let i = 0; i < cnt; i++) {
    const spans = <usize>load<i32>(<usize>load<i32>(all) + (<usize>i << 2));
    const a = load<i32>(spans), e = load<i32>(spans, 4);
    bufBytes(b, t + <usize>last, a - last);
    expand(b, v, t, spans, ng, p);
    last = e;
  }
  bufBytes(b, t + <usize>last, n - last);
  return bufToStr(b);
}
// list (ptr,len) of span arrays (2*(ng+1) i32 each)
function findAllSpans(re: usize, s: usize): usize {
  const t = strPtr(s), n = strLen(s);
  const ng = reGroups(re);
  let cap = 8, cnt = 0;
  let arr: usize = alloc(<usize>cap << 2);
  let pos = 0, prevEnd = -1;
  while (pos <= n) {
    if (!reSearch(re, t, n, pos)) break;
    const a = load<i32>(CAPS), e = load<i32>(CAPS, 4);
    let accept = true;
    if (e == pos) {
      if (a == prevEnd) accept = false;
      if (pos < n) { decodeRune(t + <usize>pos, t + <usize>n); pos += runeLen; } else pos = n + 1;
    } else pos = e;
    prevEnd = e;
    if (!accept) continue;
    const sp = alloc(<usize>(2 * (ng + 1)) << 2);
    memory.copy(sp, CAPS, <usize>(2 * (ng + 1)) << 2);
    if (cnt == cap) { const na = alloc(<usize>(cap * 2) << 2); memory.copy(na, arr, <usize>cap << 2); arr = na; cap *= 2; }
    store<i32>(arr + (<usize>cnt << 2), <i32>sp); cnt++;
  }
  const r = alloc(8);
  store<i32>(r, <i32>arr); store<i32>(r, cnt, 4);
  return r;
}
function expand(b: usize, v: usize, t: usize, spans: usize, ng: i32, pat: usize): void {
  const p = strPtr(v), n = strLen(v);
  let i = 0;
  while (i < n) {
    const c = load<u8>(p + <usize>i);
    if (c != 36 || i + 1 >= n) { bufBytes(b, p + <usize>i, 1); i++; continue; }
    let j = i + 1;
    if (load<u8>(p + <usize>j) == 36) { bufBytes(b, p + <usize>j, 1); i = j + 1; continue; }
    let braced = false;
    if (load<u8>(p + <usize>j) == 123) { braced = true; j++; }
    let g = -1;
    const ds = j;
    while (j < n && load<u8>(p + <usize>j) >= 48 && load<u8>(p + <usize>j) <= 57) { g = (g < 0 ? 0 : g * 10) + <i32>(load<u8>(p + <usize>j) - 48); j++; }
    // a name that is not all digits is a named group (Go's Expand); one the pattern lacks expands to nothing
    while (j < n && isNameChar(load<u8>(p + <usize>j))) { j++; g = -2; }
    if (braced) { if (j < n && load<u8>(p + <usize>j) == 125) j++; else { bufBytes(b, p + <usize>i, 1); i++; continue; } }
    if (j == (braced ? ds + 1 : ds)) { bufBytes(b, p + <usize>i, 1); i++; continue; }
    if (g == -2) g = groupByName(pat, p + <usize>ds, (braced ? j - 1 : j) - ds);
    if (g >= 0 && g <= ng) {
      const gs = load<i32>(spans + (<usize>(2 * g) << 2)), ge = load<i32>(spans + (<usize>(2 * g + 1) << 2));
      if (gs >= 0) bufBytes(b, t + <usize>gs, ge - gs);
    }
    i = j;
  }
}
// The index of the capture group named (np, nl) in the pattern, or -1: capturing '(' counted as the parser
// numbers them (escapes and classes skipped; (?P<name> and (?<name> capture, other (? groups do not).
function groupByName(pat: usize, np: usize, nl: i32): i32 {
  const q = strPtr(pat), pn = strLen(pat);
  let idx = 0, i = 0;
  while (i < pn) {
    const c = load<u8>(q + <usize>i);
    if (c == 92) { i += 2; continue; }
    if (c == 91) {
      i++;
      if (i < pn && load<u8>(q + <usize>i) == 94) i++;
      if (i < pn && load<u8>(q + <usize>i) == 93) i++;
      while (i < pn && load<u8>(q + <usize>i) != 93) i += load<u8>(q + <usize>i) == 92 ? 2 : 1;
      i++;
      continue;
    }
    if (c == 40) {
      if (i + 1 < pn && load<u8>(q + <usize>(i + 1)) == 63) {
        let j = i + 2;
        if (j < pn && load<u8>(q + <usize>j) == 80) j++;
        if (j < pn && load<u8>(q + <usize>j) == 60) {
          idx++;
          const ns = j + 1;
          let k = ns;
          while (k < pn && load<u8>(q + <usize>k) != 62) k++;
          if (k - ns == nl && memory.compare(q + <usize>ns, np, <usize>nl) == 0) return idx;
          i = k;
        } else i = j;
        continue;
      }
      idx++;
    }
    i++;
  }
  return -1;
}
@inline function isNameChar(c: u32): bool { return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95; }

// regex.split: Go's Regexp.Split(s, -1) (RE2 semantics; capture groups are not included in the result)
export function bi_regex_split(p: usize, s: usize): usize {
  if (vtype(p) != T_STR) return typeErr("regex.split", 1, "string", p);
  if (vtype(s) != T_STR) return typeErr("regex.split", 2, "string", s);
  const re = compileOrFail("regex.split", p);
  if (re == 0) return 0;
  const t = strPtr(s), n = strLen(s);
  const out = mkArr(4);
  if (n == 0) { arrPush(out, mkStr(t, 0)); return out; }
  const all = findAllSpans(re, s);
  let beg = 0, end = 0;
  for (let i = 0; i < load<i32>(all, 4); i++) {
    const sp = <usize>load<i32>(<usize>load<i32>(all) + (<usize>i << 2));
    end = load<i32>(sp);
    if (load<i32>(sp, 4) != 0) arrPush(out, mkStr(t + <usize>beg, end - beg));
    beg = load<i32>(sp, 4);
  }
  if (end != n) arrPush(out, mkStr(t + <usize>beg, n - beg));
  return out;
}
