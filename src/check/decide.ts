import type { Catalogue } from '../model/types';
import type { PolicyEngine } from '../policy/engine';
import { PolicyFailure } from '../policy/finding';
import { buildPolicyInput, type GateOperation } from '../policy/input';
import type { ResourceView } from '../view/resource';
import { applyWaivers, type Waiver } from './waivers';
import { locateFinding } from './locate';
import { sha256 } from '../policy/sources';
import type { LocatedFinding, StackResult } from './report';

export interface DecideContext {
  engine: PolicyEngine;
  catalogue: Catalogue;
  waivers: Waiver[];
  now: Date;
  operation: GateOperation;
  stack: string;
  customer: string | null;
  service?: string | null;
  lifecycle?: Record<string, unknown>;
  /** The stack's cdk.tf.json, for findings that can only point at a construct. */
  synthFile?: string;
}

export interface GateOutcome {
  status: Exclude<StackResult['status'], 'invalid'>;
  /** sha256 of the input document evaluated (evidence, plan records). */
  inputSha256: string;
  /** Denials, then warnings; each standing, waived (`waiver`) or standing past an expired waiver (`expiredWaiver`). */
  findings: LocatedFinding[];
  error?: string;
}

/**
 * One gate on one resource view, the same for `csm check` and the lifecycle operations: the policy input, the
 * evaluation (a policy that cannot decide is an `error`, never a pass), waivers, and where each finding points.
 */
export async function decide(ctx: DecideContext, view: ResourceView): Promise<GateOutcome> {
  const input = buildPolicyInput({ operation: ctx.operation, view, customer: ctx.customer, service: ctx.service, now: ctx.now, lifecycle: ctx.lifecycle });
  const inputSha256 = sha256(JSON.stringify(input));
  let decision;
  try {
    decision = await ctx.engine.evaluate(input);
  } catch (err) {
    const error = err instanceof PolicyFailure ? err.message : `policy evaluation failed: ${(err as Error).message}`;
    return { status: 'error', inputSha256, findings: [], error };
  }
  const resources = new Map(view.resources.map((r) => [r.address, r]));
  const located = (f: (typeof decision.deny)[number], level: 'deny' | 'warn'): LocatedFinding => ({
    ...f,
    level,
    stack: ctx.stack,
    gate: view.gate,
    location: locateFinding(f, { catalogue: ctx.catalogue, customer: ctx.customer, resources, synthFile: ctx.synthFile }),
  });
  const denies = applyWaivers(decision.deny, ctx.customer, ctx.waivers, ctx.now);
  const warns = applyWaivers(decision.warn, ctx.customer, ctx.waivers, ctx.now);
  const findings: LocatedFinding[] = [];
  for (const [level, outcome] of [['deny', denies], ['warn', warns]] as const) {
    const expired = new Map(outcome.expired.map((e) => [e.finding, e]));
    for (const f of outcome.standing) {
      const e = expired.get(f);
      findings.push({ ...located(f, level), ...(e ? { expiredWaiver: { id: e.waiver, expired: e.expired } } : {}) });
    }
    for (const w of outcome.waived) findings.push({ ...located(w.finding, level), waiver: w.waiver });
  }
  const status = denies.standing.length ? 'failed' : warns.standing.length ? 'warned' : 'passed';
  return { status, inputSha256, findings };
}
