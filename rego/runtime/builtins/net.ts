// net.cidr_contains for IPv4 and IPv6: cidr_contains(cidr, cidr_or_ip).
import { vtype, T_STR, mkBool, strPtr, strLen } from "../value";
import { alloc } from "../alloc";
import { typeErr } from "../types";
import { fail, E_BUILTIN } from "../error";
import { bufNew, bufLit, bufBytes, bufToStr } from "../buf";

// Parses "ip" or "ip/len" into 16 bytes at out (IPv4 mapped to ::ffff:a.b.c.d); returns prefix bits (128 for
// a bare address), or -1.
export function parseAddr(p: usize, n: i32, out: usize): i32 {
  let slash = -1;
  for (let i = 0; i < n; i++) if (load<u8>(p + <usize>i) == 47) { slash = i; break; }
  const an = slash < 0 ? n : slash;
  let isV4 = true;
  for (let i = 0; i < an; i++) if (load<u8>(p + <usize>i) == 58) isV4 = false;
  memory.fill(out, 0, 16);
  let bits = 128;
  if (isV4) {
    store<u8>(out + 10, 0xff); store<u8>(out + 11, 0xff);
    let part = 0, val = -1;
    for (let i = 0; i <= an; i++) {
      const c = i < an ? load<u8>(p + <usize>i) : 46;
      if (c == 46) {
        if (val < 0 || val > 255 || part > 3) return -1;
        store<u8>(out + 12 + <usize>part, <u8>val);
        part++; val = -1;
      } else if (c >= 48 && c <= 57) {
        val = (val < 0 ? 0 : val * 10) + <i32>(c - 48);
      } else return -1;
    }
    if (part != 4) return -1;
  } else {
    // groups of hex, with at most one "::"
    let groups = alloc(16);
    let ng = 0, gap = -1, i = 0;
    if (an >= 2 && load<u8>(p) == 58 && load<u8>(p + 1) == 58) { gap = 0; i = 2; }
    while (i < an) {
      let v = 0, d = 0;
      while (i < an) {
        const c = <i32>load<u8>(p + <usize>i);
        let h = -1;
        if (c >= 48 && c <= 57) h = c - 48; else if ((c | 32) >= 97 && (c | 32) <= 102) h = (c | 32) - 87;
        if (h < 0) break;
        v = v * 16 + h; d++; i++;
      }
      if (d == 0 || d > 4 || ng >= 8) return -1;
      store<u16>(groups + (<usize>ng << 1), <u16>v);
      ng++;
      if (i < an) {
        if (load<u8>(p + <usize>i) != 58) return -1;
        i++;
        if (i < an && load<u8>(p + <usize>i) == 58) {
          if (gap >= 0) return -1;
          gap = ng; i++;
        }
      }
    }
    if (gap < 0 && ng != 8) return -1;
    let k = 0;
    for (let g = 0; g < 8; g++) {
      let v: u16 = 0;
      if (gap >= 0 && g >= gap && g < gap + 8 - ng) v = 0;
      else { v = load<u16>(groups + (<usize>k << 1)); k++; }
      store<u8>(out + <usize>(g * 2), <u8>(v >> 8));
      store<u8>(out + <usize>(g * 2 + 1), <u8>(v & 255));
    }
  }
  if (slash >= 0) {
    let v = 0;
    if (slash + 1 >= n) return -1;
    for (let i = slash + 1; i < n; i++) {
      const c = load<u8>(p + <usize>i);
      if (c < 48 || c > 57) return -1;
      v = v * 10 + <i32>(c - 48);
      if (v > 128) return -1;
    }
    if (isV4) { if (v > 32) return -1; v += 96; }
    bits = v;
  }
  return bits;
}

function prefixEq(a: usize, b: usize, bits: i32): bool {
  for (let i = 0; i < 16; i++) {
    const take = bits - i * 8;
    if (take <= 0) return true;
    const mask: u32 = take >= 8 ? <u32>0xff : ((<u32>0xff << <u32>(8 - take)) & 0xff);
    if ((<u32>load<u8>(a + <usize>i) & mask) != (<u32>load<u8>(b + <usize>i) & mask)) return false;
  }
  return true;
}

function invalid(s: usize): usize {
  const b = bufNew(32);
  bufLit(b, "invalid CIDR address: ");
  bufBytes(b, strPtr(s), strLen(s));
  return fail(E_BUILTIN, "net.cidr_contains", bufToStr(b));
}

export function bi_net_cidr_contains(c: usize, x: usize): usize {
  if (vtype(c) != T_STR) return typeErr("net.cidr_contains", 1, "string", c);
  if (vtype(x) != T_STR) return typeErr("net.cidr_contains", 2, "string", x);
  const a = alloc(16), b = alloc(16);
  const cb = parseAddr(strPtr(c), strLen(c), a);
  if (cb < 0 || cb == 128 && !hasSlash(c)) return invalid(c);
  const xb = parseAddr(strPtr(x), strLen(x), b);
  if (xb < 0) return invalid(x);
  if (xb < cb) return mkBool(false);
  return mkBool(prefixEq(a, b, cb));
}
function hasSlash(s: usize): bool {
  for (let i = 0; i < strLen(s); i++) if (load<u8>(strPtr(s) + <usize>i) == 47) return true;
  return false;
}

// net.cidr_expand: every IPv4 address of the network (host bits cleared), as a set of strings; at most 2^16.
import { mkSet, lit as litStr } from "../value";
import { collPut } from "../collections";
import { bufI64 } from "../buf";
export function bi_net_cidr_expand(c: usize): usize {
  if (vtype(c) != T_STR) return typeErr("net.cidr_expand", 1, "string", c);
  const a = alloc(16);
  const bits = parseAddr(strPtr(c), strLen(c), a);
  if (bits < 96 || !hasSlash(c) || load<u8>(a + 10) != 0xff) {
    const b = bufNew(32);
    bufLit(b, "invalid CIDR address: ");
    bufBytes(b, strPtr(c), strLen(c));
    return fail(E_BUILTIN, "net.cidr_expand", bufToStr(b));
  }
  const host = 128 - bits;
  if (host > 16) return fail(E_BUILTIN, "net.cidr_expand", litStr("network too large"));
  let base: u32 = (<u32>load<u8>(a + 12) << 24) | (<u32>load<u8>(a + 13) << 16) | (<u32>load<u8>(a + 14) << 8) | <u32>load<u8>(a + 15);
  const mask: u32 = host == 32 ? 0 : ~((<u32>1 << <u32>host) - 1);
  base &= mask;
  const r = mkSet();
  const count: u32 = <u32>1 << <u32>host;
  for (let i: u32 = 0; i < count; i++) {
    const x = base + i;
    const b = bufNew(16);
    bufI64(b, <i64>(x >> 24)); bufLit(b, "."); bufI64(b, <i64>((x >> 16) & 255)); bufLit(b, ".");
    bufI64(b, <i64>((x >> 8) & 255)); bufLit(b, "."); bufI64(b, <i64>(x & 255));
    collPut(r, bufToStr(b), 0);
  }
  return r;
}
