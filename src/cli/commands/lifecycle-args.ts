import type { OptionSpec } from '../command';

/** Options `csm plan <operation>` and `csm apply` share. */
export const lifecycleOptions: OptionSpec[] = [
  { name: 'base', value: 'git-ref', description: 'revision the change is reviewed against: cost before, synth-gate actions (default: HEAD)' },
  { name: 'policies', value: 'dir', description: 'policy folder (default: policies)' },
  { name: 'waivers', value: 'file', description: 'waivers file (default: <catalogue>/waivers.yaml)' },
  { name: 'now', value: 'iso-time', description: 'evaluation time (default: the current time)' },
  { name: 'timeout', value: 'ms', description: 'time bound per policy evaluation (default: 10000)' },
];

/**
 * Runs a lifecycle command's work. Errors are no longer caught here: main classifies every error once
 * (src/cli/errors.ts). Kept so `csm apply`'s body needs no re-indent while it is reworked on another branch;
 * remove with its last caller.
 */
export function runLifecycle(_io: unknown, work: () => Promise<number>): Promise<number> {
  return work();
}
