import * as path from 'path';
import type { Catalogue, Customer, ServiceDesign } from '../model/types';
import { designGaps, REVIEWED_STATUSES } from '../model/design-gaps';
import { newCsmApp, synthBeside } from '../synth/synthesize';
import { forTerraform } from '../synth/terraform-literal';
import { readJson } from '../synth/base-tenancies';
import { DesignReviewStack, designStackName } from '../../stacks/design';
import { viewFromSynth, constructPaths, type TfJson } from '../view/from-synth';
import { viewFromPlan, type PlanJson } from '../view/from-plan';
import type { Gate, ResourceView } from '../view/resource';
import { planStack } from '../terraform/plan';
import { buildPolicyData } from '../policy/data';
import type { CompiledPolicies } from '../check/run-check';
import type { Waiver } from '../check/waivers';
import type { StackResult } from '../check/report';
import { emptyView, subjectResult, withEngine } from '../check/subject';
import { sampleCustomer, type DesignSample } from './sample-customer';

/** What `input.lifecycle.design` tells the design rules (policies/design.rego); facts only. */
export interface DesignFacts {
  status: string;
  /** The entry's status at the base revision; null when it is new (or there is no base). */
  base_status: string | null;
  /** What the sample customer subscribes to; null when no sample could be built. */
  sample: DesignSample | null;
  /** Why no sample was built (the design is incomplete, its requirements are not offered where it is). */
  not_built: string | null;
}

export interface DesignReviewOptions {
  catalogue: Catalogue;
  base?: Catalogue;
  services: string[];
  policies: CompiledPolicies;
  waivers: Waiver[];
  outdir: string;
  /** Where the project keeps local state (`.csm/state`): a sample's plan reads the state it would have, none. */
  stateDir: string;
  gates: Gate[];
  now: Date;
  timeoutMs?: number;
  inputHashes?: Record<string, string>;
  onResult?: (result: StackResult) => void;
}

const entryOf = (cat: Catalogue | undefined, id: string): ServiceDesign | undefined => cat?.services.get(id) ?? cat?.incompleteServices.get(id);

/**
 * The services a check reviews: every entry offered or still in service; with a base revision, only those
 * whose entry is new or differs from the base, unless the change touches what every design is built from
 * (the provider context, policies, constructs, stacks: `everything`).
 */
export function servicesToReview(cat: Catalogue, base?: Catalogue, everything = true): string[] {
  return [...cat.services.values(), ...cat.incompleteServices.values()]
    .filter((s) => REVIEWED_STATUSES.includes(s.status))
    .filter((s) => !base || everything || JSON.stringify(entryOf(base, s.id)) !== JSON.stringify(s))
    .map((s) => s.id)
    .sort();
}

/** Synthesizes the sample customer's tenancy for a service into `<outdir>/stacks/design-<service>/`. */
export function synthesizeDesign(cat: Catalogue, customer: Customer, service: string, outdir: string): { name: string; dir: string; file: string } {
  const literal = forTerraform({ ...cat, customers: new Map([[customer.id, customer]]) });
  const app = newCsmApp(outdir);
  new DesignReviewStack(app, { provider: literal.provider, customer: literal.customers.get(customer.id)!, services: literal.services, service });
  synthBeside(app, outdir);
  const name = designStackName(service);
  const dir = path.join(outdir, 'stacks', name);
  return { name, dir, file: path.join(dir, 'cdk.tf.json') };
}

/**
 * The design review gate (5.1-5.4, S05) of each service: its entry must be complete, and its construct,
 * synthesized for a sample customer, must pass the policies (at the synth gate, and with `plan` in `gates` at
 * the plan gate of a real `terraform plan`). One result per service and gate, like a stack's; the rules that
 * decide are policies/design.rego's with every other package's on the sample's resources.
 */
export async function reviewDesigns(o: DesignReviewOptions): Promise<StackResult[]> {
  const results: StackResult[] = [];
  const data = buildPolicyData(o.catalogue);
  for (const id of o.services) {
    const entry = entryOf(o.catalogue, id)!;
    const stack = designStackName(id);
    const facts: DesignFacts = { status: entry.status, base_status: entryOf(o.base, id)?.status ?? null, sample: null, not_built: null };
    const complete = o.catalogue.services.get(id);
    const outcome = complete ? sampleCustomer(o.catalogue, complete) : { notBuilt: `its design still lacks ${designGaps(entry).join('; ')}` };
    let built: { customer: Customer; file: string; dir: string; json: TfJson } | undefined;
    if ('notBuilt' in outcome) facts.not_built = outcome.notBuilt;
    else {
      const synth = synthesizeDesign(o.catalogue, outcome.customer, id, o.outdir);
      built = { customer: outcome.customer, file: synth.file, dir: synth.dir, json: readJson<TfJson>(synth.file) };
      facts.sample = outcome.sample;
    }
    // The sample is the only customer the review's policies see: the agreement rules judge its tenancy.
    const reviewData = { csm: { ...data.csm, customers: built ? { [built.customer.id]: built.customer } : {} } };
    await withEngine(o.policies.wasm, reviewData, o.timeoutMs, async (engine) => {
      const ctx = { engine, catalogue: o.catalogue, waivers: o.waivers, now: o.now, operation: 'design' as const, stack, customer: built?.customer.id ?? null, service: id, lifecycle: { design: facts }, synthFile: built?.file };
      const note = facts.not_built ? `not synthesized for a sample customer: ${facts.not_built}` : undefined;
      for (const gate of o.gates) {
        let view: ResourceView | undefined;
        let error: string | undefined;
        if (!built) view = gate === 'synth' ? emptyView(stack) : undefined;
        else if (gate === 'synth') view = viewFromSynth(stack, built.json);
        else {
          const plan = await planStack(built.dir, { offline: o.catalogue.provider.aws.offline !== false, stateDir: o.stateDir });
          if (plan.ok) view = viewFromPlan(stack, readJson<PlanJson>(plan.planJsonFile!), constructPaths(built.json));
          else error = plan.error;
        }
        if (!view && !error) continue;
        const result = view
          ? await subjectResult(ctx, view, o.inputHashes, note)
          : ({ stack, customer: null, gate, operation: 'design', status: 'error', findings: [], error, seconds: 0 } satisfies StackResult);
        results.push(result);
        o.onResult?.(result);
      }
    });
  }
  return results;
}
