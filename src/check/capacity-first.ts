import type { Ledger } from '../policy/data';
import type { ResourceView } from '../view/resource';

/**
 * Capacity is decided before anything is built. A subscription's quantity turns into that many resource sets
 * when a stack is synthesized (and planned), so a quantity far past any quota would make the gate's own work
 * grow with it. The capacity and budget rules read the ledger (quantity times capacity units, per pool and per
 * customer), not resources: when the ledger shows a customer past a quota or on an overcommitted pool, the
 * gate is first evaluated on the ledger alone, with no resources, and a denial there is the stack's decision;
 * the stack is not synthesized or planned. The cost of that decision does not depend on the quantity. Only
 * when the policies do not deny (a waiver, or a policy that allows it) is the stack built in full.
 */

/** Why the ledger says a customer's subscriptions do not fit; empty when they do. */
export function capacityOverrun(ledger: Ledger, customer: string): string[] {
  const reasons: string[] = [];
  for (const [service, use] of Object.entries(ledger.customers[customer]?.by_service ?? {})) {
    if (use.units > use.quota) reasons.push(`${use.units} units of ${service} against a per-customer quota of ${use.quota}`);
  }
  for (const [name, pool] of Object.entries(ledger.pools)) {
    if ((pool.by_customer[customer] ?? 0) > 0 && pool.used > pool.size) reasons.push(`pool ${name} at ${pool.used} of ${pool.size} ${pool.unit}`);
  }
  return reasons;
}

/** The view the ledger-first gate evaluates: the stack with nothing built. */
export function ledgerView(stack: string): ResourceView {
  return { gate: 'synth', stack, resources: [], removals: [] };
}

/** What a stack decided on the ledger alone says about the resources it did not build. */
export function ledgerNote(reasons: string[]): string {
  return `decided on the ledger before building anything (${reasons.join('; ')}): the stack was not synthesized or planned`;
}
