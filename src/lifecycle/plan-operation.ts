import * as fs from 'fs';
import * as path from 'path';
import type { Catalogue } from '../model/types';
import type { Operation } from '../policy/input';
import type { TerminateStep } from '../../stacks/terminate';
import type { CompiledPolicies } from '../check/run-check';
import type { Waiver } from '../check/waivers';
import { fileStamp, mapBounded, planStack, type PlanOutcome } from '../terraform/plan';
import type { TfJson } from '../view/from-synth';
import type { PlanJson } from '../view/from-plan';
import type { ResourceView } from '../view/resource';
import { decisionsHash, gatePassed, type GateDecision } from './gates';
import { baseTenancies, evaluator, planView, readJson, synthView } from './evaluate';
import { operationCustomers, operationStackName, synthesizeOperation, type OperationStack } from './targets';
import { capacityOverrun, ledgerNote, ledgerView } from '../check/capacity-first';
import { buildLedger } from '../policy/data';
import { onboardStackName } from '../../stacks/onboard';
import { summaryMarkdown, type OperationSummary } from './summary';
import { retireReport, retireReportMarkdown } from './retire-report';
import { reviewDocuments, stackSummary } from './review';
import { PLAN_RECORD_SCHEMA, json, sha256File, sidecar, writeNew, type PlanRecord } from './record';
import { throwIfInterrupted, withSignalsHeld } from '../terraform/interrupt';
import { writeNewUnique } from '../files/write-atomic';

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
  /** The project's state folder (`.csm/state`), whatever `outdir` is. */
  stateDir: string;
  now: Date;
  timeoutMs?: number;
  log?: (line: string) => void;
  /**
   * The customers whose stacks to plan, when not every one the operation concerns: a fleet run names each
   * customer of its shard (a customer operation then plans one stack per customer, each its own target), and
   * a retire's shard its share of the subscribers.
   */
  customers?: string[];
  /** Stacks planned at once (default 1): Terraform runs in parallel, the gates one evaluation at a time. */
  concurrency?: number;
  /** Write a retire's operation-wide report (default true; a fleet run writes it in one shard only). */
  retireReport?: boolean;
}

export interface StackPlan {
  stack: string;
  /** The customer (or, for retire, the service) the stack's record names as its target. */
  target: string;
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
export function planOperation(o: PlanOperationOptions): Promise<OperationPlan> {
  return withSignalsHeld(() => planOperationHeld(o));
}

async function planOperationHeld(o: PlanOperationOptions): Promise<OperationPlan> {
  const log = o.log ?? (() => undefined);
  const service = o.operation === 'retire' ? o.target : null;
  const customers = o.customers ?? operationCustomers(o.operation, o.target, o.catalogue, o.base?.catalogue);
  // A customer operation names each customer as its own target; a retire names its service.
  const targetOf = (customer: string) => service ?? (o.customers ? customer : o.target);
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
    results.push(
      ...(await mapBounded(stacks, o.concurrency ?? 1, async (stack) => {
        throwIfInterrupted();
        return planOne(stack, before);
      })),
    );
    if (o.operation === 'retire' && o.retireReport !== false) {
      const dir = path.join(o.outdir, 'retire', o.target);
      const stamp = fileStamp(o.now);
      if (!(o.customers ? operationCustomers(o.operation, o.target, o.catalogue, o.base?.catalogue) : customers).length) {
        // Nobody subscribes any more, nor did at the base: nothing to plan, but the gate still decides.
        const decision = await evaluate.decide({ name: `retire-${o.target}`, customer: null, service: o.target, file: '' }, { gate: 'synth', stack: `retire-${o.target}`, resources: [], removals: [] });
        reports.push(writeNew(path.join(dir, `${stamp}.decisions.json`), json([decision])));
        results.push({ stack: `retire-${o.target}`, target: o.target, passed: gatePassed(decision), decisions: [decision], files: [], summary: summaryOf(null, [decision]) });
      }
      const report = retireReport(o.target, o.catalogue, o.base?.catalogue);
      reports.push(writeNewUnique(path.join(dir, stamp), '.report.json', json(report)), writeNewUnique(path.join(dir, stamp), '.report.md', retireReportMarkdown(report)));
    }
  } finally {
    await evaluate.close();
  }
  return { stacks: results, reports, passed: results.every((r) => r.passed) };

  function summaryOf(stack: OperationStack | null, decisions: GateDecision[]): OperationSummary {
    return stackSummary({ operation: o.operation, target: stack ? targetOf(stack.customer) : o.target, stack, catalogue: o.catalogue, base: o.base?.catalogue, decisions });
  }

  async function decideOnLedger(customer: string, overrun: string[]): Promise<StackPlan | undefined> {
    const name = operationStackName(o.operation, customer, step ?? undefined);
    const stack: OperationStack = { name, customer, service, dir: '', file: '', destroy: false, stateOf: onboardStackName(customer), handedOver: [] };
    const decision = await evaluate.decide(stack, ledgerView(name));
    if (decision.status !== 'failed') return undefined;
    log(`${name} [synth]: failed, on the ledger`);
    const summary = summaryOf(stack, [decision]);
    // No plan, so no record to apply; the decisions and summary are written where the plan would be, for review.
    const plans = path.join(o.outdir, 'stacks', name, 'plans');
    const stamp = freeStamp(plans, fileStamp(o.now), ['.decisions.json', '.summary.json', '.summary.md']);
    const files = [
      writeNew(path.join(plans, `${stamp}.decisions.json`), json([decision])),
      writeNew(path.join(plans, `${stamp}.summary.json`), json(summary)),
      writeNew(path.join(plans, `${stamp}.summary.md`), summaryMarkdown(summary, [decision])),
    ];
    return { stack: name, target: targetOf(customer), passed: false, decisions: [decision], files, summary, note: ledgerNote(overrun) };
  }

  async function planOne(stack: OperationStack, before: Map<string, TfJson>): Promise<StackPlan> {
    const synthJson = readJson<TfJson>(stack.file);
    const synthDecision = await evaluate.decide(stack, synthView(stack, synthJson, before.get(stack.customer)));
    log(`${stack.name} [synth]: ${synthDecision.status}`);
    const outcome = await planStack(stack.dir, { offline, stateDir: o.stateDir, destroy: stack.destroy, stamp: fileStamp(o.now) });
    if (!outcome.ok) {
      const planDecision: GateDecision = { gate: 'plan', status: 'error', inputSha256: '', deny: [], warn: [], waived: [], locations: {}, error: outcome.error };
      log(`${stack.name} [plan]: ${planDecision.status}`);
      const decisions = [synthDecision, planDecision];
      return { stack: stack.name, target: targetOf(stack.customer), passed: false, summary: summaryOf(stack, decisions), decisions, outcome, files: [] };
    }
    const plan = readJson<PlanJson>(outcome.planJsonFile!);
    const view: ResourceView = planView(stack, synthJson, plan);
    const planDecision = await evaluate.decide(stack, view);
    log(`${stack.name} [plan]: ${planDecision.status}`);
    const decisions = [synthDecision, planDecision];
    const passed = decisions.every(gatePassed);
    const review = { operation: o.operation, target: targetOf(stack.customer), stack, catalogue: o.catalogue, base: o.base?.catalogue, synthJson, plan, view, decisions };
    const documents: Record<string, string> = { '.decisions.json': json(decisions), ...reviewDocuments(review) };

    const planFile = outcome.planFile!;
    const files = [planFile, outcome.planJsonFile!];
    const artefacts: Record<string, string> = {};
    for (const [suffix, text] of Object.entries(documents)) {
      const file = writeNew(sidecar(planFile, suffix), text);
      files.push(file);
      artefacts[path.basename(file)] = sha256File(file);
    }
    const record: PlanRecord = {
      schema: PLAN_RECORD_SCHEMA,
      createdAt: new Date().toISOString(),
      operation: o.operation,
      target: targetOf(stack.customer),
      stack: stack.name,
      customer: stack.customer,
      service,
      step,
      destroy: stack.destroy,
      // Where the plan was made, for people: csm apply uses the project's own catalogue and policies.
      catalogue: path.relative(path.dirname(planFile), path.resolve(o.catalogue.root)),
      policies: path.relative(path.dirname(planFile), path.resolve(o.policiesDir)),
      outdir: path.relative(path.dirname(planFile), path.resolve(o.outdir)),
      base: o.base ? { ref: o.base.ref, commit: o.base.commit } : null,
      now: o.now.toISOString(),
      plan: { file: path.basename(planFile), sha256: sha256File(planFile), json: path.basename(outcome.planJsonFile!), jsonSha256: sha256File(outcome.planJsonFile!) },
      stackSha256: sha256File(stack.file),
      policyBundle: o.policies.hash,
      decisions: { file: path.basename(sidecar(planFile, '.decisions.json')), sha256: decisionsHash(decisions) },
      artefacts,
      gate: { synth: synthDecision.status, plan: planDecision.status, passed },
    };
    const recordFile = writeNew(sidecar(planFile, '.record.json'), json(record));
    files.push(recordFile);
    // The summary of the plan itself (what the review documents say), so the line printed counts its actions.
    return { stack: stack.name, target: targetOf(stack.customer), passed, summary: stackSummary(review), decisions, outcome, recordFile, files };
  }
}

/** `stamp`, or `stamp-2`, `-3`...: the first for which none of the files with these suffixes exists in `dir`. */
function freeStamp(dir: string, stamp: string, suffixes: string[]): string {
  for (let n = 1; ; n++) {
    const candidate = `${stamp}${n === 1 ? '' : `-${n}`}`;
    if (!suffixes.some((s) => fs.existsSync(path.join(dir, `${candidate}${s}`)))) return candidate;
  }
}
