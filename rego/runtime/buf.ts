// Growable byte buffer (heap-allocated header {ptr, len, cap}) used by dumpers and string builtins.
import { alloc } from "./alloc";
import { mkStr, strPtr, strLen } from "./value";

export function bufNew(cap: i32): usize {
  const b = alloc(12);
  if (cap < 16) cap = 16;
  store<i32>(b, <i32>alloc(<usize>cap), 0);
  store<i32>(b, 0, 4);
  store<i32>(b, cap, 8);
  return b;
}
@inline export function bufPtr(b: usize): usize { return <usize>load<i32>(b); }
@inline export function bufLen(b: usize): i32 { return load<i32>(b, 4); }
export function bufSetLen(b: usize, n: i32): void { store<i32>(b, n, 4); }

function reserve(b: usize, extra: i32): void {
  const n = bufLen(b);
  let cap = load<i32>(b, 8);
  if (n + extra <= cap) return;
  while (cap < n + extra) cap *= 2;
  const p = alloc(<usize>cap);
  memory.copy(p, bufPtr(b), <usize>n);
  store<i32>(b, <i32>p, 0);
  store<i32>(b, cap, 8);
}

export function bufByte(b: usize, c: u32): void {
  reserve(b, 1);
  const n = bufLen(b);
  store<u8>(bufPtr(b) + <usize>n, <u8>c);
  store<i32>(b, n + 1, 4);
}
export function bufBytes(b: usize, p: usize, m: i32): void {
  if (m <= 0) return;
  reserve(b, m);
  const n = bufLen(b);
  memory.copy(bufPtr(b) + <usize>n, p, <usize>m);
  store<i32>(b, n + m, 4);
}
@inline export function bufStrV(b: usize, s: usize): void { bufBytes(b, strPtr(s), strLen(s)); }
export function bufLit(b: usize, s: string): void {
  const n = s.length;
  for (let i = 0; i < n; i++) bufByte(b, <u32>s.charCodeAt(i));
}
export function bufI64(b: usize, v: i64): void {
  if (v < 0) {
    bufByte(b, 45);
    if (v == i64.MIN_VALUE) { bufLit(b, "9223372036854775808"); return; }
    v = -v;
  }
  bufU64(b, <u64>v);
}
export function bufU64(b: usize, u: u64): void {
  const tmp = alloc(24);
  let i = 0;
  do {
    store<u8>(tmp + <usize>(i++), <u8>(48 + u % 10));
    u /= 10;
  } while (u != 0);
  while (i > 0) bufByte(b, load<u8>(tmp + <usize>(--i)));
}
// Unicode code point as UTF-8.
export function bufRune(b: usize, c: u32): void {
  if (c < 0x80) bufByte(b, c);
  else if (c < 0x800) { bufByte(b, 0xc0 | (c >> 6)); bufByte(b, 0x80 | (c & 63)); }
  else if (c < 0x10000) { bufByte(b, 0xe0 | (c >> 12)); bufByte(b, 0x80 | ((c >> 6) & 63)); bufByte(b, 0x80 | (c & 63)); }
  else {
    bufByte(b, 0xf0 | (c >> 18)); bufByte(b, 0x80 | ((c >> 12) & 63));
    bufByte(b, 0x80 | ((c >> 6) & 63)); bufByte(b, 0x80 | (c & 63));
  }
}
export function bufToStr(b: usize): usize { return mkStr(bufPtr(b), bufLen(b)); }
export function bufCStr(b: usize): usize {
  bufByte(b, 0);
  return bufPtr(b);
}
