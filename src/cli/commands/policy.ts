import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import type { Command, Io, ParsedArgs } from '../command';
import { EXIT, UsageError, str } from '../command';
import { pathArg } from '../catalogue-arg';
import { RegoCompileError } from '../../../rego/src/index';
import { BundleMismatchError, DEFAULT_BUNDLE_DIR, buildBundle, verifyBundle } from '../../policy/bundle';
import { formatTestRun, runPolicyTests } from '../../policy/test-runner';

const SUBCOMMANDS = ['build', 'test', 'verify'];

function compileErrorLines(err: RegoCompileError, dir: string): string[] {
  // Modules are compiled under their path inside the policies folder; show a path the user can open.
  return err.errors.map((e) => `${e.location?.file ? path.join(dir, e.location.file) : dir}:${e.location?.row ?? 0}:${e.location?.col ?? 0}: ${e.code}: ${e.message}`);
}

function formatOf(args: ParsedArgs): 'text' | 'json' {
  const format = str(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  return format;
}

async function build(dir: string, args: ParsedArgs, io: Io): Promise<number> {
  const out = pathArg(io, str(args, 'out') ?? DEFAULT_BUNDLE_DIR);
  try {
    const r = await buildBundle(dir, out, { force: args.options.force === true });
    const m = r.manifest;
    if (formatOf(args) === 'json') io.out(JSON.stringify({ ...r, dir: out }, null, 2));
    else if (r.skipped) io.out(`policy bundle ${out} is up to date (sources and compiler unchanged; bundle ${m.bundle_sha256.slice(0, 12)}): nothing compiled`);
    else io.out(`compiled ${Object.keys(m.sources).length} policy files (${m.rules.length} rules, ${m.entrypoints.length} entrypoints) into ${out}/policy.wasm (${m.wasm_bytes} bytes, sha256 ${m.bundle_sha256.slice(0, 12)})`);
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof RegoCompileError)) throw err;
    // Compile errors are bad input, like a catalogue that does not validate.
    for (const line of compileErrorLines(err, dir)) io.err(line);
    return EXIT.badInput;
  }
}

async function test(dir: string, args: ParsedArgs, io: Io): Promise<number> {
  const engine = str(args, 'engine') ?? 'wasm';
  const json = formatOf(args) === 'json';
  if (engine === 'opa') {
    // OPA's own test runner, for comparison where an `opa` binary is installed.
    // The folder follows `--`: a name starting with `-` is a path, never an option of opa's.
    const r = spawnSync('opa', ['test', ...(json ? ['--format', 'json'] : []), ...(args.options.verbose ? ['-v'] : []), '--', dir], { cwd: io.cwd, encoding: 'utf8' });
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err('csm policy test --engine opa: no `opa` binary on PATH; install OPA, or use the default engine (csm\'s compiler to wasm)');
      return EXIT.badInput;
    }
    if (r.stdout) io.out(r.stdout.trimEnd());
    if (r.stderr) io.err(r.stderr.trimEnd());
    return r.status === 0 ? EXIT.ok : r.status === 2 ? EXIT.badInput : EXIT.failure;
  }
  if (engine !== 'wasm') throw new UsageError(`--engine must be wasm or opa, not "${engine}"`);
  const filter = str(args, 'run');
  let pattern: RegExp | undefined;
  try {
    pattern = filter ? new RegExp(filter) : undefined;
  } catch (err) {
    throw new UsageError(`--run ${filter}: not a regular expression (${(err as Error).message})`);
  }
  const run = await runPolicyTests(dir, { filter: pattern });
  if (json) io.out(JSON.stringify(run, null, 2));
  else for (const line of formatTestRun(run, args.options.verbose === true)) (run.compileErrors.length ? io.err : io.out)(line);
  if (run.compileErrors.length) return EXIT.badInput;
  return run.passed === run.total ? EXIT.ok : EXIT.failure;
}

function verify(dir: string, args: ParsedArgs, io: Io): number {
  const bundle = pathArg(io, str(args, 'out') ?? DEFAULT_BUNDLE_DIR);
  try {
    const m = verifyBundle(bundle, dir);
    io.out(`policy bundle ${bundle} matches ${dir} (${Object.keys(m.sources).length} files, bundle ${m.bundle_sha256.slice(0, 12)})`);
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof BundleMismatchError)) throw err;
    io.err(`csm policy verify: ${err.message}`);
    return EXIT.badInput;
  }
}

export const policyCommand: Command = {
  name: 'policy',
  summary: 'Build the Rego policies into a wasm bundle, verify a bundle against its sources, or run their unit tests.',
  usage: 'csm policy build|test|verify [dir] [--out dir] [--engine wasm|opa] [--format text|json]',
  description: [
    'dir is the policies folder (default: policies).',
    '  build   compile every non-test .rego into <out>/policy.wasm + manifest.json (default out: .csm/policy-bundle);',
    '          nothing is compiled when the sources and the compiler are unchanged.',
    '  verify  check that <out> was built from these sources and is untouched (exit 2 if not).',
    '  test    run the test_* rules of the *_test.rego files, as `opa test` does: PASS/FAIL per test, then',
    '          PASS: n/m. Exit 1 on a failing test, 2 on a compile error (file:line:col).',
  ].join('\n'),
  options: [
    { name: 'out', value: 'dir', description: `bundle folder for build and verify (default: ${DEFAULT_BUNDLE_DIR})` },
    { name: 'force', description: 'build: compile even when nothing changed' },
    { name: 'engine', value: 'name', description: 'test: wasm (csm\'s compiler, default) or opa (an opa binary on PATH)' },
    { name: 'run', value: 'regex', description: 'test: only tests whose package.name matches' },
    { name: 'verbose', description: 'test: list passing tests too' },
    { name: 'format', value: 'text|json', description: 'output format (default: text)' },
  ],
  async run(args, io) {
    const [sub, dirArg, ...rest] = args.positionals;
    if (!sub || !SUBCOMMANDS.includes(sub)) throw new UsageError(`policy needs a subcommand: ${SUBCOMMANDS.join(', ')}`);
    if (rest.length) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
    const dir = pathArg(io, dirArg ?? 'policies');
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`${dir}: no such policies folder`);
    if (sub === 'build') return build(dir, args, io);
    if (sub === 'verify') return verify(dir, args, io);
    return test(dir, args, io);
  },
};
