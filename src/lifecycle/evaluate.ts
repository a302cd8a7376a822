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

/** The plan-gate view of an operation's stack (construct paths from its cdk.tf.json). */
export function planView(stack: OperationStack, json: TfJson, plan: PlanJson): ResourceView {
  return viewFromPlan(stack.name, plan, constructPaths(json));
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
