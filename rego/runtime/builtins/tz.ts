// A small timezone table (no tz database is available in wasm): fixed-offset zones and the current US and EU
// daylight-saving rules. Unknown names are an error, as Go's time.LoadLocation would be without that zone.
import { strPtr, strLen } from "../value";
import { daysFromCivil } from "./time";

export let TZ_OFF: i32 = 0;          // offset east of UTC in seconds at the requested instant
export let TZ_ABBR: string = "UTC";  // abbreviation at that instant

// rule: 0 none, 1 US (2nd Sun Mar 02:00 local -> 1st Sun Nov 02:00 local), 2 EU (last Sun Mar 01:00 UTC ->
// last Sun Oct 01:00 UTC)
function zone(name: usize, n: i32): i32 {
  // returns index into the table below, -1 unknown
  for (let i = 0; i < NAMES.length; i++) {
    const z = unchecked(NAMES[i]);
    if (z.length != n) continue;
    let ok = true;
    for (let k = 0; k < n; k++) if (load<u8>(name + <usize>k) != <u8>z.charCodeAt(k)) { ok = false; break; }
    if (ok) return i;
  }
  return -1;
}

const NAMES: StaticArray<string> = [
  "UTC", "", "Local", "GMT", "Etc/UTC", "Etc/GMT", "Zulu", "UCT",
  "America/New_York", "US/Eastern", "America/Detroit", "America/Toronto",
  "America/Chicago", "US/Central", "America/Denver", "US/Mountain", "America/Los_Angeles", "US/Pacific",
  "America/Phoenix", "America/Anchorage", "Pacific/Honolulu",
  "Europe/London", "Europe/Dublin", "Europe/Lisbon",
  "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Brussels",
  "Europe/Vienna", "Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen", "Europe/Warsaw", "Europe/Prague",
  "Europe/Zurich", "Europe/Budapest",
  "Europe/Athens", "Europe/Helsinki", "Europe/Kiev", "Europe/Kyiv", "Europe/Bucharest", "Europe/Sofia",
  "Europe/Moscow", "Europe/Istanbul",
  "Asia/Kolkata", "Asia/Calcutta", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore", "Asia/Taipei",
  "Asia/Tokyo", "Asia/Seoul", "Asia/Dubai", "Asia/Kathmandu", "Asia/Karachi", "Asia/Dhaka", "Asia/Bangkok",
  "Asia/Jakarta", "Australia/Brisbane", "Australia/Perth", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
  "Africa/Johannesburg", "Africa/Lagos", "Africa/Cairo", "Africa/Nairobi",
];
// standard offsets (minutes) and rules, same order
const OFFS: StaticArray<i32> = [
  0, 0, 0, 0, 0, 0, 0, 0,
  -300, -300, -300, -300,
  -360, -360, -420, -420, -480, -480,
  -420, -540, -600,
  0, 0, 0,
  60, 60, 60, 60, 60, 60,
  60, 60, 60, 60, 60, 60,
  60, 60,
  120, 120, 120, 120, 120, 120,
  180, 180,
  330, 330, 480, 480, 480, 480,
  540, 540, 240, 345, 300, 360, 420,
  420, 600, 480, -180, -180,
  120, 60, 120, 180,
];
const RULES: StaticArray<u8> = [
  0, 0, 0, 0, 0, 0, 0, 0,
  1, 1, 1, 1,
  1, 1, 1, 1, 1, 1,
  0, 1, 0,
  2, 2, 2,
  2, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2,
  2, 2,
  2, 2, 2, 2, 2, 2,
  0, 0,
  0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0,
  0, 0, 0, 0,
];

function abbr(i: i32, dst: bool): string {
  const off = unchecked(OFFS[i]);
  if (i < 8) return "UTC";
  if (off == -300) return dst ? "EDT" : "EST";
  if (off == -360) return dst ? "CDT" : "CST";
  if (off == -420) return dst ? "MDT" : "MST";
  if (off == -480) return dst ? "PDT" : "PST";
  if (off == -540) return dst ? "AKDT" : "AKST";
  if (off == -600) return "HST";
  if (i >= 21 && i <= 23) return dst ? (i == 21 ? "BST" : "IST") : "GMT";
  if (off == 60) return dst ? "CEST" : "CET";
  if (off == 120 && unchecked(RULES[i]) == 2) return dst ? "EEST" : "EET";
  if (off == 330) return "IST";
  if (off == 480 && i <= 51) return i == 49 ? "HKT" : "CST";
  if (off == 540) return i == 52 ? "JST" : "KST";
  return "";
}

// nth (1-based) Sunday of month, or last Sunday when nth == 0: day-of-epoch
function sunday(y: i64, m: i64, nth: i32): i64 {
  if (nth == 0) {
    const next = m == 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1);
    const last = next - 1;
    const wd = ((last % 7) + 7 + 4) % 7; // 0 = Sunday
    return last - wd;
  }
  const first = daysFromCivil(y, m, 1);
  const wd = ((first % 7) + 7 + 4) % 7;
  return first + ((7 - wd) % 7) + <i64>(nth - 1) * 7;
}

// Resolve zone name at UTC instant `secs`; false when unknown.
export function tzAt(name: usize, secs: i64): bool {
  const i = zone(strPtr(name), strLen(name));
  if (i < 0) return false;
  const std = unchecked(OFFS[i]) * 60;
  const rule = unchecked(RULES[i]);
  let dst = false;
  if (rule != 0) {
    // year of the instant (local standard time is close enough to pick the year)
    let days = (secs + <i64>std) / 86400;
    if ((secs + <i64>std) % 86400 < 0) days--;
    const y = yearOf(days);
    if (rule == 1) {
      const start = sunday(y, 3, 2) * 86400 + 7200 - <i64>std;          // 02:00 local standard
      const end = sunday(y, 11, 1) * 86400 + 7200 - <i64>(std + 3600); // 02:00 local daylight
      dst = secs >= start && secs < end;
    } else {
      const start = sunday(y, 3, 0) * 86400 + 3600;
      const end = sunday(y, 10, 0) * 86400 + 3600;
      dst = secs >= start && secs < end;
    }
  }
  TZ_OFF = std + (dst ? 3600 : 0);
  TZ_ABBR = abbr(i, dst);
  return true;
}

function yearOf(days: i64): i64 {
  // inverse of daysFromCivil for the year only
  const z = days + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (m <= 2 ? 1 : 0);
}
