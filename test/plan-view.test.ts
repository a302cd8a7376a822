import { createHash } from 'crypto';
import { viewFromPlan, type PlanJson } from '../src/view/from-plan';
import { corpusView, planJson } from './support/plans';

/**
 * The plan gate's resource view, on real plans of HCL configurations (test/fixtures/plans): modules, count and
 * for_each keys, companions joined through references, values known only after apply as the unknown marker, known
 * values kept as planned, drift.
 */
const isMarker = (v: unknown) => typeof v === 'string' && v.replace(/\$\$\{/g, '').includes('${');

describe('resource view of real HCL plans', () => {
  const s3 = corpusView('s3/plan.json');
  const compute = corpusView('compute/plan.json');
  const stores = corpusView('stores/plan.json');
  const iam = corpusView('iam/plan.json');

  test('module addresses and count/for_each keys are kept', () => {
    const bucket = s3.at('module.logs["access"].aws_s3_bucket.this[0]');
    expect({ module: bucket.module, index: bucket.index, type: bucket.type, name: bucket.name }).toEqual({ module: 'module.logs["access"]', index: 0, type: 'aws_s3_bucket', name: 'this' });
    expect(compute.at('module.network[1].module.admin.aws_security_group.this').module).toBe('module.network[1].module.admin');
    expect(s3.at('aws_s3_bucket.good')).toMatchObject({ module: null, index: null, region: 'eu-west-1' });
  });

  test('a companion names its resource by the reference its unknown value derives from, across modules', () => {
    expect(s3.at('aws_s3_bucket_public_access_block.good').values.bucket).toBe('${aws_s3_bucket.good.id}');
    // Inside a for_each module instance, qualified by the instance.
    expect(s3.at('module.logs["audit"].aws_s3_bucket_public_access_block.this').values.bucket).toBe('${module.logs["audit"].aws_s3_bucket.this[0].id}');
    // Through a module's output, from the root.
    expect(s3.at('aws_s3_bucket_logging.good').values.target_bucket).toBe('${module.logs["access"].aws_s3_bucket.this[0].id}');
    expect(compute.at('aws_flow_log.network_0').values.vpc_id).toBe('${module.network[0].aws_vpc.this.id}');
    // Through a module's input variable, to the root's key.
    const sse = s3.at('module.logs["access"].aws_s3_bucket_server_side_encryption_configuration.this').values.rule as Array<{ apply_server_side_encryption_by_default: Array<Record<string, unknown>> }>;
    expect(sse[0].apply_server_side_encryption_by_default[0].kms_master_key_id).toBe('${aws_kms_key.data.arn}');
    // `aws_s3_bucket.many[count.index]` pairs with the instance of the same key.
    expect(s3.at('aws_s3_bucket_public_access_block.many[1]').values.bucket).toBe('${aws_s3_bucket.many[1]}');
  });

  test('a known planned value is never replaced by a configuration expression', () => {
    const policy = JSON.parse(iam.at('aws_iam_policy.admin_jsonencode').values.policy as string);
    expect(policy.Statement).toEqual([{ Action: '*', Effect: 'Allow', Resource: '*' }]);
    expect(s3.at('aws_s3_bucket_public_access_block.good').values.block_public_acls).toBe(true);
  });

  test('every value known only after apply is the unknown marker, never absent, null or zero', () => {
    for (const rel of ['s3/plan.json', 'compute/plan.json', 'stores/plan.json', 'iam/plan.json']) {
      const plan = planJson(rel);
      const view = viewFromPlan(rel, plan);
      for (const rc of plan.resource_changes ?? []) {
        const r = [...view.resources, ...(view.data_sources ?? [])].find((x) => x.address === rc.address)!;
        for (const [k, u] of Object.entries((rc.change.after_unknown ?? {}) as Record<string, unknown>)) {
          if (u === true) expect({ at: `${rc.address}.${k}`, marker: isMarker(r.values[k]) }).toEqual({ at: `${rc.address}.${k}`, marker: true });
        }
      }
    }
    expect(stores.at('aws_db_instance.encrypted').values.backup_retention_period).toBe('${aws_kms_key.rotated.key_id}');
    // Not set by the configuration: the resource's own attribute (Terraform's `self`), for the provider to decide.
    expect(stores.at('aws_efs_file_system.plain').values.encrypted).toBe('${self.encrypted}');
    expect(compute.at('aws_instance.hardened').values.root_block_device).toEqual([expect.objectContaining({ encrypted: true, kms_key_id: '${self.root_block_device[0].kms_key_id}' })]);
  });

  test("a known value's own ${ is escaped, so it never reads as unknown; user data hashed in the plan reads as written", () => {
    const userData = compute.at('aws_instance.legacy').values.user_data as string;
    expect(userData).toContain('AKIAIOSFODNN7EXAMPLE');
    expect(userData).toContain('home is $${HOME}');
    expect(isMarker(userData)).toBe(false);
  });

  test('user data is read from the configuration only when it hashes to the planned value', () => {
    const plan = planJson('compute/plan.json');
    const config = plan.configuration!.root_module!.resources!.find((r) => r.address === 'aws_instance.legacy')!;
    const written = (config.expressions!.user_data as { constant_value: string }).constant_value;
    expect(createHash('sha1').update(written).digest('hex')).toBe((plan.resource_changes!.find((r) => r.address === 'aws_instance.legacy')!.change.after as Record<string, string>).user_data);
    (config.expressions!.user_data as { constant_value: string }).constant_value = `${written}# a different script\n`;
    expect(viewFromPlan('x', plan).resources.find((r) => r.address === 'aws_instance.legacy')!.values.user_data).toMatch(/^[0-9a-f]{40}$/);
  });

  test('a policy document Terraform reads only at apply is in the view with the statements it shows', () => {
    const doc = s3.at('data.aws_iam_policy_document.document');
    expect(doc.values.statement).toEqual([expect.objectContaining({ actions: ['s3:ListBucket'], principals: [{ identifiers: ['*'], type: '*' }], resources: ['${aws_s3_bucket.document.arn}'] })]);
    expect(s3.at('aws_s3_bucket_policy.document').values.policy).toBe('${data.aws_iam_policy_document.document.json}');
  });

  test('drift: what changed outside Terraform and what the plan sets back; empty values read back are no drift', () => {
    const drift = corpusView('drift/plan.json');
    expect(drift.at('aws_sqs_queue.jobs')).toMatchObject({ action: 'update', drift: { action: 'update', attributes: ['sqs_managed_sse_enabled', 'visibility_timeout_seconds'], reverted: ['visibility_timeout_seconds'] } });
    expect(drift.at('aws_sqs_queue.jobs').values.sqs_managed_sse_enabled).toBe(false);
    expect(drift.at('aws_sqs_queue.legacy').drift).toBeNull();
    const same = corpusView('drift/no-changes.json');
    expect(same.resources.map((r) => [r.address, r.action, r.drift])).toEqual([
      ['aws_sqs_queue.jobs', 'no-op', null],
      ['aws_sqs_queue.legacy', 'no-op', null],
    ]);
  });

  test('a plan Terraform 1.0.8 wrote (format 0.2, public fixture) is read the same way', () => {
    const old = corpusView('public/regula-resource-view-05-tf-1.0.8.json');
    expect(old.at('aws_cloudwatch_log_group.fargate-logs')).toMatchObject({ region: 'us-east-1', values: expect.objectContaining({ kms_key_id: '${aws_kms_key.cloudwatch.key_id}', arn: '${self.arn}' }) });
  });

  test('format 0.2 of Terraform 1.0 gives the view format 1.2 gives', () => {
    const old = viewFromPlan('iam', planJson('contract/format-0.2.derived.json') as PlanJson);
    const now = viewFromPlan('iam', planJson('iam/plan.json'));
    expect(old.resources).toEqual(now.resources);
  });
});
