import type { SourceLocation } from './types';

/** One problem with the catalogue, pointing at the file, line, column and field that caused it. */
export interface CatalogueIssue extends SourceLocation {
  /** Dotted path of the offending field, e.g. `agreement.slaTiers.object-storage`. */
  field: string;
  message: string;
}

export function formatIssue(issue: CatalogueIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.field ? `${where}: ${issue.field}: ${issue.message}` : `${where}: ${issue.message}`;
}

/**
 * Bad input or usage: what the user gave cannot be used. The CLI reports it (file, line, field) and exits 2,
 * never with a stack trace; every error class of that kind extends this one.
 */
export class InputError extends Error {}

/** Thrown when the catalogue does not validate; carries every issue found, not just the first. */
export class CatalogueError extends InputError {
  constructor(readonly issues: CatalogueIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'CatalogueError';
  }
}

export function fieldPath(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** An input file other than the catalogue (a metrics export, say) that cannot be used; located like catalogue issues. */
export class InputFileError extends InputError {
  constructor(readonly issues: CatalogueIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InputFileError';
  }
}
