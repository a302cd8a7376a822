// urlquery.encode / decode / encode_object / decode_object with Go's url.QueryEscape rules.
import {
  vtype, vlen, T_STR, T_ARR, T_SET, T_OBJ, mkObj, mkArr, arrPush, arrGet, keyAtRaw, valAtRaw, strPtr, strLen, mkStr,
} from "../value";
import { collFind, collPut, ensureSorted } from "../collections";
import { typeErr, typeErrMsg } from "../types";
import { bufNew, bufByte, bufToStr } from "../buf";
import { failLit, E_BUILTIN } from "../error";

function escapeInto(b: usize, s: usize): void {
  const p = strPtr(s), n = strLen(s);
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 45 || c == 95 || c == 46 || c == 126) bufByte(b, c);
    else if (c == 32) bufByte(b, 43);
    else {
      bufByte(b, 37);
      const h = c >> 4, l = c & 15;
      bufByte(b, h < 10 ? 48 + h : 55 + h);
      bufByte(b, l < 10 ? 48 + l : 55 + l);
    }
  }
}
export function bi_urlquery_encode(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("urlquery.encode", 1, "string", s);
  const b = bufNew(strLen(s) + 8);
  escapeInto(b, s);
  return bufToStr(b);
}

function hexVal(c: u32): i32 {
  if (c >= 48 && c <= 57) return <i32>(c - 48);
  c |= 32;
  if (c >= 97 && c <= 102) return <i32>(c - 87);
  return -1;
}
// returns 0 on a bad escape
function unescape(p: usize, n: i32): usize {
  const b = bufNew(n);
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c == 43) bufByte(b, 32);
    else if (c == 37) {
      if (i + 2 >= n) return 0;
      const h = hexVal(load<u8>(p + <usize>(i + 1))), l = hexVal(load<u8>(p + <usize>(i + 2)));
      if (h < 0 || l < 0) return 0;
      bufByte(b, <u32>(h * 16 + l));
      i += 2;
    } else bufByte(b, c);
  }
  return bufToStr(b);
}
export function bi_urlquery_decode(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("urlquery.decode", 1, "string", s);
  const r = unescape(strPtr(s), strLen(s));
  return r != 0 ? r : failLit(E_BUILTIN, "urlquery.decode", "invalid URL escape");
}

export function bi_urlquery_encode_object(o: usize): usize {
  if (vtype(o) != T_OBJ) return typeErr("urlquery.encode_object", 1, "object", o);
  ensureSorted(o);
  const b = bufNew(32);
  let first = true;
  for (let i = 0; i < vlen(o); i++) {
    const k = keyAtRaw(o, i), v = valAtRaw(o, i);
    if (vtype(k) != T_STR) return typeErrMsg("urlquery.encode_object", "operand 1 must be object[string: string|array|set]");
    const t = vtype(v);
    if (t == T_STR) {
      if (!first) bufByte(b, 38);
      first = false;
      escapeInto(b, k); bufByte(b, 61); escapeInto(b, v);
    } else if (t == T_ARR || t == T_SET) {
      if (t == T_SET) ensureSorted(v);
      for (let j = 0; j < vlen(v); j++) {
        const x = t == T_ARR ? arrGet(v, j) : keyAtRaw(v, j);
        if (vtype(x) != T_STR) return typeErrMsg("urlquery.encode_object", "operand 1 must be object[string: string|array|set]");
        if (!first) bufByte(b, 38);
        first = false;
        escapeInto(b, k); bufByte(b, 61); escapeInto(b, x);
      }
    } else return typeErrMsg("urlquery.encode_object", "operand 1 must be object[string: string|array|set]");
  }
  return bufToStr(b);
}

export function bi_urlquery_decode_object(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("urlquery.decode_object", 1, "string", s);
  const p = strPtr(s), n = strLen(s);
  const r = mkObj();
  let start = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && load<u8>(p + <usize>i) != 38) continue;
    if (i > start) {
      let eq = start;
      while (eq < i && load<u8>(p + <usize>eq) != 61) eq++;
      const k = unescape(p + <usize>start, eq - start);
      const v = eq < i ? unescape(p + <usize>(eq + 1), i - eq - 1) : mkStr(p, 0);
      if (k == 0 || v == 0) return failLit(E_BUILTIN, "urlquery.decode_object", "invalid URL escape");
      const f = collFind(r, k);
      let arr: usize;
      if (f < 0) { arr = mkArr(2); collPut(r, k, arr); } else arr = valAtRaw(r, f);
      arrPush(arr, v);
    }
    start = i + 1;
  }
  return r;
}
