import * as fs from 'fs';
import * as path from 'path';
import { planOperation, type PlanOperationOptions, type StackPlan } from '../lifecycle/plan-operation';
import { sha256File } from '../lifecycle/record';
import { gitRevision } from '../git/revision';
import type { PlanJson } from '../view/from-plan';
import { driftOf } from './drift';
import { shareOf, tenancyOf, fleetOf, retireKey, type WorkItem } from './work';
import { shardOf, type Shard } from './shard';
import {
  RUN_RECORD_SCHEMA,
  decisionsOf,
  fleetOfTenancies,
  gatesOf,
  inputsDigest,
  recordClauses,
  runSummary,
  shardLabel,
  writeRunRecord,
  waiversAppliedOf,
  type RunRecord,
  type RunStack,
} from './run-record';

export interface FleetOptions extends Pick<PlanOperationOptions, 'catalogue' | 'base' | 'policies' | 'policiesDir' | 'waivers' | 'outdir' | 'stateDir' | 'now' | 'timeoutMs'> {
  kind: 'plan' | 'drift';
  /** The whole run's work, before sharding: every shard computes the same list and plans its share. */
  items: WorkItem[];
  shard?: Shard;
  concurrency: number;
  /** The run record goes here (none when undefined). */
  evidenceDir?: string;
  /** sha256 of every input file, as the record lists them. */
  inputs: Record<string, string>;
  command: string[];
  log: (line: string) => void;
  /** Each stack as it completes. */
  onStack?: (stack: RunStack, done: number) => void;
}

export interface FleetResult {
  record: RunRecord;
  file?: string;
  plans: StackPlan[];
  /** Operation-wide reports (retire). */
  reports: string[];
}

const zero = (s: StackPlan) => Object.values(s.summary.counts).every((n) => n === 0);

/**
 * Plans a run's share: the items of this shard, grouped by operation so that the stacks of one operation plan
 * in parallel (up to `concurrency`) under one policy engine, each gated at synth and plan with its files and
 * plan record as `csm plan` writes them; then the run record, which names every stack once.
 */
export async function runFleet(o: FleetOptions): Promise<FleetResult> {
  const createdAt = new Date().toISOString();
  const mine = shareOf(o.items, o.shard);
  const plans: Array<{ plan: StackPlan; item: WorkItem; step: string | null }> = [];
  const reports: string[] = [];
  let done = 0;
  const stacks: RunStack[] = [];
  const collect = (plan: StackPlan, item: WorkItem, step: string | null) => {
    plans.push({ plan, item, step });
    const stack = runStack(plan, item, step);
    stacks.push(stack);
    o.onStack?.(stack, ++done);
  };

  const plan = (item: WorkItem, customers: string[], step?: 'unprotect' | 'destroy') =>
    planOperation({
      operation: item.operation,
      target: item.target,
      step,
      customers,
      catalogue: o.catalogue,
      base: o.base,
      policies: o.policies,
      policiesDir: o.policiesDir,
      waivers: o.waivers,
      outdir: o.outdir,
      stateDir: o.stateDir,
      now: o.now,
      timeoutMs: o.timeoutMs,
      concurrency: o.concurrency,
      retireReport: item.operation === 'retire' && (!o.shard || shardOf(retireKey(item.target), o.shard.count) === o.shard.index),
      log: o.log,
    });

  for (const group of groups(mine)) {
    const [first] = group;
    const customers = group.flatMap((i) => i.customers);
    const byCustomer = new Map(group.flatMap((i) => i.customers.map((c) => [c, i] as const)));
    if (first.operation === 'terminate' && first.step === 'auto') {
      // The step the state needs: unprotect while a protection is on; once its plan is empty, the destroy.
      const unprotect = await plan(first, customers, 'unprotect');
      const lifted = unprotect.stacks.filter((s) => s.passed && zero(s));
      for (const s of unprotect.stacks.filter((x) => !lifted.includes(x))) collect(s, byCustomer.get(s.summary.customer!)!, 'unprotect');
      if (lifted.length) {
        o.log(`nothing left to lift for ${lifted.map((s) => s.summary.customer).join(', ')}: planning the destroy step`);
        const destroy = await plan(first, lifted.map((s) => s.summary.customer!), 'destroy');
        for (const s of destroy.stacks) collect(s, byCustomer.get(s.summary.customer!)!, 'destroy');
      }
      continue;
    }
    const step = first.operation === 'terminate' ? ((first.step as 'unprotect' | 'destroy' | undefined) ?? 'destroy') : undefined;
    const result = await plan(first, customers, step);
    reports.push(...result.reports);
    for (const s of result.stacks) collect(s, (s.summary.customer && byCustomer.get(s.summary.customer)) || first, step ?? null);
  }

  stacks.sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
  const decisions = plans
    .sort((a, b) => (a.plan.stack < b.plan.stack ? -1 : 1))
    .flatMap(({ plan: p, item }) => decisionsOf(stacks.find((s) => s.stack === p.stack)!, item.operation, p.summary.customer, p.decisions));
  const record: RunRecord = {
    schema: RUN_RECORD_SCHEMA,
    kind: o.kind,
    createdAt,
    tool: { name: 'csm', version: '0.1.0' },
    revision: gitRevision(o.catalogue.root),
    command: o.command,
    evaluationTime: o.now.toISOString(),
    base: o.base ? { ref: o.base.ref, commit: o.base.commit } : null,
    inputs: o.inputs,
    inputsSha256: inputsDigest(o.inputs),
    policyBundle: { hash: o.policies.hash, sources: o.policies.sources },
    fleet: fleetOfTenancies(fleetOf(o.items)),
    shard: o.shard ? { index: o.shard.index, count: o.shard.count } : null,
    stacks,
    decisions,
    waiversApplied: plans.flatMap(({ plan: p }) => waiversAppliedOf(p.stack, p.decisions)),
    clauses: [],
    scenarios: [],
    summary: runSummary(stacks),
  };
  Object.assign(record, recordClauses(record, o.policies.rules.flatMap((r) => r.clauses)));
  const file = o.evidenceDir ? writeRunRecord(o.evidenceDir, record) : undefined;
  return { record, file, plans: plans.map((p) => p.plan), reports };

  function runStack(p: StackPlan, item: WorkItem, step: string | null): RunStack {
    const customer = p.summary.customer;
    const rel = (file: string | undefined) => (file && o.evidenceDir ? { file: path.relative(o.evidenceDir, file), sha256: sha256File(file) } : null);
    const counts = p.outcome?.ok ? p.summary.counts : null;
    const stack: RunStack = {
      stack: p.stack,
      tenancy: customer ? tenancyOf(customer) : null,
      operation: item.operation,
      target: p.target,
      customer,
      step,
      shard: shardLabel(o.shard),
      reason: item.reason,
      passed: p.passed,
      gates: gatesOf(p.decisions),
      counts,
      planRecord: rel(p.recordFile),
      summary: rel(p.files.find((f) => f.endsWith('.summary.md'))),
      seconds: p.outcome?.seconds ?? 0,
      error: p.outcome && !p.outcome.ok ? p.outcome.error ?? 'the plan failed' : null,
    };
    if (o.kind === 'drift') {
      const json = p.outcome?.planJsonFile && fs.existsSync(p.outcome.planJsonFile) ? (JSON.parse(fs.readFileSync(p.outcome.planJsonFile, 'utf8')) as PlanJson) : undefined;
      stack.drift = driftOf(json, counts);
    }
    return stack;
  }
}

/** Items that plan together: a customer operation's items with the same step form one group; a retire is its own. */
function groups(items: WorkItem[]): WorkItem[][] {
  const out = new Map<string, WorkItem[]>();
  for (const item of items) {
    const key = item.operation === 'retire' ? `retire:${item.target}` : `${item.operation}:${item.step ?? ''}`;
    out.set(key, [...(out.get(key) ?? []), item]);
  }
  return [...out.values()];
}
