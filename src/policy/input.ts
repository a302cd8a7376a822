import type { ResourceView } from '../view/resource';

export type Operation = 'onboard' | 'allocate' | 'release' | 'transfer' | 'terminate' | 'retire';

/**
 * What a gate evaluates: one of csm's operations on a stack; `plan`, a plan made elsewhere (`csm check
 * --plan-json`); `design`, the design review of a service on the sample tenancy built for it; or `govern`, the
 * provider's management policy and commitments, once per run.
 */
export type GateOperation = Operation | 'plan' | 'design' | 'govern';

export const OPERATION_SCENARIO: Record<GateOperation, string> = {
  onboard: 'S08',
  allocate: 'S11',
  release: 'S11',
  transfer: 'S14',
  terminate: 'S13',
  retire: 'S15',
  // A change to running infrastructure, gated before it is applied: delivery and operation (maintenance, updates).
  plan: 'S09',
  design: 'S05',
  govern: 'S02',
};

export interface PolicyInputSpec {
  operation: GateOperation;
  view: ResourceView;
  customer: string | null;
  service?: string | null;
  /** Evaluation time, fixed per run so an evidence record replays to the same decision. */
  now: Date;
  lifecycle?: Record<string, unknown>;
}

/** The `input` document of one policy evaluation (policies/README.md). */
export function buildPolicyInput(spec: PolicyInputSpec): Record<string, unknown> {
  return {
    gate: spec.view.gate,
    operation: spec.operation,
    scenario: OPERATION_SCENARIO[spec.operation],
    stack: spec.view.stack,
    customer: spec.customer,
    service: spec.service ?? null,
    now: spec.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    resources: spec.view.resources,
    removals: spec.view.removals,
    data_sources: spec.view.data_sources ?? [],
    lifecycle: spec.lifecycle ?? {},
  };
}
