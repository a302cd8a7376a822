import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { runCli } from './support/run-cli';
import { catalogueWith, lineOf } from './support/catalogue-fixture';

const POLICIES = path.join(__dirname, 'fixtures', 'policies-minimal');
const work = () => fs.mkdtempSync(path.join(os.tmpdir(), 'csm-check-'));
const overBudget = (t: string) => t.replace('budgetCap: 1200', 'budgetCap: 100');

function check(args: string[], cwd: string) {
  return runCli(['check', '--policies', POLICIES, '--out', path.join(cwd, 'out'), '--evidence', path.join(cwd, 'evidence'), ...args], cwd);
}

describe('csm check', () => {
  test('passes the example; one line per finding and the summary line', async () => {
    const cwd = work();
    const r = await check(['--catalogue', catalogueWith()], cwd);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    // One key per region used, per customer and per service's design review (its sample customer's tenancy).
    expect(lines.filter((l) => l.startsWith('WARN   TST-SEC-001')).map((l) => l.split(' ')[5])).toEqual([
      'onboard-acme',
      'onboard-bluefin',
      'onboard-corvid',
      'design-container-hosting',
      'design-managed-postgres',
      'design-object-storage',
      'design-tenant-network',
    ]);
    // The customers' stacks, the provider's management policy once, and the design of each service.
    expect(lines).toContain('8 stacks, 8 passed, 7 warnings, 0 failures, 0 waived');
  });

  test('a denial exits 1 and points at the catalogue line that caused it', async () => {
    const cwd = work();
    const cat = catalogueWith({ 'customers/corvid.yaml': overBudget });
    const r = await check(['--catalogue', cat, 'corvid'], cwd);
    expect(r.code).toBe(1);
    const file = path.join(cat, 'customers/corvid.yaml');
    expect(r.stdout).toContain(`DENY   TST-AGR-001 high onboard-corvid [synth] corvid: monthly cost 480 exceeds the budget cap 100 [ISO/IEC 20000-1 6.4; S08] (${file}:${lineOf(file, 'budgetCap')}:14)`);
    expect(r.stdout).toMatch(/1 stacks, 0 passed, 1 warnings, 1 failures, 0 waived$/m);
  });

  test('a waiver with reason, approver and expiry accepts the finding; an expired one says so and does not', async () => {
    const waiver = (expires: string) => `waivers:\n  - id: corvid-budget\n    rule: TST-AGR-001\n    customer: corvid\n    reason: Budget raise signed, contract amendment in progress\n    approver: dana.fischer@nimbus.example\n    expires: "${expires}"\n`;
    const cwd = work();
    const valid = await check(['--catalogue', catalogueWith({ 'customers/corvid.yaml': overBudget, 'waivers.yaml': waiver('2026-12-31') }), '--now', '2026-11-25T12:00:00Z', 'corvid'], cwd);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('WAIVED TST-AGR-001');
    expect(valid.stdout).toContain('waived by corvid-budget');
    expect(valid.stdout).toMatch(/0 failures, 1 waived$/m);

    const expired = await check(['--catalogue', catalogueWith({ 'customers/corvid.yaml': overBudget, 'waivers.yaml': waiver('2026-11-24') }), '--now', '2026-11-25T12:00:00Z', 'corvid'], cwd);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toContain('DENY   TST-AGR-001');
    expect(expired.stdout).toContain('waiver corvid-budget expired on 2026-11-24: it no longer applies');
  });

  test('a waiver without a reason is invalid input: exit 2, located', async () => {
    const cwd = work();
    const cat = catalogueWith({ 'waivers.yaml': 'waivers:\n  - id: w1\n    rule: TST-AGR-001\n    approver: someone\n    expires: "2027-01-01"\n' });
    const r = await check(['--catalogue', cat], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(cat, 'waivers.yaml')}:2:5: waivers[0].reason: is required but missing`);
    expect(fs.existsSync(path.join(cwd, 'evidence'))).toBe(false);
  });

  test('every run writes a new evidence record with input hashes, decisions and clauses; none is overwritten', async () => {
    const cwd = work();
    const cat = catalogueWith({ 'customers/corvid.yaml': overBudget });
    const now = ['--now', '2026-11-25T12:00:00Z'];
    await check(['--catalogue', cat, ...now, 'corvid'], cwd);
    await check(['--catalogue', cat, ...now, 'corvid'], cwd);
    const files = fs.readdirSync(path.join(cwd, 'evidence')).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}(-2)?\.json$/);
    const record = JSON.parse(fs.readFileSync(path.join(cwd, 'evidence', files[0]), 'utf8'));
    expect(Object.keys(record.inputs)).toContainEqual(expect.stringMatching(/customers\/corvid\.yaml$/));
    expect(Object.keys(record.inputs)).toContainEqual(expect.stringMatching(/policies-minimal\/gate\.rego$/));
    expect(record.policyBundle.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.decisions[0]).toMatchObject({ stack: 'onboard-corvid', gate: 'synth', status: 'failed', inputSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(record.decisions[0].findings.map((f: { id: string }) => f.id)).toContain('TST-AGR-001');
    expect(record.clauses).toEqual(['6.4', '6.6', '9.2']); // the clauses of every rule evaluated
    expect(record.evaluationTime).toBe('2026-11-25T12:00:00.000Z');
  });

  test('fails closed: a policy that does not compile is a failure with its file:line:col', async () => {
    const cwd = work();
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-pol-'));
    fs.writeFileSync(path.join(broken, 'gate.rego'), 'package csm.gate\n\ndeny contains x if { x := 1 + }\n');
    const r = await runCli(['check', '--policies', broken, '--catalogue', catalogueWith(), '--no-evidence', '--out', path.join(cwd, 'out')], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${broken}/gate\\.rego:3:\\d+: rego_parse_error`));
  });

  test('fails closed: policies without any deny or warn rule gate nothing, and are refused', async () => {
    const cwd = work();
    const none = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-pol-'));
    fs.writeFileSync(path.join(none, 'gate.rego'), 'package csm.gate\n\ndecision := {"deny": [], "warn": []}\n');
    const r = await runCli(['check', '--policies', none, '--catalogue', catalogueWith(), '--no-evidence', '--out', path.join(cwd, 'out'), 'acme'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no package defines a deny or warn rule: a gate without rules would pass everything/);
  });

  test('a prebuilt bundle that no longer matches its policy sources is bad input (exit 2)', async () => {
    const cwd = work();
    const policies = path.join(cwd, 'policies');
    fs.cpSync(POLICIES, policies, { recursive: true });
    const bundle = path.join(cwd, 'bundle');
    expect((await runCli(['policy', 'build', policies, '--out', bundle], cwd)).code).toBe(0);
    fs.appendFileSync(path.join(policies, 'gate.rego'), '\n# an edit after the bundle was built\n');
    const r = await runCli(['check', '--policies', policies, '--bundle', bundle, '--catalogue', catalogueWith(), '--no-evidence', '--out', path.join(cwd, 'out')], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not match its sources: .*manifest\.json is not the manifest of these sources \(it was built from other sources: .*gate\.rego changed\)/);
  });

  test("a plan JSON of an unknown format version is bad input (exit 2), reported as that file's result", async () => {
    const cwd = work();
    const plan = path.join(cwd, 'plan.json');
    fs.writeFileSync(plan, JSON.stringify({ format_version: '9.0', resource_changes: [] }));
    const r = await check(['--catalogue', catalogueWith(), '--plan-json', plan], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^INVALID \S*plan \[plan\]: \S*plan\.json: plan JSON format_version "9.0" is not supported/m);
    expect(r.stdout).toMatch(/1 invalid inputs$/m);
  });

  test('--base checks only what a change touches, and sees deletes by comparing with the base synth', async () => {
    const repo = work();
    fs.cpSync(catalogueWith(), path.join(repo, 'catalogue'), { recursive: true });
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'base', '--allow-empty');
    git('add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'catalogue');
    // Bluefin drops its object storage: the bucket would go, which the gate must see at synth time already.
    const file = path.join(repo, 'catalogue/customers/bluefin.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^  - \{ service: object-storage.*\n/m, '').replace('object-storage: standard, ', ''));
    const r = await runCli(['check', '--policies', POLICIES, '--base', 'HEAD', '--no-evidence'], repo);
    expect(r.stderr).toContain('checking bluefin: catalogue/customers/bluefin.yaml changed');
    expect(r.stderr).toContain('checking acme: shares capacity pool storage-eu with a change');
    expect(r.stderr).not.toContain('checking corvid');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DENY {3}TST-LCM-001 high onboard-bluefin \[synth\] aws_s3_bucket\.object-storage-eu-west-1_bucket-1_bucket_[0-9A-F]+: .* would be deleted/);
  });
});
