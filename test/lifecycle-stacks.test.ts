import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCatalogue } from '../src/model/load';
import { synthesize } from '../src/synth/synthesize';
import { synthesizeOperation } from '../src/lifecycle/targets';
import { catalogueWith } from './support/catalogue-fixture';

type Json = { terraform: { backend: Record<string, Record<string, unknown>> }; resource?: Record<string, Record<string, Record<string, unknown>>>; removed?: Array<{ from: string; lifecycle: unknown }> };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'csm-ops-'));
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
const addresses = (json: Json) => Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)).sort();
const transferring = (fields: string, provider?: (t: string) => string) =>
  loadCatalogue(
    catalogueWith({
      'customers/corvid.yaml': (t) => t.replace(/( {2}budgetCap: 1200\n)/, `$1  transfer: { ${fields}, target: { accountId: "444455556666", region: eu-west-1 }, requested: "2026-11-20" }\n`),
      ...(provider ? { 'provider.yaml': provider } : {}),
    }),
  );
const onboarded = (cat: ReturnType<typeof loadCatalogue>) => read(synthesize(cat, { outdir: tmp(), customers: ['corvid'] })[0].file);

describe('lifecycle stacks plan against the tenancy\'s own state', () => {
  test('transfer (copy): the whole tenancy unchanged, plus grants to the target account for the moving data only', () => {
    const cat = transferring('to: customer, services: [managed-postgres]');
    const [stack] = synthesizeOperation('transfer', ['corvid'], cat, tmp());
    const json = read(stack.file);
    expect(stack).toMatchObject({ name: 'transfer-corvid', stateOf: 'onboard-corvid', destroy: false });
    expect(json.terraform.backend).toEqual({ local: { path: '../../../.csm/state/onboard-corvid.tfstate' } });
    const added = addresses(json).filter((a) => !addresses(onboarded(cat)).includes(a));
    expect(added.map((a) => a.split('.')[0])).toEqual(['aws_db_snapshot', 'aws_iam_role', 'aws_iam_role_policy', 'aws_kms_grant']);
    const [grant] = Object.values(json.resource!.aws_kms_grant);
    expect(grant).toMatchObject({ grantee_principal: 'arn:aws:iam::444455556666:root', operations: ['Decrypt', 'DescribeKey', 'CreateGrant'], retire_on_delete: true });
    const role = Object.values(json.resource!.aws_iam_role).find((r) => String(r.name).includes('transfer'))!;
    expect(JSON.parse(role.assume_role_policy as string).Statement[0]).toMatchObject({ Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Condition: { StringEquals: { 'sts:ExternalId': 'corvid-2026-06' } } });
    expect(role.tags).toMatchObject({ 'csm:scenario': 'S14', 'csm:customer': 'corvid' });
    // Read access covers the tenant key, and no bucket: object storage is not moving (corvid has none).
    expect(JSON.parse(Object.values(json.resource!.aws_iam_role_policy).find((p) => p.name === 'csm-transfer-read')!.policy as string).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['DecryptWithTenantKey']);
  });

  test('transfer (handover): no resource is declared, every resource of the tenancy is removed with destroy = false', () => {
    const cat = transferring('to: provider, method: handover');
    const [stack] = synthesizeOperation('transfer', ['corvid'], cat, tmp());
    const json = read(stack.file);
    expect(addresses(json)).toEqual([]);
    expect(json.removed!.map((r) => r.from)).toEqual(addresses(onboarded(cat)));
    for (const r of json.removed!) expect(r.lifecycle).toEqual([{ destroy: false }]);
    expect(stack.handedOver).toEqual(addresses(onboarded(cat)));
  });

  test('terminate: the tenancy as it is, in destroy mode, on the shared state; an S3 backend shares it too', () => {
    const cat = transferring('to: customer', (t) => t.replace('state:\n  backend: local', 'state:\n  backend: s3\n  bucket: nimbus-tfstate\n  region: eu-central-1\n  dynamodbTable: nimbus-tflock'));
    const [stack] = synthesizeOperation('terminate', ['corvid'], cat, tmp());
    const json = read(stack.file);
    expect(stack).toMatchObject({ name: 'terminate-corvid', destroy: true });
    expect(addresses(json)).toEqual(addresses(onboarded(cat)));
    expect(json.terraform.backend.s3).toMatchObject({ key: 'csm/onboard-corvid.tfstate', dynamodb_table: 'nimbus-tflock' });
  });
});

test('terminate, unprotect step: the same tenancy with only the stores\' protection switches turned, on the shared state', () => {
  const cat = transferring('to: customer');
  const [unprotect] = synthesizeOperation('terminate', ['corvid'], cat, tmp(), { step: 'unprotect' });
  const [destroy] = synthesizeOperation('terminate', ['corvid'], cat, tmp());
  expect(unprotect).toMatchObject({ name: 'terminate-corvid-unprotect', destroy: false, stateOf: 'onboard-corvid' });
  const lifted = read(unprotect.file);
  const kept = read(destroy.file);
  expect(lifted.terraform.backend).toEqual(kept.terraform.backend);
  const turned: string[] = [];
  for (const [type, byName] of Object.entries(kept.resource!)) {
    for (const [name, config] of Object.entries(byName)) {
      const other = lifted.resource![type][name];
      // `//` holds the construct path, which names the stack.
      for (const key of new Set([...Object.keys(config), ...Object.keys(other)].filter((k) => k !== '//'))) {
        if (JSON.stringify(config[key]) !== JSON.stringify(other[key])) turned.push(`${type}.${key}=${JSON.stringify(config[key])}->${JSON.stringify(other[key])}`);
      }
    }
  }
  expect([...new Set(turned)].sort()).toEqual(['aws_db_instance.deletion_protection=true->false', 'aws_ecr_repository.force_delete=false->true', 'aws_s3_bucket.force_destroy=false->true']);
  expect(Object.values(lifted.resource!.aws_db_instance)[0]).toMatchObject({ skip_final_snapshot: false, final_snapshot_identifier: 'csm-corvid-managed-postgres-1-final' });
});

test('an operation synthesized beside the onboarding stacks keeps them in cdktf.out/manifest.json', () => {
  const cat = transferring('to: customer');
  const out = tmp();
  synthesize(cat, { outdir: out });
  synthesizeOperation('terminate', ['corvid'], cat, out);
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  expect(Object.keys(manifest.stacks).sort()).toEqual(['onboard-acme', 'onboard-bluefin', 'onboard-corvid', 'terminate-corvid']);
});
