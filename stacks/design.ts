import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { serves } from '../constructs/clause-context';
import { applyCsmAspects } from '../constructs/csm-aspects';
import { configureBackend } from './state-backend';
import { buildTenancy, type TenancyProps } from './tenancy';

export const designStackName = (serviceId: string) => `design-${serviceId}`;

export interface DesignReviewStackProps extends TenancyProps {
  /** The service under review; the customer is the sample csm made for it (src/design/sample-customer.ts). */
  readonly service: string;
}

/**
 * S05, design review of a new or changed service: the tenancy of a sample customer subscribing to the service
 * (and to what it requires), built exactly as an onboarding builds it, so the policies judge the service's
 * construct as a customer would get it. Never applied: its state is local, whatever the provider's backend.
 */
export class DesignReviewStack extends TerraformStack {
  constructor(scope: Construct, props: DesignReviewStackProps) {
    const name = designStackName(props.service);
    super(scope, name);
    applyCsmAspects(this);
    serves(this, { customer: props.customer.id, agreement: props.customer.agreement.id, scenario: 'S05', clauses: ['5.3'] });
    configureBackend(this, name, undefined);
    buildTenancy(this, props);
  }
}
