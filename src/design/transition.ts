import type { Catalogue } from '../model/types';

/** A service a plan deploys for a customer when no customer had it before: its transition into operation (5.4). */
export interface FirstDeployment {
  service: string;
  name: string;
  /** The entry's status at the base revision: null when the entry is new there. */
  baseStatus: string | null;
  owner: string;
}

/**
 * The services the customer's plan brings into operation for the first time: the customer subscribes to them
 * now, and at the base revision the change is reviewed against nobody did (a service that was a draft, new, or
 * offered but not yet taken). Without a base there is nothing to compare with, and nothing is flagged.
 */
export function firstDeployments(customer: string, cat: Catalogue, base: Catalogue | undefined): FirstDeployment[] {
  if (!base) return [];
  const subscribed = (c: Catalogue, service: string) => [...c.customers.values()].some((x) => x.subscriptions.some((s) => s.service === service));
  const now = new Set(cat.customers.get(customer)?.subscriptions.map((s) => s.service) ?? []);
  return [...now]
    .filter((service) => !subscribed(base, service))
    .sort()
    .map((service) => {
      const s = cat.services.get(service)!;
      const before = base.services.get(service) ?? base.incompleteServices.get(service);
      return { service, name: s.name, baseStatus: before?.status ?? null, owner: s.owner.name };
    });
}
