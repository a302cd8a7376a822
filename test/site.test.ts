import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { monthlyCharges } from '../src/model/charges';
import { poolUse } from '../src/model/capacity';
import { buildSite } from '../src/site/build';
import { siteModel, termEnd } from '../src/site/model';
import { allowedDowntimeMinutes } from '../src/model/targets';
import { escapeHtml, html, safeHref } from '../src/render/html';
import { catalogueWith, EXAMPLE_CATALOGUE } from './support/catalogue-fixture';
import { runCli } from './support/run-cli';

const INJECTION = `<img src=x onerror="alert(1)"> & <script>alert(2)</script> "quoted" 'single' \`tick\``;

describe('site model', () => {
  const cat = loadCatalogue(EXAMPLE_CATALOGUE);

  test('charges are quantity times the catalogue price, summed (checked by hand for acme)', () => {
    const acme = monthlyCharges(cat, cat.customers.get('acme')!);
    // tenant-network three-az 1 x 130 + object-storage standard-1tb 2 x 30 + managed-postgres large 1 x 890
    expect(acme.lines.map((l) => l.monthly)).toEqual([130, 60, 890]);
    expect(acme.total).toBe(1080);
    expect(acme.withinBudget).toBe(true);
    expect(monthlyCharges(cat, cat.customers.get('bluefin')!).total).toBe(180 + 520);
  });

  test('a customer above its budget cap is shown as such', () => {
    const over = loadCatalogue(catalogueWith({ 'customers/corvid.yaml': (t) => t.replace('budgetCap: 1200', 'budgetCap: 100') }));
    expect(monthlyCharges(over, over.customers.get('corvid')!)).toMatchObject({ total: 480, withinBudget: false });
  });

  test('capacity use per pool: quantity times capacity units, alerts at warnAtPercent of the quota', () => {
    const pools = poolUse(cat.services, cat.customers.get('acme')!);
    expect(pools.map((p) => [p.pool, p.subscribed, p.quota, p.warnAt])).toEqual([
      ['vpc-eu', 1, 3, 2.4],
      ['storage-eu', 2, 100, 80],
      ['db-vcpu-eu', 8, 64, 51.2],
    ]);
  });

  test('term end and allowed downtime', () => {
    expect(termEnd('2026-01-15', 36)).toBe('2029-01-14');
    expect(termEnd('2026-03-01', 1)).toBe('2026-03-31');
    // 0.05 % of 43 200 minutes
    expect(allowedDowntimeMinutes(99.95)).toBe(21.6);
  });

  test('services order: offered first; improvements: open first, by priority, oldest first', () => {
    const dir = catalogueWith({ 'services/container-hosting.yaml': (t) => t.replace('status: active', 'status: deprecated') });
    const m = siteModel(loadCatalogue(dir));
    expect(m.services.map((s) => s.service.id)).toEqual(['managed-postgres', 'object-storage', 'tenant-network', 'container-hosting']);
    expect(m.improvements.map((i) => [i.improvement.status, i.improvement.priority])).toEqual([
      ['approved', 'high'],
      ['in-progress', 'high'],
      ['proposed', 'low'],
      ['done', 'medium'],
    ]);
  });
});

describe('HTML escaping', () => {
  test('every interpolation is escaped unless csm made it', () => {
    expect(escapeHtml(INJECTION)).not.toMatch(/[<>"'`]/);
    expect(html`<p title="${INJECTION}">${INJECTION}</p>`.text).toBe(`<p title="${escapeHtml(INJECTION)}">${escapeHtml(INJECTION)}</p>`);
    expect(html`<b>${html`<i>${'<x>'}</i>`}</b>`.text).toBe('<b><i>&lt;x&gt;</i></b>');
  });

  test('only https links from input become hrefs', () => {
    expect(safeHref('https://git.example/nimbus/csm/pull/3')).toBe('https://git.example/nimbus/csm/pull/3');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('http://plain.example')).toBeUndefined();
  });

  test('text from every YAML file reaches the pages escaped', () => {
    const dir = catalogueWith({
      'customers/corvid.yaml': (t) => t.replace('name: Corvid Analytics Ltd', `name: ${JSON.stringify(INJECTION)}`),
      'services/object-storage.yaml': (t) => t.replace('name: Object Storage', `name: ${JSON.stringify(INJECTION)}`),
      'provider.yaml': (t) => t.replace('title: Master service agreement', `title: ${JSON.stringify(INJECTION)}`),
      'improvements.yaml': (t) => t.replace('title: Review capacity pools against six-month demand', `title: ${JSON.stringify(INJECTION)}`),
    });
    const pages = buildSite(loadCatalogue(dir));
    const all = pages.map((p) => String(p.content)).join('\n');
    expect(all).not.toContain('<script');
    expect(all).not.toContain('<img');
    expect(all).not.toContain('onerror="');
    for (const page of ['index.html', 'agreements/corvid.html', 'services/object-storage.html', 'provider.html', 'improvements.html']) {
      const text = String(pages.find((p) => p.path === page)!.content);
      expect({ page, escaped: text.includes(escapeHtml(INJECTION)) }).toEqual({ page, escaped: true });
    }
  });
});

describe('csm catalogue build', () => {
  test('writes the pages; a second build refuses to replace them without --force', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-site-'));
    const first = await runCli(['catalogue', 'build', '--catalogue', EXAMPLE_CATALOGUE], work);
    expect(first.code).toBe(0);
    const index = path.join(work, 'site', 'index.html');
    const before = fs.readFileSync(index, 'utf8');
    fs.writeFileSync(index, 'edited by hand');
    const again = await runCli(['catalogue', 'build', '--catalogue', EXAMPLE_CATALOGUE], work);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exist');
    expect(fs.readFileSync(index, 'utf8')).toBe('edited by hand');
    const forced = await runCli(['catalogue', 'build', '--force', '--catalogue', EXAMPLE_CATALOGUE], work);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(index, 'utf8')).toBe(before);
  });

  test('a broken catalogue: located error, exit 2, nothing written', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-site-'));
    const dir = catalogueWith({ 'improvements.yaml': (t) => t.replace('priority: low', 'priority: urgent') });
    const r = await runCli(['catalogue', 'build', '--catalogue', dir], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/improvements\.yaml:\d+:\d+: improvements\[3\]\.priority: must be one of: high, medium, low/);
    expect(fs.existsSync(path.join(work, 'site'))).toBe(false);
  });

  const changeRule = (statements: string) =>
    `package csm.change\n\nimport rego.v1\n\n# METADATA\n# title: Changes <b>name</b> a reviewed plan\n# custom:\n#   id: CSM-CHG-001\n#   clauses: ["9.2"]\n#   scenario: S09\n#   statements: ${statements}\ndeny contains "x" if input.x\n`;

  test('the plan lists the policy rules with what they serve and the policy statement each implements; a catalogue without policies says so', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-site-'));
    fs.mkdirSync(path.join(work, 'rules'));
    fs.writeFileSync(path.join(work, 'rules', 'change.rego'), changeRule('[controlled-change]'));
    expect((await runCli(['catalogue', 'build', '--policies', 'rules', '--catalogue', EXAMPLE_CATALOGUE], work)).code).toBe(0);
    const provider = fs.readFileSync(path.join(work, 'site', 'provider.html'), 'utf8');
    expect(provider).toContain(
      '<tr id="rule-CSM-CHG-001" data-policy="CSM-CHG-001"><td><code>CSM-CHG-001</code></td><td>Changes &lt;b&gt;name&lt;/b&gt; a reviewed plan</td><td>9.2</td><td>S09</td><td><a href="#statement-controlled-change">controlled-change</a></td></tr>',
    );
    // The statement lists the rule back; a statement no rule implements says so.
    expect(provider).toMatch(/<tr id="statement-controlled-change" data-statement="controlled-change">.*<a href="#rule-CSM-CHG-001"><code>CSM-CHG-001<\/code><\/a><\/td><\/tr>/);
    expect(provider).toMatch(/<tr id="statement-continuity" data-statement="continuity">.*no rule yet/);
    const none = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-site-'));
    expect((await runCli(['catalogue', 'build', '--catalogue', EXAMPLE_CATALOGUE], none)).code).toBe(0);
    expect(fs.readFileSync(path.join(none, 'site', 'provider.html'), 'utf8')).toContain('No policy rules found.');
  });

  test('a rule that names a statement the policy does not make is bad input, located at its METADATA; nothing is written', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-site-'));
    fs.mkdirSync(path.join(work, 'rules'));
    fs.writeFileSync(path.join(work, 'rules', 'change.rego'), changeRule('[controlled-change, world-peace]'));
    const r = await runCli(['catalogue', 'build', '--policies', 'rules', '--catalogue', EXAMPLE_CATALOGUE], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules/change.rego:11:5: custom.statements: CSM-CHG-001 names statement "world-peace", which the service management policy');
    fs.writeFileSync(path.join(work, 'rules', 'change.rego'), changeRule('protect-customer-data'));
    expect((await runCli(['catalogue', 'build', '--policies', 'rules', '--catalogue', EXAMPLE_CATALOGUE], work)).stderr).toContain('rules/change.rego:11:5: custom.statements: must be a list of statement ids');
    expect(fs.existsSync(path.join(work, 'site'))).toBe(false);
  });

  test('unknown action is a usage error', async () => {
    const r = await runCli(['catalogue', 'publish']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('catalogue needs an action: build');
  });
});
