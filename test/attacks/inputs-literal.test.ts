import * as fs from 'fs';
import { Token } from 'cdktf';
import { loadCatalogue } from '../../src/model/load';
import { synthesize, newCsmApp } from '../../src/synth/synthesize';
import { OnboardStack } from '../../stacks/onboard';
import { catalogueWith } from '../support/catalogue-fixture';
import { tempDir, validateWith } from './support/inputs-catalogue';
import { CSM_REFERENCE, templateSequences } from './support/inputs-terraform-text';

/**
 * Class 1 of issue 11, one attack per field an attacker would reach for first; the walk over every field is
 * inputs-escaping.test.ts.
 */
const validate = validateWith;
const noTrace = /^\s+at /m;

describe('README: "every string from the catalogue reaches Terraform as literal text, whatever field it sits in"', () => {
  test('a contact e-mail that reads a runner file through ${file(...)} is refused at that field', async () => {
    const r = await validate({ 'customers/acme.yaml': (t) => t.replace('email: eva.schulz@acme.example }', 'email: \'eva${base64encode(file("/etc/hostname"))}${path.cwd}@acme.example\' }') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/customers\/acme\.yaml:5:\d+: contacts\[0\]\.email: .* is not an e-mail address/);
    expect(r.stderr).not.toMatch(noTrace);
  });

  test("a registered user's e-mail with interpolation is refused at that field", async () => {
    const r = await validate({ 'customers/acme.yaml': (t) => t.replace('email: ben.okafor@acme.example', 'email: "ben${path.root}@acme.example"') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('users[1].email: "ben${path.root}@acme.example" is not an e-mail address');
  });

  test("a service option's instanceClass with interpolation is refused (an RDS class has a known shape)", async () => {
    const r = await validate({ 'services/managed-postgres.yaml': (t) => t.replace('instanceClass: db.m6g.large,', 'instanceClass: "db.m6g.large${path.cwd}",') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('options[0].limits.instanceClass: "db.m6g.large${path.cwd}" is not an RDS instance class');
  });

  test("a capacity unit with ${path.cwd} reaches the alarm descriptions and the dashboard as literal text", () => {
    const dir = catalogueWith({ 'services/managed-postgres.yaml': (t) => t.replace('unit: vCPU,', 'unit: "vCPU${path.cwd}%{if true}%{endif}",') });
    const [stack] = synthesize(loadCatalogue(dir), { outdir: tempDir(), customers: ['acme'] });
    const json = JSON.parse(fs.readFileSync(stack.file, 'utf8'));
    const alarms = Object.values(json.resource.aws_cloudwatch_metric_alarm as Record<string, { alarm_description: string }>).map((a) => a.alarm_description);
    expect(alarms).toContain('acme uses 80% or more of its 64 vCPU$${path.cwd}%%{if true}%%{endif} quota in pool db-vcpu-eu');
    const dashboard = Object.values(json.resource.aws_cloudwatch_dashboard as Record<string, { dashboard_body: string }>)[0].dashboard_body;
    const { interpolations, directives } = templateSequences(dashboard);
    expect(directives).toEqual([]);
    expect(interpolations.filter((i) => !CSM_REFERENCE.test(i))).toEqual([]);
    expect(dashboard).toContain('vCPU$${path.cwd}%%{if true}%%{endif}');
  });

  test('an S3 state key prefix with ${...} is refused: Terraform reads backend settings verbatim', async () => {
    const r = await validate({ 'provider.yaml': (t) => t.replace('state:\n  backend: local', 'state:\n  backend: s3\n  bucket: nimbus-tfstate\n  region: eu-central-1\n  keyPrefix: "csm/${path.cwd}"') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/provider\.yaml:\d+:\d+: state\.keyPrefix: must match/);
  });

  test("cdktf's string token marker in a customer name is refused, so cdktf cannot swap in another resource's attribute", async () => {
    const r = await validate({ 'customers/acme.yaml': (t) => t.replace('name: ACME Logistics AG', 'name: "ACME ${TfToken[TOKEN.1]}"') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/customers\/acme\.yaml:3:\d+: name: contains cdktf token syntax/);
  });

  test("the text of a cdktf number token in a customer name is refused: cdktf would turn it into a live ${...} reference", async () => {
    const numberToken = String(Token.asNumber({ resolve: () => 1 }));
    const r = await validate({ 'customers/acme.yaml': (t) => t.replace('name: ACME Logistics AG', `name: "ACME ${numberToken}"`) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('name: contains the text of a cdktf number token');
  });

  test('a stack handed the raw catalogue model, past the literal boundary, refuses to build', () => {
    const cat = loadCatalogue(catalogueWith());
    const app = newCsmApp(tempDir());
    const raw = { provider: cat.provider, customer: cat.customers.get('acme')!, services: cat.services };
    expect(() => new OnboardStack(app, raw as unknown as ConstructorParameters<typeof OnboardStack>[1])).toThrow(/did not come through forTerraform/);
  });

  test('a YAML key in a service option limit is data, never syntax: a key with ${...} is refused', async () => {
    const r = await validate({ 'services/object-storage.yaml': (t) => t.replace('limits: { storageGiB: 1024 }', 'limits: { storageGiB: 1024, "x${path.cwd}": 1 }') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/options\[0\]\.limits\.x\$\{path\.cwd\}: must match/);
  });
});
