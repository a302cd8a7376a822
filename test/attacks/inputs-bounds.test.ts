import * as fs from 'fs';
import * as path from 'path';
import { catalogueWith, EXAMPLE_CATALOGUE } from '../support/catalogue-fixture';
import { check, csm, POLICIES, tempDir, validateWith } from './support/inputs-catalogue';

/**
 * Class 6 of issue 11: every number is finite and bounded, every date names a day that exists, measured values
 * stay within their scale, and the gate's cost does not grow with what a subscription asks for.
 */
const validate = validateWith;
const acme = (from: string, to: string) => ({ 'customers/acme.yaml': (t: string) => t.replace(from, to) });
const noTrace = /^\s+at /m;

describe('README: "a mistake is reported as file:line:column: field: message, exit code 2" (numbers)', () => {
  test('quantity 99999999999999999999999 is refused at the field', async () => {
    const r = await validate(acme('option: large, quantity: 1', 'option: large, quantity: 99999999999999999999999'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/customers\/acme\.yaml:24:\d+: subscriptions\[2\]\.quantity: must be <= 1000/);
  });

  test('termMonths 1000000000 is refused', async () => {
    const r = await validate(acme('termMonths: 36', 'termMonths: 1000000000'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('agreement.termMonths: must be <= 600');
  });

  test('budgetCap .inf is refused: a cap must be a finite number', async () => {
    const r = await validate(acme('budgetCap: 3000', 'budgetCap: .inf'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('agreement.budgetCap: Infinity is not a finite number');
  });

  test('budgetCap .nan is refused', async () => {
    const r = await validate(acme('budgetCap: 3000', 'budgetCap: .nan'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('agreement.budgetCap: NaN is not a finite number');
  });

  test('a capacity unit count of 1e400 (Infinity to YAML) is refused', async () => {
    const r = await validate({ 'services/managed-postgres.yaml': (t) => t.replace('capacityUnits: 2', 'capacityUnits: 1e400') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('options[0].capacityUnits: Infinity is not a finite number');
  });

  test('a database size given as text ("lots") is refused rather than synthesized as NaN', async () => {
    const r = await validate({ 'services/managed-postgres.yaml': (t) => t.replace('storageGiB: 100 }', 'storageGiB: lots }') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('options[0].limits.storageGiB: must be of type integer');
  });

  test('a tenant network across 100 availability zones is refused (a region has at most 6 here)', async () => {
    const r = await validate({ 'services/tenant-network.yaml': (t) => t.replace('limits: { availabilityZones: 3 }', 'limits: { availabilityZones: 100 }') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('options[1].limits.availabilityZones: must be <= 6');
  });
});

describe('README: "Denied: beyond the per-customer quota (CSM-CAP-001)" (in time that does not grow with the quantity)', () => {
  test('1000 databases against a quota of 64 vCPU are denied on the ledger, without building 1000 databases', async () => {
    const cwd = tempDir();
    const cat = catalogueWith(acme('option: large, quantity: 1', 'option: large, quantity: 1000'));
    const r = await check(['--catalogue', cat, 'acme'], cwd, POLICIES);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DENY\s+CSM-CAP-001 high onboard-acme \[synth\] acme: customer acme subscribes 8000 vCPU of managed-postgres, above the per-customer quota of 64/);
    expect(r.stdout).toContain('NOTE   onboard-acme [synth]: decided on the ledger before building anything');
    expect(fs.existsSync(path.join(cwd, 'out', 'stacks', 'onboard-acme', 'cdk.tf.json'))).toBe(false);
  }, 120_000);
});

describe('README: dates are real calendar dates', () => {
  test('an agreement signed on 2026-02-30 is refused', async () => {
    const r = await validate(acme('signed: "2026-01-15"', 'signed: "2026-02-30"'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('agreement.signed: "2026-02-30" is not a calendar date');
  });

  test('an improvement raised in month 13 is refused', async () => {
    const r = await validate({ 'improvements.yaml': (t) => t.replace('raised: "2026-11-03"', 'raised: "2026-13-03"') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('improvements[0].raised: "2026-13-03" is not a calendar date');
  });

  test('--now 2026-02-30T10:00:00Z is refused (JavaScript would read it as the 2nd of March)', async () => {
    const r = await check(['--catalogue', catalogueWith(), '--now', '2026-02-30T10:00:00Z'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--now 2026-02-30T10:00:00Z: not a date-time that exists');
  });

  test('a waiver expiring on 2026-02-31 is refused', async () => {
    const waivers = 'waivers:\n  - id: w1\n    rule: TST-AGR-001\n    reason: Budget raise signed, amendment in progress\n    approver: dana.fischer@nimbus.example\n    expires: "2026-02-31"\n';
    const r = await check(['--catalogue', catalogueWith({ 'waivers.yaml': waivers }), '--now', '2026-02-01T00:00:00Z'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('waivers[0].expires: "2026-02-31" is not a calendar date');
  });
});

describe('README: the service report computes availability from the metrics export ("a mistake is reported ... exit 2")', () => {
  const metrics = (edit: (m: { MetricDataResults: Array<{ Id: string; Timestamps: string[]; Values: number[] }> }) => void) => {
    const m = JSON.parse(fs.readFileSync(path.join(EXAMPLE_CATALOGUE, 'metrics', 'acme-2026-10.json'), 'utf8'));
    edit(m);
    const file = path.join(tempDir(), 'metrics.json');
    fs.writeFileSync(file, JSON.stringify(m, null, 2));
    return file;
  };
  const report = (file: string) => csm(['report', 'acme', '--period', '2026-10', '--metrics', file, '--catalogue', EXAMPLE_CATALOGUE, '--out', path.join(path.dirname(file), 'reports')], path.dirname(file));
  const availabilitySeries = (m: { MetricDataResults: Array<{ Id: string }> }) => m.MetricDataResults.findIndex((r) => r.Id.startsWith('availability_'));

  test('an availability of 160 % (which would hide a breach) is refused, naming the file and the JSON path', async () => {
    let at = -1;
    const file = metrics((m) => {
      at = availabilitySeries(m);
      m.MetricDataResults[at].Values[5] = 160;
    });
    const r = await report(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: MetricDataResults\\[${at}\\]\\.Values\\[5\\]: must be <= 100 \\(got 160\\)`));
    expect(fs.existsSync(path.join(path.dirname(file), 'reports'))).toBe(false);
  });

  test('a negative availability is refused', async () => {
    const file = metrics((m) => {
      m.MetricDataResults[availabilitySeries(m)].Values[0] = -20;
    });
    const r = await report(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Values\[0\]: must be >= 0 \(got -20\)/);
  });

  test('a point stamped 2026-09-31 (the 1st of October to JavaScript) is refused, not counted into October', async () => {
    const file = metrics((m) => {
      const s = m.MetricDataResults[availabilitySeries(m)];
      s.Timestamps[0] = '2026-09-31T12:00:00Z';
    });
    const r = await report(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"2026-09-31T12:00:00Z" is not a time that exists');
    expect(r.stderr).not.toMatch(noTrace);
  });
});
