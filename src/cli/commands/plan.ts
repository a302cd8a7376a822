import * as os from 'os';
import type { Command } from '../command';
import { EXIT, UsageError, str } from '../command';
import { catalogueFrom, outdirFrom } from '../catalogue-arg';
import { synthesize } from '../../synth/synthesize';
import { mapBounded, planStack, type PlanOutcome } from '../../terraform/plan';

const OPERATIONS = ['onboard'];

function describe(o: PlanOutcome): string {
  if (!o.ok || !o.summary) return `${o.stack}: FAILED (${o.seconds.toFixed(1)} s)\n${o.error}`;
  const s = o.summary;
  return `${o.stack}: ${s.add} to add, ${s.change} to change, ${s.replace} to replace, ${s.destroy} to destroy (${o.seconds.toFixed(1)} s) -> ${o.planJsonFile}`;
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'Synthesize and run the real `terraform init` + `plan` for a lifecycle operation; write the plan and its JSON.',
  usage: 'csm plan onboard <customer...> | --all  [--concurrency n] [--out dir]',
  description:
    'Runs offline against the provider mirror (see src/terraform/offline.tfrc) with dummy credentials when the\n' +
    'provider context says `aws.offline: true`. Plans land in cdktf.out/stacks/<stack>/plans/<time>.tfplan and .json.',
  options: [
    { name: 'all', description: 'plan every customer' },
    { name: 'concurrency', value: 'n', description: `stacks planned at once (default: ${Math.min(2, os.cpus().length)})` },
    { name: 'out', value: 'dir', description: 'synth output folder (default: cdktf.out)' },
  ],
  async run(args, io) {
    const [operation, ...targets] = args.positionals;
    if (!operation || !OPERATIONS.includes(operation)) throw new UsageError(`plan needs an operation: ${OPERATIONS.join(', ')}`);
    const all = args.options.all === true;
    if (!all && targets.length === 0) throw new UsageError('name a customer, or use --all');
    if (all && targets.length) throw new UsageError('give customers or --all, not both');
    const concurrency = Number(str(args, 'concurrency') ?? Math.min(2, os.cpus().length));
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError('--concurrency must be a positive integer');

    const cat = catalogueFrom(args, io);
    for (const t of targets) if (!cat.customers.has(t)) throw new UsageError(`unknown customer "${t}" (catalogue has: ${[...cat.customers.keys()].join(', ')})`);
    const stacks = synthesize(cat, { outdir: outdirFrom(args, io), customers: all ? undefined : targets });
    const offline = cat.provider.aws.offline !== false;
    let done = 0;
    const outcomes = await mapBounded(stacks, concurrency, async (s) => {
      const outcome = await planStack(s.dir, { offline });
      io.out(`[${++done}/${stacks.length}] ${describe(outcome)}`);
      return outcome;
    });
    const failed = outcomes.filter((o) => !o.ok).length;
    io.out(`${outcomes.length} stacks planned, ${outcomes.length - failed} ok, ${failed} failed`);
    return failed ? EXIT.failure : EXIT.ok;
  },
};
