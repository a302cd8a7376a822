import * as fs from 'fs';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { catalogueWith, lineOf, EXAMPLE_CATALOGUE, issuesOf } from './support/catalogue-fixture';


describe('catalogue validation', () => {
  test('the bundled example validates', () => {
    const cat = loadCatalogue(EXAMPLE_CATALOGUE);
    expect(cat.services.size).toBeGreaterThanOrEqual(4);
    expect(cat.customers.size).toBeGreaterThanOrEqual(3);
    const tiers = new Set([...cat.customers.values()].flatMap((c) => Object.values(c.agreement.slaTiers)));
    expect(tiers.size).toBeGreaterThan(1);
    const regions = new Set([...cat.customers.values()].map((c) => c.agreement.homeRegion));
    expect(regions.size).toBeGreaterThan(1);
  });

  test('unknown service in a subscription names file, line, column and field', () => {
    const dir = catalogueWith({ 'customers/bluefin.yaml': (t) => t.replace('service: container-hosting, option', 'service: container-hostin, option') });
    const file = path.join(dir, 'customers/bluefin.yaml');
    const line = lineOf(file, 'container-hostin,');
    const issues = issuesOf(dir);
    expect(issues).toContainEqual(expect.stringMatching(new RegExp(`^${file}:${line}:\\d+: subscriptions\\[1\\]\\.service: unknown service "container-hostin"`)));
  });

  test('duplicate customer id across files', () => {
    const dir = catalogueWith({
      'customers/bluefin.yaml': (t) => t.replace('id: bluefin', 'id: corvid'),
    });
    const issues = issuesOf(dir).join('\n');
    expect(issues).toMatch(/customers\/corvid\.yaml:2:5: id: duplicate customer id "corvid" \(also defined in .*bluefin\.yaml\)/);
  });

  test('wrong type names the field and its position', () => {
    const dir = catalogueWith({ 'customers/acme.yaml': (t) => t.replace('budgetCap: 3000', 'budgetCap: lots') });
    const file = path.join(dir, 'customers/acme.yaml');
    expect(issuesOf(dir)).toContain(`${file}:${lineOf(file, 'budgetCap')}:14: agreement.budgetCap: must be of type number`);
  });

  test('missing required field is reported at the object that should hold it', () => {
    const dir = catalogueWith({ 'services/object-storage.yaml': (t) => t.replace(/^dataClassification: .*\n/m, '') });
    const file = path.join(dir, 'services/object-storage.yaml');
    expect(issuesOf(dir)).toContain(`${file}:2:1: dataClassification: is required but missing`);
  });

  test.each([['acme/evil'], ['../acme'], ['ac me'], ['Acme']])('unsafe id %p is rejected', (bad) => {
    const dir = catalogueWith({ 'customers/acme.yaml': (t) => t.replace('id: acme\n', `id: ${JSON.stringify(bad)}\n`) });
    const file = path.join(dir, 'customers/acme.yaml');
    expect(issuesOf(dir).join('\n')).toContain(`${file}:2:5: id: must be a safe id`);
  });

  test('an SLA tier the service does not offer', () => {
    const dir = catalogueWith({ 'customers/corvid.yaml': (t) => t.replace('managed-postgres: standard', 'managed-postgres: platinum') });
    const file = path.join(dir, 'customers/corvid.yaml');
    const issues = issuesOf(dir);
    expect(issues).toContainEqual(
      expect.stringMatching(new RegExp(`^${file}:${lineOf(file, 'platinum')}:\\d+: agreement\\.slaTiers\\.managed-postgres: SLA tier "platinum" is not offered by service "managed-postgres" \\(offered: standard, premium\\)`)),
    );
  });

  test('an option the service does not have, and a region it is not offered in', () => {
    const dir = catalogueWith({
      'customers/corvid.yaml': (t) => t.replace('option: small, quantity: 1, region: eu-west-1', 'option: huge, quantity: 1, region: us-east-1'),
    });
    const text = issuesOf(dir).join('\n');
    expect(text).toMatch(/subscriptions\[1\]\.option: service "managed-postgres" has no option "huge"/);
    expect(text).toMatch(/subscriptions\[1\]\.region: service "managed-postgres" is not offered in us-east-1/);
  });

  test('a service that requires another one', () => {
    const dir = catalogueWith({ 'customers/corvid.yaml': (t) => t.replace(/^  - \{ service: tenant-network.*\n/m, '') });
    expect(issuesOf(dir).join('\n')).toMatch(/subscriptions\[0\]\.service: service "managed-postgres" requires a subscription to "tenant-network" in eu-west-1/);
  });

  test('YAML syntax errors and duplicate keys are located', () => {
    const dir = catalogueWith({ 'customers/acme.yaml': (t) => t.replace('name: ACME Logistics AG', 'name: ACME Logistics AG\nname: again') });
    const file = path.join(dir, 'customers/acme.yaml');
    expect(issuesOf(dir).join('\n')).toContain(`${file}:${lineOf(file, 'name: again')}:1: Map keys must be unique`);
  });

  test('the file name must match the id', () => {
    const dir = catalogueWith({ 'customers/acme.yaml': null, 'customers/acme-two.yaml': fs.readFileSync(path.join(EXAMPLE_CATALOGUE, 'customers/acme.yaml'), 'utf8') });
    expect(issuesOf(dir).join('\n')).toMatch(/acme-two\.yaml:2:5: id: id "acme" must match the file name "acme-two"/);
  });
});
