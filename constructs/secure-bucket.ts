import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { policyDocument } from './iam-documents';

export interface SecureBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** ARN of the customer's KMS key: every object is encrypted with it. */
  readonly kmsKeyArn: string;
  /** Where access logs go; omit only for the log bucket itself. */
  readonly accessLogBucket?: string;
  /** Move objects to infrequent access after this many days (none by default). */
  readonly infrequentAccessAfterDays?: number;
  /** Keep noncurrent versions this long before expiry. Default 30. */
  readonly noncurrentVersionDays?: number;
}

/**
 * An S3 bucket with every safe default on: KMS encryption with the customer's key, versioning, all public
 * access blocked, bucket-owner-only ACLs, TLS-only access, and access logging.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName, forceDestroy: false });
    const bucket = this.bucket.id;
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [{ bucketKeyEnabled: true, applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn } }],
    });
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketPolicy(this, 'tls-only', {
      bucket,
      policy: policyDocument({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*'],
        Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    });
    if (props.accessLogBucket) {
      new S3BucketLoggingA(this, 'logging', { bucket, targetBucket: props.accessLogBucket, targetPrefix: `s3/${props.bucketName}/` });
    }
    const transitions = props.infrequentAccessAfterDays ? [{ days: props.infrequentAccessAfterDays, storageClass: 'STANDARD_IA' }] : [];
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'csm-retention',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          transition: transitions,
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
  }
}
