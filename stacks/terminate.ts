import type { Construct } from 'constructs';
import { Aspects, TerraformStack } from 'cdktf';
import { serves } from '../constructs/clause-context';
import { applyCsmAspects } from '../constructs/csm-aspects';
import { LiftDataProtection } from '../constructs/lift-data-protection';
import { configureBackend } from './state-backend';
import { buildTenancy, type TenancyProps } from './tenancy';
import { onboardStackName } from './onboard';

/**
 * A termination runs in two steps, each planned, gated and applied on its own:
 * - `unprotect`: the tenancy with deletion protection lifted and its stores allowed to be emptied, planned as an
 *   in-place update (AWS would refuse the destroy otherwise);
 * - `destroy`: the tenancy planned in destroy mode.
 */
export type TerminateStep = 'unprotect' | 'destroy';
export const TERMINATE_STEPS: readonly TerminateStep[] = ['unprotect', 'destroy'];

export const terminateStackName = (customerId: string, step: TerminateStep = 'destroy') =>
  step === 'destroy' ? `terminate-${customerId}` : `terminate-${customerId}-${step}`;

export interface TerminateStackProps extends TenancyProps {
  step: TerminateStep;
}

/**
 * S13, terminate a cloud service contract: the tenancy as it stands, against its own state (the onboarding
 * stack's). What makes the end orderly is the gate: every database leaves a final snapshot (ManagedPostgres sets
 * `final_snapshot_identifier`, the operations policy checks it in the state being destroyed), and both steps
 * are refused until the agreement records the termination, its effective date has come, and either the
 * customer confirmed its export or the agreed retention has passed.
 */
export class TerminateStack extends TerraformStack {
  constructor(scope: Construct, props: TerminateStackProps) {
    const { customer, provider } = props;
    super(scope, terminateStackName(customer.id, props.step));
    applyCsmAspects(this);
    // The same clause context as the onboarding stack: the tags in state stay as they are, so the unprotect
    // step's plan changes the protection switches and nothing else.
    serves(this, { customer: customer.id, agreement: customer.agreement.id, scenario: 'S08', clauses: ['9.1'] });
    configureBackend(this, onboardStackName(customer.id), provider.state);
    buildTenancy(this, props);
    if (props.step === 'unprotect') Aspects.of(this).add(new LiftDataProtection());
  }
}
