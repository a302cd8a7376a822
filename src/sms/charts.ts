import type { Html } from '../render/html';
import { barChart, dayColumns } from '../render/svg-bars';
import type { SmsReport } from './model';

/** The SMS report's charts: gate runs per day, denials by clause, and every pool's use against its thresholds. */
export const runsChart = (r: SmsReport): Html =>
  dayColumns({ title: `Gate runs per day, ${r.period}: passed (blue) and stopped (red)`, days: r.gate.byDay.map((d) => ({ day: d.day, total: d.runs, bad: d.failed })), unit: 'runs' });

export const clauseChart = (r: SmsReport): Html =>
  barChart({ title: `Denials by ISO/IEC 20000-1 clause, ${r.period}`, bars: r.gate.byClause.map((c) => ({ label: c.clause, value: c.count, kind: 'bad' })), unit: '' });

export const poolChart = (r: SmsReport): Html =>
  barChart({
    title: 'Capacity committed in each pool, percent of its size, with its alert threshold',
    bars: r.pools.map((p) => ({ label: p.pool, value: p.percent, mark: p.warnAtPercent, kind: p.state === 'over' ? 'bad' : p.state === 'warning' ? 'warn' : 'ok' })),
    unit: ' %',
    max: 100,
    limit: { value: 100, label: 'pool size' },
  });
