import { Construct } from 'constructs';
import { ObjectStorage } from '../constructs/object-storage';
import { ManagedPostgres } from '../constructs/managed-postgres';
import { ContainerHosting } from '../constructs/container-hosting';
import { TenantNetwork } from '../constructs/tenant-network';
import { TenantBaseline } from '../constructs/tenant-baseline';
import { RegionalFoundation } from '../constructs/regional-foundation';
import { serves } from '../constructs/clause-context';
import { resourcesOf, synthCsm } from './support/synth-helpers';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/test';

describe('service constructs and their safe defaults', () => {
  test('object storage: KMS encryption with the customer key, versioning, public access blocked, TLS only, logging', () => {
    const json = synthCsm((s) => new ObjectStorage(s, 'store', { customerId: 'tcust', name: 'std', region: 'eu-west-1', quantity: 2, kmsKeyArn: KEY, accessLogBucket: 'logs' }));
    expect(resourcesOf(json, 'aws_s3_bucket')).toHaveLength(2);
    for (const enc of resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration')) {
      expect(enc.rule).toEqual([{ apply_server_side_encryption_by_default: { kms_master_key_id: KEY, sse_algorithm: 'aws:kms' }, bucket_key_enabled: true }]);
    }
    for (const pab of resourcesOf(json, 'aws_s3_bucket_public_access_block')) {
      expect(pab).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    }
    expect(resourcesOf(json, 'aws_s3_bucket_versioning').map((v) => v.versioning_configuration)).toEqual([{ status: 'Enabled' }, { status: 'Enabled' }]);
    const policy = JSON.parse(String(resourcesOf(json, 'aws_s3_bucket_policy')[0].policy));
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(resourcesOf(json, 'aws_s3_bucket_logging')).toHaveLength(2);
  });

  test('managed PostgreSQL: encrypted, private, deletion-protected, final snapshot; multi-AZ and backups as asked', () => {
    const net = { vpcId: 'vpc-1', vpcCidr: '10.1.0.0/16', subnetIds: ['s1', 's2'] };
    const json = synthCsm((s) => {
      new ManagedPostgres(s, 'safe', { customerId: 'tcust', name: 'a', instanceClass: 'db.m6g.large', allocatedStorageGiB: 100, kmsKeyArn: KEY, ...net });
      new ManagedPostgres(s, 'single', { customerId: 'tcust', name: 'b', instanceClass: 'db.m6g.large', allocatedStorageGiB: 100, kmsKeyArn: KEY, ...net, multiAz: false, backupRetentionDays: 35 });
    });
    const [safe, single] = resourcesOf(json, 'aws_db_instance');
    expect(safe).toMatchObject({
      storage_encrypted: true,
      kms_key_id: KEY,
      publicly_accessible: false,
      deletion_protection: true,
      multi_az: true,
      backup_retention_period: 7,
      skip_final_snapshot: false,
      manage_master_user_password: true,
    });
    expect(single).toMatchObject({ multi_az: false, backup_retention_period: 35, deletion_protection: true });
    const params = resourcesOf(json, 'aws_db_parameter_group')[0].parameter as Array<{ name: string; value: string }>;
    expect(params).toContainEqual({ name: 'rds.force_ssl', value: '1' });
    const sg = resourcesOf(json, 'aws_security_group')[0].ingress as Array<{ cidr_blocks: string[] }>;
    expect(sg.flatMap((r) => r.cidr_blocks)).toEqual(['10.1.0.0/16']);
  });

  test('container hosting: immutable, scanned, KMS-encrypted registry; execution role scoped to its repository', () => {
    const json = synthCsm((s) => new ContainerHosting(s, 'ch', { customerId: 'tcust', name: 'prod', region: 'eu-west-1', kmsKeyArn: KEY }));
    expect(resourcesOf(json, 'aws_ecr_repository')[0]).toMatchObject({
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: 'KMS', kms_key: KEY }],
    });
    expect(resourcesOf(json, 'aws_cloudwatch_log_group')[0]).toMatchObject({ kms_key_id: KEY, retention_in_days: 90 });
    const doc = JSON.parse(String(resourcesOf(json, 'aws_iam_role_policy')[0].policy));
    const wildcard = doc.Statement.filter((st: { Resource: unknown }) => st.Resource === '*');
    expect(wildcard.map((st: { Action: string[] }) => st.Action)).toEqual([['ecr:GetAuthorizationToken']]);
  });

  test('tenant network: private subnets per zone, default security group without rules, flow logs', () => {
    const json = synthCsm((s) => new TenantNetwork(s, 'net', { customerId: 'tcust', region: 'eu-west-1', cidr: '10.7.0.0/16', availabilityZones: 3, kmsKeyArn: KEY }));
    const subnets = resourcesOf(json, 'aws_subnet');
    expect(subnets.map((x) => x.availability_zone)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(subnets.every((x) => x.map_public_ip_on_launch === false)).toBe(true);
    expect(resourcesOf(json, 'aws_default_security_group')[0]).toMatchObject({ ingress: [], egress: [] });
    expect(resourcesOf(json, 'aws_flow_log')[0]).toMatchObject({ traffic_type: 'ALL' });
  });

  test('tenant baseline: a role per user without wildcard actions, the agreed budget, an alarm per SLA target', () => {
    const json = synthCsm((s) => {
      const f = new RegionalFoundation(s, 'f', { customerId: 'tcust', customerName: 'T', region: 'eu-west-1', accountId: '111122223333' });
      new TenantBaseline(s, 'b', {
        customerId: 'tcust',
        customerName: 'T',
        accountId: '111122223333',
        kmsKeyArn: KEY,
        users: [
          { id: 'ann', email: 'ann@t.example', access: 'admin' },
          { id: 'bob', email: 'bob@t.example', access: 'read' },
        ],
        monthlyBudget: 1234,
        alertEmails: ['ops@t.example'],
        slaTargets: [{ service: 'object-storage', tier: 'premium', availabilityPercent: 99.99, rtoMinutes: 120 }],
      });
      return f;
    });
    expect(resourcesOf(json, 'aws_kms_key')[0]).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    const roles = resourcesOf(json, 'aws_iam_role').map((r) => r.name);
    expect(roles).toEqual(['csm-tcust-ann', 'csm-tcust-bob']);
    for (const p of resourcesOf(json, 'aws_iam_role_policy')) {
      const doc = JSON.parse(String(p.policy));
      for (const st of doc.Statement) expect(st.Action).not.toContain('*');
    }
    expect(resourcesOf(json, 'aws_budgets_budget')[0]).toMatchObject({ limit_amount: '1234.00', time_unit: 'MONTHLY' });
    const alarm = resourcesOf(json, 'aws_cloudwatch_metric_alarm')[0];
    expect(alarm).toMatchObject({ threshold: 99.99, comparison_operator: 'LessThanThreshold', evaluation_periods: 6 });
  });
});

describe('clause tagging aspect', () => {
  test('tags come from the nearest declarations; clauses merge up the tree; outputs name their clauses', () => {
    const json = synthCsm((s) => {
      const svc = new Construct(s, 'svc');
      serves(svc, { service: 'object-storage', clauses: ['6.6', '6.1'] });
      new ObjectStorage(svc, 'store', { customerId: 'tcust', name: 'std', region: 'eu-west-1', quantity: 1, kmsKeyArn: KEY, accessLogBucket: 'logs' });
    });
    const bucket = resourcesOf(json, 'aws_s3_bucket')[0];
    expect(bucket.tags).toEqual({
      'csm:managed-by': 'csm',
      'csm:customer': 'tcust',
      'csm:agreement': 'tcust-1',
      'csm:service': 'object-storage',
      'csm:scenario': 'S08',
      'csm:clauses': '6.1 6.3 6.6 9.1',
    });
    // Resources that AWS cannot tag carry none (and are not forced to).
    expect(resourcesOf(json, 'aws_s3_bucket_versioning')[0].tags).toBeUndefined();
    const outputs = Object.values(json.output ?? {});
    expect(outputs.length).toBeGreaterThan(0);
    for (const o of outputs) expect(o.description).toMatch(/\[ISO\/IEC 20000-1 6\.1, 6\.3, 6\.6, 9\.1; S08\]$/);
  });
});
