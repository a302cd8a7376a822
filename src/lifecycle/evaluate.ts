import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Catalogue } from '../model/types';
import { synthesize } from '../synth/synthesize';
import { viewFromSynth, constructPaths, type TfJson } from '../view/from-synth';
import { viewFromPlan, type PlanJson } from '../view/from-plan';
import type { ResourceView } from '../view/resource';
import { PolicyEngine } from '../policy/engine';
import { buildPolicyData } from '../policy/data';
import type { Operation } from '../policy/input';
import type { CompiledPolicies } from '../check/run-check';
import type { Waiver } from '../check/waivers';
import { decideGate, type GateDecision } from './gates';
import { lifecycleFacts } from './facts';
import type { OperationStack } from './targets';

export const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** What exists before the change: the base revision's tenancy stacks, synthesized aside, by customer. */
export function baseTenancies(base: Catalogue | undefined, customers: string[]): Map<string, TfJson> {
  const existing = customers.filter((c) => base?.customers.has(c));
  if (!base || !existing.length) return new Map();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-base-synth-'));
  try {
    return new Map(synthesize(base, { outdir: out, customers: existing }).map((s) => [s.customer, readJson<TfJson>(s.file)]));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/**
 * The synth-gate view of an operation's stack: what the change adds, alters and removes compared with the
 * base revision's tenancy; for a destroy, every resource that exists is a delete.
 */
export function synthView(stack: OperationStack, json: TfJson, before: TfJson | undefined): ResourceView {
  if (stack.destroy) return viewFromSynth(stack.name, {}, before ?? json);
  return viewFromSynth(stack.name, json, before);
}

/**
 * Where the configuration derives a value from another resource (`${aws_kms_key.k.arn}`), the config's
 * expression, as the synth gate sees it; elsewhere the planned value. A nested block is an object in
 * cdk.tf.json and a one-element list in the plan.
 */
function overlay(planned: unknown, config: unknown): unknown {
  if (typeof config === 'string') return config.includes('${') ? config : planned;
  if (Array.isArray(planned) && Array.isArray(config)) return planned.map((p, i) => overlay(p, config[i]));
  if (Array.isArray(planned) && config && typeof config === 'object') return planned.map((p, i) => (i === 0 ? overlay(p, config) : p));
  if (planned && typeof planned === 'object' && config && typeof config === 'object' && !Array.isArray(config)) {
    const out = { ...(planned as Record<string, unknown>) };
    for (const [k, c] of Object.entries(config)) if (k in out) out[k] = overlay(out[k], c);
    return out;
  }
  return planned;
}

/**
 * The plan-gate view. Against existing state Terraform reports the values references resolved to (a key's
 * real ARN), where the policies read references at both gates (policies/README.md); the config's expressions
 * are laid back over the resources the stack still declares. `removed` blocks come from the stack's JSON,
 * where Terraform's plan JSON has none.
 */
export function planView(stack: OperationStack, json: TfJson, plan: PlanJson): ResourceView {
  const view = viewFromPlan(stack.name, plan, constructPaths(json));
  const resources = view.resources.map((r) => {
    // Terraform's `forget` (a `removed` block with destroy = false) leaves management as a delete does; the
    // removal below says it is handed over, as the synth gate shows it.
    if ((r.action as string) === 'forget') return { ...r, action: 'delete' as const };
    const config = json.resource?.[r.type]?.[r.name];
    return config && r.action !== 'delete' ? { ...r, values: overlay(r.values, config) as Record<string, unknown> } : r;
  });
  return { ...view, resources, removals: viewFromSynth(stack.name, json).removals };
}

export interface Evaluator {
  decide(stack: OperationStack | { name: string; customer: null; service: string; file: string }, view: ResourceView): Promise<GateDecision>;
  close(): Promise<void>;
}

/** One engine for a whole operation (the compiled bundle over the changed catalogue's data). */
export function evaluator(opts: { operation: Operation; catalogue: Catalogue; base?: Catalogue; policies: CompiledPolicies; waivers: Waiver[]; now: Date; timeoutMs?: number }): Evaluator {
  const engine = PolicyEngine.fromWasm(opts.policies.wasm, buildPolicyData(opts.catalogue), { timeoutMs: opts.timeoutMs });
  return {
    decide: (stack, view) =>
      decideGate(
        {
          engine,
          catalogue: opts.catalogue,
          waivers: opts.waivers,
          now: opts.now,
          operation: opts.operation,
          customer: stack.customer,
          service: stack.service,
          lifecycle: lifecycleFacts(opts.operation, opts.catalogue, stack.customer, stack.service, opts.base),
          synthFile: stack.file,
        },
        view,
      ),
    close: () => engine.close(),
  };
}
