// Smaller builtins: hex.encode/decode, object.subset, net.cidr_is_valid, net.cidr_intersects,
// json.marshal_with_options.
import {
  vtype, vlen, T_STR, T_ARR, T_OBJ, T_SET, T_BOOL, mkBool, arrGet, keyAtRaw, valAtRaw, strPtr, strLen, lit, boolOf,
} from "../value";
import { collFind } from "../collections";
import { equal } from "../compare";
import { typeErr, typeErrMsg } from "../types";
import { fail, failLit, isStrict, E_BUILTIN, E_TYPE } from "../error";
import { bufNew, bufByte, bufToStr, bufStrV, bufLit, bufRune, bufI64 } from "../buf";
import { alloc } from "../alloc";
import { parseAddr } from "./net";
import { dumpTo, dumpStr } from "../json";
import { ensureSorted } from "../collections";

export function bi_hex_encode(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("hex.encode", 1, "string", s);
  const b = bufNew(strLen(s) * 2);
  for (let i = 0; i < strLen(s); i++) {
    const c = <u32>load<u8>(strPtr(s) + <usize>i);
    bufByte(b, (c >> 4) < 10 ? 48 + (c >> 4) : 87 + (c >> 4));
    bufByte(b, (c & 15) < 10 ? 48 + (c & 15) : 87 + (c & 15));
  }
  return bufToStr(b);
}
function hv(c: u32): i32 {
  if (c >= 48 && c <= 57) return <i32>(c - 48);
  c |= 32;
  if (c >= 97 && c <= 102) return <i32>(c - 87);
  return -1;
}
// Go's hex.DecodeString: pairs are read left to right and the first invalid byte is reported (as Go's %#U of
// that byte), before an odd length; an odd length of valid digits is "odd length hex string".
function invalidByte(c: u32): usize {
  if (!isStrict()) return 0;
  const b = bufNew(48);
  bufLit(b, "encoding/hex: invalid byte: U+00");
  bufByte(b, hexDigitUpper(c >> 4));
  bufByte(b, hexDigitUpper(c & 15));
  // Go's strconv.IsPrint for U+0000-U+00FF: the graphic ASCII and Latin-1 characters, not the soft hyphen
  if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa1 && c != 0xad)) {
    bufLit(b, " '");
    bufRune(b, c);
    bufByte(b, 39);
  }
  return fail(E_BUILTIN, "hex.decode", bufToStr(b));
}
@inline function hexDigitUpper(d: u32): u32 { return d < 10 ? 48 + d : 55 + d; }
export function bi_hex_decode(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("hex.decode", 1, "string", s);
  const n = strLen(s), p = strPtr(s);
  const b = bufNew(n / 2);
  for (let i = 1; i < n; i += 2) {
    const hc = <u32>load<u8>(p + <usize>(i - 1)), lc = <u32>load<u8>(p + <usize>i);
    const h = hv(hc), l = hv(lc);
    if (h < 0) return invalidByte(hc);
    if (l < 0) return invalidByte(lc);
    bufByte(b, <u32>(h * 16 + l));
  }
  if (n % 2 != 0) {
    const last = <u32>load<u8>(p + <usize>(n - 1));
    if (hv(last) < 0) return invalidByte(last);
    return failLit(E_BUILTIN, "hex.decode", "encoding/hex: odd length hex string");
  }
  return bufToStr(b);
}

// object.subset as OPA's topdown: objects recursively (a key's values are compared as subsets when both are
// objects, sets or arrays, else for equality), sets by membership, arrays as a contiguous run, an array and a
// set by counting matches (OPA's quirk kept: an empty array is not a superset of the empty set).
function objectSubset(sup: usize, sub: usize): bool {
  for (let i = 0; i < vlen(sub); i++) {
    const f = collFind(sup, keyAtRaw(sub, i));
    if (f < 0) return false;
    const sv = valAtRaw(sup, f), bv = valAtRaw(sub, i);
    if (equal(sv, bv)) continue;
    const a = vtype(sv), b = vtype(bv);
    if (a != b) return false;
    if (a == T_OBJ) { if (!objectSubset(sv, bv)) return false; }
    else if (a == T_SET) { if (!setSubset(sv, bv)) return false; }
    else if (a == T_ARR) { if (!arraySubset(sv, bv)) return false; }
    else return false;
  }
  return true;
}
function setSubset(sup: usize, sub: usize): bool {
  for (let i = 0; i < vlen(sub); i++) if (collFind(sup, keyAtRaw(sub, i)) < 0) return false;
  return true;
}
function arraySubset(sup: usize, sub: usize): bool {
  const n = vlen(sup), m = vlen(sub);
  if (m > n) return false;
  for (let s = 0; s + m <= n; s++) {
    let ok = true;
    for (let j = 0; j < m && ok; j++) if (!equal(arrGet(sup, s + j), arrGet(sub, j))) ok = false;
    if (ok) return true;
  }
  return false;
}
function arraySetSubset(sup: usize, sub: usize): bool {
  let unmatched = vlen(sub);
  for (let j = 0; j < vlen(sup); j++) {
    if (collFind(sub, arrGet(sup, j)) >= 0) unmatched--;
    if (unmatched == 0) return true;
  }
  return false;
}
export function bi_object_subset(sup: usize, sub: usize): usize {
  const a = vtype(sup), b = vtype(sub);
  if (a == T_OBJ && b == T_OBJ) return mkBool(objectSubset(sup, sub));
  if (a == T_SET && b == T_SET) return mkBool(setSubset(sup, sub));
  if (a == T_ARR && b == T_ARR) return mkBool(arraySubset(sup, sub));
  if (a == T_ARR && b == T_SET) return mkBool(arraySetSubset(sup, sub));
  return typeErrMsg("object.subset", "both arguments object.subset must be of the same type or array and set");
}

export function bi_net_cidr_is_valid(c: usize): usize {
  if (vtype(c) != T_STR) return mkBool(false);
  let slash = false;
  for (let i = 0; i < strLen(c); i++) if (load<u8>(strPtr(c) + <usize>i) == 47) slash = true;
  if (!slash) return mkBool(false);
  return mkBool(parseAddr(strPtr(c), strLen(c), alloc(16)) >= 0);
}

export function bi_net_cidr_intersects(a: usize, b: usize): usize {
  if (vtype(a) != T_STR) return typeErr("net.cidr_intersects", 1, "string", a);
  if (vtype(b) != T_STR) return typeErr("net.cidr_intersects", 2, "string", b);
  const x = alloc(16), y = alloc(16);
  const bx = parseAddr(strPtr(a), strLen(a), x), by = parseAddr(strPtr(b), strLen(b), y);
  if (bx < 0 || by < 0) return failLit(E_BUILTIN, "net.cidr_intersects", "invalid CIDR");
  const bits = bx < by ? bx : by;
  for (let i = 0; i < 16; i++) {
    const take = bits - i * 8;
    if (take <= 0) break;
    const mask: u32 = take >= 8 ? <u32>0xff : ((<u32>0xff << <u32>(8 - take)) & 0xff);
    if ((<u32>load<u8>(x + <usize>i) & mask) != (<u32>load<u8>(y + <usize>i) & mask)) return mkBool(false);
  }
  return mkBool(true);
}

// json.marshal_with_options(x, {"pretty": bool, "prefix": s, "indent": s})
function pretty(b: usize, v: usize, prefix: usize, indent: usize, depth: i32): void {
  const t = vtype(v);
  const isObj = t == T_OBJ;
  if ((t != T_ARR && t != T_OBJ && t != T_SET) || vlen(v) == 0) { dumpTo(b, v, 2); return; }
  if (t != T_ARR) ensureSorted(v);
  bufByte(b, isObj ? 123 : 91);
  for (let i = 0; i < vlen(v); i++) {
    if (i > 0) bufByte(b, 44);
    bufByte(b, 10);
    bufStrV(b, prefix);
    for (let d = 0; d <= depth; d++) bufStrV(b, indent);
    if (isObj) {
      const k = keyAtRaw(v, i);
      if (vtype(k) == T_STR) dumpStr(b, strPtr(k), strLen(k), true); else { const kb = bufNew(16); dumpTo(kb, k, 0); dumpStr(b, load<i32>(kb), load<i32>(kb, 4), true); }
      bufLit(b, ": ");
      pretty(b, valAtRaw(v, i), prefix, indent, depth + 1);
    } else pretty(b, t == T_ARR ? arrGet(v, i) : keyAtRaw(v, i), prefix, indent, depth + 1);
  }
  bufByte(b, 10);
  bufStrV(b, prefix);
  for (let d = 0; d < depth; d++) bufStrV(b, indent);
  bufByte(b, isObj ? 125 : 93);
}
// Options as OPA reads them: "prefix" and "indent" turn pretty-printing on unless "pretty" says otherwise; a
// value of the wrong type or an unknown key is an operand error naming the key's index (eval_type_error).
export function bi_json_marshal_with_options(v: usize, opts: usize): usize {
  const name = "json.marshal_with_options";
  if (vtype(opts) != T_OBJ) return typeErr(name, 2, "object", opts);
  let prefix = lit(""), indent = lit("\t");
  let implicitPretty = false, explicit = false, isPretty = false;
  ensureSorted(opts); // OPA walks the keys in sorted order, and errors name that index
  for (let i = 0; i < vlen(opts); i++) {
    const k = keyAtRaw(opts, i), o = valAtRaw(opts, i);
    if (vtype(k) != T_STR) return typeErr(name, i, "string", k);
    if (equal(k, lit("prefix")) || equal(k, lit("indent"))) {
      if (vtype(o) != T_STR) return typeErr(name, i, "string", o);
      if (load<u8>(strPtr(k)) == 112) prefix = o; else indent = o;
      implicitPretty = true;
    } else if (equal(k, lit("pretty"))) {
      if (vtype(o) != T_BOOL) return typeErr(name, i, "boolean", o);
      explicit = true;
      isPretty = boolOf(o);
    } else {
      const m = bufNew(64);
      bufLit(m, "operand ");
      bufI64(m, i);
      bufLit(m, " object contained unknown key ");
      dumpTo(m, k, 0);
      return fail(E_TYPE, name, bufToStr(m));
    }
  }
  if (!explicit) isPretty = implicitPretty;
  const b = bufNew(64);
  if (!isPretty) { dumpTo(b, v, 2); return bufToStr(b); }
  bufStrV(b, prefix);
  pretty(b, v, prefix, indent, 0);
  return bufToStr(b);
}
