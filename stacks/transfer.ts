import type { Construct } from 'constructs';
import { TerraformBackend, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { serves } from '../constructs/clause-context';
import { applyCsmAspects } from '../constructs/csm-aspects';
import { placeIn } from '../constructs/region-placement';
import { TransferGrants } from '../constructs/transfer-grants';
import { configureBackend } from './state-backend';
import { buildTenancy, type Tenancy, type TenancyProps } from './tenancy';
import { onboardStackName } from './onboard';

export const transferStackName = (customerId: string) => `transfer-${customerId}`;

/**
 * S14, transfer a cloud service. Planned against the tenancy's own state (the onboarding stack's), so it
 * starts from what exists:
 * - copy (default): the tenancy stays as it is and gains, per region, the grants a target needs to pull the
 *   moving services' data (TransferGrants);
 * - handover: every resource of the tenancy leaves csm's management through a Terraform `removed` block with
 *   `destroy = false`: the resources stay in AWS, for the receiving party to manage.
 */
export class TransferStack extends TerraformStack {
  /** Addresses handed over (handover only). */
  readonly handedOver: string[] = [];

  constructor(scope: Construct, props: TenancyProps) {
    const { customer, provider } = props;
    const transfer = customer.agreement.transfer;
    if (!transfer) throw new Error(`customer ${customer.id} has no agreement.transfer to plan`);
    super(scope, transferStackName(customer.id));
    applyCsmAspects(this);
    // The tenancy keeps its onboarding metadata: against the shared state, only what the transfer adds changes.
    serves(this, { customer: customer.id, agreement: customer.agreement.id, scenario: 'S08', clauses: ['9.1'] });
    configureBackend(this, onboardStackName(customer.id), provider.state);
    const tenancy = buildTenancy(this, props);

    if (transfer.method === 'handover') this.handOver();
    else this.grant(tenancy, props);
  }

  private grant(tenancy: Tenancy, { customer }: TenancyProps): void {
    const transfer = customer.agreement.transfer!;
    const moving = new Set(transfer.services ?? customer.subscriptions.map((s) => s.service));
    const regions = [...new Set(customer.subscriptions.filter((s) => moving.has(s.service)).map((s) => s.region))].sort();
    for (const region of regions) {
      const here = tenancy.subscriptions.filter((s) => s.spec.subscription.region === region && moving.has(s.spec.service.id));
      const buckets = here.flatMap((s) => s.construct.node.findAll().filter((c): c is S3Bucket => c instanceof S3Bucket));
      const databases = here.flatMap((s) => s.construct.node.findAll().filter((c): c is DbInstance => c instanceof DbInstance));
      // Services without stored data (a network, say) move by configuration, not by a copy: nothing to grant.
      if (!buckets.length && !databases.length) continue;
      const grants = new TransferGrants(this, `transfer-${region}`, {
        customerId: customer.id,
        targetAccountId: transfer.target.accountId,
        externalId: customer.agreement.id,
        requested: transfer.requested,
        kmsKeyArn: tenancy.foundations.get(region)!.key.arn,
        buckets: buckets.map((b) => ({ name: b.bucket, arn: b.arn })),
        // The identifier is a literal the construct chose, so the snapshot names stay readable in the plan.
        databases: databases.map((d) => d.identifierInput!),
        region,
      });
      placeIn(grants, tenancy.providerFor(region));
    }
  }

  private handOver(): void {
    const resources = this.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
    this.handedOver.push(...resources.map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`).sort());
    // Providers and the backend stay: Terraform needs them to read the state it forgets from.
    for (const child of [...this.node.children]) {
      if (!(child instanceof TerraformProvider) && !(child instanceof TerraformBackend)) this.node.tryRemoveChild(child.node.id);
    }
    this.addOverride(
      'removed',
      this.handedOver.map((from) => ({ from, lifecycle: [{ destroy: false }] })),
    );
  }
}
