import { Construct } from 'constructs';
import { serves } from './clause-context';
import { TerraformOutput } from 'cdktf';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';

export interface ManagedPostgresProps {
  readonly customerId: string;
  /** Subscription name, unique within the customer. */
  readonly name: string;
  readonly instanceClass: string;
  readonly allocatedStorageGiB: number;
  readonly kmsKeyArn: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly subnetIds: string[];
  /** A standby in a second zone. The stack sets it from the SLA tier's availability. Default true. */
  readonly multiAz?: boolean;
  /** Automated backup retention, which bounds point-in-time recovery. Default 7 days. */
  readonly backupRetentionDays?: number;
  /** Default true: a data store is never deleted by accident. */
  readonly deletionProtection?: boolean;
  readonly engineVersion?: string;
}

/**
 * The managed PostgreSQL service: an encrypted instance in the tenant's private subnets, reachable from the
 * tenant VPC only over TLS, backed up, protected from deletion, with a final snapshot if it is ever removed.
 */
export class ManagedPostgres extends Construct {
  readonly instance: DbInstance;

  constructor(scope: Construct, id: string, props: ManagedPostgresProps) {
    super(scope, id);
    serves(this, { clauses: ['6.3', '6.6', '9.1'] });
    const ident = `csm-${props.customerId}-${props.name}`;
    const subnets = new DbSubnetGroup(this, 'subnets', { name: ident, subnetIds: props.subnetIds });
    const params = new DbParameterGroup(this, 'parameters', {
      name: ident,
      family: 'postgres16',
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'log_connections', value: '1' },
      ],
    });
    const sg = new SecurityGroup(this, 'security-group', {
      name: `${ident}-db`,
      description: 'PostgreSQL from the tenant VPC only',
      vpcId: props.vpcId,
      ingress: [{ description: 'PostgreSQL over TLS from the tenant VPC', fromPort: 5432, toPort: 5432, protocol: 'tcp', cidrBlocks: [props.vpcCidr] }],
      egress: [],
    });
    this.instance = new DbInstance(this, 'instance', {
      identifier: ident,
      engine: 'postgres',
      engineVersion: props.engineVersion ?? '16.4',
      instanceClass: props.instanceClass,
      allocatedStorage: props.allocatedStorageGiB,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      username: 'csm_admin',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [sg.id],
      parameterGroupName: params.name,
      publiclyAccessible: false,
      multiAz: props.multiAz ?? true,
      backupRetentionPeriod: props.backupRetentionDays ?? 7,
      deletionProtection: props.deletionProtection ?? true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${ident}-final`,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      enabledCloudwatchLogsExports: ['postgresql'],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
    });
    new TerraformOutput(this, 'endpoint', { description: 'Database endpoint (TLS required)', value: this.instance.endpoint });
  }
}
