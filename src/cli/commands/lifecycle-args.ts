import type { Io, OptionSpec, ParsedArgs } from '../command';
import { EXIT } from '../command';
import { OperationInputError } from '../../lifecycle/targets';
import { BaseRevisionError } from '../../lifecycle/base';
import { PlanRecordError } from '../../lifecycle/reviewed-copy';
import { StackLockedError } from '../../files/stack-lock';
import { InterruptedError } from '../../terraform/interrupt';
import { OutputRefusedError } from '../../files/output-target';
import { EvidenceUnwritableError } from '../../lifecycle/apply-evidence';

/** Options `csm plan <operation>` and `csm apply` share. */
export const lifecycleOptions: OptionSpec[] = [
  { name: 'base', value: 'git-ref', description: 'revision the change is reviewed against: cost before, synth-gate actions (default: HEAD)' },
  { name: 'policies', value: 'dir', description: 'policy folder (default: policies)' },
  { name: 'waivers', value: 'file', description: 'waivers file (default: <catalogue>/waivers.yaml)' },
  { name: 'now', value: 'iso-time', description: 'evaluation time (default: the current time)' },
  { name: 'timeout', value: 'ms', description: 'time bound per policy evaluation (default: 10000)' },
];

/** The command line as the lock and the evidence show it: `csm plan allocate acme`. */
export function commandLine(args: ParsedArgs, name: string): string {
  return ['csm', name, ...args.positionals].join(' ');
}

/**
 * A lifecycle command that cannot start (unknown target, missing agreement record, bad base, not a plan record,
 * a stack another run holds, an evidence folder that cannot be written): exit 2 with the reason.
 */
export async function runLifecycle(io: Io, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof OperationInputError || err instanceof BaseRevisionError || err instanceof PlanRecordError || err instanceof StackLockedError || err instanceof EvidenceUnwritableError || err instanceof OutputRefusedError) {
      io.err(`csm: ${err.message}`);
      return EXIT.badInput;
    }
    if (err instanceof InterruptedError) {
      io.err(`csm: ${err.message}: stopped, nothing more started`);
      return EXIT.failure;
    }
    throw err;
  }
}
