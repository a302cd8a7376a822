// UTF-8 helpers: rune decoding, code point offsets (OPA's string builtins count code points, not bytes).
export let runeLen: i32 = 1;

// Width of the rune at p (limit e) as Go's utf8.DecodeRune reads it: a valid sequence is 1-4 bytes; anything
// else (a stray continuation, a truncated or overlong sequence, a surrogate, past U+10FFFF) is one byte of
// U+FFFD. OPA counts and indexes strings by these runes, so raw bytes from base64.decode count one by one.
export function runeWidth(p: usize, e: usize): i32 {
  const c = <u32>load<u8>(p);
  if (c < 0x80) return 1;
  let n = 0;
  let lo: u32 = 0x80, hi: u32 = 0xbf; // allowed range of the second byte
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) { n = 3; if (c == 0xe0) lo = 0xa0; else if (c == 0xed) hi = 0x9f; }
  else if (c >= 0xf0 && c <= 0xf4) { n = 4; if (c == 0xf0) lo = 0x90; else if (c == 0xf4) hi = 0x8f; }
  else return 1;
  if (p + <usize>n > e) return 1;
  const b1 = <u32>load<u8>(p + 1);
  if (b1 < lo || b1 > hi) return 1;
  for (let i = 2; i < n; i++) if ((load<u8>(p + <usize>i) & 0xc0) != 0x80) return 1;
  return n;
}

// Decode the rune at p (limit e); sets runeLen. Invalid bytes decode as U+FFFD of length 1.
export function decodeRune(p: usize, e: usize): u32 {
  const c = <u32>load<u8>(p);
  runeLen = runeWidth(p, e);
  if (c < 0x80) return c;
  if (runeLen == 1) return 0xfffd;
  let r: u32 = runeLen == 2 ? c & 0x1f : runeLen == 3 ? c & 0x0f : c & 0x07;
  for (let i = 1; i < runeLen; i++) r = (r << 6) | (<u32>load<u8>(p + <usize>i) & 0x3f);
  return r;
}

// Number of runes in [p, p+n).
export function runeCount(p: usize, n: i32): i32 {
  const e = p + <usize>n;
  let c = 0;
  for (let q = p; q < e; q += <usize>runeWidth(q, e)) c++;
  return c;
}

// Byte offset of the code point index `cp` in [p, p+n), or n when past the end.
export function byteOffset(p: usize, n: i32, cp: i32): i32 {
  const e = p + <usize>n;
  let i = 0;
  let k = 0;
  while (i < n && k < cp) {
    i += runeWidth(p + <usize>i, e);
    k++;
  }
  return i;
}

// Code point index of byte offset b.
export function cpIndex(p: usize, b: i32): i32 {
  const e = p + <usize>b;
  let k = 0;
  for (let i = 0; i < b; i += runeWidth(p + <usize>i, e)) k++;
  return k;
}

// Byte index of needle in hay starting at `from`, or -1.
export function find(h: usize, hn: i32, nd: usize, nn: i32, from: i32): i32 {
  if (nn == 0) return from <= hn ? from : -1;
  for (let i = from; i + nn <= hn; i++) {
    if (load<u8>(h + <usize>i) != load<u8>(nd)) continue;
    let j = 1;
    while (j < nn && load<u8>(h + <usize>(i + j)) == load<u8>(nd + <usize>j)) j++;
    if (j == nn) return i;
  }
  return -1;
}

export function isSpaceRune(r: u32): bool {
  return r == 32 || (r >= 9 && r <= 13) || r == 0x85 || r == 0xa0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200a) ||
    r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000;
}
