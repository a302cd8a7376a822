import { spawn } from 'child_process';
import * as path from 'path';
import { PACKAGE_ROOT } from '../package-root';
import { holdSignals, throwIfInterrupted, track } from './interrupt';

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The Terraform binary: CSM_TERRAFORM, read at each call (a test substitutes a fake for one call), else `terraform`. */
export const terraformBin = () => process.env.CSM_TERRAFORM ?? 'terraform';
export const SHIPPED_CLI_CONFIG = path.join(PACKAGE_ROOT, 'src', 'terraform', 'offline.tfrc');

/**
 * What Terraform may take from the shell: its logging, and credentials for a registry named in
 * CSM_TF_CLI_CONFIG. Every other `TF_*` variable changes what Terraform does (TF_CLI_ARGS_plan=-destroy or
 * -target=..., TF_CLI_ARGS_apply=-state-out=..., TF_WORKSPACE another state, TF_DATA_DIR another `.terraform`
 * with its providers, TF_VAR_*, TF_REATTACH_PROVIDERS a provider process csm did not start), so it would make
 * the plan or the apply something other than what csm built, gated and recorded: none reaches Terraform.
 */
const KEPT_TF_VARIABLES = /^TF_(LOG|LOG_CORE|LOG_PROVIDER|LOG_PATH|TOKEN_.+)$/;

/**
 * The environment Terraform runs in: csm's own CLI config (provider mirror, no network; CSM_TF_CLI_CONFIG
 * names another, e.g. one with a registry for real plans) whatever TF_CLI_CONFIG_FILE the shell has, so plans
 * are reproducible; no other `TF_*` setting of the shell; no prompts; and, for offline plans, dummy credentials
 * so the provider starts without AWS (the stacks carry the provider's skip_* flags for the same reason).
 */
export function terraformEnv(offline: boolean): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('TF_') || KEPT_TF_VARIABLES.test(name));
  const env: NodeJS.ProcessEnv = { ...Object.fromEntries(inherited), TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  env.TF_CLI_CONFIG_FILE = process.env.CSM_TF_CLI_CONFIG ?? SHIPPED_CLI_CONFIG;
  if (offline) {
    env.AWS_ACCESS_KEY_ID = 'csm-offline-dummy';
    env.AWS_SECRET_ACCESS_KEY = 'csm-offline-dummy';
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
    env.AWS_EC2_METADATA_DISABLED = 'true';
  }
  return env;
}

/**
 * Runs Terraform and collects its output. It runs in its own process group with SIGINT and SIGTERM held by
 * csm (src/terraform/interrupt.ts): a signal reaches it once, forwarded, and csm waits for it to stop. After a
 * signal, no new Terraform starts (InterruptedError).
 */
export function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TerraformResult> {
  throwIfInterrupted();
  const release = holdSignals();
  return new Promise<TerraformResult>((resolve, reject) => {
    const bin = terraformBin();
    const child = spawn(bin, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    track(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => reject(new Error(`cannot run ${bin}: ${e.message}`)));
    child.on('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: signal ? `${stderr}\nterraform stopped by ${signal}` : stderr });
    });
  }).finally(release);
}
