import { collapseActions, tagFacts, type ResourceView, type ViewResource } from './resource';
import { InputError } from '../model/errors';
import { shapeProblem } from './plan-shape';

/** `terraform show -json` format versions this view understands (1.x: additive changes only). */
export const SUPPORTED_PLAN_FORMAT = /^1\.\d+$/;

/** A plan JSON csm cannot read (not JSON, a format version it does not know, a shape terraform never writes): bad input. */
export class PlanFormatError extends InputError {}

interface Expression {
  constant_value?: unknown;
  references?: string[];
}
type Expressions = Record<string, Expression | Array<Record<string, unknown>>>;

interface ConfigResource {
  address: string;
  provider_config_key?: string;
  expressions?: Expressions;
}

export interface PlanJson {
  format_version?: string;
  resource_changes?: Array<{
    address: string;
    mode?: string;
    type: string;
    name: string;
    change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null; after_unknown?: unknown };
  }>;
  configuration?: {
    provider_config?: Record<string, { expressions?: { region?: Expression } }>;
    root_module?: { resources?: ConfigResource[] };
  };
}

const isLeafExpression = (e: unknown): e is Expression =>
  !!e && typeof e === 'object' && !Array.isArray(e) && ('constant_value' in e || 'references' in e);

const mentionsReference = (v: unknown): boolean =>
  typeof v === 'string' ? v.includes('${') : Array.isArray(v) ? v.some(mentionsReference) : !!v && typeof v === 'object' && Object.values(v).some(mentionsReference);

/**
 * Lays the configuration's own expressions over the planned values wherever the configuration derives a value
 * from another resource. For a JSON configuration (cdk.tf.json) Terraform reports such an expression's source
 * text as its `constant_value` (`"${aws_kms_key.k.arn}"`), so a policy sees at the plan gate exactly what it
 * sees at the synth gate, whether the value is unknown until apply (a create) or already resolved to a real ARN
 * (a change against existing state). Nested blocks are lists in the plan, each element overlaid in turn.
 */
function withConfiguration(planned: unknown, expr: unknown): unknown {
  if (isLeafExpression(expr)) return 'constant_value' in expr && mentionsReference(expr.constant_value) ? expr.constant_value : planned;
  if (Array.isArray(expr)) {
    const list = Array.isArray(planned) ? [...planned] : [];
    expr.forEach((e, i) => (list[i] = withConfiguration(list[i], e)));
    return list;
  }
  if (expr && typeof expr === 'object') {
    const obj = planned && typeof planned === 'object' && !Array.isArray(planned) ? { ...(planned as Record<string, unknown>) } : {};
    for (const [k, e] of Object.entries(expr)) {
      const v = withConfiguration(obj[k], e);
      if (v !== undefined) obj[k] = v;
    }
    return obj;
  }
  return planned;
}

/**
 * The resource view of a plan (`terraform show -json`). `constructPaths` (from the stack's cdk.tf.json, when
 * there is one) lets findings point back to the construct; the view works without it.
 */
export function viewFromPlan(stack: string, plan: PlanJson, constructPaths: Map<string, string> = new Map()): ResourceView {
  const problem = shapeProblem('plan', plan);
  if (problem) throw new PlanFormatError(`not a plan of terraform show -json: ${problem}`);
  if (!plan.format_version || !SUPPORTED_PLAN_FORMAT.test(plan.format_version)) {
    throw new PlanFormatError(`plan JSON format_version ${JSON.stringify(plan.format_version)} is not supported (expected 1.x, from terraform show -json)`);
  }
  const regionOf = new Map<string, string>();
  for (const [key, cfg] of Object.entries(plan.configuration?.provider_config ?? {})) {
    const region = cfg.expressions?.region?.constant_value;
    if (typeof region === 'string') regionOf.set(key, region);
  }
  const config = new Map((plan.configuration?.root_module?.resources ?? []).map((r) => [r.address, r]));
  const resources: ViewResource[] = (plan.resource_changes ?? [])
    .filter((rc) => (rc.mode ?? 'managed') === 'managed')
    .map((rc) => {
      const cfg = config.get(rc.address);
      // Terraform's `forget` (a `removed` block with destroy = false) takes the resource out of management as a
      // delete would; the removal recorded below says it is handed over, as the synth gate shows it.
      const action = rc.change.actions.includes('forget') ? 'delete' : collapseActions(rc.change.actions);
      const after = rc.change.after ? (withConfiguration(rc.change.after, cfg?.expressions) as Record<string, unknown>) : null;
      const values = after ?? rc.change.before ?? {};
      const tags = ((values.tags ?? values.tags_all ?? {}) as Record<string, string>) ?? {};
      return {
        address: rc.address,
        type: rc.type,
        name: rc.name,
        construct_path: constructPaths.get(rc.address) ?? null,
        region: regionOf.get(cfg?.provider_config_key ?? rc.type.split('_')[0]) ?? null,
        action,
        values,
        before: rc.change.before,
        tags,
        ...tagFacts(tags),
      };
    });
  resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const removals = (plan.resource_changes ?? []).filter((rc) => rc.change.actions.includes('forget')).map((rc) => ({ from: rc.address, destroy: false }));
  return { gate: 'plan', stack, resources, removals };
}
