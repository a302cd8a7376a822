import * as fs from 'fs';
import { createHash } from 'crypto';
import { fieldPath, InputError } from '../model/errors';
import { jsonPathAt, locateJsonPath, nestingBeyond, positionAt, syntaxErrorOffset } from './json-locate';
import { planShapeError } from './plan-schema';
import type { PlanJson } from './from-plan';

/**
 * The input contract of the plan gate, failing closed. A file is accepted only when it is what
 * `terraform show -json <planfile>` writes, from Terraform 0.12 on (format 0.1 of Terraform 0.12-0.15, 0.2 of
 * Terraform 1.0) or any 1.x format; everything else is refused with the reason, exit 2:
 * - a state (`terraform show -json` of a state, or a raw `.tfstate`), a `terraform plan -json` log, a Terraform
 *   configuration, any other JSON, or text that is not JSON;
 * - a plan Terraform itself says failed (`errored: true`) or cannot be applied though it changes something
 *   (`applyable: false`);
 * - a malformed entry, named by its JSON path and line.
 * A plan that is only part of the change (`complete: false`, made with -target; `deferred_changes`) is read, and
 * says so in `partial`: the gate fails it unless the run allows partial plans.
 * Bytes are decoded from UTF-8 (with or without a BOM) or UTF-16 (as PowerShell redirection writes it).
 */
/** A plan JSON csm cannot read (not JSON, a format version it does not know, a shape terraform never writes): bad input. */
export class PlanFormatError extends InputError {}

/** A plan file that cannot be used, with the reason; `csm check` reports it as bad input (exit 2). */
export class PlanInputError extends PlanFormatError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'PlanInputError';
  }
}

export interface PlanFile {
  file: string;
  /** sha256 of the file's bytes, as read. */
  sha256: string;
  plan: PlanJson;
  /** The decoded text, for pointing at lines. */
  text: string;
  /** Why the plan shows only part of the change; empty for a complete plan. */
  partial: string[];
}

/**
 * Terraform 0.12-0.15 write format 0.1, 1.0 writes 0.2, 1.1 and later 1.x: within a major version changes are
 * additive (0.1 lacks the sensitivity and drift fields, and names a referenced resource without its attribute,
 * which the view follows either way). A format csm does not know is refused rather than misread.
 */
export function checkFormatVersion(plan: { format_version?: unknown }): void {
  const format = plan.format_version;
  // Terraform always writes it; a fixture trimmed by hand may not. Its content is read as the formats share it.
  if (format === undefined) return;
  if (typeof format !== 'string' || !/^[01]\.\d+$/.test(format)) {
    throw new PlanFormatError(`plan JSON format_version ${JSON.stringify(format)} is not supported (expected 0.x from Terraform 0.12-1.0 or 1.x, from terraform show -json)`);
  }
}

function decode(bytes: Buffer): string {
  const [a, b, c, d] = bytes;
  if ((a === 0xff && b === 0xfe && c === 0 && d === 0) || (a === 0 && b === 0 && c === 0xfe && d === 0xff)) {
    throw new Error('the file is UTF-32 text; save it as UTF-8');
  }
  if (a === 0xef && b === 0xbb && c === 0xbf) return utf8(bytes.subarray(3));
  if (a === 0xff && b === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (a === 0xfe && b === 0xff) return swap16(bytes.subarray(2)).toString('utf16le');
  // UTF-16 without a byte order mark: JSON starts with an ASCII character, so one of the first two bytes is 0.
  if (bytes.length >= 2 && a !== 0 && b === 0) return bytes.toString('utf16le');
  if (bytes.length >= 2 && a === 0 && b !== 0) return swap16(bytes).toString('utf16le');
  return utf8(bytes);
}

function swap16(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return out.swap16();
}

function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('the file is neither UTF-8 nor UTF-16 text');
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Terraform's plans nest a few dozen levels (modules in modules, blocks in blocks); far deeper is not a plan. */
const MAX_NESTING = 256;

/**
 * The reason a plan cannot be read when a reader ran out of stack on it (checked only then: the scan costs as
 * much as parsing): where it nests deeper than any Terraform plan, as bad input; null if it does not.
 */
export function nestedTooDeep(file: string, text: string): PlanInputError | null {
  const deep = nestingBeyond(text, MAX_NESTING);
  if (deep < 0) return null;
  const at = positionAt(text, deep);
  const steps = jsonPathAt(text, deep);
  const where = steps.length > 12 ? `${fieldPath(steps.slice(0, 8))}... (${steps.length} levels)` : fieldPath(steps);
  return new PlanInputError(file, `line ${at.line}, column ${at.column}: ${where}: nested deeper than ${MAX_NESTING} levels, which no Terraform plan is`);
}

const SHOW_JSON = 'save the plan with `terraform plan -out=tfplan` and pass `terraform show -json tfplan`';

/** What a JSON document is when it is not a plan; null when it looks like one. */
function notAPlan(doc: unknown): string | null {
  if (!isObject(doc)) return `not a plan: the file holds ${doc === null ? 'null' : Array.isArray(doc) ? 'a JSON array' : `a JSON ${typeof doc}`}, a plan is an object; ${SHOW_JSON}`;
  if ('@level' in doc || '@message' in doc) return `a \`terraform plan -json\` log (Terraform's machine-readable UI stream), not a plan; ${SHOW_JSON}`;
  if ('lineage' in doc && 'serial' in doc) return `a Terraform state file, not a plan; ${SHOW_JSON}`;
  if ('values' in doc && !('planned_values' in doc) && !('resource_changes' in doc)) return `a state (\`terraform show -json\` without a plan file), not a plan; ${SHOW_JSON}`;
  if (!('format_version' in doc) && ('resource' in doc || 'terraform' in doc || 'provider' in doc)) {
    return `a Terraform configuration in JSON (.tf.json), not a plan; plan it: ${SHOW_JSON}`;
  }
  // Terraform writes planned_values in every plan (an empty root module when nothing is planned).
  if (!('planned_values' in doc) && !('resource_changes' in doc)) {
    return `not a plan: neither planned_values nor resource_changes${'format_version' in doc ? '' : ' nor format_version'}; ${SHOW_JSON}`;
  }
  return null;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // A JSON lines stream whose first line is a UI message is a `terraform plan -json` log.
    const first = text.split('\n').find((l) => l.trim());
    try {
      const line = first ? (JSON.parse(first) as unknown) : undefined;
      if (isObject(line) && ('@level' in line || '@message' in line)) return line;
    } catch {
      // not JSON lines either
    }
    const message = (err as Error).message;
    const stated = /position (\d+)/.exec(message);
    const offset = stated ? Number(stated[1]) : syntaxErrorOffset(text);
    const where = offset >= 0 ? `line ${positionAt(text, offset).line}, column ${positionAt(text, offset).column}: ` : '';
    throw new Error(`not JSON (${where}${message.replace(/^JSON\.parse: /, '')})`);
  }
}

const changes = (plan: PlanJson) => (plan.resource_changes ?? []).filter((rc) => !rc.change.actions.every((a) => a === 'no-op' || a === 'read'));

/** Reads, decodes, classifies and validates one plan file. Throws PlanInputError with the reason. */
export function readPlanFile(file: string): PlanFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new PlanInputError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let text: string;
  let doc: unknown;
  try {
    text = decode(bytes);
    doc = parse(text);
  } catch (err) {
    throw new PlanInputError(file, (err as Error).message);
  }
  const not = notAPlan(doc);
  if (not) throw new PlanInputError(file, not);
  let shape: ReturnType<typeof planShapeError>;
  try {
    shape = planShapeError(doc);
  } catch (err) {
    throw err instanceof RangeError ? (nestedTooDeep(file, text) ?? err) : err;
  }
  if (shape) {
    const at = locateJsonPath(text, shape.path);
    throw new PlanInputError(file, `line ${at.line}, column ${at.column}: ${fieldPath(shape.path) || '(the document)'}: ${shape.message}`);
  }
  const plan = doc as PlanJson;
  try {
    checkFormatVersion(plan);
  } catch (err) {
    throw new PlanInputError(file, (err as Error).message);
  }
  if (plan.errored === true) {
    throw new PlanInputError(file, 'Terraform reported errors while planning (errored: true): the plan is incomplete and cannot be applied; fix the errors and plan again');
  }
  if (plan.applyable === false && changes(plan).length > 0) {
    throw new PlanInputError(file, `Terraform says this plan cannot be applied (applyable: false) though it changes ${changes(plan).length} resources; plan again`);
  }
  const partial: string[] = [];
  if (plan.complete === false) partial.push('the plan is not complete (complete: false): it was made with -target or leaves changes for a later plan');
  if (plan.deferred_changes?.length) partial.push(`${plan.deferred_changes.length} resource changes are deferred to a later plan (deferred_changes)`);
  return { file, sha256: createHash('sha256').update(bytes).digest('hex'), plan, text, partial };
}
