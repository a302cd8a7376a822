import { Construct as ConstructGroup, type Construct } from 'constructs';
import { ObjectStorage } from '../constructs/object-storage';
import { ManagedPostgres } from '../constructs/managed-postgres';
import { ContainerHosting } from '../constructs/container-hosting';
import { TenantNetwork } from '../constructs/tenant-network';
// csm new service: construct imports above this line
import type { ConstructKind, ServiceOption, SlaTier, Subscription } from '../src/model/types';
import type { SynthCustomer, SynthService, TfLiteral } from '../src/synth/terraform-literal';

/** Everything a service construct may need from its tenancy, decided by the stack. */
export interface TenancyContext {
  customer: SynthCustomer;
  kmsKeyArn: string;
  logBucket: string;
  /** The tenant network of the subscription's region, when the customer has one. */
  network?: { vpcId: string; cidr: string; subnetIds: string[] };
}

export interface SubscriptionSpec {
  subscription: TfLiteral<Subscription>;
  service: SynthService;
  option: TfLiteral<ServiceOption>;
  tier: TfLiteral<SlaTier>;
}

const num = (v: number | string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));

/** A /16 for the tenant network, stable for the customer whatever else changes in the catalogue. */
export function tenantCidr(customerId: string, region: string): string {
  let h = 2166136261;
  for (const ch of `${customerId}/${region}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `10.${h % 250}.0.0/16`;
}

type Factory = (scope: Construct, id: string, spec: SubscriptionSpec, t: TenancyContext) => Construct;

/**
 * How each catalogue `construct` turns a subscription into a construct: the one place where SLA tiers and
 * option limits become construct props (multi-AZ, backups, retention, sizes). The service schema's `construct`
 * enum lists the same names; `csm new service` adds a new one to both.
 */
export const SERVICE_CONSTRUCTS: Record<ConstructKind, Factory> = {
  TenantNetwork: (scope, id, { subscription, option }, t) =>
    new TenantNetwork(scope, id, {
      customerId: t.customer.id,
      region: subscription.region,
      cidr: tenantCidr(t.customer.id, subscription.region),
      availabilityZones: num(option.limits?.availabilityZones, 2),
      kmsKeyArn: t.kmsKeyArn,
    }),
  ObjectStorage: (scope, id, { subscription, service, option, tier }, t) =>
    new ObjectStorage(scope, id, {
      customerId: t.customer.id,
      name: service.id,
      region: subscription.region,
      quantity: subscription.quantity,
      kmsKeyArn: t.kmsKeyArn,
      accessLogBucket: t.logBucket,
      infrequentAccessAfterDays: option.limits?.infrequentAccessAfterDays === undefined ? undefined : num(option.limits.infrequentAccessAfterDays, 30),
      // Old versions are the restore points: a tighter RPO keeps them longer.
      versionRetentionDays: tier.rpoMinutes <= 60 ? 90 : 30,
    }),
  ManagedPostgres: (scope, id, { subscription, service, option, tier }, t) => {
    const network = t.network;
    if (!network) throw new Error(`managed-postgres in ${subscription.region} needs the customer's tenant network there`);
    // One instance per unit subscribed, numbered from 1 whatever the quantity, so adding a unit adds an
    // instance and never moves (replaces) the first one.
    const group = new ConstructGroup(scope, id);
    for (let i = 1; i <= subscription.quantity; i++) {
      new ManagedPostgres(group, `instance-${i}`, {
        customerId: t.customer.id,
        name: `${service.id}-${i}`,
        instanceClass: String(option.limits?.instanceClass ?? 'db.m6g.large'),
        allocatedStorageGiB: num(option.limits?.storageGiB, 100),
        kmsKeyArn: t.kmsKeyArn,
        vpcId: network.vpcId,
        vpcCidr: network.cidr,
        subnetIds: network.subnetIds,
        // A standby in a second zone is what makes 99.95% and above achievable.
        multiAz: tier.availability >= 99.95,
        // Point-in-time recovery needs backups; a tight RPO also asks for a longer window to restore from.
        backupRetentionDays: tier.rpoMinutes <= 60 ? 35 : 7,
      });
    }
    return group;
  },
  ContainerHosting: (scope, id, { subscription, service, option }, t) =>
    new ContainerHosting(scope, id, {
      customerId: t.customer.id,
      name: service.id,
      region: subscription.region,
      kmsKeyArn: t.kmsKeyArn,
      logRetentionDays: num(option.limits?.logRetentionDays, 90),
    }),
  // csm new service: registrations above this line
};

/** The factory of a construct the catalogue names; one the registry does not have is a bug in the project. */
export function serviceConstruct(name: ConstructKind): Factory {
  const factory = Object.prototype.hasOwnProperty.call(SERVICE_CONSTRUCTS, name) ? SERVICE_CONSTRUCTS[name] : undefined;
  if (!factory) throw new Error(`construct ${name} is not registered in stacks/service-constructs.ts (the service schema names it)`);
  return factory;
}
