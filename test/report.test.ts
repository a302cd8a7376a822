import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { readMetricData } from '../src/report/metric-data';
import { serviceReport } from '../src/report/model';
import { reportMarkdown } from '../src/report/render-markdown';
import { runCli } from './support/run-cli';
import { catalogueWith, EXAMPLE_CATALOGUE, lineOf, REPO } from './support/catalogue-fixture';

const HOUR = 3_600_000;
const FEB = Date.UTC(2026, 1, 1); // February 2026: 28 days, 672 hours
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', '+00:00');

interface Series {
  Id: string;
  Label?: string;
  Timestamps: string[];
  Values: number[];
  StatusCode?: string;
}

/** `count` points `step` ms apart from `start`, all `base` except the ones `dips` names (by index); `skip` leaves points out. */
function series(id: string, count: number, step: number, dips: Record<number, number> = {}, skip: number[] = []): Series {
  const idx = Array.from({ length: count }, (_, i) => i).filter((i) => !skip.includes(i));
  return { Id: id, Label: id, Timestamps: idx.map((i) => iso(FEB + i * step)), Values: idx.map((i) => dips[i] ?? 100), StatusCode: 'Complete' };
}

function writeExport(results: Series[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csm-metrics-')), 'metrics.json');
  fs.writeFileSync(file, JSON.stringify({ MetricDataResults: results, Messages: [] }, null, 2));
  return file;
}

/** corvid: tenant-network 99.9, managed-postgres 99.9, container-hosting 99.5 (all standard tier). */
function corvidExport(): string {
  const fiveMinutes = series('availability_tenant_network', 8064, 300_000, { 100: 0 });
  // GetMetricData scans newest first unless told otherwise: the reader must not care.
  fiveMinutes.Timestamps.reverse();
  fiveMinutes.Values.reverse();
  return writeExport([
    fiveMinutes,
    series('availability_managed_postgres', 672, HOUR, { 200: 50, 201: 0, 202: 90 }),
    series('availability_container_hosting', 672, HOUR, {}, [300]),
    series('capacity_vpc_eu', 28, 24 * HOUR, { 10: 4 }),
    series('capacity_db_vcpu_eu', 28, 24 * HOUR, { 5: 60 }),
  ].map((s) => (s.Id.startsWith('capacity') ? { ...s, Values: s.Values.map((v) => (v === 100 ? 1 : v)) } : s)));
}

describe('service report: the arithmetic, checked by hand', () => {
  const cat = loadCatalogue(EXAMPLE_CATALOGUE);
  const report = serviceReport(cat, cat.customers.get('corvid')!, '2026-02', readMetricData(corvidExport()));
  const svc = (id: string) => report.services.find((s) => s.service === id)!;

  test('hourly values: mean of the 672 hours of February', () => {
    // 669 hours at 100 % and three at 50, 0 and 90: (66 900 + 140) / 672 = 99.761904...
    expect(svc('managed-postgres').achievedPercent).toBeCloseTo(99.76190476, 7);
    // Lost: 0.5 h + 1 h + 0.1 h = 96 minutes; the 99.9 % target allows 0.1 % of 40 320 minutes = 40.3 minutes.
    expect(svc('managed-postgres').lostMinutes).toBeCloseTo(96, 9);
    expect(svc('managed-postgres').allowedMinutes).toBe(40.3);
    expect(svc('managed-postgres').breach).toBe(true);
  });

  test('a missing hour counts as unavailable', () => {
    // 671 hours at 100 % and one without data: 67 100 / 672 = 99.851190...; 99.5 % agreed, so met.
    expect(svc('container-hosting')).toMatchObject({ present: 671, missing: 1, breach: false });
    expect(svc('container-hosting').achievedPercent).toBeCloseTo(99.85119048, 7);
  });

  test('five-minute values, exported newest first: period inferred, same rule', () => {
    // 8 063 five-minute values at 100 % and one at 0 %: 806 300 / 8 064 = 99.987599...; 5 minutes lost.
    expect(svc('tenant-network')).toMatchObject({ slotMinutes: 5, present: 8064, breach: false });
    expect(svc('tenant-network').achievedPercent).toBeCloseTo(99.98759921, 7);
    expect(svc('tenant-network').lostMinutes).toBeCloseTo(5, 9);
  });

  test('periods below target are runs of slots under the agreed level', () => {
    expect(report.incidents.map((i) => [i.service, iso(i.start), i.minutes, i.lowestPercent])).toEqual([
      ['tenant-network', iso(FEB + 100 * 300_000), 5, 0],
      ['managed-postgres', iso(FEB + 200 * HOUR), 180, 0],
      ['container-hosting', iso(FEB + 300 * HOUR), 60, 0],
    ]);
  });

  test('capacity: a peak at the alert threshold warns, above the quota breaches', () => {
    const pool = (id: string) => report.pools.find((p) => p.pool === id)!;
    expect(pool('db-vcpu-eu')).toMatchObject({ warnAt: 51.2, warning: true, overQuota: false, peak: { v: 60 } });
    expect(pool('vpc-eu')).toMatchObject({ quota: 3, overQuota: true });
    expect(pool('compute-eu')).toMatchObject({ peak: undefined, warning: false });
    expect(report.breaches).toBe(2); // managed-postgres availability, vpc-eu over quota
    expect(report.warnings).toBe(1);
  });

  test('text from the catalogue stays text in the Markdown', () => {
    const dir = catalogueWith({ 'customers/corvid.yaml': (t) => t.replace('name: Corvid Analytics Ltd', 'name: "Evil | <b>co</b> **x**"') });
    const hostile = loadCatalogue(dir);
    const md = reportMarkdown(serviceReport(hostile, hostile.customers.get('corvid')!, '2026-02', readMetricData(corvidExport())));
    expect(md).toContain('**Evil \\| &lt;b&gt;co&lt;/b&gt; \\*\\*x\\*\\***');
  });
});

describe('csm report on the bundled example (October 2026, acme)', () => {
  const metrics = path.join(REPO, 'catalogue', 'metrics', 'acme-2026-10.json');

  test('flags the one breach: managed PostgreSQL at 99.919 % against 99.95 %', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-report-'));
    const r = await runCli(['report', 'acme', '--period', '2026-10', '--metrics', metrics, '--catalogue', EXAMPLE_CATALOGUE], work);
    expect(r.code).toBe(0);
    const record = JSON.parse(fs.readFileSync(path.join(work, 'reports', 'acme', '2026-10.json'), 'utf8'));
    // 744 hours; two at 80 % and 60 %: (74 400 - 20 - 40) / 744 = 99.919354...
    expect(record.services.map((s: { service: string; breach: boolean }) => [s.service, s.breach])).toEqual([
      ['tenant-network', false],
      ['object-storage', false],
      ['managed-postgres', true],
    ]);
    expect(record.services[2].achievedPercent).toBeCloseTo(74340 / 744, 5);
    expect(record.services[2].downtimeMinutes).toBeCloseTo(36, 6);
    expect(record).toMatchObject({ breaches: 1, clauses: ['6.1', '6.2'] });

    const page = fs.readFileSync(path.join(work, 'reports', 'acme', '2026-10.html'), 'utf8');
    const breachRows = [...page.matchAll(/<tr class="breach"><td>([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(new Set(breachRows)).toEqual(new Set(['Managed PostgreSQL']));
    expect(page).toContain('clause 6.1 (service level management');
    expect(page).toContain('clause 6.2 (service reporting)');
    expect(page.match(/<svg /g)!.length).toBe(3 + 3);
    expect(page).not.toContain('<script');
    const md = fs.readFileSync(path.join(work, 'reports', 'acme', '2026-10.md'), 'utf8');
    expect(md).toContain('| **Managed PostgreSQL** | **premium** | **99.95 %** | **99.9193 %** |');
    expect(md).toMatch(/^> \*\*BREACH\.\*\* 1 breach/m);
  });

  test('a report already written is not replaced without --force', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-report-'));
    const argv = ['report', 'acme', '--period', '2026-10', '--metrics', metrics, '--catalogue', EXAMPLE_CATALOGUE];
    expect((await runCli(argv, work)).code).toBe(0);
    const md = path.join(work, 'reports', 'acme', '2026-10.md');
    fs.writeFileSync(md, 'annotated by the service manager');
    const again = await runCli(argv, work);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exist');
    expect(fs.readFileSync(md, 'utf8')).toBe('annotated by the service manager');
    expect((await runCli([...argv, '--force'], work)).code).toBe(0);
    expect(fs.readFileSync(md, 'utf8')).toContain('# Service report, October 2026');
  });

  test('--print-query asks for exactly the series the report reads', async () => {
    const r = await runCli(['report', 'acme', '--period', '2026-10', '--print-query', '--catalogue', EXAMPLE_CATALOGUE]);
    expect(r.code).toBe(0);
    const query = JSON.parse(r.stdout);
    expect(query).toMatchObject({ StartTime: '2026-10-01T00:00:00.000Z', EndTime: '2026-11-01T00:00:00.000Z' });
    const example = JSON.parse(fs.readFileSync(metrics, 'utf8'));
    expect(query.MetricDataQueries.map((q: { Id: string }) => q.Id)).toEqual(example.MetricDataResults.map((s: { Id: string }) => s.Id));
  });
});

describe('csm report: bad input', () => {
  const run = (argv: string[]) => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-report-'));
    return runCli(['report', ...argv, '--catalogue', EXAMPLE_CATALOGUE], work).then((r) => ({ ...r, work }));
  };

  test('values and timestamps out of step: file, line, field; exit 2; nothing written', async () => {
    const file = writeExport([{ ...series('availability_tenant_network', 3, HOUR), Values: [100, 100] }]);
    const r = await run(['corvid', '--period', '2026-02', '--metrics', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:${lineOf(file, '"Values"')}:`);
    expect(r.stderr).toContain('MetricDataResults[0].Values: has 2 values for 3 timestamps');
    expect(fs.existsSync(path.join(r.work, 'reports'))).toBe(false);
  });

  test('a value that is not a number, a time without a zone, broken JSON', async () => {
    const file = writeExport([{ ...series('availability_tenant_network', 2, HOUR), Values: [100, 'n/a' as unknown as number] }]);
    const r = await run(['corvid', '--period', '2026-02', '--metrics', file]);
    expect(r.stderr).toMatch(new RegExp(`${file}:\\d+:\\d+: MetricDataResults\\[0\\]\\.Values\\[1\\]: must be of type number`));
    const zone = writeExport([{ ...series('availability_tenant_network', 1, HOUR), Timestamps: ['2026-02-01T00:00:00'] }]);
    expect((await run(['corvid', '--period', '2026-02', '--metrics', zone])).stderr).toContain('MetricDataResults[0].Timestamps[0]: must be a time with its zone');
    const broken = path.join(path.dirname(file), 'broken.json');
    fs.writeFileSync(broken, '{ "MetricDataResults": [ { "Id": "x", }\n');
    const b = await run(['corvid', '--period', '2026-02', '--metrics', broken]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain(`${broken}:2:1: Flow map must end with a }`);
  });

  test('a subscribed service without its series is named, with the way to export it', async () => {
    const file = writeExport([series('availability_tenant_network', 672, HOUR)]);
    const r = await run(['corvid', '--period', '2026-02', '--metrics', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no series with Id "availability_managed_postgres"');
    expect(r.stderr).toContain('--print-query');
  });

  test('usage: period format, unknown customer, missing --metrics', async () => {
    expect((await run(['acme', '--period', '2026-13', '--metrics', 'x.json'])).stderr).toContain('--period must be a month written YYYY-MM');
    expect((await run(['nobody', '--period', '2026-10', '--metrics', 'x.json'])).stderr).toContain('unknown customer "nobody"');
    const none = await run(['acme', '--period', '2026-10']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--metrics <file> is required');
    const missing = await run(['acme', '--period', '2026-10', '--metrics', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json:1:1: cannot read');
  });
});
