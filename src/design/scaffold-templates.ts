/**
 * What `csm new service <id>` writes: the catalogue entry (a draft), a construct with typed props and safe
 * defaults, its registration, and a test. Plain text built from the id and the class name only, both checked
 * before (a slug, an identifier): nothing else from outside reaches the generated code.
 */
export interface ScaffoldNames {
  /** The service id, a slug: `message-queue`. */
  id: string;
  /** The construct class: `MessageQueue`. */
  className: string;
}

/** `message-queue` → `MessageQueue`. */
export const className = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

const title = (id: string) => id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** The catalogue entry: a draft whose design is still open, with the elements the design review asks for named. */
export function catalogueEntry(n: ScaffoldNames): string {
  return `# yaml-language-server: $schema=../schemas/service.schema.json
# A new service (S05), scaffolded by \`csm new service ${n.id}\`. While it is a draft nobody can subscribe to it and
# its design may stay open. Before status becomes active, csm check's design review (policies/design.rego)
# asks for every element marked TODO below, and for its construct to pass the security rules for a sample
# customer (cdktf.out/stacks/design-${n.id}/).
id: ${n.id}
name: ${title(n.id)}
description: >-
  TODO: what the service is and does, in plain language for prospective customers.
status: draft
construct: ${n.className}
# requires: [tenant-network]            # services a subscriber must also subscribe to
dataBearing: true                         # the construct keeps customer data: deletes and replaces are guarded
dataClassification: confidential
# TODO owner: { name: ..., email: ..., role: ... }
# TODO regions: [eu-central-1]           # regions of provider.yaml the service runs in
options:
  - id: standard
    description: TODO what one unit of this option gives the customer.
    capacityUnits: 1
    # TODO pricePerUnitMonth: 0           # in the provider's currency, per unit and month
    limits: { logRetentionDays: 90 }
# The policy hooks: agreements pick a tier (agreement rules, SLA alarms, reports), and the pool is what the
# capacity rules count subscriptions against.
slaTiers:
  - id: standard                          # TODO availability (percent), rpoMinutes, rtoMinutes, supportHours
capacity: { pool: ${n.id}, unit: units }  # TODO poolSize, perCustomerQuota, warnAtPercent
currency: EUR
`;
}

/** The construct: typed props, safe defaults, built on the existing constructs and csm's aspects. */
export function constructSource(n: ScaffoldNames): string {
  return `import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { serves } from './clause-context';
import { SecureBucket } from './secure-bucket';

export interface ${n.className}Props {
  /** The customer the tenancy belongs to. */
  readonly customerId: string;
  /** Subscription name, unique within the customer (becomes part of resource names). */
  readonly name: string;
  readonly region: string;
  /** The tenant's KMS key in this region: everything the service stores is encrypted with it. */
  readonly kmsKeyArn: string;
  /** The tenancy's access-log bucket in this region. */
  readonly accessLogBucket: string;
  /** How long the service's logs are kept, a retention CloudWatch Logs offers. Default 90 days. */
  readonly logRetentionDays?: number;
}

/**
 * The ${n.id} service (scaffolded by \`csm new service ${n.id}\`): a data bucket with every safe default
 * (the tenant's key, versioning, no public access, TLS only, access logging) and encrypted logs. Build the
 * service's own resources here, keeping to the same defaults; csm's aspects tag everything with what it serves.
 */
export class ${n.className} extends Construct {
  readonly data: SecureBucket;
  readonly logs: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ${n.className}Props) {
    super(scope, id);
    serves(this, { clauses: ['5.3', '6.6', '9.1'] });
    this.data = new SecureBucket(this, 'data', {
      bucketName: \`csm-\${props.customerId}-\${props.name}-\${props.region}\`,
      kmsKeyArn: props.kmsKeyArn,
      accessLogBucket: props.accessLogBucket,
    });
    this.logs = new CloudwatchLogGroup(this, 'logs', {
      name: \`/csm/\${props.customerId}/\${props.name}\`,
      retentionInDays: props.logRetentionDays ?? 90,
      kmsKeyId: props.kmsKeyArn,
    });
    new TerraformOutput(this, 'data-bucket', { description: 'Where the service keeps its data', value: this.data.bucket.bucket });
  }
}
`;
}

/** The import the registry needs, placed above its imports marker. */
export const registryImport = (n: ScaffoldNames) => `import { ${n.className} } from '../constructs/${n.id}';\n`;

/** How a subscription becomes the construct: the option's limits and the tenancy's key and log bucket. */
export function registryEntry(n: ScaffoldNames): string {
  return `  ${n.className}: (scope, id, { subscription, service, option }, t) =>
    new ${n.className}(scope, id, {
      customerId: t.customer.id,
      name: service.id,
      region: subscription.region,
      kmsKeyArn: t.kmsKeyArn,
      accessLogBucket: t.logBucket,
      logRetentionDays: num(option.limits?.logRetentionDays, 90),
    }),
`;
}

/** The test: the construct's safe defaults, and the design review's sample tenancy once the design is complete. */
export function testSource(n: ScaffoldNames): string {
  return `import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ${n.className} } from '../../constructs/${n.id}';
import { loadCatalogue } from '../../src/model/load';
import { designGaps } from '../../src/model/design-gaps';
import { sampleCustomer } from '../../src/design/sample-customer';
import { synthesizeDesign } from '../../src/design/review-gate';
import { resourcesOf, synthCsm } from '../support/synth-helpers';

// Scaffolded by \`csm new service ${n.id}\`: extend it as the construct grows.
const KEY = 'arn:aws:kms:eu-central-1:111122223333:key/sample';

describe('${n.id}', () => {
  test('${n.className} synthesizes for a sample customer with its safe defaults', () => {
    const json = synthCsm((s) => new ${n.className}(s, '${n.id}', { customerId: 'sample', name: '${n.id}', region: 'eu-central-1', kmsKeyArn: KEY, accessLogBucket: 'csm-sample-logs' }));
    const [encryption] = resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(encryption.rule).toEqual([{ apply_server_side_encryption_by_default: { kms_master_key_id: KEY, sse_algorithm: 'aws:kms' }, bucket_key_enabled: true }]);
    expect(resourcesOf(json, 'aws_s3_bucket_public_access_block')[0]).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(resourcesOf(json, 'aws_s3_bucket_logging')).toHaveLength(1);
    expect(resourcesOf(json, 'aws_cloudwatch_log_group')[0]).toMatchObject({ kms_key_id: KEY, retention_in_days: 90 });
  });

  test('the catalogue entry is a draft until its design is complete; then it builds into the design review sample', () => {
    const cat = loadCatalogue(path.join(__dirname, '..', '..', 'catalogue'));
    const entry = cat.services.get('${n.id}') ?? cat.incompleteServices.get('${n.id}');
    expect(entry?.construct).toBe('${n.className}');
    const service = cat.services.get('${n.id}');
    if (!service) {
      // A design still open may only be a draft: csm check denies anything more.
      expect({ status: entry!.status, lacks: designGaps(entry!).length > 0 }).toEqual({ status: 'draft', lacks: true });
      return;
    }
    const sample = sampleCustomer(cat, service);
    if ('notBuilt' in sample) throw new Error(sample.notBuilt);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-${n.id}-'));
    try {
      const stack = synthesizeDesign(cat, sample.customer, '${n.id}', out);
      const json = JSON.parse(fs.readFileSync(stack.file, 'utf8'));
      const tagged = Object.values(json.resource.aws_s3_bucket ?? {}).filter((b) => (b as { tags?: Record<string, string> }).tags?.['csm:service'] === '${n.id}');
      expect(tagged).toHaveLength(1);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
`;
}
