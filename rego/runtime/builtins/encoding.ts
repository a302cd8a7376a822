// json.marshal/unmarshal and base64 / base64url.
import { vtype, T_STR, mkBool, mkStr, strPtr, strLen } from "../value";
import { typeErr } from "../types";
import { parse, dumpV } from "../json";
import { bufNew, bufByte, bufToStr } from "../buf";
import { failLit, E_BUILTIN } from "../error";

export function bi_json_marshal(v: usize): usize { return dumpV(v, 2); }
export function bi_json_is_valid(s: usize): usize {
  if (vtype(s) != T_STR) return mkBool(false);
  return mkBool(parse(strPtr(s), strLen(s), false) != 0);
}
export function bi_json_unmarshal(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("json.unmarshal", 1, "string", s);
  const v = parse(strPtr(s), strLen(s), false);
  if (v == 0) return failLit(E_BUILTIN, "json.unmarshal", "invalid JSON");
  return v;
}

function alpha(i: u32, url: bool): u32 {
  if (i < 26) return 65 + i;
  if (i < 52) return 97 + i - 26;
  if (i < 62) return 48 + i - 52;
  if (i == 62) return url ? 45 : 43;
  return url ? 95 : 47;
}
function encode(s: usize, url: bool, pad: bool): usize {
  const p = strPtr(s), n = strLen(s);
  const b = bufNew((n / 3 + 1) * 4);
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const x = (<u32>load<u8>(p + <usize>i) << 16) | (<u32>load<u8>(p + <usize>(i + 1)) << 8) | <u32>load<u8>(p + <usize>(i + 2));
    bufByte(b, alpha(x >> 18, url)); bufByte(b, alpha((x >> 12) & 63, url));
    bufByte(b, alpha((x >> 6) & 63, url)); bufByte(b, alpha(x & 63, url));
  }
  const rest = n - i;
  if (rest > 0) {
    let x = <u32>load<u8>(p + <usize>i) << 16;
    if (rest == 2) x |= <u32>load<u8>(p + <usize>(i + 1)) << 8;
    bufByte(b, alpha(x >> 18, url)); bufByte(b, alpha((x >> 12) & 63, url));
    if (rest == 2) bufByte(b, alpha((x >> 6) & 63, url));
    else if (pad) bufByte(b, 61);
    if (pad) bufByte(b, 61);
  }
  return bufToStr(b);
}
function unalpha(c: u32, url: bool): i32 {
  if (c >= 65 && c <= 90) return <i32>(c - 65);
  if (c >= 97 && c <= 122) return <i32>(c - 71);
  if (c >= 48 && c <= 57) return <i32>(c + 4);
  if (c == (url ? 45 : 43)) return 62;
  if (c == (url ? 95 : 47)) return 63;
  return -1;
}
// Returns 0 when invalid. Padding required when `strictPad`.
function decode(s: usize, url: bool, strictPad: bool): usize {
  const p = strPtr(s);
  let n = strLen(s);
  if (strictPad && (n & 3) != 0) return 0;
  let padCount = 0;
  while (n > 0 && load<u8>(p + <usize>(n - 1)) == 61 && padCount < 2) { n--; padCount++; }
  if (padCount > 0 && ((n + padCount) & 3) != 0) return 0;
  if ((n & 3) == 1) return 0;
  const b = bufNew(n);
  let acc: u32 = 0, bits = 0;
  for (let i = 0; i < n; i++) {
    const d = unalpha(load<u8>(p + <usize>i), url);
    if (d < 0) return 0;
    acc = (acc << 6) | <u32>d;
    bits += 6;
    if (bits >= 8) { bits -= 8; bufByte(b, (acc >> bits) & 255); }
  }
  return bufToStr(b);
}
export function bi_base64_encode(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("base64.encode", 1, "string", s);
  return encode(s, false, true);
}
export function bi_base64_decode(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("base64.decode", 1, "string", s);
  const r = decode(s, false, true);
  return r != 0 ? r : failLit(E_BUILTIN, "base64.decode", "illegal base64 data");
}
export function bi_base64_is_valid(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("base64.is_valid", 1, "string", s);
  return mkBool(decode(s, false, true) != 0);
}
export function bi_base64url_encode(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("base64url.encode", 1, "string", s);
  return encode(s, true, true);
}
export function bi_base64url_encode_no_pad(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("base64url.encode_no_pad", 1, "string", s);
  return encode(s, true, false);
}
export function bi_base64url_decode(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("base64url.decode", 1, "string", s);
  const r = decode(s, true, false);
  return r != 0 ? r : failLit(E_BUILTIN, "base64url.decode", "illegal base64 data");
}
