import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { runCli } from './run-cli';
import { EXAMPLE_CATALOGUE, REPO, keepPolicyReviewCurrent } from './catalogue-fixture';

export interface OperatedProject {
  dir: string;
  /** The month the gate runs and apply attempts happened in, by the clock. */
  period: string;
  /** The waiver granted during the month. */
  waiverExpires: string;
}

const POLICIES = path.join(REPO, 'policies');

/**
 * A project operated for a while, with the real commands writing the records an SMS report reads: three gate
 * runs on three committed changes (one passes, one is denied over corvid's budget, one passes with a waiver
 * of that denial), an apply csm refuses (a record that is no plan record), the October service report of acme
 * from the bundled metrics (a breach of managed PostgreSQL). One record is written by the test: an apply that
 * succeeded, since AWS cannot be reached here to apply anything; it has the shape `csm apply` writes.
 */
export async function operatedProject(): Promise<OperatedProject> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-operated-'));
  const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...a], { cwd: dir, stdio: 'pipe' });
  fs.cpSync(EXAMPLE_CATALOGUE, path.join(dir, 'catalogue'), { recursive: true });
  keepPolicyReviewCurrent(path.join(dir, 'catalogue'));
  fs.writeFileSync(path.join(dir, '.gitignore'), 'cdktf.out\n.csm\nevidence\nreports\n');
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'catalogue');
  const check = async (expected: number) => {
    const r = await runCli(['check', '--policies', POLICIES], dir);
    if (r.code !== expected) throw new Error(`csm check exited ${r.code}, not ${expected}:\n${r.stdout}\n${r.stderr}`);
  };
  await check(0);

  const corvid = path.join(dir, 'catalogue/customers/corvid.yaml');
  fs.writeFileSync(corvid, fs.readFileSync(corvid, 'utf8').replace('budgetCap: 1200', 'budgetCap: 100'));
  git('commit', '-qam', 'corvid lowers its budget');
  await check(1);

  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  fs.writeFileSync(
    path.join(dir, 'catalogue/waivers.yaml'),
    `waivers:\n  - id: corvid-budget\n    rule: CSM-AGR-006\n    customer: corvid\n    reason: The amendment raising the cap is being signed\n    approver: dana.fischer@nimbus.example\n    expires: "${expires}"\n`,
  );
  git('commit', '-qam', 'waive corvid budget until the amendment is signed');
  await check(0);

  fs.writeFileSync(path.join(dir, 'nothing.record.json'), '{}\n');
  const refused = await runCli(['apply', 'nothing.record.json'], dir);
  if (refused.code !== 2) throw new Error(`csm apply exited ${refused.code}: ${refused.stderr}`);
  const now = new Date();
  const applied = {
    schema: 'csm-apply-evidence/2',
    createdAt: now.toISOString(),
    completedAt: now.toISOString(),
    revision: null,
    command: 'csm apply cdktf.out/stacks/onboard-corvid/plans/20261201T000000Z.tfplan',
    outcome: 'applied',
    reasons: [],
    planRecord: { file: 'cdktf.out/stacks/onboard-corvid/plans/20261201T000000Z.record.json', sha256: 'f'.repeat(64) },
    operation: 'allocate',
    target: 'corvid',
    stack: 'onboard-corvid',
    customer: 'corvid',
  };
  fs.writeFileSync(path.join(dir, 'evidence', 'fixture-apply-onboard-corvid.json'), JSON.stringify(applied, null, 2) + '\n');

  const report = await runCli(['report', 'acme', '--period', '2026-10', '--metrics', 'catalogue/metrics/acme-2026-10.json'], dir);
  if (report.code !== 0) throw new Error(report.stderr);
  return { dir, period: now.toISOString().slice(0, 7), waiverExpires: expires };
}
