import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RegionalFoundation } from '../constructs/regional-foundation';
import { TenantBaseline } from '../constructs/tenant-baseline';
import { serves } from '../constructs/clause-context';
import { placeIn } from '../constructs/region-placement';
import { applyCsmAspects } from '../constructs/csm-aspects';
import { literal } from '../constructs/literal';
import type { TenantNetwork } from '../constructs/tenant-network';
import type { Customer, ProviderContext, Service } from '../src/model/types';
import { configureBackend } from './state-backend';
import { SERVICE_CONSTRUCTS, tenantCidr, type SubscriptionSpec } from './service-constructs';

export interface OnboardStackProps {
  readonly provider: ProviderContext;
  readonly customer: Customer;
  readonly services: ReadonlyMap<string, Service>;
}

export const onboardStackName = (customerId: string) => `onboard-${customerId}`;

/** Networks first: other services in the same region are placed into them. */
const ORDER: Record<string, number> = { TenantNetwork: 0 };

/**
 * S08, onboard the customer: the tenancy (per-region key and log bucket, users' roles, budget, SLA alarms)
 * and one construct per subscription, configured from the agreed SLA tier.
 */
export class OnboardStack extends TerraformStack {
  constructor(scope: Construct, props: OnboardStackProps) {
    const { customer, provider, services } = props;
    const name = onboardStackName(customer.id);
    super(scope, name);
    applyCsmAspects(this);
    serves(this, { customer: customer.id, agreement: customer.agreement.id, scenario: 'S08', clauses: ['9.1'] });
    configureBackend(this, name, provider.state);

    const home = customer.agreement.homeRegion;
    const regions = [home, ...[...new Set(customer.subscriptions.map((s) => s.region))].filter((r) => r !== home).sort()];
    const offline = provider.aws.offline !== false;
    const displayName = literal(customer.name);

    const foundations = new Map<string, RegionalFoundation>();
    for (const region of regions) {
      const aws = new AwsProvider(this, `aws-${region}`, {
        region,
        alias: region === home ? undefined : region,
        allowedAccountIds: offline ? undefined : [provider.aws.accountId],
        ...(offline ? { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: 'true', skipRegionValidation: true } : {}),
      });
      const foundation = new RegionalFoundation(this, `foundation-${region}`, {
        customerId: customer.id,
        customerName: displayName,
        region,
        accountId: provider.aws.accountId,
      });
      placeIn(foundation, aws);
      foundations.set(region, foundation);
    }

    const homeKey = foundations.get(home)!.key.arn;
    const specs: SubscriptionSpec[] = customer.subscriptions.map((subscription) => {
      const service = services.get(subscription.service)!;
      return {
        subscription,
        service,
        option: service.options.find((o) => o.id === subscription.option)!,
        tier: service.slaTiers.find((t) => t.id === customer.agreement.slaTiers[subscription.service])!,
      };
    });

    const baseline = new TenantBaseline(this, 'baseline', {
      customerId: customer.id,
      customerName: displayName,
      accountId: provider.aws.accountId,
      kmsKeyArn: homeKey,
      users: customer.users,
      monthlyBudget: customer.agreement.budgetCap,
      currency: specs[0]?.service.currency,
      alertEmails: customer.contacts.map((c) => c.email),
      slaTargets: [...new Set(specs.map((s) => s.service.id))].map((id) => {
        const spec = specs.find((s) => s.service.id === id)!;
        return { service: id, tier: spec.tier.id, availabilityPercent: spec.tier.availability, rtoMinutes: spec.tier.rtoMinutes };
      }),
    });
    placeIn(baseline, this.providerFor(home));

    const networks = new Map<string, TenantNetwork>();
    const sorted = [...specs].sort((a, b) => (ORDER[a.service.construct] ?? 1) - (ORDER[b.service.construct] ?? 1));
    for (const spec of sorted) {
      const { region } = spec.subscription;
      const foundation = foundations.get(region)!;
      const net = networks.get(region);
      const id = `${spec.service.id}-${spec.option.id}-${region}`;
      const built = SERVICE_CONSTRUCTS[spec.service.construct](this, id, spec, {
        customer,
        kmsKeyArn: foundation.key.arn,
        logBucket: foundation.logBucket.bucket.id,
        network: net && { vpcId: net.vpc.id, cidr: tenantCidr(customer.id, region), subnetIds: net.subnets.map((s) => s.id) },
      });
      if (spec.service.construct === 'TenantNetwork') networks.set(region, built as TenantNetwork);
      // Configured to the agreed SLA tier (6.1) and counted against the service's capacity pool (6.5).
      serves(built, { service: spec.service.id, clauses: ['6.1', '6.5'] });
      placeIn(built, this.providerFor(region));
    }
  }

  private providerFor(region: string): AwsProvider {
    return this.node.findChild(`aws-${region}`) as AwsProvider;
  }
}
