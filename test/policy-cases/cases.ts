/**
 * One failing example per policy rule: a change to the bundled example (its catalogue YAML, the catalogue
 * document a validator would refuse, or the synthesized cdk.tf.json) and exactly the finding it must cause.
 * `test/policy-rules.test.ts` evaluates each at both gates: the synth view of the changed stack, and the plan
 * view of a real `terraform plan` of it.
 */
import type { TfJson } from '../../src/view/from-synth';
import type { Operation } from '../../src/policy/input';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A resource of the example stack, by type and the end of its construct path (stable across synths). */
export interface Target {
  type: string;
  path: string;
}

export interface PolicyCase {
  id: string;
  level: 'deny' | 'warn';
  clauses: string[];
  /** The example customer whose onboarding stack is evaluated. */
  customer: string;
  operation?: Operation;
  /** Edits of the catalogue YAML (file inside catalogue/ → edit): the stack and the policy data follow them. */
  catalogue?: Record<string, (text: string) => string>;
  /** Edits of data.csm for what the catalogue validator would refuse (the policy is the second line). */
  data?: (csm: Json) => void;
  /** Edits of the synthesized cdk.tf.json: the synth gate reads it, and Terraform plans it. */
  synth?: (json: TfJson) => void;
  /** The base revision is the unchanged example (lifecycle: actions come from comparing the two synths). */
  againstBase?: boolean;
  /** The resource every finding names (null: a catalogue finding, with `source`). */
  resource: Target | null;
  source?: { kind: string; id: string; path: Array<string | number> };
  /** When the plan gate cannot come from a real plan, why, and how its plan JSON is derived instead. */
  derivedPlan?: string;
}

/** The resource config whose construct path ends with `path`; throws if the example no longer has it. */
export function resourceAt(json: TfJson, target: Target): { name: string; config: Json } {
  for (const [name, config] of Object.entries(json.resource?.[target.type] ?? {})) {
    const p = (config['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? '';
    if (p.endsWith(`/${target.path}`)) return { name, config };
  }
  throw new Error(`the example has no ${target.type} at .../${target.path}: the case must follow the example`);
}

const edit = (type: string, path: string, change: (config: Json) => void) => (json: TfJson) => change(resourceAt(json, { type, path }).config);

const drop = (type: string, path: string) => (json: TfJson) => {
  delete json.resource![type][resourceAt(json, { type, path }).name];
  // Terraform refuses a resource type with no resources in JSON configuration.
  if (!Object.keys(json.resource![type]).length) delete json.resource![type];
};

const replace = (from: string, to: string) => (text: string) => text.replace(from, to);

const DB: Target = { type: 'aws_db_instance', path: 'managed-postgres-eu-central-1/instance-1/instance' };
const BUCKET: Target = { type: 'aws_s3_bucket', path: 'object-storage-eu-central-1/bucket-1/bucket' };
const OS = 'object-storage-eu-central-1/bucket-1';
const acmeSource = (path: Array<string | number>) => ({ kind: 'customer', id: 'acme', path });
const corvidSource = (path: Array<string | number>) => ({ kind: 'customer', id: 'corvid', path });

export const POLICY_CASES: PolicyCase[] = [
  {
    id: 'CSM-AGR-001', level: 'deny', clauses: ['6.1', '7.1'], customer: 'acme', resource: null,
    data: (csm) => (csm.customers.acme.agreement.slaTiers['object-storage'] = 'gold'),
    source: acmeSource(['agreement', 'slaTiers', 'object-storage']),
  },
  {
    id: 'CSM-AGR-002', level: 'deny', clauses: ['6.1', '7.1'], customer: 'acme', resource: null,
    data: (csm) => delete csm.customers.acme.agreement.slaTiers['object-storage'],
    source: acmeSource(['subscriptions', 1, 'service']),
  },
  {
    id: 'CSM-AGR-003', level: 'deny', clauses: ['6.1', '6.3', '7.1'], customer: 'acme', resource: DB,
    synth: edit(DB.type, DB.path, (c) => (c.multi_az = false)),
    source: acmeSource(['agreement', 'slaTiers', 'managed-postgres']),
  },
  {
    id: 'CSM-AGR-004', level: 'deny', clauses: ['6.1', '6.3', '7.1'], customer: 'acme', resource: DB,
    synth: edit(DB.type, DB.path, (c) => (c.backup_retention_period = 3)),
  },
  {
    // Bluefin agreed eu-west-1 only; its archive bucket moves to eu-central-1 (a region the service offers).
    id: 'CSM-AGR-005', level: 'deny', clauses: ['6.6', '7.1'], customer: 'bluefin',
    resource: { type: 'aws_s3_bucket', path: 'object-storage-eu-central-1/bucket-1/bucket' },
    catalogue: { 'customers/bluefin.yaml': replace('option: archive-10tb, quantity: 1, region: eu-west-1', 'option: archive-10tb, quantity: 1, region: eu-central-1') },
    source: { kind: 'customer', id: 'bluefin', path: ['agreement', 'dataResidency'] },
  },
  {
    // acme's subscriptions cost 1080 EUR a month.
    id: 'CSM-AGR-006', level: 'deny', clauses: ['6.4', '7.1'], customer: 'acme', resource: null,
    catalogue: { 'customers/acme.yaml': replace('budgetCap: 3000', 'budgetCap: 1000') },
    source: acmeSource(['agreement', 'budgetCap']),
  },
  {
    id: 'CSM-AGR-007', level: 'warn', clauses: ['6.4', '7.1'], customer: 'acme', resource: null,
    catalogue: { 'customers/acme.yaml': replace('budgetCap: 3000', 'budgetCap: 1150') },
    source: acmeSource(['agreement', 'budgetCap']),
  },
  {
    id: 'CSM-AGR-008', level: 'deny', clauses: ['7.1', '6.1'], customer: 'corvid', resource: null,
    catalogue: { 'customers/corvid.yaml': replace('noticeDays: 30', 'noticeDays: 0') },
    source: corvidSource(['agreement', 'termination', 'noticeDays']),
  },
  {
    id: 'CSM-AGR-009', level: 'deny', clauses: ['7.1', '6.6'], customer: 'corvid', resource: null,
    catalogue: { 'customers/corvid.yaml': replace('dataExport: customer-bucket', 'dataExport: none') },
    source: corvidSource(['agreement', 'termination', 'exit', 'dataExport']),
  },
  {
    id: 'CSM-AGR-010', level: 'deny', clauses: ['7.1', '6.6'], customer: 'corvid', resource: null,
    catalogue: { 'customers/corvid.yaml': replace('retentionDays: 30', 'retentionDays: 0') },
    source: corvidSource(['agreement', 'termination', 'exit', 'retentionDays']),
  },
  {
    id: 'CSM-SEC-001', level: 'deny', clauses: ['6.6'], customer: 'acme', resource: BUCKET,
    synth: edit('aws_s3_bucket_server_side_encryption_configuration', `${OS}/encryption`, (c) => (c.rule = [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }])),
  },
  {
    id: 'CSM-SEC-002', level: 'deny', clauses: ['6.6'], customer: 'acme', resource: { type: 'aws_sns_topic', path: 'baseline/alerts' },
    synth: edit('aws_sns_topic', 'baseline/alerts', (c) => delete c.kms_master_key_id),
  },
  {
    id: 'CSM-SEC-003', level: 'deny', clauses: ['6.6'], customer: 'acme', resource: BUCKET,
    synth: edit('aws_s3_bucket_public_access_block', `${OS}/public-access-block`, (c) => (c.restrict_public_buckets = false)),
  },
  {
    id: 'CSM-SEC-004', level: 'deny', clauses: ['6.6'], customer: 'acme', resource: DB,
    synth: edit(DB.type, DB.path, (c) => (c.publicly_accessible = true)),
  },
  {
    id: 'CSM-SEC-005', level: 'deny', clauses: ['6.6'], customer: 'acme', resource: BUCKET,
    synth: drop('aws_s3_bucket_policy', `${OS}/tls-only`),
  },
  {
    id: 'CSM-SEC-006', level: 'deny', clauses: ['6.6'], customer: 'acme', resource: DB,
    synth: edit('aws_db_parameter_group', 'managed-postgres-eu-central-1/instance-1/parameters', (c) => (c.parameter[0].value = '0')),
  },
  {
    id: 'CSM-SEC-007', level: 'deny', clauses: ['6.6'], customer: 'acme', resource: { type: 'aws_iam_role_policy', path: 'baseline/access/user-eva-policy' },
    synth: edit('aws_iam_role_policy', 'baseline/access/user-eva-policy', (c) => (c.policy = withAction(c.policy, ['*']))),
  },
  {
    id: 'CSM-SEC-008', level: 'warn', clauses: ['6.6'], customer: 'acme', resource: { type: 'aws_iam_role_policy', path: 'baseline/access/user-eva-policy' },
    synth: edit('aws_iam_role_policy', 'baseline/access/user-eva-policy', (c) => (c.policy = withAction(c.policy, ['s3:*']))),
  },
  {
    id: 'CSM-SEC-009', level: 'deny', clauses: ['6.6', '9.1'], customer: 'acme', resource: BUCKET,
    synth: drop('aws_s3_bucket_logging', `${OS}/logging`),
  },
  {
    id: 'CSM-SEC-010', level: 'deny', clauses: ['6.6', '9.1'], customer: 'acme', resource: { type: 'aws_vpc', path: 'tenant-network-eu-central-1/vpc' },
    synth: drop('aws_flow_log', 'tenant-network-eu-central-1/flow-log'),
  },
  {
    id: 'CSM-SEC-011', level: 'deny', clauses: ['6.6', '8.1'], customer: 'acme', resource: DB,
    synth: edit(DB.type, DB.path, (c) => (c.enabled_cloudwatch_logs_exports = [])),
  },
  {
    id: 'CSM-SEC-012', level: 'deny', clauses: ['6.6', '6.3', '9.2'], customer: 'acme', resource: DB,
    synth: edit(DB.type, DB.path, (c) => (c.deletion_protection = false)),
  },
  {
    // The tenant network's per-customer quota is 3 VPCs.
    id: 'CSM-CAP-001', level: 'deny', clauses: ['6.5', '4.4'], customer: 'acme', resource: null,
    catalogue: { 'customers/acme.yaml': replace('option: three-az, quantity: 1', 'option: three-az, quantity: 4') },
    source: acmeSource(['subscriptions', 0, 'quantity']),
  },
  {
    // acme (8) and corvid (2) subscribe 10 vCPU of the database pool.
    id: 'CSM-CAP-002', level: 'deny', clauses: ['6.5', '4.4'], customer: 'acme', resource: null,
    catalogue: { 'services/managed-postgres.yaml': replace('poolSize: 400', 'poolSize: 9') },
    source: { kind: 'service', id: 'managed-postgres', path: ['capacity', 'poolSize'] },
  },
  {
    id: 'CSM-CAP-003', level: 'warn', clauses: ['6.5', '4.4'], customer: 'acme', resource: null,
    catalogue: { 'services/managed-postgres.yaml': replace('poolSize: 400', 'poolSize: 12') },
    source: { kind: 'service', id: 'managed-postgres', path: ['capacity', 'poolSize'] },
  },
  {
    // acme releases its database: the subscription goes, and with it the instance.
    id: 'CSM-LCM-001', level: 'deny', clauses: ['9.2', '6.3', '6.6'], customer: 'acme', operation: 'release', resource: DB,
    catalogue: { 'customers/acme.yaml': replace('  - { service: managed-postgres, option: large, quantity: 1, region: eu-central-1 }\n', '') },
    againstBase: true,
    derivedPlan:
      'A delete needs the resource in Terraform state, which only an apply against AWS creates; offline there is none. ' +
      "The plan JSON is the base stack's real plan with every resource the change removes turned into a delete of what that plan would have created.",
  },
  {
    id: 'CSM-LCM-002', level: 'deny', clauses: ['9.2', '6.3'], customer: 'acme', resource: BUCKET,
    synth: edit('aws_s3_bucket', `${OS}/bucket`, (c) => (c.force_destroy = true)),
  },
];

/** An IAM policy document (JSON text) with its first statement's actions replaced. */
function withAction(policy: string, actions: string[]): string {
  const doc = JSON.parse(policy);
  doc.Statement[0].Action = actions;
  return JSON.stringify(doc);
}
