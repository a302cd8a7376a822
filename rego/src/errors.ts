/* Compile-time errors with OPA's codes and `file:row:col` positions. */
import type { Location } from './ast';

export type RegoErrorCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_type_error'
  | 'rego_recursion_error'
  | 'rego_unsafe_var_error';

export interface RegoError {
  code: RegoErrorCode;
  message: string;
  location: Location;
}

/** Thrown by parse/check (and by `compile`), carrying every error found. */
export class RegoCompileError extends Error {
  readonly errors: RegoError[];
  constructor(errors: RegoError[]) {
    super(errors.length === 1 ? formatError(errors[0]) : `${errors.length} errors occurred:\n` + errors.map(formatError).join('\n'));
    this.name = 'RegoCompileError';
    this.errors = errors;
  }
}

/** OPA's rendering: `file:row: code: message` (OPA prints row only; we add col for precision). */
export function formatError(e: RegoError): string {
  return `${e.location.file}:${e.location.row}:${e.location.col}: ${e.code}: ${e.message}`;
}

export function regoError(code: RegoErrorCode, message: string, location: Location): RegoError {
  return { code, message, location };
}
