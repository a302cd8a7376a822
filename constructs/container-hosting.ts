import { Construct } from 'constructs';
import { serves } from './clause-context';
import { TerraformOutput } from 'cdktf';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { assumeRoleBy, policyDocument } from './iam-documents';

export interface ContainerHostingProps {
  readonly customerId: string;
  /** Subscription name, unique within the customer. */
  readonly name: string;
  readonly region: string;
  readonly kmsKeyArn: string;
  /** Default 90 days. */
  readonly logRetentionDays?: number;
}

/**
 * The container-hosting service: an ECS cluster with Container Insights, an immutable private registry that
 * scans every push and is encrypted with the customer's key, encrypted logs, and a task execution role that
 * can pull from that registry and write to those logs only.
 */
export class ContainerHosting extends Construct {
  readonly cluster: EcsCluster;

  constructor(scope: Construct, id: string, props: ContainerHostingProps) {
    super(scope, id);
    serves(this, { clauses: ['6.6', '9.1', '9.3'] });
    const ident = `csm-${props.customerId}-${props.name}`;
    this.cluster = new EcsCluster(this, 'cluster', { name: ident, setting: [{ name: 'containerInsights', value: 'enabled' }] });
    const repo = new EcrRepository(this, 'registry', {
      name: ident,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.kmsKeyArn }],
      forceDelete: false,
    });
    const logs = new CloudwatchLogGroup(this, 'logs', {
      name: `/csm/${props.customerId}/${props.name}`,
      retentionInDays: props.logRetentionDays ?? 90,
      kmsKeyId: props.kmsKeyArn,
    });
    const role = new IamRole(this, 'task-execution-role', {
      name: `${ident}-task-exec-${props.region}`,
      assumeRolePolicy: assumeRoleBy({ Service: 'ecs-tasks.amazonaws.com' }),
    });
    new IamRolePolicy(this, 'task-execution-policy', {
      role: role.name,
      name: 'pull-and-log',
      policy: policyDocument(
        { Sid: 'Pull', Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'], Resource: [repo.arn] },
        // GetAuthorizationToken has no resource-level permissions in IAM: `*` is the only valid resource.
        { Sid: 'RegistryLogin', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
        { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`${logs.arn}:*`] },
      ),
    });
    new TerraformOutput(this, 'cluster-arn', { description: 'ECS cluster', value: this.cluster.arn });
    new TerraformOutput(this, 'registry-url', { description: 'Private image registry', value: repo.repositoryUrl });
  }
}
