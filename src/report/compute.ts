/**
 * The arithmetic of the service report, kept apart so it can be checked by hand.
 *
 * Availability of a month: the month is cut into N equal slots of the series' period (an hour in the
 * standard export: N = 744 in a 31-day month). Each slot's value is the mean of the probe's 5-minute
 * availability values in it, in percent. A slot without a value counts as 0 %: the SLA alarm treats missing
 * data as breaching, and the report must not be kinder than the alarm. Achieved availability is the mean of
 * the N slot values; lost minutes are the sum over slots of (100 - value) % of the slot's length.
 */

export interface Point {
  t: number;
  v: number;
}

export interface Slot {
  start: number;
  /** Percent; undefined when the export has no value for the slot. */
  value?: number;
}

export interface AvailabilityFigures {
  slotMinutes: number;
  slots: Slot[];
  present: number;
  missing: number;
  /** Points outside the month, left out. */
  outside: number;
  achievedPercent: number;
  lostMinutes: number;
}

export interface BelowTarget {
  start: number;
  end: number;
  minutes: number;
  lowestPercent: number;
  lostMinutes: number;
  /** Slots in it without any value. */
  missingSlots: number;
}

/** The series' period: the smallest gap between consecutive points, in seconds (default 300 for one point). */
export function periodSeconds(points: readonly Point[]): number {
  let gap = Infinity;
  for (let i = 1; i < points.length; i++) gap = Math.min(gap, points[i].t - points[i - 1].t);
  return gap === Infinity ? 300 : gap / 1000;
}

export function availability(points: readonly Point[], monthStart: number, monthEnd: number, slotSeconds: number): AvailabilityFigures {
  const slotMs = slotSeconds * 1000;
  const n = Math.round((monthEnd - monthStart) / slotMs);
  const slots: Slot[] = Array.from({ length: n }, (_, i) => ({ start: monthStart + i * slotMs }));
  let outside = 0;
  for (const p of points) {
    const i = Math.floor((p.t - monthStart) / slotMs);
    if (i < 0 || i >= n) outside++;
    else slots[i].value = p.v;
  }
  const present = slots.filter((s) => s.value !== undefined).length;
  const sum = slots.reduce((acc, s) => acc + (s.value ?? 0), 0);
  const slotMinutes = slotSeconds / 60;
  const lostMinutes = slots.reduce((acc, s) => acc + ((100 - (s.value ?? 0)) / 100) * slotMinutes, 0);
  return { slotMinutes, slots, present, missing: n - present, outside, achievedPercent: n ? sum / n : 0, lostMinutes };
}

/** Runs of consecutive slots below the target (or without a value): the abnormal events of the month. */
export function belowTarget(f: AvailabilityFigures, targetPercent: number): BelowTarget[] {
  const runs: BelowTarget[] = [];
  let run: BelowTarget | undefined;
  for (const s of f.slots) {
    const value = s.value ?? 0;
    if (value >= targetPercent) {
      run = undefined;
      continue;
    }
    if (!run) {
      run = { start: s.start, end: s.start, minutes: 0, lowestPercent: 100, lostMinutes: 0, missingSlots: 0 };
      runs.push(run);
    }
    run.end = s.start + f.slotMinutes * 60_000;
    run.minutes += f.slotMinutes;
    run.lowestPercent = Math.min(run.lowestPercent, value);
    run.lostMinutes += ((100 - value) / 100) * f.slotMinutes;
    if (s.value === undefined) run.missingSlots++;
  }
  return runs;
}

export interface UsageFigures {
  peak?: Point;
  mean?: number;
  points: number;
}

/** Capacity use: the highest value of the month (when it happened) and the mean, of the points inside it. */
export function usage(points: readonly Point[], monthStart: number, monthEnd: number): UsageFigures {
  const inside = points.filter((p) => p.t >= monthStart && p.t < monthEnd);
  if (!inside.length) return { points: 0 };
  const peak = inside.reduce((a, b) => (b.v > a.v ? b : a));
  return { peak, mean: inside.reduce((a, p) => a + p.v, 0) / inside.length, points: inside.length };
}

/** `YYYY-MM` to the month's first instant and the next month's, in UTC. */
export function monthBounds(period: string): { start: number; end: number } {
  const [y, m] = period.split('-').map(Number);
  return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 1) };
}
