// Scans decimal number text (JSON number syntax: sign, digits, optional fraction and exponent) into its
// significant digits and a power of ten, for the parsers that need the exact decimal (number.ts, decimal.ts).
import { alloc } from "./alloc";

/** After `scanDecimal`: value = (DT_NEG ? -1 : 1) · DIGITS · 10^DT_EXP, DIGITS = DT_ND ASCII digits at DT_DIGITS
 *  with no leading zeros (DT_ND == 0 for zero). */
export let DT_NEG = false;
export let DT_DIGITS: usize = 0;
export let DT_ND: i32 = 0;
export let DT_EXP: i32 = 0;

/** `spare` bytes are left free after the digits for callers that append to them. A leading `+` is accepted
 *  only with `allowPlus`. Exponents saturate (at about 10^8), far past where any caller's result changes. */
export function scanDecimal(p: usize, n: i32, spare: i32, allowPlus: bool): void {
  let i = 0;
  DT_NEG = false;
  if (i < n && load<u8>(p) == 45) { DT_NEG = true; i++; }
  else if (allowPlus && i < n && load<u8>(p) == 43) i++;
  const d = alloc(<usize>(n + spare + 1));
  let nd = 0, exp = 0, sawDot = false;
  for (; i < n; i++) {
    const c = load<u8>(p + <usize>i);
    if (c == 46) { sawDot = true; continue; }
    if (c < 48 || c > 57) break;
    if (nd == 0 && c == 48) { if (sawDot) exp--; continue; }
    store<u8>(d + <usize>(nd++), c);
    if (sawDot) exp--;
  }
  if (i < n && (load<u8>(p + <usize>i) | 32) == 101) {
    i++;
    let eneg = false;
    if (i < n && load<u8>(p + <usize>i) == 45) { eneg = true; i++; }
    else if (i < n && load<u8>(p + <usize>i) == 43) i++;
    let e = 0;
    for (; i < n; i++) {
      const c = load<u8>(p + <usize>i);
      if (c < 48 || c > 57) break;
      if (e < 100000000) e = e * 10 + <i32>(c - 48);
    }
    exp += eneg ? -e : e;
  }
  DT_DIGITS = d;
  DT_ND = nd;
  DT_EXP = exp;
}
