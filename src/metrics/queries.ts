import { AVAILABILITY_METRIC, CAPACITY_METRIC } from '../../constructs/customer-monitoring';
import type { Customer } from '../model/types';
import type { PoolUse } from '../model/capacity';

/**
 * The metrics csm reads back, named once: the availability probe of each agreed service and the usage of
 * each capacity pool, per customer, in the customer's home region (where the alarms watch them).
 * `Id`s follow GetMetricData's rule (`^[a-z][a-zA-Z0-9_]*$`), so an export keeps them as they are.
 */
export const availabilityId = (service: string) => `availability_${service.replace(/-/g, '_')}`;
export const capacityId = (pool: string) => `capacity_${pool.replace(/-/g, '_')}`;

export interface MetricStatQuery {
  Id: string;
  Label: string;
  MetricStat: { Metric: { Namespace: string; MetricName: string; Dimensions: Array<{ Name: string; Value: string }> }; Period: number; Stat: string };
  ReturnData?: boolean;
}

export function availabilityQuery(customer: string, service: string, period = 300): MetricStatQuery {
  return {
    Id: availabilityId(service),
    Label: `${service} availability (%)`,
    MetricStat: {
      Metric: { Namespace: AVAILABILITY_METRIC.namespace, MetricName: AVAILABILITY_METRIC.metricName, Dimensions: [{ Name: 'Customer', Value: customer }, { Name: 'Service', Value: service }] },
      Period: period,
      Stat: 'Average',
    },
  };
}

export function capacityQuery(customer: string, pool: string, period = 3600): MetricStatQuery {
  return {
    Id: capacityId(pool),
    Label: `${pool} units in use`,
    MetricStat: {
      Metric: { Namespace: CAPACITY_METRIC.namespace, MetricName: CAPACITY_METRIC.metricName, Dimensions: [{ Name: 'Customer', Value: customer }, { Name: 'Pool', Value: pool }] },
      Period: period,
      Stat: 'Maximum',
    },
  };
}

/** The `aws cloudwatch get-metric-data --cli-input-json` input whose output `csm report` reads, for one month. */
export function monthQuery(customer: Customer, services: readonly string[], pools: readonly PoolUse[], start: Date, end: Date): object {
  return {
    MetricDataQueries: [
      // Hourly means of the 5-minute probe values: 744 points a month instead of 8 928, the same monthly mean.
      ...services.map((s) => availabilityQuery(customer.id, s, 3600)),
      ...pools.map((p) => capacityQuery(customer.id, p.pool)),
    ],
    StartTime: start.toISOString(),
    EndTime: end.toISOString(),
    ScanBy: 'TimestampAscending',
  };
}
