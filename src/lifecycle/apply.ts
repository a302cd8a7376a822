import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Catalogue } from '../model/types';
import type { CompiledPolicies } from '../check/run-check';
import type { Waiver } from '../check/waivers';
import { gitRevision, sha256 } from '../check/evidence';
import { terraform, terraformEnv } from '../terraform/runner';
import { fileStamp } from '../terraform/plan';
import type { TfJson } from '../view/from-synth';
import type { PlanJson } from '../view/from-plan';
import { decisionsHash, type GateDecision } from './gates';
import { baseTenancies, evaluator, planView, readJson, synthView } from './evaluate';
import { synthesizeOperation } from './targets';
import { json, sha256File, writeNew, type PlanRecord } from './record';

/** The file given to `csm apply` is not a plan csm made (missing, not JSON, no record beside it). */
export class PlanRecordError extends Error {}

/** Reads the record of a plan: given the `.tfplan` or its `.record.json`. */
export function readPlanRecord(file: string): { record: PlanRecord; recordFile: string } {
  const recordFile = file.endsWith('.tfplan') ? file.replace(/\.tfplan$/, '.record.json') : file;
  if (!fs.existsSync(recordFile)) throw new PlanRecordError(`${recordFile}: no plan record (csm apply applies plans made by \`csm plan <operation>\`)`);
  let record: PlanRecord;
  try {
    record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as PlanRecord;
  } catch (err) {
    throw new PlanRecordError(`${recordFile}: not a JSON plan record (${(err as Error).message})`);
  }
  if (record?.schema !== 'csm-plan-record/1') throw new PlanRecordError(`${recordFile}: schema ${JSON.stringify(record?.schema)} is not csm-plan-record/1`);
  return { record, recordFile };
}

export interface ApplyContext {
  catalogue: Catalogue;
  /** The base revision's catalogue the plan was reviewed against (its commit is in the record). */
  base: Catalogue | undefined;
  policies: CompiledPolicies;
  waivers: Waiver[];
  now: Date;
  evidenceDir: string;
  timeoutMs?: number;
}

export interface ApplyOutcome {
  status: 'applied' | 'refused' | 'failed';
  reasons: string[];
  evidence: string;
  exitCode?: number;
}

/** Why the plan may not be applied as it stands; empty when it may. Every check runs, so all reasons show. */
export async function refusals(record: PlanRecord, recordFile: string, ctx: ApplyContext): Promise<string[]> {
  const reasons: string[] = [];
  if (!record.gate.passed) reasons.push(`the gate did not pass when the plan was made (synth: ${record.gate.synth}, plan: ${record.gate.plan})`);
  const plansDir = path.dirname(recordFile);
  const planFile = path.join(plansDir, record.plan.file);
  const planJsonFile = path.join(plansDir, record.plan.json);
  for (const [file, expected, what] of [[planFile, record.plan.sha256, 'plan file'], [planJsonFile, record.plan.jsonSha256, 'plan JSON']] as const) {
    if (!fs.existsSync(file)) reasons.push(`the ${what} ${file} is missing`);
    else if (sha256File(file) !== expected) reasons.push(`the ${what} ${file} changed since it was reviewed (sha256 ${sha256File(file).slice(0, 12)}, recorded ${expected.slice(0, 12)})`);
  }

  // Re-synthesize from the catalogue as it is now: the stack must be byte for byte the one planned.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-apply-synth-'));
  try {
    const [stack] = synthesizeOperation(record.operation, [record.customer], ctx.catalogue, out, { service: record.service, step: record.step ?? undefined }).filter((s) => s.name === record.stack);
    if (!stack) {
      reasons.push(`the stack ${record.stack} no longer synthesizes from the catalogue`);
      return reasons;
    }
    const synthJson = readJson<TfJson>(stack.file);
    if (sha256(fs.readFileSync(stack.file)) !== record.stackSha256) reasons.push(`the stack's sources changed since the plan: ${record.stack}/cdk.tf.json re-synthesized from the catalogue, constructs and stacks differs from the one planned`);
    if (!fs.existsSync(planJsonFile) || reasons.some((r) => r.includes('plan JSON'))) return reasons;

    // Re-evaluate both gates on what was planned; the decisions must be the ones reviewed.
    const evaluate = evaluator({ operation: record.operation, catalogue: ctx.catalogue, base: ctx.base, policies: ctx.policies, waivers: ctx.waivers, now: ctx.now, timeoutMs: ctx.timeoutMs });
    let decisions: GateDecision[];
    try {
      const before = baseTenancies(ctx.base, [record.customer]).get(record.customer);
      decisions = [await evaluate.decide(stack, synthView(stack, synthJson, before)), await evaluate.decide(stack, planView(stack, synthJson, readJson<PlanJson>(planJsonFile)))];
    } finally {
      await evaluate.close();
    }
    if (decisionsHash(decisions) !== record.decisions.sha256) {
      const now = decisions.map((d) => `${d.gate}: ${d.status}${d.deny.length ? ` (${d.deny.map((f) => f.id).join(', ')})` : ''}`).join('; ');
      reasons.push(`the policy decisions changed since the plan (now ${now}): plan again and review`);
    } else if (!decisions.every((d) => d.status === 'passed' || d.status === 'warned')) {
      reasons.push('the policies deny the plan');
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  return reasons;
}

/**
 * `csm apply`: applies exactly the reviewed plan (`terraform apply <planfile>`), or refuses when its bytes,
 * its stack's sources or its policy decisions changed since it was made, or its gate did not pass. Every
 * outcome, refusals included, is appended to the evidence log as a new record.
 */
export async function applyPlan(record: PlanRecord, recordFile: string, ctx: ApplyContext, log: (line: string) => void = () => undefined): Promise<ApplyOutcome> {
  const reasons = await refusals(record, recordFile, ctx);
  let status: ApplyOutcome['status'] = 'refused';
  let result: { code: number; stdout: string; stderr: string } | undefined;
  if (!reasons.length) {
    const stackDir = path.dirname(path.dirname(recordFile));
    log(`${record.stack}: terraform apply ${record.plan.file}`);
    result = await terraform(['apply', '-input=false', '-no-color', '-lock-timeout=60s', path.join('plans', record.plan.file)], stackDir, terraformEnv(ctx.catalogue.provider.aws.offline !== false));
    status = result.code === 0 ? 'applied' : 'failed';
    if (result.code !== 0) reasons.push(`terraform apply exited ${result.code}: ${(result.stderr || result.stdout).trim().split('\n').slice(-10).join('\n')}`);
  }
  const evidence = {
    schema: 'csm-apply-evidence/1',
    createdAt: new Date().toISOString(),
    evaluationTime: ctx.now.toISOString(),
    revision: gitRevision(),
    outcome: status,
    reasons,
    operation: record.operation,
    target: record.target,
    stack: record.stack,
    planRecord: { file: recordFile, sha256: sha256File(recordFile) },
    plan: record.plan,
    stackSha256: record.stackSha256,
    decisionsSha256: record.decisions.sha256,
    policyBundle: { recorded: record.policyBundle, now: ctx.policies.hash },
    terraform: result ? { exitCode: result.code, output: result.stdout.trim().split('\n').slice(-20) } : null,
  };
  const text = json(evidence);
  const base = path.join(ctx.evidenceDir, `${fileStamp(new Date(evidence.createdAt))}-apply-${record.stack}-${sha256(text).slice(0, 8)}`);
  let file = '';
  for (let n = 1; !file; n++) {
    const candidate = `${base}${n === 1 ? '' : `-${n}`}.json`;
    if (!fs.existsSync(candidate)) file = writeNew(candidate, text);
  }
  return { status, reasons, evidence: file, exitCode: result?.code };
}
