import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { loadCatalogue } from '../src/model/load';
import { dnsName } from '../src/slo/openslo';
import { runCli } from './support/run-cli';
import { EXAMPLE_CATALOGUE } from './support/catalogue-fixture';

interface SloDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    service: string;
    budgetingMethod: string;
    objectives: Array<{ target: number; timeSliceWindow: string }>;
    timeWindow: Array<{ duration: string; isRolling: boolean }>;
    indicator: { spec: { ratioMetric: { raw: { metricSource: { type: string; spec: { region: string; json: string } } } } } };
  };
}

describe('csm slo export (OpenSLO v1)', () => {
  const cat = loadCatalogue(EXAMPLE_CATALOGUE);

  test('one file per customer, one SLO per subscribed service, objectives from the agreed tier', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-slo-'));
    const r = await runCli(['slo', 'export', '--catalogue', EXAMPLE_CATALOGUE, '--out', 'slo'], work);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(work, 'slo')).sort()).toEqual(['acme.yaml', 'bluefin.yaml', 'corvid.yaml']);
    for (const customer of cat.customers.values()) {
      const parsed = parseAllDocuments(fs.readFileSync(path.join(work, 'slo', `${customer.id}.yaml`), 'utf8'));
      const docs = parsed.map((d) => {
        expect(d.errors).toEqual([]);
        return d.toJS() as SloDoc;
      });
      const subscribed = [...new Set(customer.subscriptions.map((s) => s.service))];
      expect(docs.map((d) => d.spec.service)).toEqual(subscribed);
      for (const d of docs) {
        const tier = cat.services.get(d.spec.service)!.slaTiers.find((t) => t.id === customer.agreement.slaTiers[d.spec.service])!;
        expect(d).toMatchObject({ apiVersion: 'openslo/v1', kind: 'SLO', metadata: { labels: { customer: customer.id, agreement: customer.agreement.id, tier: tier.id } } });
        expect(d.spec.objectives).toEqual([{ displayName: `${tier.id}: ${tier.availability}%`, target: expect.any(Number), timeSliceWindow: '5m' }]);
        expect(d.spec.objectives[0].target).toBeCloseTo(tier.availability / 100, 9);
        expect(d.spec.budgetingMethod).toBe('RatioTimeslices');
        expect(d.spec.timeWindow).toEqual([expect.objectContaining({ duration: '1M', isRolling: false })]);
        expect(d.metadata.name).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
        const source = d.spec.indicator.spec.ratioMetric.raw.metricSource;
        expect(source.spec.region).toBe(customer.agreement.homeRegion);
        const queries = JSON.parse(source.spec.json) as Array<{ MetricStat?: { Metric: { Dimensions: Array<{ Name: string; Value: string }> } } }>;
        expect(queries[1].MetricStat!.Metric.Dimensions).toEqual([{ Name: 'Customer', Value: customer.id }, { Name: 'Service', Value: d.spec.service }]);
      }
    }
  });

  test('refuses to overwrite without --force; unknown customers are bad input', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-slo-'));
    expect((await runCli(['slo', 'export', 'acme', '--catalogue', EXAMPLE_CATALOGUE], work)).code).toBe(0);
    const again = await runCli(['slo', 'export', 'acme', '--catalogue', EXAMPLE_CATALOGUE], work);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('openslo/acme.yaml already exists');
    expect((await runCli(['slo', 'export', 'acme', '--force', '--catalogue', EXAMPLE_CATALOGUE], work)).code).toBe(0);
    const unknown = await runCli(['slo', 'export', 'nobody', '--catalogue', EXAMPLE_CATALOGUE], work);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown customer "nobody"');
  });

  test('names longer than a DNS label are shortened deterministically', () => {
    const long = dnsName('a'.repeat(48), 'b'.repeat(48), 'availability');
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toBe(dnsName('a'.repeat(48), 'b'.repeat(48), 'availability'));
    expect(long).not.toBe(dnsName('a'.repeat(48), 'c'.repeat(48), 'availability'));
  });
});
