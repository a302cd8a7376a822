import type { Service } from './types';

/** What target arithmetic reads of a service: its id and SLA tiers (raw or Terraform-literal). */
export interface TieredService {
  readonly id: string;
  readonly slaTiers: ReadonlyArray<{ readonly id: string }>;
}

/** What target arithmetic reads of a customer: its subscriptions and the tier agreed per service. */
export interface AgreedCustomer {
  readonly subscriptions: ReadonlyArray<{ readonly service: string }>;
  readonly agreement: { readonly slaTiers: { readonly [service: string]: string } };
}

export interface AgreedTarget<S extends TieredService = Service> {
  service: S;
  tier: S['slaTiers'][number];
}

/**
 * The SLA target of every service the customer subscribes to, once per service, in subscription order: what
 * the monitoring, the exported SLOs and the service report measure against.
 */
export function subscribedTargets<S extends TieredService = Service>(services: ReadonlyMap<string, S>, customer: AgreedCustomer): AgreedTarget<S>[] {
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
