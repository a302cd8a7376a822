import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { ACCESS_ACTIONS, type AccessLevel } from './access-levels';
import { assumeRoleBy, policyDocument } from './iam-documents';
import { serves } from './clause-context';

export interface RegisteredUser {
  readonly id: string;
  readonly email: string;
  readonly access: AccessLevel;
}

/** One agreed SLA target, turned into an alarm on the service's availability probe. */
export interface SlaTarget {
  readonly service: string;
  readonly tier: string;
  readonly availabilityPercent: number;
  readonly rtoMinutes: number;
}

export interface TenantBaselineProps {
  readonly customerId: string;
  /** Free text for descriptions, Terraform-literal (stacks get it so from `forTerraform`). */
  readonly customerName: string;
  readonly accountId: string;
  /** KMS key (ARN) of the home region, for the alert topic. */
  readonly kmsKeyArn: string;
  readonly users: readonly RegisteredUser[];
  /** The agreed monthly budget cap (6.4). */
  readonly monthlyBudget: number;
  /** Budget currency. AWS Budgets bills in USD unless the payer account says otherwise. Default USD. */
  readonly currency?: string;
  /** Who hears of budget and SLA alerts. */
  readonly alertEmails: readonly string[];
  readonly slaTargets: readonly SlaTarget[];
  /** Budget alert thresholds, percent of the cap. Default 80 (actual) and 100 (forecast). */
  readonly budgetAlertPercent?: number;
}

/**
 * The customer's tenancy itself (S08): a role per registered user with the access the agreement grants, a
 * budget at the agreed cap, an alert topic, and one alarm per agreed SLA target.
 */
export class TenantBaseline extends Construct {
  readonly alertTopic: SnsTopic;
  readonly roles: IamRole[] = [];
  readonly slaAlarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: TenantBaselineProps) {
    super(scope, id);
    const c = props.customerId;

    this.alertTopic = new SnsTopic(this, 'alerts', { name: `csm-${c}-alerts`, kmsMasterKeyId: props.kmsKeyArn });
    serves(this.alertTopic, { clauses: ['6.1', '8.1'] });
    props.alertEmails.forEach((email, i) => {
      new SnsTopicSubscription(this, `alert-subscriber-${i}`, { topicArn: this.alertTopic.arn, protocol: 'email', endpoint: email });
    });

    const access = new Construct(this, 'access');
    serves(access, { clauses: ['6.6', '8.1'] });
    for (const user of props.users) {
      const role = new IamRole(access, `user-${user.id}`, {
        name: `csm-${c}-${user.id}`,
        description: `${props.customerName}: ${user.access} access for registered user ${user.id}`,
        maxSessionDuration: 3600,
        assumeRolePolicy: assumeRoleBy(
          { AWS: `arn:aws:iam::${props.accountId}:root` },
          { StringEquals: { 'aws:PrincipalTag/email': user.email }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        ),
      });
      new IamRolePolicy(access, `user-${user.id}-policy`, {
        role: role.name,
        name: `csm-${user.access}`,
        policy: policyDocument({
          Sid: 'TenantResourcesOnly',
          Effect: 'Allow',
          Action: [...ACCESS_ACTIONS[user.access]],
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceTag/csm:customer': c } },
        }),
      });
      this.roles.push(role);
    }

    const budget = new BudgetsBudget(this, 'budget', {
      name: `csm-${c}-monthly`,
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      limitAmount: props.monthlyBudget.toFixed(2),
      limitUnit: props.currency ?? 'USD',
      costFilter: [{ name: 'TagKeyValue', values: [`user:csm:customer$${c}`] }],
      notification: [
        { comparisonOperator: 'GREATER_THAN', threshold: props.budgetAlertPercent ?? 80, thresholdType: 'PERCENTAGE', notificationType: 'ACTUAL', subscriberEmailAddresses: [...props.alertEmails] },
        { comparisonOperator: 'GREATER_THAN', threshold: 100, thresholdType: 'PERCENTAGE', notificationType: 'FORECASTED', subscriberEmailAddresses: [...props.alertEmails] },
      ],
    });
    serves(budget, { clauses: ['6.4'] });

    const alarms = new Construct(this, 'sla-alarms');
    serves(alarms, { clauses: ['6.1', '6.3'], scenario: 'S10' });
    for (const target of props.slaTargets) {
      // The probe publishes availability per 5 minutes; alarm when it stays below target for longer than
      // a quarter of the agreed recovery time, so people are paged while the RTO can still be met.
      const periods = Math.max(1, Math.floor(target.rtoMinutes / 4 / 5));
      const alarm = new CloudwatchMetricAlarm(alarms, target.service, {
        alarmName: `csm-${c}-${target.service}-availability`,
        alarmDescription: `${target.service} below the agreed ${target.availabilityPercent}% (${target.tier} tier)`,
        namespace: 'CSM/Availability',
        metricName: 'Availability',
        dimensions: { Customer: c, Service: target.service },
        statistic: 'Average',
        period: 300,
        evaluationPeriods: periods,
        threshold: target.availabilityPercent,
        comparisonOperator: 'LessThanThreshold',
        treatMissingData: 'breaching',
        alarmActions: [this.alertTopic.arn],
        okActions: [this.alertTopic.arn],
      });
      serves(alarm, { service: target.service });
      this.slaAlarms.push(alarm);
    }

    new TerraformOutput(this, 'user-roles', {
      description: 'IAM roles of the registered users',
      value: Object.fromEntries(props.users.map((u, i) => [u.id, this.roles[i].arn])),
    });
    new TerraformOutput(this, 'alert-topic', { description: 'SNS topic for SLA and budget alerts', value: this.alertTopic.arn });
  }
}
