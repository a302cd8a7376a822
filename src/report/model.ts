import type { Agreement, Catalogue, Customer, ProviderContext } from '../model/types';
import { InputFileError, type CatalogueIssue } from '../model/errors';
import { poolUse } from '../model/capacity';
import { allowedDowntimeMinutes, subscribedTargets } from '../model/targets';
import { availabilityId, capacityId } from '../metrics/queries';
import type { MetricData } from './metric-data';
import { availability, belowTarget, monthBounds, periodSeconds, usage, type BelowTarget, type Point, type Slot } from './compute';

/** What a service report serves (S09, S10): achieved against agreed (6.1), reported to the customer (6.2). */
export const REPORT_SERVES = { scenarios: ['S09', 'S10'], clauses: ['6.1', '6.2'] } as const;

export interface ServiceAvailability {
  service: string;
  serviceName: string;
  tier: string;
  targetPercent: number;
  achievedPercent: number;
  breach: boolean;
  lostMinutes: number;
  allowedMinutes: number;
  slotMinutes: number;
  slots: Slot[];
  present: number;
  missing: number;
  outside: number;
  incomplete: boolean;
  belowTarget: BelowTarget[];
}

export interface PoolReport {
  pool: string;
  unit: string;
  quota: number;
  warnAt: number;
  warnAtPercent: number;
  subscribed: number;
  peak?: Point;
  mean?: number;
  /** Peak at or above the warning threshold; above the quota is a breach of the agreement's capacity. */
  warning: boolean;
  overQuota: boolean;
  points: Point[];
}

export interface Incident extends BelowTarget {
  service: string;
  serviceName: string;
}

export interface ServiceReport {
  provider: ProviderContext;
  customer: Customer;
  agreement: Agreement;
  period: string;
  start: number;
  end: number;
  metricsFile: string;
  services: ServiceAvailability[];
  pools: PoolReport[];
  incidents: Incident[];
  breaches: number;
  warnings: number;
}

const WHOLE_DAY = 86_400;

/**
 * The service report of one customer for one month: every subscribed service's achieved availability
 * against its agreed target, the periods below target, and the capacity used against the pools' thresholds.
 */
export function serviceReport(cat: Catalogue, customer: Customer, period: string, data: MetricData): ServiceReport {
  const { start, end } = monthBounds(period);
  const issues: CatalogueIssue[] = [];
  const at = { ...data.locate(['MetricDataResults']), field: 'MetricDataResults' };
  const services = subscribedTargets(cat.services, customer).map(({ service, tier }): ServiceAvailability | undefined => {
    const series = data.series.get(availabilityId(service.id));
    if (!series) {
      issues.push({ ...at, message: `no series with Id "${availabilityId(service.id)}" (availability of ${service.id}); \`csm report ${customer.id} --period ${period} --print-query\` prints the query that exports it` });
      return undefined;
    }
    const slotSeconds = periodSeconds(series.points);
    if (slotSeconds < 60 || WHOLE_DAY % slotSeconds !== 0) {
      issues.push({ ...at, message: `series "${series.id}" has points ${slotSeconds} s apart: the period must be whole minutes that divide a day` });
      return undefined;
    }
    const f = availability(series.points, start, end, slotSeconds);
    const monthMinutes = (end - start) / 60_000;
    return {
      service: service.id,
      serviceName: service.name,
      tier: tier.id,
      targetPercent: tier.availability,
      achievedPercent: f.achievedPercent,
      breach: f.achievedPercent < tier.availability,
      lostMinutes: f.lostMinutes,
      allowedMinutes: allowedDowntimeMinutes(tier.availability, monthMinutes),
      slotMinutes: f.slotMinutes,
      slots: f.slots,
      present: f.present,
      missing: f.missing,
      outside: f.outside,
      incomplete: series.status !== 'Complete',
      belowTarget: belowTarget(f, tier.availability),
    };
  });
  if (issues.length) throw new InputFileError(issues);
  const available = services as ServiceAvailability[];

  const pools = poolUse(cat.services, customer).map((p): PoolReport => {
    const points = data.series.get(capacityId(p.pool))?.points ?? [];
    const u = usage(points, start, end);
    return {
      pool: p.pool,
      unit: p.unit,
      quota: p.quota,
      warnAt: p.warnAt,
      warnAtPercent: p.warnAtPercent,
      subscribed: p.subscribed,
      peak: u.peak,
      mean: u.mean,
      warning: u.peak !== undefined && u.peak.v >= p.warnAt,
      overQuota: u.peak !== undefined && u.peak.v > p.quota,
      points: points.filter((x) => x.t >= start && x.t < end),
    };
  });
  const incidents = available
    .flatMap((s) => s.belowTarget.map((b) => ({ ...b, service: s.service, serviceName: s.serviceName })))
    .sort((a, b) => a.start - b.start || a.service.localeCompare(b.service));
  return {
    provider: cat.provider,
    customer,
    agreement: customer.agreement,
    period,
    start,
    end,
    metricsFile: data.file,
    services: available,
    pools,
    incidents,
    breaches: available.filter((s) => s.breach).length + pools.filter((p) => p.overQuota).length,
    warnings: pools.filter((p) => p.warning && !p.overQuota).length,
  };
}
