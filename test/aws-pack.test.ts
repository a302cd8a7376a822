import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildBundle } from '../src/policy/bundle';
import { PolicyEngine } from '../src/policy/engine';
import { buildPolicyInput } from '../src/policy/input';
import { readRegoSources } from '../src/policy/sources';
import { parseModule } from '@csm/rego';
import { REPO } from './support/catalogue-fixture';
import { corpusView } from './support/plans';
import { packTable } from './support/pack-table';

/**
 * The generic AWS pack (policies/aws) on the corpus of real plans, through the compiled bundle and the engine
 * `csm check` uses: every finding each plan must give, and none other. Each plan holds compliant and
 * non-compliant variants of every case (test/fixtures/plans/<case>/main.tf names which is which).
 */
const NO_CATALOGUE = { csm: { provider: {}, services: {}, customers: {}, ledger: { pools: {}, customers: {} } } };
let engine: PolicyEngine;

beforeAll(async () => {
  const bundle = await buildBundle(path.join(REPO, 'policies'), fs.mkdtempSync(path.join(os.tmpdir(), 'csm-pack-')));
  engine = PolicyEngine.load(bundle.dir, NO_CATALOGUE);
}, 120_000);

afterAll(() => engine.close());

async function findings(rel: string): Promise<string[]> {
  const view = corpusView(rel);
  const d = await engine.evaluate(buildPolicyInput({ operation: 'plan', view, customer: null, now: new Date('2026-11-25T17:00:00Z') }));
  return [...d.deny.map((f) => `deny ${f.id} ${f.resource}`), ...d.warn.map((f) => `warn ${f.id} ${f.resource}`)].sort();
}

const EXPECTED: Record<string, string[]> = {
  's3/plan.json': [
    'deny CSM-AWS-S3-001 aws_s3_bucket.many[1]',
    'deny CSM-AWS-S3-001 aws_s3_bucket.public_acl',
    'deny CSM-AWS-S3-001 aws_s3_bucket.public_policy',
    'deny CSM-AWS-S3-002 aws_s3_bucket_acl.public_acl',
    'deny CSM-AWS-S3-003 aws_s3_bucket_policy.document',
    'deny CSM-AWS-S3-003 aws_s3_bucket_policy.public_policy',
    'warn CSM-AWS-S3-003 module.logs["access"].aws_s3_bucket_policy.tls_only',
    'warn CSM-AWS-S3-003 module.logs["audit"].aws_s3_bucket_policy.tls_only',
    'warn CSM-AWS-S3-004 aws_s3_bucket.public_acl',
  ],
  'iam/plan.json': [
    'deny CSM-AWS-IAM-001 aws_iam_policy.admin_jsonencode',
    'deny CSM-AWS-IAM-001 aws_iam_policy.admin_statement_object',
    'deny CSM-AWS-IAM-001 aws_iam_role.inline_admin',
    'deny CSM-AWS-IAM-001 aws_iam_role_policy.admin_heredoc',
    'deny CSM-AWS-IAM-001 aws_iam_user_policy.admin_document',
    'deny CSM-AWS-IAM-002 aws_iam_group_policy_attachment.auditors_admin',
    'deny CSM-AWS-IAM-002 aws_iam_policy_attachment.everyone_admin',
    'deny CSM-AWS-IAM-002 aws_iam_role_policy_attachment.worker_admin',
    'deny CSM-AWS-IAM-002 aws_iam_user_policy_attachment.ops_admin',
    'deny CSM-AWS-IAM-003 aws_iam_role.anyone',
    'deny CSM-AWS-IAM-004 aws_kms_key.shared',
    'deny CSM-AWS-IAM-004 aws_sqs_queue_policy.jobs',
    'deny CSM-AWS-S3-001 aws_s3_bucket.scratch',
    'warn CSM-AWS-IAM-001 aws_iam_policy.unknown_at_plan',
    'warn CSM-AWS-S3-004 aws_s3_bucket.scratch',
  ],
  'compute/plan.json': [
    'deny CSM-AWS-EC2-001 aws_security_group.rdp_world_v6',
    'deny CSM-AWS-EC2-001 aws_security_group.ssh_world',
    'deny CSM-AWS-EC2-001 aws_vpc_security_group_ingress_rule.ssh_world_v6',
    'deny CSM-AWS-EC2-001 module.network[1].module.admin.aws_security_group.this',
    'deny CSM-AWS-EC2-002 aws_security_group.all_world',
    'deny CSM-AWS-EC2-002 aws_security_group_rule.range_world',
    'deny CSM-AWS-EC2-002 aws_vpc_security_group_ingress_rule.all_world',
    'deny CSM-AWS-EC2-003 aws_instance.legacy',
    'deny CSM-AWS-EC2-003 aws_instance.unencrypted_root',
    'deny CSM-AWS-EC2-003 aws_launch_template.insecure',
    'deny CSM-AWS-EC2-004 aws_ebs_volume.plain',
    'deny CSM-AWS-EC2-005 aws_instance.legacy',
    'deny CSM-AWS-EC2-005 aws_instance.unencrypted_root',
    'deny CSM-AWS-EC2-005 aws_launch_template.insecure',
    'deny CSM-AWS-EC2-006 aws_instance.legacy',
    'deny CSM-AWS-EC2-006 aws_launch_template.insecure',
    'deny CSM-AWS-EC2-007 aws_vpc.unlogged',
    'deny CSM-AWS-EC2-007 module.network[1].aws_vpc.this',
    'deny CSM-AWS-EKS-001 aws_eks_cluster.public',
    'deny CSM-AWS-IAM-004 aws_lambda_permission.public',
    'deny CSM-AWS-LMB-001 aws_lambda_function.leaky',
    'warn CSM-AWS-EC2-001 aws_security_group_rule.ssh_from_bastion',
  ],
  'stores/plan.json': [
    'deny CSM-AWS-CT-001 aws_cloudtrail.minimal',
    'deny CSM-AWS-CT-002 aws_cloudtrail.minimal',
    'deny CSM-AWS-CT-003 aws_cloudtrail.minimal',
    'deny CSM-AWS-EFS-001 aws_efs_file_system.plain',
    'deny CSM-AWS-ELC-001 aws_elasticache_replication_group.plain',
    'deny CSM-AWS-KMS-001 aws_kms_key.static',
    'deny CSM-AWS-NEP-001 aws_neptune_cluster.plain',
    'deny CSM-AWS-OS-001 aws_opensearch_domain.public',
    'deny CSM-AWS-OS-002 aws_opensearch_domain.public',
    'deny CSM-AWS-RDS-001 aws_db_instance.public_plain',
    'deny CSM-AWS-RDS-001 aws_rds_cluster.aurora_plain',
    'deny CSM-AWS-RDS-002 aws_db_instance.public_plain',
    'deny CSM-AWS-RDS-002 aws_rds_cluster_instance.aurora_plain',
    'deny CSM-AWS-SNS-001 aws_sns_topic.plain',
    'deny CSM-AWS-SQS-001 aws_sqs_queue.sse_off',
    'warn CSM-AWS-DDB-001 aws_dynamodb_table.default_key',
  ],
  'account-guards/plan.json': [],
  'drift/plan.json': ['deny CSM-AWS-SQS-001 aws_sqs_queue.jobs', 'deny CSM-AWS-SQS-001 aws_sqs_queue.legacy', 'warn CSM-PLAN-001 aws_sqs_queue.jobs'],
};

describe('generic AWS pack on real plans', () => {
  test.each(Object.keys(EXPECTED))('%s gives exactly its findings', async (rel) => {
    expect(await findings(rel)).toEqual(EXPECTED[rel]);
  });
});

interface Check {
  file: string;
  id: string;
  kind: string;
  custom: Record<string, unknown>;
  title: string;
}

/** Every annotated rule of the pack (policies/aws, policies/plan), read with csm's own parser. */
export function packChecks(): Check[] {
  const dir = path.join(REPO, 'policies');
  return readRegoSources(dir)
    .filter((s) => !s.test && /^(aws|plan)\//.test(s.path))
    .flatMap((s) =>
      parseModule(s.source, s.path).annotations.map((a) => ({ file: s.path, id: String(a.custom?.id), kind: String(a.path).split('.').pop()!, custom: a.custom ?? {}, title: a.title ?? '' })),
    );
}

describe('generic AWS pack, as written', () => {
  const checks = packChecks();

  test('one check per file: each file holds one id (a deny, and a warn for what the plan cannot show)', () => {
    const byFile = new Map<string, Set<string>>();
    for (const c of checks) byFile.set(c.file, new Set([...(byFile.get(c.file) ?? []), c.id]));
    for (const [file, ids] of byFile) expect({ file, ids: ids.size }).toEqual({ file, ids: 1 });
    expect(new Set([...byFile.values()].map((ids) => [...ids][0])).size).toBe(byFile.size);
  });

  test('every check says what it corresponds to: severity, clauses, the FSBP control, Checkov and Trivy rules', () => {
    for (const c of checks) {
      expect({ id: c.id, ok: /^CSM-(AWS-[A-Z0-9]+|PLAN)-\d{3}$/.test(c.id) }).toEqual({ id: c.id, ok: true });
      expect(['high', 'medium', 'low']).toContain(c.custom.severity);
      for (const list of ['aws_fsbp', 'checkov', 'trivy', 'clauses']) expect({ id: c.id, list, isArray: Array.isArray(c.custom[list]) }).toEqual({ id: c.id, list, isArray: true });
    }
  });

  test('every check has its unit tests beside it, with a compliant and a non-compliant case', () => {
    for (const file of new Set(checks.map((c) => c.file))) {
      const test = path.join(REPO, 'policies', file.replace(/\.rego$/, '_test.rego'));
      expect({ file, exists: fs.existsSync(test) }).toEqual({ file, exists: true });
      const cases = [...fs.readFileSync(test, 'utf8').matchAll(/^test_(\w+)/gm)].map((m) => m[1]);
      expect({ file, compliant: cases.some((t) => /pass|not_judged|not_reported|covers|house_rule/.test(t)), noncompliant: cases.some((t) => /denied|warns?|reported/.test(t)) }).toEqual({ file, compliant: true, noncompliant: true });
    }
  });
});

describe('README', () => {
  test("the generic pack's table is the checks' METADATA (regenerate with packTable in test/support/pack-table.ts)", () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const table = packTable(path.join(REPO, 'policies'));
    if (!readme.includes(table)) console.log(`README.md should hold this table:\n${table}`);
    expect(readme.includes(table)).toBe(true);
  });
});
