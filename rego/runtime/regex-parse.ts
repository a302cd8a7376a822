// Regular expressions, RE2 syntax (the subset policies use): literals, ., classes [a-z] [^..] \d \w \s and POSIX
// [:alpha:], groups (capturing, (?:..), (?P<name>..)), alternation, * + ? {m,n} (lazy with ?), anchors ^ $ \A \z
// \b \B, flags (?i) (?s) (?m) (?U), Unicode classes \pL \p{Lu} \p{Greek} \PL \p{^L} (unicode-classes.ts).
// Parsed into a tree of 20-byte nodes, then compiled (regex.ts).
import { alloc } from "./alloc";
import { decodeRune, runeLen } from "./utf8";
import { UNICODE_CLASS_COUNTS, UNICODE_CLASS_NAMES, UNICODE_CLASS_OFFSETS, UNICODE_CLASS_RANGES } from "./unicode-classes";

export const N_EMPTY = 0, N_LIT = 1, N_ANY = 2, N_CLASS = 3, N_CAT = 4, N_ALT = 5, N_REP = 6, N_CAP = 7, N_ASSERT = 8;
export const A_BOL = 0, A_EOL = 1, A_WORDB = 2, A_NWORDB = 3, A_BOT = 4, A_EOT = 5;

// node: +0 kind, +4 a, +8 b, +12 c, +16 d
function node(kind: i32, a: i32, b: i32, c: i32, d: i32): usize {
  const n = alloc(20);
  store<i32>(n, kind); store<i32>(n, a, 4); store<i32>(n, b, 8); store<i32>(n, c, 12); store<i32>(n, d, 16);
  return n;
}

let P: usize = 0;
let E: usize = 0;
export let ERR = false;
export let NCAP = 0;
let foldF = false, dotallF = false, multiF = false, ungreedyF = false;

// growable i32 list: +0 ptr, +4 len, +8 cap
function listNew(): usize { const l = alloc(12); store<i32>(l, <i32>alloc(32)); store<i32>(l, 0, 4); store<i32>(l, 8, 8); return l; }
function listPush(l: usize, v: i32): void {
  let n = load<i32>(l, 4), cap = load<i32>(l, 8);
  if (n == cap) {
    const np = alloc(<usize>(cap * 2) << 2);
    memory.copy(np, <usize>load<i32>(l), <usize>n << 2);
    store<i32>(l, <i32>np); cap *= 2; store<i32>(l, cap, 8);
  }
  store<i32>(<usize>load<i32>(l) + (<usize>n << 2), v);
  store<i32>(l, n + 1, 4);
}

@inline function more(): bool { return P < E; }
@inline function peek(): u32 { return <u32>load<u8>(P); }

// class ranges are pairs of i32 (lo, hi) in a list
function addRange(l: usize, lo: u32, hi: u32): void { listPush(l, <i32>lo); listPush(l, <i32>hi); }
function addPerl(l: usize, c: u32): bool {
  if (c == 100) { addRange(l, 48, 57); return true; }
  if (c == 119) { addRange(l, 48, 57); addRange(l, 65, 90); addRange(l, 97, 122); addRange(l, 95, 95); return true; }
  if (c == 115) { addRange(l, 9, 10); addRange(l, 12, 13); addRange(l, 32, 32); return true; }
  return false;
}
// negated perl classes inside brackets: complement of the ranges
function addNegPerl(l: usize, c: u32): void {
  const t = listNew();
  addPerl(t, c | 32);
  let prev: u32 = 0;
  const n = load<i32>(t, 4);
  const p = <usize>load<i32>(t);
  // ranges from addPerl are ascending except \w's '_' — sort pairs by lo (tiny insertion sort)
  for (let i = 2; i < n; i += 2) {
    let j = i;
    while (j >= 2 && load<i32>(p + (<usize>(j - 2) << 2)) > load<i32>(p + (<usize>j << 2))) {
      const a0 = load<i32>(p + (<usize>(j - 2) << 2)), a1 = load<i32>(p + (<usize>(j - 1) << 2));
      store<i32>(p + (<usize>(j - 2) << 2), load<i32>(p + (<usize>j << 2)));
      store<i32>(p + (<usize>(j - 1) << 2), load<i32>(p + (<usize>(j + 1) << 2)));
      store<i32>(p + (<usize>j << 2), a0); store<i32>(p + (<usize>(j + 1) << 2), a1);
      j -= 2;
    }
  }
  for (let i = 0; i < n; i += 2) {
    const lo = <u32>load<i32>(p + (<usize>i << 2)), hi = <u32>load<i32>(p + (<usize>(i + 1) << 2));
    if (lo > prev) addRange(l, prev, lo - 1);
    prev = hi + 1;
  }
  addRange(l, prev, 0x10ffff);
}
// \pX, \p{Name}, \p{^Name}, \PX (P at the 'p' or 'P'): the Unicode class's ranges (or their complement)
// added to l; false (ERR set) for a name RE2 would not know.
function unicodeProp(l: usize): bool {
  let neg = peek() == 80;
  P++;
  if (!more()) { ERR = true; return false; }
  let ns = P, ne = P + 1;
  if (peek() == 123) {
    ns = P + 1;
    ne = ns;
    while (ne < E && load<u8>(ne) != 125) ne++;
    if (ne >= E) { ERR = true; return false; }
    P = ne + 1;
    if (ne > ns && load<u8>(ns) == 94) { neg = !neg; ns++; }
  } else P++;
  const k = unicodeClassIndex(ns, <i32>(ne - ns));
  if (k < 0) { ERR = true; return false; }
  const base = UNICODE_CLASS_RANGES + (<usize>unchecked(UNICODE_CLASS_OFFSETS[k]) << 2);
  const cnt = unchecked(UNICODE_CLASS_COUNTS[k]);
  let prev: u32 = 0;
  for (let i = 0; i < cnt; i++) {
    const lo = load<u32>(base + (<usize>i << 3)), hi = load<u32>(base + (<usize>i << 3) + 4);
    if (!neg) addRange(l, lo, hi);
    else if (lo > prev) addRange(l, prev, lo - 1);
    prev = hi + 1;
  }
  if (neg && prev <= 0x10ffff) addRange(l, prev, 0x10ffff);
  return true;
}
function unicodeClassIndex(p: usize, n: i32): i32 {
  // names as the generated table has them ("Any" is every code point)
  for (let i = 0; i < UNICODE_CLASS_NAMES.length; i++) {
    const z = unchecked(UNICODE_CLASS_NAMES[i]);
    if (z.length != n) continue;
    let ok = true;
    for (let k = 0; k < n; k++) if (load<u8>(p + <usize>k) != <u8>z.charCodeAt(k)) { ok = false; break; }
    if (ok) return i;
  }
  return -1;
}
function posixClass(l: usize): bool {
  // at "[:name:]"
  const s = P;
  if (P + 2 >= E || load<u8>(P + 1) != 58) return false;
  let q = P + 2;
  let neg = false;
  if (q < E && load<u8>(q) == 94) { neg = true; q++; }
  const ns = q;
  while (q < E && load<u8>(q) != 58) q++;
  if (q + 1 >= E || load<u8>(q + 1) != 93) return false;
  const t = neg ? listNew() : l;
  const len = <i32>(q - ns);
  const c0 = load<u8>(ns);
  if (len == 5 && c0 == 97 && load<u8>(ns + 2) == 112) { addRange(t, 65, 90); addRange(t, 97, 122); }           // alpha
  else if (len == 5 && c0 == 100) addRange(t, 48, 57);                                                         // digit
  else if (len == 5 && c0 == 97 && load<u8>(ns + 2) == 110) { addRange(t, 48, 57); addRange(t, 65, 90); addRange(t, 97, 122); } // alnum
  else if (len == 5 && c0 == 117) addRange(t, 65, 90);                                                         // upper
  else if (len == 5 && c0 == 108) addRange(t, 97, 122);                                                        // lower
  else if (len == 5 && c0 == 115) { addRange(t, 9, 13); addRange(t, 32, 32); }                                // space
  else if (len == 6 && c0 == 120) { addRange(t, 48, 57); addRange(t, 65, 70); addRange(t, 97, 102); }          // xdigit
  else if (len == 5 && c0 == 112 && load<u8>(ns + 1) == 117) { addRange(t, 33, 47); addRange(t, 58, 64); addRange(t, 91, 96); addRange(t, 123, 126); } // punct
  else if (len == 4 && c0 == 119) { addRange(t, 48, 57); addRange(t, 65, 90); addRange(t, 97, 122); addRange(t, 95, 95); } // word
  else if (len == 5 && c0 == 98) { addRange(t, 9, 9); addRange(t, 32, 32); }                                  // blank
  else if (len == 5 && c0 == 99) { addRange(t, 0, 31); addRange(t, 127, 127); }                                // cntrl
  else if (len == 5 && c0 == 112 && load<u8>(ns + 1) == 114) addRange(t, 32, 126);                            // print
  else if (len == 5 && c0 == 103) addRange(t, 33, 126);                                                        // graph
  else if (len == 5 && c0 == 97 && load<u8>(ns + 1) == 115) addRange(t, 0, 127);                              // ascii
  else { P = s; return false; }
  if (neg) {
    let prev: u32 = 0;
    const n = load<i32>(t, 4), p = <usize>load<i32>(t);
    for (let i = 0; i < n; i += 2) {
      const lo = <u32>load<i32>(p + (<usize>i << 2)), hi = <u32>load<i32>(p + (<usize>(i + 1) << 2));
      if (lo > prev) addRange(l, prev, lo - 1);
      prev = hi + 1;
    }
    addRange(l, prev, 0x10ffff);
  }
  P = q + 2;
  return true;
}

// escape after '\' (P at the escaped char); returns rune or -1 for class escapes handled by caller
function escRune(): i32 {
  const c = peek();
  P++;
  if (c == 110) return 10;
  if (c == 116) return 9;
  if (c == 114) return 13;
  if (c == 102) return 12;
  if (c == 118) return 11;
  if (c == 97) return 7;
  if (c == 48) return 0;
  if (c == 120) {
    // \xHH or \x{HHHH}
    let v = 0;
    if (more() && peek() == 123) {
      P++;
      while (more() && peek() != 125) { const h = hex(peek()); if (h < 0) { ERR = true; return 0; } v = v * 16 + h; P++; }
      P++;
      return v;
    }
    for (let k = 0; k < 2; k++) { if (!more()) { ERR = true; return 0; } const h = hex(peek()); if (h < 0) { ERR = true; return 0; } v = v * 16 + h; P++; }
    return v;
  }
  // punctuation escapes itself; letters without meaning are errors in RE2
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 49 && c <= 57)) { ERR = true; return 0; }
  P--;
  const r = decodeRune(P, E);
  P += <usize>runeLen;
  return <i32>r;
}
function hex(c: u32): i32 {
  if (c >= 48 && c <= 57) return <i32>(c - 48);
  c |= 32;
  if (c >= 97 && c <= 102) return <i32>(c - 87);
  return -1;
}

function parseClass(): usize {
  // P after '['
  let neg = false;
  if (more() && peek() == 94) { neg = true; P++; }
  const l = listNew();
  let first = true;
  while (more() && (peek() != 93 || first)) {
    first = false;
    if (peek() == 91 && posixClass(l)) continue;
    let lo: u32;
    if (peek() == 92) {
      P++;
      if (!more()) { ERR = true; return 0; }
      const c = peek();
      if (c == 100 || c == 119 || c == 115) { P++; addPerl(l, c); continue; }
      if (c == 68 || c == 87 || c == 83) { P++; addNegPerl(l, c); continue; }
      if (c == 112 || c == 80) { if (!unicodeProp(l)) return 0; continue; }
      const r = escRune();
      if (ERR) return 0;
      lo = <u32>r;
    } else {
      lo = decodeRune(P, E);
      P += <usize>runeLen;
    }
    let hi = lo;
    if (P + 1 < E && peek() == 45 && load<u8>(P + 1) != 93) {
      P++;
      if (peek() == 92) { P++; const r = escRune(); if (ERR) return 0; hi = <u32>r; }
      else { hi = decodeRune(P, E); P += <usize>runeLen; }
      if (hi < lo) { ERR = true; return 0; }
    }
    addRange(l, lo, hi);
  }
  if (!more()) { ERR = true; return 0; }
  P++; // ']'
  return node(N_CLASS, load<i32>(l), load<i32>(l, 4) / 2, neg ? 1 : 0, foldF ? 1 : 0);
}

function parseAtom(): usize {
  const c = peek();
  if (c == 40) {
    P++;
    let cap = true;
    let idx = 0;
    if (more() && peek() == 63) {
      P++;
      if (more() && (peek() == 80 || peek() == 60)) {
        // (?P<name>...) or (?<name>...)
        if (peek() == 80) P++;
        if (!more() || peek() != 60) { ERR = true; return 0; }
        while (more() && peek() != 62) P++;
        if (!more()) { ERR = true; return 0; }
        P++;
      } else {
        // flags: (?flags) or (?flags:...)
        let on = true;
        let sawFlag = false;
        while (more() && peek() != 41 && peek() != 58) {
          const f = peek();
          if (f == 45) on = false;
          else if (f == 105) foldF = on;
          else if (f == 115) dotallF = on;
          else if (f == 109) multiF = on;
          else if (f == 85) ungreedyF = on;
          else { ERR = true; return 0; }
          sawFlag = true;
          P++;
        }
        if (!more()) { ERR = true; return 0; }
        if (peek() == 41) { P++; if (!sawFlag) { ERR = true; return 0; } return node(N_EMPTY, 0, 0, 0, 0); }
        P++; // ':'
        cap = false;
      }
    }
    if (cap) idx = ++NCAP;
    const inner = parseAlt();
    if (ERR) return 0;
    if (!more() || peek() != 41) { ERR = true; return 0; }
    P++;
    return cap ? node(N_CAP, <i32>inner, idx, 0, 0) : inner;
  }
  if (c == 91) { P++; return parseClass(); }
  if (c == 46) { P++; return node(N_ANY, dotallF ? 1 : 0, 0, 0, 0); }
  if (c == 94) { P++; return node(N_ASSERT, multiF ? A_BOL : A_BOT, 0, 0, 0); }
  if (c == 36) { P++; return node(N_ASSERT, multiF ? A_EOL : A_EOT, 0, 0, 0); }
  if (c == 92) {
    P++;
    if (!more()) { ERR = true; return 0; }
    const e = peek();
    if (e == 112 || e == 80) {
      const l = listNew();
      if (!unicodeProp(l)) return 0;
      return node(N_CLASS, load<i32>(l), load<i32>(l, 4) / 2, 0, 0);
    }
    if (e == 100 || e == 119 || e == 115 || e == 68 || e == 87 || e == 83) {
      P++;
      const l = listNew();
      if (e >= 97) addPerl(l, e); else addNegPerl(l, e);
      return node(N_CLASS, load<i32>(l), load<i32>(l, 4) / 2, 0, 0);
    }
    if (e == 98) { P++; return node(N_ASSERT, A_WORDB, 0, 0, 0); }
    if (e == 66) { P++; return node(N_ASSERT, A_NWORDB, 0, 0, 0); }
    if (e == 65) { P++; return node(N_ASSERT, A_BOT, 0, 0, 0); }
    if (e == 122) { P++; return node(N_ASSERT, A_EOT, 0, 0, 0); }
    if (e == 81) {
      // \Q...\E literal text
      P++;
      const parts = listNew();
      while (more()) {
        if (peek() == 92 && P + 1 < E && load<u8>(P + 1) == 69) { P += 2; break; }
        const r = decodeRune(P, E);
        P += <usize>runeLen;
        listPush(parts, <i32>node(N_LIT, <i32>r, foldF ? 1 : 0, 0, 0));
      }
      return node(N_CAT, load<i32>(parts), load<i32>(parts, 4), 0, 0);
    }
    const r = escRune();
    if (ERR) return 0;
    return node(N_LIT, r, foldF ? 1 : 0, 0, 0);
  }
  if (c == 42 || c == 43 || c == 63) { ERR = true; return 0; } // missing argument to repetition operator
  const r = decodeRune(P, E);
  P += <usize>runeLen;
  return node(N_LIT, <i32>r, foldF ? 1 : 0, 0, 0);
}

function parseNum(): i32 {
  let v = -1;
  while (more() && peek() >= 48 && peek() <= 57) { v = (v < 0 ? 0 : v * 10) + <i32>(peek() - 48); P++; if (v > 1000) { ERR = true; return -1; } }
  return v;
}

function parseRepeat(): usize {
  let a = parseAtom();
  if (ERR) return 0;
  while (more()) {
    const c = peek();
    let mn = 0, mx = -1;
    if (c == 42) { P++; }
    else if (c == 43) { P++; mn = 1; }
    else if (c == 63) { P++; mx = 1; }
    else if (c == 123) {
      const save = P;
      P++;
      mn = parseNum();
      if (mn < 0) { if (ERR) return 0; P = save; break; }
      mx = mn;
      if (more() && peek() == 44) { P++; mx = parseNum(); if (ERR) return 0; }
      if (!more() || peek() != 125) { P = save; break; }
      P++;
      if (mx >= 0 && mx < mn) { ERR = true; return 0; }
    } else break;
    let greedy = !ungreedyF;
    if (more() && peek() == 63) { P++; greedy = !greedy; }
    if (load<i32>(a) == N_REP || (load<i32>(a) == N_ASSERT)) {
      if (load<i32>(a) == N_REP) { ERR = true; return 0; } // invalid nested repetition operator
    }
    a = node(N_REP, <i32>a, mn, mx, greedy ? 1 : 0);
  }
  return a;
}

function parseCat(): usize {
  const parts = listNew();
  while (more() && peek() != 124 && peek() != 41) {
    const n = parseRepeat();
    if (ERR) return 0;
    listPush(parts, <i32>n);
  }
  return node(N_CAT, load<i32>(parts), load<i32>(parts, 4), 0, 0);
}

function parseAlt(): usize {
  const alts = listNew();
  const saveFold = foldF, saveDot = dotallF, saveMulti = multiF, saveU = ungreedyF;
  listPush(alts, <i32>parseCat());
  if (ERR) return 0;
  while (more() && peek() == 124) {
    P++;
    listPush(alts, <i32>parseCat());
    if (ERR) return 0;
  }
  foldF = saveFold; dotallF = saveDot; multiF = saveMulti; ungreedyF = saveU;
  if (load<i32>(alts, 4) == 1) return <usize>load<i32>(<usize>load<i32>(alts));
  return node(N_ALT, load<i32>(alts), load<i32>(alts, 4), 0, 0);
}

// Parse pattern bytes; returns root node or 0 (ERR set). NCAP = number of capture groups.
export function reParse(p: usize, n: i32): usize {
  P = p; E = p + <usize>n; ERR = false; NCAP = 0;
  foldF = false; dotallF = false; multiF = false; ungreedyF = false;
  const r = parseAlt();
  if (ERR) return 0;
  if (more()) { ERR = true; return 0; } // unbalanced ')'
  return r;
}
