import { collapseActions, tagFacts, tagsOf, type ResourceView, type ViewDrift, type ViewResource } from './resource';
import { parseModule } from './address';
import { ConfigIndex, type Expression, type InstanceRef, type ModuleConfig } from './plan-config';
import { escapeKnown, plannedValues } from './plan-values';
import { checkFormatVersion, PlanFormatError } from './plan-file';
import { planShapeError } from './plan-schema';
import { fieldPath } from '../model/errors';

export { PlanFormatError };

export interface ResourceChange extends InstanceRef {
  index?: string | number;
  change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null; after_unknown?: unknown; importing?: unknown };
}

export interface PlanJson {
  format_version?: string;
  terraform_version?: string;
  errored?: boolean;
  complete?: boolean;
  applyable?: boolean;
  variables?: Record<string, { value?: unknown }>;
  planned_values?: { root_module?: PlannedModule };
  resource_changes?: ResourceChange[];
  resource_drift?: ResourceChange[];
  deferred_changes?: Array<{ reason?: string; resource_change: ResourceChange }>;
  configuration?: {
    provider_config?: Record<string, { expressions?: { region?: Expression } }>;
    root_module?: ModuleConfig;
  };
}

/** A module of `planned_values`: its resources' values as planned, child modules nested. */
export interface PlannedModule {
  address?: string;
  resources?: Array<InstanceRef & { index?: string | number; values?: Record<string, unknown> | null }>;
  child_modules?: PlannedModule[];
}

/**
 * Resources the plan holds in `planned_values` without a change entry: a fixture trimmed by hand, or a tool that
 * writes only the planned values. Terraform lists every planned resource in `resource_changes`; one missing
 * from it is judged as planned (kept as it is when the plan lists changes, created when it lists none) rather
 * than skipped, so a gate never passes what it did not read.
 */
function unlistedPlanned(plan: PlanJson): ResourceChange[] {
  const listed = new Set([...(plan.resource_changes ?? []), ...(plan.deferred_changes ?? []).map((d) => d.resource_change)].map((rc) => rc.address));
  const action = plan.resource_changes?.length ? 'no-op' : 'create';
  const out: ResourceChange[] = [];
  const walk = (m: PlannedModule | undefined, depth: number): void => {
    if (!m || depth > 64) return;
    for (const r of m.resources ?? []) {
      if (listed.has(r.address)) continue;
      const values = r.values ?? {};
      out.push({
        address: r.address,
        ...(m.address ? { module_address: m.address } : {}),
        mode: r.mode ?? 'managed',
        type: r.type,
        name: r.name,
        ...(r.index !== undefined ? { index: r.index } : {}),
        change: { actions: [action], before: action === 'no-op' ? values : null, after: values },
      });
    }
    for (const child of m.child_modules ?? []) walk(child, depth + 1);
  };
  walk(plan.planned_values?.root_module, 0);
  return out;
}

/** Provider configuration key → region: a constant, or a root variable the plan knows the value of. */
function providerRegions(plan: PlanJson): Map<string, string> {
  const regions = new Map<string, string>();
  for (const [key, cfg] of Object.entries(plan.configuration?.provider_config ?? {})) {
    const expr = cfg.expressions?.region;
    const variable = expr?.references?.find((r) => r.startsWith('var.'))?.slice(4);
    const region = expr?.constant_value ?? (variable ? plan.variables?.[variable]?.value : undefined);
    if (typeof region === 'string') regions.set(key, region);
  }
  return regions;
}

/** null, "", [] and {}: providers read an unset value back as any of them, which is no change. */
const isEmpty = (v: unknown) => v == null || v === '' || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v as object).length === 0);

/** Top-level attributes whose values differ between two objects (an empty value for another is not a difference). */
function changedAttributes(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter((k) => !(isEmpty(before?.[k]) && isEmpty(after?.[k])) && JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k])).sort();
}

/**
 * What drifted: a deletion, or the attributes that changed, and which of them the plan sets back to what they
 * were; null when nothing but empty values moved.
 */
function driftOf(d: ResourceChange | undefined, planned: Record<string, unknown> | null): ViewDrift | null {
  if (!d) return null;
  const action = collapseActions(d.change.actions);
  const attributes = action === 'delete' ? [] : changedAttributes(d.change.before, d.change.after);
  const reverted = attributes.filter((a) => planned && Object.hasOwn(planned, a) && JSON.stringify(planned[a]) === JSON.stringify(d.change.before?.[a]));
  return action === 'delete' || attributes.length ? { action, attributes, reverted } : null;
}

const byAddress = (a: { address: string }, b: { address: string }) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);

/**
 * The resource view of a plan (`terraform show -json`): every resource instance of every module, with its
 * module address and count/for_each key, its values in the view's notation (src/view/plan-values.ts: known
 * values as planned, unknown ones as the marker naming what they derive from, followed through module outputs
 * and variables), and whether it drifted. `constructPaths` (from the stack's cdk.tf.json, when there is one)
 * lets findings point back to the construct; the view works without it.
 */
export function viewFromPlan(stack: string, plan: PlanJson, constructPaths: Map<string, string> = new Map()): ResourceView {
  // Whoever calls (the lifecycle operations read csm's own plans directly), a shape Terraform never writes is bad input.
  const problem = planShapeError(plan);
  if (problem) throw new PlanFormatError(`not a plan of terraform show -json: ${fieldPath(problem.path) || '(document)'}: ${problem.message}`);
  checkFormatVersion(plan);
  const changes = [...(plan.resource_changes ?? []), ...(plan.deferred_changes ?? []).map((d) => d.resource_change), ...unlistedPlanned(plan)];
  const config = new ConfigIndex(plan.configuration?.root_module, changes);
  const regions = providerRegions(plan);
  const drift = new Map((plan.resource_drift ?? []).map((d) => [d.address, d]));

  const toView = (rc: ResourceChange): ViewResource => {
    const cfg = config.resource(rc);
    // Terraform's `forget` (a `removed` block with destroy = false) takes the resource out of management as a
    // delete would; the removal recorded below says it is handed over, as the synth gate shows it.
    const action = rc.change.actions.includes('forget') ? 'delete' : collapseActions(rc.change.actions);
    const module = parseModule(rc.module_address) ?? [];
    const resolve = (refs: readonly string[]) => config.resolve(refs, { module, key: rc.index, forEach: cfg?.for_each_expression });
    // A change that will exist after apply always has values; an `after` of null beside what is unknown in it
    // (a trimmed fixture) is read as nothing known yet rather than as no resource.
    const afterValues = rc.change.after ?? (action !== 'delete' && rc.change.after_unknown && typeof rc.change.after_unknown === 'object' ? {} : null);
    const after = afterValues ? plannedValues({ address: rc.address, type: rc.type, resolve }, afterValues, rc.change.after_unknown, cfg?.expressions) : null;
    const before = rc.change.before ? (escapeKnown(rc.change.before) as Record<string, unknown>) : null;
    const values = after ?? before ?? {};
    const tags = tagsOf(values);
    return {
      address: rc.address,
      type: rc.type,
      name: rc.name,
      module: rc.module_address ?? null,
      index: rc.index ?? null,
      construct_path: constructPaths.get(rc.address) ?? null,
      region: regions.get(cfg?.provider_config_key ?? rc.type.split('_')[0]) ?? regions.get(rc.type.split('_')[0]) ?? null,
      action,
      values,
      before,
      tags,
      ...tagFacts(tags),
      drift: driftOf(drift.get(rc.address), rc.change.after),
      importing: !!rc.change.importing,
    };
  };

  const resources = changes.filter((rc) => (rc.mode ?? 'managed') === 'managed').map(toView).sort(byAddress);
  const dataSources = changes.filter((rc) => rc.mode === 'data').map(toView).sort(byAddress);
  const removals = changes.filter((rc) => rc.change.actions.includes('forget')).map((rc) => ({ from: rc.address, destroy: false }));
  return { gate: 'plan', stack, resources, removals, data_sources: dataSources };
}
