import * as os from 'os';
import type { Command, Io, ParsedArgs } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, outdirFrom, pathArg } from '../catalogue-arg';
import { synthesize } from '../../synth/synthesize';
import { mapBounded, planStack, STATE_DIR, type PlanOutcome } from '../../terraform/plan';
import { interruption, withSignalsHeld } from '../../terraform/interrupt';
import { withStacksLocked } from '../../files/stack-lock';
import { onboardStackName } from '../../../stacks/onboard';
import { compiledPolicies } from '../../check/policies';
import { DEFAULT_BUNDLE_DIR } from '../../policy/bundle';
import type { Operation } from '../../policy/input';
import { PLAN_OPERATIONS, operationCustomers } from '../../lifecycle/targets';
import { planOperation } from '../../lifecycle/plan-operation';
import { resolveBase } from '../../lifecycle/base';
import { commandLine, lifecycleOptions } from './lifecycle-args';
import { nowFrom, timeoutFrom, waiversFrom } from '../gate-args';
import { TERMINATE_STEPS, type TerminateStep } from '../../../stacks/terminate';

function describe(o: PlanOutcome): string {
  if (!o.ok || !o.summary) return `${o.stack}: FAILED (${o.seconds.toFixed(1)} s)\n${o.error}`;
  const s = o.summary;
  return `${o.stack}: ${s.add} to add, ${s.change} to change, ${s.replace} to replace, ${s.destroy} to destroy (${o.seconds.toFixed(1)} s) -> ${o.planJsonFile}`;
}

async function planOnboard(args: ParsedArgs, io: Io, targets: string[]): Promise<number> {
  const all = args.options.all === true;
  if (!all && targets.length === 0) throw new UsageError('name a customer, or use --all');
  if (all && targets.length) throw new UsageError('give customers or --all, not both');
  const concurrency = Number(str(args, 'concurrency') ?? Math.min(2, os.cpus().length));
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError('--concurrency must be a positive integer');

  const cat = catalogueFrom(args, io);
  for (const t of targets) if (!cat.customers.has(t)) throw new UsageError(`unknown customer "${t}" (catalogue has: ${[...cat.customers.keys()].join(', ')})`);
  const customers = all ? [...cat.customers.keys()].sort() : targets;
  const offline = cat.provider.aws.offline !== false;
  const stateDir = pathArg(io, STATE_DIR);
  let done = 0;
  const outcomes = await withStacksLocked(pathArg(io, '.'), customers.map(onboardStackName), commandLine(args, 'plan'), () =>
    withSignalsHeld(async () => {
      const stacks = synthesize(cat, { outdir: outdirFrom(args, io), customers });
      return mapBounded(stacks, concurrency, async (s) => {
        const outcome = interruption() ? { stack: s.name, ok: false, error: `not planned: ${interruption()} received`, seconds: 0 } : await planStack(s.dir, { offline, stateDir });
        io.out(`[${++done}/${stacks.length}] ${describe(outcome)}`);
        return outcome;
      });
    }),
  );
  const failed = outcomes.filter((o) => !o.ok).length;
  io.out(`${outcomes.length} stacks planned, ${outcomes.length - failed} ok, ${failed} failed`);
  return failed ? EXIT.failure : EXIT.ok;
}

/** `--step` names a step of a terminate; any other operation has one step only. */
function stepFrom(args: ParsedArgs, operation: Operation): TerminateStep | undefined {
  const step = str(args, 'step');
  if (step === undefined) return undefined;
  if (operation !== 'terminate') throw new UsageError(`--step applies to terminate only, not ${operation}`);
  if (!(TERMINATE_STEPS as readonly string[]).includes(step)) throw new UsageError(`--step must be one of ${TERMINATE_STEPS.join(', ')}, not "${step}"`);
  return step as TerminateStep;
}

/** allocate, release, transfer, terminate, retire: one target, both gates, files for review and `csm apply`. */
async function planLifecycle(args: ParsedArgs, io: Io, operation: Operation, targets: string[]): Promise<number> {
  const kind = PLAN_OPERATIONS[operation];
  if (targets.length !== 1 || args.options.all) throw new UsageError(`plan ${operation} takes one ${kind}`);
  const step = stepFrom(args, operation);
  const now = nowFrom(args);
  const timeoutMs = timeoutFrom(args);
  const catalogue = catalogueFrom(args, io);
  const policiesDir = pathArg(io, str(args, 'policies') ?? 'policies');
  // Bad input (an unknown target, a transfer the agreement does not record) is refused before anything is built.
  operationCustomers(operation, targets[0], catalogue);
  const base = resolveBase(str(args, 'base'), catalogue.root);
  if (base) io.err(`reviewing against ${base.ref} (${base.commit.slice(0, 12)})`);
  const policies = await compiledPolicies(policiesDir, { buildDir: pathArg(io, DEFAULT_BUNDLE_DIR), onBuild: (m) => io.err(m) });
  const waivers = waiversFrom(args, io, catalogue, policies.rules.map((r) => r.id));
  // Every tenancy the operation plans against is locked before anything is synthesized into its folder.
  const tenancies = operationCustomers(operation, targets[0], catalogue, base?.catalogue).map(onboardStackName);
  const result = await withStacksLocked(pathArg(io, '.'), tenancies, commandLine(args, 'plan'), () => planOperation({
    operation,
    target: targets[0],
    step,
    catalogue,
    base,
    policies,
    policiesDir,
    waivers,
    outdir: outdirFrom(args, io),
    stateDir: pathArg(io, STATE_DIR),
    now,
    timeoutMs,
    log: (l) => io.err(l),
  }));
  for (const s of result.stacks) {
    const c = s.summary.counts;
    io.out(`${s.stack}: ${s.passed ? 'gate passed' : 'gate DENIED'}; ${c.add} to add, ${c.change} to change, ${c.replace} to replace, ${c.destroy} to destroy, ${c.forget} to forget` + (s.summary.cost ? `; monthly cost ${s.summary.cost.before?.monthly_cost ?? 0} -> ${s.summary.cost.after?.monthly_cost ?? 0} (${s.summary.cost.delta >= 0 ? '+' : ''}${s.summary.cost.delta})` : ''));
    for (const d of s.summary.firstDeployments) io.out(`  first deployment of ${d.service} (5.4): no customer had it at the base; the summary flags it for the service owner, ${d.owner}`);
    for (const d of s.decisions) for (const f of d.deny) io.out(`  DENY ${f.id} [${d.gate}] ${f.message} [ISO/IEC 20000-1 ${f.clauses.join(', ')}; ${f.scenario}]`);
    if (s.note) io.out(`  note: ${s.note}`);
    if (s.note) for (const f of s.files.filter((x) => x.endsWith('.decisions.json'))) io.out(`  decisions: ${f}`);
    if (s.outcome && !s.outcome.ok) io.out(`  plan failed: ${s.outcome.error}`);
    if (s.recordFile) io.out(`  record: ${s.recordFile}`);
  }
  for (const r of result.reports) io.out(`report: ${r}`);
  return result.passed ? EXIT.ok : EXIT.failure;
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'Synthesize and run the real `terraform plan` for a lifecycle operation, gated by the policies at synth and plan.',
  usage: 'csm plan onboard <customer...> | --all  |  csm plan allocate|release|transfer <customer>  |  csm plan terminate <customer> [--step unprotect|destroy]  |  csm plan retire <service>',
  description:
    'Runs offline against the provider mirror (see src/terraform/offline.tfrc) with dummy credentials and\n' +
    '-refresh=false when the provider context says `aws.offline: true`. Plans land in\n' +
    'cdktf.out/stacks/<stack>/plans/<time>.tfplan and .json. The lifecycle operations plan against the\n' +
    "tenancy's existing state (.csm/state/onboard-<customer>.tfstate) and write beside the plan its policy\n" +
    'decisions at both gates, a summary (.summary.md/.json: actions by type, cost profile before and after,\n' +
    'data-bearing resources affected), the exit plan (transfer, terminate) and the record `csm apply` checks.\n' +
    'Local state is .csm/state/ of the folder csm runs in, whatever --out is. One plan or apply per tenancy at a\n' +
    'time (.csm/locks/); SIGINT/SIGTERM are forwarded to Terraform, which csm waits for; no partial plan is left.\n' +
    'A terminate runs in two steps, each planned and applied: `--step unprotect` lifts the deletion protection\n' +
    'of databases and lets buckets and registries be emptied (AWS refuses the destroy otherwise), then the\n' +
    'default step destroys the tenancy.\n' +
    'Exit 1 when a gate denies or the plan fails.',
  options: [
    { name: 'all', description: 'plan every customer (onboard)' },
    { name: 'concurrency', value: 'n', description: `stacks planned at once, onboard (default: ${Math.min(2, os.cpus().length)})` },
    { name: 'out', value: 'dir', description: 'synth output folder (default: cdktf.out)' },
    { name: 'step', value: 'step', description: `terminate only: ${TERMINATE_STEPS.join(' or ')} (default: destroy)` },
    ...lifecycleOptions,
  ],
  async run(args, io) {
    const [operation, ...targets] = args.positionals;
    if (!operation || !(operation in PLAN_OPERATIONS)) throw new UsageError(`plan needs an operation: ${Object.keys(PLAN_OPERATIONS).join(', ')}`);
    if (operation === 'onboard') return planOnboard(args, io, targets);
    return planLifecycle(args, io, operation as Operation, targets);
  },
};
