import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { serves } from './clause-context';

/** An agreed availability target, as the dashboard draws it. */
export interface MonitoredTarget {
  readonly service: string;
  readonly tier: string;
  readonly availabilityPercent: number;
}

/** The customer's share of one capacity pool and where its alert starts. */
export interface CapacityThreshold {
  readonly pool: string;
  readonly unit: string;
  /** The most the customer may take from the pool. */
  readonly quota: number;
  /** The pool's warning threshold, percent of the quota. Default 80. */
  readonly warnAtPercent?: number;
}

export interface CustomerMonitoringProps {
  readonly customerId: string;
  /** Region the probes and usage publishers write to (the customer's home region); the dashboard reads from it. */
  readonly region: string;
  readonly alertTopicArn: string;
  readonly targets: readonly MonitoredTarget[];
  readonly capacity: readonly CapacityThreshold[];
  /** Alarms whose state the dashboard shows (the SLA alarms of the tenant baseline). */
  readonly alarmArns?: readonly string[];
  /** Five-minute periods the usage must stay at or above the threshold before the alarm fires. Default 3. */
  readonly capacityEvaluationPeriods?: number;
}

export const AVAILABILITY_METRIC = { namespace: 'CSM/Availability', metricName: 'Availability' } as const;
export const CAPACITY_METRIC = { namespace: 'CSM/Capacity', metricName: 'UnitsInUse' } as const;

/**
 * Monitoring from the agreement (S10): a CloudWatch dashboard per customer that draws every agreed target and
 * every capacity threshold, and an alarm per capacity pool at the pool's warning threshold, so the customer
 * and the provider hear of it before the quota is reached (6.5).
 */
export class CustomerMonitoring extends Construct {
  readonly dashboard: CloudwatchDashboard;
  readonly capacityAlarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: CustomerMonitoringProps) {
    super(scope, id);
    serves(this, { scenario: 'S10', clauses: ['4.5.4', '6.2'] });
    const c = props.customerId;

    const capacity = new Construct(this, 'capacity-alarms');
    serves(capacity, { clauses: ['6.5'] });
    for (const pool of props.capacity) {
      const warnAt = (pool.quota * (pool.warnAtPercent ?? 80)) / 100;
      const alarm = new CloudwatchMetricAlarm(capacity, pool.pool, {
        alarmName: `csm-${c}-${pool.pool}-capacity`,
        alarmDescription: `${c} uses ${pool.warnAtPercent ?? 80}% or more of its ${pool.quota} ${pool.unit} quota in pool ${pool.pool}`,
        ...CAPACITY_METRIC,
        dimensions: { Customer: c, Pool: pool.pool },
        statistic: 'Maximum',
        period: 300,
        evaluationPeriods: props.capacityEvaluationPeriods ?? 3,
        threshold: warnAt,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        // No usage figure is no evidence of a full pool: keep the last state rather than page or clear.
        treatMissingData: 'missing',
        alarmActions: [props.alertTopicArn],
        okActions: [props.alertTopicArn],
      });
      this.capacityAlarms.push(alarm);
    }

    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: `csm-${c}`,
      dashboardBody: JSON.stringify(dashboardBody(props, [...(props.alarmArns ?? []), ...this.capacityAlarms.map((a) => a.arn)])),
    });
    serves(this.dashboard, { clauses: ['6.1', '6.3', '6.5'] });

    new TerraformOutput(this, 'dashboard-name', { description: 'CloudWatch dashboard of the agreed targets and capacity', value: this.dashboard.dashboardName });
  }
}

const WIDTH = 12;
const HEIGHT = 6;

/** The dashboard's widgets: alarm states first, then one graph per agreed target and per capacity pool. */
function dashboardBody(props: CustomerMonitoringProps, alarmArns: string[]): { widgets: object[] } {
  const place = (i: number) => ({ x: (i % 2) * WIDTH, y: HEIGHT + Math.floor(i / 2) * HEIGHT, width: WIDTH, height: HEIGHT });
  const c = props.customerId;
  const graphs: object[] = [
    ...props.targets.map((t) => ({
      type: 'metric',
      properties: {
        title: `${t.service}: availability against ${t.availabilityPercent}% (${t.tier})`,
        region: props.region,
        view: 'timeSeries',
        stat: 'Average',
        period: 300,
        metrics: [[AVAILABILITY_METRIC.namespace, AVAILABILITY_METRIC.metricName, 'Customer', c, 'Service', t.service]],
        yAxis: { left: { min: Math.max(0, Math.floor(t.availabilityPercent) - 1), max: 100 } },
        annotations: { horizontal: [{ label: `agreed ${t.availabilityPercent}%`, value: t.availabilityPercent, fill: 'below' }] },
      },
    })),
    ...props.capacity.map((p) => ({
      type: 'metric',
      properties: {
        title: `${p.pool}: ${p.unit} in use against the ${p.quota} ${p.unit} quota`,
        region: props.region,
        view: 'timeSeries',
        stat: 'Maximum',
        period: 300,
        metrics: [[CAPACITY_METRIC.namespace, CAPACITY_METRIC.metricName, 'Customer', c, 'Pool', p.pool]],
        yAxis: { left: { min: 0, max: p.quota } },
        annotations: {
          horizontal: [
            { label: `alert at ${p.warnAtPercent ?? 80}%`, value: (p.quota * (p.warnAtPercent ?? 80)) / 100 },
            { label: 'quota', value: p.quota },
          ],
        },
      },
    })),
  ];
  const alarms = { type: 'alarm', x: 0, y: 0, width: 2 * WIDTH, height: HEIGHT, properties: { title: `${c}: alarms (SLA targets and capacity)`, alarms: alarmArns } };
  return { widgets: [alarms, ...graphs.map((g, i) => ({ ...g, ...place(i) }))] };
}
