import * as fs from 'fs';
import * as path from 'path';
import { nestedTooDeep, readPlanFile, PlanInputError, type PlanFile } from '../view/plan-file';
import { viewFromPlan } from '../view/from-plan';
import { shapeProblem } from '../view/plan-shape';
import { constructPaths, type TfJson } from '../view/from-synth';
import type { ResourceView } from '../view/resource';
import type { GateOperation } from '../policy/input';
import { readJson } from '../synth/base-tenancies';
import { touched } from './changed-only';
import { planFileLocation, SourceLocator } from './source-locations';
import type { LocatedFinding, StackResult } from './report';

/**
 * `--plan-json`: plans made elsewhere, each one its own result. A file that is not a usable plan is that file's
 * `invalid` result (bad input), never the whole run's; a plan that shows only part of the change fails unless
 * partial plans are allowed; the findings of one plan point at the sources (`--source-root`) or at the plan.
 */
export interface PlanFileOptions {
  /** Judge what a partial plan (-target, deferred changes) shows instead of failing it. */
  allowPartial?: boolean;
  /** Report only findings about resources the plan changes (or that drifted), and what those name. */
  changedOnly?: boolean;
  /** The Terraform sources the plans were made from, for findings' locations. */
  sourceRoot?: string;
  /** The folder plan files are named from (the command's working folder). */
  cwd?: string;
}

export type EvaluatePlan = (stack: { name: string; customer: string | null; file: string }, view: ResourceView, operation: GateOperation) => Promise<StackResult>;

/**
 * A stack name per file, unique within the run: the stack csm wrote the plan for (`stacks/<stack>/plans/`), else
 * the file's path without `.json`, so two `plan.json` in different folders stay apart.
 */
export function planStackNames(files: string[], cwd = process.cwd()): string[] {
  const names = files.map((file) => {
    const dir = path.dirname(path.resolve(file));
    if (path.basename(dir) === 'plans' && fs.existsSync(path.join(dir, '..', 'cdk.tf.json'))) return path.basename(path.dirname(dir));
    const rel = path.relative(cwd, path.resolve(file));
    return (rel.startsWith('..') ? path.resolve(file) : rel).split(path.sep).join('/').replace(/\.json$/, '');
  });
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n}#${k}`;
  });
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
}

const failed = (stack: string, status: 'invalid' | 'error', error: string, started: number): StackResult => ({
  stack,
  customer: null,
  gate: 'plan',
  operation: 'plan',
  status,
  findings: [],
  error,
  seconds: (Date.now() - started) / 1000,
});

/** Evaluates one plan file; never throws for anything the file holds. */
export async function checkPlanFile(file: string, stack: string, evaluate: EvaluatePlan, opts: PlanFileOptions, inputHash?: (sha256: string) => void): Promise<StackResult> {
  const started = Date.now();
  let plan: PlanFile;
  try {
    plan = readPlanFile(file);
  } catch (err) {
    if (err instanceof PlanInputError) return failed(stack, 'invalid', err.message, started);
    throw err;
  }
  inputHash?.(plan.sha256);
  // A plan csm wrote for one of its stacks sits in stacks/<stack>/plans/ beside the stack's cdk.tf.json, which
  // names the constructs findings point at: read it as carefully as the plan.
  const synthFile = path.join(path.dirname(path.resolve(file)), '..', 'cdk.tf.json');
  let paths = new Map<string, string>();
  if (fs.existsSync(synthFile)) {
    let synth: TfJson;
    try {
      synth = readJson<TfJson>(synthFile);
    } catch (err) {
      return failed(stack, 'invalid', `${synthFile}: not a JSON stack (${(err as Error).message}), beside the plan ${file}`, started);
    }
    const problem = shapeProblem('synth', synth);
    if (problem) return failed(stack, 'invalid', `${synthFile}: not a synthesized stack: ${problem}, beside the plan ${file}`, started);
    paths = constructPaths(synth);
  }
  let view: ResourceView;
  try {
    view = viewFromPlan(stack, plan.plan, paths);
  } catch (err) {
    const deep = err instanceof RangeError ? nestedTooDeep(file, plan.text) : null;
    if (deep) return failed(stack, 'invalid', deep.message, started);
    // The contract accepted the file; a view that still cannot be built is csm's failure to decide: fail closed.
    return failed(stack, 'error', `csm could not read the plan: ${(err as Error).message}`, started);
  }
  // A plan of one of csm's own stacks carries its tags: it is judged as that stack, house rules included.
  const customer = mostCommon(view.resources.map((r) => r.customer).filter((c): c is string => !!c));
  const result = await evaluate({ name: stack, customer, file: fs.existsSync(synthFile) ? synthFile : file }, view, customer ? 'onboard' : 'plan');
  if (opts.changedOnly) {
    const keep = touched(view);
    result.findings = result.findings.filter((f) => f.resource === null || keep.has(f.resource));
    result.status = result.status === 'error' ? 'error' : result.findings.some((f) => f.level === 'deny' && !f.waiver) ? 'failed' : result.findings.some((f) => f.level === 'warn' && !f.waiver) ? 'warned' : 'passed';
  }
  locate(result.findings, view, plan, opts.sourceRoot);
  if (plan.partial.length) {
    if (opts.allowPartial) result.note = `${plan.partial.join('; ')}; judged as far as it shows (--allow-partial)`;
    else if (result.status !== 'error') {
      result.status = 'error';
      result.error = `${plan.partial.join('; ')}: a partial plan does not pass the gate (--allow-partial judges what it shows)`;
    }
  }
  return result;
}

/** Findings that point nowhere yet point at the resource's block in the sources, else at its change in the plan. */
function locate(findings: LocatedFinding[], view: ResourceView, plan: PlanFile, sourceRoot: string | undefined): void {
  const resources = new Map(view.resources.map((r) => [r.address, r]));
  const sources = sourceRoot ? new SourceLocator(sourceRoot) : undefined;
  for (const f of findings) {
    if (f.location) continue;
    const r = f.resource ? resources.get(f.resource) : undefined;
    const inSources = r && sources?.locate(r);
    if (inSources) {
      f.location = { ...inSources, kind: 'source' };
      continue;
    }
    f.location = { ...planFileLocation(plan.file, plan.text, f.resource ?? ''), kind: 'plan' };
  }
}
