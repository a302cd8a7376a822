import * as path from 'path';
import { readPlanFile } from '../../src/view/plan-file';
import { viewFromPlan, type PlanJson } from '../../src/view/from-plan';
import type { ResourceView, ViewResource } from '../../src/view/resource';

/** The corpus of real plans (test/fixtures/plans, made by test/fixtures/plans/regenerate.sh). */
export const PLANS = path.join(__dirname, '..', 'fixtures', 'plans');

export const planFile = (rel: string): string => path.join(PLANS, rel);

export function planJson(rel: string): PlanJson {
  return readPlanFile(planFile(rel)).plan;
}

/** The plan gate's view of a corpus plan, and a lookup by address that fails loudly. */
export function corpusView(rel: string): ResourceView & { at: (address: string) => ViewResource } {
  const view = viewFromPlan(rel, planJson(rel));
  const at = (address: string) => {
    const r = [...view.resources, ...(view.data_sources ?? [])].find((x) => x.address === address);
    if (!r) throw new Error(`${rel}: no ${address} in the view`);
    return r;
  };
  return { ...view, at };
}
