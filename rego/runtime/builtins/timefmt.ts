// time.format and time.parse_ns with Go reference layouts ("2006-01-02T15:04:05Z07:00", named constants such
// as RFC1123Z), in the zones of tz.ts.
import { vtype, T_STR, mkInt, strPtr, strLen, lit } from "../value";
import { typeErr } from "../types";
import { failLit, E_BUILTIN } from "../error";
import { bufNew, bufByte, bufLit, bufI64, bufToStr, bufBytes } from "../buf";
import { nsArg, argLocal, argLayout, civilFromDays, daysFromCivil, cy, cm, cd, floorDiv, toNs } from "./time";
import { TZ_OFF, TZ_ABBR } from "./tz";

const NS: i64 = 1000000000;

// token ids
const T_LIT = 0, LONG_MONTH = 1, MONTH = 2, NUM_MONTH = 3, ZERO_MONTH = 4, LONG_WEEKDAY = 5, WEEKDAY = 6, DAY = 7,
  UNDER_DAY = 8, ZERO_DAY = 9, YDAY = 10, HOUR = 11, HOUR12 = 12, ZERO_HOUR12 = 13, MINUTE = 14, ZERO_MINUTE = 15,
  SECOND = 16, ZERO_SECOND = 17, LONG_YEAR = 18, YEAR = 19, PM = 20, LPM = 21, TZ = 22, Z_TZ = 23, NUM_TZ = 24,
  FRAC0 = 25, FRAC9 = 26;
let TOK = 0;   // token id
let TLEN = 0;  // token length in the layout
let TZK = 0;   // tz variant: 0 "07" 1 "0700" 2 "07:00" 3 "070000" 4 "07:00:00"

function at(p: usize, n: i32, i: i32, s: string): bool {
  if (i + s.length > n) return false;
  for (let k = 0; k < s.length; k++) if (load<u8>(p + <usize>(i + k)) != <u8>s.charCodeAt(k)) return false;
  return true;
}
@inline function digitAt(p: usize, n: i32, i: i32): bool { return i < n && load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57; }

function tzVariant(p: usize, n: i32, i: i32): i32 {
  // at the "07" after '-' or 'Z'
  if (at(p, n, i, "07:00:00")) { TZK = 4; return 8; }
  if (at(p, n, i, "070000")) { TZK = 3; return 6; }
  if (at(p, n, i, "0700")) { TZK = 1; return 4; }
  if (at(p, n, i, "07:00")) { TZK = 2; return 5; }
  if (at(p, n, i, "07")) { TZK = 0; return 2; }
  return 0;
}

// Recognise the token at layout position i (Go's nextStdChunk order).
function token(p: usize, n: i32, i: i32): void {
  TOK = T_LIT; TLEN = 1;
  const c = load<u8>(p + <usize>i);
  if (c == 74 && at(p, n, i, "Jan")) { if (at(p, n, i, "January")) { TOK = LONG_MONTH; TLEN = 7; } else { TOK = MONTH; TLEN = 3; } return; }
  if (c == 77) {
    if (at(p, n, i, "Monday")) { TOK = LONG_WEEKDAY; TLEN = 6; return; }
    if (at(p, n, i, "Mon")) { TOK = WEEKDAY; TLEN = 3; return; }
    if (at(p, n, i, "MST")) { TOK = TZ; TLEN = 3; return; }
    return;
  }
  if (c == 48 && i + 1 < n) {
    const d = load<u8>(p + <usize>(i + 1));
    if (d >= 49 && d <= 54) {
      TLEN = 2;
      TOK = d == 49 ? ZERO_MONTH : d == 50 ? ZERO_DAY : d == 51 ? ZERO_HOUR12 : d == 52 ? ZERO_MINUTE : d == 53 ? ZERO_SECOND : YEAR;
      return;
    }
    if (at(p, n, i, "002")) { TOK = YDAY; TLEN = 3; return; }
    return;
  }
  if (c == 49) { if (at(p, n, i, "15")) { TOK = HOUR; TLEN = 2; } else TOK = NUM_MONTH; return; }
  if (c == 50) { if (at(p, n, i, "2006")) { TOK = LONG_YEAR; TLEN = 4; } else TOK = DAY; return; }
  if (c == 95) { if (at(p, n, i, "_2") && !at(p, n, i, "_2006")) { TOK = UNDER_DAY; TLEN = 2; } return; }
  if (c == 51) { TOK = HOUR12; return; }
  if (c == 52) { TOK = MINUTE; return; }
  if (c == 53) { TOK = SECOND; return; }
  if (c == 80 && at(p, n, i, "PM")) { TOK = PM; TLEN = 2; return; }
  if (c == 112 && at(p, n, i, "pm")) { TOK = LPM; TLEN = 2; return; }
  if (c == 45 || c == 90) {
    const l = tzVariant(p, n, i + 1);
    if (l > 0) { TOK = c == 90 ? Z_TZ : NUM_TZ; TLEN = l + 1; }
    return;
  }
  if ((c == 46 || c == 44) && i + 1 < n && (load<u8>(p + <usize>(i + 1)) == 48 || load<u8>(p + <usize>(i + 1)) == 57)) {
    const ch = load<u8>(p + <usize>(i + 1));
    let j = i + 1;
    while (j < n && load<u8>(p + <usize>j) == ch) j++;
    if (!digitAt(p, n, j)) { TOK = ch == 48 ? FRAC0 : FRAC9; TLEN = j - i; }
  }
}

function named(l: usize): string {
  const p = strPtr(l), n = strLen(l);
  if (at(p, n, 0, "ANSIC") && n == 5) return "Mon Jan _2 15:04:05 2006";
  if (at(p, n, 0, "UnixDate") && n == 8) return "Mon Jan _2 15:04:05 MST 2006";
  if (at(p, n, 0, "RubyDate") && n == 8) return "Mon Jan 02 15:04:05 -0700 2006";
  if (at(p, n, 0, "RFC822Z") && n == 7) return "02 Jan 06 15:04 -0700";
  if (at(p, n, 0, "RFC822") && n == 6) return "02 Jan 06 15:04 MST";
  if (at(p, n, 0, "RFC850") && n == 6) return "Monday, 02-Jan-06 15:04:05 MST";
  if (at(p, n, 0, "RFC1123Z") && n == 8) return "Mon, 02 Jan 2006 15:04:05 -0700";
  if (at(p, n, 0, "RFC1123") && n == 7) return "Mon, 02 Jan 2006 15:04:05 MST";
  if (at(p, n, 0, "RFC3339Nano") && n == 11) return "2006-01-02T15:04:05.999999999Z07:00";
  if (at(p, n, 0, "RFC3339") && n == 7) return "2006-01-02T15:04:05Z07:00";
  if (at(p, n, 0, "Kitchen") && n == 7) return "3:04PM";
  if (at(p, n, 0, "StampMilli") && n == 10) return "Jan _2 15:04:05.000";
  if (at(p, n, 0, "StampMicro") && n == 10) return "Jan _2 15:04:05.000000";
  if (at(p, n, 0, "StampNano") && n == 9) return "Jan _2 15:04:05.000000000";
  if (at(p, n, 0, "Stamp") && n == 5) return "Jan _2 15:04:05";
  if (at(p, n, 0, "DateTime") && n == 8) return "2006-01-02 15:04:05";
  if (at(p, n, 0, "DateOnly") && n == 8) return "2006-01-02";
  if (at(p, n, 0, "TimeOnly") && n == 8) return "15:04:05";
  return "";
}

function monthName(m: i32): string {
  if (m == 1) return "January"; if (m == 2) return "February"; if (m == 3) return "March"; if (m == 4) return "April";
  if (m == 5) return "May"; if (m == 6) return "June"; if (m == 7) return "July"; if (m == 8) return "August";
  if (m == 9) return "September"; if (m == 10) return "October"; if (m == 11) return "November"; return "December";
}
function dayName(w: i32): string {
  if (w == 0) return "Sunday"; if (w == 1) return "Monday"; if (w == 2) return "Tuesday"; if (w == 3) return "Wednesday";
  if (w == 4) return "Thursday"; if (w == 5) return "Friday"; return "Saturday";
}
function pad(b: usize, v: i64, w: i32, ch: u32): void {
  let digits = 1;
  let x = v < 0 ? -v : v;
  while (x >= 10) { x /= 10; digits++; }
  if (v < 0) bufByte(b, 45);
  for (let i = digits; i < w; i++) bufByte(b, ch);
  bufI64(b, v < 0 ? -v : v);
}
function lit3(b: usize, s: string, full: bool): void {
  const n = full ? s.length : 3;
  for (let i = 0; i < n; i++) bufByte(b, <u32>s.charCodeAt(i));
}
function tzOut(b: usize, off: i32, z: bool): void {
  if (z && off == 0) { bufByte(b, 90); return; }
  bufByte(b, off < 0 ? 45 : 43);
  const a = off < 0 ? -off : off;
  pad(b, a / 3600, 2, 48);
  if (TZK == 0) return;
  if (TZK == 2 || TZK == 4) bufByte(b, 58);
  pad(b, (a / 60) % 60, 2, 48);
  if (TZK == 3 || TZK == 4) { if (TZK == 4) bufByte(b, 58); pad(b, a % 60, 2, 48); }
}

function formatWith(b: usize, lp: usize, ln: i32): void {
  const secs = floorDiv(argLocal, NS);
  const frac = argLocal - secs * NS;
  const days = floorDiv(secs, 86400);
  const sod = secs - days * 86400;
  civilFromDays(days);
  const y = cy, mo = <i32>cm, d = <i32>cd;
  const h = <i32>(sod / 3600), mi = <i32>((sod / 60) % 60), se = <i32>(sod % 60);
  const wd = <i32>(((days % 7) + 7 + 4) % 7);
  let i = 0;
  while (i < ln) {
    token(lp, ln, i);
    const t = TOK;
    if (t == T_LIT) { bufByte(b, load<u8>(lp + <usize>i)); i++; continue; }
    if (t == LONG_MONTH || t == MONTH) lit3(b, monthName(mo), t == LONG_MONTH);
    else if (t == NUM_MONTH) bufI64(b, mo);
    else if (t == ZERO_MONTH) pad(b, mo, 2, 48);
    else if (t == LONG_WEEKDAY || t == WEEKDAY) lit3(b, dayName(wd), t == LONG_WEEKDAY);
    else if (t == DAY) bufI64(b, d);
    else if (t == UNDER_DAY) pad(b, d, 2, 32);
    else if (t == ZERO_DAY) pad(b, d, 2, 48);
    else if (t == YDAY) pad(b, days - daysFromCivil(y, 1, 1) + 1, 3, 48);
    else if (t == HOUR) pad(b, h, 2, 48);
    else if (t == HOUR12) bufI64(b, h % 12 == 0 ? 12 : h % 12);
    else if (t == ZERO_HOUR12) pad(b, h % 12 == 0 ? 12 : h % 12, 2, 48);
    else if (t == MINUTE) bufI64(b, mi);
    else if (t == ZERO_MINUTE) pad(b, mi, 2, 48);
    else if (t == SECOND) bufI64(b, se);
    else if (t == ZERO_SECOND) pad(b, se, 2, 48);
    else if (t == LONG_YEAR) pad(b, y, 4, 48);
    else if (t == YEAR) pad(b, ((y % 100) + 100) % 100, 2, 48);
    else if (t == PM) bufLit(b, h >= 12 ? "PM" : "AM");
    else if (t == LPM) bufLit(b, h >= 12 ? "pm" : "am");
    else if (t == TZ) {
      if (TZ_ABBR.length > 0) bufLit(b, TZ_ABBR);
      else { TZK = 1; tzOut(b, TZ_OFF, false); }
    }
    else if (t == Z_TZ || t == NUM_TZ) tzOut(b, TZ_OFF, t == Z_TZ);
    else if (t == FRAC0 || t == FRAC9) {
      const digits = TLEN - 1;
      const tmp = bufNew(12);
      pad(tmp, frac, 9, 48);
      const tp = load<i32>(tmp);
      let nd = digits > 9 ? 9 : digits;
      if (t == FRAC9) { while (nd > 0 && load<u8>(<usize>tp + <usize>(nd - 1)) == 48) nd--; }
      if (nd > 0 || t == FRAC0) { bufByte(b, load<u8>(lp + <usize>i)); bufBytes(b, <usize>tp, nd); }
    }
    i += TLEN;
  }
}

export function bi_time_format(v: usize): usize {
  if (!nsArg("time.format", v)) return 0;
  const b = bufNew(40);
  let layout: string = "2006-01-02T15:04:05.999999999Z07:00";
  if (argLayout != 0) {
    if (vtype(argLayout) != T_STR) return typeErr("time.format", 1, "either number or array[number, string, string]", v);
    const nm = named(argLayout);
    if (nm.length == 0) { formatWith(b, strPtr(argLayout), strLen(argLayout)); return bufToStr(b); }
    layout = nm;
  }
  const l = lit(layout);
  formatWith(b, strPtr(l), strLen(l));
  return bufToStr(b);
}

// ---- parsing ----
function num(s: usize, n: i32, pos: i32, maxd: i32, fixed: bool): i32 {
  // returns value, sets PPOS; -1 on failure
  let v = 0, k = 0;
  while (k < maxd && digitAt(s, n, pos + k)) { v = v * 10 + <i32>(load<u8>(s + <usize>(pos + k)) - 48); k++; }
  if (k == 0 || (fixed && k != maxd)) return -1;
  PPOS = pos + k;
  return v;
}
let PPOS = 0;
function nameIdx(s: usize, n: i32, pos: i32, months: bool, full: bool): i32 {
  for (let k = 1; k <= (months ? 12 : 7); k++) {
    const nm = months ? monthName(k) : dayName(k - 1);
    const len = full ? nm.length : 3;
    if (pos + len > n) continue;
    let ok = true;
    for (let j = 0; j < len; j++) if ((load<u8>(s + <usize>(pos + j)) | 32) != (<u8>nm.charCodeAt(j) | 32)) { ok = false; break; }
    if (ok) { PPOS = pos + len; return k; }
  }
  return -1;
}

export function bi_time_parse_ns(layout: usize, value: usize): usize {
  const name = "time.parse_ns";
  if (vtype(layout) != T_STR) return typeErr(name, 1, "string", layout);
  if (vtype(value) != T_STR) return typeErr(name, 2, "string", value);
  let lp = strPtr(layout), ln = strLen(layout);
  const nm = named(layout);
  if (nm.length > 0) { const l = lit(nm); lp = strPtr(l); ln = strLen(l); }
  const s = strPtr(value), n = strLen(value);
  let y: i64 = 0, mo = 1, d = 1, h = 0, mi = 0, se = 0, pm = -1;
  let frac: i64 = 0, off = 0, hasOff = false;
  let i = 0, pos = 0;
  while (i < ln) {
    token(lp, ln, i);
    const t = TOK;
    if (t == T_LIT) {
      if (pos >= n || load<u8>(s + <usize>pos) != load<u8>(lp + <usize>i)) return failLit(E_BUILTIN, name, "parsing time: cannot parse");
      i++; pos++; continue;
    }
    let v = 0;
    if (t == LONG_YEAR) { v = num(s, n, pos, 4, true); y = v; }
    else if (t == YEAR) { v = num(s, n, pos, 2, true); y = v >= 69 ? 1900 + v : 2000 + v; }
    else if (t == ZERO_MONTH || t == NUM_MONTH) { v = num(s, n, pos, 2, t == ZERO_MONTH); mo = v; if (v < 1 || v > 12) v = -1; }
    else if (t == LONG_MONTH || t == MONTH) { v = nameIdx(s, n, pos, true, t == LONG_MONTH); mo = v; }
    else if (t == LONG_WEEKDAY || t == WEEKDAY) { v = nameIdx(s, n, pos, false, t == LONG_WEEKDAY); }
    else if (t == ZERO_DAY || t == DAY || t == UNDER_DAY) {
      let q = pos;
      if (t == UNDER_DAY && q < n && load<u8>(s + <usize>q) == 32) q++;
      v = num(s, n, q, 2, t == ZERO_DAY); d = v; if (v < 1 || v > 31) v = -1;
    }
    else if (t == HOUR) { v = num(s, n, pos, 2, false); h = v; if (v > 23) v = -1; }
    else if (t == HOUR12 || t == ZERO_HOUR12) { v = num(s, n, pos, 2, t == ZERO_HOUR12); h = v; if (v > 12) v = -1; }
    else if (t == MINUTE || t == ZERO_MINUTE) { v = num(s, n, pos, 2, t == ZERO_MINUTE); mi = v; if (v > 59) v = -1; }
    else if (t == SECOND || t == ZERO_SECOND) {
      v = num(s, n, pos, 2, t == ZERO_SECOND); se = v; if (v > 59) v = -1;
      // Go accepts a fraction after seconds even when the layout has none
      if (v >= 0 && PPOS < n && load<u8>(s + <usize>PPOS) == 46 && !(i + TLEN < ln && load<u8>(lp + <usize>(i + TLEN)) == 46)) {
        let q = PPOS + 1, k = 0;
        frac = 0;
        while (digitAt(s, n, q)) { if (k < 9) { frac = frac * 10 + <i64>(load<u8>(s + <usize>q) - 48); k++; } q++; }
        while (k < 9) { frac *= 10; k++; }
        PPOS = q;
      }
    }
    else if (t == PM || t == LPM) {
      if (pos + 2 > n) v = -1;
      else { const c = load<u8>(s + <usize>pos) | 32; pm = c == 112 ? 1 : c == 97 ? 0 : -2; v = pm < -1 ? -1 : 0; PPOS = pos + 2; }
    }
    else if (t == FRAC0 || t == FRAC9) {
      if (pos < n && (load<u8>(s + <usize>pos) == 46 || load<u8>(s + <usize>pos) == 44)) {
        let q = pos + 1, k = 0;
        frac = 0;
        while (digitAt(s, n, q)) { if (k < 9) { frac = frac * 10 + <i64>(load<u8>(s + <usize>q) - 48); k++; } q++; }
        while (k < 9) { frac *= 10; k++; }
        PPOS = q;
      } else { if (t == FRAC0) v = -1; else PPOS = pos; }
    }
    else if (t == Z_TZ || t == NUM_TZ) {
      if (t == Z_TZ && pos < n && load<u8>(s + <usize>pos) == 90) { off = 0; hasOff = true; PPOS = pos + 1; }
      else if (pos < n && (load<u8>(s + <usize>pos) == 43 || load<u8>(s + <usize>pos) == 45)) {
        const sign = load<u8>(s + <usize>pos) == 45 ? -1 : 1;
        const oh = num(s, n, pos + 1, 2, true);
        let om = 0, q = PPOS;
        if (oh < 0) v = -1;
        else if (TZK != 0) {
          if (TZK == 2 || TZK == 4) { if (q < n && load<u8>(s + <usize>q) == 58) q++; else v = -1; }
          if (v >= 0) { om = num(s, n, q, 2, true); if (om < 0) v = -1; q = PPOS; }
        }
        off = sign * (oh * 3600 + om * 60); hasOff = true; PPOS = q;
      } else v = -1;
    }
    else if (t == TZ) {
      // abbreviation: letters; only UTC/GMT and known offsets are understood
      let q = pos;
      while (q < n && load<u8>(s + <usize>q) >= 65 && load<u8>(s + <usize>q) <= 90) q++;
      if (q - pos < 3) v = -1;
      PPOS = q;
    }
    else if (t == YDAY) { v = num(s, n, pos, 3, true); }
    if (v < 0) return failLit(E_BUILTIN, name, "parsing time: cannot parse");
    pos = PPOS;
    i += TLEN;
  }
  if (pos != n) return failLit(E_BUILTIN, name, "parsing time: extra text");
  if (pm == 1 && h < 12) h += 12;
  if (pm == 0 && h == 12) h = 0;
  const secs = daysFromCivil(y, mo, d) * 86400 + <i64>(h * 3600 + mi * 60 + se) - (hasOff ? <i64>off : 0);
  return toNs(name, secs, frac);
}
