import Ajv from 'ajv';
import { fieldPath } from '../model/errors';
import { PLAN_SCHEMA } from './plan-schema';

/**
 * The parts of `terraform show -json` (and of a synthesized cdk.tf.json) csm reads, as JSON Schemas: a plan made
 * elsewhere (`csm check --plan-json`) is checked against them before anything reads it, so a file of another
 * shape (`null`, a list, an action that is not a list) is bad input named by its JSON path, never a crash.
 * Other fields are allowed: terraform adds fields within a format version.
 */
const object = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required });
const strings = { type: 'array', items: { type: 'string' } };
const values = { type: ['object', 'null'] };

const SYNTH = object({
  provider: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object' } } },
  resource: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'object' } } },
  removed: { type: 'array', items: object({ from: { type: 'string' } }, ['from']) },
});

const ajv = new Ajv({ allErrors: false, strict: false });
// A plan's shape is the plan gate's input contract (plan-schema.ts); the synthesized stack's is here.
const validators = { plan: ajv.compile(PLAN_SCHEMA), synth: ajv.compile(SYNTH) };

/** Where `value` departs from the shape csm reads (`resource_changes[3].change.actions: must be array`), or undefined. */
export function shapeProblem(kind: keyof typeof validators, value: unknown): string | undefined {
  const validate = validators[kind];
  if (validate(value)) return undefined;
  const e = validate.errors![0];
  const at = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  const missing = e.keyword === 'required' ? [...at, String(e.params.missingProperty)] : at;
  return `${fieldPath(missing) || '(document)'}: ${e.keyword === 'required' ? 'is required but missing' : e.message}`;
}
