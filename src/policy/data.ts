import type { Catalogue } from '../model/types';

export interface PoolLedger {
  unit: string;
  size: number;
  warn_at_percent: number;
  used: number;
  services: string[];
  by_customer: Record<string, number>;
}

export interface CustomerLedger {
  monthly_cost: number;
  currency: string;
  by_service: Record<string, { units: number; cost: number; quota: number }>;
}

export interface Ledger {
  pools: Record<string, PoolLedger>;
  customers: Record<string, CustomerLedger>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Sums what the catalogue commits: capacity units per pool and per customer, monthly cost per customer. Facts
 * only; what is too much is for the policies to say.
 */
export function buildLedger(cat: Catalogue): Ledger {
  const pools: Record<string, PoolLedger> = {};
  for (const svc of [...cat.services.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const c = svc.capacity;
    const pool = (pools[c.pool] ??= { unit: c.unit, size: c.poolSize, warn_at_percent: c.warnAtPercent ?? 80, used: 0, services: [], by_customer: {} });
    pool.services.push(svc.id);
  }
  const customers: Record<string, CustomerLedger> = {};
  for (const cust of [...cat.customers.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const ledger: CustomerLedger = { monthly_cost: 0, currency: 'EUR', by_service: {} };
    for (const sub of cust.subscriptions) {
      const svc = cat.services.get(sub.service)!;
      const option = svc.options.find((o) => o.id === sub.option)!;
      const units = option.capacityUnits * sub.quantity;
      const cost = option.pricePerUnitMonth * sub.quantity;
      const entry = (ledger.by_service[svc.id] ??= { units: 0, cost: 0, quota: svc.capacity.perCustomerQuota });
      entry.units += units;
      entry.cost = round2(entry.cost + cost);
      ledger.monthly_cost = round2(ledger.monthly_cost + cost);
      ledger.currency = svc.currency ?? ledger.currency;
      const pool = pools[svc.capacity.pool];
      pool.used += units;
      pool.by_customer[cust.id] = (pool.by_customer[cust.id] ?? 0) + units;
    }
    customers[cust.id] = ledger;
  }
  return { pools, customers };
}

/** The `data.csm` document every policy evaluation sees (policies/README.md). */
export function buildPolicyData(cat: Catalogue): { csm: Record<string, unknown> } {
  return {
    csm: {
      provider: cat.provider,
      services: Object.fromEntries(cat.services),
      customers: Object.fromEntries(cat.customers),
      ledger: buildLedger(cat),
    },
  };
}
