import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * The parts of a `terraform show -json` plan that csm reads, as a JSON Schema: anything the view walks must have
 * the shape it expects, so a malformed entry is reported at its JSON path instead of failing half-way through.
 * Fields csm does not read are not constrained (Terraform adds fields in minor format versions).
 */
const ACTIONS = ['no-op', 'create', 'read', 'update', 'delete', 'forget'];

const change = {
  type: 'object',
  required: ['address', 'type', 'name', 'change'],
  properties: {
    address: { type: 'string', minLength: 1 },
    module_address: { type: 'string' },
    mode: { enum: ['managed', 'data'] },
    type: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
    index: { type: ['string', 'integer'] },
    change: {
      type: 'object',
      required: ['actions'],
      properties: {
        actions: { type: 'array', minItems: 1, items: { enum: ACTIONS } },
        before: { type: ['object', 'null'] },
        after: { type: ['object', 'null'] },
        after_unknown: { type: ['object', 'boolean'] },
      },
    },
  },
};

/** Configuration expressions nest as blocks (lists of objects) down to leaves with `constant_value` or `references`. */
const expressions = {
  type: ['object', 'array'],
  items: { $ref: '#/$defs/expressions' },
  properties: { references: { type: 'array', items: { type: 'string' } }, constant_value: true },
  additionalProperties: { $ref: '#/$defs/expressions' },
};

const moduleShape = {
  type: 'object',
  properties: {
    resources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['address', 'type', 'name'],
        properties: {
          address: { type: 'string' },
          mode: { type: 'string' },
          type: { type: 'string' },
          name: { type: 'string' },
          provider_config_key: { type: 'string' },
          expressions: { $ref: '#/$defs/expressions' },
          for_each_expression: { $ref: '#/$defs/expressions' },
        },
      },
    },
    module_calls: {
      type: 'object',
      additionalProperties: { type: 'object', properties: { expressions: { $ref: '#/$defs/expressions' }, for_each_expression: { $ref: '#/$defs/expressions' }, module: { $ref: '#/$defs/module' } } },
    },
    outputs: { type: 'object', additionalProperties: { type: 'object', properties: { expression: { $ref: '#/$defs/expressions' } } } },
  },
};

/** `planned_values`: the resources of each module, child modules nested (read where a plan lists no change for a resource). */
const plannedModule = {
  type: 'object',
  properties: {
    address: { type: 'string' },
    resources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['address', 'type', 'name'],
        properties: {
          address: { type: 'string', minLength: 1 },
          mode: { enum: ['managed', 'data'] },
          type: { type: 'string', minLength: 1 },
          name: { type: 'string', minLength: 1 },
          index: { type: ['string', 'integer'] },
          values: { type: ['object', 'null'] },
        },
      },
    },
    child_modules: { type: 'array', items: { $ref: '#/$defs/plannedModule' } },
  },
};

export const PLAN_SCHEMA = {
  type: 'object',
  properties: {
    format_version: { type: 'string' },
    terraform_version: { type: 'string' },
    errored: { type: 'boolean' },
    complete: { type: 'boolean' },
    applyable: { type: 'boolean' },
    variables: { type: 'object', additionalProperties: { type: 'object' } },
    planned_values: { type: 'object', properties: { root_module: { $ref: '#/$defs/plannedModule' } } },
    resource_changes: { type: 'array', items: { $ref: '#/$defs/change' } },
    resource_drift: { type: 'array', items: { $ref: '#/$defs/change' } },
    deferred_changes: { type: 'array', items: { type: 'object', required: ['resource_change'], properties: { reason: { type: 'string' }, resource_change: { $ref: '#/$defs/change' } } } },
    configuration: {
      type: 'object',
      properties: {
        provider_config: { type: 'object', additionalProperties: { type: 'object', properties: { expressions: { $ref: '#/$defs/expressions' } } } },
        root_module: { $ref: '#/$defs/module' },
      },
    },
  },
  $defs: { change, expressions, module: moduleShape, plannedModule },
};

let validator: ValidateFunction | undefined;

/** The first problem, as a JSON path (`['resource_changes', 3, 'change', 'actions']`) and what is wrong there. */
export function planShapeError(plan: unknown): { path: Array<string | number>; message: string } | null {
  validator ??= new Ajv({ allErrors: false, strict: false }).compile(PLAN_SCHEMA);
  if (validator(plan)) return null;
  const e = validator.errors![0] as ErrorObject;
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (e.keyword === 'required') return { path: [...path, String(e.params.missingProperty)], message: 'is required but missing' };
  if (e.keyword === 'enum') return { path, message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, found ${JSON.stringify(valueAt(plan, path))}` };
  if (e.keyword === 'type') return { path, message: `must be ${String(e.params.type).replace(',', ' or ')}, found ${describe(valueAt(plan, path))}` };
  return { path, message: e.message ?? 'is not valid' };
}

function valueAt(root: unknown, path: Array<string | number>): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), root);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}
