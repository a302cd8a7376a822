import type { PlanJson } from '../view/from-plan';

/**
 * What a drift run found for one tenancy. Terraform compares three things: the configuration (the catalogue,
 * synthesized), the state, and the real objects (read when it refreshes, i.e. online). `outsideTerraform`
 * lists the objects whose real values differ from the state (the plan JSON's `resource_drift`: someone changed
 * them by hand); `pending` counts what a plan would do now to make the tenancy what the catalogue says (a change
 * merged but not applied, or a drift to undo).
 */
export interface StackDrift {
  drifted: boolean;
  pending: number;
  outsideTerraform: Array<{ address: string; actions: string[] }>;
}

interface DriftEntry {
  address?: unknown;
  change?: { actions?: unknown };
}

export function driftOf(plan: PlanJson | undefined, counts: { add: number; change: number; replace: number; destroy: number; forget: number } | null): StackDrift {
  const entries = ((plan as { resource_drift?: DriftEntry[] } | undefined)?.resource_drift ?? []).filter((d) => typeof d?.address === 'string');
  const outsideTerraform = entries.map((d) => ({ address: d.address as string, actions: Array.isArray(d.change?.actions) ? (d.change!.actions as unknown[]).map(String) : [] }));
  const pending = counts ? counts.add + counts.change + counts.replace + counts.destroy + counts.forget : 0;
  return { drifted: pending > 0 || outsideTerraform.length > 0, pending, outsideTerraform };
}
