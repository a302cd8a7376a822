import type { Catalogue, Contact } from '../model/types';
import { buildLedger } from '../policy/data';

/** What retiring a service frees for reallocation (S15, 4.4): capacity, revenue and cost lines, people. */
export interface RetireReport {
  schema: 'csm-retire-report/1';
  service: string;
  name: string;
  status: string;
  capacity: { pool: string; unit: string; poolSize: number; freedUnits: number; poolUsedAfter: number };
  /** Monthly charges that end, by customer (from the base revision's ledger). */
  cost: { currency: string; monthly: number; byCustomer: Record<string, number> };
  people: { owner: Contact; support: Array<{ tier: string; hours: string }> };
  /** Customers that subscribed at the base revision and whose stacks this retire plans. */
  customers: string[];
}

/**
 * Sums, from the ledgers of the base revision (before) and the changed catalogue (after), what the service
 * held: the capacity units its subscriptions took from the pool, the monthly charges, and who ran it.
 */
export function retireReport(service: string, cat: Catalogue, base?: Catalogue): RetireReport {
  const svc = cat.services.get(service)!;
  const before = buildLedger(base ?? cat);
  const after = buildLedger(cat);
  const byCustomer: Record<string, number> = {};
  let units = 0;
  for (const [customer, ledger] of Object.entries(before.customers)) {
    const held = ledger.by_service[service];
    if (!held) continue;
    byCustomer[customer] = held.cost;
    units += held.units;
  }
  const monthly = Math.round(Object.values(byCustomer).reduce((n, c) => n + c * 100, 0)) / 100;
  return {
    schema: 'csm-retire-report/1',
    service,
    name: svc.name,
    status: svc.status,
    capacity: { pool: svc.capacity.pool, unit: svc.capacity.unit, poolSize: svc.capacity.poolSize, freedUnits: units, poolUsedAfter: after.pools[svc.capacity.pool]?.used ?? 0 },
    cost: { currency: svc.currency ?? 'EUR', monthly, byCustomer },
    people: { owner: svc.owner, support: svc.slaTiers.map((t) => ({ tier: t.id, hours: t.supportHours })) },
    customers: Object.keys(byCustomer).sort(),
  };
}

export function retireReportMarkdown(r: RetireReport): string {
  return [
    `# Retire ${r.name} (${r.service}): resources freed for reallocation`,
    '',
    `Catalogue status: ${r.status}. Customers decommissioned: ${r.customers.join(', ') || 'none'}.`,
    '',
    '## Capacity (6.5)',
    '',
    `${r.capacity.freedUnits} ${r.capacity.unit} freed in pool ${r.capacity.pool} (size ${r.capacity.poolSize}; ${r.capacity.poolUsedAfter} used after the change).`,
    '',
    '## Cost (6.4)',
    '',
    `${r.cost.monthly.toFixed(2)} ${r.cost.currency} a month of charges end: ${Object.entries(r.cost.byCustomer).map(([c, n]) => `${c} ${n.toFixed(2)}`).join(', ') || 'none'}.`,
    '',
    '## People (4.4)',
    '',
    `- Service owner: ${r.people.owner.name} <${r.people.owner.email}>${r.people.owner.role ? ` (${r.people.owner.role})` : ''}`,
    ...r.people.support.map((s) => `- Support for tier ${s.tier}: ${s.hours} hours`),
    '',
  ].join('\n');
}
