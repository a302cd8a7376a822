import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { synthesize } from '../src/synth/synthesize';
import { viewFromSynth } from '../src/view/from-synth';
import { catalogueWith, EXAMPLE_CATALOGUE } from './support/catalogue-fixture';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'csm-synth-'));

function filesUnder(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, full)] = fs.readFileSync(full);
    }
  }
  return out;
}

describe('synth', () => {
  test('writes one onboarding stack per customer, byte for byte the same across runs', () => {
    const cat = loadCatalogue(EXAMPLE_CATALOGUE);
    const a = tmp();
    const b = tmp();
    const stacks = synthesize(cat, { outdir: a });
    synthesize(loadCatalogue(EXAMPLE_CATALOGUE), { outdir: b, batchSize: 1 });
    expect(stacks.map((s) => s.name)).toEqual(['onboard-acme', 'onboard-bluefin', 'onboard-corvid']);
    const fa = filesUnder(a);
    const fb = filesUnder(b);
    expect(Object.keys(fa).sort()).toEqual(Object.keys(fb).sort());
    expect(Object.keys(fa)).toContain(path.join('stacks', 'onboard-acme', 'cdk.tf.json'));
    for (const [name, bytes] of Object.entries(fa)) expect({ name, same: bytes.equals(fb[name]) }).toEqual({ name, same: true });
  });

  test('no absolute path of this machine reaches the synthesized JSON; state is local and project-relative', () => {
    const out = tmp();
    const [stack] = synthesize(loadCatalogue(EXAMPLE_CATALOGUE), { outdir: out, customers: ['acme'] });
    const text = fs.readFileSync(stack.file, 'utf8');
    expect(text).not.toContain(out);
    expect(text).not.toContain(process.cwd());
    expect(JSON.parse(text).terraform.backend).toEqual({ local: { path: '../../../.csm/state/onboard-acme.tfstate' } });
  });

  test("an S3 backend locked by Terraform's own lock file, with DynamoDB locking too when a table is named", () => {
    const s3 = (state: string) => {
      const dir = catalogueWith({ 'provider.yaml': (t) => t.replace('state:\n  backend: local', `state:\n  backend: s3\n  bucket: nimbus-tfstate\n  region: eu-central-1${state}`) });
      const [stack] = synthesize(loadCatalogue(dir), { outdir: tmp(), customers: ['corvid'] });
      return JSON.parse(fs.readFileSync(stack.file, 'utf8')).terraform.backend.s3;
    };
    const common = { bucket: 'nimbus-tfstate', key: 'csm/onboard-corvid.tfstate', region: 'eu-central-1', encrypt: true };
    expect(s3('')).toEqual({ ...common, use_lockfile: true });
    expect(s3('\n  dynamodbTable: nimbus-tflock')).toEqual({ ...common, use_lockfile: true, dynamodb_table: 'nimbus-tflock' });
    expect(s3('\n  lockfile: false\n  dynamodbTable: nimbus-tflock')).toEqual({ ...common, dynamodb_table: 'nimbus-tflock' });
  });

  test('an S3 state without any lock is refused, located', () => {
    const dir = catalogueWith({ 'provider.yaml': (t) => t.replace('state:\n  backend: local', 'state:\n  backend: s3\n  bucket: nimbus-tfstate\n  region: eu-central-1\n  lockfile: false') });
    expect(() => loadCatalogue(dir)).toThrow(/provider\.yaml:\d+:\d+: state.*dynamodbTable/);
  });

  test('a customer name with ${...} and %{...} comes out literal, never as interpolation', () => {
    const dir = catalogueWith({ 'customers/corvid.yaml': (t) => t.replace('name: Corvid Analytics Ltd', 'name: "Evil ${aws_kms_key.x.arn} %{if true}x%{endif}"') });
    const [stack] = synthesize(loadCatalogue(dir), { outdir: tmp(), customers: ['corvid'] });
    const json = JSON.parse(fs.readFileSync(stack.file, 'utf8'));
    const descriptions = Object.values(json.resource.aws_kms_key).map((k) => (k as { description: string }).description);
    expect(descriptions).toEqual(['csm tenant key for Evil $${aws_kms_key.x.arn} %%{if true}x%%{endif} in eu-west-1']);
    const raw = fs.readFileSync(stack.file, 'utf8');
    expect(raw).not.toMatch(/[^$]\$\{aws_kms_key\.x/);
  });

  test('every resource keeps its construct path, for findings to point back to', () => {
    const [stack] = synthesize(loadCatalogue(EXAMPLE_CATALOGUE), { outdir: tmp(), customers: ['bluefin'] });
    const json = JSON.parse(fs.readFileSync(stack.file, 'utf8'));
    for (const byName of Object.values(json.resource) as Array<Record<string, { '//': { metadata: { path: string } } }>>) {
      for (const r of Object.values(byName)) expect(r['//'].metadata.path).toMatch(/^onboard-bluefin\//);
    }
  });
});

describe('allocation changes keep resource addresses (S11)', () => {
  test("changing a subscription's option or raising its quantity updates and adds, never deletes", () => {
    const before = synthesize(loadCatalogue(EXAMPLE_CATALOGUE), { outdir: tmp(), customers: ['acme'] })[0];
    const changed = catalogueWith({
      'customers/acme.yaml': (t) =>
        t.replace('option: standard-1tb, quantity: 2', 'option: archive-10tb, quantity: 2').replace('option: large, quantity: 1', 'option: large, quantity: 2'),
    });
    const after = synthesize(loadCatalogue(changed), { outdir: tmp(), customers: ['acme'] })[0];
    const view = viewFromSynth(after.name, JSON.parse(fs.readFileSync(after.file, 'utf8')), JSON.parse(fs.readFileSync(before.file, 'utf8')));
    const actions = (type: string) => view.resources.filter((r) => r.type === type).map((r) => r.action);
    expect(view.resources.filter((r) => r.action === 'delete').map((r) => r.address)).toEqual([]);
    expect(actions('aws_s3_bucket')).toEqual(['no-op', 'no-op', 'no-op']); // the log bucket and both data buckets stay
    expect(actions('aws_s3_bucket_lifecycle_configuration').filter((a) => a === 'update')).toHaveLength(2); // archive tiering
    expect(actions('aws_db_instance').sort()).toEqual(['create', 'no-op']); // a second database; the first untouched
  });
});
