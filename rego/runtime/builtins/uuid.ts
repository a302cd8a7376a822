// uuid.parse: canonical, {braced}, urn:uuid: and 32-hex forms; version/variant for all, and for versions 1 and 2
// the time (Unix ns), clock sequence, node id and MAC kind (version 2 adds domain and id), as Go's uuid does.
import { vtype, T_STR, mkInt, mkObj, strPtr, strLen, lit } from "../value";
import { alloc } from "../alloc";
import { collPut } from "../collections";
import { bufNew, bufByte, bufLit, bufI64, bufToStr } from "../buf";

function hexVal(c: u32): i32 {
  if (c >= 48 && c <= 57) return <i32>(c - 48);
  c |= 32;
  if (c >= 97 && c <= 102) return <i32>(c - 87);
  return -1;
}

// 16 bytes or 0
function parseBytes(s: usize): usize {
  let p = strPtr(s), n = strLen(s);
  // urn:uuid: prefix (case-insensitive)
  if (n == 45) {
    const pre = "urn:uuid:";
    for (let i = 0; i < 9; i++) if ((load<u8>(p + <usize>i) | 32) != <u8>pre.charCodeAt(i)) return 0;
    p += 9; n -= 9;
  } else if (n == 38) {
    if (load<u8>(p) != 123 || load<u8>(p + 37) != 125) return 0;
    p += 1; n -= 2;
  }
  const out = alloc(16);
  let k = 0;
  if (n == 36) {
    for (let i = 0; i < 36; ) {
      if (i == 8 || i == 13 || i == 18 || i == 23) { if (load<u8>(p + <usize>i) != 45) return 0; i++; continue; }
      const h = hexVal(load<u8>(p + <usize>i)), l = hexVal(load<u8>(p + <usize>(i + 1)));
      if (h < 0 || l < 0) return 0;
      store<u8>(out + <usize>(k++), <u8>(h * 16 + l));
      i += 2;
    }
    return out;
  }
  if (n == 32) {
    for (let i = 0; i < 32; i += 2) {
      const h = hexVal(load<u8>(p + <usize>i)), l = hexVal(load<u8>(p + <usize>(i + 1)));
      if (h < 0 || l < 0) return 0;
      store<u8>(out + <usize>(k++), <u8>(h * 16 + l));
    }
    return out;
  }
  return 0;
}

@inline function b(u: usize, i: i32): u32 { return <u32>load<u8>(u + <usize>i); }

export function bi_uuid_parse(s: usize): usize {
  if (vtype(s) != T_STR) return 0;
  const u = parseBytes(s);
  if (u == 0) return 0;
  const r = mkObj();
  const version = b(u, 6) >> 4;
  const v8 = b(u, 8);
  let variant = "Reserved";
  if ((v8 & 0xc0) == 0x80) variant = "RFC4122";
  else if ((v8 & 0xe0) == 0xc0) variant = "Microsoft";
  else if ((v8 & 0xe0) == 0xe0) variant = "Future";
  collPut(r, lit("variant"), lit(variant));
  collPut(r, lit("version"), mkInt(<i64>version));
  if (version == 1 || version == 2) {
    let t: i64 = <i64>((b(u, 0) << 24) | (b(u, 1) << 16) | (b(u, 2) << 8) | b(u, 3));
    t |= <i64>((b(u, 4) << 8) | b(u, 5)) << 32;
    t |= <i64>(((b(u, 6) << 8) | b(u, 7)) & 0xfff) << 48;
    const unix = (t - 0x01b21dd213814000) * 100;
    collPut(r, lit("time"), mkInt(unix));
    collPut(r, lit("clocksequence"), mkInt(<i64>(((b(u, 8) << 8) | b(u, 9)) & 0x3fff)));
    const nb = bufNew(17);
    for (let i = 10; i < 16; i++) {
      if (i > 10) bufByte(nb, 45);
      const x = b(u, i);
      bufByte(nb, (x >> 4) < 10 ? 48 + (x >> 4) : 87 + (x >> 4));
      bufByte(nb, (x & 15) < 10 ? 48 + (x & 15) : 87 + (x & 15));
    }
    collPut(r, lit("nodeid"), bufToStr(nb));
    const n0 = b(u, 10);
    const mb = bufNew(16);
    bufLit(mb, (n0 & 2) != 0 ? "local" : "global");
    bufByte(mb, 58);
    bufLit(mb, (n0 & 1) != 0 ? "multicast" : "unicast");
    collPut(r, lit("macvariables"), bufToStr(mb));
    if (version == 2) {
      const d = b(u, 9);
      if (d == 0) collPut(r, lit("domain"), lit("Person"));
      else if (d == 1) collPut(r, lit("domain"), lit("Group"));
      else if (d == 2) collPut(r, lit("domain"), lit("Org"));
      else { const db = bufNew(12); bufLit(db, "Domain"); bufI64(db, <i64>d); collPut(r, lit("domain"), bufToStr(db)); }
      collPut(r, lit("id"), mkInt(<i64>((b(u, 0) << 24) | (b(u, 1) << 16) | (b(u, 2) << 8) | b(u, 3))));
    }
  }
  return r;
}
