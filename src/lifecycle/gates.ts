import type { Catalogue } from '../model/types';
import type { PolicyEngine } from '../policy/engine';
import type { Finding } from '../policy/finding';
import type { Operation } from '../policy/input';
import type { Gate, ResourceView } from '../view/resource';
import type { Waiver } from '../check/waivers';
import { decide } from '../check/decide';
import type { LocatedFinding } from '../check/report';
import { sha256 } from '../policy/sources';

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
  const outcome = await decide({ ...ctx, stack: view.stack }, view);
  // The record keeps the findings as the policy gave them: where they point depends on the catalogue's folder.
  const bare = ({ level, stack, gate, location, waiver, expiredWaiver, ...finding }: LocatedFinding): Finding => finding;
  const standing = (level: 'deny' | 'warn') => outcome.findings.filter((f) => f.level === level && !f.waiver);
  const locations: Record<string, string> = {};
  for (const level of ['deny', 'warn'] as const) {
    standing(level).forEach((f, i) => {
      if (f.location) locations[`${level}/${i}`] = `${f.location.file}:${f.location.line}:${f.location.column}`;
    });
  }
  return {
    gate: view.gate,
    status: outcome.status,
    inputSha256: outcome.inputSha256,
    deny: standing('deny').map(bare),
    warn: standing('warn').map(bare),
    waived: outcome.findings.filter((f) => f.waiver).map((f) => ({ finding: bare(f), waiver: f.waiver! })),
    locations,
    ...(outcome.error ? { error: outcome.error } : {}),
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
