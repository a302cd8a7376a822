import type { Catalogue, Customer, Service, SlaTier } from '../model/types';
import { monthlyCharges } from '../model/charges';

/** The id of the customer a design review builds a service for: short, since AWS names carry it. */
export const SAMPLE_CUSTOMER = 'sample';

/** What the sample subscribes to, for the review's facts and messages. */
export interface DesignSample {
  customer: string;
  tier: string;
  option: string;
  region: string;
}

export type SampleOutcome = { customer: Customer; sample: DesignSample } | { notBuilt: string };

/** The tier that promises most: highest availability, then the tightest recovery point. */
export function strictestTier(tiers: readonly SlaTier[]): SlaTier {
  return [...tiers].sort((a, b) => b.availability - a.availability || a.rpoMinutes - b.rpoMinutes || a.id.localeCompare(b.id))[0];
}

/** The service and, depth first, every service it requires (each once, the service last). */
function withRequirements(cat: Catalogue, service: Service): Array<Service | string> {
  const order: Array<Service | string> = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const s = cat.services.get(id);
    if (!s) return order.push(id);
    for (const r of s.requires ?? []) visit(r);
    order.push(s);
  };
  visit(service.id);
  return order;
}

/**
 * The customer a design review onboards to see a service as a customer would get it: one unit of the service's
 * first option, in the first of its regions where everything it requires is offered too, under the strictest
 * SLA tier it offers (the most demanding promise is the one to check the construct against), with its
 * requirements alongside on theirs. The agreement keeps data in that region and returns it on exit. Built
 * from the catalogue alone, so the same catalogue always gives the same sample.
 */
export function sampleCustomer(cat: Catalogue, service: Service): SampleOutcome {
  const services = withRequirements(cat, service);
  const unfinished = services.filter((s): s is string => typeof s === 'string');
  if (unfinished.length) return { notBuilt: `it requires ${unfinished.join(', ')}, whose design is not complete` };
  const all = services as Service[];
  const region = service.regions.find((r) => all.every((s) => s.regions.includes(r)));
  if (!region) return { notBuilt: `none of its regions (${service.regions.join(', ')}) offers everything it requires (${all.slice(0, -1).map((s) => s.id).join(', ')})` };
  const owner = service.owner;
  const customer: Customer = {
    id: SAMPLE_CUSTOMER,
    name: `Sample customer for the design review of ${service.name}`,
    contacts: [{ name: owner.name, email: owner.email, role: 'design reviewer' }],
    users: [{ id: 'reviewer', name: owner.name, email: owner.email, access: 'read' }],
    agreement: {
      id: `design-review-${service.id}`,
      signed: cat.provider.policy.approved,
      termMonths: 12,
      homeRegion: region,
      dataResidency: [region],
      slaTiers: Object.fromEntries(all.map((s) => [s.id, strictestTier(s.slaTiers).id])),
      budgetCap: 0,
      termination: { noticeDays: 30, exit: { dataExport: 'customer-bucket', retentionDays: 30 } },
    },
    subscriptions: all.map((s) => ({ service: s.id, option: s.options[0].id, quantity: 1, region })),
  };
  // The budget it agrees is what it is charged: the review is about the design, not about a budget.
  customer.agreement.budgetCap = monthlyCharges(cat, customer).total;
  return { customer, sample: { customer: SAMPLE_CUSTOMER, tier: customer.agreement.slaTiers[service.id], option: service.options[0].id, region } };
}
