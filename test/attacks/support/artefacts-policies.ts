import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../../support/catalogue-fixture';
import { runCli } from '../../support/run-cli';

/** The shipped policies. */
export const SHIPPED_POLICIES = path.join(REPO, 'policies');

export const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A copy of the shipped policies with files edited (a function) or added/replaced (a string). */
export function policiesWith(changes: Record<string, string | ((text: string) => string)> = {}, into?: string): string {
  const dir = into ?? fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-pol-'));
  fs.cpSync(SHIPPED_POLICIES, dir, { recursive: true });
  for (const [file, change] of Object.entries(changes)) {
    const target = path.join(dir, file);
    const next = typeof change === 'string' ? change : change(fs.readFileSync(target, 'utf8'));
    if (typeof change !== 'string' && next === fs.readFileSync(target, 'utf8')) throw new Error(`edit of ${file} changed nothing: the shipped policy moved`);
    fs.writeFileSync(target, next);
  }
  return dir;
}

/** The shipped policies with the budget rule (CSM-AGR-006) defanged: what an attacker would rather be judged by. */
export const permissivePolicies = () => policiesWith({ 'agreement.rego': (t) => t.replace('\tmonthly_cost > cap\n', '\tmonthly_cost > cap * 1000\n') });

/** A catalogue edit that puts corvid over its budget cap: the shipped policies deny it (CSM-AGR-006). */
export const OVER_BUDGET = { 'customers/corvid.yaml': (t: string) => t.replace('budgetCap: 1200', 'budgetCap: 100') };

/** `csm policy build <dir> --out <out>`, failing the test if it does not build. */
export async function buildBundle(dir: string, out = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-bundle-'))): Promise<string> {
  const r = await runCli(['policy', 'build', dir, '--out', out, '--force']);
  if (r.code !== 0) throw new Error(`policy build ${dir} failed: ${r.stdout}${r.stderr}`);
  return out;
}

/**
 * What an attacker with write access to a bundle folder does: puts a permissive policy.wasm in it and edits the
 * manifest so it names that wasm's hash and size, leaving the list of sources as the real policies'.
 */
export async function forgeBundle(bundleDir: string): Promise<{ permissiveSha256: string }> {
  const permissive = fs.readFileSync(path.join(await buildBundle(permissivePolicies()), 'policy.wasm'));
  fs.writeFileSync(path.join(bundleDir, 'policy.wasm'), permissive);
  const manifestFile = path.join(bundleDir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, bundle_sha256: sha256(permissive), wasm_bytes: permissive.length }, null, 2) + '\n');
  return { permissiveSha256: sha256(permissive) };
}

/** sha256 of each non-test `.rego` file under a folder (subfolders too), keyed by its relative path (what an evidence record must cite). */
export function sourceHashes(dir: string): Record<string, string> {
  return Object.fromEntries(
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))
      .sort()
      .map((f) => [f, sha256(fs.readFileSync(path.join(dir, f)))]),
  );
}
