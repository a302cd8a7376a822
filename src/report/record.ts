import type { ServiceReport } from './model';
import { REPORT_SERVES } from './model';

/**
 * The machine-readable record written beside each report: the figures, and the clauses it serves, so that
 * `csm trace` (and an auditor's script) can find the reports without reading HTML.
 */
export function reportRecord(r: ServiceReport): object {
  const round = (n: number) => Number(n.toFixed(6));
  return {
    kind: 'service-report',
    customer: r.customer.id,
    agreement: r.agreement.id,
    period: r.period,
    clauses: [...REPORT_SERVES.clauses],
    scenarios: [...REPORT_SERVES.scenarios],
    metricsFile: r.metricsFile,
    breaches: r.breaches,
    services: r.services.map((s) => ({
      service: s.service,
      tier: s.tier,
      targetPercent: s.targetPercent,
      achievedPercent: round(s.achievedPercent),
      breach: s.breach,
      downtimeMinutes: round(s.lostMinutes),
      allowedMinutes: s.allowedMinutes,
      slots: s.slots.length,
      missingSlots: s.missing,
    })),
    incidents: r.incidents.map((i) => ({ service: i.service, start: new Date(i.start).toISOString(), end: new Date(i.end).toISOString(), downtimeMinutes: round(i.lostMinutes) })),
    capacity: r.pools.map((p) => ({ pool: p.pool, unit: p.unit, quota: p.quota, warnAt: p.warnAt, peak: p.peak?.v ?? null, warning: p.warning, overQuota: p.overQuota })),
  };
}
