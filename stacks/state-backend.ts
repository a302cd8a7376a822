import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { StateConfig } from '../src/model/types';
import type { TfLiteral } from '../src/synth/terraform-literal';

/** Where state lives relative to a synthesized stack folder (`cdktf.out/stacks/<stack>/`): `.csm/state/`. */
export const LOCAL_STATE_FROM_STACK_DIR = '../../../.csm/state';

/**
 * Local state by default, at a path relative to the project, so no machine's absolute path is ever written
 * into the synthesized JSON; S3 for teams and CI that share state, locked by Terraform's own lock file in the
 * bucket (`use_lockfile`, Terraform 1.10+: `<key>.tflock`, written with a conditional put), and by DynamoDB
 * too when a table is named (deprecated by Terraform; kept for state already locked that way). Terraform reads
 * a backend block verbatim (no templates), so the schema allows its names no `$`, `%` or braces: their literal
 * form is the text itself.
 */
export function configureBackend(stack: TerraformStack, stackName: string, config: TfLiteral<StateConfig> | undefined): void {
  if (config?.backend === 's3') {
    const backend = new S3Backend(stack, {
      bucket: config.bucket!,
      key: `${config.keyPrefix ?? 'csm'}/${stackName}.tfstate`,
      region: config.region!,
      dynamodbTable: config.dynamodbTable,
      encrypt: true,
    });
    // cdktf 0.21's S3Backend predates the option: set it on the block as Terraform names it.
    if (config.lockfile !== false) backend.addOverride('use_lockfile', true);
  } else {
    new LocalBackend(stack, { path: `${LOCAL_STATE_FROM_STACK_DIR}/${stackName}.tfstate` });
  }
}
