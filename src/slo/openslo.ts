import { createHash } from 'crypto';
import { stringify } from 'yaml';
import type { Catalogue, Customer } from '../model/types';
import { availabilityQuery } from '../metrics/queries';
import { subscribedTargets } from '../model/targets';

/** What the exported SLOs serve: the agreed targets (6.1) in a form monitoring tools read (S10). */
export const SLO_SERVES = { scenarios: ['S07', 'S10'], clauses: ['6.1', '6.2', '6.3'] } as const;

/** An RFC 1123 label, as OpenSLO wants `metadata.name`: at most 63 characters, shortened with a hash. */
export function dnsName(...parts: string[]): string {
  const name = parts.join('-');
  if (name.length <= 63) return name;
  return `${name.slice(0, 54).replace(/-+$/, '')}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/**
 * One OpenSLO v1 SLO per service the customer subscribes to. The indicator is the probe's 5-minute
 * availability (percent, so divided by 100 into a ratio); RatioTimeslices over the calendar month is exactly
 * what `csm report` computes: the mean of the 5-minute availability values of the month.
 */
export function openSloDocuments(cat: Catalogue, customer: Customer): object[] {
  const a = customer.agreement;
  return subscribedTargets(cat.services, customer).map(({ service, tier }) => {
    const serviceId = service.id;
    const probe = { ...availabilityQuery(customer.id, serviceId), ReturnData: false, Id: 'm1' };
    const name = dnsName(customer.id, serviceId, 'availability');
    return {
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: {
        name,
        displayName: `${customer.name}: ${service.name} availability (${tier.id})`,
        labels: { customer: customer.id, agreement: a.id, service: serviceId, tier: tier.id },
        annotations: { 'csm/clauses': SLO_SERVES.clauses.join(' '), 'csm/scenario': 'S10' },
      },
      spec: {
        description: `${service.name} for ${customer.name} is available ${tier.availability}% of each calendar month, as agreed in ${a.id} (${tier.id} tier).`,
        service: serviceId,
        indicator: {
          metadata: { name: dnsName(name, 'sli') },
          spec: {
            ratioMetric: {
              counter: false,
              rawType: 'success',
              raw: {
                metricSource: {
                  type: 'CloudWatch',
                  spec: {
                    region: a.homeRegion,
                    json: JSON.stringify([{ Id: 'availability', Expression: 'm1 / 100', Label: 'availability ratio' }, probe]),
                  },
                },
              },
            },
          },
        },
        timeWindow: [{ duration: '1M', isRolling: false, calendar: { startTime: `${a.signed.slice(0, 7)}-01 00:00:00`, timeZone: 'UTC' } }],
        budgetingMethod: 'RatioTimeslices',
        objectives: [{ displayName: `${tier.id}: ${tier.availability}%`, target: Number((tier.availability / 100).toFixed(6)), timeSliceWindow: '5m' }],
      },
    };
  });
}

/** The customer's SLOs as one multi-document YAML file. */
export function openSloYaml(cat: Catalogue, customer: Customer): string {
  const header = `# OpenSLO v1: the availability targets of agreement ${customer.agreement.id}, exported by \`csm slo export\`.\n`;
  return header + openSloDocuments(cat, customer).map((d) => `---\n${stringify(d, { lineWidth: 0 })}`).join('');
}
