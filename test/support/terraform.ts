import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { terraform, terraformEnv } from '../../src/terraform/runner';

let schemaCache: ProviderSchema | undefined;

export interface ProviderSchema {
  provider_schemas: Record<string, { resource_schemas: Record<string, { block: { attributes?: Record<string, unknown> } }> }>;
}

/**
 * The AWS provider's own schema (`terraform providers schema -json`), from the real provider in the mirror.
 * Tests use it as an independent source of truth (which resource types take tags, which attributes exist).
 */
export async function awsProviderSchema(): Promise<ProviderSchema> {
  if (schemaCache) return schemaCache;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-schema-'));
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } } }));
  const env = terraformEnv(true);
  const init = await terraform(['init', '-input=false', '-no-color'], dir, env);
  if (init.code !== 0) throw new Error(init.stderr);
  const out = await terraform(['providers', 'schema', '-json'], dir, env);
  if (out.code !== 0) throw new Error(out.stderr);
  schemaCache = JSON.parse(out.stdout) as ProviderSchema;
  return schemaCache;
}

export function taggableTypes(schema: ProviderSchema): Set<string> {
  const aws = schema.provider_schemas['registry.terraform.io/hashicorp/aws'];
  return new Set(Object.entries(aws.resource_schemas).filter(([, s]) => s.block.attributes && 'tags' in s.block.attributes).map(([t]) => t));
}
