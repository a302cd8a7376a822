/**
 * Builds the policy inputs of a case at both gates, the way `csm check` does: the synth view of the changed
 * stack, and the plan view of the real `terraform plan` of the same cdk.tf.json. Synths are cached per catalogue
 * edit and plans per distinct cdk.tf.json, so a case that does not change the stack reuses the example's plan.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../../src/model/load';
import { synthesize } from '../../src/synth/synthesize';
import { planStack, mapBounded } from '../../src/terraform/plan';
import { constructPaths, viewFromSynth, type TfJson } from '../../src/view/from-synth';
import { viewFromPlan, type PlanJson } from '../../src/view/from-plan';
import { buildPolicyData } from '../../src/policy/data';
import { buildPolicyInput } from '../../src/policy/input';
import type { Gate } from '../../src/view/resource';
import { catalogueWith } from '../support/catalogue-fixture';
import type { PolicyCase } from './cases';

const NOW = new Date('2026-11-25T17:00:00Z');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-cases-'));
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const hash = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);

interface Synthesized {
  json: TfJson;
  data: { csm: Record<string, unknown> };
}

const synths = new Map<string, Synthesized>();

/** The customer's onboarding stack and the policy data, from the example catalogue with the case's edits. */
function synthOf(customer: string, edits: PolicyCase['catalogue'], key: string): Synthesized {
  const cacheKey = `${customer}/${edits ? key : 'example'}`;
  const cached = synths.get(cacheKey);
  if (cached) return { json: clone(cached.json), data: clone(cached.data) };
  const catalogue = loadCatalogue(catalogueWith(edits ?? {}));
  const outdir = path.join(work, 'synth', hash(cacheKey));
  fs.mkdirSync(outdir, { recursive: true });
  const [stack] = synthesize(catalogue, { outdir, customers: [customer] });
  const made = { json: JSON.parse(fs.readFileSync(stack.file, 'utf8')) as TfJson, data: buildPolicyData(catalogue) as Synthesized['data'] };
  synths.set(cacheKey, made);
  return { json: clone(made.json), data: clone(made.data) };
}

export interface Prepared {
  c: PolicyCase;
  stack: string;
  data: { csm: Record<string, unknown> };
  synthJson: TfJson;
  baseJson?: TfJson;
  plan?: PlanJson;
}

/** Applies a case's edits: catalogue (then synth), data, and the synthesized JSON. */
export function prepare(c: PolicyCase): Prepared {
  const changed = synthOf(c.customer, c.catalogue, `${c.id}`);
  c.synth?.(changed.json);
  c.data?.(changed.data.csm);
  return { c, stack: `onboard-${c.customer}`, data: changed.data, synthJson: changed.json, baseJson: c.againstBase ? synthOf(c.customer, undefined, '').json : undefined };
}

const plans = new Map<string, Promise<PlanJson>>();

/** The real `terraform plan` (offline, the provider mirror) of a synthesized stack, once per distinct JSON. */
export function realPlan(stack: string, json: TfJson): Promise<PlanJson> {
  const key = hash(json);
  if (!plans.has(key)) {
    plans.set(key, (async () => {
      const dir = path.join(work, 'plans', key, 'cdktf.out', 'stacks', stack);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
      const outcome = await planStack(dir, { offline: true, stateDir: path.join(work, 'plans', key, '.csm', 'state') });
      if (!outcome.ok) throw new Error(`terraform plan of ${stack} (${key}) failed:\n${outcome.error}`);
      return JSON.parse(fs.readFileSync(outcome.planJsonFile!, 'utf8')) as PlanJson;
    })());
  }
  return plans.get(key)!;
}

/**
 * A plan of a change that removes resources, derived from the base stack's real plan: every resource the
 * change no longer has becomes a delete of what the base plan creates (see the case's `derivedPlan`).
 */
export function deletesFrom(basePlan: PlanJson, changed: TfJson): PlanJson {
  const kept = new Set(Object.entries(changed.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)));
  const plan = clone(basePlan);
  for (const rc of plan.resource_changes ?? []) {
    if (kept.has(rc.address)) continue;
    rc.change = { actions: ['delete'], before: rc.change.after, after: null, after_unknown: {} };
  }
  return plan;
}

const addresses = (json: TfJson): Map<string, string> =>
  new Map(Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([n, config]) => [`${type}.${n}`, JSON.stringify(config)] as [string, string])));

/** Resources a change adds, alters or removes. */
function touchedBy(base: TfJson, changed: TfJson): Set<string> {
  const [a, b] = [addresses(base), addresses(changed)];
  return new Set([...a.keys(), ...b.keys()].filter((k) => a.get(k) !== b.get(k)));
}

/** The example's plan with the changes of `touched` resources taken from `from` (dropped where it has none). */
function compose(basePlan: PlanJson, from: PlanJson, touched: Set<string>): PlanJson {
  const plan = clone(basePlan);
  const swap = <T extends { address: string }>(mine: T[] = [], theirs: T[] = []): T[] => [
    ...mine.filter((x) => !touched.has(x.address)),
    ...clone(theirs.filter((x) => touched.has(x.address))),
  ];
  plan.resource_changes = swap(plan.resource_changes, from.resource_changes);
  if (plan.configuration?.root_module) plan.configuration.root_module.resources = swap(plan.configuration.root_module.resources, from.configuration?.root_module?.resources);
  return plan;
}

interface Group {
  stack: string;
  json: TfJson;
  touched: Set<string>;
  members: Array<{ p: Prepared; touched: Set<string> }>;
}

/**
 * Plans every prepared case at the plan gate, with as few real plans as honesty allows (each costs seconds
 * of CPU in the AWS provider):
 * - a case that edits only the synthesized JSON shares one real plan with other such cases of its customer
 *   that touch other resources; it takes the planned changes of the resources it touched from that plan and
 *   everything else from the example's real plan. Terraform plans a resource from its own configuration and
 *   what it references, so its planned change is the same there as in a stack with that edit alone;
 * - a case with catalogue edits gets the real plan of its own stack (the example's, when the stack is equal);
 * - a case with `derivedPlan` gets a plan derived from the example's, for the reason it states.
 */
export async function planAll(cases: Prepared[], concurrency = 2): Promise<void> {
  const groups: Group[] = [];
  const jobs = new Map<string, { stack: string; json: TfJson }>();
  const job = (stack: string, json: TfJson) => jobs.set(hash(json), { stack, json });
  const example = (customer: string) => synthOf(customer, undefined, '').json;
  for (const p of cases) {
    job(p.stack, example(p.c.customer));
    if (p.c.derivedPlan) continue;
    if (p.c.catalogue || !p.c.synth) {
      job(p.stack, p.synthJson);
      continue;
    }
    const touched = touchedBy(example(p.c.customer), p.synthJson);
    let g = groups.find((x) => x.stack === p.stack && [...touched].every((a) => !x.touched.has(a)));
    if (!g) groups.push((g = { stack: p.stack, json: example(p.c.customer), touched: new Set(), members: [] }));
    p.c.synth(g.json);
    touched.forEach((a) => g!.touched.add(a));
    g.members.push({ p, touched });
  }
  for (const g of groups) job(g.stack, g.json);
  await mapBounded([...jobs.values()], concurrency, (j) => realPlan(j.stack, j.json));
  for (const p of cases) {
    const basePlan = await realPlan(p.stack, example(p.c.customer));
    if (p.c.derivedPlan) p.plan = deletesFrom(basePlan, p.synthJson);
    else if (p.c.catalogue || !p.c.synth) p.plan = await realPlan(p.stack, p.synthJson);
  }
  for (const g of groups) {
    const shared = await realPlan(g.stack, g.json);
    for (const m of g.members) m.p.plan = compose(await realPlan(g.stack, example(m.p.c.customer)), shared, m.touched);
  }
}

/** The policy input of a prepared case at one gate. */
export function inputAt(p: Prepared, gate: Gate): Record<string, unknown> {
  // Construct paths of removed resources come from the base revision's synth.
  const paths = new Map([...constructPaths(p.baseJson ?? {}), ...constructPaths(p.synthJson)]);
  const view = gate === 'synth' ? viewFromSynth(p.stack, p.synthJson, p.baseJson) : viewFromPlan(p.stack, p.plan!, paths);
  return buildPolicyInput({ operation: p.c.operation ?? 'onboard', view, customer: p.c.customer, now: NOW });
}
