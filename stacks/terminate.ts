import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { serves } from '../constructs/clause-context';
import { applyCsmAspects } from '../constructs/csm-aspects';
import { configureBackend } from './state-backend';
import { buildTenancy, type TenancyProps } from './tenancy';
import { onboardStackName } from './onboard';

export const terminateStackName = (customerId: string) => `terminate-${customerId}`;

/**
 * S13, terminate a cloud service contract: the tenancy as it stands, against its own state (the onboarding
 * stack's), planned in destroy mode. The stack adds nothing: what makes the end orderly is outside it: every
 * database leaves a final snapshot (ManagedPostgres sets `final_snapshot_identifier`, the operations policy
 * checks it in the state being destroyed), and the gate refuses the destroy until the agreement records the
 * termination and either the customer confirmed its export or the agreed retention after the effective date
 * has passed.
 */
export class TerminateStack extends TerraformStack {
  constructor(scope: Construct, props: TenancyProps) {
    const { customer, provider } = props;
    super(scope, terminateStackName(customer.id));
    applyCsmAspects(this);
    serves(this, { customer: customer.id, agreement: customer.agreement.id, scenario: 'S08', clauses: ['9.1'] });
    configureBackend(this, onboardStackName(customer.id), provider.state);
    buildTenancy(this, props);
  }
}
