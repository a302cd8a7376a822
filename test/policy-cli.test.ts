import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './support/run-cli';
import { REPO } from './support/catalogue-fixture';
import { verifyBundle, BundleMismatchError } from '../src/policy/bundle';

const POLICIES = path.join(REPO, 'policies');

/** A copy of the shipped policies in a temporary folder, with some files changed or added. */
function policiesWith(changes: Record<string, string | ((text: string) => string)> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-pol-'));
  fs.cpSync(POLICIES, dir, { recursive: true });
  for (const [file, change] of Object.entries(changes)) {
    const target = path.join(dir, file);
    const next = typeof change === 'string' ? change : change(fs.readFileSync(target, 'utf8'));
    fs.writeFileSync(target, next);
  }
  return dir;
}

describe('csm policy test', () => {
  test('the shipped policies pass their own unit tests (CI runs the Rego tests here)', async () => {
    const r = await runCli(['policy', 'test', POLICIES]);
    const summary = /^PASS: (\d+)\/(\d+)$/m.exec(r.stdout);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(summary).not.toBeNull();
    expect(summary![1]).toBe(summary![2]);
    // At least one passing and one failing case per rule: twice the 27 rules, and then some.
    expect(Number(summary![2])).toBeGreaterThanOrEqual(54);
  });

  test('a failing test is reported by name and file, and exits 1', async () => {
    const dir = policiesWith({
      'broken_test.rego': 'package csm.broken_test\n\nimport rego.v1\n\ntest_ok if true\n\ntest_wrong if {\n\t1 == 2\n}\n\ntest_false := false\n',
    });
    const r = await runCli(['policy', 'test', dir, '--run', 'broken']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${path.join(dir, 'broken_test.rego')}:`);
    expect(r.stdout).toMatch(/data\.csm\.broken_test\.test_wrong: FAIL/);
    expect(r.stdout).toMatch(/data\.csm\.broken_test\.test_false: FAIL/);
    expect(r.stdout).not.toMatch(/test_ok: FAIL/);
    expect(r.stdout).toMatch(/^PASS: 1\/3$/m);
  });

  test('a compile error stops the run with file:line:col and exit 2', async () => {
    const dir = policiesWith({ 'security.rego': (t) => t.replace('not sse_with_tenant_key(bucket)', 'not sse_with_tenant_kee(bucket)') });
    const r = await runCli(['policy', 'test', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${path.join(dir, 'security.rego').replace(/[.\\]/g, '\\$&')}:\\d+:\\d+: rego_`));
  });

  test('--format json gives every result as opa test writes them', async () => {
    const r = await runCli(['policy', 'test', POLICIES, '--format', 'json', '--run', 'capacity']);
    const results = JSON.parse(r.stdout) as { package: string; name: string; duration: number; fail?: boolean; location: { file: string; row: number } }[];
    expect(r.code).toBe(0);
    expect(results.length).toBeGreaterThan(5);
    for (const t of results) {
      expect(t).toMatchObject({ package: 'data.csm.capacity_test', location: { file: expect.stringMatching(/capacity_test\.rego$/) } });
      expect(t.name).toMatch(/^test_/);
      expect(t.fail).toBeUndefined();
      expect(Number.isInteger(t.duration)).toBe(true);
    }
  });

  test('--engine opa says clearly when there is no opa binary', async () => {
    const r = await runCli(['policy', 'test', POLICIES, '--engine', 'opa']);
    // This machine has no opa; if one is ever installed, its own runner must agree with ours.
    if (r.code === 2) expect(r.stderr).toMatch(/no `opa` binary on PATH/);
    else expect(r.code).toBe(0);
  });
});

describe('csm policy build and verify', () => {
  const out = () => fs.mkdtempSync(path.join(os.tmpdir(), 'csm-bundle-'));

  test('builds the bundle, then skips an unchanged rebuild, and verifies', async () => {
    const bundle = out();
    const first = await runCli(['policy', 'build', POLICIES, '--out', bundle]);
    expect(first.code).toBe(0);
    // Every policy under the folder, the generic pack's subfolders included (paths with forward slashes).
    const policyFiles = (fs.readdirSync(POLICIES, { recursive: true, encoding: 'utf8' }) as string[])
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))
      .sort();
    expect(first.stdout).toMatch(new RegExp(`^compiled ${policyFiles.length} policy files`));
    const manifest = JSON.parse(fs.readFileSync(path.join(bundle, 'manifest.json'), 'utf8'));
    expect(manifest.entrypoints).toEqual(expect.arrayContaining(['__csm__/gate/decision', 'csm/security/deny', 'csm/security/warn', 'csm/lifecycle/deny']));
    expect(manifest.gate).toEqual(expect.arrayContaining(['csm.agreement.deny', 'csm.operations.warn', 'csm.security.deny']));
    expect(Object.keys(manifest.sources).sort()).toEqual(policyFiles);
    expect(policyFiles).toEqual(expect.arrayContaining(['agreement.rego', 'capacity.rego', 'lib.rego', 'lifecycle.rego', 'security.rego']));
    expect(manifest.rules.map((r: { id: string }) => r.id)).toContain('CSM-LCM-001');
    // policies/README.md's rule table is the manifest's list: a changed title, severity or clause shows here.
    const readme = fs.readFileSync(path.join(POLICIES, 'README.md'), 'utf8');
    for (const r of manifest.rules.filter((x: { id: string }) => /^CSM-(AGR|SEC|CAP|LCM|OPS)-/.test(x.id))) {
      expect(readme).toContain(`| ${r.id} | ${r.kind} | ${r.severity} | ${r.title} | ${r.clauses.join(', ')} |`);
    }
    const again = await runCli(['policy', 'build', POLICIES, '--out', bundle]);
    expect(again.stdout).toMatch(/is up to date: the sources compile byte for byte to what it holds .*nothing written/);
    expect((await runCli(['policy', 'verify', POLICIES, '--out', bundle])).code).toBe(0);
  });

  test('a bundle that no longer matches its sources or its wasm is refused (exit 2)', async () => {
    const bundle = out();
    const dir = policiesWith();
    expect((await runCli(['policy', 'build', dir, '--out', bundle])).code).toBe(0);
    fs.appendFileSync(path.join(dir, 'lifecycle.rego'), '\n# edited after the build\n');
    const r = await runCli(['policy', 'verify', dir, '--out', bundle]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not match its sources: .*lifecycle\.rego changed/);
    await expect(verifyBundle(bundle, dir)).rejects.toThrow(BundleMismatchError);
    // Rebuilt, it matches again; then a tampered wasm is caught.
    expect((await runCli(['policy', 'build', dir, '--out', bundle])).stdout).toMatch(/^compiled/);
    fs.appendFileSync(path.join(bundle, 'policy.wasm'), Buffer.from([0]));
    await expect(verifyBundle(bundle, dir)).rejects.toThrow(/policy\.wasm is not what .* compiles to/);
  });
});
