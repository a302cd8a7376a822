import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { CatalogueIssue } from './errors';
import { fieldPath } from './errors';
import type { YamlSource } from './yaml-source';
import { PACKAGE_ROOT } from '../package-root';

export type FileKind = 'provider' | 'service' | 'customer' | 'improvements' | 'waivers' | 'metrics';

/** The JSON Schemas ship inside the catalogue folder so editors use the very same ones (yaml-language-server). */
export const SCHEMA_DIR = path.join(PACKAGE_ROOT, 'catalogue', 'schemas');

let validators: Record<FileKind, ValidateFunction> | undefined;

function load(): Record<FileKind, ValidateFunction> {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, name), 'utf8'));
  ajv.addSchema(read('common.schema.json'));
  validators = {
    provider: ajv.compile(read('provider.schema.json')),
    service: ajv.compile(read('service.schema.json')),
    customer: ajv.compile(read('customer.schema.json')),
    improvements: ajv.compile(read('improvements.schema.json')),
    waivers: ajv.compile(read('waivers.schema.json')),
    metrics: ajv.compile(read('metric-data.schema.json')),
  };
  return validators;
}

const SLUG_HINT = "must be a safe id: lower-case letters, digits and inner hyphens, at most 48 characters (no '/', '..' or spaces)";

function describe(e: ErrorObject): { extra?: string; message: string } {
  switch (e.keyword) {
    case 'required':
      return { extra: String(e.params.missingProperty), message: 'is required but missing' };
    case 'additionalProperties':
      return { extra: String(e.params.additionalProperty), message: 'is not a known field' };
    case 'enum':
      return { message: `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}` };
    case 'type':
      return { message: `must be of type ${e.params.type}` };
    case 'pattern': {
      const p = String(e.params.pattern);
      if (p.startsWith('^[a-z0-9]([a-z0-9-]')) return { message: SLUG_HINT };
      if (p.startsWith('^[a-z]{2}')) return { message: 'must be an AWS region code such as eu-central-1' };
      if (p.startsWith('^\\d{4}-\\d{2}-\\d{2}T')) return { message: 'must be a time with its zone, e.g. 2026-10-01T00:00:00Z' };
      if (p.startsWith('^[0-9]{4}')) return { message: 'must be a date written YYYY-MM-DD' };
      return { message: `must match ${p}` };
    }
    default:
      return { message: e.message ?? e.keyword };
  }
}

/** Validates one parsed file against its schema; every issue is located at the YAML node it concerns. */
export function schemaIssues(kind: FileKind, src: YamlSource): CatalogueIssue[] {
  const validate = load()[kind];
  if (validate(src.value)) return [];
  const seen = new Set<string>();
  const issues: CatalogueIssue[] = [];
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'propertyNames') continue;
    const at: Array<string | number> = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    // A bad key of a map (propertyNames) is reported at that key.
    if (e.propertyName !== undefined) at.push(e.propertyName);
    const { extra, message } = describe(e);
    const field = fieldPath(extra === undefined ? at : [...at, extra]);
    const loc = src.locate(extra !== undefined && e.keyword === 'additionalProperties' ? [...at, extra] : at);
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ ...loc, field: field || '(document)', message });
  }
  return issues;
}
