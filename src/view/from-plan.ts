import { collapseActions, tagFacts, type ResourceView, type ViewResource } from './resource';

/** `terraform show -json` format versions this view understands (1.x: additive changes only). */
export const SUPPORTED_PLAN_FORMAT = /^1\.\d+$/;

export class PlanFormatError extends Error {}

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

/**
 * Fills values only known after apply with the Terraform reference they come from (`${aws_kms_key.k.arn}`),
 * so a policy sees the same thing at the plan gate as at the synth gate.
 */
function withReferences(after: unknown, unknown: unknown, expr: unknown): unknown {
  if (unknown === true) {
    const refs = (expr as Expression | undefined)?.references;
    return refs?.length ? `\${${refs[0]}}` : null;
  }
  if (Array.isArray(unknown)) {
    const list = Array.isArray(after) ? [...after] : [];
    unknown.forEach((u, i) => {
      list[i] = withReferences(list[i], u, Array.isArray(expr) ? expr[i] : undefined);
    });
    return list;
  }
  if (unknown && typeof unknown === 'object') {
    const obj = after && typeof after === 'object' ? { ...(after as Record<string, unknown>) } : {};
    for (const [k, u] of Object.entries(unknown)) {
      obj[k] = withReferences(obj[k], u, expr && typeof expr === 'object' && !Array.isArray(expr) ? (expr as Record<string, unknown>)[k] : undefined);
    }
    return obj;
  }
  return after;
}

/**
 * The resource view of a plan (`terraform show -json`). `constructPaths` (from the stack's cdk.tf.json, when
 * there is one) lets findings point back to the construct; the view works without it.
 */
export function viewFromPlan(stack: string, plan: PlanJson, constructPaths: Map<string, string> = new Map()): ResourceView {
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
      const action = collapseActions(rc.change.actions);
      const after = rc.change.after ? (withReferences(rc.change.after, rc.change.after_unknown, cfg?.expressions) as Record<string, unknown>) : null;
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
  return { gate: 'plan', stack, resources, removals: [] };
}
