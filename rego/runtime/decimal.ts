// Exact comparison of numbers as decimals (ints, bigs, floats via their exact expansion, decimal literals via
// their text), for the cases where f64 cannot tell two values apart.
import { alloc } from "./alloc";
import { scanDecimal, DT_NEG, DT_DIGITS, DT_ND, DT_EXP } from "./dectext";
import { vsub, N_INT, N_BIG, N_FLOAT, intOf, floatOf } from "./value";
import { bigToDec, bigDecLen } from "./bigint";
import { shortestExact, SN, decCmp } from "./exactdec";

let S: i32 = 0;   // sign: -1, 0, 1
let P: usize = 0; // digits without leading zeros
let N: i32 = 0;
let E: i32 = 0;   // exponent of the first digit

function fromText(p: usize, n: i32): void {
  scanDecimal(p, n, 0, true);
  P = DT_DIGITS; N = DT_ND; S = DT_ND == 0 ? 0 : (DT_NEG ? -1 : 1); E = DT_EXP + DT_ND - 1;
}

function loadDec(v: usize): void {
  const k = vsub(v);
  if (k == N_INT || k == N_BIG) {
    let p: usize, n: i32;
    if (k == N_INT) {
      const i = intOf(v);
      if (i == 0) { S = 0; N = 0; E = 0; return; }
      p = alloc(24);
      let u: u64 = i < 0 ? <u64>(-i) : <u64>i;
      const t = alloc(24);
      let m = 0;
      while (u != 0) { store<u8>(t + <usize>(m++), <u8>(48 + u % 10)); u /= 10; }
      for (let j = 0; j < m; j++) store<u8>(p + <usize>j, load<u8>(t + <usize>(m - 1 - j)));
      n = m;
      S = i < 0 ? -1 : 1;
    } else {
      p = alloc(<usize>bigDecLen(v));
      n = bigToDec(v, p);
      S = 1;
      if (load<u8>(p) == 45) { S = -1; p++; n--; }
    }
    P = p; N = n; E = n - 1;
    return;
  }
  if (k == N_FLOAT) {
    const f = floatOf(v);
    if (f == 0) { S = 0; N = 0; E = 0; return; }
    // a computed float stands for its shortest decimal text, as OPA keeps numbers as decimal strings
    const d = alloc(64);
    E = shortestExact(Math.abs(f), d);
    P = d; N = SN; S = f < 0 ? -1 : 1;
    return;
  }
  fromText(<usize>load<i32>(v, 4), load<i32>(v, 16));
}

export function decCompare(a: usize, b: usize): i32 {
  loadDec(a);
  const sa = S, pa = P, na = N, ea = E;
  loadDec(b);
  if (sa != S) return sa < S ? -1 : 1;
  if (sa == 0) return 0;
  const c = decCmp(pa, na, ea, P, N, E);
  return sa < 0 ? -c : c;
}
