import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A fake `terraform` that runs nothing: it records, for each call, the folder it was run in, its arguments, the
 * files that folder holds and every `TF_*` variable of its environment, then fails `init` (so csm stops there,
 * in milliseconds). What a test asks of it is what csm handed Terraform; csm runs it through CSM_TERRAFORM.
 */
export interface RecordedCall {
  cwd: string;
  args: string[];
  files: string[];
  env: Record<string, string>;
}

export function recordingTerraform(): { bin: string; calls(): RecordedCall[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-rec-tf-'));
  const log = path.join(dir, 'calls.jsonl');
  const bin = path.join(dir, 'terraform');
  fs.writeFileSync(
    bin,
    `#!/usr/bin/env node
const fs = require('fs');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('TF_')));
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ cwd: process.cwd(), args: process.argv.slice(2), files: fs.readdirSync('.').sort(), env }) + '\\n');
process.stderr.write('recording terraform: stops here\\n');
process.exit(1);
`,
    { mode: 0o755 },
  );
  return {
    bin,
    calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as RecordedCall) : []),
  };
}

/** Runs `work` with these environment variables set (undefined: unset), restoring them after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) delete process.env[k];
      else process.env[k] = x;
    }
  };
  set(vars);
  try {
    return await work();
  } finally {
    set(before);
  }
}
