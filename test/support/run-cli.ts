import { main } from '../../src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `csm <argv>` in-process with a working directory of the test's choosing. */
export async function runCli(argv: string[], cwd = process.cwd()): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), cwd });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
