import type { Catalogue } from '../model/types';
import { buildLedger, type CustomerLedger } from '../policy/data';
import type { Operation } from '../policy/input';

/** A customer's monthly cost profile before the change (base revision) and after it, both from the ledger. */
export interface CostProfile {
  before: CustomerLedger | null;
  after: CustomerLedger | null;
  /** after - before, in the ledger's currency (rounded to cents). */
  delta: number;
}

export function costProfile(customer: string, cat: Catalogue, base?: Catalogue): CostProfile {
  const before = base ? buildLedger(base).customers[customer] ?? null : null;
  const after = buildLedger(cat).customers[customer] ?? null;
  return { before, after, delta: Math.round(((after?.monthly_cost ?? 0) - (before?.monthly_cost ?? 0)) * 100) / 100 };
}

const DAY = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
const dayStart = (date: string | undefined) => (date ? `${date}T00:00:00Z` : null);

/**
 * The operation facts a policy reads as `input.lifecycle` (policies/README.md): the agreement's exit terms and
 * termination record with the dates derived from them, the transfer request, the cost profile and, for a
 * retire, the service and who still subscribes. Dates are RFC 3339 UTC strings, comparable with `input.now`
 * as text. Facts only: what is allowed is for the policies to say.
 */
export function lifecycleFacts(op: Operation, cat: Catalogue, customerId: string | null, service: string | null, base?: Catalogue): Record<string, unknown> {
  const facts: Record<string, unknown> = { operation: op };
  const customer = customerId ? cat.customers.get(customerId) : undefined;
  if (customer) {
    const t = customer.agreement.termination;
    const r = t.recorded;
    facts.termination = {
      notice_days: t.noticeDays,
      data_export: t.exit.dataExport,
      formats: t.exit.formats ?? [],
      retention_days: t.exit.retentionDays,
      assistance_days: t.exit.assistanceDays ?? 0,
      recorded: r ? { date: dayStart(r.date), effective: dayStart(r.effective), by: r.by ?? null } : null,
      notice_ends: r ? addDays(r.date, t.noticeDays) : null,
      export_confirmed: dayStart(r?.exportConfirmed),
      retention_ends: r ? addDays(r.effective, t.exit.retentionDays) : null,
    };
    const x = customer.agreement.transfer;
    facts.transfer = x
      ? {
          to: x.to,
          method: x.method ?? 'copy',
          services: x.services ?? customer.subscriptions.map((s) => s.service).filter((s, i, all) => all.indexOf(s) === i),
          whole_tenancy: !x.services,
          target: { account_id: x.target.accountId, region: x.target.region, bucket: x.target.bucket ?? null, name: x.target.name ?? null },
          requested: dayStart(x.requested),
          confirmed: dayStart(x.confirmed),
        }
      : null;
    const cost = costProfile(customer.id, cat, base);
    facts.cost = { before: cost.before?.monthly_cost ?? null, after: cost.after?.monthly_cost ?? null, delta: cost.delta };
  }
  if (service) {
    const svc = cat.services.get(service)!;
    facts.service = {
      id: service,
      status: svc.status,
      subscribers: [...cat.customers.values()].filter((c) => c.subscriptions.some((s) => s.service === service)).map((c) => c.id).sort(),
      pool: svc.capacity.pool,
    };
  }
  return facts;
}
