import * as fs from 'fs';
import * as path from 'path';
import { runCli } from './support/run-cli';
import { EXAMPLE_CATALOGUE, lineOf } from './support/catalogue-fixture';
import { loadCatalogue } from '../src/model/load';
import { operatedProject, type OperatedProject } from './support/operated-project';

/** `csm report sms`: the month's record of the SMS in operation (4.5.3), from what csm wrote. */
let p: OperatedProject;
beforeAll(async () => {
  p = await operatedProject();
}, 180_000);

const sms = (period: string, extra: string[] = []) => runCli(['report', 'sms', '--period', period, '--force', ...extra], p.dir);
const record = (period: string) => JSON.parse(fs.readFileSync(path.join(p.dir, 'reports/sms', `${period}.json`), 'utf8'));

describe('csm report sms', () => {
  test('the month of the gate runs: changes, outcomes, denials by rule and clause, waivers, applies', async () => {
    const r = await sms(p.period);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(
      /^3 gate runs on 3 changes, 1 stopped \(1 denial by 1 rule\); 1 waiver in force, 1 granted, 0 expired; 1 plan applied; 0 service reports with 0 SLA breaches \(0 improvements raised from them\); \d+ improvements? opened, \d+ closed, \d+ open; 0 capacity pools at or past their alert threshold\.$/,
    );
    const rec = record(p.period);
    expect(rec).toMatchObject({ kind: 'sms-report', period: p.period, clauses: ['4.5.3', '4.5.4', '9.2'], scenarios: ['S09', 'S12'] });
    // Three runs of eight evaluations each (three customers, the provider's policy, four designs); one denial.
    expect(rec.gate).toMatchObject({ runs: 3, changes: 3, failedRuns: 1, denials: 1, evaluations: { passed: 23, warned: 0, failed: 1, error: 0, invalid: 0 } });
    expect(rec.gate.byRule).toEqual([{ rule: 'CSM-AGR-006', clauses: ['6.4', '7.1'], count: 1, stacks: ['onboard-corvid'] }]);
    expect(rec.gate.byClause).toEqual([{ clause: '6.4', count: 1 }, { clause: '7.1', count: 1 }]);
    expect(rec.waivers).toEqual([{ id: 'corvid-budget', rule: 'CSM-AGR-006', expires: p.waiverExpires, approver: 'dana.fischer@nimbus.example', state: 'in force', applied: 1, granted: true }]);
    expect(rec.applies.byOutcome).toEqual({ applied: 1, refused: 1 });
    expect(rec.applies.applied).toEqual([expect.objectContaining({ operation: 'allocate', stack: 'onboard-corvid', target: 'corvid' })]);
  });

  test('the month of a service report: its SLA breach with the improvement raised from it, improvements opened and closed, every pool', async () => {
    const r = await sms('2026-10');
    expect(r.code).toBe(0);
    const rec = record('2026-10');
    expect(rec.gate.runs).toBe(0);
    expect(rec.serviceReports).toEqual([{ customer: 'acme', file: expect.stringMatching(/reports\/acme\/2026-10\.json$/), breaches: ['managed-postgres'] }]);
    expect(rec.slaBreaches).toEqual([{ customer: 'acme', service: 'managed-postgres', targetPercent: 99.95, achievedPercent: expect.closeTo((742 * 100 + 80 + 60) / 744, 5), improvements: ['postgres-failover-drill'] }]);
    // At the end of October: c5-log-retention and capacity-forecast-review; postgres-failover-drill came in November.
    expect(rec.improvements).toEqual({ opened: ['capacity-forecast-review'], closed: ['onboarding-checklist'], openAtEnd: 2 });
    const pools = [...new Set([...loadCatalogue(EXAMPLE_CATALOGUE).services.values()].map((s) => s.capacity.pool))].sort();
    expect(rec.capacity.map((c: { pool: string }) => c.pool)).toEqual(pools);
    for (const c of rec.capacity) expect(c.percent).toBe(Math.round((c.used * 1000) / c.size) / 10);
    const md = fs.readFileSync(path.join(p.dir, 'reports/sms/2026-10.md'), 'utf8');
    expect(md).toContain('| acme | managed-postgres | 99.95 % | 99.9193 % | postgres-failover-drill \\(in-progress\\) |');
  });

  test('writes HTML, Markdown and JSON; an earlier report is replaced only with --force', async () => {
    await sms('2026-09');
    const again = await runCli(['report', 'sms', '--period', '2026-09'], p.dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/reports\/sms\/2026-09\.html.* already exist/);
    for (const ext of ['html', 'md', 'json']) expect(fs.existsSync(path.join(p.dir, `reports/sms/2026-09.${ext}`))).toBe(true);
  });

  test('csm trace counts the SMS report as a record serving 4.5.3', async () => {
    await sms(p.period);
    const r = await runCli(['trace', '--format', 'json', '--out', 'trace', '--force', '--policies', path.join(__dirname, '..', 'policies')], p.dir);
    expect(r.code).toBe(0);
    const trace = JSON.parse(fs.readFileSync(path.join(p.dir, 'trace/trace.json'), 'utf8'));
    const row = trace.matrix.find((m: { clause: string }) => m.clause === '4.5.3');
    expect(row.scenarios[0].artefacts).toEqual(expect.arrayContaining([`report:sms/${p.period}.json`, 'publication:reports/sms/']));
  }, 60_000);
});

describe('bad input: a record that is not as csm writes it is located, exit 2, nothing written', () => {
  const broken = (name: string, text: string) => {
    const file = path.join(p.dir, 'evidence', name);
    fs.writeFileSync(file, text);
    return file;
  };

  test.each([
    ['not JSON', '{ "schema": "csm-evidence/1", ', /x\.json:\d+:\d+: /],
    ['no schema', '{ "createdAt": "2026-10-01T00:00:00Z" }\n', /x\.json:1:1: schema: must be csm-evidence\/1, csm-plan-run\/1 or csm-apply-evidence\/1 or csm-apply-evidence\/2/],
    ['decisions not a list', '{\n  "schema": "csm-evidence/1",\n  "createdAt": "2026-10-01T00:00:00Z",\n  "decisions": {}\n}\n', /x\.json:4:3: decisions: must be a list \(an evidence record as csm writes it\)/],
    ['a time that does not exist', '{\n  "schema": "csm-apply-evidence/2",\n  "createdAt": "2026-02-30T00:00:00Z",\n  "outcome": "applied"\n}\n', /x\.json:3:16: createdAt: must be a date-time that exists, with its zone/],
    ['an unknown outcome', '{\n  "schema": "csm-apply-evidence/2",\n  "createdAt": "2026-10-01T00:00:00Z",\n  "outcome": "maybe"\n}\n', /x\.json:4:14: outcome: must be one of started, applied, refused, failed, interrupted, crashed/],
  ])('%s', async (_, text, message) => {
    const file = broken('x.json', text);
    try {
      const r = await runCli(['report', 'sms', '--period', '2026-08'], p.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(fs.existsSync(path.join(p.dir, 'reports/sms/2026-08.html'))).toBe(false);
    } finally {
      fs.rmSync(file);
    }
  });

  test('a finding whose level is neither deny nor warn, at its JSON path', async () => {
    const records = fs.readdirSync(path.join(p.dir, 'evidence')).map((f) => fs.readFileSync(path.join(p.dir, 'evidence', f), 'utf8'));
    const text = records.find((t) => t.includes('"level": "deny"'))!;
    const file = broken('y.json', text.replace(/"level": "(deny|warn)"/, '"level": "fatal"'));
    try {
      const r = await runCli(['report', 'sms', '--period', '2026-08'], p.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`y\\.json:${lineOf(file, '"fatal"')}:\\d+: decisions\\[\\d+\\]\\.findings\\[\\d+\\]\\.level: must be one of deny, warn`));
    } finally {
      fs.rmSync(file);
    }
  });

  test('a customer named sms is refused: csm report sms is the SMS report', async () => {
    const r = await runCli(['validate'], p.dir);
    expect(r.code).toBe(0);
    const cust = path.join(p.dir, 'catalogue/customers/sms.yaml');
    fs.writeFileSync(cust, fs.readFileSync(path.join(p.dir, 'catalogue/customers/corvid.yaml'), 'utf8').replace('id: corvid', 'id: sms'));
    try {
      const bad = await runCli(['validate'], p.dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/customers\/sms\.yaml:\d+:\d+: id: "sms" is reserved: `csm report sms` reports on the service management system itself/);
    } finally {
      fs.rmSync(cust);
    }
  });
});
