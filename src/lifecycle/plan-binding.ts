import * as fs from 'fs';
import * as path from 'path';
import { PlanFileError, readPlanFile } from '../terraform/plan-file';
import type { TfJson } from '../view/from-synth';

/**
 * What binds a plan file to what csm applies it to: the configuration it was made from must be the stack
 * synthesized now, and the backend it will write the state to must be this project's. Terraform keeps both in
 * the plan file; `terraform show -json` shows neither.
 */

/** The backend the stack configures, with a local state placed in the project's state folder (as `csm plan` puts it). */
function expectedBackend(synthJson: TfJson, stateDir: string): { type: string; config: Record<string, unknown> } | undefined {
  const backends = (synthJson as { terraform?: { backend?: Record<string, Record<string, unknown>> } }).terraform?.backend ?? {};
  const [type] = Object.keys(backends);
  if (!type) return undefined;
  const config = { ...backends[type] };
  if (type === 'local') config.path = path.join(path.resolve(stateDir), path.basename(String(config.path ?? 'terraform.tfstate')));
  return { type, config };
}

/** Why the plan file is not bound to the stack synthesized now and the project's state; empty when it is. */
export function bindingProblems(planBytes: Buffer, stackFile: string, synthJson: TfJson, stateDir: string): string[] {
  let binding;
  try {
    binding = readPlanFile(planBytes);
  } catch (err) {
    return [`the plan file cannot be read (${err instanceof PlanFileError ? err.message : (err as Error).message})`];
  }
  const problems: string[] = [];
  const planned = binding.config.get(path.basename(stackFile));
  if (!planned || binding.config.size !== 1 || !planned.equals(fs.readFileSync(stackFile))) {
    problems.push(`the plan file was not made from the stack synthesized now from the catalogue (its configuration: ${[...binding.config.keys()].join(', ') || 'none'}, differing)`);
  }
  const expected = expectedBackend(synthJson, stateDir);
  if (expected) {
    const differs = Object.entries(expected.config).filter(([k, v]) => v !== undefined && JSON.stringify(binding.backend.config[k] ?? null) !== JSON.stringify(v));
    if (binding.backend.type !== expected.type || binding.backend.workspace !== 'default' || differs.length) {
      const shown = (c: Record<string, unknown>) => differs.map(([k]) => `${k}=${JSON.stringify(c[k] ?? null)}`).join(', ');
      problems.push(`the plan file writes its state elsewhere (${binding.backend.type} ${shown(binding.backend.config)}) than this project keeps it (${expected.type} ${shown(expected.config)}): plan again from this project`);
    }
  }
  return problems;
}
