import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './support/run-cli';
import { validateSarif } from './support/sarif-schema';
import { PLANS, planFile } from './support/plans';
import { catalogueWith, REPO } from './support/catalogue-fixture';

/**
 * `csm check --plan-json` as a platform team runs it on its own Terraform: outside a csm project, on real plans
 * (test/fixtures/plans), with the policies shipped with csm. Each file is its own result; the run's exit is the
 * worst of them; nothing lands in the working folder unless asked.
 */
process.env.CSM_CACHE_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'csm-cache-'));
const outside = () => fs.mkdtempSync(path.join(os.tmpdir(), 'csm-gate-'));

async function gate(args: string[], cwd = outside()) {
  const r = await runCli(['check', ...args], cwd);
  return { ...r, cwd, json: () => JSON.parse(r.stdout) };
}

describe('csm check --plan-json outside a csm project', () => {
  test('needs no catalogue, calls the operation plan, writes nothing in the working folder', async () => {
    const r = await gate(['--plan-json', planFile('iam/plan.json'), '--format', 'json']);
    expect(r.code).toBe(1);
    expect(fs.readdirSync(r.cwd)).toEqual([]);
    const report = r.json();
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ gate: 'plan', operation: 'plan', customer: null, status: 'failed' });
    expect(report.evidence).toBeUndefined();
    // The generic pack, never a house rule: nothing here is csm's.
    const ids: string[] = report.results[0].findings.map((f: { id: string }) => f.id);
    expect(ids.every((id) => id.startsWith('CSM-AWS-'))).toBe(true);
    expect(report.results[0].findings[0]).toEqual(expect.objectContaining({ id: expect.any(String), severity: expect.any(String), message: expect.any(String), resource: expect.any(String), scenario: 'S09' }));
  });

  test('one bad file among several: each file keeps its result, the run exits 2', async () => {
    const r = await gate(['--plan-json', planFile('account-guards/plan.json'), '--plan-json', planFile('contract/state.json'), '--plan-json', planFile('compute/plan.json')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^INVALID \S*contract\/state \[plan\]: \S*contract\/state\.json: a state/m);
    expect(r.stdout).toMatch(/^DENY {3}CSM-AWS-EC2-001 high \S*compute\/plan \[plan\]/m);
    expect(r.stdout).toMatch(/^3 stacks, 1 passed, \d+ warnings, \d+ failures, 0 waived, 1 invalid inputs$/m);
  });

  test.each([
    ['contract/errored.json', 2, /^INVALID .*errored: true/m],
    ['contract/plan-log.jsonl', 2, /^INVALID .*`terraform plan -json` log/m],
    ['contract/malformed/actions-not-a-list.json', 2, /^INVALID .*resource_changes\[1\]\.change\.actions: must be array/m],
    ['contract/targeted.json', 1, /^ERROR .*complete: false.*--allow-partial/m],
    ['contract/deferred.derived.json', 1, /^ERROR .*deferred_changes/m],
  ])('%s never passes (exit %d), with the reason and no stack trace', async (rel, code, line) => {
    const r = await gate(['--plan-json', planFile(rel)]);
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(line);
    expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/\n\s+at \S+ \(/);
  });

  test('--allow-partial judges what a -target plan shows, and says it is partial', async () => {
    const r = await gate(['--plan-json', planFile('contract/targeted.json'), '--allow-partial']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^NOTE {3}\S+ \[plan\]: the plan is not complete .*--allow-partial/m);
    expect(r.stdout).toMatch(/^DENY {3}CSM-AWS-IAM-001 .*aws_iam_policy\.admin_jsonencode/m);
    expect(r.stdout).not.toMatch(/^ERROR/m);
  });

  test('two plan.json in different folders are two stacks with their own input hashes in the evidence', async () => {
    const cwd = outside();
    for (const env of ['prod', 'dev']) {
      fs.mkdirSync(path.join(cwd, env));
      fs.copyFileSync(planFile(env === 'prod' ? 's3/plan.json' : 'iam/plan.json'), path.join(cwd, env, 'plan.json'));
    }
    const r = await gate(['--plan-json', 'prod/plan.json', '--plan-json', 'dev/plan.json', '--evidence', 'audit', '--format', 'json'], cwd);
    expect(r.json().results.map((x: { stack: string }) => x.stack)).toEqual(['prod/plan', 'dev/plan']);
    const [record] = fs.readdirSync(path.join(cwd, 'audit')).map((f) => JSON.parse(fs.readFileSync(path.join(cwd, 'audit', f), 'utf8')));
    const hashes = record.decisions.map((d: { inputSha256: string }) => d.inputSha256);
    expect(new Set(hashes).size).toBe(2);
    expect(Object.keys(record.inputs)).toEqual(expect.arrayContaining([expect.stringMatching(/prod\/plan\.json$/), expect.stringMatching(/dev\/plan\.json$/)]));
    expect(record.scenarios).toEqual(['plan']);
    expect(fs.readdirSync(cwd).sort()).toEqual(['audit', 'dev', 'prod']);
  });

  test('drift is evaluated and reported; --changed-only keeps what changed or drifted and skips what did not', async () => {
    const drift = await gate(['--plan-json', planFile('drift/plan.json')]);
    expect(drift.stdout).toMatch(/^WARN {3}CSM-PLAN-001 medium \S+ \[plan\] aws_sqs_queue\.jobs: aws_sqs_queue\.jobs was changed outside Terraform \(updated: sqs_managed_sse_enabled, visibility_timeout_seconds\); the plan sets visibility_timeout_seconds back and keeps sqs_managed_sse_enabled as it is now/m);
    expect(drift.stdout).toMatch(/^DENY {3}CSM-AWS-SQS-001 .* aws_sqs_queue\.jobs:/m);
    const changedOnly = await gate(['--plan-json', planFile('drift/plan.json'), '--changed-only']);
    expect(changedOnly.stdout).toMatch(/^DENY {3}CSM-AWS-SQS-001 .* aws_sqs_queue\.jobs:/m);
    expect(changedOnly.stdout).not.toMatch(/aws_sqs_queue\.legacy:/);
    expect(drift.stdout).toMatch(/^DENY {3}CSM-AWS-SQS-001 .* aws_sqs_queue\.legacy:/m);
    // A plan that changes nothing: judged as it stands, or skipped entirely with --changed-only.
    const same = await gate(['--plan-json', planFile('drift/no-changes.json'), '--changed-only']);
    expect({ code: same.code, last: same.stdout.trim().split('\n').pop() }).toEqual({ code: 0, last: '1 stacks, 1 passed, 0 warnings, 0 failures, 0 waived' });
    // The same plan importing the unencrypted queue: new to the gate though unchanged, so --changed-only judges it.
    const imported = await gate(['--plan-json', planFile('contract/importing.derived.json'), '--changed-only']);
    expect(imported.code).toBe(1);
    expect(imported.stdout).toMatch(/^DENY {3}CSM-AWS-SQS-001 .* aws_sqs_queue\.legacy:/m);
    expect(imported.stdout).not.toMatch(/aws_sqs_queue\.jobs:/);
  });

  test('SARIF: every result has a physical location; --source-root points at the resource block, modules included', async () => {
    const withSources = await gate(['--plan-json', planFile('s3/plan.json'), '--source-root', path.join(PLANS, 's3'), '--format', 'sarif']);
    const sarif = JSON.parse(withSources.stdout);
    expect(validateSarif(sarif)).toEqual([]);
    const results = sarif.runs[0].results as Array<{ ruleId: string; locations: Array<{ physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: Array<{ name: string }> }> }>;
    const at = (resource: string) => results.find((x) => x.locations[0].logicalLocations[0].name === resource)!.locations[0].physicalLocation!;
    const inModule = at('module.logs["access"].aws_s3_bucket_policy.tls_only');
    expect(inModule.artifactLocation.uri).toMatch(/s3\/modules\/secure-bucket\/main\.tf$/);
    const lines = fs.readFileSync(path.join(PLANS, 's3/modules/secure-bucket/main.tf'), 'utf8').split('\n');
    expect(lines[inModule.region.startLine - 1]).toBe('resource "aws_s3_bucket_policy" "tls_only" {');
    const root = at('aws_s3_bucket.many[1]');
    expect(fs.readFileSync(path.join(PLANS, 's3/main.tf'), 'utf8').split('\n')[root.region.startLine - 1]).toBe('resource "aws_s3_bucket" "many" {');

    const withoutSources = JSON.parse((await gate(['--plan-json', planFile('s3/plan.json'), '--format', 'sarif'])).stdout);
    for (const x of withoutSources.runs[0].results) expect(x.locations[0].physicalLocation.artifactLocation.uri).toMatch(/s3\/plan\.json$/);
  });

  test('inside a csm project a plan of a third-party configuration is judged the same way', async () => {
    const cwd = outside();
    const r = await runCli(['check', '--catalogue', catalogueWith(), '--plan-json', planFile('stores/plan.json'), '--no-evidence', '--format', 'json', '--policies', path.join(REPO, 'policies'), '--out', path.join(cwd, 'out')], cwd);
    const report = JSON.parse(r.stdout);
    expect(report.results[0]).toMatchObject({ operation: 'plan', customer: null });
    expect(report.results[0].findings.map((f: { id: string }) => f.id).filter((id: string) => !id.startsWith('CSM-AWS-'))).toEqual([]);
  });

  test('customers, --base and --plan need a csm project', async () => {
    const r = await gate(['acme', '--plan-json', planFile('iam/plan.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/customer names: only in a csm project/);
  });
});
