import * as fs from 'fs';
import * as path from 'path';
import { RegoCompileError, formatError } from '@csm/rego';
import { PolicyFailure } from '../policy/finding';
import { InputError } from '../model/errors';
import { buildBundle, verifyBundle, DEFAULT_BUNDLE_DIR, type BundleManifest } from '../policy/bundle';
import type { CompiledPolicies } from './run-check';

function fromBundle(dir: string, manifest: BundleManifest): CompiledPolicies {
  return { wasm: fs.readFileSync(path.join(dir, 'policy.wasm')), hash: manifest.bundle_sha256, sources: manifest.sources, rules: manifest.rules };
}

/**
 * The compiled gate policy for a check run: a prebuilt bundle that must match its sources (a mismatch is
 * BundleMismatchError, bad input), or the policies folder built into the default bundle (kept as is when
 * nothing changed). A policy that does not compile is a PolicyFailure: the check fails closed.
 */
export async function compiledPolicies(
  policiesDir: string,
  options: { bundle?: string; buildDir?: string; onBuild?: (msg: string) => void } = {},
): Promise<CompiledPolicies> {
  if (options.bundle) return fromBundle(options.bundle, verifyBundle(options.bundle, policiesDir));
  try {
    const built = await buildBundle(policiesDir, options.buildDir ?? DEFAULT_BUNDLE_DIR);
    options.onBuild?.(built.skipped ? `policy bundle ${built.dir} is up to date` : `policy bundle built: ${built.dir} (${built.manifest.rules.length} rules)`);
    return fromBundle(built.dir, built.manifest);
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
