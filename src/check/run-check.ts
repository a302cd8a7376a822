import * as fs from 'fs';
import * as path from 'path';
import type { Catalogue } from '../model/types';
import { synthesize, type SynthesizedStack } from '../synth/synthesize';
import { baseTenancies, readJson } from '../synth/base-tenancies';
import { viewFromSynth, constructPaths, type TfJson } from '../view/from-synth';
import { viewFromPlan, type PlanJson } from '../view/from-plan';
import type { Gate, ResourceView } from '../view/resource';
import { planStack, STATE_DIR } from '../terraform/plan';
import { PolicyEngine } from '../policy/engine';
import { buildPolicyData } from '../policy/data';
import type { GateOperation, Operation } from '../policy/input';
import type { Waiver } from './waivers';
import { decide } from './decide';
import { capacityOverrun, ledgerNote, ledgerView } from './capacity-first';
import { onboardStackName } from '../../stacks/onboard';
import { summarize, type CheckReport, type RuleInfo, type StackResult } from './report';
import { checkPlanFile, planStackNames, type EvaluatePlan, type PlanFileOptions } from './plan-files';

/** A compiled policy bundle, however it was built (see `csm policy build`). */
export interface CompiledPolicies {
  wasm: Uint8Array;
  hash: string;
  sources: Record<string, string>;
  rules: RuleInfo[];
}

export interface CheckOptions extends PlanFileOptions {
  catalogue: Catalogue;
  policies: CompiledPolicies;
  waivers: Waiver[];
  outdir: string;
  customers: string[];
  gates: Gate[];
  /** Existing plan JSON files (`terraform show -json`) to evaluate at the plan gate as they are. */
  planJsonFiles?: string[];
  /** The base revision's catalogue, for synth-gate actions (what the change adds, alters, removes). */
  baseCatalogue?: Catalogue;
  now: Date;
  operation?: Operation;
  timeoutMs?: number;
  onStack?: (result: StackResult, index: number, total: number) => void;
  /** Filled with sha256 of each evaluated input, keyed `<stack>/<gate>` (for the evidence record). */
  inputHashes?: Record<string, string>;
  /** The project's state folder the plan gate plans against (default `.csm/state`). */
  stateDir?: string;
  /** Filled with sha256 of each plan JSON file read, keyed by its path (for the evidence record). */
  planHashes?: Record<string, string>;
  /** Seconds spent synthesizing and evaluating, for the benchmark. */
  timings?: { synth: number; plan: number; policy: number; policyLoad?: number };
}

export { catalogueAtRevision } from '../git/catalogue-at-revision';

/**
 * Synthesizes and evaluates the given customers' stacks at the requested gates. A policy that cannot decide
 * (load error, trap, timeout, wrong shape) makes that stack's result an `error`, which counts as a failure.
 */
export async function runCheck(opts: CheckOptions): Promise<CheckReport> {
  // The run's own time is the clock's; `now` is only the evaluation time the policies see (a replay sets it).
  const startedAt = new Date().toISOString();
  const timings = opts.timings ?? { synth: 0, plan: 0, policy: 0 };
  const operation = opts.operation ?? 'onboard';
  let t = process.hrtime.bigint();
  const lap = () => {
    const now = process.hrtime.bigint();
    const s = Number(now - t) / 1e9;
    t = now;
    return s;
  };

  const data = buildPolicyData(opts.catalogue);
  const engine = PolicyEngine.fromWasm(opts.policies.wasm, data, { timeoutMs: opts.timeoutMs });
  await engine.whenReady();
  timings.policyLoad = (timings.policyLoad ?? 0) + lap();
  const results: StackResult[] = [];
  try {
    // Capacity first (capacity-first.ts): a customer the ledger shows past its capacity is decided on the
    // ledger alone when the policies deny it there, and never built.
    const build: string[] = [];
    for (const customer of opts.customers) {
      const overrun = capacityOverrun(data.csm.ledger, customer);
      if (overrun.length) {
        const stack = { name: onboardStackName(customer), customer, file: '' };
        const result = await evaluate(engine, opts, stack, ledgerView(stack.name), operation, Date.now());
        if (result.status === 'failed') {
          results.push({ ...result, note: ledgerNote(overrun) });
          opts.onStack?.(results[results.length - 1], results.length, opts.customers.length * opts.gates.length);
          continue;
        }
      }
      build.push(customer);
    }
    lap();
    const stacks = build.length ? synthesize(opts.catalogue, { outdir: opts.outdir, customers: build }) : [];
    const previous = baseTenancies(opts.baseCatalogue, build);
    timings.synth += lap();
    const total = results.length + stacks.length * opts.gates.length;
    for (const stack of stacks) {
      const synthJson = readJson<TfJson>(stack.file);
      for (const gate of opts.gates) {
        const started = Date.now();
        let view: ResourceView | undefined;
        let planError: string | undefined;
        if (gate === 'synth') view = viewFromSynth(stack.name, synthJson, previous.get(stack.customer));
        else {
          lap();
          const plan = await planStack(stack.dir, { offline: opts.catalogue.provider.aws.offline !== false, stateDir: opts.stateDir ?? STATE_DIR });
          timings.plan += lap();
          if (plan.ok) view = viewFromPlan(stack.name, readJson<PlanJson>(plan.planJsonFile!), constructPaths(synthJson));
          else planError = plan.error;
        }
        const result = view
          ? await evaluate(engine, opts, stack, view, operation, started)
          : ({ stack: stack.name, customer: stack.customer, gate, operation, status: 'error', findings: [], error: planError, seconds: (Date.now() - started) / 1000 } as StackResult);
        results.push(result);
        opts.onStack?.(result, results.length, total);
      }
    }
    const names = planStackNames(opts.planJsonFiles ?? [], opts.cwd);
    for (const [i, file] of (opts.planJsonFiles ?? []).entries()) {
      const evaluatePlan: EvaluatePlan = (stack, view, operation) => evaluate(engine, opts, stack, view, operation, Date.now());
      const result = await checkPlanFile(file, names[i], evaluatePlan, opts, (hash) => opts.planHashes && (opts.planHashes[file] = hash));
      results.push(result);
      opts.onStack?.(result, results.length, total + names.length);
    }
  } finally {
    await engine.close();
  }
  return {
    tool: { name: 'csm', version: '0.1.0' },
    startedAt,
    revision: null,
    results,
    rules: opts.policies.rules,
    summary: summarize(results),
  };

  async function evaluate(engine: PolicyEngine, o: CheckOptions, stack: Pick<SynthesizedStack, 'name' | 'file'> & { customer: string | null }, view: ResourceView, op: GateOperation, started: number): Promise<StackResult> {
    lap();
    const outcome = await decide({ engine, catalogue: o.catalogue, waivers: o.waivers, now: o.now, operation: op, stack: stack.name, customer: stack.customer, synthFile: stack.file }, view);
    timings.policy += lap();
    if (o.inputHashes) o.inputHashes[`${stack.name}/${view.gate}`] = outcome.inputSha256;
    const { status, findings, error } = outcome;
    return { stack: stack.name, customer: stack.customer, gate: view.gate, operation: op, status, findings, ...(error ? { error } : {}), seconds: (Date.now() - started) / 1000 };
  }
}

