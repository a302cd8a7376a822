import type { Html } from '../render/html';
import { timeChart } from '../render/svg-chart';
import { percent } from '../render/format';
import type { PoolReport, ServiceAvailability, ServiceReport } from './model';

/** The report's charts: one per service (availability against the agreed level) and one per capacity pool. */
export function availabilityChart(r: ServiceReport, s: ServiceAvailability): Html {
  const values = s.slots.filter((x) => x.value !== undefined).map((x) => x.value!);
  const lowest = Math.min(s.targetPercent, ...values);
  return timeChart({
    title: `${s.serviceName}: availability per ${s.slotMinutes} min against the agreed ${percent(s.targetPercent)}`,
    start: r.start,
    end: r.end,
    points: s.slots.map((x) => ({ t: x.start + (s.slotMinutes * 60_000) / 2, v: x.value })),
    yMin: Math.max(0, Math.floor(lowest - Math.max(0.5, (100 - lowest) * 0.1))),
    yMax: 100,
    unit: '%',
    lines: [{ value: s.targetPercent, label: `agreed ${percent(s.targetPercent)}`, kind: 'target' }],
    shade: s.belowTarget.map((b) => ({ start: b.start, end: b.end })),
  });
}

export function capacityChart(r: ServiceReport, p: PoolReport): Html {
  const peak = Math.max(p.quota, ...p.points.map((x) => x.v));
  return timeChart({
    title: `${p.pool}: ${p.unit} in use against the ${p.quota} ${p.unit} quota`,
    start: r.start,
    end: r.end,
    points: p.points,
    yMin: 0,
    yMax: peak,
    unit: p.unit,
    lines: [
      { value: p.warnAt, label: `alert at ${p.warnAtPercent} %`, kind: 'warn' },
      { value: p.quota, label: 'quota', kind: 'limit' },
    ],
  });
}
