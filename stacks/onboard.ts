import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { serves } from '../constructs/clause-context';
import { applyCsmAspects } from '../constructs/csm-aspects';
import { configureBackend } from './state-backend';
import { buildTenancy, type TenancyProps } from './tenancy';

export type OnboardStackProps = TenancyProps;

export const onboardStackName = (customerId: string) => `onboard-${customerId}`;

/**
 * S08, onboard the customer: the tenancy (per-region key and log bucket, users' roles, budget, SLA alarms)
 * and one construct per subscription, configured from the agreed SLA tier. Allocate and release (S11) plan
 * this same stack against its existing state: the catalogue changed, the stack follows.
 */
export class OnboardStack extends TerraformStack {
  constructor(scope: Construct, props: OnboardStackProps) {
    const { customer, provider } = props;
    const name = onboardStackName(customer.id);
    super(scope, name);
    applyCsmAspects(this);
    serves(this, { customer: customer.id, agreement: customer.agreement.id, scenario: 'S08', clauses: ['9.1'] });
    configureBackend(this, name, provider.state);
    buildTenancy(this, props);
  }
}
