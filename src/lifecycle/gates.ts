import type { Catalogue } from '../model/types';
import type { PolicyEngine } from '../policy/engine';
import { PolicyFailure, type Finding } from '../policy/finding';
import { buildPolicyInput, type Operation } from '../policy/input';
import type { Gate, ResourceView } from '../view/resource';
import { applyWaivers, type Waiver } from '../check/waivers';
import { locateFinding } from '../check/locate';
import { sha256 } from '../check/evidence';

/** What one gate decided for one stack of an operation. */
export interface GateDecision {
  gate: Gate;
  /** `error`: the policy could not decide; counts as a failure (fail closed). */
  status: 'passed' | 'warned' | 'failed' | 'error';
  inputSha256: string;
  deny: Finding[];
  warn: Finding[];
  waived: Array<{ finding: Finding; waiver: string }>;
  error?: string;
  /** file:line:column each denial and warning points at, by finding index (`deny/0`), for people to read. */
  locations: Record<string, string>;
}

export interface GateContext {
  engine: PolicyEngine;
  catalogue: Catalogue;
  waivers: Waiver[];
  now: Date;
  operation: Operation;
  customer: string | null;
  service: string | null;
  lifecycle: Record<string, unknown>;
  synthFile: string;
}

/**
 * Evaluates the gate policy on one resource view with the operation's facts; waivers apply as in `csm check`.
 * A policy that cannot decide gives an `error` decision, never a pass.
 */
export async function decideGate(ctx: GateContext, view: ResourceView): Promise<GateDecision> {
  const input = buildPolicyInput({ operation: ctx.operation, view, customer: ctx.customer, service: ctx.service, now: ctx.now, lifecycle: ctx.lifecycle });
  const inputSha256 = sha256(JSON.stringify(input));
  const empty = { gate: view.gate, inputSha256, deny: [], warn: [], waived: [], locations: {} };
  let decision;
  try {
    decision = await ctx.engine.evaluate(input);
  } catch (err) {
    const message = err instanceof PolicyFailure ? err.message : `policy evaluation failed: ${(err as Error).message}`;
    return { ...empty, status: 'error', error: message };
  }
  const denies = applyWaivers(decision.deny, ctx.customer, ctx.waivers, ctx.now);
  const warns = applyWaivers(decision.warn, ctx.customer, ctx.waivers, ctx.now);
  const resources = new Map(view.resources.map((r) => [r.address, r]));
  const locations: Record<string, string> = {};
  for (const [level, list] of [['deny', denies.standing], ['warn', warns.standing]] as const) {
    list.forEach((f, i) => {
      const at = locateFinding(f, { catalogue: ctx.catalogue, customer: ctx.customer, resources, synthFile: ctx.synthFile });
      if (at) locations[`${level}/${i}`] = `${at.file}:${at.line}:${at.column}`;
    });
  }
  return {
    gate: view.gate,
    status: denies.standing.length ? 'failed' : warns.standing.length ? 'warned' : 'passed',
    inputSha256,
    deny: denies.standing,
    warn: warns.standing,
    waived: [...denies.waived, ...warns.waived],
    locations,
  };
}

export const gatePassed = (d: GateDecision) => d.status === 'passed' || d.status === 'warned';

/**
 * The hash a plan record keeps of its decisions: findings and statuses only (not where they point, which
 * depends on the folder the catalogue sits in), so a re-evaluation of the same change gives the same hash.
 */
export function decisionsHash(decisions: GateDecision[]): string {
  return sha256(JSON.stringify(decisions.map((d) => ({ gate: d.gate, status: d.status, error: d.error ?? null, deny: d.deny, warn: d.warn, waived: d.waived }))));
}
