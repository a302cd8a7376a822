import type { Catalogue } from '../model/types';
import { viewFromSynth, constructPaths, type TfJson } from '../view/from-synth';
import { viewFromPlan, type PlanJson } from '../view/from-plan';
import type { ResourceView } from '../view/resource';
import { PolicyEngine } from '../policy/engine';
import { buildPolicyData } from '../policy/data';
import type { Operation } from '../policy/input';
import type { CompiledPolicies } from '../check/run-check';
import type { Waiver } from '../check/waivers';
import { decideGate, type GateDecision } from './gates';
import { lifecycleFacts } from './facts';
import type { OperationStack } from './targets';

export { readJson, baseTenancies } from '../synth/base-tenancies';

/**
 * The synth-gate view of an operation's stack: what the change adds, alters and removes compared with the
 * base revision's tenancy; for a destroy, every resource that exists is a delete.
 */
export function synthView(stack: OperationStack, json: TfJson, before: TfJson | undefined): ResourceView {
  if (stack.destroy) return viewFromSynth(stack.name, {}, before ?? json);
  return viewFromSynth(stack.name, json, before);
}

/** The plan-gate view of an operation's stack (construct paths from its cdk.tf.json). */
export function planView(stack: OperationStack, json: TfJson, plan: PlanJson): ResourceView {
  return viewFromPlan(stack.name, plan, constructPaths(json));
}

export interface Evaluator {
  decide(stack: OperationStack | { name: string; customer: null; service: string; file: string }, view: ResourceView): Promise<GateDecision>;
  close(): Promise<void>;
}

/** One engine for a whole operation (the compiled bundle over the changed catalogue's data). */
export function evaluator(opts: { operation: Operation; catalogue: Catalogue; base?: Catalogue; policies: CompiledPolicies; waivers: Waiver[]; now: Date; timeoutMs?: number }): Evaluator {
  const engine = PolicyEngine.fromWasm(opts.policies.wasm, buildPolicyData(opts.catalogue), { timeoutMs: opts.timeoutMs });
  // One evaluation at a time, whoever asks (stacks planned in parallel): each time bound then measures its own
  // evaluation, never the queue in front of it.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    decide: (stack, view) =>
      serial(() => decideGate(
        {
          engine,
          catalogue: opts.catalogue,
          waivers: opts.waivers,
          now: opts.now,
          operation: opts.operation,
          customer: stack.customer,
          service: stack.service,
          lifecycle: lifecycleFacts(opts.operation, opts.catalogue, stack.customer, stack.service, opts.base),
          synthFile: stack.file,
        },
        view,
      )),
    close: () => engine.close(),
  };
}
