import type { Catalogue } from '../model/types';
import { monthlyCharges } from '../model/charges';
import { DEFAULT_WARN_PERCENT, poolUse } from '../model/capacity';

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

/**
 * Sums what the catalogue commits, from the model's own arithmetic (monthly charges, pool use): capacity units
 * per pool and per customer, monthly cost per customer. Facts only; what is too much is for the policies to say.
 */
export function buildLedger(cat: Catalogue): Ledger {
  const pools: Record<string, PoolLedger> = {};
  for (const svc of [...cat.services.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const c = svc.capacity;
    const pool = (pools[c.pool] ??= { unit: c.unit, size: c.poolSize, warn_at_percent: c.warnAtPercent ?? DEFAULT_WARN_PERCENT, used: 0, services: [], by_customer: {} });
    pool.services.push(svc.id);
  }
  const customers: Record<string, CustomerLedger> = {};
  for (const cust of [...cat.customers.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const charges = monthlyCharges(cat, cust);
    const ledger: CustomerLedger = { monthly_cost: charges.total, currency: charges.currency, by_service: {} };
    for (const line of charges.lines) {
      const svc = cat.services.get(line.service)!;
      const units = svc.options.find((o) => o.id === line.option)!.capacityUnits * line.quantity;
      const entry = (ledger.by_service[svc.id] ??= { units: 0, cost: 0, quota: svc.capacity.perCustomerQuota });
      entry.units += units;
      entry.cost = Math.round((entry.cost + line.monthly) * 100) / 100;
    }
    for (const use of poolUse(cat.services, cust)) {
      pools[use.pool].used += use.subscribed;
      pools[use.pool].by_customer[cust.id] = use.subscribed;
    }
    customers[cust.id] = ledger;
  }
  return { pools, customers };
}

/** The `data.csm` document every policy evaluation sees (policies/README.md). */
export function buildPolicyData(cat: Catalogue): { csm: Record<string, unknown> & { ledger: Ledger } } {
  return {
    csm: {
      provider: cat.provider,
      // Every entry, complete or not: the design review reads what an unfinished one still lacks.
      services: Object.fromEntries([...cat.services, ...cat.incompleteServices]),
      customers: Object.fromEntries(cat.customers),
      ledger: buildLedger(cat),
    },
  };
}
