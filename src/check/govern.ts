import type { Catalogue } from '../model/types';
import type { Waiver } from './waivers';
import type { CompiledPolicies } from './run-check';
import type { StackResult } from './report';
import { buildPolicyData } from '../policy/data';
import { emptyView, subjectResult, withEngine } from './subject';

/** The result that judges the provider's management policy and commitments (4.1), named after the provider. */
export const governanceSubject = (cat: Catalogue) => `provider-${cat.provider.id}`;

/**
 * The management responsibility rules (policies/governance.rego: the policy reviewed on time, in force,
 * every objective owned) once per `csm check` run, on the provider's context alone: a review date that has
 * passed concerns every change, but is reported once, not once per stack.
 */
export async function reviewGovernance(o: { catalogue: Catalogue; policies: CompiledPolicies; waivers: Waiver[]; now: Date; timeoutMs?: number; inputHashes?: Record<string, string> }): Promise<StackResult> {
  const stack = governanceSubject(o.catalogue);
  return withEngine(o.policies.wasm, buildPolicyData(o.catalogue), o.timeoutMs, (engine) =>
    subjectResult({ engine, catalogue: o.catalogue, waivers: o.waivers, now: o.now, operation: 'govern', stack, customer: null }, emptyView(stack), o.inputHashes),
  );
}
