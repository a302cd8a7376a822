// sprintf with Go fmt semantics, as OPA does: numbers become Go ints (exact, also beyond 64 bits) or float64;
// every other value is passed as its Rego term text (a string). Verbs: v d s q x X o b c e E f F g G t %.
import {
  vtype, vlen, T_NUM, T_STR, T_ARR, mkStr, arrGet, strPtr, strLen, vsub, N_INT, N_BIG, N_DEC, intOf, floatOf, isIntKind,
} from "../value";
import { alloc } from "../alloc";
import { typeErr } from "../types";
import { bufNew, bufByte, bufBytes, bufLit, bufToStr, bufPtr, bufLen, bufStrV, bufI64 } from "../buf";
import { dumpTo } from "../json";
import { bufNum, shortest, NDIG, digits } from "../format";
import { decodeRune, runeLen, runeCount } from "../utf8";
import { exactDigits, roundDigits, DP, DN, DE } from "../exactdec";
import { bigToDec, bigDecLen, toMag, mSign, mPtr, mN } from "../bigint";

// flags of the current verb
let fMinus = false, fPlus = false, fSpace = false, fZero = false, fSharp = false;
let width = -1, prec = -1;

function pad(out: usize, s: usize, n: i32, numeric: bool): void {
  // width counts runes
  const runes = runeCount(s, n);
  const fill = width > runes ? width - runes : 0;
  if (fMinus) { bufBytes(out, s, n); for (let i = 0; i < fill; i++) bufByte(out, 32); return; }
  if (fZero && numeric && fill > 0) {
    // zeros go after the sign
    let i = 0;
    if (n > 0 && (load<u8>(s) == 45 || load<u8>(s) == 43 || load<u8>(s) == 32)) { bufByte(out, load<u8>(s)); i = 1; }
    for (let k = 0; k < fill; k++) bufByte(out, 48);
    bufBytes(out, s + <usize>i, n - i);
    return;
  }
  for (let i = 0; i < fill; i++) bufByte(out, 32);
  bufBytes(out, s, n);
}

function hexDigit(d: u32, upper: bool): u32 { return d < 10 ? 48 + d : (upper ? 55 : 87) + d; }

// integer in base 2/8/10/16 with sign handling
function fmtInt(out: usize, v: usize, base: u32, upper: bool): void {
  const t = bufNew(32);
  let neg = false;
  if (base == 10) {
    if (vsub(v) == N_INT) {
      const i = intOf(v);
      neg = i < 0;
      bufI64(t, i);
    } else {
      const tmp = alloc(<usize>bigDecLen(v));
      const n = bigToDec(v, tmp);
      neg = load<u8>(tmp) == 45;
      bufBytes(t, tmp, n);
    }
  } else {
    toMag(v);
    neg = mSign < 0 && mN > 0;
    if (neg) bufByte(t, 45);
    if (fSharp) {
      if (base == 16) bufLit(t, upper ? "0X" : "0x");
      else if (base == 8) bufByte(t, 48);
      else if (base == 2) bufLit(t, "0b");
    }
    // digits from the magnitude: repeated division by base
    let n = mN;
    const w = alloc(<usize>(n + 1) << 2);
    memory.copy(w, mPtr, <usize>n << 2);
    const d = bufNew(64);
    if (n == 0) bufByte(d, 48);
    while (n > 0) {
      let rem: u64 = 0;
      for (let i = n - 1; i >= 0; i--) {
        const cur = (rem << 32) | <u64>load<u32>(w + (<usize>i << 2));
        store<u32>(w + (<usize>i << 2), <u32>(cur / <u64>base));
        rem = cur % <u64>base;
      }
      while (n > 0 && load<u32>(w + (<usize>(n - 1) << 2)) == 0) n--;
      bufByte(d, hexDigit(<u32>rem, upper));
    }
    for (let i = bufLen(d) - 1; i >= 0; i--) bufByte(t, load<u8>(bufPtr(d) + <usize>i));
  }
  if (!neg && (fPlus || fSpace)) {
    const t2 = bufNew(bufLen(t) + 1);
    bufByte(t2, fPlus ? 43 : 32);
    bufBytes(t2, bufPtr(t), bufLen(t));
    pad(out, bufPtr(t2), bufLen(t2), true);
    return;
  }
  pad(out, bufPtr(t), bufLen(t), true);
}

function expPart(t: usize, e: i32, upper: bool): void {
  bufByte(t, upper ? 69 : 101);
  bufByte(t, e < 0 ? 45 : 43);
  const a = e < 0 ? -e : e;
  if (a < 10) bufByte(t, 48);
  bufI64(t, a);
}

// verb: 'e' 'f' 'g' (upper for E/G); prec -1 = shortest
function fmtFloat(out: usize, f: f64, verb: u32, upper: bool): void {
  const t = bufNew(32);
  if (f < 0 || (f == 0 && 1 / f < 0)) bufByte(t, 45);
  else if (fPlus) bufByte(t, 43);
  else if (fSpace) bufByte(t, 32);
  const a = Math.abs(f);
  if (!isFinite(a)) { bufLit(t, isNaN(a) ? "NaN" : "Inf"); pad(out, bufPtr(t), bufLen(t), false); return; }
  const tmp = alloc(800);
  let nd = 0, e = 0;
  if (a == 0) { store<u8>(tmp, 48); nd = 1; e = 0; }
  if (verb == 103) {
    // %g: shortest (prec -1) or prec significant digits; exponent form when e < -4 || e >= eprec
    if (a != 0) {
      if (prec < 0) { e = shortest(a, tmp); nd = NDIG; }
      else { const p = prec == 0 ? 1 : (prec > 700 ? 700 : prec); e = digits(a, p, tmp); nd = p; while (nd > 1 && load<u8>(tmp + <usize>(nd - 1)) == 48) nd--; }
    }
    let eprec = prec < 0 ? 6 : (prec == 0 ? 1 : prec);
    if (e < -4 || e >= eprec) {
      bufByte(t, load<u8>(tmp));
      if (nd > 1) { bufByte(t, 46); bufBytes(t, tmp + 1, nd - 1); }
      expPart(t, e, upper);
    } else if (e < 0) {
      bufLit(t, "0.");
      for (let i = -1; i > e; i--) bufByte(t, 48);
      bufBytes(t, tmp, nd);
    } else if (nd <= e + 1) {
      bufBytes(t, tmp, nd);
      for (let i = nd; i <= e; i++) bufByte(t, 48);
    } else {
      bufBytes(t, tmp, e + 1);
      bufByte(t, 46);
      bufBytes(t, tmp + <usize>(e + 1), nd - e - 1);
    }
  } else if (verb == 101) {
    const p = prec < 0 ? 6 : prec;
    if (a != 0) e = digits(a, p + 1 > 700 ? 700 : p + 1, tmp);
    const have = a == 0 ? 1 : (p + 1 > 700 ? 700 : p + 1);
    bufByte(t, load<u8>(tmp));
    if (p > 0) {
      bufByte(t, 46);
      for (let i = 1; i <= p; i++) bufByte(t, i < have ? load<u8>(tmp + <usize>i) : 48);
    }
    expPart(t, e, upper);
  } else {
    // %f: round the exact expansion at 10^-p
    const p = prec < 0 ? 6 : (prec > 300 ? 300 : prec);
    let zero = a == 0;
    if (!zero) {
      exactDigits(a);
      const keep = DE + 1 + p;
      if (keep < 0) zero = true;
      else {
        const e2 = roundDigits(DP, DN, DE, keep, tmp);
        if (e2 < -100000) zero = true;
        else { e = e2; nd = keep == 0 ? 1 : keep; if (e2 > DE && keep > 0) nd = keep; }
      }
    }
    if (zero) { nd = 0; e = 0; }
    const intDigits = !zero && e >= 0 ? e + 1 : 0;
    if (intDigits == 0) bufByte(t, 48);
    else for (let i = 0; i < intDigits; i++) bufByte(t, i < nd ? load<u8>(tmp + <usize>i) : 48);
    if (p > 0 || fSharp) bufByte(t, 46);
    for (let k = 1; k <= p; k++) {
      const idx = e + k; // the first digit has exponent e, so exponent -k sits at index e + k
      let c: u32 = 48;
      if (!zero && idx >= 0 && idx < nd) c = load<u8>(tmp + <usize>idx);
      bufByte(t, c);
    }
  }
  pad(out, bufPtr(t), bufLen(t), true);
}

function quote(out: usize, p: usize, n: i32): void {
  const t = bufNew(n + 2);
  bufByte(t, 34);
  const e = p + <usize>n;
  let i = p;
  while (i < e) {
    const r = decodeRune(i, e);
    const l = runeLen;
    if (r == 34) bufLit(t, "\\\"");
    else if (r == 92) bufLit(t, "\\\\");
    else if (r == 10) bufLit(t, "\\n");
    else if (r == 9) bufLit(t, "\\t");
    else if (r == 13) bufLit(t, "\\r");
    else if (r < 32 || r == 127) { bufLit(t, "\\x"); bufByte(t, hexDigit(r >> 4, false)); bufByte(t, hexDigit(r & 15, false)); }
    else bufBytes(t, i, l);
    i += <usize>l;
  }
  bufByte(t, 34);
  pad(out, bufPtr(t), bufLen(t), false);
}

// "%!d(string=foo)" style for a verb that does not fit its operand
function bad(out: usize, verb: u32, arg: usize): void {
  bufLit(out, "%!");
  bufByte(out, verb);
  bufByte(out, 40);
  goType(out, arg);
  bufByte(out, 61);
  plain(out, arg);
  bufByte(out, 41);
}
function goType(out: usize, arg: usize): void {
  if (vtype(arg) == T_NUM) bufLit(out, !isIntKind(arg) ? "float64" : vsub(arg) == N_INT ? "int" : "*big.Int");
  else bufLit(out, "string");
}
// %v of an operand without flags
function plain(out: usize, arg: usize): void {
  if (vtype(arg) == T_STR) bufStrV(out, arg);
  else if (vtype(arg) == T_NUM) {
    if (!isIntKind(arg)) { const sp = prec; prec = -1; fmtFloatV(out, floatOf(arg)); prec = sp; }
    else bufNum(out, arg);
  } else dumpTo(out, arg, 3);
}
function fmtFloatV(out: usize, f: f64): void { fmtFloat(out, f, 103, false); }

// operand as Go sees it: numbers stay numbers, anything else becomes its Rego text
function operand(v: usize): usize {
  const t = vtype(v);
  // a float literal past float64's range reaches Go's fmt as its text, as OPA passes it
  if (t == T_NUM && vsub(v) == N_DEC && decBeyondF64(<usize>load<i32>(v, 4), load<i32>(v, 16))) {
    return mkStr(<usize>load<i32>(v, 4), load<i32>(v, 16));
  }
  if (t == T_NUM || t == T_STR) return v;
  const b = bufNew(32);
  dumpTo(b, v, 3);
  return bufToStr(b);
}

export function bi_sprintf(fmt: usize, args: usize): usize {
  if (vtype(fmt) != T_STR) return typeErr("sprintf", 1, "string", fmt);
  if (vtype(args) != T_ARR) return typeErr("sprintf", 2, "array", args);
  const p = strPtr(fmt), n = strLen(fmt);
  const nargs = vlen(args);
  const out = bufNew(n + 16);
  let ai = 0;
  let i = 0;
  while (i < n) {
    const c = <u32>load<u8>(p + <usize>i);
    if (c != 37) { bufByte(out, c); i++; continue; }
    i++;
    fMinus = false; fPlus = false; fSpace = false; fZero = false; fSharp = false; width = -1; prec = -1;
    while (i < n) {
      const f = load<u8>(p + <usize>i);
      if (f == 45) fMinus = true; else if (f == 43) fPlus = true; else if (f == 32) fSpace = true;
      else if (f == 48) fZero = true; else if (f == 35) fSharp = true; else break;
      i++;
    }
    while (i < n && load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) {
      width = (width < 0 ? 0 : width * 10) + <i32>(load<u8>(p + <usize>i) - 48);
      i++;
    }
    if (i < n && load<u8>(p + <usize>i) == 46) {
      i++;
      prec = 0;
      while (i < n && load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) {
        prec = prec * 10 + <i32>(load<u8>(p + <usize>i) - 48);
        i++;
      }
    }
    if (i >= n) { bufLit(out, "%!(NOVERB)"); break; }
    const verb = <u32>load<u8>(p + <usize>i);
    i++;
    if (verb == 37) { bufByte(out, 37); continue; }
    if (ai >= nargs) { bufLit(out, "%!"); bufByte(out, verb); bufLit(out, "(MISSING)"); continue; }
    const arg = operand(arrGet(args, ai++));
    const isNum = vtype(arg) == T_NUM;
    const isFloat = isNum && !isIntKind(arg);
    const isBig = isNum && vsub(arg) == N_BIG;
    if (verb == 118) {
      if (isFloat) fmtFloat(out, floatOf(arg), 103, false);
      else if (isNum) fmtInt(out, arg, 10, false);
      else {
        if (prec >= 0) truncPad(out, arg); else pad(out, strPtr(arg), strLen(arg), false);
      }
    } else if (verb == 100) {
      if (isNum && !isFloat) fmtInt(out, arg, 10, false); else bad(out, verb, arg);
    } else if (verb == 115) {
      // big.Int formats itself for %s like %d; Go ints and floats do not
      if (isBig) fmtInt(out, arg, 10, false);
      else if (isNum) bad(out, verb, arg); else truncPad(out, arg);
    } else if (verb == 113) {
      if (isNum) bad(out, verb, arg); else quote(out, strPtr(arg), strLen(arg));
    } else if (verb == 120 || verb == 88) {
      const up = verb == 88;
      if (isNum && !isFloat) fmtInt(out, arg, 16, up);
      else if (!isNum) {
        const t = bufNew(strLen(arg) * 2);
        for (let k = 0; k < strLen(arg); k++) {
          const b = <u32>load<u8>(strPtr(arg) + <usize>k);
          bufByte(t, hexDigit(b >> 4, up)); bufByte(t, hexDigit(b & 15, up));
        }
        pad(out, bufPtr(t), bufLen(t), false);
      } else bad(out, verb, arg);
    } else if (verb == 111) {
      if (isNum && !isFloat) fmtInt(out, arg, 8, false); else bad(out, verb, arg);
    } else if (verb == 98) {
      if (isNum && !isFloat) fmtInt(out, arg, 2, false); else bad(out, verb, arg);
    } else if (verb == 99) {
      if (isNum && !isFloat) { const t = bufNew(4); bufRuneOut(t, <u32>intOf(arg)); pad(out, bufPtr(t), bufLen(t), false); }
      else bad(out, verb, arg);
    } else if (verb == 101 || verb == 69 || verb == 102 || verb == 70 || verb == 103 || verb == 71) {
      if (!isNum) bad(out, verb, arg);
      else {
        const f = isFloat ? floatOf(arg) : <f64>0 + numAsF64(arg);
        if (!isFloat) { bad(out, verb, arg); continue; }
        const lower = verb | 32;
        fmtFloat(out, f, lower == 102 ? 102 : lower, verb < 97);
      }
    } else if (verb == 116) {
      // booleans arrive as their text; Go would print %!t(string=true)
      bad(out, verb, arg);
    } else {
      bad(out, verb, arg);
    }
  }
  if (ai < nargs) {
    bufLit(out, "%!(EXTRA ");
    for (let k = ai; k < nargs; k++) {
      if (k > ai) bufLit(out, ", ");
      const a = operand(arrGet(args, k));
      goType(out, a);
      bufByte(out, 61);
      plain(out, a);
    }
    bufByte(out, 41);
  }
  return bufToStr(out);
}
import { numF64, decBeyondF64 } from "../number";
import { bufRune } from "../buf";
function numAsF64(v: usize): f64 { return numF64(v); }
function bufRuneOut(b: usize, r: u32): void { bufRune(b, r); }

function truncPad(out: usize, s: usize): void {
  let n = strLen(s);
  if (prec >= 0) {
    let k = 0, i = 0;
    while (i < n && k < prec) { decodeRune(strPtr(s) + <usize>i, strPtr(s) + <usize>n); i += runeLen; k++; }
    n = i;
  }
  pad(out, strPtr(s), n, false);
}
