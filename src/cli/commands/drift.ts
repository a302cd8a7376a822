import type { Command } from '../command';
import { UsageError } from '../command';
import { lifecycleOptions } from './lifecycle-args';
import { planCommand, runPlan } from './plan';
import type { WorkItem } from '../../fleet/work';

const shared = new Set(['shard', 'list', 'concurrency', 'out', 'evidence', 'no-evidence']);

export const driftCommand: Command = {
  name: 'drift',
  summary: 'Re-plan every tenancy against its state and report what drifted or what a gate now denies.',
  usage: 'csm drift [customer...] [--shard k/n] [--evidence dir]',
  description:
    'Plans each tenancy (`onboard-<customer>`, every customer or those named) against its state, as the catalogue\n' +
    'says it should be, and evaluates both gates at the current time. Online (aws.offline: false) Terraform first\n' +
    'refreshes the state from AWS, so objects changed by hand are seen. A tenancy has drifted when its plan is\n' +
    'not empty (a merged change not applied, or a change made outside Terraform that the plan would undo) or\n' +
    "Terraform reports objects changed outside it (the plan JSON's resource_drift). The run record\n" +
    '(csm-plan-run/1, kind drift) lists per stack `drift: { drifted, pending, outsideTerraform }` and the\n' +
    'decisions; `csm evidence merge` joins shards and writes the Markdown for an issue. Exit 0 when nothing\n' +
    'drifted and every gate passes, 1 otherwise (CI opens or updates an issue), 2 on bad input.',
  options: [...planCommand.options.filter((o) => shared.has(o.name)), ...lifecycleOptions.filter((o) => o.name !== 'base')],
  run(args, io) {
    const customers = args.positionals;
    return runPlan({ ...args, positionals: [] }, io, 'drift', (catalogue) => {
      for (const c of customers) if (!catalogue.customers.has(c)) throw new UsageError(`unknown customer "${c}" (catalogue has: ${[...catalogue.customers.keys()].join(', ')})`);
      const chosen = customers.length ? [...new Set(customers)].sort() : [...catalogue.customers.keys()].sort();
      return chosen.map((c): WorkItem => ({ operation: 'onboard', target: c, customers: [c], reason: 'drift check' }));
    });
  },
};
