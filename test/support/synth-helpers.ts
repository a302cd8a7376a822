import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { applyCsmAspects } from '../../constructs/csm-aspects';
import { serves } from '../../constructs/clause-context';

export interface TfJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { description?: string }>;
}

/** Synthesizes what `build` adds to a fresh csm stack (with csm's aspects) and returns the parsed JSON. */
export function synthCsm(build: (scope: Construct) => void): TfJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  applyCsmAspects(stack);
  serves(stack, { customer: 'tcust', agreement: 'tcust-1', scenario: 'S08' });
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

/** All resources of one type, by logical id. */
export function resourcesOf(json: TfJson, type: string): Array<Record<string, unknown>> {
  return Object.values(json.resource[type] ?? {});
}
