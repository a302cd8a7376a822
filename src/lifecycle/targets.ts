import * as path from 'path';
import type { TerraformStack } from 'cdktf';
import { newCsmApp, synthBeside } from '../synth/synthesize';
import { OnboardStack, onboardStackName } from '../../stacks/onboard';
import { TerminateStack, terminateStackName, type TerminateStep } from '../../stacks/terminate';
import { TransferStack, transferStackName } from '../../stacks/transfer';
import type { Catalogue } from '../model/types';
import { InputError } from '../model/errors';
import { forTerraform } from '../synth/terraform-literal';
import type { Operation } from '../policy/input';

/** The operations `csm plan` knows, and what each one names: a customer, or a service (retire). */
export const PLAN_OPERATIONS: Record<Operation, 'customer' | 'service'> = {
  onboard: 'customer',
  allocate: 'customer',
  release: 'customer',
  transfer: 'customer',
  terminate: 'customer',
  retire: 'service',
};

/** Bad input for an operation: an unknown customer or service, or a missing record in the agreement. */
export class OperationInputError extends InputError {}

/** One stack an operation plans. */
export interface OperationStack {
  name: string;
  customer: string;
  /** The service a retire concerns; null otherwise. */
  service: string | null;
  dir: string;
  file: string;
  /** Plan in destroy mode (terminate's destroy step). */
  destroy: boolean;
  /** The stack whose state this one plans against: the tenancy's (`onboard-<customer>`). */
  stateOf: string;
  /** Addresses the stack hands over with `removed { destroy = false }` (transfer handover). */
  handedOver: string[];
}

/** Customers an operation concerns: the named one, or for a retire every customer that subscribes (or did at the base). */
export function operationCustomers(op: Operation, target: string, cat: Catalogue, base?: Catalogue): string[] {
  if (PLAN_OPERATIONS[op] === 'customer') {
    const customer = cat.customers.get(target);
    if (!customer) throw new OperationInputError(`unknown customer "${target}" (catalogue has: ${[...cat.customers.keys()].join(', ')})`);
    if (op === 'transfer' && !customer.agreement.transfer) {
      throw new OperationInputError(`${cat.files.get(`customer:${target}`)}: agreement.transfer is missing: record the transfer (to, target, requested) in the agreement first`);
    }
    return [target];
  }
  if (!cat.services.has(target)) throw new OperationInputError(`unknown service "${target}" (catalogue has: ${[...cat.services.keys()].join(', ')})`);
  const subscribers = (c: Catalogue) => [...c.customers.values()].filter((x) => x.subscriptions.some((s) => s.service === target)).map((x) => x.id);
  // A customer that left the base catalogue since has nothing left to plan.
  return [...new Set([...subscribers(cat), ...(base ? subscribers(base) : [])])].filter((c) => cat.customers.has(c)).sort();
}

/** The stack an operation plans for a customer, by name, before anything is synthesized. */
export function operationStackName(op: Operation, customer: string, step: TerminateStep = 'destroy'): string {
  if (op === 'terminate') return terminateStackName(customer, step);
  if (op === 'transfer') return transferStackName(customer);
  return onboardStackName(customer);
}

export interface OperationScope {
  /** The service a retire concerns. */
  service?: string | null;
  /** The step of a terminate (default: destroy). */
  step?: TerminateStep;
}

/**
 * Synthesizes the stacks of one operation into `<outdir>/stacks/<stack>/cdk.tf.json`: allocate, release and
 * retire re-synthesize the customers' tenancy stacks (`onboard-<customer>`) from the changed catalogue;
 * terminate and transfer synthesize their own stacks, which plan against the tenancy's state.
 */
export function synthesizeOperation(op: Operation, customers: string[], cat: Catalogue, outdir: string, scope: OperationScope = {}): OperationStack[] {
  const service = scope.service ?? null;
  const step = scope.step ?? 'destroy';
  const app = newCsmApp(outdir);
  const literal = forTerraform(cat);
  const built: Array<{ stack: TerraformStack; customer: string; handedOver: string[] }> = [];
  for (const id of customers) {
    const props = { provider: literal.provider, customer: literal.customers.get(id)!, services: literal.services };
    if (op === 'terminate') built.push({ stack: new TerminateStack(app, { ...props, step }), customer: id, handedOver: [] });
    else if (op === 'transfer') {
      const stack = new TransferStack(app, props);
      built.push({ stack, customer: id, handedOver: stack.handedOver });
    } else built.push({ stack: new OnboardStack(app, props), customer: id, handedOver: [] });
  }
  synthBeside(app, outdir);
  return built.map(({ stack, customer, handedOver }) => {
    const name = stack.node.id;
    const dir = path.join(outdir, 'stacks', name);
    return { name, customer, service, dir, file: path.join(dir, 'cdk.tf.json'), destroy: op === 'terminate' && step === 'destroy', stateOf: onboardStackName(customer), handedOver };
  });
}
