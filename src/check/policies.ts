import * as fs from 'fs';
import * as path from 'path';
import { compile, RegoCompileError } from '../../rego/src/index';
import { PolicyFailure } from '../policy/finding';
import { GATE_ENTRYPOINT } from '../policy/engine';
import type { Io } from '../cli/command';
import type { CompiledPolicies } from './run-check';
import { sha256 } from './evidence';

/**
 * The compiled gate policy for a check run. A policy that does not compile is a PolicyFailure: the check
 * fails closed with the compiler's file:line:col message.
 */
export async function compiledPolicies(dir: string, _io: Io): Promise<CompiledPolicies> {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego')).sort() : [];
  if (!files.length) throw new PolicyFailure(`no policies found in ${dir}`, 'load');
  const modules = files.map((f) => ({ path: path.join(dir, f), source: fs.readFileSync(path.join(dir, f), 'utf8') }));
  try {
    const { wasm } = await compile({ modules, entrypoints: [GATE_ENTRYPOINT] });
    return { wasm, hash: sha256(Buffer.from(wasm)), sources: Object.fromEntries(modules.map((m) => [m.path, sha256(m.source)])), rules: [] };
  } catch (err) {
    if (err instanceof RegoCompileError) throw new PolicyFailure(`policies do not compile:\n${err.message}`, 'compile');
    throw err;
  }
}
