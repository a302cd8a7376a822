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
