import { Construct } from 'constructs';
import { serves } from './clause-context';
import { TerraformOutput } from 'cdktf';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { assumeRoleBy, policyDocument } from './iam-documents';

export interface TenantNetworkProps {
  readonly customerId: string;
  readonly region: string;
  /** A /16 block, e.g. 10.42.0.0/16. */
  readonly cidr: string;
  /** Private subnets, one per availability zone. Default 2. */
  readonly availabilityZones?: number;
  readonly kmsKeyArn: string;
  /** Flow-log retention. Default 365 days, for audits. */
  readonly flowLogRetentionDays?: number;
}

/** An isolated VPC with private subnets only, a default security group that allows nothing, and flow logs. */
export class TenantNetwork extends Construct {
  readonly vpc: Vpc;
  readonly subnets: Subnet[] = [];

  constructor(scope: Construct, id: string, props: TenantNetworkProps) {
    super(scope, id);
    serves(this, { clauses: ['6.6', '9.1'] });
    const [a, b] = props.cidr.split('.');
    this.vpc = new Vpc(this, 'vpc', { cidrBlock: props.cidr, enableDnsSupport: true, enableDnsHostnames: true });
    const zones = props.availabilityZones ?? 2;
    for (let i = 0; i < zones; i++) {
      this.subnets.push(
        new Subnet(this, `private-${i}`, {
          vpcId: this.vpc.id,
          cidrBlock: `${a}.${b}.${i * 16}.0/20`,
          availabilityZone: `${props.region}${'abcdef'[i]}`,
          mapPublicIpOnLaunch: false,
        }),
      );
    }
    // Owning the default security group with no rules removes the allow-all defaults AWS creates.
    new DefaultSecurityGroup(this, 'default-deny', { vpcId: this.vpc.id, ingress: [], egress: [] });

    const logs = new CloudwatchLogGroup(this, 'flow-logs', {
      name: `/csm/${props.customerId}/vpc-flow-logs`,
      retentionInDays: props.flowLogRetentionDays ?? 365,
      kmsKeyId: props.kmsKeyArn,
    });
    const role = new IamRole(this, 'flow-log-role', {
      name: `csm-${props.customerId}-flow-logs-${props.region}`,
      assumeRolePolicy: assumeRoleBy({ Service: 'vpc-flow-logs.amazonaws.com' }),
    });
    new IamRolePolicy(this, 'flow-log-policy', {
      role: role.name,
      name: 'deliver-flow-logs',
      policy: policyDocument({
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [logs.arn, `${logs.arn}:*`],
      }),
    });
    new FlowLog(this, 'flow-log', { vpcId: this.vpc.id, trafficType: 'ALL', logDestination: logs.arn, iamRoleArn: role.arn });
    new TerraformOutput(this, 'vpc-id', { description: 'The tenant VPC', value: this.vpc.id });
  }
}
