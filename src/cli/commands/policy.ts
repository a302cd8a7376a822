import * as fs from 'fs';
import * as path from 'path';
import type { Command, Io, ParsedArgs } from '../command';
import { EXIT, UsageError, str } from '../command';
import { pathArg } from '../catalogue-arg';
import { RegoCompileError } from '@csm/rego';
import { BundleMismatchError, DEFAULT_BUNDLE_DIR, buildBundle, verifyBundle } from '../../policy/bundle';
import { policyEval } from './policy-eval';
import { formatOf } from './policy-options';
import { policyTest } from './policy-test';

const SUBCOMMANDS = ['build', 'test', 'verify', 'eval'];

function compileErrorLines(err: RegoCompileError, dir: string): string[] {
  // Modules are compiled under their path inside the policies folder; show a path the user can open.
  return err.errors.map((e) => `${e.location?.file ? path.join(dir, e.location.file) : dir}:${e.location?.row ?? 0}:${e.location?.col ?? 0}: ${e.code}: ${e.message}`);
}

async function build(dir: string, args: ParsedArgs, io: Io): Promise<number> {
  const out = pathArg(io, str(args, 'out') ?? DEFAULT_BUNDLE_DIR);
  try {
    const r = await buildBundle(dir, out, { force: args.options.force === true });
    const m = r.manifest;
    if (formatOf(args, ['text', 'json'] as const) === 'json') io.out(JSON.stringify({ dir: out, manifest: m, skipped: r.skipped }, null, 2));
    else if (r.skipped) io.out(`policy bundle ${out} is up to date: the sources compile byte for byte to what it holds (bundle ${m.bundle_sha256.slice(0, 12)}); nothing written`);
    else io.out(`compiled ${Object.keys(m.sources).length} policy files (${m.rules.length} rules, ${m.entrypoints.length} entrypoints) into ${out}/policy.wasm (${m.wasm_bytes} bytes, sha256 ${m.bundle_sha256.slice(0, 12)})`);
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof RegoCompileError)) throw err;
    // Compile errors are bad input, like a catalogue that does not validate.
    for (const line of compileErrorLines(err, dir)) io.err(line);
    return EXIT.badInput;
  }
}

async function verify(dir: string, args: ParsedArgs, io: Io): Promise<number> {
  const bundle = pathArg(io, str(args, 'out') ?? DEFAULT_BUNDLE_DIR);
  try {
    const { manifest: m } = await verifyBundle(bundle, dir);
    io.out(`policy bundle ${bundle} is what ${dir} compiles to, byte for byte (${Object.keys(m.sources).length} files, bundle ${m.bundle_sha256.slice(0, 12)})`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof RegoCompileError) {
      for (const line of compileErrorLines(err, dir)) io.err(line);
      return EXIT.badInput;
    }
    if (!(err instanceof BundleMismatchError)) throw err;
    io.err(`csm policy verify: ${err.message}`);
    return EXIT.badInput;
  }
}

export const policyCommand: Command = {
  name: 'policy',
  summary: 'Build the Rego policies into a wasm bundle, verify a bundle against its sources, run their unit tests, or evaluate a query.',
  usage: 'csm policy build|verify [dir] | test [path...] | eval <query> [-d path]... [-i input] [options]',
  description: [
    'build   compile every non-test .rego of dir (default: policies) into <out>/policy.wasm + manifest.json',
    '        (default out: .csm/policy-bundle); every package\'s deny and warn rules are the gate; nothing is',
    '        written when <out> already holds exactly what the sources compile to.',
    'verify  compile the sources of dir again and check that <out> holds exactly those bytes (exit 2 if not).',
    'test    run the test_* rules of the .rego files under the paths (default: policies), as `opa test` does: each',
    '        rule body is a test (test_x, test_x#01, ...), todo_test_* are skipped, JSON/YAML files beside the policies',
    '        are data at their folder\'s path. Exit 1 on a failing test, an error or a test past --timeout (default',
    '        5s each), or when no test is found; 2 on a compile error (file:line:col) or an unreadable file.',
    'eval    evaluate a query over the policies and data of the -d paths and the -i input, as `opa eval` does.',
    '        Exit 1 with --fail when the result is undefined, with --fail-defined when it is defined; 2 on a',
    '        compile, load or evaluation error.',
    'Rego v0 modules (bodies without `if`, `deny[msg] { ... }`) need --v0-compatible, as with opa; a module that',
    'imports rego.v1 is always v1, and a folder\'s .manifest (rego_version, file_rego_versions) sets versions per file.',
  ].join('\n'),
  options: [
    { name: 'out', value: 'dir', description: `bundle folder for build and verify (default: ${DEFAULT_BUNDLE_DIR})` },
    { name: 'force', description: 'build: write the bundle even when the folder already holds it' },
    { name: 'engine', value: 'name', description: 'test: wasm (csm\'s compiler, default) or opa (an opa binary on PATH)' },
    { name: 'run', value: 'regex', description: 'test: only tests whose full name (data.pkg.test_x) matches' },
    { name: 'verbose', short: 'v', description: 'test: list passing tests too, with print output and trace notes' },
    { name: 'timeout', value: 'duration', description: 'test: bound of each test (default 5s); eval: of the query (default 10s); 5s, 1m, 500ms or ms' },
    { name: 'coverage', description: 'test: not available with the wasm engine (says so)' },
    { name: 'v0-compatible', description: 'test, eval: parse modules as Rego v0 unless they import rego.v1 (opa --v0-compatible)' },
    { name: 'v1-compatible', description: 'test, eval: Rego v1, the default (accepted as opa 1.x accepts it)' },
    { name: 'ignore', value: 'pattern', repeat: true, description: 'test, eval: skip files and folders whose name matches the shell pattern (opa --ignore, e.g. \'*.yaml\')' },
    { name: 'builtin', value: 'name=data.path', repeat: true, description: 'test, eval: a builtin a product adds to OPA, run as a Rego function of the modules (e.g. Trivy\'s result.new=data.lib.result.new)' },
    { name: 'data', short: 'd', value: 'path', repeat: true, description: 'eval: a policy or data file or folder (repeatable)' },
    { name: 'input', short: 'i', value: 'file', description: 'eval: the input document (JSON, or YAML)' },
    { name: 'fail', description: 'eval: exit 1 when the result is undefined' },
    { name: 'fail-defined', description: 'eval: exit 1 when the result is defined' },
    { name: 'format', value: 'fmt', description: 'build, verify, test: text or json; eval: json (default) or pretty' },
  ],
  async run(args, io) {
    const [sub, ...rest] = args.positionals;
    if (!sub || !SUBCOMMANDS.includes(sub)) throw new UsageError(`policy needs a subcommand: ${SUBCOMMANDS.join(', ')}`);
    if (sub === 'eval') {
      if (rest.length > 1) throw new UsageError(`policy eval takes one query, not ${rest.length} (quote it)`);
      return policyEval(rest[0], args, io);
    }
    if (sub === 'test') return policyTest((rest.length ? rest : ['policies']).map((p) => pathArg(io, p)), args, io);
    const [dirArg, ...extra] = rest;
    if (extra.length) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const dir = pathArg(io, dirArg ?? 'policies');
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`${dir}: no such policies folder`);
    if (sub === 'build') return build(dir, args, io);
    return verify(dir, args, io);
  },
};
