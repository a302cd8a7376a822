import * as fs from 'fs';
import * as path from 'path';
import type { Catalogue } from '../model/types';
import type { Operation } from '../policy/input';
import type { TerminateStep } from '../../stacks/terminate';
import type { CompiledPolicies } from '../check/run-check';
import type { Waiver } from '../check/waivers';
import { fileStamp, planStack, type PlanOutcome } from '../terraform/plan';
import type { TfJson } from '../view/from-synth';
import type { PlanJson } from '../view/from-plan';
import type { ResourceView } from '../view/resource';
import { decisionsHash, gatePassed, type GateDecision } from './gates';
import { baseTenancies, evaluator, planView, readJson, synthView } from './evaluate';
import { operationCustomers, operationStackName, synthesizeOperation, type OperationStack } from './targets';
import { capacityOverrun, ledgerNote, ledgerView } from '../check/capacity-first';
import { buildLedger } from '../policy/data';
import { onboardStackName } from '../../stacks/onboard';
import { costProfile } from './facts';
import { operationSummary, summaryMarkdown, type OperationSummary } from './summary';
import { exitPlan, exitPlanMarkdown } from './exit-plan';
import { retireReport, retireReportMarkdown } from './retire-report';
import { json, sha256File, sidecar, writeNew, type PlanRecord } from './record';

export interface PlanOperationOptions {
  operation: Operation;
  target: string;
  /** The step of a terminate (default: destroy). */
  step?: TerminateStep;
  catalogue: Catalogue;
  /** The revision the change is reviewed against (cost profile before, synth-gate actions). */
  base: { ref: string; commit: string; catalogue: Catalogue | undefined } | null;
  policies: CompiledPolicies;
  policiesDir: string;
  waivers: Waiver[];
  outdir: string;
  now: Date;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface StackPlan {
  stack: string;
  passed: boolean;
  summary: OperationSummary;
  decisions: GateDecision[];
  outcome?: PlanOutcome;
  recordFile?: string;
  files: string[];
  /** How the decision was reached when not the usual way (capacity decided on the ledger alone). */
  note?: string;
}

export interface OperationPlan {
  stacks: StackPlan[];
  /** Operation-wide reports (retire). */
  reports: string[];
  passed: boolean;
}

/**
 * `csm plan <operation>`: synthesizes the operation's stacks, evaluates the synth gate, runs the real
 * `terraform plan` against each stack's existing state (destroy mode for terminate), evaluates the plan gate,
 * and writes beside each plan: its decisions, a summary (Markdown + JSON), an exit plan (transfer,
 * terminate) and the plan record `csm apply` checks. Nothing existing is overwritten.
 */
export async function planOperation(o: PlanOperationOptions): Promise<OperationPlan> {
  const log = o.log ?? (() => undefined);
  const service = o.operation === 'retire' ? o.target : null;
  const customers = operationCustomers(o.operation, o.target, o.catalogue, o.base?.catalogue);
  const step = o.operation === 'terminate' ? o.step ?? 'destroy' : null;
  const evaluate = evaluator({ ...o, base: o.base?.catalogue });
  const offline = o.catalogue.provider.aws.offline !== false;
  const results: StackPlan[] = [];
  const reports: string[] = [];
  try {
    // Capacity first (check/capacity-first.ts): a customer past its capacity, denied on the ledger alone, is
    // neither synthesized nor planned: nothing the size of its quantity is built.
    const ledger = buildLedger(o.catalogue);
    const build: string[] = [];
    for (const customer of customers) {
      const overrun = capacityOverrun(ledger, customer);
      const denied = overrun.length ? await decideOnLedger(customer, overrun) : undefined;
      if (denied) results.push(denied);
      else build.push(customer);
    }
    const stacks = synthesizeOperation(o.operation, build, o.catalogue, o.outdir, { service, step: step ?? undefined });
    const before = baseTenancies(o.base?.catalogue, build);
    for (const stack of stacks) results.push(await planOne(stack, before));
    if (o.operation === 'retire') {
      const dir = path.join(o.outdir, 'retire', o.target);
      const stamp = fileStamp(o.now);
      if (!customers.length) {
        // Nobody subscribes any more, nor did at the base: nothing to plan, but the gate still decides.
        const decision = await evaluate.decide({ name: `retire-${o.target}`, customer: null, service: o.target, file: '' }, { gate: 'synth', stack: `retire-${o.target}`, resources: [], removals: [] });
        reports.push(writeNew(path.join(dir, `${stamp}.decisions.json`), json([decision])));
        results.push({ stack: `retire-${o.target}`, passed: gatePassed(decision), decisions: [decision], files: [], summary: summaryOf(null, [decision], undefined, undefined, gatePassed(decision)) });
      }
      const report = retireReport(o.target, o.catalogue, o.base?.catalogue);
      reports.push(writeUnique(dir, stamp, '.report.json', json(report)), writeUnique(dir, stamp, '.report.md', retireReportMarkdown(report)));
    }
  } finally {
    await evaluate.close();
  }
  return { stacks: results, reports, passed: results.every((r) => r.passed) };

  function summaryOf(stack: OperationStack | null, decisions: GateDecision[], outcome: PlanOutcome | undefined, view: ResourceView | undefined, passed: boolean): OperationSummary {
    return operationSummary({
      operation: o.operation,
      stack: stack?.name ?? `retire-${o.target}`,
      customer: stack?.customer ?? null,
      service,
      destroy: stack?.destroy ?? false,
      plan: outcome?.summary,
      view,
      cost: stack ? costProfile(stack.customer, o.catalogue, o.base?.catalogue) : null,
      decisions,
      passed,
      catalogue: o.catalogue,
    });
  }

  async function decideOnLedger(customer: string, overrun: string[]): Promise<StackPlan | undefined> {
    const name = operationStackName(o.operation, customer, step ?? undefined);
    const stack: OperationStack = { name, customer, service, dir: '', file: '', destroy: false, stateOf: onboardStackName(customer), handedOver: [] };
    const decision = await evaluate.decide(stack, ledgerView(name));
    if (decision.status !== 'failed') return undefined;
    log(`${name} [synth]: failed, on the ledger`);
    const summary = summaryOf(stack, [decision], undefined, undefined, false);
    // No plan, so no record to apply; the decisions and summary are written where the plan would be, for review.
    const plans = path.join(o.outdir, 'stacks', name, 'plans');
    const stamp = freeStamp(plans, fileStamp(o.now), ['.decisions.json', '.summary.json', '.summary.md']);
    const files = [
      writeNew(path.join(plans, `${stamp}.decisions.json`), json([decision])),
      writeNew(path.join(plans, `${stamp}.summary.json`), json(summary)),
      writeNew(path.join(plans, `${stamp}.summary.md`), summaryMarkdown(summary, [decision])),
    ];
    return { stack: name, passed: false, decisions: [decision], files, summary, note: ledgerNote(overrun) };
  }

  async function planOne(stack: OperationStack, before: Map<string, TfJson>): Promise<StackPlan> {
    const synthJson = readJson<TfJson>(stack.file);
    const synthDecision = await evaluate.decide(stack, synthView(stack, synthJson, before.get(stack.customer)));
    log(`${stack.name} [synth]: ${synthDecision.status}`);
    const outcome = await planStack(stack.dir, { offline, destroy: stack.destroy, stamp: fileStamp(o.now) });
    let planDecision: GateDecision;
    let view: ResourceView | undefined;
    if (outcome.ok) {
      view = planView(stack, synthJson, readJson<PlanJson>(outcome.planJsonFile!));
      planDecision = await evaluate.decide(stack, view);
    } else {
      planDecision = { gate: 'plan', status: 'error', inputSha256: '', deny: [], warn: [], waived: [], locations: {}, error: outcome.error };
    }
    log(`${stack.name} [plan]: ${planDecision.status}`);
    const decisions = [synthDecision, planDecision];
    const passed = decisions.every(gatePassed);
    const summary = summaryOf(stack, decisions, outcome, view, passed);
    if (!outcome.ok) return { stack: stack.name, passed, summary, decisions, outcome, files: [] };

    const planFile = outcome.planFile!;
    const files = [planFile, outcome.planJsonFile!];
    const decisionsFile = writeNew(sidecar(planFile, '.decisions.json'), json(decisions));
    files.push(decisionsFile, writeNew(sidecar(planFile, '.summary.json'), json(summary)), writeNew(sidecar(planFile, '.summary.md'), summaryMarkdown(summary, decisions)));
    if (o.operation === 'transfer' || o.operation === 'terminate') {
      const customer = o.catalogue.customers.get(stack.customer)!;
      const plan = exitPlan(customer, o.operation === 'transfer' ? 'transfer' : 'termination', synthView({ ...stack, destroy: false }, synthJson, undefined));
      files.push(writeNew(sidecar(planFile, '.exit-plan.json'), json(plan)), writeNew(sidecar(planFile, '.exit-plan.md'), exitPlanMarkdown(plan)));
    }
    const record: PlanRecord = {
      schema: 'csm-plan-record/1',
      createdAt: new Date().toISOString(),
      operation: o.operation,
      target: o.target,
      stack: stack.name,
      customer: stack.customer,
      service,
      step,
      destroy: stack.destroy,
      // Paths relative to the record: the project can move (a CI workspace) with its plans.
      catalogue: path.relative(path.dirname(planFile), path.resolve(o.catalogue.root)),
      policies: path.relative(path.dirname(planFile), path.resolve(o.policiesDir)),
      outdir: path.relative(path.dirname(planFile), path.resolve(o.outdir)),
      base: o.base ? { ref: o.base.ref, commit: o.base.commit } : null,
      now: o.now.toISOString(),
      plan: { file: path.basename(planFile), sha256: sha256File(planFile), json: path.basename(outcome.planJsonFile!), jsonSha256: sha256File(outcome.planJsonFile!) },
      stackSha256: sha256File(stack.file),
      policyBundle: o.policies.hash,
      decisions: { file: path.basename(decisionsFile), sha256: decisionsHash(decisions) },
      gate: { synth: synthDecision.status, plan: planDecision.status, passed },
    };
    const recordFile = writeNew(sidecar(planFile, '.record.json'), json(record));
    files.push(recordFile);
    return { stack: stack.name, passed, summary, decisions, outcome, recordFile, files };
  }
}

/** `stamp`, or `stamp-2`, `-3`...: the first for which none of the files with these suffixes exists in `dir`. */
function freeStamp(dir: string, stamp: string, suffixes: string[]): string {
  for (let n = 1; ; n++) {
    const candidate = `${stamp}${n === 1 ? '' : `-${n}`}`;
    if (!suffixes.some((s) => fs.existsSync(path.join(dir, `${candidate}${s}`)))) return candidate;
  }
}

function writeUnique(dir: string, stamp: string, suffix: string, text: string): string {
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${stamp}${n === 1 ? '' : `-${n}`}${suffix}`);
    if (!fs.existsSync(file)) return writeNew(file, text);
  }
}
