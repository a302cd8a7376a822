import * as os from 'os';
import * as path from 'path';
import type { Command, Io, ParsedArgs } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, outdirFrom, pathArg, sourceFolders, csmFolder } from '../catalogue-arg';
import { STATE_DIR } from '../../terraform/plan';
import { withStacksLocked } from '../../files/stack-lock';
import { checkOutputDir } from '../../files/output-target';
import { compiledPolicies } from '../../check/policies';
import { hashFiles } from '../../check/evidence';
import { DEFAULT_BUNDLE_DIR } from '../../policy/bundle';
import type { Operation } from '../../policy/input';
import { PLAN_OPERATIONS, operationCustomers } from '../../lifecycle/targets';
import { resolveBase, type BaseRevision } from '../../lifecycle/base';
import type { Catalogue } from '../../model/types';
import { changedFiles, gitToplevel } from '../../git/revision';
import { lifecycleOptions } from './lifecycle-args';
import { nowFrom, timeoutFrom, waiversFile, waiversFrom } from '../gate-args';
import { TERMINATE_STEPS, type TerminateStep } from '../../../stacks/terminate';
import { parseShard, shardName, type Shard } from '../../fleet/shard';
import { allWork, changedWork, fleetOf, itemStacks, shareOf, targetWork, tenancyOf, type WorkItem } from '../../fleet/work';
import { runFleet } from '../../fleet/run-fleet';
import { runSummaryLine, type RunStack } from '../../fleet/run-record';

/** The operations `--all` plans: those every customer has (its tenancy against its state). */
const FLEET_OPERATIONS: Operation[] = ['onboard', 'allocate', 'release'];

const cores = () => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

/** `--step` names a step of a terminate; any other operation has one step only. */
function stepFrom(args: ParsedArgs, operation: Operation | undefined): TerminateStep | undefined {
  const step = str(args, 'step');
  if (step === undefined) return undefined;
  if (operation !== 'terminate') throw new UsageError(`--step applies to terminate only, not ${operation ?? '--changed'}`);
  if (!(TERMINATE_STEPS as readonly string[]).includes(step)) throw new UsageError(`--step must be one of ${TERMINATE_STEPS.join(', ')}, not "${step}"`);
  return step as TerminateStep;
}

export function concurrencyFrom(args: ParsedArgs): number {
  const concurrency = Number(str(args, 'concurrency') ?? cores());
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError('--concurrency must be a whole number from 1 to 64');
  return concurrency;
}

export function shardFrom(args: ParsedArgs): Shard | undefined {
  const text = str(args, 'shard');
  return text === undefined ? undefined : parseShard(text);
}

/** What the command line asks for, checked before anything is loaded: usage errors come first. */
type Intent = { kind: 'changed' } | { kind: 'all'; operation: Operation } | { kind: 'targets'; operation: Operation; targets: string[]; step?: TerminateStep };

function intentFrom(args: ParsedArgs): Intent {
  const [operation, ...targets] = args.positionals as [Operation | undefined, ...string[]];
  if (args.options.changed) {
    if (operation) throw new UsageError('--changed finds the operations itself: name none');
    if (args.options.all || args.options.step) throw new UsageError('--changed takes neither --all nor --step');
    return { kind: 'changed' };
  }
  if (!operation || !(operation in PLAN_OPERATIONS)) throw new UsageError(`plan needs an operation: ${Object.keys(PLAN_OPERATIONS).join(', ')} (or --changed)`);
  const step = stepFrom(args, operation);
  if (args.options.all) {
    if (targets.length) throw new UsageError('give customers or --all, not both');
    if (!FLEET_OPERATIONS.includes(operation)) throw new UsageError(`--all plans ${FLEET_OPERATIONS.join(', ')} (every tenancy against its state); ${operation} takes one ${PLAN_OPERATIONS[operation]}`);
    return { kind: 'all', operation };
  }
  if (!targets.length) throw new UsageError(FLEET_OPERATIONS.includes(operation) ? 'name a customer, or use --all' : `plan ${operation} takes one ${PLAN_OPERATIONS[operation]}`);
  if (targets.length > 1 && !FLEET_OPERATIONS.includes(operation)) throw new UsageError(`plan ${operation} takes one ${PLAN_OPERATIONS[operation]}`);
  if (new Set(targets).size !== targets.length) throw new UsageError('a customer is named twice');
  return { kind: 'targets', operation, targets, step };
}

/** The work the intent names in this catalogue: one target, several customers, `--all`, or what `--changed` finds. */
function workOf(intent: Intent, catalogue: Catalogue, base: BaseRevision | null, now: Date): WorkItem[] {
  if (intent.kind === 'changed') {
    if (!base) throw new UsageError('--changed needs git: the change is what differs from --base (default HEAD)');
    const repo = gitToplevel(catalogue.root);
    return changedWork(catalogue, base.catalogue, changedFiles(base.commit, repo), path.relative(repo, path.resolve(catalogue.root)), now);
  }
  if (intent.kind === 'all') return allWork(intent.operation, catalogue);
  return intent.targets.flatMap((t) => targetWork(intent.operation, t, catalogue, base?.catalogue, intent.step));
}

function describe(s: RunStack, cost: { before: number; after: number; delta: number } | undefined): string {
  const c = s.counts;
  const plan = c ? `; ${c.add} to add, ${c.change} to change, ${c.replace} to replace, ${c.destroy} to destroy, ${c.forget} to forget` : '';
  const money = cost ? `; monthly cost ${cost.before} -> ${cost.after} (${cost.delta >= 0 ? '+' : ''}${cost.delta})` : '';
  return `${s.stack}: ${s.passed ? 'gate passed' : s.error ? 'plan FAILED' : 'gate DENIED'}${plan}${money}`;
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'Synthesize and run the real `terraform plan` for a lifecycle operation, gated by the policies at synth and plan.',
  usage:
    'csm plan onboard|allocate|release <customer...> | --all  |  csm plan transfer <customer>  |  csm plan terminate <customer> [--step unprotect|destroy]  |  csm plan retire <service>  |  csm plan --changed [--base ref]   [--shard k/n] [--list]',
  description:
    'Runs offline against the provider mirror (see src/terraform/offline.tfrc) with dummy credentials and\n' +
    '-refresh=false when the provider context says `aws.offline: true`. Every stack plans against its tenancy\'s\n' +
    'state (.csm/state/onboard-<customer>.tfstate of the folder csm runs in, whatever --out is; or the S3\n' +
    'backend) and is gated at synth and at plan. Beside each plan in cdktf.out/stacks/<stack>/plans/ land its\n' +
    'JSON, the decisions of both gates, a summary (.summary.md/.json: actions by type, cost profile before and\n' +
    'after, data-bearing resources affected), the exit plan (transfer, terminate) and the record `csm apply`\n' +
    'checks. The run\'s evidence (every stack\'s decisions, the inputs hashed) goes to evidence/.\n' +
    '--changed plans what differs from --base: a new customer is onboarded, a changed one re-planned (allocate\n' +
    'or release by the cost it moves, onboard when the cost stays), a due termination or a recorded transfer\n' +
    'planned as such, a retired service retired. --shard k/n plans the share of the run that hashes to shard k\n' +
    'of n (rendezvous hashing of the tenancy: adding a customer moves no other); `csm evidence merge` joins the\n' +
    'shards\' records. Stacks plan in parallel up to --concurrency (default: the cores), all sharing one provider\n' +
    'plugin cache (TF_PLUGIN_CACHE_DIR, default ~/.cache/csm/terraform-plugins). One plan or apply per tenancy\n' +
    'at a time (.csm/locks/); SIGINT/SIGTERM are forwarded to Terraform, which csm waits for; no partial plan\n' +
    'is left.\n' +
    'A terminate runs in two steps, each planned and applied: `--step unprotect` lifts the deletion protection\n' +
    'of databases and lets buckets and registries be emptied (AWS refuses the destroy otherwise), then the\n' +
    'default step destroys the tenancy.\n' +
    'Exit 1 when a gate denies or a plan fails.',
  options: [
    { name: 'all', description: `every customer (${FLEET_OPERATIONS.join(', ')})` },
    { name: 'changed', description: 'plan what the change since --base needs, each with its operation' },
    { name: 'shard', value: 'k/n', description: 'plan only shard k of n of the run (merge the shards with `csm evidence merge`)' },
    { name: 'list', description: 'print the run (or the shard) as JSON: tenancies, stacks and operations; plan nothing' },
    { name: 'concurrency', value: 'n', description: `stacks planned at once (default: the cores, ${cores()} here)` },
    { name: 'out', value: 'dir', description: 'synth output folder (default: cdktf.out)' },
    { name: 'step', value: 'step', description: `terminate only: ${TERMINATE_STEPS.join(' or ')} (default: destroy)` },
    { name: 'evidence', value: 'dir', description: 'evidence folder for the run record (default: evidence)' },
    { name: 'no-evidence', description: 'do not write the run record' },
    ...lifecycleOptions,
  ],
  run: (args, io) => runPlan(args, io, 'plan'),
};

/** `csm plan` and `csm drift`: the same run, recorded as a plan or as a drift check. */
export async function runPlan(args: ParsedArgs, io: Io, kind: 'plan' | 'drift', work?: (catalogue: Catalogue) => WorkItem[]): Promise<number> {
  const intent = work ? undefined : intentFrom(args);
  const shard = shardFrom(args);
  const concurrency = concurrencyFrom(args);
  const now = nowFrom(args);
  const timeoutMs = timeoutFrom(args);
  const catalogue = catalogueFrom(args, io);
  const policiesDir = pathArg(io, str(args, 'policies') ?? 'policies');
  const evidenceDir = args.options['no-evidence'] || args.options.list ? undefined : checkOutputDir(pathArg(io, str(args, 'evidence') ?? 'evidence'), { option: '--evidence', protect: sourceFolders(io, catalogue.root, policiesDir) });
  const base = resolveBase(str(args, 'base'), catalogue.root);
  const items = work ? work(catalogue) : workOf(intent!, catalogue, base, now);
  // Bad input (an unknown target, a transfer the agreement does not record) is refused before anything is built.
  for (const item of items) if (item.operation !== 'retire') operationCustomers(item.operation, item.target, catalogue);
  const mine = shareOf(items, shard);
  const stacks = mine.flatMap(itemStacks);
  if (args.options.list) {
    io.out(JSON.stringify({ fleet: fleetOf(items).length, shard: shard ? shardName(shard) : null, stacks: stacks.length, items: mine.map(({ operation, target, step, customers, reason }) => ({ operation, target, step: step ?? null, stacks: itemStacks({ operation, target, step, customers, reason }), reason })) }, null, 2));
    return EXIT.ok;
  }
  if (base) io.err(`reviewing against ${base.ref} (${base.commit.slice(0, 12)})`);
  io.err(`${stacks.length} stack${stacks.length === 1 ? '' : 's'} to plan${shard ? ` (shard ${shardName(shard)} of a run of ${fleetOf(items).length} tenancies)` : ''}, ${Math.min(concurrency, Math.max(1, stacks.length))} at a time`);
  for (const item of mine) io.err(`  ${item.operation} ${item.target}${item.step ? ` (step ${item.step})` : ''}: ${item.reason}`);
  const policies = await compiledPolicies(policiesDir, { buildDir: csmFolder(io, DEFAULT_BUNDLE_DIR), onBuild: (m) => io.err(m) });
  const waivers = waiversFrom(args, io, catalogue, policies.rules.map((r) => r.id));
  const tenancies = [...new Set(mine.flatMap((i) => i.customers.map(tenancyOf)))];
  const command = ['csm', kind, ...process.argv.slice(3)];
  const result = await withStacksLocked(pathArg(io, '.'), tenancies, ['csm', kind, ...args.positionals].join(' '), () =>
    runFleet({
      kind,
      items,
      shard,
      catalogue,
      base,
      policies,
      policiesDir,
      waivers,
      outdir: outdirFrom(args, io),
      stateDir: csmFolder(io, STATE_DIR),
      now,
      timeoutMs,
      concurrency,
      evidenceDir,
      inputs: hashFiles([catalogue.root, policiesDir, waiversFile(args, io, catalogue)]),
      command,
      log: (l) => io.err(l),
      onStack: (s, done) => io.err(`[${done}/${stacks.length}] ${s.stack}: ${s.passed ? 'passed' : s.error ? 'FAILED' : 'DENIED'} (${s.seconds.toFixed(1)} s)`),
    }),
  );
  for (const p of result.plans) {
    const s = result.record.stacks.find((x) => x.stack === p.stack)!;
    const cost = p.summary.cost && p.summary.customer ? { before: p.summary.cost.before?.monthly_cost ?? 0, after: p.summary.cost.after?.monthly_cost ?? 0, delta: p.summary.cost.delta } : undefined;
    io.out(describe(s, cost));
    for (const d of p.decisions) for (const f of d.deny) io.out(`  DENY ${f.id} [${d.gate}] ${f.message} [ISO/IEC 20000-1 ${f.clauses.join(', ')}; ${f.scenario}]`);
    for (const d of p.summary.firstDeployments) io.out(`  first deployment of ${d.service} (5.4): no customer had it at the base; the summary flags it for the service owner, ${d.owner}`);
    if (s.drift?.drifted) io.out(`  DRIFT ${s.drift.pending} pending change${s.drift.pending === 1 ? '' : 's'}${s.drift.outsideTerraform.length ? `; changed outside Terraform: ${s.drift.outsideTerraform.map((d) => d.address).join(', ')}` : ''}`);
    if (p.note) io.out(`  note: ${p.note}`);
    if (p.note) for (const f of p.files.filter((x) => x.endsWith('.decisions.json'))) io.out(`  decisions: ${f}`);
    if (p.outcome && !p.outcome.ok) io.out(`  plan failed: ${p.outcome.error}`);
    if (p.outcome?.planJsonFile) io.out(`  plan: ${p.outcome.planJsonFile}`);
    if (p.recordFile) io.out(`  record: ${p.recordFile}`);
  }
  for (const r of result.reports) io.out(`report: ${r}`);
  io.out(runSummaryLine(result.record));
  if (result.file) io.out(`evidence: ${result.file}`);
  const s = result.record.summary;
  return s.passed === s.stacks && !s.drifted ? EXIT.ok : EXIT.failure;
}
