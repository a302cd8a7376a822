import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { CatalogueIssue } from './errors';
import { fieldPath } from './errors';
import type { YamlSource } from './yaml-source';
import { PACKAGE_ROOT } from '../package-root';
import { isCalendarDate } from './calendar';
import { cdktfTokenSyntax, unsafeNumber } from '../synth/terraform-literal';

export type FileKind = 'provider' | 'service' | 'customer' | 'improvements' | 'waivers' | 'metrics';

/** The JSON Schemas ship inside the catalogue folder so editors use the very same ones (yaml-language-server). */
export const SCHEMA_DIR = path.join(PACKAGE_ROOT, 'catalogue', 'schemas');

let validators: Record<FileKind, ValidateFunction> | undefined;

function load(): Record<FileKind, ValidateFunction> {
  if (validators) return validators;
  // verbose: errors carry the offending value, so a message can quote it (`"2026-02-30" is not a calendar date`).
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  // `format: date` is a day that exists, not only the YYYY-MM-DD shape (editors read the same schemas).
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
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

/**
 * The slug's one reserved word (common.schema.json): ids key plain objects (the ledger) and construct trees,
 * where `constructor` already exists on every object; a service or pool of that id broke synthesis.
 */
export const RESERVED_ID = 'constructor';
export const reservedIdMessage = (id: string) => `${JSON.stringify(id)} is reserved (every JavaScript object and construct tree already has a "${RESERVED_ID}"): choose another id`;

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
    case 'format':
      return { message: e.params.format === 'date' ? `${JSON.stringify(e.data)} is not a calendar date (YYYY-MM-DD, a day that exists)` : `must be a ${e.params.format}` };
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return { message: `${e.message} (got ${JSON.stringify(e.data)})` };
    case 'maxLength':
    case 'maxItems':
      return { message: `${e.message}` };
    case 'not':
      return { message: reservedIdMessage(String(e.data)) };
    case 'pattern': {
      const p = String(e.params.pattern);
      if (p.startsWith('^[a-z0-9]([a-z0-9-]')) return { message: SLUG_HINT };
      if (p.startsWith('^[a-z]{2}')) return { message: 'must be an AWS region code such as eu-central-1' };
      if (p.startsWith('^\\d{4}-\\d{2}-\\d{2}T')) return { message: 'must be a time with its zone, e.g. 2026-10-01T00:00:00Z' };
      if (p.startsWith('^[0-9]{4}')) return { message: 'must be a date written YYYY-MM-DD' };
      if (p.startsWith('^[A-Za-z0-9._%+-]+@')) return { message: `${JSON.stringify(e.data)} is not an e-mail address (name@domain.example; letters, digits and . _ % + - before the @)` };
      if (p.startsWith('^db\\.')) return { message: `${JSON.stringify(e.data)} is not an RDS instance class (e.g. db.m6g.large)` };
      if (p === '\\S') return { message: 'must not be blank' };
      return { message: `must match ${p}` };
    }
    default:
      return { message: e.message ?? e.keyword };
  }
}

/**
 * A character that makes text read otherwise than it is: a control character (NUL, escape sequences, a bare
 * carriage return; a tab and a line break are text), a bidirectional control (the "Trojan Source" reordering),
 * an invisible one (zero-width space, BOM, word joiner; the joiners some scripts and emoji need are text), a
 * line or paragraph separator, a lone surrogate or a noncharacter (neither is text; XML cannot hold U+FFFE or
 * U+FFFF). Named as `U+XXXX`.
 */
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hiddenCharacter(text: string): string | undefined {
  const m = HIDDEN.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at character ${m.index + 1}` : undefined;
}

/**
 * What no field of any file may hold, whatever its schema says: a number that is not finite (YAML's `.inf`,
 * `.nan`, or `1e400`), cdktf's token syntax in any text or key (see src/synth/terraform-literal.ts), and a
 * character that hides what the text says (`hiddenCharacter`): a name is shown to reviewers, in the published
 * site, in pull-request comments and CI logs, and must read there as it reads in the file.
 * Checked generically, so a field added to a schema next year is covered without anyone remembering to.
 */
export function scalarIssues(src: YamlSource): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const at = (p: Array<string | number>, message: string) => issues.push({ ...src.locate(p), field: fieldPath(p) || '(document)', message });
  const walk = (v: unknown, p: Array<string | number>) => {
    if (typeof v === 'number') {
      const problem = unsafeNumber(v);
      if (problem) at(p, `${problem}: every number must be finite and within its field's range`);
    } else if (typeof v === 'string') {
      const problem = cdktfTokenSyntax(v);
      if (problem) at(p, `contains ${problem}, which cdktf would replace with a reference: not allowed in catalogue text`);
      const hidden = hiddenCharacter(v);
      if (hidden) at(p, `contains ${hidden}: catalogue text must read as it is (no control, bidirectional or invisible characters)`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const problem = cdktfTokenSyntax(k);
        if (problem) at([...p, k], `the key contains ${problem}: not allowed in catalogue text`);
        const hidden = hiddenCharacter(k);
        if (hidden) at([...p, k], `the key contains ${hidden}: not allowed in catalogue text`);
        walk(x, [...p, k]);
      }
    }
  };
  walk(src.value, []);
  return issues;
}

/** Validates one parsed file against its schema; every issue is located at the YAML node it concerns. */
export function schemaIssues(kind: FileKind, src: YamlSource): CatalogueIssue[] {
  const issues: CatalogueIssue[] = scalarIssues(src);
  const validate = load()[kind];
  if (validate(src.value)) return issues;
  // A field already refused for its value (not finite, cdktf syntax) is not reported again by the schema.
  const refused = new Set(issues.map((i) => i.field));
  const seen = new Set<string>();
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
    if (seen.has(key) || refused.has(field || '(document)')) continue;
    seen.add(key);
    issues.push({ ...loc, field: field || '(document)', message });
  }
  return issues;
}
