import { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { SecureBucket } from './secure-bucket';
import { policyDocument } from './iam-documents';
import { serves } from './clause-context';

export interface RegionalFoundationProps {
  readonly customerId: string;
  /** Free text for descriptions, Terraform-literal (stacks get it so from `forTerraform`). */
  readonly customerName: string;
  readonly region: string;
  /** The AWS account the tenancy lives in (its root administers the key). */
  readonly accountId: string;
  /** Days a deleted key stays recoverable. Default 30 (the maximum). */
  readonly keyDeletionWindowDays?: number;
}

/**
 * What every region a customer uses needs first: the customer's own KMS key (rotated yearly) and a log
 * bucket for access logs, encrypted with that key.
 */
export class RegionalFoundation extends Construct {
  readonly key: KmsKey;
  readonly logBucket: SecureBucket;

  constructor(scope: Construct, id: string, props: RegionalFoundationProps) {
    super(scope, id);
    serves(this, { clauses: ['6.6'] });
    const root = `arn:aws:iam::${props.accountId}:root`;
    this.key = new KmsKey(this, 'key', {
      description: `csm tenant key for ${props.customerName} in ${props.region}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
      policy: policyDocument(
        { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: root }, Action: ['kms:*'], Resource: '*' },
        {
          Sid: 'ServicesEncryptForTenant',
          Effect: 'Allow',
          Principal: { Service: [`logs.${props.region}.amazonaws.com`, 'sns.amazonaws.com'] },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
        },
      ),
    });
    new KmsAlias(this, 'alias', { name: `alias/csm/${props.customerId}`, targetKeyId: this.key.keyId });
    this.logBucket = new SecureBucket(this, 'logs', {
      bucketName: `csm-${props.customerId}-logs-${props.region}`,
      kmsKeyArn: this.key.arn,
      noncurrentVersionDays: 365,
    });
    serves(this.logBucket, { clauses: ['4.3', '9.1'] });
  }
}
