import type { Catalogue } from '../model/types';
import type { Operation } from '../policy/input';
import type { TerminateStep } from '../../stacks/terminate';
import { onboardStackName } from '../../stacks/onboard';
import { costProfile } from '../lifecycle/facts';
import { operationCustomers, operationStackName } from '../lifecycle/targets';
import { affectedCustomers } from '../check/changed';
import { shardOf, type Shard } from './shard';

/**
 * One operation of a run: what `csm plan <operation> <target>` would plan, for the customers named. A run
 * (one target, `--all`, or `--changed`) is a list of these; a shard plans the share of each that hashes to it.
 */
export interface WorkItem {
  operation: Operation;
  /** The customer, or for retire the service. */
  target: string;
  /** A terminate's step; `auto` plans `unprotect`, then `destroy` when nothing is left to lift (see run-fleet.ts). */
  step?: TerminateStep | 'auto';
  /** The customers whose tenancies the item plans (one for a customer operation, the subscribers for a retire). */
  customers: string[];
  /** Why the item is in the run, for the log and the record. */
  reason: string;
}

/** The tenancy a customer's stacks plan against: the key a stack is sharded by, whatever the operation or step. */
export const tenancyOf = (customer: string) => onboardStackName(customer);

/** The key of a retire's own work (the report, the decision when nobody subscribes): sharded like a stack. */
export const retireKey = (service: string) => `retire-${service}`;

/** The stack each customer of an item plans (`terminate-acme-unprotect` for a terminate's first step). */
export function itemStacks(item: WorkItem): string[] {
  const step = item.step === 'auto' ? 'unprotect' : item.step;
  return item.customers.map((c) => operationStackName(item.operation, c, step));
}

/** The tenancies a run plans against, sorted: the fleet every shard of the run must agree on. */
export function fleetOf(items: WorkItem[]): string[] {
  return [...new Set(items.flatMap((i) => i.customers.map(tenancyOf)))].sort();
}

/** The run's items with only the customers of one shard (an item left empty is dropped, unless it is a retire this shard reports). */
export function shareOf(items: WorkItem[], shard: Shard | undefined): WorkItem[] {
  if (!shard) return items;
  const mine = (key: string) => shardOf(key, shard.count) === shard.index;
  return items
    .map((i) => ({ ...i, customers: i.customers.filter((c) => mine(tenancyOf(c))) }))
    .filter((i) => i.customers.length || (i.operation === 'retire' && mine(retireKey(i.target))));
}

/** Every customer with one operation (`--all`): the tenancy operations only, which each customer has. */
export function allWork(operation: Operation, cat: Catalogue): WorkItem[] {
  return [...cat.customers.keys()].sort().map((c) => ({ operation, target: c, customers: [c], reason: '--all' }));
}

/** The items of `csm plan <operation> <target>`. */
export function targetWork(operation: Operation, target: string, cat: Catalogue, base: Catalogue | undefined, step?: TerminateStep): WorkItem[] {
  return [{ operation, target, step, customers: operationCustomers(operation, target, cat, base), reason: 'named' }];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const DAY = 86_400_000;
const day = (date: string) => Date.parse(`${date}T00:00:00Z`);

/**
 * A termination the policies would let start: past its effective date, and the export confirmed or the retention
 * over (CSM-OPS-015). Before that, recording it is data only: the tenancy is planned as it is.
 */
function terminationDue(cat: Catalogue, customer: string, now: Date): boolean {
  const t = cat.customers.get(customer)!.agreement.termination;
  const r = t.recorded;
  if (!r || now.getTime() < day(r.effective)) return false;
  return !!r.exportConfirmed || now.getTime() >= day(r.effective) + t.exit.retentionDays * DAY;
}

/**
 * What a change needs planned (`csm plan --changed --base <ref>`), each customer and service once:
 * - a service the change marks retired (or changes while retired): `retire`, which plans every subscriber;
 * - a customer the base does not have: `onboard`;
 * - a customer whose termination record the change sets or alters, once due: `terminate` (the step the state
 *   needs); a transfer record set or altered: `transfer`;
 * - any other customer the change touches (its file, a capacity pool it shares, the policies, constructs,
 *   stacks or provider context): its tenancy against its state, named by the cost it moves: `allocate` (up),
 *   `release` (down), `onboard` (unchanged: the tenancy as the catalogue says).
 */
export function changedWork(cat: Catalogue, base: Catalogue | undefined, files: string[], catalogueInRepo: string, now: Date): WorkItem[] {
  const affected = affectedCustomers(cat, files, catalogueInRepo, base);
  const items: WorkItem[] = [];
  const covered = new Set<string>();
  const serviceFile = (id: string) => files.some((f) => f.endsWith(`/services/${id}.yaml`) || f.endsWith(`/services/${id}.yml`));
  for (const svc of [...cat.services.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (svc.status !== 'retired') continue;
    const wasRetired = base?.services.get(svc.id)?.status === 'retired';
    if (wasRetired && !serviceFile(svc.id) && !affected.all) continue;
    const customers = operationCustomers('retire', svc.id, cat, base).filter((c) => !covered.has(c));
    customers.forEach((c) => covered.add(c));
    items.push({ operation: 'retire', target: svc.id, customers, reason: wasRetired ? `services/${svc.id} changed while retired` : `${svc.id} marked retired` });
  }
  for (const c of affected.customers) {
    if (covered.has(c)) continue;
    const before = base?.customers.get(c);
    const now_ = cat.customers.get(c)!;
    const reason = affected.reasons[c];
    if (!before) {
      items.push({ operation: 'onboard', target: c, customers: [c], reason: `new customer (${reason})` });
      continue;
    }
    const termination = now_.agreement.termination.recorded;
    if (termination && !same(termination, before.agreement.termination.recorded) && terminationDue(cat, c, now)) {
      items.push({ operation: 'terminate', target: c, step: 'auto', customers: [c], reason: 'termination recorded and due' });
      continue;
    }
    if (now_.agreement.transfer && !same(now_.agreement.transfer, before.agreement.transfer)) {
      items.push({ operation: 'transfer', target: c, customers: [c], reason: 'transfer recorded' });
      continue;
    }
    const delta = costProfile(c, cat, base).delta;
    const operation: Operation = delta > 0 ? 'allocate' : delta < 0 ? 'release' : 'onboard';
    items.push({ operation, target: c, customers: [c], reason });
  }
  return items;
}
