import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsGrant } from '@cdktf/provider-aws/lib/kms-grant';
import { DbSnapshot } from '@cdktf/provider-aws/lib/db-snapshot';
import { assumeRoleBy, policyDocument } from './iam-documents';
import { serves } from './clause-context';

/** A bucket whose objects the target may read: its name and ARN (Terraform references are fine). */
export interface TransferBucket {
  readonly name: string;
  readonly arn: string;
}

export interface TransferGrantsProps {
  readonly customerId: string;
  /** The AWS account that receives the data (the customer's own, or the next provider's). */
  readonly targetAccountId: string;
  /** The agreement id: the role's external id, so only a caller who knows the agreement can assume it. */
  readonly externalId: string;
  /** Day the transfer was requested (YYYY-MM-DD): names the snapshots, so a later transfer gets new ones. */
  readonly requested: string;
  /** The tenant key (ARN) that encrypts the data in this region. */
  readonly kmsKeyArn: string;
  readonly buckets: readonly TransferBucket[];
  /** Identifiers of the database instances whose data moves. */
  readonly databases: readonly string[];
  /** Suffix for names that must be unique in the account (one grant set per region). */
  readonly region: string;
}

const KMS_FOR_TARGET = ['kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant'];

/**
 * What a transfer target needs to pull a customer's data out of one region (S14), and nothing more: a
 * read-only role it can assume (objects of the moving buckets, decrypt with the tenant key), a KMS grant so
 * snapshots encrypted with that key can be copied into its account, and one manual snapshot per database
 * shared with its account. Nothing is removed: the copy happens beside the running service.
 */
export class TransferGrants extends Construct {
  readonly role: IamRole;
  readonly snapshots: DbSnapshot[] = [];

  constructor(scope: Construct, id: string, props: TransferGrantsProps) {
    super(scope, id);
    serves(this, { scenario: 'S14', clauses: ['5.4', '6.6', '9.2'] });
    const target = `arn:aws:iam::${props.targetAccountId}:root`;
    const name = `csm-${props.customerId}-transfer-${props.region}`;

    this.role = new IamRole(this, 'reader', {
      name,
      description: `Read access for the transfer of ${props.customerId}'s data to account ${props.targetAccountId}`,
      assumeRolePolicy: assumeRoleBy({ AWS: target }, { StringEquals: { 'sts:ExternalId': props.externalId } }),
      // A transfer is a window, not a standing grant: one hour sessions.
      maxSessionDuration: 3600,
    });
    const statements = [{ Sid: 'DecryptWithTenantKey', Effect: 'Allow' as const, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: [props.kmsKeyArn] }];
    if (props.buckets.length) {
      statements.push(
        { Sid: 'ListMovingBuckets', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: props.buckets.map((b) => b.arn) },
        { Sid: 'ReadMovingObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: props.buckets.map((b) => `${b.arn}/*`) },
      );
    }
    new IamRolePolicy(this, 'reader-policy', { role: this.role.name, name: 'csm-transfer-read', policy: policyDocument(...statements) });

    new KmsGrant(this, 'key-grant', {
      name,
      keyId: props.kmsKeyArn,
      granteePrincipal: target,
      operations: KMS_FOR_TARGET.map((a) => a.replace('kms:', '')),
      // Retiring the grant on destroy ends the target's access when the transfer stack goes.
      retireOnDelete: true,
    });

    props.databases.forEach((identifier) => {
      this.snapshots.push(
        new DbSnapshot(this, `snapshot-${identifier}`, {
          dbInstanceIdentifier: identifier,
          dbSnapshotIdentifier: `${identifier}-transfer-${props.requested}`,
          sharedAccounts: [props.targetAccountId],
        }),
      );
    });
    new TerraformOutput(this, 'reader-role', { description: 'Role the transfer target assumes to pull the data', value: this.role.arn });
  }
}
