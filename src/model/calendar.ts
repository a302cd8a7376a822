/**
 * Dates and times as csm reads them, strictly: a day that exists and a time with its zone. JavaScript's own
 * parser rolls `2026-02-30` over to the 2nd of March, which would let a record name a day no calendar has;
 * every date csm reads (catalogue, waivers, `--now`, metrics exports) goes through here instead.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

function realDay(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** `YYYY-MM-DD` naming a day that exists (2026-02-28 yes, 2026-02-30 no). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  return !!m && realDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * An instant written as RFC 3339 (`2026-11-25T12:00:00Z`, `2026-11-25T13:00+01:00`) whose date and time exist,
 * or a bare calendar date (midnight UTC). Undefined for anything else.
 */
export function parseInstant(text: string): Date | undefined {
  if (isCalendarDate(text)) return new Date(`${text}T00:00:00Z`);
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  if (!realDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  const zone = m[8];
  if (!/^[Zz]$/.test(zone)) {
    const [zh, zm] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
    if (zh > 23 || zm > 59) return undefined;
  }
  const t = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** Whole days from `from` to the day `date` (YYYY-MM-DD) ends, UTC. */
export function daysUntilEndOf(date: string, from: Date): number {
  return (Date.parse(`${date}T00:00:00Z`) + 86_400_000 - from.getTime()) / 86_400_000;
}
