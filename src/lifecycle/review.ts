import type { Catalogue } from '../model/types';
import type { Operation } from '../policy/input';
import { summarizePlan } from '../terraform/plan';
import type { TfJson } from '../view/from-synth';
import type { PlanJson } from '../view/from-plan';
import type { ResourceView } from '../view/resource';
import { gatePassed, type GateDecision } from './gates';
import { synthView } from './evaluate';
import { costProfile } from './facts';
import { operationSummary, summaryMarkdown, type OperationSummary } from './summary';
import { exitPlan, exitPlanMarkdown } from './exit-plan';
import { json } from './record';
import type { OperationStack } from './targets';

/**
 * What a reviewer reads beside a plan: the summary (JSON and Markdown) and, for a transfer or a terminate, the
 * exit plan. One function computes them from the plan, the catalogue and the decisions, so `csm plan` writes
 * them and `csm apply` computes them again and compares: a review document edited after the plan is refused.
 */
export interface ReviewInputs {
  operation: Operation;
  target: string;
  stack: OperationStack;
  catalogue: Catalogue;
  base: Catalogue | undefined;
  synthJson: TfJson;
  plan: PlanJson;
  /** The plan-gate view of the plan. */
  view: ResourceView;
  decisions: GateDecision[];
}

/** The summary of a stack's plan (also used without a plan, for a failed one). */
export function stackSummary(i: Omit<ReviewInputs, 'plan' | 'view' | 'synthJson' | 'stack'> & { stack: OperationStack | null; plan?: PlanJson; view?: ResourceView }): OperationSummary {
  return operationSummary({
    operation: i.operation,
    stack: i.stack?.name ?? `retire-${i.target}`,
    customer: i.stack?.customer ?? null,
    service: i.operation === 'retire' ? i.target : null,
    destroy: i.stack?.destroy ?? false,
    plan: i.plan ? summarizePlan(i.plan) : undefined,
    view: i.view,
    cost: i.stack ? costProfile(i.stack.customer, i.catalogue, i.base) : null,
    decisions: i.decisions,
    passed: i.decisions.length > 0 && i.decisions.every(gatePassed),
    catalogue: i.catalogue,
    base: i.base,
  });
}

/** The review documents by suffix (`.summary.json`, `.summary.md`, `.exit-plan.json`, `.exit-plan.md`). */
export function reviewDocuments(i: ReviewInputs): Record<string, string> {
  const summary = stackSummary(i);
  const docs: Record<string, string> = { '.summary.json': json(summary), '.summary.md': summaryMarkdown(summary, i.decisions) };
  if (i.operation === 'transfer' || i.operation === 'terminate') {
    const customer = i.catalogue.customers.get(i.stack.customer)!;
    const plan = exitPlan(customer, i.operation === 'transfer' ? 'transfer' : 'termination', synthView({ ...i.stack, destroy: false }, i.synthJson, undefined));
    docs['.exit-plan.json'] = json(plan);
    docs['.exit-plan.md'] = exitPlanMarkdown(plan);
  }
  return docs;
}
