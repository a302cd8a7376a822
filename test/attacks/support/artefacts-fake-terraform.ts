import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A fake `terraform` for the one thing that cannot run here: `terraform apply` needs AWS. The fake passes every
 * other command (init, plan, show) to the real Terraform, and for `apply` records where it ran, its arguments
 * and the sha256 of the plan file it was handed, then succeeds (or, with `mode: 'hang'`, waits for a signal, to
 * show csm forwards it). csm runs it through CSM_TERRAFORM, its Terraform-path setting.
 */
export interface FakeTerraform {
  bin: string;
  /** One line per `apply`: `<cwd>\t<args>\t<sha256 of the last argument>`. */
  calls(): Array<{ cwd: string; args: string[]; planSha256: string }>;
  /** Lines the hanging apply wrote (`started`, `got TERM`, `exiting`). */
  events(): string[];
  reset(): void;
}

const REAL = execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();

export function fakeTerraform(options: { mode?: 'ok' | 'hang'; planFor?: 'plan' } = {}): FakeTerraform {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-fake-tf-'));
  const log = path.join(dir, 'calls.log');
  const events = path.join(dir, 'events.log');
  const bin = path.join(dir, 'terraform');
  // `hang` stands in for a long apply (or plan): it traps SIGINT/SIGTERM, notes them, and exits once signalled.
  const hang = `echo started >> '${events}'
trap 'echo "got INT" >> "${events}"; sleep 0.3; echo exiting >> "${events}"; exit 130' INT
trap 'echo "got TERM" >> "${events}"; sleep 0.3; echo exiting >> "${events}"; exit 143' TERM
i=0; while [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; exit 0`;
  const apply = options.mode === 'hang' ? hang : `echo "Apply complete! Resources: 0 added, 0 changed, 0 destroyed."; exit 0`;
  const intercepted = options.planFor === 'plan' ? 'plan' : 'apply';
  fs.writeFileSync(
    bin,
    `#!/bin/sh
if [ "$1" = "${intercepted}" ]; then
  for last; do :; done
  sum=$(sha256sum "$last" 2>/dev/null | cut -d' ' -f1)
  printf '%s\\t%s\\t%s\\n' "$(pwd)" "$*" "$sum" >> '${log}'
  ${apply}
fi
exec '${REAL}' "$@"
`,
    { mode: 0o755 },
  );
  const lines = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : []);
  return {
    bin,
    calls: () =>
      lines(log).map((l) => {
        const [cwd, args, planSha256] = l.split('\t');
        return { cwd, args: args.split(' '), planSha256 };
      }),
    events: () => lines(events),
    reset: () => {
      fs.rmSync(log, { force: true });
      fs.rmSync(events, { force: true });
    },
  };
}

/** Runs `work` with csm's Terraform-path setting pointing at the fake. */
export async function withTerraform<T>(fake: FakeTerraform, work: () => Promise<T>): Promise<T> {
  const before = process.env.CSM_TERRAFORM;
  process.env.CSM_TERRAFORM = fake.bin;
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.CSM_TERRAFORM;
    else process.env.CSM_TERRAFORM = before;
  }
}
