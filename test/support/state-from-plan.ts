import * as fs from 'fs';
import * as path from 'path';
import { randomUUID } from 'crypto';
import { awsProviderSchema, type ProviderSchema } from './terraform';
import { terraform, terraformEnv } from '../../src/terraform/runner';

/**
 * AWS cannot be reached here, so nothing is ever applied: to plan a change or a destroy "against existing
 * state", a test builds the state an apply of an onboarding plan would have left. Values the plan knows are
 * kept; values known only after apply get a made-up value of the type the provider schema gives; then
 * `settleState` lets Terraform itself work out every value that derives from those (a policy naming a key's
 * ARN), so a plan of the unchanged stack against the state is empty, as after a real apply.
 */
interface PlanForState {
  terraform_version: string;
  planned_values: { root_module: { resources?: Array<{ address: string; type: string; name: string; schema_version: number; values: Record<string, unknown>; sensitive_values?: Record<string, unknown> }> } };
  resource_changes: Array<{ address: string; change: { after_unknown?: Record<string, unknown> } }>;
  configuration: { root_module: { resources?: Array<{ address: string; provider_config_key?: string; expressions?: Record<string, { references?: string[] }> }> } };
}

type AttrType = string | [string, unknown];

/**
 * A made-up value for an attribute known only after apply: identifiers get a readable unique value, every other
 * string is empty, as the provider leaves an optional computed value it was not given (a made-up FIFO scope or
 * policy text would fail the provider's own validation).
 */
function fake(type: AttrType | undefined, label: string, key: string): unknown {
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (Array.isArray(type)) return type[0] === 'map' || type[0] === 'object' ? {} : [];
  return /^(id|arn|name|bucket)$|_(id|arn)$/.test(key) ? label : '';
}

function fill(value: unknown, unknown: unknown, label: string, type: AttrType | undefined, key: string): unknown {
  if (unknown === true) return fake(type, label, key);
  // Elements of a list keep the list's name: `subnet_ids[0]` is an id too.
  if (Array.isArray(unknown)) return unknown.map((u, i) => fill(Array.isArray(value) ? value[i] : undefined, u, `${label}-${i}`, undefined, key));
  if (unknown && typeof unknown === 'object') {
    const obj = { ...((value as Record<string, unknown>) ?? {}) };
    for (const [k, u] of Object.entries(unknown)) obj[k] = fill(obj[k], u, `${label}-${k}`, undefined, k);
    return obj;
  }
  return value;
}

/** An attribute's type; a nested block (computed blocks such as a role's inline_policy) is a list. */
function typeOf(block: { attributes?: Record<string, { type?: AttrType }>; block_types?: Record<string, unknown> } | undefined, key: string): AttrType | undefined {
  return block?.block_types?.[key] ? ['list', null] : block?.attributes?.[key]?.type;
}

export async function stateFromPlan(plan: PlanForState, schema?: ProviderSchema): Promise<object> {
  const aws = (schema ?? (await awsProviderSchema())).provider_schemas['registry.terraform.io/hashicorp/aws'].resource_schemas as Record<string, { block: { attributes?: Record<string, { type?: AttrType }>; block_types?: Record<string, unknown> } }>;
  const config = new Map((plan.configuration.root_module.resources ?? []).map((r) => [r.address, r]));
  const unknowns = new Map(plan.resource_changes.map((rc) => [rc.address, rc.change.after_unknown ?? {}]));
  const values = new Map<string, Record<string, unknown>>();
  const resources = plan.planned_values.root_module.resources ?? [];
  for (const r of resources) {
    const unknown = unknowns.get(r.address) ?? {};
    const attrs = { ...r.values };
    for (const [k, u] of Object.entries(unknown)) attrs[k] = fill(attrs[k], u, k === 'arn' ? `arn:aws:csm-test:::${r.type}/${r.name}` : `${r.type}.${r.name}.${k}`, typeOf(aws[r.type]?.block, k), k);
    values.set(r.address, attrs);
  }
  return {
    version: 4,
    terraform_version: plan.terraform_version,
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources: resources.map((r) => {
      const key = config.get(r.address)?.provider_config_key ?? 'aws';
      const alias = key.includes('.') ? `.${key.split('.')[1]}` : '';
      return {
        mode: 'managed',
        type: r.type,
        name: r.name,
        provider: `provider["registry.terraform.io/hashicorp/aws"]${alias}`,
        // Sensitive attributes stay marked, or the next plan would update them just to mark them.
        instances: [{ schema_version: r.schema_version, attributes: values.get(r.address), sensitive_attributes: Object.entries(r.sensitive_values ?? {}).filter(([, s]) => s === true).map(([k]) => [{ type: 'get_attr', value: k }]) }],
      };
    }),
    check_results: null,
  };
}

interface StateFile {
  serial: number;
  resources: Array<{ type: string; name: string; instances: Array<{ attributes: Record<string, unknown> }> }>;
}

/** Values of `after` that are known, over `before`: what an apply of an update would leave. */
function applied(before: unknown, after: unknown, unknown: unknown): unknown {
  if (unknown === true) return before;
  if (Array.isArray(after)) return after.map((v, i) => applied(Array.isArray(before) ? before[i] : undefined, v, Array.isArray(unknown) ? unknown[i] : undefined));
  if (after && typeof after === 'object') {
    const out: Record<string, unknown> = { ...((before as Record<string, unknown>) ?? {}) };
    for (const [k, v] of Object.entries(after)) out[k] = applied(out[k], v, (unknown as Record<string, unknown> | undefined)?.[k]);
    return out;
  }
  return after;
}

/**
 * Plans the stack against the state (offline, no refresh) and writes back what the plan would change on the
 * existing resources, until nothing changes (a made-up id feeds a policy document, which is then settled).
 */
export async function settleState(stackDir: string, stateFile: string, passes = 2): Promise<void> {
  const env = terraformEnv(true);
  for (let pass = 0; pass < passes; pass++) {
    const plan = await terraform(['plan', '-refresh=false', '-input=false', '-no-color', '-out=settle.tfplan'], stackDir, env);
    if (plan.code !== 0) throw new Error(plan.stderr);
    const show = await terraform(['show', '-json', 'settle.tfplan'], stackDir, env);
    fs.rmSync(path.join(stackDir, 'settle.tfplan'));
    const changes = (JSON.parse(show.stdout).resource_changes ?? []) as Array<{ type: string; name: string; change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null; after_unknown?: Record<string, unknown> } }>;
    const moved = changes.filter((c) => c.change.before && c.change.after && !(c.change.actions.length === 1 && c.change.actions[0] === 'no-op'));
    if (!moved.length) return;
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as StateFile;
    for (const c of moved) {
      const r = state.resources.find((x) => x.type === c.type && x.name === c.name);
      if (r) r.instances[0].attributes = applied(c.change.before, c.change.after, c.change.after_unknown ?? {}) as Record<string, unknown>;
    }
    state.serial++;
    fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  }
}

/** Writes the state a stack's backend reads (`.csm/state/<stack>.tfstate` under the project), settled against the stack. */
export async function writeStateFromPlan(planJsonFile: string, stateFile: string, stackDir: string): Promise<void> {
  const state = await stateFromPlan(JSON.parse(fs.readFileSync(planJsonFile, 'utf8')) as PlanForState);
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  await settleState(stackDir, stateFile);
}
