import { CustomerMonitoring } from '../constructs/customer-monitoring';
import { resourcesOf, synthCsm } from './support/synth-helpers';

describe('customer monitoring (S10)', () => {
  const json = synthCsm((s) => {
    new CustomerMonitoring(s, 'm', {
      customerId: 'tcust',
      region: 'eu-west-1',
      alertTopicArn: 'arn:aws:sns:eu-west-1:111122223333:alerts',
      targets: [{ service: 'managed-postgres', tier: 'premium', availabilityPercent: 99.95 }],
      capacity: [
        { pool: 'db-vcpu-eu', unit: 'vCPU', quota: 64, warnAtPercent: 75 },
        { pool: 'storage-eu', unit: 'TiB', quota: 100 },
      ],
      alarmArns: ['arn:aws:cloudwatch:eu-west-1:111122223333:alarm:sla'],
    });
  });

  test('a capacity alarm per pool at the warning threshold of the quota (default 80 %), to the alert topic', () => {
    const alarms = resourcesOf(json, 'aws_cloudwatch_metric_alarm');
    expect(alarms.map((a) => [a.alarm_name, a.threshold, a.comparison_operator])).toEqual([
      ['csm-tcust-db-vcpu-eu-capacity', 48, 'GreaterThanOrEqualToThreshold'],
      ['csm-tcust-storage-eu-capacity', 80, 'GreaterThanOrEqualToThreshold'],
    ]);
    for (const a of alarms) {
      expect(a).toMatchObject({ namespace: 'CSM/Capacity', metric_name: 'UnitsInUse', alarm_actions: ['arn:aws:sns:eu-west-1:111122223333:alerts'] });
      expect(a.tags).toMatchObject({ 'csm:scenario': 'S10', 'csm:clauses': expect.stringContaining('6.5') });
    }
  });

  test('one dashboard that draws every agreed target and capacity threshold, and shows every alarm', () => {
    const [dash] = resourcesOf(json, 'aws_cloudwatch_dashboard');
    expect(dash.dashboard_name).toBe('csm-tcust');
    const body = JSON.parse(String(dash.dashboard_body)) as { widgets: Array<{ type: string; properties: Record<string, unknown> }> };
    const [alarmWidget, ...graphs] = body.widgets;
    expect(alarmWidget.type).toBe('alarm');
    // The SLA alarm given, then the two capacity alarms (as references Terraform resolves).
    expect(alarmWidget.properties.alarms).toEqual(['arn:aws:cloudwatch:eu-west-1:111122223333:alarm:sla', expect.stringMatching(/^\$\{aws_cloudwatch_metric_alarm\..+\.arn\}$/), expect.stringMatching(/^\$\{aws_cloudwatch_metric_alarm\..+\.arn\}$/)]);
    const lines = graphs.map((g) => (g.properties.annotations as { horizontal: Array<{ value: number }> }).horizontal.map((h) => h.value));
    expect(lines).toEqual([[99.95], [48, 64], [80, 100]]);
    expect(graphs.every((g) => g.properties.region === 'eu-west-1')).toBe(true);
  });
});
