/**
 * Validates SARIF logs against the official OASIS SARIF 2.1.0 JSON Schema
 * (test/fixtures/sarif-schema-2.1.0.json, JSON Schema draft-04).
 * The schema is compiled once, on first use.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export const SARIF_SCHEMA_PATH = path.join(__dirname, '..', 'fixtures', 'sarif-schema-2.1.0.json');

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv); // uri, uri-reference, date-time
    compiled = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA_PATH, 'utf8')));
  }
  return compiled;
}

function formatError(e: ErrorObject): string {
  const at = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  let detail = '';
  if (e.keyword === 'additionalProperties') detail = ` (${String(p.additionalProperty)})`;
  else if (e.keyword === 'enum') detail = ` (${JSON.stringify(p.allowedValues)})`;
  return `${at}: ${e.message ?? e.keyword}${detail}`;
}

/** Readable schema violations of `log` against SARIF 2.1.0; empty when the log is valid. */
export function validateSarif(log: unknown): string[] {
  const validate = validator();
  if (validate(log)) return [];
  return (validate.errors ?? []).map(formatError);
}
