// JSON and Rego-term text: one recursive-descent parser (term mode adds sets, `set()` and non-string keys) and
// one dumper (JSON mode writes sets as sorted arrays and stringifies non-string object keys as OPA does).
import {
  vtype, vlen, T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, T_SET, mkNull, mkBool,
  mkStr, mkArr, arrPush, mkObj, mkSet, boolOf, strPtr, strLen, arrGet, keyAtRaw, valAtRaw,
} from "./value";
import { collPut, ensureSorted } from "./collections";
import { parseNum } from "./number";
import { bufNew, bufByte, bufBytes, bufLit, bufRune, bufToStr, bufCStr, bufPtr, bufLen } from "./buf";
import { bufNum } from "./format";

let P: usize = 0;
let E: usize = 0;
let TERM = false;
let FAILED = false;

@inline function peek(): u32 { return P < E ? <u32>load<u8>(P) : 0; }
function ws(): void {
  while (P < E) {
    const c = load<u8>(P);
    if (c == 32 || c == 9 || c == 10 || c == 13) P++;
    else break;
  }
}
function word(s: string): bool {
  const n = s.length;
  if (P + <usize>n > E) return false;
  for (let i = 0; i < n; i++) if (load<u8>(P + <usize>i) != <u8>s.charCodeAt(i)) return false;
  P += <usize>n;
  return true;
}
function hex4(): i32 {
  if (P + 4 > E) return -1;
  let r = 0;
  for (let i = 0; i < 4; i++) {
    const c = <i32>load<u8>(P++);
    let d = -1;
    if (c >= 48 && c <= 57) d = c - 48;
    else if ((c | 32) >= 97 && (c | 32) <= 102) d = (c | 32) - 87;
    if (d < 0) return -1;
    r = r * 16 + d;
  }
  return r;
}

function parseString(): usize {
  P++; // opening quote
  const start = P;
  // fast path: no escapes -> reference the input bytes
  while (P < E) {
    const c = load<u8>(P);
    if (c == 34) { const v = mkStr(start, <i32>(P - start)); P++; return v; }
    if (c == 92) break;
    if (c < 0x20) { FAILED = true; return 0; } // raw control characters are not JSON
    P++;
  }
  const b = bufNew(<i32>(P - start) + 16);
  bufBytes(b, start, <i32>(P - start));
  while (P < E) {
    const c = load<u8>(P++);
    if (c == 34) return bufToStr(b);
    if (c < 0x20) break;
    if (c != 92) { bufByte(b, c); continue; }
    if (P >= E) break;
    const e = load<u8>(P++);
    if (e == 110) bufByte(b, 10);
    else if (e == 116) bufByte(b, 9);
    else if (e == 114) bufByte(b, 13);
    else if (e == 98) bufByte(b, 8);
    else if (e == 102) bufByte(b, 12);
    else if (e == 117) {
      let cp = hex4();
      if (cp < 0) break;
      if (cp >= 0xd800 && cp < 0xdc00 && P + 1 < E && load<u8>(P) == 92 && load<u8>(P + 1) == 117) {
        const save = P;
        P += 2;
        const lo = hex4();
        if (lo >= 0xdc00 && lo < 0xe000) cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        else { P = save; cp = 0xfffd; }
      } else if (cp >= 0xd800 && cp < 0xe000) cp = 0xfffd;
      bufRune(b, <u32>cp);
    } else if (e == 34 || e == 92 || e == 47) bufByte(b, e);
    else break; // unknown escape
  }
  FAILED = true;
  return 0;
}

@inline function isDigitAt(): bool { return P < E && load<u8>(P) >= 48 && load<u8>(P) <= 57; }
// JSON number syntax: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
function parseNumber(): usize {
  const start = P;
  if (peek() == 45) P++;
  if (!isDigitAt()) { FAILED = true; return 0; }
  if (load<u8>(P) == 48) P++;
  else while (isDigitAt()) P++;
  if (P < E && load<u8>(P) == 46) {
    P++;
    if (!isDigitAt()) { FAILED = true; return 0; }
    while (isDigitAt()) P++;
  }
  if (P < E && (load<u8>(P) | 32) == 101) {
    P++;
    if (P < E && (load<u8>(P) == 43 || load<u8>(P) == 45)) P++;
    if (!isDigitAt()) { FAILED = true; return 0; }
    while (isDigitAt()) P++;
  }
  const n = <i32>(P - start);
  return parseNum(start, n);
}

function parseValue(depth: i32): usize {
  if (depth > 10000) { FAILED = true; return 0; }
  ws();
  const c = peek();
  if (c == 34) return parseString();
  if (c == 123) return parseBrace(depth);
  if (c == 91) {
    P++;
    const a = mkArr(4);
    ws();
    if (peek() == 93) { P++; return a; }
    while (true) {
      const v = parseValue(depth + 1);
      if (FAILED) return 0;
      arrPush(a, v);
      ws();
      const d = peek();
      P++;
      if (d == 44) { if (TERM) { ws(); if (peek() == 93) { P++; return a; } } continue; }
      if (d == 93) return a;
      FAILED = true;
      return 0;
    }
  }
  if (c == 45 || (c >= 48 && c <= 57)) return parseNumber();
  if (word("true")) return mkBool(true);
  if (word("false")) return mkBool(false);
  if (word("null")) return mkNull();
  if (TERM && word("set()")) return mkSet();
  FAILED = true;
  return 0;
}

function parseBrace(depth: i32): usize {
  P++;
  ws();
  if (peek() == 125) { P++; return mkObj(); }
  const first = parseValue(depth + 1);
  if (FAILED) return 0;
  ws();
  if (TERM && (peek() == 44 || peek() == 125)) {
    const s = mkSet();
    collPut(s, first, 0);
    while (true) {
      ws();
      const d = peek();
      P++;
      if (d == 125) return s;
      if (d != 44) { FAILED = true; return 0; }
      ws();
      if (peek() == 125) { P++; return s; }
      const v = parseValue(depth + 1);
      if (FAILED) return 0;
      collPut(s, v, 0);
    }
  }
  if (!TERM && vtype(first) != T_STR) { FAILED = true; return 0; }
  const o = mkObj();
  let k = first;
  while (true) {
    ws();
    if (peek() != 58) { FAILED = true; return 0; }
    P++;
    const v = parseValue(depth + 1);
    if (FAILED) return 0;
    collPut(o, k, v);
    ws();
    const d = peek();
    P++;
    if (d == 125) return o;
    if (d != 44) { FAILED = true; return 0; }
    ws();
    if (TERM && peek() == 125) { P++; return o; }
    k = parseValue(depth + 1);
    if (FAILED) return 0;
    if (!TERM && vtype(k) != T_STR) { FAILED = true; return 0; }
  }
  return o;
}

export function parse(p: usize, n: i32, term: bool): usize {
  const sp = P, se = E, st = TERM; // re-entrancy: a JS builtin may call opa_json_parse while we parse
  P = p; E = p + <usize>n; TERM = term; FAILED = false;
  let v = parseValue(0);
  ws();
  if (FAILED || P != E) v = 0;
  P = sp; E = se; TERM = st; FAILED = false;
  return v;
}

// ---- dump ----

export function dumpStr(b: usize, p: usize, n: i32, html: bool): void {
  bufByte(b, 34);
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c == 34) bufLit(b, "\\\"");
    else if (c == 92) bufLit(b, "\\\\");
    else if (c == 10) bufLit(b, "\\n");
    else if (c == 13) bufLit(b, "\\r");
    else if (c == 9) bufLit(b, "\\t");
    else if (c < 0x20 || (html && (c == 60 || c == 62 || c == 38))) {
      bufLit(b, "\\u00");
      bufByte(b, hexDigit(c >> 4));
      bufByte(b, hexDigit(c & 15));
    } else bufByte(b, c);
  }
  bufByte(b, 34);
}
function sep(b: usize, mode: i32): void {
  bufByte(b, 44);
  if (mode == 3) bufByte(b, 32);
}
@inline function hexDigit(d: u32): u32 { return d < 10 ? 48 + d : 87 + d; }

// mode: 0 JSON, 1 Rego term, 2 JSON with Go's HTML escaping (json.marshal), 3 Rego term as OPA prints it
// (", " and ": " separators, strings quoted; used by sprintf)
export function dumpTo(b: usize, v: usize, mode: i32): void {
  const t = vtype(v);
  switch (t) {
    case T_NULL: bufLit(b, "null"); return;
    case T_BOOL: bufLit(b, boolOf(v) ? "true" : "false"); return;
    case T_NUM: bufNum(b, v); return;
    case T_STR: dumpStr(b, strPtr(v), strLen(v), mode == 2); return;
    case T_ARR: {
      bufByte(b, 91);
      const n = vlen(v);
      for (let i = 0; i < n; i++) {
        if (i > 0) sep(b, mode);
        dumpTo(b, arrGet(v, i), mode);
      }
      bufByte(b, 93);
      return;
    }
    case T_OBJ: {
      ensureSorted(v);
      bufByte(b, 123);
      const n = vlen(v);
      for (let i = 0; i < n; i++) {
        if (i > 0) sep(b, mode);
        const k = keyAtRaw(v, i);
        if (mode == 1 || mode == 3 || vtype(k) == T_STR) dumpTo(b, k, mode);
        else {
          // OPA stringifies non-string keys with their own JSON text
          const kb = bufNew(32);
          dumpTo(kb, k, 0);
          dumpStr(b, bufPtr(kb), bufLen(kb), mode == 2);
        }
        bufByte(b, 58);
        if (mode == 3) bufByte(b, 32);
        dumpTo(b, valAtRaw(v, i), mode);
      }
      bufByte(b, 125);
      return;
    }
    default: {
      ensureSorted(v);
      const n = vlen(v);
      const term = mode == 1 || mode == 3;
      if (term) {
        if (n == 0) { bufLit(b, "set()"); return; }
        bufByte(b, 123);
      } else bufByte(b, 91);
      for (let i = 0; i < n; i++) {
        if (i > 0) sep(b, mode);
        dumpTo(b, keyAtRaw(v, i), mode);
      }
      bufByte(b, term ? 125 : 93);
    }
  }
}

export function dumpC(v: usize, mode: i32): usize {
  const b = bufNew(64);
  dumpTo(b, v, mode);
  return bufCStr(b);
}
export function dumpV(v: usize, mode: i32): usize {
  const b = bufNew(64);
  dumpTo(b, v, mode);
  return bufToStr(b);
}
