// UTF-8 helpers: rune decoding, code point offsets (OPA's string builtins count code points, not bytes).
export let runeLen: i32 = 1;

// Decode the rune at p (limit e); sets runeLen. Invalid bytes decode as U+FFFD of length 1.
export function decodeRune(p: usize, e: usize): u32 {
  const c = <u32>load<u8>(p);
  runeLen = 1;
  if (c < 0x80) return c;
  let n = 0;
  let r: u32 = 0;
  if ((c & 0xe0) == 0xc0) { n = 2; r = c & 0x1f; }
  else if ((c & 0xf0) == 0xe0) { n = 3; r = c & 0x0f; }
  else if ((c & 0xf8) == 0xf0) { n = 4; r = c & 0x07; }
  else return 0xfffd;
  if (p + <usize>n > e) return 0xfffd;
  for (let i = 1; i < n; i++) {
    const d = <u32>load<u8>(p + <usize>i);
    if ((d & 0xc0) != 0x80) return 0xfffd;
    r = (r << 6) | (d & 0x3f);
  }
  runeLen = n;
  return r;
}

// Byte offset of the code point index `cp` in [p, p+n), or n when past the end.
export function byteOffset(p: usize, n: i32, cp: i32): i32 {
  let i = 0;
  let k = 0;
  while (i < n && k < cp) {
    i++;
    while (i < n && (load<u8>(p + <usize>i) & 0xc0) == 0x80) i++;
    k++;
  }
  return i;
}

// Code point index of byte offset b.
export function cpIndex(p: usize, b: i32): i32 {
  let k = 0;
  for (let i = 0; i < b; i++) if ((load<u8>(p + <usize>i) & 0xc0) != 0x80) k++;
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
