import * as fs from 'fs';
import * as path from 'path';
import type { Catalogue } from '../model/types';
import type { CompiledPolicies } from '../check/run-check';
import type { Waiver } from '../check/waivers';
import { sha256 } from '../policy/sources';
import { terraform, terraformEnv } from '../terraform/runner';
import { pluginCacheDir, pluginCacheEnv, withInitLock } from '../terraform/plugin-cache';
import { InterruptedError, holdSignals, interruption } from '../terraform/interrupt';
import { PolicyFailure } from '../policy/finding';
import { InputError } from '../model/errors';
import type { TfJson } from '../view/from-synth';
import type { PlanJson } from '../view/from-plan';
import { lockStacks, StackLockedError, type StackLocks } from '../files/stack-lock';
import { onboardStackName } from '../../stacks/onboard';
import { makeTempDir, removeTempDir } from '../util/temp-dir';
import { isAncestorOfHead } from '../git/revision';
import { decisionsHash, gatePassed, type GateDecision } from './gates';
import { baseTenancies, evaluator, planView, synthView } from './evaluate';
import { PLAN_OPERATIONS, synthesizeOperation, type OperationStack } from './targets';
import { reviewDocuments } from './review';
import { sidecar, type PlanRecord } from './record';
import { PlanRecordError, copyReviewed, type ReviewedCopy } from './reviewed-copy';
import { bindingProblems } from './plan-binding';
import { ApplyJournal, type ApplyStatus } from './apply-evidence';

export interface ApplyContext {
  /** The project's catalogue and policies, as they are now: never the folders a record names. */
  catalogue: Catalogue;
  /** Compiled inside the apply, so a policy that does not compile is a recorded refusal too. */
  policies: () => Promise<CompiledPolicies>;
  /** The waivers, checked against the rule ids of the policies compiled. */
  waivers: (ruleIds: string[]) => Waiver[];
  /** The base revision's catalogue, by commit (the record pins the commit the plan was reviewed against). */
  baseAt: (commit: string) => Catalogue | undefined;
  evidenceDir: string;
  /** The project's folder (locks) and its state folder (where a local state must be). */
  projectDir: string;
  stateDir: string;
  command: string;
  timeoutMs?: number;
}

export interface ApplyOutcome {
  status: Exclude<ApplyStatus, 'started'>;
  reasons: string[];
  evidence: string;
  record?: PlanRecord;
  exitCode?: number;
  /** The record could not be read at all (exit 2). */
  badInput?: boolean;
}

const canonical = (text: string) => JSON.stringify(JSON.parse(text));

/** The operation and target a record names must be ones csm knows: they name the stack, the lock, the synth. */
function targetProblems(record: PlanRecord, catalogue: Catalogue): string[] {
  if (!Object.prototype.hasOwnProperty.call(PLAN_OPERATIONS, record.operation)) return [`the record's operation ${JSON.stringify(record.operation)} is not one csm plans`];
  if (typeof record.customer !== 'string' || !catalogue.customers.has(record.customer)) return [`the record's customer ${JSON.stringify(record.customer)} is not in the catalogue`];
  if (record.service !== null && (typeof record.service !== 'string' || !catalogue.services.has(record.service))) return [`the record's service ${JSON.stringify(record.service)} is not in the catalogue`];
  return [];
}

/** A base commit the record names must be a full commit id in the history of the revision applied. */
function baseProblems(record: PlanRecord, catalogueRoot: string): string[] {
  if (!record.base) return [];
  if (!/^[0-9a-f]{40}$/.test(String(record.base.commit))) return [`the record's base commit ${JSON.stringify(record.base.commit)} is not a commit id`];
  if (isAncestorOfHead(record.base.commit, catalogueRoot)) return [];
  return [`the plan was reviewed against ${record.base.commit.slice(0, 12)}, which is not in the history of the revision being applied`];
}

interface Verified {
  reasons: string[];
  stack?: OperationStack;
  decisions?: GateDecision[];
}

/**
 * Why the copied plan may not be applied; empty when it may. Nothing in the record is believed that csm can
 * compute: the stack is synthesized again, the plan file must have been made from it against this project's
 * state, `terraform show -json` of it must be the reviewed JSON, both gates evaluated again now must decide as
 * reviewed, and every review document must be what the plan and the catalogue give.
 */
async function verify(copy: ReviewedCopy, ctx: ApplyContext, policies: CompiledPolicies, waivers: Waiver[], work: string): Promise<Verified> {
  const { record } = copy;
  const reasons: string[] = [];
  if (!record.gate?.passed) reasons.push(`the gate did not pass when the plan was made (synth: ${record.gate?.synth}, plan: ${record.gate?.plan})`);
  for (const file of copy.missing) reasons.push(`${file} is missing`);
  const expected: Array<[string, string | undefined, string]> = [
    [record.plan.file, record.plan.sha256, 'plan file'],
    [record.plan.json, record.plan.jsonSha256, 'plan JSON'],
    ...Object.entries(record.artefacts).map(([name, hash]): [string, string, string] => [name, hash, 'review document']),
  ];
  for (const [name, hash, what] of expected) {
    if (copy.hashes[name] !== undefined && copy.hashes[name] !== hash) reasons.push(`the ${what} ${name} changed since it was reviewed (sha256 ${copy.hashes[name].slice(0, 12)}, recorded ${String(hash).slice(0, 12)})`);
  }
  if (!(record.decisions.file in record.artefacts)) reasons.push(`the record does not pin its decisions file ${record.decisions.file}`);
  reasons.push(...baseProblems(record, ctx.catalogue.root));
  if (reasons.length) return { reasons };

  const [stack] = synthesizeOperation(record.operation, [record.customer], ctx.catalogue, path.join(work, 'synth'), { service: record.service, step: record.step ?? undefined }).filter((s) => s.name === record.stack);
  if (!stack) return { reasons: [`the stack ${record.stack} no longer synthesizes from the catalogue`] };
  const stackBytes = fs.readFileSync(stack.file);
  const synthJson = JSON.parse(stackBytes.toString('utf8')) as TfJson;
  if (sha256(stackBytes) !== record.stackSha256) reasons.push(`the stack's sources changed since the plan: ${record.stack}/cdk.tf.json re-synthesized from the catalogue, constructs and stacks differs from the one planned`);
  const planFile = path.join(copy.dir, record.plan.file);
  reasons.push(...bindingProblems(fs.readFileSync(planFile), stack.file, synthJson, ctx.stateDir));
  if (reasons.length) return { reasons, stack };

  // Terraform's own reading of the binary plan must be the JSON the gates and the reviewer read.
  const env = { ...terraformEnv(ctx.catalogue.provider.aws.offline !== false), ...pluginCacheEnv() };
  const init = await withInitLock(pluginCacheDir(), () => terraform(['init', '-input=false', '-no-color', '-backend=false'], stack.dir, env));
  if (init.code !== 0) return { reasons: [`terraform init failed: ${(init.stderr || init.stdout).trim().split('\n').slice(-5).join(' ')}`], stack };
  const show = await terraform(['show', '-json', planFile], stack.dir, env);
  const reviewedJson = fs.readFileSync(path.join(copy.dir, record.plan.json), 'utf8');
  if (show.code !== 0) return { reasons: [`terraform show -json of the plan file failed: ${(show.stderr || show.stdout).trim().split('\n').slice(-5).join(' ')}`], stack };
  let sameJson = false;
  try {
    sameJson = canonical(show.stdout) === canonical(reviewedJson);
  } catch {
    sameJson = false;
  }
  if (!sameJson) return { reasons: [`terraform show -json of ${record.plan.file} is not the reviewed plan JSON ${record.plan.json}: the plan file and its JSON do not belong together`], stack };

  // Both gates again, now, with the real clock and the project's policies: they must decide as reviewed.
  const plan = JSON.parse(reviewedJson) as PlanJson;
  const base = record.base ? ctx.baseAt(record.base.commit) : undefined;
  const evaluate = evaluator({ operation: record.operation, catalogue: ctx.catalogue, base, policies, waivers, now: new Date(), timeoutMs: ctx.timeoutMs });
  let decisions: GateDecision[];
  const view = planView(stack, synthJson, plan);
  try {
    const before = baseTenancies(base, [record.customer]).get(record.customer);
    decisions = [await evaluate.decide(stack, synthView(stack, synthJson, before)), await evaluate.decide(stack, view)];
  } finally {
    await evaluate.close();
  }
  let reviewed: GateDecision[] | undefined;
  try {
    reviewed = JSON.parse(fs.readFileSync(path.join(copy.dir, record.decisions.file), 'utf8')) as GateDecision[];
  } catch {
    reviewed = undefined;
  }
  const now = decisionsHash(decisions);
  if (now !== record.decisions.sha256 || !reviewed || decisionsHash(reviewed) !== now) {
    const shown = decisions.map((d) => `${d.gate}: ${d.status}${d.deny.length ? ` (${d.deny.map((f) => f.id).join(', ')})` : ''}`).join('; ');
    reasons.push(`the policy decisions changed since the plan (now ${shown}): plan again and review`);
    return { reasons, stack, decisions };
  }
  if (!decisions.every(gatePassed)) reasons.push('the policies deny the plan');

  // The review documents must be what the plan, the catalogue and the reviewed decisions give.
  const stamp = record.plan.file.replace(/\.tfplan$/, '');
  const documents = reviewDocuments({ operation: record.operation, target: record.target, stack, catalogue: ctx.catalogue, base, synthJson, plan, view, decisions: reviewed });
  for (const [suffix, text] of Object.entries(documents)) {
    const name = `${stamp}${suffix}`;
    if (!(name in record.artefacts)) reasons.push(`the review document ${name} is not pinned by the record`);
    else if (fs.readFileSync(path.join(copy.dir, name), 'utf8') !== text) reasons.push(`the review document ${name} is not what the plan and the catalogue give (edited after the plan?)`);
  }
  return { reasons, stack, decisions };
}

const tail = (text: string, n: number) => text.trim().split('\n').slice(-n);

/**
 * `csm apply`: applies exactly the reviewed plan, or refuses. The record and every file it names are copied
 * into a private folder first; the checks read the copies and Terraform is handed the copied plan file, so
 * what was hashed is what runs. The tenancy is locked for the duration, signals are forwarded to Terraform,
 * and the evidence record is written before anything else and completed at the end, whatever happens.
 */
export async function applyPlan(file: string, ctx: ApplyContext, log: (line: string) => void = () => undefined): Promise<ApplyOutcome> {
  const recordFile = file.endsWith('.tfplan') ? sidecar(file, '.record.json') : file;
  const journal = ApplyJournal.start(ctx.evidenceDir, recordFile, ctx.command);
  const release = holdSignals();
  const work = makeTempDir('csm-apply-');
  let locks: StackLocks | undefined;
  const finish = (status: ApplyOutcome['status'], reasons: string[], extra: Partial<ApplyOutcome> = {}, fields: Record<string, unknown> = {}): ApplyOutcome => {
    journal.complete(status, reasons, fields);
    return { status, reasons, evidence: journal.file, ...extra };
  };
  try {
    const privateDir = path.join(work, 'reviewed');
    fs.mkdirSync(privateDir, { mode: 0o700 });
    let copy: ReviewedCopy;
    try {
      copy = copyReviewed(recordFile, privateDir);
    } catch (err) {
      if (err instanceof PlanRecordError) return finish('refused', [err.message], { badInput: true });
      throw err;
    }
    const { record } = copy;
    journal.note({ operation: record.operation, target: record.target, stack: record.stack, customer: record.customer, planRecord: { file: recordFile, sha256: copy.recordSha256 }, reviewed: copy.hashes });
    const unknown = targetProblems(record, ctx.catalogue);
    if (unknown.length) return finish('refused', unknown, { record });
    let policies: CompiledPolicies;
    let waivers: Waiver[];
    try {
      policies = await ctx.policies();
      waivers = ctx.waivers(policies.rules.map((r) => r.id));
    } catch (err) {
      if (err instanceof PolicyFailure) return finish('refused', [err.message], { record });
      if (err instanceof InputError) return finish('refused', [err.message], { record, badInput: true });
      throw err;
    }
    journal.note({ policyBundle: { recorded: record.policyBundle, now: policies.hash } });
    try {
      locks = lockStacks(ctx.projectDir, [onboardStackName(record.customer)], ctx.command);
    } catch (err) {
      if (err instanceof StackLockedError) return finish('refused', [err.message], { record, badInput: true });
      throw err;
    }
    const checked = await verify(copy, ctx, policies, waivers, work);
    const fields = { stackSha256: record.stackSha256, decisionsSha256: checked.decisions ? decisionsHash(checked.decisions) : null };
    if (checked.reasons.length) return finish('refused', checked.reasons, { record }, fields);
    if (interruption()) return finish('interrupted', [`${interruption()} received before terraform apply started: nothing was applied`], { record }, fields);

    const planFile = path.join(copy.dir, record.plan.file);
    log(`${record.stack}: terraform apply ${record.plan.file} (sha256 ${copy.hashes[record.plan.file].slice(0, 12)})`);
    journal.note({ ...fields, terraform: { started: new Date().toISOString(), plan: { file: record.plan.file, sha256: copy.hashes[record.plan.file] } } });
    const result = await terraform(['apply', '-input=false', '-no-color', '-lock-timeout=60s', planFile], checked.stack!.dir, terraformEnv(ctx.catalogue.provider.aws.offline !== false));
    const ran = { terraform: { plan: { file: record.plan.file, sha256: copy.hashes[record.plan.file] }, exitCode: result.code, output: tail(result.stdout, 20) } };
    if (result.code === 0) return finish('applied', [], { record, exitCode: 0 }, { ...fields, ...ran });
    const why = `terraform apply exited ${result.code}: ${tail(result.stderr || result.stdout, 10).join('\n')}`;
    return finish(interruption() ? 'interrupted' : 'failed', interruption() ? [`${interruption()} received: forwarded to terraform, which stopped`, why] : [why], { record, exitCode: result.code }, { ...fields, ...ran });
  } catch (err) {
    if (err instanceof InterruptedError) return finish('interrupted', [`${err.signal} received before terraform apply started: nothing was applied`]);
    if (journal.outcome === 'started') journal.complete('crashed', [`csm stopped on an error: ${(err as Error).message}`]);
    throw err;
  } finally {
    locks?.release();
    removeTempDir(work);
    release();
  }
}
