import * as path from 'path';
import type { Catalogue } from '../model/types';

export { changedFiles } from '../git/revision';

export interface Affected {
  customers: string[];
  /** Why each customer is checked, for the log. */
  reasons: Record<string, string>;
  all: boolean;
}

/**
 * The customers a change touches: those whose files changed, and those on a capacity pool the change moves (a
 * changed service's pool; a pool whose use by a changed customer differs from the base): their totals move together. A change to
 * the provider context, waivers, schemas, policies, constructs or stacks touches every customer.
 */
export function affectedCustomers(cat: Catalogue, files: string[], repoRelativeCatalogue: string, base?: Catalogue): Affected {
  const norm = (p: string) => p.split(path.sep).join('/').replace(/\/$/, '');
  const root = norm(repoRelativeCatalogue);
  const everything = files.find((f) => !f.startsWith(`${root}/services/`) && !f.startsWith(`${root}/customers/`) && (f.startsWith(`${root}/`) || /^(policies|constructs|stacks)\//.test(f)));
  const reasons: Record<string, string> = {};
  if (everything) {
    for (const id of cat.customers.keys()) reasons[id] = `${everything} changed`;
    return { customers: [...cat.customers.keys()].sort(), reasons, all: true };
  }
  const idOf = (f: string, kind: string) => (f.startsWith(`${root}/${kind}/`) ? path.basename(f).replace(/\.ya?ml$/, '') : undefined);
  const pools = new Set<string>();
  for (const f of files) {
    const service = idOf(f, 'services');
    if (service && cat.services.has(service)) pools.add(cat.services.get(service)!.capacity.pool);
    const customer = idOf(f, 'customers');
    if (!customer) continue;
    if (cat.customers.has(customer)) reasons[customer] = `${f} changed`;
    // Pools whose use by this customer moved (a subscription added, resized or dropped) move for everyone on them.
    const head = poolUnits(cat, customer);
    const before = base ? poolUnits(base, customer) : new Map<string, number>();
    for (const pool of new Set([...head.keys(), ...before.keys()])) {
      if (!base || head.get(pool) !== before.get(pool)) pools.add(pool);
    }
  }
  for (const c of cat.customers.values()) {
    if (reasons[c.id]) continue;
    const shared = c.subscriptions.map((s) => cat.services.get(s.service)!.capacity.pool).find((p) => pools.has(p));
    if (shared) reasons[c.id] = `shares capacity pool ${shared} with a change`;
  }
  return { customers: Object.keys(reasons).sort(), reasons, all: false };
}

/** Capacity units a customer takes in each pool. */
function poolUnits(cat: Catalogue, customer: string): Map<string, number> {
  const units = new Map<string, number>();
  for (const s of cat.customers.get(customer)?.subscriptions ?? []) {
    const svc = cat.services.get(s.service);
    const option = svc?.options.find((o) => o.id === s.option);
    if (svc && option) units.set(svc.capacity.pool, (units.get(svc.capacity.pool) ?? 0) + option.capacityUnits * s.quantity);
  }
  return units;
}
