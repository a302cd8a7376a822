import { viewFromPlan, type PlanJson } from '../src/view/from-plan';
import { viewFromSynth } from '../src/view/from-synth';

/**
 * The resource view is one shape at both gates. A small plan JSON written by hand in the shape `terraform show
 * -json` gives (format 1.2) pins the two cases a real offline plan of a new stack cannot show: a change against
 * existing state, where references are already resolved to real values (and stay so), and a `forget` (handover).
 * Real plans of HCL configurations are in test/plan-view.test.ts.
 */
const KEY_REF = '${aws_kms_key.k.arn}';
const plan: PlanJson = {
  format_version: '1.2',
  configuration: {
    provider_config: { aws: { expressions: { region: { constant_value: 'eu-west-1' } } } },
    root_module: {
      resources: [
        {
          address: 'aws_sns_topic.t',
          type: 'aws_sns_topic',
          name: 't',
          provider_config_key: 'aws',
          expressions: { name: { constant_value: 'alerts' }, kms_master_key_id: { constant_value: KEY_REF, references: ['aws_kms_key.k.arn', 'aws_kms_key.k'] } },
        },
        {
          address: 'aws_s3_bucket_server_side_encryption_configuration.e',
          type: 'aws_s3_bucket_server_side_encryption_configuration',
          name: 'e',
          provider_config_key: 'aws',
          expressions: { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: { constant_value: KEY_REF, references: ['aws_kms_key.k.arn'] }, sse_algorithm: { constant_value: 'aws:kms' } }] }] },
        },
      ],
    },
  },
  resource_changes: [
    {
      address: 'aws_sns_topic.t',
      type: 'aws_sns_topic',
      name: 't',
      change: { actions: ['update'], before: { name: 'alerts', kms_master_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/abc', tags: { 'csm:customer': 'acme' } }, after: { name: 'alerts', kms_master_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/abc', tags: { 'csm:customer': 'acme', x: 'y' } }, after_unknown: {} },
    },
    {
      address: 'aws_s3_bucket_server_side_encryption_configuration.e',
      type: 'aws_s3_bucket_server_side_encryption_configuration',
      name: 'e',
      change: { actions: ['create'], before: null, after: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }] }] }, after_unknown: { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] } },
    },
    { address: 'aws_s3_bucket.gone', type: 'aws_s3_bucket', name: 'gone', change: { actions: ['forget'], before: { bucket: 'b' }, after: null } },
  ],
};

describe('resource view from plan JSON', () => {
  const view = viewFromPlan('onboard-acme', plan);
  const byAddress = (a: string) => view.resources.find((r) => r.address === a)!;

  test('a known planned value is kept as planned; one known only after apply reads as the reference it derives from', () => {
    // The topic is updated against existing state: its key's ARN is known, and the configuration's reference never replaces it.
    expect(byAddress('aws_sns_topic.t').values.kms_master_key_id).toBe('arn:aws:kms:eu-west-1:111122223333:key/abc');
    expect(byAddress('aws_sns_topic.t').before?.kms_master_key_id).toBe('arn:aws:kms:eu-west-1:111122223333:key/abc');
    const sse = byAddress('aws_s3_bucket_server_side_encryption_configuration.e').values.rule as Array<{ apply_server_side_encryption_by_default: Array<Record<string, string>> }>;
    expect(sse[0].apply_server_side_encryption_by_default[0]).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: KEY_REF });
  });

  test('actions, regions and tags: update stays update, forget is a delete with a handover removal', () => {
    expect(view.resources.map((r) => [r.address, r.action, r.region])).toEqual([
      ['aws_s3_bucket.gone', 'delete', 'eu-west-1'],
      ['aws_s3_bucket_server_side_encryption_configuration.e', 'create', 'eu-west-1'],
      ['aws_sns_topic.t', 'update', 'eu-west-1'],
    ]);
    expect(view.removals).toEqual([{ from: 'aws_s3_bucket.gone', destroy: false }]);
    expect(byAddress('aws_sns_topic.t').customer).toBe('acme');
  });

  test('a value known only after apply reads the same at the synth gate', () => {
    const rule = { apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: KEY_REF }] };
    const synth = viewFromSynth('onboard-acme', { provider: { aws: [{ region: 'eu-west-1' }] }, resource: { aws_s3_bucket_server_side_encryption_configuration: { e: { rule: [rule] } } } });
    expect(synth.resources[0].values.rule).toEqual(byAddress('aws_s3_bucket_server_side_encryption_configuration.e').values.rule);
  });

  test('an unknown plan format version is refused; format 0.1 of Terraform 0.12-0.15 is read', () => {
    expect(() => viewFromPlan('x', { ...plan, format_version: '2.0' })).toThrow(/format_version "2.0" is not supported/);
    expect(() => viewFromPlan('x', { ...plan, format_version: '0.1', terraform_version: '0.14.11' })).not.toThrow();
  });
});
