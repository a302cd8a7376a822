import type { Construct } from 'constructs';
import type { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RegionalFoundation } from '../constructs/regional-foundation';
import { TenantBaseline } from '../constructs/tenant-baseline';
import { CustomerMonitoring } from '../constructs/customer-monitoring';
import { serves } from '../constructs/clause-context';
import { placeIn } from '../constructs/region-placement';
import type { TenantNetwork } from '../constructs/tenant-network';
import { assertThroughBoundary, type SynthCustomer, type SynthProvider, type SynthService } from '../src/synth/terraform-literal';
import { poolUse } from '../src/model/capacity';
import { subscribedTargets } from '../src/model/targets';
import { serviceConstruct, tenantCidr, type SubscriptionSpec } from './service-constructs';

/** Built from the catalogue through the literal boundary only (`forTerraform`): every string is literal text. */
export interface TenancyProps {
  readonly provider: SynthProvider;
  readonly customer: SynthCustomer;
  readonly services: ReadonlyMap<string, SynthService>;
}

/** What a tenancy is made of, for stacks that add to it (transfer grants) or reason about it. */
export interface Tenancy {
  readonly home: string;
  readonly foundations: ReadonlyMap<string, RegionalFoundation>;
  /** One entry per subscription: the construct that implements it. */
  readonly subscriptions: ReadonlyArray<{ spec: SubscriptionSpec; construct: Construct }>;
  providerFor(region: string): AwsProvider;
}

/** Networks first: other services in the same region are placed into them. */
const ORDER: Record<string, number> = { TenantNetwork: 0 };

/**
 * The customer's tenancy, built directly in `stack` (so construct paths, and with them Terraform addresses,
 * are the same in every stack that builds it: the onboarding stack and the transfer stack plan against one
 * state): per region the provider, key and log bucket; the users' roles, budget and SLA alarms; one construct
 * per subscription, configured from the agreed SLA tier.
 */
export function buildTenancy(stack: TerraformStack, props: TenancyProps): Tenancy {
  const { customer, provider, services } = props;
  assertThroughBoundary(`stack ${stack.node.id}`, provider, customer, ...customer.subscriptions.map((s) => services.get(s.service)));
  const home = customer.agreement.homeRegion;
  const regions = [home, ...[...new Set(customer.subscriptions.map((s) => s.region))].filter((r) => r !== home).sort()];
  const offline = provider.aws.offline !== false;
  const providers = new Map<string, AwsProvider>();

  const foundations = new Map<string, RegionalFoundation>();
  for (const region of regions) {
    const aws = new AwsProvider(stack, `aws-${region}`, {
      region,
      alias: region === home ? undefined : region,
      allowedAccountIds: offline ? undefined : [provider.aws.accountId],
      ...(offline ? { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: 'true', skipRegionValidation: true } : {}),
    });
    providers.set(region, aws);
    const foundation = new RegionalFoundation(stack, `foundation-${region}`, {
      customerId: customer.id,
      customerName: customer.name,
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

  const baseline = new TenantBaseline(stack, 'baseline', {
    customerId: customer.id,
    customerName: customer.name,
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
  placeIn(baseline, providers.get(home)!);

  // S10: the agreement's targets and the capacity thresholds, watched where the SLA alarms are.
  const monitoring = new CustomerMonitoring(stack, 'monitoring', {
    customerId: customer.id,
    region: home,
    alertTopicArn: baseline.alertTopic.arn,
    targets: subscribedTargets(services, customer).map(({ service, tier }) => ({ service: service.id, tier: tier.id, availabilityPercent: tier.availability })),
    capacity: poolUse(services, customer),
    alarmArns: baseline.slaAlarms.map((a) => a.arn),
  });
  placeIn(monitoring, providers.get(home)!);

  const networks = new Map<string, TenantNetwork>();
  const built: Array<{ spec: SubscriptionSpec; construct: Construct }> = [];
  const sorted = [...specs].sort((a, b) => (ORDER[a.service.construct] ?? 1) - (ORDER[b.service.construct] ?? 1));
  for (const spec of sorted) {
    const { region } = spec.subscription;
    const foundation = foundations.get(region)!;
    const net = networks.get(region);
    // Named by service and region, not by option: changing a subscription's option (S11) reconfigures the
    // same resources in place instead of replacing them (a bucket's or a database's name cannot change).
    const id = `${spec.service.id}-${region}`;
    const construct = serviceConstruct(spec.service.construct)(stack, id, spec, {
      customer,
      kmsKeyArn: foundation.key.arn,
      logBucket: foundation.logBucket.bucket.id,
      network: net && { vpcId: net.vpc.id, cidr: tenantCidr(customer.id, region), subnetIds: net.subnets.map((s) => s.id) },
    });
    if (spec.service.construct === 'TenantNetwork') networks.set(region, construct as TenantNetwork);
    // Configured to the agreed SLA tier (6.1) and counted against the service's capacity pool (6.5).
    serves(construct, { service: spec.service.id, clauses: ['6.1', '6.5'] });
    placeIn(construct, providers.get(region)!);
    built.push({ spec, construct });
  }
  return { home, foundations, subscriptions: built, providerFor: (region) => providers.get(region)! };
}
