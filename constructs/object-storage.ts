import { Construct } from 'constructs';
import { serves } from './clause-context';
import { TerraformOutput } from 'cdktf';
import { SecureBucket } from './secure-bucket';

export interface ObjectStorageProps {
  readonly customerId: string;
  /** Subscription name, unique within the customer (becomes part of bucket names). */
  readonly name: string;
  readonly region: string;
  /** Number of buckets subscribed. */
  readonly quantity: number;
  readonly kmsKeyArn: string;
  readonly accessLogBucket: string;
  readonly infrequentAccessAfterDays?: number;
  /** Noncurrent versions are kept this long: the restore window the SLA tier's RPO implies. Default 30. */
  readonly versionRetentionDays?: number;
}

/** The object-storage service: `quantity` secure buckets in the customer's region, under the customer's key. */
export class ObjectStorage extends Construct {
  readonly buckets: SecureBucket[] = [];

  constructor(scope: Construct, id: string, props: ObjectStorageProps) {
    super(scope, id);
    serves(this, { clauses: ['6.3', '6.6', '9.1'] });
    for (let i = 1; i <= props.quantity; i++) {
      this.buckets.push(
        new SecureBucket(this, `bucket-${i}`, {
          bucketName: `csm-${props.customerId}-${props.name}-${i}-${props.region}`,
          kmsKeyArn: props.kmsKeyArn,
          accessLogBucket: props.accessLogBucket,
          infrequentAccessAfterDays: props.infrequentAccessAfterDays,
          noncurrentVersionDays: props.versionRetentionDays,
        }),
      );
    }
    new TerraformOutput(this, 'buckets', { description: 'Buckets of this subscription', value: this.buckets.map((b) => b.bucket.bucket) });
  }
}
