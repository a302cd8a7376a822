import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/run-cli';
import { catalogueWith } from '../support/catalogue-fixture';
import { OVER_BUDGET, SHIPPED_POLICIES, buildBundle, forgeBundle, permissivePolicies, sha256, sourceHashes } from './support/artefacts-policies';

/**
 * Attacks on "nothing vouches for itself" for the policy bundle (issue 11, class 2). A bundle folder is data an
 * attacker can write (a pull request can commit `.csm/policy-bundle/`, an artefact store can be written): each
 * attack forges one and checks that csm judges by what the sources compile to, and says so in its evidence.
 * Every policy here is the real Rego, compiled by csm's compiler and evaluated through the real SDK.
 */
const project = () => fs.mkdtempSync(path.join(os.tmpdir(), 'csm-attack-project-'));
const overBudget = () => catalogueWith(OVER_BUDGET);
const latestEvidence = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, fs.readdirSync(dir).sort().pop()!), 'utf8'));

describe('README: "csm policy verify: verify a bundle against its sources"', () => {
  test('a permissive policy.wasm whose manifest was edited to carry its hash does not verify (exit 2)', async () => {
    const bundle = await buildBundle(SHIPPED_POLICIES);
    await forgeBundle(bundle);
    const r = await runCli(['policy', 'verify', SHIPPED_POLICIES, '--out', bundle]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/policy\.wasm is not what .* compiles to/);
  });

  test('a stale bundle whose manifest was edited to list the current sources does not verify (exit 2)', async () => {
    // Built from the permissive policies; the sources moved on; the manifest is made to claim the new ones.
    const bundle = await buildBundle(permissivePolicies());
    const manifestFile = path.join(bundle, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, sources: sourceHashes(SHIPPED_POLICIES) }, null, 2) + '\n');
    const r = await runCli(['policy', 'verify', SHIPPED_POLICIES, '--out', bundle]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not match its sources/);
  });
});

describe('README: "A --bundle that does not match its sources is bad input (exit 2)"', () => {
  test('check --bundle with a forged permissive bundle is refused before anything is evaluated or recorded', async () => {
    const cwd = project();
    const bundle = await buildBundle(SHIPPED_POLICIES);
    await forgeBundle(bundle);
    const r = await runCli(['check', 'corvid', '--catalogue', overBudget(), '--policies', SHIPPED_POLICIES, '--bundle', bundle, '--evidence', path.join(cwd, 'evidence'), '--out', path.join(cwd, 'out')], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not match its sources/);
    expect(fs.existsSync(path.join(cwd, 'evidence'))).toBe(false);
  });

  test('check --bundle whose manifest claims clauses the policies do not cover is refused (the evidence would list them)', async () => {
    const cwd = project();
    const bundle = await buildBundle(SHIPPED_POLICIES);
    const manifestFile = path.join(bundle, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    manifest.rules[0].clauses.push('4.1.1');
    fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
    const r = await runCli(['check', 'acme', '--catalogue', catalogueWith(), '--policies', SHIPPED_POLICIES, '--bundle', bundle, '--evidence', path.join(cwd, 'evidence'), '--out', path.join(cwd, 'out')], cwd);
    expect(r.code).toBe(2);
    expect(fs.existsSync(path.join(cwd, 'evidence'))).toBe(false);
  });
});

describe('README: "compiled ... into .csm/policy-bundle/ (rebuilt only when a source changed)"', () => {
  /** A project whose `.csm/policy-bundle` was built by csm, then forged (as a committed file would be). */
  async function forgedCache(): Promise<string> {
    const cwd = project();
    fs.cpSync(SHIPPED_POLICIES, path.join(cwd, 'policies'), { recursive: true });
    const first = await runCli(['check', 'acme', '--catalogue', catalogueWith(), '--no-evidence', '--out', path.join(cwd, 'out')], cwd);
    expect(first.code).toBe(0);
    await forgeBundle(path.join(cwd, '.csm', 'policy-bundle'));
    return cwd;
  }

  test('a forged .csm/policy-bundle is not taken as up to date: the change over budget is still denied', async () => {
    const cwd = await forgedCache();
    const r = await runCli(['check', 'corvid', '--catalogue', overBudget(), '--evidence', path.join(cwd, 'evidence'), '--out', path.join(cwd, 'out')], cwd);
    expect(r.stdout).toMatch(/DENY {3}CSM-AGR-006 high onboard-corvid/);
    expect(r.code).toBe(1);
  });

  test('the evidence cites the hashes of the sources and of the wasm compiled in that run, not the forged cache\'s', async () => {
    const cwd = await forgedCache();
    await runCli(['check', 'corvid', '--catalogue', overBudget(), '--evidence', path.join(cwd, 'evidence'), '--out', path.join(cwd, 'out')], cwd);
    const record = latestEvidence(path.join(cwd, 'evidence'));
    const honest = JSON.parse(fs.readFileSync(path.join(await buildBundle(path.join(cwd, 'policies')), 'manifest.json'), 'utf8'));
    expect(record.policyBundle.hash).toBe(honest.bundle_sha256);
    expect(record.policyBundle.sources).toEqual(sourceHashes(path.join(cwd, 'policies')));
    expect(record.policyBundle.hash).not.toBe(sha256(fs.readFileSync(path.join(await buildBundle(permissivePolicies()), 'policy.wasm'))));
  });
});
