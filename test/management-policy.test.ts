import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { runCli } from './support/run-cli';
import { catalogueWith, EXAMPLE_CATALOGUE, issuesOf, lineOf } from './support/catalogue-fixture';

/** The service management policy and management's commitments in provider.yaml (4.1.1, 4.1.2, S02). */
const provider = (change: (t: string) => string) => catalogueWith({ 'provider.yaml': change });
const at = (dir: string, needle: string) => `${path.join(dir, 'provider.yaml')}:${lineOf(path.join(dir, 'provider.yaml'), needle)}`;

describe('the service management policy and commitments: validated, located', () => {
  test('the example states its policy, process policies and commitments', () => {
    const cat = loadCatalogue(EXAMPLE_CATALOGUE);
    expect(cat.provider.policy.approvedBy.name).toBe('Lena Vogt');
    expect(cat.provider.policy.processPolicies.map((p) => p.process)).toEqual(expect.arrayContaining(['security', 'change', 'release', 'capacity', 'continuity']));
    expect(cat.provider.commitments.flatMap((c) => c.objectives).sort()).toEqual((cat.provider.objectives ?? []).map((o) => o.id).sort());
  });

  test('a policy without an approver is refused at the policy, naming the field', () => {
    const dir = provider((t) => t.replace(/^ {2}approvedBy: .*\n/m, ''));
    expect(issuesOf(dir)).toContainEqual(expect.stringMatching(new RegExp(`^${at(dir, 'policy:')}:1: policy.approvedBy: is required but missing$`)));
  });

  test('dates must exist, and the next review comes after the approval', () => {
    expect(issuesOf(provider((t) => t.replace('nextReview: "2027-09-30"', 'nextReview: "2027-02-30"'))).join('\n')).toMatch(/policy\.nextReview: "2027-02-30" is not a calendar date/);
    const dir = provider((t) => t.replace('nextReview: "2027-09-30"', 'nextReview: "2026-09-30"'));
    expect(issuesOf(dir)).toContain(`${at(dir, 'nextReview:')}:15: policy.nextReview: 2026-09-30 is not after the approval (2026-09-30)`);
  });

  test('a process policy implements statements the policy makes; security, change, release, capacity and continuity are required', () => {
    const dir = provider((t) => t.replace('statements: [protect-customer-data]\n', 'statements: [protect-data]\n').replace(/ {4}- process: release\n( {6}.*\n)+/, ''));
    const issues = issuesOf(dir);
    expect(issues).toContainEqual(expect.stringMatching(new RegExp(`^${at(dir, 'protect-data]')}:\\d+: policy\\.processPolicies\\[0\\]\\.statements\\[0\\]: unknown statement "protect-data"`)));
    expect(issues).toContainEqual(expect.stringMatching(/policy\.processPolicies: the policy must cascade to a release policy \(required: security, change, release, capacity, continuity\)$/));
  });

  test('statement ids are unique, and a commitment owns objectives the provider states', () => {
    const dir = provider((t) => t.replace('- id: continuity\n', '- id: continuity-x\n').replace('- id: charges-within-agreement', '- id: continuity-x').replace('objectives: [availability]', 'objectives: [availability, world-peace]'));
    const issues = issuesOf(dir).join('\n');
    expect(issues).toContain('policy.statements[5].id: duplicate statement id "continuity-x"');
    expect(issues).toContain('commitments[0].objectives[1]: unknown objective "world-peace" (provider.yaml has: availability, onboarding-lead-time)');
  });
});

describe('csm check judges the policy once per run (CSM-GOV)', () => {
  const check = (now: string) => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-gov-'));
    return runCli(['check', '--catalogue', EXAMPLE_CATALOGUE, '--policies', path.join(__dirname, '..', 'policies'), '--out', path.join(cwd, 'out'), '--no-evidence', '--now', now], cwd);
  };
  const nextReview = `${path.join(EXAMPLE_CATALOGUE, 'provider.yaml')}:${lineOf(path.join(EXAMPLE_CATALOGUE, 'provider.yaml'), 'nextReview:')}:15`;

  test('warns once the review date has passed, at the review date', async () => {
    const r = await check('2027-10-01T00:00:00Z');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.includes('CSM-GOV'));
    expect(lines).toEqual([
      `WARN   CSM-GOV-001 medium provider-nimbus [synth] provider-nimbus: the service management policy was due for review on 2027-09-30; after 30 more days of grace every check is denied [ISO/IEC 20000-1 4.1.1, 4.1.2; S02] (${path.relative(process.cwd(), nextReview)})`,
    ]);
  }, 60_000);

  test('denies past the grace, so no change goes through under a policy nobody reviewed', async () => {
    const r = await check('2027-10-31T00:00:00Z');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^DENY {3}CSM-GOV-002 high provider-nimbus \[synth\] provider-nimbus: the service management policy was due for review on 2027-09-30 and is overdue past the 30 days of grace/m);
  }, 60_000);
});
