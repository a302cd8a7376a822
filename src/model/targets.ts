import type { Customer, Service, SlaTier } from './types';

export interface AgreedTarget {
  service: Service;
  tier: SlaTier;
}

/**
 * The SLA target of every service the customer subscribes to, once per service, in subscription order: what
 * the monitoring, the exported SLOs and the service report measure against.
 */
export function subscribedTargets(services: ReadonlyMap<string, Service>, customer: Customer): AgreedTarget[] {
  const ids = [...new Set(customer.subscriptions.map((s) => s.service))];
  return ids.map((id) => {
    const service = services.get(id)!;
    return { service, tier: service.slaTiers.find((t) => t.id === customer.agreement.slaTiers[id])! };
  });
}

const MINUTES_PER_30_DAYS = 30 * 24 * 60;

/** Minutes of downtime an availability target allows in `minutes` (a 30-day month unless told), to 0.1 min. */
export function allowedDowntimeMinutes(availabilityPercent: number, minutes = MINUTES_PER_30_DAYS): number {
  return Math.round(((100 - availabilityPercent) / 100) * minutes * 10) / 10;
}
