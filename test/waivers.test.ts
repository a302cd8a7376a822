import * as fs from 'fs';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { CatalogueError } from '../src/model/errors';
import { loadWaivers, applyWaivers } from '../src/check/waivers';
import { catalogueWith } from './support/catalogue-fixture';

const waiverFile = (dir: string, expires: string) => {
  const file = path.join(dir, 'waivers.yaml');
  fs.writeFileSync(file, `waivers:\n  - id: w1\n    rule: CSM-AGR-006\n    customer: acme\n    reason: Budget raise signed, amendment in progress\n    approver: Dana Fischer\n    expires: "${expires}"\n`);
  return file;
};
const now = new Date('2026-11-25T12:00:00Z');
const rules = new Set(['CSM-AGR-006']);

describe('waivers: the expiry horizon (provider.yaml governance.maxWaiverDays)', () => {
  test('by default a waiver runs at most 90 days from the evaluation time', () => {
    const dir = catalogueWith();
    const catalogue = loadCatalogue(dir);
    expect(loadWaivers(waiverFile(dir, '2027-02-22'), { catalogue, now, ruleIds: rules })).toHaveLength(1); // its last day ends 89.5 days after now
    expect(() => loadWaivers(waiverFile(dir, '2027-02-24'), { catalogue, now, ruleIds: rules })).toThrow(CatalogueError);
  });

  test('the provider sets its own horizon', () => {
    const dir = catalogueWith({ 'provider.yaml': (t) => t.replace('state:\n  backend: local', 'state:\n  backend: local\ngovernance:\n  maxWaiverDays: 365') });
    const catalogue = loadCatalogue(dir);
    expect(loadWaivers(waiverFile(dir, '2027-06-30'), { catalogue, now, ruleIds: rules })).toHaveLength(1);
  });

  test('an expired waiver is valid input: it is reported as expired, not applied', () => {
    const dir = catalogueWith();
    const [w] = loadWaivers(waiverFile(dir, '2026-11-24'), { catalogue: loadCatalogue(dir), now, ruleIds: rules });
    const finding = { id: 'CSM-AGR-006', severity: 'high' as const, message: 'm', resource: null, construct_path: null, clauses: [], scenario: 'S08', remediation: '', source: null };
    expect(applyWaivers([finding], 'acme', [w], now)).toMatchObject({ standing: [finding], waived: [], expired: [{ waiver: 'w1', expired: '2026-11-24' }] });
  });
});
