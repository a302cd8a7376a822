import * as fs from 'fs';
import * as path from 'path';
import { terraform, terraformEnv } from './runner';
import { writeFileAtomic } from '../files/write-atomic';
import { pluginCacheDir, pluginCacheEnv, withInitLock } from './plugin-cache';

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  replace: number;
  /** Count of planned actions by resource type, e.g. `{ aws_s3_bucket: { create: 3 } }`. */
  byType: Record<string, Record<string, number>>;
}

export interface PlanOutcome {
  stack: string;
  ok: boolean;
  planFile?: string;
  planJsonFile?: string;
  summary?: PlanSummary;
  error?: string;
  seconds: number;
}

/** A timestamp usable in file names, UTC, sortable: 20261125T171500Z. */
export function fileStamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

interface ResourceChange {
  type: string;
  change: { actions: string[] };
}

export function summarizePlan(plan: { resource_changes?: ResourceChange[] }): PlanSummary {
  const s: PlanSummary = { add: 0, change: 0, destroy: 0, replace: 0, byType: {} };
  for (const rc of plan.resource_changes ?? []) {
    const a = rc.change.actions;
    const kind = a.includes('create') && a.includes('delete') ? 'replace' : a.length === 1 ? a[0] : a.join('-');
    if (kind === 'no-op' || kind === 'read') continue;
    if (kind === 'create') s.add++;
    else if (kind === 'update') s.change++;
    else if (kind === 'delete') s.destroy++;
    else if (kind === 'replace') s.replace++;
    const t = (s.byType[rc.type] ??= {});
    t[kind] = (t[kind] ?? 0) + 1;
  }
  return s;
}

function tail(text: string, lines = 25): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Where the project keeps local state, relative to the folder csm runs in (never to `--out`). */
export const STATE_DIR = path.join('.csm', 'state');

/** The state file a stack's local backend names (`onboard-acme.tfstate`); undefined for a remote backend. */
export function localStateName(stackDir: string): string | undefined {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as { terraform?: { backend?: { local?: { path?: string } } } };
  const local = json.terraform?.backend?.local;
  return local ? path.basename(local.path ?? 'terraform.tfstate') : undefined;
}

/**
 * `terraform init` arguments that put a local state in the project's state folder, whatever folder the stack
 * was synthesized to: the path in cdk.tf.json is relative to `cdktf.out/stacks/<stack>/` and would follow
 * `--out` elsewhere (a plan against no state: the whole tenancy anew). Terraform keeps the path in the plan it
 * makes, so the apply of that plan writes the same state.
 */
export function backendArgs(stackDir: string, stateDir: string): string[] {
  const name = localStateName(stackDir);
  if (!name) return [];
  fs.mkdirSync(stateDir, { recursive: true });
  return [`-backend-config=path=${path.join(path.resolve(stateDir), name)}`];
}

/**
 * `terraform init` + `plan` + `show -json` in a synthesized stack folder, against the state in `stateDir`
 * (`.csm/state` of the project). The plan goes to `<stackDir>/plans/<stamp>.tfplan` with its JSON beside it;
 * an existing file is never overwritten, and a plan that fails or is interrupted leaves no plan file behind.
 */
export async function planStack(stackDir: string, options: { offline: boolean; stateDir: string; destroy?: boolean; stamp?: string }): Promise<PlanOutcome> {
  const started = Date.now();
  const stack = path.basename(stackDir);
  const env = { ...terraformEnv(options.offline), ...pluginCacheEnv() };
  const seconds = () => (Date.now() - started) / 1000;
  const fail = (step: string, r: { stderr: string; stdout: string }): PlanOutcome => ({
    stack,
    ok: false,
    error: `terraform ${step} failed in ${stackDir}:\n${tail(r.stderr || r.stdout)}`,
    seconds: seconds(),
  });

  const init = await withInitLock(pluginCacheDir(), () => terraform(['init', '-input=false', '-no-color', '-reconfigure', ...backendArgs(stackDir, options.stateDir)], stackDir, env));
  if (init.code !== 0) return fail('init', init);

  const plansDir = path.join(stackDir, 'plans');
  fs.mkdirSync(plansDir, { recursive: true });
  // A stamp is free when no file of it exists (a plan's sidecars, or decisions written without a plan).
  const taken = new Set(fs.readdirSync(plansDir).map((f) => f.slice(0, f.indexOf('.'))));
  let stamp = options.stamp ?? fileStamp();
  for (let n = 2; taken.has(stamp); n++) stamp = `${options.stamp ?? fileStamp()}-${n}`;
  const planFile = path.join(plansDir, `${stamp}.tfplan`);
  const planJsonFile = planFile.replace(/\.tfplan$/, '.json');
  // Terraform writes the plan file itself; csm claims the name first so no other run can take it meanwhile.
  writeFileAtomic(planFile, '');
  const discard = () => {
    fs.rmSync(planFile, { force: true });
  };
  try {
    const planArgs = ['plan', '-input=false', '-no-color', '-lock-timeout=60s', `-out=${path.relative(stackDir, planFile)}`];
    if (options.destroy) planArgs.push('-destroy');
    // Offline there is no AWS to read the real objects from: plan against the state as it is.
    if (options.offline) planArgs.push('-refresh=false');
    const plan = await terraform(planArgs, stackDir, env);
    if (plan.code !== 0) {
      discard();
      return fail('plan', plan);
    }
    const show = await terraform(['show', '-json', path.relative(stackDir, planFile)], stackDir, env);
    if (show.code !== 0) {
      discard();
      return fail('show -json', show);
    }
    writeFileAtomic(planJsonFile, show.stdout);
    return { stack, ok: true, planFile, planJsonFile, summary: summarizePlan(JSON.parse(show.stdout)), seconds: seconds() };
  } catch (err) {
    discard();
    throw err;
  }
}

/** Runs `work` over `items` with at most `limit` at a time, results in input order. */
export async function mapBounded<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
