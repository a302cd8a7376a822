// time.* on UTC (timezone names other than "UTC"/"" are treated as UTC; RFC3339 offsets are honoured).
// Civil-date arithmetic uses the days-from-civil algorithm (proleptic Gregorian calendar).
import { vtype, vlen, T_NUM, T_ARR, T_STR, mkInt, mkArr, arrPush, arrGet, strPtr, strLen, lit } from "../value";
import { numF64, numIsInt, numI64 } from "../number";
import { typeErr } from "../types";
import { failLit, fail, E_BUILTIN } from "../error";
import { tzAt, TZ_OFF, TZ_ABBR } from "./tz";
import { bufNew, bufLit, bufStrV, bufToStr } from "../buf";

const NS: i64 = 1000000000;
const DAY: i64 = 86400;

export function daysFromCivil(y: i64, m: i64, d: i64): i64 {
  y -= m <= 2 ? 1 : 0;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = (153 * mp + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
export let cy: i64 = 0, cm: i64 = 0, cd: i64 = 0;
export function civilFromDays(z: i64): void {
  z += 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  cd = doy - (153 * mp + 2) / 5 + 1;
  cm = mp < 10 ? mp + 3 : mp - 9;
  cy = yoe + era * 400 + (cm <= 2 ? 1 : 0);
}
@inline export function floorDiv(a: i64, b: i64): i64 { const q = a / b; return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q; }

// ns operand: number or [number, tz (, layout)]; returns false (after reporting) when invalid. argNs is the
// instant; argLocal the same instant shifted into the zone's local time (what date/clock/weekday read).
export let argNs: i64 = 0;
export let argLocal: i64 = 0;
export let argLayout: usize = 0;
export function nsArg(name: string, v: usize): bool {
  let x = v;
  let tz: usize = 0;
  argLayout = 0;
  if (vtype(v) == T_ARR) {
    if (vlen(v) < 1) { typeErr(name, 1, "either number or array[number, string]", v); return false; }
    x = arrGet(v, 0);
    if (vlen(v) > 1) tz = arrGet(v, 1);
    if (vlen(v) > 2) argLayout = arrGet(v, 2);
    if (tz != 0 && vtype(tz) != T_STR) { typeErr(name, 1, "either number or array[number, string]", v); return false; }
  }
  if (vtype(x) != T_NUM) { typeErr(name, 1, "either number or array[number, string]", v); return false; }
  const f = numF64(x);
  if (f >= 9.223372036854775807e18 || f < -9.223372036854775808e18) { failLit(E_BUILTIN, name, "timestamp too big"); return false; }
  argNs = numIsInt(x) ? numI64(x) : <i64>f;
  argLocal = argNs;
  TZ_OFF = 0; TZ_ABBR = "UTC";
  if (tz != 0 && !tzAt(tz, floorDiv(argNs, NS))) {
    const b = bufNew(32);
    bufLit(b, "unknown time zone ");
    bufStrV(b, tz);
    fail(E_BUILTIN, name, bufToStr(b));
    return false;
  }
  argLocal = argNs + <i64>TZ_OFF * NS;
  return true;
}

export function bi_time_date(v: usize): usize {
  if (!nsArg("time.date", v)) return 0;
  civilFromDays(floorDiv(floorDiv(argLocal, NS), DAY));
  const r = mkArr(3);
  arrPush(r, mkInt(cy)); arrPush(r, mkInt(cm)); arrPush(r, mkInt(cd));
  return r;
}
export function bi_time_clock(v: usize): usize {
  if (!nsArg("time.clock", v)) return 0;
  const s = floorDiv(argLocal, NS) - floorDiv(floorDiv(argLocal, NS), DAY) * DAY;
  const r = mkArr(3);
  arrPush(r, mkInt(s / 3600)); arrPush(r, mkInt((s / 60) % 60)); arrPush(r, mkInt(s % 60));
  return r;
}
export function bi_time_weekday(v: usize): usize {
  if (!nsArg("time.weekday", v)) return 0;
  const days = floorDiv(floorDiv(argLocal, NS), DAY);
  const w = <i32>(((days % 7) + 7 + 4) % 7); // 1970-01-01 was a Thursday
  // if-chain, not an array literal: arrays would need AS's managed allocator
  if (w == 0) return lit("Sunday");
  if (w == 1) return lit("Monday");
  if (w == 2) return lit("Tuesday");
  if (w == 3) return lit("Wednesday");
  if (w == 4) return lit("Thursday");
  if (w == 5) return lit("Friday");
  return lit("Saturday");
}

// seconds + nanos to ns with the i64 range check OPA reports as "time outside of valid range"
export function toNs(name: string, secs: i64, nanos: i64): usize {
  if (secs > 9223372036 || (secs == 9223372036 && nanos > 854775807) || secs < -9223372037 || (secs == -9223372037 && nanos < 145224192)) {
    return failLit(E_BUILTIN, name, "time outside of valid range");
  }
  if (secs < 0 && nanos > 0) return mkInt((secs + 1) * NS - (NS - nanos));
  return mkInt(secs * NS + nanos);
}

function digitsAt(p: usize, i: i32, n: i32): i32 {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = <i32>load<u8>(p + <usize>(i + k));
    if (c < 48 || c > 57) return -1;
    v = v * 10 + c - 48;
  }
  return v;
}

export function bi_time_parse_rfc3339_ns(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("time.parse_rfc3339_ns", 1, "string", s);
  const p = strPtr(s), n = strLen(s);
  if (n < 20) return failLit(E_BUILTIN, "time.parse_rfc3339_ns", "cannot parse time");
  const y = digitsAt(p, 0, 4), mo = digitsAt(p, 5, 2), d = digitsAt(p, 8, 2);
  const h = digitsAt(p, 11, 2), mi = digitsAt(p, 14, 2), se = digitsAt(p, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 ||
    load<u8>(p + 4) != 45 || load<u8>(p + 7) != 45 || (load<u8>(p + 10) | 32) != 116 || load<u8>(p + 13) != 58 || load<u8>(p + 16) != 58) {
    return failLit(E_BUILTIN, "time.parse_rfc3339_ns", "cannot parse time");
  }
  let i = 19;
  let nanos: i64 = 0;
  if (i < n && load<u8>(p + <usize>i) == 46) {
    i++;
    let k = 0;
    while (i < n && load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) {
      if (k < 9) { nanos = nanos * 10 + <i64>(load<u8>(p + <usize>i) - 48); k++; }
      i++;
    }
    while (k < 9) { nanos *= 10; k++; }
  }
  let off: i64 = 0;
  if (i < n && (load<u8>(p + <usize>i) | 32) == 122 && i + 1 == n) i++;
  else if (i + 6 == n && (load<u8>(p + <usize>i) == 43 || load<u8>(p + <usize>i) == 45)) {
    const oh = digitsAt(p, i + 1, 2), om = digitsAt(p, i + 4, 2);
    if (oh < 0 || om < 0) return failLit(E_BUILTIN, "time.parse_rfc3339_ns", "cannot parse time");
    off = <i64>(oh * 3600 + om * 60);
    if (load<u8>(p + <usize>i) == 45) off = -off;
    i += 6;
  } else return failLit(E_BUILTIN, "time.parse_rfc3339_ns", "cannot parse time");
  const secs = daysFromCivil(y, mo, d) * DAY + <i64>(h * 3600 + mi * 60 + se) - off;
  return toNs("time.parse_rfc3339_ns", secs, nanos);
}

function intOperand(name: string, i: i32, v: usize): bool {
  if (vtype(v) != T_NUM) { typeErr(name, i, "number", v); return false; }
  return true;
}
export function bi_time_add_date(t: usize, y: usize, m: usize, d: usize): usize {
  const name = "time.add_date";
  if (!intOperand(name, 1, t) || !intOperand(name, 2, y) || !intOperand(name, 3, m) || !intOperand(name, 4, d)) return 0;
  const ns = numI64(t);
  const secs = floorDiv(ns, NS), nanos = ns - secs * NS;
  const days = floorDiv(secs, DAY), tod = secs - days * DAY;
  civilFromDays(days);
  let yy = cy + numI64(y);
  let mm = cm - 1 + numI64(m);
  yy += floorDiv(mm, 12);
  mm = mm - floorDiv(mm, 12) * 12;
  if (yy > 300000 || yy < -300000) return failLit(E_BUILTIN, name, "time outside of valid range");
  const nd = daysFromCivil(yy, mm + 1, 1) + cd - 1 + numI64(d);
  return toNs(name, nd * DAY + tod, nanos);
}

export function bi_time_diff(a: usize, b: usize): usize {
  if (!nsArg("time.diff", a)) return 0;
  let t1 = argNs;
  if (!nsArg("time.diff", b)) return 0;
  let t2 = argNs;
  if (t1 > t2) { const t = t1; t1 = t2; t2 = t; }
  const s1 = floorDiv(t1, NS), s2 = floorDiv(t2, NS);
  const d1 = floorDiv(s1, DAY), d2 = floorDiv(s2, DAY);
  const c1 = s1 - d1 * DAY, c2 = s2 - d2 * DAY;
  civilFromDays(d1);
  const y1 = cy, m1 = cm, dd1 = cd;
  civilFromDays(d2);
  let year = cy - y1, month = cm - m1, day = cd - dd1;
  let hour = c2 / 3600 - c1 / 3600, min = (c2 / 60) % 60 - (c1 / 60) % 60, sec = c2 % 60 - c1 % 60;
  if (sec < 0) { sec += 60; min--; }
  if (min < 0) { min += 60; hour--; }
  if (hour < 0) { hour += 24; day--; }
  if (day < 0) {
    // days in t1's month
    const first = daysFromCivil(y1, m1, 1);
    const next = m1 == 12 ? daysFromCivil(y1 + 1, 1, 1) : daysFromCivil(y1, m1 + 1, 1);
    day += next - first;
    month--;
  }
  if (month < 0) { month += 12; year--; }
  const r = mkArr(6);
  arrPush(r, mkInt(year)); arrPush(r, mkInt(month)); arrPush(r, mkInt(day));
  arrPush(r, mkInt(hour)); arrPush(r, mkInt(min)); arrPush(r, mkInt(sec));
  return r;
}

// time.parse_duration_ns: Go durations ("1h2m3.5s", "-1.5ms", units ns us µs ms s m h).
import { parseF64 } from "../number";
export function bi_time_parse_duration_ns(s: usize): usize {
  if (vtype(s) != T_STR) return typeErr("time.parse_duration_ns", 1, "string", s);
  const p = strPtr(s), n = strLen(s);
  let i = 0;
  let neg = false;
  if (i < n && (load<u8>(p) == 45 || load<u8>(p) == 43)) { neg = load<u8>(p) == 45; i++; }
  if (i == n) return failLit(E_BUILTIN, "time.parse_duration_ns", "time: invalid duration");
  if (n - i == 1 && load<u8>(p + <usize>i) == 48) return mkInt(0);
  let total: f64 = 0;
  while (i < n) {
    const st = i;
    while (i < n && ((load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) || load<u8>(p + <usize>i) == 46)) i++;
    if (i == st) return failLit(E_BUILTIN, "time.parse_duration_ns", "time: invalid duration");
    const num = parseF64(p + <usize>st, i - st);
    const us = i;
    while (i < n && !((load<u8>(p + <usize>i) >= 48 && load<u8>(p + <usize>i) <= 57) || load<u8>(p + <usize>i) == 46)) i++;
    const ul = i - us;
    const c0 = ul > 0 ? load<u8>(p + <usize>us) : 0;
    const c1 = ul > 1 ? load<u8>(p + <usize>(us + 1)) : 0;
    let mult: f64 = 0;
    if (ul == 2 && c0 == 110 && c1 == 115) mult = 1;
    else if (ul == 2 && c0 == 117 && c1 == 115) mult = 1e3;
    else if (ul == 3 && c0 == 0xc2 && c1 == 0xb5 && load<u8>(p + <usize>(us + 2)) == 115) mult = 1e3;
    else if (ul == 3 && c0 == 0xce && c1 == 0xbc && load<u8>(p + <usize>(us + 2)) == 115) mult = 1e3;
    else if (ul == 2 && c0 == 109 && c1 == 115) mult = 1e6;
    else if (ul == 1 && c0 == 115) mult = 1e9;
    else if (ul == 1 && c0 == 109) mult = 60e9;
    else if (ul == 1 && c0 == 104) mult = 3600e9;
    else return failLit(E_BUILTIN, "time.parse_duration_ns", "time: unknown unit in duration");
    total += num * mult;
  }
  if (total >= 9.223372036854775807e18) return failLit(E_BUILTIN, "time.parse_duration_ns", "time: invalid duration");
  const r = <i64>Math.round(total);
  return mkInt(neg ? -r : r);
}
