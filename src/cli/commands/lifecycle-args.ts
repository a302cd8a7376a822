import type { OptionSpec, ParsedArgs } from '../command';

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
