import type { CapacitySpec } from './types';

/** What pool arithmetic reads of a service: its options' sizes and its capacity pool (raw or Terraform-literal). */
export interface PooledService {
  readonly id: string;
  readonly options: ReadonlyArray<{ readonly id: string; readonly capacityUnits: number }>;
  readonly capacity: Readonly<CapacitySpec>;
}

/** What pool arithmetic reads of a customer: its subscriptions. */
export interface Subscriber {
  readonly subscriptions: ReadonlyArray<{ readonly service: string; readonly option: string; readonly quantity: number }>;
}

/** A customer's share of one capacity pool (6.5): what its subscriptions take and where the alerts start. */
export interface PoolUse {
  pool: string;
  unit: string;
  /** Services of the customer drawing on this pool. */
  services: string[];
  /** Units the customer's subscriptions take: quantity times the option's capacity units. */
  subscribed: number;
  /** The most one customer may take from the pool. */
  quota: number;
  /** The pool's warning threshold, percent (default 80), and the units it stands for within the quota. */
  warnAtPercent: number;
  warnAt: number;
  poolSize: number;
}

export const DEFAULT_WARN_PERCENT = 80;

/** Every pool the customer's subscriptions draw on, in the order of first subscription. */
export function poolUse(services: ReadonlyMap<string, PooledService>, customer: Subscriber): PoolUse[] {
  const pools = new Map<string, PoolUse>();
  for (const sub of customer.subscriptions) {
    const service = services.get(sub.service)!;
    const option = service.options.find((o) => o.id === sub.option)!;
    const cap = service.capacity;
    const warnAtPercent = cap.warnAtPercent ?? DEFAULT_WARN_PERCENT;
    const use = pools.get(cap.pool) ?? {
      pool: cap.pool,
      unit: cap.unit,
      services: [],
      subscribed: 0,
      quota: cap.perCustomerQuota,
      warnAtPercent,
      warnAt: (cap.perCustomerQuota * warnAtPercent) / 100,
      poolSize: cap.poolSize,
    };
    if (!use.services.includes(service.id)) use.services.push(service.id);
    use.subscribed += sub.quantity * option.capacityUnits;
    pools.set(cap.pool, use);
  }
  return [...pools.values()];
}
