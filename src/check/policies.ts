import * as path from 'path';
import { RegoCompileError, formatError } from '@csm/rego';
import { PolicyFailure } from '../policy/finding';
import { InputError } from '../model/errors';
import { buildBundle, verifyBundle, DEFAULT_BUNDLE_DIR, type CompiledBundle } from '../policy/bundle';
import { sha256 } from '../policy/sources';
import type { CompiledPolicies } from './run-check';

/** What the evidence cites: hashes of the bytes compiled and read in this run, never a manifest's word. */
function fromCompiled({ wasm, manifest }: CompiledBundle): CompiledPolicies {
  return { wasm, hash: sha256(wasm), sources: manifest.sources, rules: manifest.rules };
}

/**
 * The compiled gate policy for a run, always compiled from the policy sources in this run: with `bundle`, a
 * prebuilt bundle must also be byte for byte what they compile to (else BundleMismatchError, bad input);
 * otherwise the result is written to the default bundle folder as an output. A policy that does not compile is
 * a PolicyFailure: the check fails closed.
 */
export async function compiledPolicies(
  policiesDir: string,
  options: { bundle?: string; buildDir?: string; onBuild?: (msg: string) => void } = {},
): Promise<CompiledPolicies> {
  try {
    if (options.bundle) return fromCompiled(await verifyBundle(options.bundle, policiesDir));
    const built = await buildBundle(policiesDir, options.buildDir ?? DEFAULT_BUNDLE_DIR);
    options.onBuild?.(`policies compiled (${built.manifest.rules.length} rules, bundle ${built.manifest.bundle_sha256.slice(0, 12)})${built.skipped ? `; ${built.dir} already holds it` : ` into ${built.dir}`}`);
    return fromCompiled(built);
  } catch (err) {
    if (err instanceof RegoCompileError) {
      // The bundle compiles paths relative to the policies folder; the user needs them from where they stand.
      const located = err.errors.map((e) => formatError({ ...e, location: { ...e.location, file: path.join(policiesDir, e.location.file) } }));
      throw new PolicyFailure(`policies do not compile:\n${located.join('\n')}`, 'compile');
    }
    // No policies to evaluate is the user's to fix (a wrong --policies), not a verdict: bad input, exit 2.
    if (err instanceof Error && /^no policies/.test(err.message)) throw new InputError(err.message);
    throw err;
  }
}
