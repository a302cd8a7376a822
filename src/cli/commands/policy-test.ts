/** `csm policy test`: the policies' unit tests, as `opa test` runs and counts them. */
import { spawnSync } from 'child_process';
import { DEFAULT_TEST_TIMEOUT_MS, LoadError, countTests, formatTestReport, testReportJson } from '@csm/rego';
import { EXIT, UsageError, str, type Io, type ParsedArgs } from '../command';
import { runPolicyTests } from '../../policy/test-runner';
import { builtinFunctionsOf, formatOf, ignoreOf, regoVersionOf, timeoutOf } from './policy-options';

/** OPA's own runner, for comparison where an `opa` binary is installed (same options passed on). */
function withOpa(paths: string[], args: ParsedArgs, io: Io, json: boolean): number {
  const run = str(args, 'run');
  const timeout = str(args, 'timeout');
  // The paths follow `--`: a path starting with `-` stays a path, never one of opa's options.
  const opaArgs = ['test', ...(json ? ['--format', 'json'] : []), ...(args.options.verbose ? ['-v'] : []),
    ...(run ? ['--run', run] : []), ...(timeout ? ['--timeout', /^\d+$/.test(timeout) ? `${timeout}ms` : timeout] : []),
    ...(args.options['v0-compatible'] ? ['--v0-compatible'] : []), ...ignoreOf(args).flatMap((g) => ['--ignore', g]), '--', ...paths];
  const r = spawnSync('opa', opaArgs, { cwd: io.cwd, encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    io.err('csm policy test --engine opa: no `opa` binary on PATH; install OPA, or use the default engine (csm\'s compiler to wasm)');
    return EXIT.badInput;
  }
  if (r.stdout) io.out(r.stdout.trimEnd());
  if (r.stderr) io.err(r.stderr.trimEnd());
  return r.status === 0 ? EXIT.ok : r.status === 2 ? EXIT.badInput : EXIT.failure;
}

export async function policyTest(paths: string[], args: ParsedArgs, io: Io): Promise<number> {
  const json = formatOf(args, ['text', 'json'] as const) === 'json';
  const engine = str(args, 'engine') ?? 'wasm';
  if (engine === 'opa') return withOpa(paths, args, io, json);
  if (engine !== 'wasm') throw new UsageError(`--engine must be wasm or opa, not "${engine}"`);
  if (args.options.coverage) {
    throw new UsageError('--coverage is not available with the wasm engine: a compiled policy does not report which expressions it evaluated (use --engine opa for coverage)');
  }
  const pattern = str(args, 'run');
  let filter: RegExp | undefined;
  try {
    filter = pattern === undefined ? undefined : new RegExp(pattern);
  } catch (e) {
    throw new UsageError(`--run ${pattern}: not a regular expression (${(e as Error).message})`);
  }
  const timeoutMs = timeoutOf(args, DEFAULT_TEST_TIMEOUT_MS);
  let run;
  try {
    run = await runPolicyTests({ paths, filter, timeoutMs, regoVersion: regoVersionOf(args), builtinFunctions: builtinFunctionsOf(args), ignore: ignoreOf(args) });
  } catch (err) {
    if (!(err instanceof LoadError)) throw err;
    io.err(`csm policy test: ${err.message}`);
    return EXIT.badInput;
  }
  if (!run.report) {
    for (const line of run.compileErrors) io.err(line);
    io.err(`${run.compileErrors.length} compile error${run.compileErrors.length === 1 ? '' : 's'}: no test ran`);
    return EXIT.badInput;
  }
  const counts = countTests(run.report.results);
  if (json) io.out(JSON.stringify(testReportJson(run.report), null, 2));
  else for (const line of formatTestReport(run.report, { verbose: args.options.verbose === true })) io.out(line);
  if (counts.total === 0) {
    // nothing ran: a wrong folder or filter must not read as a passing suite
    io.err(`csm policy test: no test rules (test_*) found in ${paths.join(', ')}${pattern ? ` matching --run ${pattern}` : ''}`);
    return EXIT.failure;
  }
  return counts.fail + counts.error > 0 ? EXIT.failure : EXIT.ok;
}
